import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandEnvelope, minMaxSegments } from '../../src/report/html/downsample.js';
import {
  escapeHtml,
  formatAmount,
  formatDuration,
  formatFixed,
  formatPercent,
  formatTimeTick,
  groupThousands,
} from '../../src/report/html/format.js';
import { niceNumber, niceTicks, timeTicks } from '../../src/report/html/ticks.js';
import { formatValueTick } from '../../src/report/html/time-chart.js';

const T0 = 1_704_067_200; // 2024-01-01T00:00:00Z, a Monday
const DAY = 86_400;

describe('nice ticks', () => {
  it('rounds to 1, 2 or 5 times a power of ten', () => {
    expect(niceNumber(0.73, false)).toBeCloseTo(1, 15);
    expect(niceNumber(1.7, true)).toBe(2);
    expect(niceNumber(34, true)).toBe(50);
    expect(niceNumber(34, false)).toBe(50);
    expect(niceNumber(0.0021, true)).toBeCloseTo(0.002, 18);
  });

  it('covers a range with round steps', () => {
    expect(niceTicks(0, 97)).toEqual({ min: 0, max: 100, step: 20, ticks: [0, 20, 40, 60, 80, 100] });
    expect(niceTicks(0.93, 1.27).ticks).toEqual([0.9, 1, 1.1, 1.2, 1.3]);
    expect(niceTicks(-0.2226, 0).ticks).toEqual([-0.25, -0.2, -0.15, -0.1, -0.05, 0]);
    expect(niceTicks(1_900, 5_100, 4).ticks).toEqual([1_000, 2_000, 3_000, 4_000, 5_000, 6_000]);
    expect(niceTicks(0.0012, 0.0049).ticks).toEqual([0.001, 0.002, 0.003, 0.004, 0.005]);
  });

  it('gives a flat series an axis around its value', () => {
    const ticks = niceTicks(1.25, 1.25);
    expect(ticks.min).toBeLessThan(1.25);
    expect(ticks.max).toBeGreaterThan(1.25);
    expect(niceTicks(0, 0).ticks).toContain(0);
  });

  it('always covers the data with few, exact, evenly spaced ticks (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true }), (low, width) => {
        const high = low + width;
        const { min, max, step, ticks } = niceTicks(low, high, 5);
        // Ticks are rounded to the step's decimals: they may miss by rounding, not by a step.
        expect(min).toBeLessThanOrEqual(low + step * 1e-6);
        expect(max).toBeGreaterThanOrEqual(high - step * 1e-6);
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        expect(ticks.length).toBeLessThanOrEqual(12);
        const mantissa = step / 10 ** Math.floor(Math.log10(step));
        expect([1, 2, 5, 10].some((nice) => Math.abs(mantissa - nice) < 1e-9)).toBe(true);
        for (let index = 1; index < ticks.length; index++) {
          expect(ticks[index]! - ticks[index - 1]!).toBeCloseTo(step, 6);
        }
      }),
    );
  });
});

describe('time ticks', () => {
  it('puts a year on month starts (UTC)', () => {
    const { ticks, stepSeconds } = timeTicks(T0, T0 + 365 * DAY, 8);
    expect(stepSeconds).toBe(60 * DAY);
    expect(ticks.map((tick) => new Date(tick * 1000).toISOString().slice(0, 10))).toEqual([
      '2024-01-01', '2024-03-01', '2024-05-01', '2024-07-01', '2024-09-01', '2024-11-01',
    ]);
    expect(ticks.map((tick) => formatTimeTick(tick, stepSeconds))).toEqual(['2024', 'Mar 2024', 'May 2024', 'Jul 2024', 'Sep 2024', 'Nov 2024']);
  });

  it('puts a day on whole hours and a quarter on Mondays', () => {
    const day = timeTicks(T0 + 600, T0 + DAY, 8);
    expect(day.stepSeconds).toBe(3 * 3600);
    expect(day.ticks[0]).toBe(T0 + 3 * 3600);
    expect(formatTimeTick(day.ticks[0]!, day.stepSeconds)).toBe('1 Jan 03:00');
    const weeks = timeTicks(T0 + DAY, T0 + 50 * DAY, 8);
    expect(weeks.stepSeconds).toBe(7 * DAY);
    for (const tick of weeks.ticks) expect(new Date(tick * 1000).getUTCDay()).toBe(1);
  });

  it('never exceeds the requested count (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), fc.integer({ min: 1, max: 20 * 365 * DAY }), fc.integer({ min: 2, max: 12 }), (start, span, count) => {
        const { ticks } = timeTicks(start, start + span, count);
        expect(ticks.length).toBeLessThanOrEqual(count);
        for (const tick of ticks) {
          expect(tick).toBeGreaterThanOrEqual(start);
          expect(tick).toBeLessThanOrEqual(start + span);
        }
      }),
    );
  });
});

describe('min/max downsampling', () => {
  it('keeps every spike and at most four points per bucket (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 3000 }), fc.integer({ min: 1, max: 300 }), (values, buckets) => {
        const times = values.map((_, index) => index * 60);
        const segments = minMaxSegments(times, values, buckets);
        expect(segments).toHaveLength(1);
        const kept = segments[0]!;
        expect(kept.length).toBeLessThanOrEqual(4 * buckets);
        for (let index = 1; index < kept.length; index++) expect(kept[index]!).toBeGreaterThan(kept[index - 1]!);
        const keptValues = kept.map((index) => values[index]!);
        expect(Math.min(...keptValues)).toBe(Math.min(...values));
        expect(Math.max(...keptValues)).toBe(Math.max(...values));
        expect(kept[0]).toBe(0);
        expect(kept[kept.length - 1]).toBe(values.length - 1);
      }),
    );
  });

  it('splits a line where values are null', () => {
    const times = [0, 1, 2, 3, 4, 5];
    expect(minMaxSegments(times, [1, 2, null, null, 5, 6], 100)).toEqual([[0, 1], [4, 5]]);
  });

  it('draws the envelope of a band per bucket, with gaps', () => {
    const times = [0, 1, 2, 3, 4, 5, 6, 7];
    const lower = [10, 12, 11, null, 20, 21, 19, 22];
    const upper = [15, 16, 14, null, 25, 26, 24, 27];
    const runs = bandEnvelope(times, lower, upper, 2);
    expect(runs).toEqual([
      [{ startSeconds: 0, endSeconds: 2, lower: 10, upper: 16 }],
      [{ startSeconds: 4, endSeconds: 7, lower: 19, upper: 27 }],
    ]);
  });
});

describe('formatting', () => {
  it('groups thousands and uses a real minus sign', () => {
    expect(groupThousands('1234567.891')).toBe('1,234,567.891');
    expect(groupThousands('-1000')).toBe('−1,000');
    expect(formatFixed(-0.0001, 2)).toBe('0.00');
    expect(formatFixed(null, 2)).toBe('n/a');
    expect(formatPercent(0.05234)).toBe('5.23 %');
    expect(formatPercent(Number.NaN)).toBe('n/a');
  });

  it('formats exact amounts, rounding half away from zero in integers', () => {
    expect(formatAmount(1_234_567_891n, 6)).toBe('1,234.567891');
    expect(formatAmount(1_234_565_000n, 6, 2)).toBe('1,234.57');
    expect(formatAmount(-1_234_565_000n, 6, 2)).toBe('−1,234.57');
    expect(formatAmount(10n ** 24n + 5n * 10n ** 17n, 18, 0)).toBe('1,000,001');
    expect(formatAmount(42n, 0)).toBe('42');
  });

  it('writes axis values compactly', () => {
    expect(formatValueTick(2_000, 1_000, 'number')).toBe('2000');
    expect(formatValueTick(25_000, 5_000, 'number')).toBe('25k');
    expect(formatValueTick(0, 10_000, 'number')).toBe('0');
    expect(formatValueTick(1_500_000, 500_000, 'number')).toBe('1.5M');
    expect(formatValueTick(-0.05, 0.05, 'percent')).toBe('−5%');
    expect(formatValueTick(-0, 0.05, 'percent')).toBe('0%');
    expect(formatValueTick(-0.5, 0.25, 'number')).toBe('−0.50');
    expect(formatValueTick(1.2e-7, 1e-8, 'number')).toBe('1.2e−7');
    expect(formatValueTick(-3e-9, 1e-9, 'number')).toBe('−3e−9');
  });

  it('escapes HTML and writes durations', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(formatDuration(366 * DAY)).toBe('1 y 1 d');
    expect(formatDuration(DAY + 7200)).toBe('1 d 2 h');
    expect(formatDuration(5400)).toBe('1 h 30 min');
    expect(formatDuration(12)).toBe('12 s');
  });
});
