/**
 * Recorded rate paths for replay reserves: instead of the utilization model, a reserve in
 * replay mode pays the liquidity rate and charges the variable borrow rate that the real
 * reserve had at that time, so a backtest earns the historical yield whatever its own
 * (small, simulated) utilization is. The series is a step function: the row at or before a
 * time holds until the next row, and the first and last rows extend flat beyond the file
 * (`startSeconds`/`endSeconds` let a caller check coverage).
 *
 * The recorded rate alone under-pays the real supply side: Aave also adds flash-loan premiums
 * straight to the liquidity index (`cumulateToLiquidityIndex`), income no rate shows. In the
 * 2023-08-14..17 Polygon files those jumps are 2.3 % (USDC) and 7.7 % (WETH) of the supply
 * interest, while the variable borrow index, which no premium touches, follows its rate to
 * 0.1 %. A series may therefore carry the recorded liquidity index too: the reserve's index
 * then never falls behind it (at each recorded step it becomes max(accrued, recorded)), so a
 * backtest earns the historical supply yield, premiums included. The recorded index lags the
 * true one by up to a sampling interval (it is stored at the last transaction), so between
 * steps the recorded rate still does the accruing.
 *
 * The loader reads the project's Aave v3 history (data/lending/aave_v3_*.csv): rates and
 * indices are decimals of a ray value with up to 27 fraction digits, parsed exactly.
 */
import { z } from 'zod';
import { readCsv } from '../../data/csv.js';
import { InvalidInputError } from '../../errors.js';

export interface RecordedRateSeries {
  /** Strictly increasing; only the rows where a rate (or the recorded index) changes are kept. */
  readonly timestampsSeconds: readonly number[];
  readonly liquidityRateRay: readonly bigint[];
  readonly variableBorrowRateRay: readonly bigint[];
  /** The recorded liquidity index at each step, when the series follows it. */
  readonly liquidityIndexRay: readonly bigint[] | undefined;
  readonly startSeconds: number;
  readonly endSeconds: number;
}

export interface RecordedRateRow {
  readonly timestampSeconds: number;
  readonly liquidityRateRay: bigint;
  readonly variableBorrowRateRay: bigint;
  /** Give it on every row or on none. */
  readonly liquidityIndexRay?: bigint;
}

export interface RecordedRates {
  readonly liquidityRateRay: bigint;
  readonly variableBorrowRateRay: bigint;
  readonly liquidityIndexRay: bigint | undefined;
}

export function createRecordedRateSeries(rows: readonly RecordedRateRow[]): RecordedRateSeries {
  if (rows.length === 0) throw new InvalidInputError('rows', rows.length, 'a rate series needs at least one row');
  const timestampsSeconds: number[] = [];
  const liquidityRateRay: bigint[] = [];
  const variableBorrowRateRay: bigint[] = [];
  const withIndex = rows[0]!.liquidityIndexRay !== undefined;
  const liquidityIndexRay: bigint[] = [];
  let previousTime = -Infinity;
  rows.forEach((row, i) => {
    if (!Number.isSafeInteger(row.timestampSeconds) || row.timestampSeconds < 0) {
      throw new InvalidInputError(`rows[${i}].timestampSeconds`, row.timestampSeconds, 'must be an integer >= 0');
    }
    if (row.timestampSeconds <= previousTime) {
      throw new InvalidInputError(`rows[${i}].timestampSeconds`, row.timestampSeconds, `must be > the previous row's (${previousTime})`);
    }
    for (const field of ['liquidityRateRay', 'variableBorrowRateRay'] as const) {
      if (typeof row[field] !== 'bigint' || row[field] < 0n) throw new InvalidInputError(`rows[${i}].${field}`, row[field], 'must be a bigint >= 0');
    }
    if ((row.liquidityIndexRay !== undefined) !== withIndex) {
      throw new InvalidInputError(`rows[${i}].liquidityIndexRay`, row.liquidityIndexRay, 'give the recorded index on every row or on none');
    }
    if (withIndex && !(typeof row.liquidityIndexRay === 'bigint' && row.liquidityIndexRay >= 10n ** 27n)) {
      throw new InvalidInputError(`rows[${i}].liquidityIndexRay`, row.liquidityIndexRay, 'must be a bigint >= 1 ray');
    }
    previousTime = row.timestampSeconds;
    const last = liquidityRateRay.length - 1;
    if (
      last >= 0 &&
      liquidityRateRay[last] === row.liquidityRateRay &&
      variableBorrowRateRay[last] === row.variableBorrowRateRay &&
      (!withIndex || liquidityIndexRay[last] === row.liquidityIndexRay)
    ) {
      return;
    }
    timestampsSeconds.push(row.timestampSeconds);
    liquidityRateRay.push(row.liquidityRateRay);
    variableBorrowRateRay.push(row.variableBorrowRateRay);
    if (withIndex) liquidityIndexRay.push(row.liquidityIndexRay!);
  });
  return {
    timestampsSeconds,
    liquidityRateRay,
    variableBorrowRateRay,
    liquidityIndexRay: withIndex ? liquidityIndexRay : undefined,
    startSeconds: rows[0]!.timestampSeconds,
    endSeconds: rows[rows.length - 1]!.timestampSeconds,
  };
}

/** Index of the step in force at `nowSeconds` (the first step before the series starts). */
export function stepIndexAt(series: RecordedRateSeries, nowSeconds: number): number {
  const times = series.timestampsSeconds;
  let lo = 0;
  let hi = times.length - 1;
  if (nowSeconds < times[0]!) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid]! <= nowSeconds) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function recordedRatesAt(series: RecordedRateSeries, nowSeconds: number): RecordedRates {
  const i = stepIndexAt(series, nowSeconds);
  return {
    liquidityRateRay: series.liquidityRateRay[i]!,
    variableBorrowRateRay: series.variableBorrowRateRay[i]!,
    liquidityIndexRay: series.liquidityIndexRay?.[i],
  };
}

/** Times in (fromSeconds, toSeconds] at which the recorded rates change. */
export function rateChangesBetween(series: RecordedRateSeries, fromSeconds: number, toSeconds: number): number[] {
  const changes: number[] = [];
  const times = series.timestampsSeconds;
  for (let i = stepIndexAt(series, fromSeconds); i < times.length && times[i]! <= toSeconds; i++) {
    if (times[i]! > fromSeconds) changes.push(times[i]!);
  }
  return changes;
}

export interface AaveRecordedReserveRow extends RecordedRateRow {
  readonly liquidityIndexRay: bigint;
  readonly variableBorrowIndexRay: bigint;
}

export interface AaveRecordedReserve {
  /** Rates and, unless `followLiquidityIndex` was false, the recorded liquidity index. */
  readonly series: RecordedRateSeries;
  /** Every row of the file, indices included (the truth a replay is checked against). */
  readonly rows: readonly AaveRecordedReserveRow[];
}

const RAY_DECIMALS = 27;
const rayCell = z
  .string()
  .regex(/^\d+(\.\d{1,27})?$/, 'not a decimal with at most 27 fraction digits')
  .transform((text) => {
    const [whole = '0', fraction = ''] = text.split('.');
    return BigInt(whole + fraction.padEnd(RAY_DECIMALS, '0'));
  });
const utcCell = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}Z?$/, 'not a UTC timestamp YYYY-MM-DD HH:MM:SS')
  .transform((text, ctx) => {
    const ms = Date.parse(`${text.slice(0, 10)}T${text.slice(11, 19)}Z`);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: 'custom', message: 'not a valid date' });
      return z.NEVER;
    }
    return ms / 1000;
  });
const aaveRow = z.object({
  block_timestamp: utcCell,
  liquidity_rate: rayCell,
  variable_borrow_rate: rayCell,
  liquidity_index: rayCell,
  variable_borrow_index: rayCell,
});

/** An Aave v3 reserve history file (block_timestamp, liquidity_rate, variable_borrow_rate, indices). */
export function loadAaveRecordedReserve(path: string, options: { followLiquidityIndex?: boolean } = {}): AaveRecordedReserve {
  const follow = options.followLiquidityIndex ?? true;
  const rows = readCsv(path, aaveRow).map(
    (row): AaveRecordedReserveRow => ({
      timestampSeconds: row.block_timestamp,
      liquidityRateRay: row.liquidity_rate,
      variableBorrowRateRay: row.variable_borrow_rate,
      liquidityIndexRay: row.liquidity_index,
      variableBorrowIndexRay: row.variable_borrow_index,
    }),
  );
  const seriesRows = follow ? rows : rows.map(({ liquidityIndexRay: _index, ...rates }) => rates);
  return { series: createRecordedRateSeries(seriesRows), rows };
}
