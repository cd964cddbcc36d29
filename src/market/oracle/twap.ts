/**
 * The Uniswap v3 pool's own TWAP, read as v3-periphery's OracleLibrary reads it.
 *
 * `consult` is a port of OracleLibrary.consult (Solidity 0.7, unchecked arithmetic): the int56
 * difference of the two tick cumulatives wraps as the EVM's does, the division by the window
 * truncates toward zero (`sdiv`) and is then stepped down by one when the difference is negative
 * and not a multiple of the window, so the mean tick always rounds toward negative infinity;
 * the results are cast to int24 / uint128 by truncation, as the contract's casts do.
 *
 * The source is anything with the pool's `observe(secondsAgos)`: `UniswapV3Pool` satisfies
 * `TickCumulativeSource` as it stands.
 */
import { InvalidInputError } from '../../errors.js';
import { mulDiv } from '../../uniswap-v3/full-math.js';
import { getSqrtRatioAtTick } from '../../uniswap-v3/tick-math.js';

export interface TickCumulativeSource {
  observe(secondsAgos: readonly number[]): {
    readonly tickCumulatives: readonly bigint[];
    readonly secondsPerLiquidityCumulativeX128s?: readonly bigint[];
  };
}

export interface ConsultResult {
  /** time-weighted arithmetic mean tick over the window (int24) */
  readonly arithmeticMeanTick: number;
  /** time-weighted harmonic mean liquidity (uint128), when the source reports liquidity */
  readonly harmonicMeanLiquidity: bigint | undefined;
}

const MAX_UINT32 = 0xffffffff;
const MAX_UINT160 = (1n << 160n) - 1n;

/** The arithmetic mean tick between two tick cumulatives `secondsAgo` apart (OracleLibrary). */
export function arithmeticMeanTick(tickCumulativeStart: bigint, tickCumulativeEnd: bigint, secondsAgo: number): number {
  requireWindow(secondsAgo);
  const window = BigInt(secondsAgo);
  const tickCumulativesDelta = BigInt.asIntN(56, tickCumulativeEnd - tickCumulativeStart);
  let meanTick = BigInt.asIntN(24, tickCumulativesDelta / window);
  // Always round to negative infinity.
  if (tickCumulativesDelta < 0n && tickCumulativesDelta % window !== 0n) meanTick = BigInt.asIntN(24, meanTick - 1n);
  return Number(meanTick);
}

/** OracleLibrary.consult(pool, secondsAgo): means over [now − secondsAgo, now]. */
export function consult(pool: TickCumulativeSource, secondsAgo: number): ConsultResult {
  requireWindow(secondsAgo);
  const { tickCumulatives, secondsPerLiquidityCumulativeX128s } = pool.observe([secondsAgo, 0]);
  const start = tickCumulatives[0];
  const end = tickCumulatives[1];
  if (start === undefined || end === undefined) {
    throw new InvalidInputError('tickCumulatives', tickCumulatives.length, 'observe must return two values');
  }
  const meanTick = arithmeticMeanTick(start, end, secondsAgo);
  const liquidityStart = secondsPerLiquidityCumulativeX128s?.[0];
  const liquidityEnd = secondsPerLiquidityCumulativeX128s?.[1];
  const harmonicMeanLiquidity =
    liquidityStart === undefined || liquidityEnd === undefined
      ? undefined
      : harmonicMeanLiquidityOf(liquidityStart, liquidityEnd, secondsAgo);
  return { arithmeticMeanTick: meanTick, harmonicMeanLiquidity };
}

function harmonicMeanLiquidityOf(start: bigint, end: bigint, secondsAgo: number): bigint {
  const delta = BigInt.asUintN(160, end - start);
  // Multiplying instead of shifting, as the contract does, keeps the result within uint128.
  const secondsAgoX160 = BigInt(secondsAgo) * MAX_UINT160;
  const denominator = BigInt.asUintN(192, delta << 32n);
  if (denominator === 0n) {
    throw new InvalidInputError('secondsPerLiquidityCumulativeX128s', delta, 'no change over the window (division by zero)');
  }
  return BigInt.asUintN(128, secondsAgoX160 / denominator);
}

/** 1.0001^tick: the price of token0 in token1, in raw (base-unit) terms. */
export function tickToPrice(tick: number): number {
  if (!Number.isInteger(tick)) throw new InvalidInputError('tick', tick, 'must be an integer');
  return Math.pow(1.0001, tick);
}

/** The TWAP price of token0 in token1 (raw units) over the last `secondsAgo` seconds. */
export function twapPrice(pool: TickCumulativeSource, secondsAgo: number): number {
  return tickToPrice(consult(pool, secondsAgo).arithmeticMeanTick);
}

/** The exact sqrt price (Q64.96) at the TWAP's mean tick, as TickMath gives it. */
export function twapSqrtPriceX96(pool: TickCumulativeSource, secondsAgo: number): bigint {
  return getSqrtRatioAtTick(consult(pool, secondsAgo).arithmeticMeanTick);
}

/**
 * OracleLibrary.getQuoteAtTick: how much of the quote token `baseAmount` of the base token is
 * worth at `tick`. The contract compares token addresses; `baseIsToken0` is that comparison.
 */
export function getQuoteAtTick(tick: number, baseAmount: bigint, baseIsToken0: boolean): bigint {
  if (baseAmount < 0n || baseAmount >= 1n << 128n) {
    throw new InvalidInputError('baseAmount', baseAmount, 'must be a uint128');
  }
  const sqrtRatioX96 = getSqrtRatioAtTick(tick);
  if (sqrtRatioX96 <= (1n << 128n) - 1n) {
    const ratioX192 = sqrtRatioX96 * sqrtRatioX96;
    return baseIsToken0 ? mulDiv(ratioX192, baseAmount, 1n << 192n) : mulDiv(1n << 192n, baseAmount, ratioX192);
  }
  const ratioX128 = mulDiv(sqrtRatioX96, sqrtRatioX96, 1n << 64n);
  return baseIsToken0 ? mulDiv(ratioX128, baseAmount, 1n << 128n) : mulDiv(1n << 128n, baseAmount, ratioX128);
}

function requireWindow(secondsAgo: number): void {
  if (!(Number.isInteger(secondsAgo) && secondsAgo > 0 && secondsAgo <= MAX_UINT32)) {
    throw new InvalidInputError('secondsAgo', secondsAgo, 'must be an integer in [1, 2^32 − 1] (OracleLibrary: BP)');
  }
}
