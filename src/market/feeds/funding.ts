// Replay feeds of perpetual funding: the exchange exports (Binance 8 h, dYdX v3 1 h) and the
// Hyperliquid file, which holds two assets and has gaps. Rates stay per their own interval, as
// the venues pay them; `fundingRatePerHour` puts venues on one footing.
import { z } from 'zod';
import { InvalidInputError } from '../../errors.js';
import { readCsv } from '../../data/csv.js';
import { type OrderOptions, type TimeSeries, float64Column, timeOrder } from './series.js';
import { utcTimestampCell } from './time.js';

export interface FundingSeries extends TimeSeries {
  /** Decimal rate paid per funding interval (longs pay shorts when > 0). */
  readonly fundingRate: Float64Array;
  readonly intervalHours: Float64Array;
  readonly fundingRatePerHour: Float64Array;
}

const rate = z.coerce.number().finite();

const exchangeRow = z
  .object({
    timestamp_ms: z.coerce.number().int().nonnegative(),
    datetime_utc: utcTimestampCell,
    exchange: z.string().min(1),
    symbol: z.string().min(1),
    funding_rate: rate,
    interval_hours: z.coerce.number().finite().positive(),
  })
  // Two clocks in one row: if they disagree, one of them is wrong, and we cannot tell which.
  .refine((row) => row.timestamp_ms === row.datetime_utc * 1000, { message: 'does not match timestamp_ms', path: ['datetime_utc'] });

const lineOfRow = (row: number): number => row + 2;

/**
 * The exchange funding exports (data/funding/binance_*_8h_*.csv, dydx_*_1h_*.csv): one venue and
 * one symbol a file, refused otherwise.
 */
export function loadExchangeFunding(path: string, options: OrderOptions = {}): FundingSeries {
  const rows = readCsv(path, exchangeRow);
  const first = rows[0]!;
  rows.forEach((row, i) => {
    if (row.exchange !== first.exchange) throw new InvalidInputError(`${path}:${lineOfRow(i)} column exchange`, row.exchange, `a file holds one venue (${first.exchange})`);
    if (row.symbol !== first.symbol) throw new InvalidInputError(`${path}:${lineOfRow(i)} column symbol`, row.symbol, `a file holds one symbol (${first.symbol})`);
  });
  const order = timeOrder(path, 'timestamp_ms', Float64Array.from(rows, (row) => row.timestamp_ms / 1000), lineOfRow, options);
  return {
    timestampSeconds: float64Column(rows, order, (row) => row.timestamp_ms / 1000),
    fundingRate: float64Column(rows, order, (row) => row.funding_rate),
    intervalHours: float64Column(rows, order, (row) => row.interval_hours),
    fundingRatePerHour: float64Column(rows, order, (row) => row.funding_rate / row.interval_hours),
  };
}

const hyperliquidRow = z.object({
  timestamp: utcTimestampCell,
  asset: z.string().regex(/^[A-Z0-9]+$/, 'not an asset symbol'),
  funding_rate: rate,
});

// Hyperliquid pays funding every hour.
const HYPERLIQUID_INTERVAL_HOURS = 1;

/**
 * data/funding/hyperliquid_*_1h_*.csv, split by its `asset` column (BTC, ETH). Missing hours
 * stay missing: `sampleAt` then carries the last paid rate, and a consumer that must know can
 * look at the gaps in `timestampSeconds`.
 */
export function loadHyperliquidFunding(path: string, options: OrderOptions = {}): ReadonlyMap<string, FundingSeries> {
  const rows = readCsv(path, hyperliquidRow);
  const rowsByAsset = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const list = rowsByAsset.get(row.asset);
    if (list === undefined) rowsByAsset.set(row.asset, [i]);
    else list.push(i);
  });
  const out = new Map<string, FundingSeries>();
  for (const [asset, indices] of [...rowsByAsset].sort(([a], [b]) => a.localeCompare(b))) {
    const assetRows = indices.map((i) => rows[i]!);
    const order = timeOrder(path, 'timestamp', Float64Array.from(assetRows, (row) => row.timestamp), (k) => lineOfRow(indices[k]!), options);
    out.set(asset, {
      timestampSeconds: float64Column(assetRows, order, (row) => row.timestamp),
      fundingRate: float64Column(assetRows, order, (row) => row.funding_rate),
      intervalHours: new Float64Array(order.length).fill(HYPERLIQUID_INTERVAL_HOURS),
      fundingRatePerHour: float64Column(assetRows, order, (row) => row.funding_rate / HYPERLIQUID_INTERVAL_HOURS),
    });
  }
  return out;
}
