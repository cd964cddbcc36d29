/**
 * Funding replayed from history: each row of an exchange export is one settlement (its
 * timestamp) and the rate paid then. Gaps in a file (Hyperliquid misses days) pay nothing: the
 * replay pays exactly the rows there are, so a backtest's funding adds up to the file's.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InvalidInputError, requirePositive } from '../../errors.js';
import { readCsv } from '../../data/csv.js';
import { loadExchangeFunding, loadHyperliquidFunding } from '../feeds/funding.js';
import type { FundingSettlement, FundingSource } from './funding-source.js';

/** Columns of a funding history; a FundingSeries from src/market/feeds fits this shape. */
export interface FundingHistoryColumns {
  readonly timestampSeconds: ArrayLike<number>;
  /** Decimal rate per funding interval, paid at the timestamp. */
  readonly fundingRate: ArrayLike<number>;
}

export const BINANCE_INTERVAL_SECONDS = 8 * 3600;
export const HOURLY_INTERVAL_SECONDS = 3600;

export class FundingHistory implements FundingSource {
  private readonly times: Float64Array;
  private readonly rates: Float64Array;

  constructor(
    columns: FundingHistoryColumns,
    readonly intervalSeconds: number,
  ) {
    requirePositive('intervalSeconds', intervalSeconds);
    const n = columns.timestampSeconds.length;
    if (n === 0) throw new InvalidInputError('timestampSeconds.length', 0, 'a funding history needs at least one row');
    if (columns.fundingRate.length !== n) {
      throw new InvalidInputError('fundingRate.length', columns.fundingRate.length, `must equal timestampSeconds.length = ${n}`);
    }
    this.times = new Float64Array(n);
    this.rates = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t = columns.timestampSeconds[i]!;
      const r = columns.fundingRate[i]!;
      if (!Number.isFinite(t)) throw new InvalidInputError(`timestampSeconds[${i}]`, t, 'must be a finite number');
      if (!Number.isFinite(r)) throw new InvalidInputError(`fundingRate[${i}]`, r, 'must be a finite number');
      if (i > 0 && !(t > this.times[i - 1]!)) {
        throw new InvalidInputError(`timestampSeconds[${i}]`, t, 'must be strictly increasing');
      }
      this.times[i] = t;
      this.rates[i] = r;
    }
  }

  get length(): number {
    return this.times.length;
  }

  /** Index of the first row with time > t (binary search). */
  private firstAfter(t: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! > t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  settlementsBetween(afterSeconds: number, upToSeconds: number): FundingSettlement[] {
    const out: FundingSettlement[] = [];
    for (let i = this.firstAfter(afterSeconds); i < this.times.length && this.times[i]! <= upToSeconds; i++) {
      out.push({ timeSeconds: this.times[i]!, ratePerInterval: this.rates[i]! });
    }
    return out;
  }

  nextSettlement(nowSeconds: number): FundingSettlement | undefined {
    const i = this.firstAfter(nowSeconds);
    return i < this.times.length ? { timeSeconds: this.times[i]!, ratePerInterval: this.rates[i]! } : undefined;
  }
}

// Only the two columns the replay needs; the rest of the row is ignored.
const exchangeFundingRow = z.object({
  timestamp_ms: z.coerce.number().int().nonnegative(),
  funding_rate: z.coerce.number().finite(),
});

/**
 * An exchange funding export (data/funding/binance_*_8h_*.csv, dydx_*_1h_*.csv: columns
 * timestamp_ms and funding_rate). For the Hyperliquid file, load it with
 * src/market/feeds' loadHyperliquidFunding and pass the asset's series to `new FundingHistory`.
 */
export function loadFundingHistory(path: string, intervalSeconds: number): FundingHistory {
  const rows = readCsv(path, exchangeFundingRow);
  return new FundingHistory(
    { timestampSeconds: rows.map((row) => row.timestamp_ms / 1000), fundingRate: rows.map((row) => row.funding_rate) },
    intervalSeconds,
  );
}

export interface FundingReplayOptions {
  /** the venue's funding interval (Binance 8 h = 28,800; dYdX and Hyperliquid 1 h = 3,600) */
  readonly intervalSeconds: number;
  /** the file's `asset` column value to replay (Hyperliquid's BTC | ETH); required for such a file */
  readonly asset?: string;
  /** the most a timestamp may sit off the interval grid and still be snapped onto it (default min(300 s, interval / 4)) */
  readonly snapToleranceSeconds?: number;
}

/**
 * Puts each settlement on the venue's interval grid. Exports stamp a settlement when the venue
 * wrote it, a second to two minutes late now and then (Hyperliquid: 22:00:01, 12:01:50); left as
 * is, the mark premium would count down to a time that is not a settlement. A time further off
 * than the tolerance is not a late stamp but a different schedule, and is refused; two rows on
 * one grid time are refused too (one of them is not a settlement).
 */
export function snapToInterval(path: string, timestampSeconds: ArrayLike<number>, intervalSeconds: number, toleranceSeconds: number): Float64Array {
  const out = new Float64Array(timestampSeconds.length);
  for (let i = 0; i < timestampSeconds.length; i++) {
    const t = timestampSeconds[i]!;
    const snapped = Math.round(t / intervalSeconds) * intervalSeconds;
    if (Math.abs(t - snapped) > toleranceSeconds) {
      throw new InvalidInputError(`${path} row ${i + 1} timestamp`, new Date(t * 1000).toISOString(), `is ${Math.abs(t - snapped)} s off the ${intervalSeconds} s funding grid (tolerance ${toleranceSeconds} s)`);
    }
    if (i > 0 && snapped <= out[i - 1]!) {
      throw new InvalidInputError(`${path} row ${i + 1} timestamp`, new Date(t * 1000).toISOString(), `falls on the same ${intervalSeconds} s settlement as the row before`);
    }
    out[i] = snapped;
  }
  return out;
}

/**
 * Any of data/funding's files as a funding source: an exchange export (timestamp_ms,
 * funding_rate) or a multi-asset file with an `asset` column (Hyperliquid), whose `asset` must
 * then be named. Timestamps are snapped onto the interval grid (see `snapToInterval`).
 */
export function loadFundingReplay(path: string, options: FundingReplayOptions): FundingHistory {
  requirePositive('intervalSeconds', options.intervalSeconds);
  const tolerance = options.snapToleranceSeconds ?? Math.min(300, options.intervalSeconds / 4);
  const header = readFileSync(path, 'utf8').split(/\r?\n/, 1)[0]!.split(',').map((cell) => cell.trim());
  let columns: FundingHistoryColumns;
  if (header.includes('asset')) {
    if (options.asset === undefined) throw new InvalidInputError('asset', undefined, `${path} holds several assets: name one`);
    const byAsset = loadHyperliquidFunding(path);
    const series = byAsset.get(options.asset);
    if (series === undefined) throw new InvalidInputError('asset', options.asset, `is not in ${path} (${[...byAsset.keys()].join(', ')})`);
    columns = series;
  } else {
    if (options.asset !== undefined) throw new InvalidInputError('asset', options.asset, `${path} has no asset column: it holds one market`);
    const series = loadExchangeFunding(path);
    columns = series;
  }
  return new FundingHistory(
    { timestampSeconds: snapToInterval(path, columns.timestampSeconds, options.intervalSeconds, tolerance), fundingRate: columns.fundingRate },
    options.intervalSeconds,
  );
}
