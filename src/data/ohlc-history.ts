// OHLC bars for the math core, read from a candle file (timestamp, open, high, low, close
// [, volume]) such as the Binance ETH/USDT hourly history in data/prices/. Parsing and
// validation are the replay feed's (src/market/feeds/prices.ts); this adapts its columns to bars.
import { InvalidInputError } from '../errors.js';
import { loadOhlcvSeries } from '../market/feeds/prices.js';
import type { OhlcBar } from '../math/volatility-estimators.js';

/** An OHLC bar of the math core, stamped with the UTC second its period opens. */
export interface TimedOhlcBar extends OhlcBar {
  readonly timestampSeconds: number;
}

export function loadOhlcHistory(path: string): TimedOhlcBar[] {
  const series = loadOhlcvSeries(path);
  const bars: TimedOhlcBar[] = [];
  for (let i = 0; i < series.timestampSeconds.length; i++) {
    bars.push({
      timestampSeconds: series.timestampSeconds[i]!,
      open: series.open[i]!,
      high: series.high[i]!,
      low: series.low[i]!,
      close: series.close[i]!,
    });
  }
  return bars;
}

/** Median spacing of the bars in seconds. */
export function barIntervalSeconds(bars: readonly TimedOhlcBar[]): number {
  if (bars.length < 2) throw new InvalidInputError('bars', bars.length, 'need at least two bars');
  const gaps = [];
  for (let i = 1; i < bars.length; i++) gaps.push(bars[i]!.timestampSeconds - bars[i - 1]!.timestampSeconds);
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]!;
}

/** Aggregates bars into UTC calendar days (open of the first bar, close of the last). */
export function aggregateDaily(bars: readonly TimedOhlcBar[]): TimedOhlcBar[] {
  const days: TimedOhlcBar[] = [];
  let current: { timestampSeconds: number; open: number; high: number; low: number; close: number } | undefined;
  for (const bar of bars) {
    const dayStart = Math.floor(bar.timestampSeconds / 86_400) * 86_400;
    if (current === undefined || current.timestampSeconds !== dayStart) {
      if (current !== undefined) days.push(current);
      current = { timestampSeconds: dayStart, open: bar.open, high: bar.high, low: bar.low, close: bar.close };
    } else {
      current.high = Math.max(current.high, bar.high);
      current.low = Math.min(current.low, bar.low);
      current.close = bar.close;
    }
  }
  if (current !== undefined) days.push(current);
  return days;
}
