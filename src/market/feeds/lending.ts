// Replay feed of an Aave v3 reserve (data/lending/aave_v3_*.csv): rates as numbers for
// analytics, and the two indices ALSO as their exact text and as ray bigints, so the lending
// math (which is integer, like the contract) can be checked to the last digit.
import { z } from 'zod';
import { readCsv } from '../../data/csv.js';
import { RAY_DECIMALS, parseFixedDecimal, rayDecimalCell } from './decimal.js';
import { type OrderOptions, type TimeSeries, arrayColumn, float64Column, timeOrder } from './series.js';
import { utcTimestampCell } from './time.js';

export interface AaveReserveSeries extends TimeSeries {
  /** Supply APR, decimal. */
  readonly liquidityRate: Float64Array;
  readonly stableBorrowRate: Float64Array;
  readonly variableBorrowRate: Float64Array;
  /** The indices as numbers (about 16 significant digits: for charts, not for exact checks). */
  readonly liquidityIndex: Float64Array;
  readonly variableBorrowIndex: Float64Array;
  /** The indices exactly as the file writes them. */
  readonly liquidityIndexText: readonly string[];
  readonly variableBorrowIndexText: readonly string[];
  /** The indices in ray (×1e27), exact: what the contract stores. */
  readonly liquidityIndexRay: readonly bigint[];
  readonly variableBorrowIndexRay: readonly bigint[];
}

const aaveRow = z.object({
  block_timestamp: utcTimestampCell,
  liquidity_rate: rayDecimalCell,
  stable_borrow_rate: rayDecimalCell,
  variable_borrow_rate: rayDecimalCell,
  liquidity_index: rayDecimalCell,
  variable_borrow_index: rayDecimalCell,
});

const lineOfRow = (row: number): number => row + 2;

export function loadAaveReserveSeries(path: string, options: OrderOptions = {}): AaveReserveSeries {
  const rows = readCsv(path, aaveRow);
  const order = timeOrder(path, 'block_timestamp', Float64Array.from(rows, (row) => row.block_timestamp), lineOfRow, options);
  return {
    timestampSeconds: float64Column(rows, order, (row) => row.block_timestamp),
    liquidityRate: float64Column(rows, order, (row) => Number(row.liquidity_rate)),
    stableBorrowRate: float64Column(rows, order, (row) => Number(row.stable_borrow_rate)),
    variableBorrowRate: float64Column(rows, order, (row) => Number(row.variable_borrow_rate)),
    liquidityIndex: float64Column(rows, order, (row) => Number(row.liquidity_index)),
    variableBorrowIndex: float64Column(rows, order, (row) => Number(row.variable_borrow_index)),
    liquidityIndexText: arrayColumn(rows, order, (row) => row.liquidity_index),
    variableBorrowIndexText: arrayColumn(rows, order, (row) => row.variable_borrow_index),
    liquidityIndexRay: arrayColumn(rows, order, (row) => parseFixedDecimal(row.liquidity_index, RAY_DECIMALS)),
    variableBorrowIndexRay: arrayColumn(rows, order, (row) => parseFixedDecimal(row.variable_borrow_index, RAY_DECIMALS)),
  };
}
