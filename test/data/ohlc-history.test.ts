import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateDaily, barIntervalSeconds, loadOhlcHistory } from '../../src/data/ohlc-history.js';
import { DEFAULT_ETH_HOURLY, dataPath } from '../../src/data/project-paths.js';
import { InvalidInputError } from '../../src/errors.js';

function writeTemp(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'vaultwright-')), 'bars.csv');
  writeFileSync(path, text);
  return path;
}

describe('loadOhlcHistory', () => {
  it('reads the hourly ETH history: 17,521 increasing hourly bars', () => {
    const bars = loadOhlcHistory(dataPath(DEFAULT_ETH_HOURLY));
    expect(bars).toHaveLength(17521);
    expect(barIntervalSeconds(bars)).toBe(3600);
    expect(bars[0]).toEqual({ timestampSeconds: Date.parse('2024-01-21T07:00:00Z') / 1000, open: 2469.81, high: 2476.07, low: 2466.64, close: 2476.06 });
  });

  it('aggregates hours into UTC days with the first open, the extremes and the last close', () => {
    const bars = loadOhlcHistory(dataPath(DEFAULT_ETH_HOURLY));
    const days = aggregateDaily(bars);
    const day = days[1]!;
    const hours = bars.filter((b) => b.timestampSeconds >= day.timestampSeconds && b.timestampSeconds < day.timestampSeconds + 86400);
    expect(hours).toHaveLength(24);
    expect(day.open).toBe(hours[0]!.open);
    expect(day.close).toBe(hours[23]!.close);
    expect(day.high).toBe(Math.max(...hours.map((h) => h.high)));
    expect(day.low).toBe(Math.min(...hours.map((h) => h.low)));
  });

  it.each([
    ['timestamp,open,high,low,close\n2024-01-01T00:00:00Z,1,2,0.5,-1\n', ':2 column close'],
    ['timestamp,open,high,low,close\nnot-a-date,1,2,0.5,1\n', ':2 column timestamp'],
    ['timestamp,open,high,low,close\n2024-01-01T00:00:00Z,1,2,1.5,1\n', ':2 column low'],
    ['timestamp,open,high,low,close\n2024-01-01T00:00:00Z,1,2\n', 'expected 5 columns'],
    ['timestamp,open,high,low,close\n2024-01-02T00:00:00Z,1,2,0.5,1\n2024-01-01T00:00:00Z,1,2,0.5,1\n', 'timestamps must increase'],
    ['timestamp,open,high,low,close\n', 'no data rows'],
  ])('refuses a bad file with a message naming the place (%#)', (text, expected) => {
    const path = writeTemp(text);
    expect(() => loadOhlcHistory(path)).toThrow(InvalidInputError);
    expect(() => loadOhlcHistory(path)).toThrow(expected);
  });
});
