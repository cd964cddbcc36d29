// Replay feed of a Uniswap v3 pool's minute history (data/uniswap_v3/*.csv): ticks as numbers,
// raw token amounts and liquidity as bigint (they exceed 2^53, and the pool math is integer).
import { z } from 'zod';
import { InvalidInputError } from '../../errors.js';
import { readCsv } from '../../data/csv.js';
import { bigintCell } from './decimal.js';
import { type OrderOptions, type TimeSeries, arrayColumn, float64Column, int32Column, timeOrder } from './series.js';
import { utcTimestampCell } from './time.js';

export interface UniswapV3MinuteSeries extends TimeSeries {
  readonly openTick: Int32Array;
  readonly closeTick: Int32Array;
  readonly lowestTick: Int32Array;
  readonly highestTick: Int32Array;
  /** Net flow into the pool this minute, raw units of token0 / token1 (negative: out). */
  readonly netAmount0: readonly bigint[];
  readonly netAmount1: readonly bigint[];
  /** Swap input this minute, raw units; the LP fee is inAmount × fee. */
  readonly inAmount0: readonly bigint[];
  readonly inAmount1: readonly bigint[];
  /** In-range liquidity at the minute's close. */
  readonly currentLiquidity: readonly bigint[];
}

// TickMath's MIN_TICK / MAX_TICK.
const tick = z.coerce.number().int().min(-887272).max(887272);

const poolRow = z
  .object({
    timestamp: utcTimestampCell,
    netAmount0: bigintCell,
    netAmount1: bigintCell,
    closeTick: tick,
    openTick: tick,
    lowestTick: tick,
    highestTick: tick,
    inAmount0: bigintCell,
    inAmount1: bigintCell,
    currentLiquidity: bigintCell,
  })
  // Only low <= high is checked: in the real file about 3 % of minutes have an open or close tick
  // outside [lowestTick, highestTick] (the source does not keep the OHLC rule), so the stricter
  // check would refuse genuine data.
  .refine((row) => row.lowestTick <= row.highestTick, {
    message: 'lowestTick must be <= highestTick',
    path: ['lowestTick'],
  })
  .refine((row) => row.inAmount0 >= 0n && row.inAmount1 >= 0n && row.currentLiquidity >= 0n, {
    message: 'swap inputs and liquidity must be >= 0',
    path: ['currentLiquidity'],
  });

const lineOfRow = (row: number): number => row + 2;

export function loadUniswapV3MinuteSeries(path: string, options: OrderOptions = {}): UniswapV3MinuteSeries {
  const rows = readCsv(path, poolRow);
  const order = timeOrder(path, 'timestamp', Float64Array.from(rows, (row) => row.timestamp), lineOfRow, options);
  return {
    timestampSeconds: float64Column(rows, order, (row) => row.timestamp),
    openTick: int32Column(rows, order, (row) => row.openTick),
    closeTick: int32Column(rows, order, (row) => row.closeTick),
    lowestTick: int32Column(rows, order, (row) => row.lowestTick),
    highestTick: int32Column(rows, order, (row) => row.highestTick),
    netAmount0: arrayColumn(rows, order, (row) => row.netAmount0),
    netAmount1: arrayColumn(rows, order, (row) => row.netAmount1),
    inAmount0: arrayColumn(rows, order, (row) => row.inAmount0),
    inAmount1: arrayColumn(rows, order, (row) => row.inAmount1),
    currentLiquidity: arrayColumn(rows, order, (row) => row.currentLiquidity),
  };
}

/**
 * Price of token0 in units of token1 at a tick, in whole tokens: 1.0001^tick · 10^(d0 − d1).
 * For the Polygon USDC/WETH pool (USDC token0, 6 decimals; WETH 18) the ETH price in USDC is
 * its inverse, 1e12 / 1.0001^tick.
 */
export function token0PriceInToken1AtTick(tickIndex: number, decimals0: number, decimals1: number): number {
  if (!(Number.isInteger(tickIndex) && Math.abs(tickIndex) <= 887272)) throw new InvalidInputError('tick', tickIndex, 'must be an integer tick in [-887272, 887272]');
  return Math.exp(tickIndex * Math.log(1.0001) + (decimals0 - decimals1) * Math.LN10);
}

/** Mid price of every minute's close, token1 per token0 in whole tokens (analytics only). */
export function closePriceToken0InToken1(series: UniswapV3MinuteSeries, decimals0: number, decimals1: number): Float64Array {
  return Float64Array.from(series.closeTick, (t) => token0PriceInToken1AtTick(t, decimals0, decimals1));
}
