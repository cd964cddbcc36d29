import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import { createCursor, indexAtOrBefore, resample, sampleAt, validateSeries, type TimeSeries } from '../../../src/market/feeds/index.js';

interface Toy extends TimeSeries {
  readonly price: Float64Array;
  readonly tick: Int32Array;
  readonly liquidity: readonly bigint[];
}

/** Strictly increasing times built from positive gaps (some fractional), and parallel columns. */
const toySeries = fc
  .array(fc.oneof(fc.integer({ min: 1, max: 3600 }), fc.double({ min: 0.001, max: 100, noNaN: true })), { minLength: 1, maxLength: 300 })
  .chain((gaps) =>
    fc.record({ start: fc.integer({ min: 0, max: 2_000_000_000 }), gaps: fc.constant(gaps) }).map(({ start, gaps: g }): Toy => {
      const timestampSeconds = new Float64Array(g.length);
      let t = start;
      for (let i = 0; i < g.length; i++) {
        timestampSeconds[i] = t;
        t += g[i]!;
      }
      return {
        timestampSeconds,
        price: Float64Array.from(g, (_, i) => 1000 + i),
        tick: Int32Array.from(g, (_, i) => -i),
        liquidity: g.map((_, i) => BigInt(i) * 10n ** 30n),
      };
    }),
  );

function linearIndex(clock: Float64Array, t: number): number {
  let found = -1;
  for (let i = 0; i < clock.length; i++) if (clock[i]! <= t) found = i;
  return found;
}

/** Query times: exact row times, times between rows, and times past the end. */
function queryTimes(series: Toy): fc.Arbitrary<number[]> {
  const first = series.timestampSeconds[0]!;
  const last = series.timestampSeconds[series.timestampSeconds.length - 1]!;
  return fc.array(
    fc.oneof(
      fc.constantFrom(...series.timestampSeconds),
      fc.double({ min: first, max: last + 5000, noNaN: true }),
    ),
    { minLength: 1, maxLength: 100 },
  );
}

describe('sampleAt', () => {
  it('agrees with a linear scan at random times, on every column type (property)', () => {
    fc.assert(
      fc.property(
        toySeries.chain((s) => fc.tuple(fc.constant(s), queryTimes(s))),
        ([series, times]) => {
          validateSeries(series);
          for (const t of times) {
            const i = linearIndex(series.timestampSeconds, t);
            expect(indexAtOrBefore(series.timestampSeconds, t)).toBe(i);
            expect(sampleAt(series, 'price', t)).toBe(series.price[i]);
            expect(sampleAt(series, 'tick', t)).toBe(series.tick[i]);
            expect(sampleAt(series, 'liquidity', t)).toBe(series.liquidity[i]);
          }
        },
      ),
      { seed: 1, numRuns: 300 },
    );
  });

  it('is a step function: the value holds until the next row, exactly at its time', () => {
    const s: Toy = { timestampSeconds: Float64Array.of(100, 200, 300), price: Float64Array.of(1, 2, 3), tick: Int32Array.of(0, 0, 0), liquidity: [0n, 0n, 0n] };
    expect([100, 199.999, 200, 250, 300, 1e12].map((t) => sampleAt(s, 'price', t))).toEqual([1, 1, 2, 2, 3, 3]);
  });

  it('refuses a time before the first row, or NaN, naming timestampSeconds', () => {
    const s: Toy = { timestampSeconds: Float64Array.of(100), price: Float64Array.of(1), tick: Int32Array.of(0), liquidity: [0n] };
    expect(() => sampleAt(s, 'price', 99)).toThrow(InvalidInputError);
    expect(() => sampleAt(s, 'price', 99)).toThrow('invalid timestampSeconds: 99');
    expect(() => sampleAt(s, 'price', Number.NaN)).toThrow('invalid timestampSeconds');
    expect(indexAtOrBefore(s.timestampSeconds, 99)).toBe(-1);
  });
});

describe('createCursor', () => {
  it('gives the same answers as sampleAt on any non-decreasing sequence of times, small steps and long jumps (property)', () => {
    fc.assert(
      fc.property(
        toySeries.chain((s) => fc.tuple(fc.constant(s), queryTimes(s))),
        ([series, times]) => {
          const cursor = createCursor(series);
          for (const t of [...times].sort((a, b) => a - b)) {
            expect(cursor.indexAt(t)).toBe(linearIndex(series.timestampSeconds, t));
            expect(cursor.sampleAt('price', t)).toBe(sampleAt(series, 'price', t));
          }
        },
      ),
      { seed: 2, numRuns: 300 },
    );
  });

  it('replays a block clock (12 s) over minute rows', () => {
    const minutes = 1000;
    const s = { timestampSeconds: Float64Array.from({ length: minutes }, (_, i) => i * 60), price: Float64Array.from({ length: minutes }, (_, i) => i) };
    const cursor = createCursor(s);
    for (let t = 0; t < minutes * 60; t += 12) expect(cursor.sampleAt('price', t)).toBe(Math.floor(t / 60));
  });

  it('refuses to go back in time', () => {
    const s = { timestampSeconds: Float64Array.of(0, 60, 120), price: Float64Array.of(1, 2, 3) };
    const cursor = createCursor(s);
    cursor.indexAt(100);
    expect(() => cursor.indexAt(99)).toThrow('a cursor only moves forward');
    expect(cursor.indexAt(100)).toBe(1);
  });
});

describe('resample', () => {
  it('samples every column on a regular grid, keeping typed arrays and bigint columns', () => {
    const s: Toy = {
      timestampSeconds: Float64Array.of(0, 60, 120, 300),
      price: Float64Array.of(1, 2, 3, 4),
      tick: Int32Array.of(10, 20, 30, 40),
      liquidity: [1n, 2n, 3n, 4n],
    };
    const r = resample(s, 30, 45, 8);
    expect([...r.timestampSeconds]).toEqual([30, 75, 120, 165, 210, 255, 300, 345]);
    expect([...r.price]).toEqual([1, 2, 3, 3, 3, 3, 4, 4]);
    expect(r.tick).toBeInstanceOf(Int32Array);
    expect([...r.tick]).toEqual([10, 20, 30, 30, 30, 30, 40, 40]);
    expect(r.liquidity).toEqual([1n, 2n, 3n, 3n, 3n, 3n, 4n, 4n]);
    validateSeries(r);
  });

  it('agrees with sampleAt at every grid time (property)', () => {
    fc.assert(
      fc.property(toySeries, fc.double({ min: 0.5, max: 500, noNaN: true }), fc.integer({ min: 1, max: 200 }), (series, step, count) => {
        const start = series.timestampSeconds[0]!;
        const r = resample(series, start, step, count);
        for (let i = 0; i < count; i++) {
          expect(r.price[i]).toBe(sampleAt(series, 'price', start + i * step));
          expect(r.liquidity[i]).toBe(sampleAt(series, 'liquidity', start + i * step));
        }
      }),
      { seed: 3, numRuns: 200 },
    );
  });

  it.each([
    [[-1, 10, 5], 'startSeconds'],
    [[0, 0, 5], 'stepSeconds'],
    [[0, 10, 0], 'count'],
    [[0, 10, 2.5], 'count'],
  ])('refuses (start, step, count) = %o naming %s', ([start, step, count], field) => {
    const s = { timestampSeconds: Float64Array.of(0, 60), price: Float64Array.of(1, 2) };
    expect(() => resample(s, start!, step!, count!)).toThrow(`invalid ${field}:`);
  });
});

describe('validateSeries', () => {
  it('refuses ragged columns and a clock that does not increase', () => {
    expect(() => validateSeries({ timestampSeconds: Float64Array.of(1, 2), price: Float64Array.of(1) } as TimeSeries)).toThrow('invalid series.price.length: 1');
    expect(() => validateSeries({ timestampSeconds: Float64Array.of(1, 1) })).toThrow('invalid series.timestampSeconds[1]: 1');
  });
});
