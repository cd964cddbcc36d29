// Loads an OHLC price history (timestamp, open, high, low, close[, volume]) such as the
// Binance ETH/USDT hourly candles in data/prices/.
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import type { OhlcBar } from '../math/volatility-estimators.js';
import { readCsv } from './csv.js';

/** An OHLC bar of the math core, stamped with the UTC second its period opens. */
export interface TimedOhlcBar extends OhlcBar {
  readonly timestampSeconds: number;
}

const positivePrice = z.coerce.number().finite().positive();

const ohlcRowSchema = z
  .object({
    timestamp: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'not an ISO 8601 timestamp'),
    open: positivePrice,
    high: positivePrice,
    low: positivePrice,
    close: positivePrice,
  })
  .refine((row) => row.low <= Math.min(row.open, row.close) && row.high >= Math.max(row.open, row.close), {
    message: 'low must be <= open, close <= high',
    path: ['low'],
  });

export function loadOhlcHistory(path: string): TimedOhlcBar[] {
  const rows = readCsv(path, ohlcRowSchema);
  const bars = rows.map((row) => ({
    timestampSeconds: Date.parse(row.timestamp) / 1000,
    open: row.open,
    high: row.high,
    low: row.low,
    close: row.close,
  }));
  for (let i = 1; i < bars.length; i++) {
    if (bars[i]!.timestampSeconds <= bars[i - 1]!.timestampSeconds) {
      throw new InvalidInputError(`${path}:${i + 2} column timestamp`, rows[i]!.timestamp, 'timestamps must increase');
    }
  }
  return bars;
}

/** Median spacing of the bars in seconds, used to annualise (periods per year). */
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
