/**
 * LiquidityAmounts (v3-periphery): liquidity for token amounts and back, rounding down
 * everywhere as the periphery does (the NonfungiblePositionManager mints with these).
 */
import { MAX_UINT128 } from './constants.js';
import { UniswapV3Error } from './errors.js';
import { mulDiv } from './full-math.js';

const Q96 = 1n << 96n;

/** The periphery's private toUint128: revert instead of truncating. */
function toUint128(x: bigint): bigint {
  if (x > MAX_UINT128) throw new UniswapV3Error('SAFECAST_OVERFLOW', `toUint128(${x})`);
  return x;
}

export function getLiquidityForAmount0(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, amount0: bigint): bigint {
  if (sqrtRatioAX96 > sqrtRatioBX96) {
    const t = sqrtRatioAX96;
    sqrtRatioAX96 = sqrtRatioBX96;
    sqrtRatioBX96 = t;
  }
  const intermediate = mulDiv(sqrtRatioAX96, sqrtRatioBX96, Q96);
  return toUint128(mulDiv(amount0, intermediate, sqrtRatioBX96 - sqrtRatioAX96));
}

export function getLiquidityForAmount1(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, amount1: bigint): bigint {
  const diff = sqrtRatioAX96 > sqrtRatioBX96 ? sqrtRatioAX96 - sqrtRatioBX96 : sqrtRatioBX96 - sqrtRatioAX96;
  return toUint128(mulDiv(amount1, Q96, diff));
}

/** The most liquidity that amount0 and amount1 can back in [A, B] at price √P. */
export function getLiquidityForAmounts(
  sqrtRatioX96: bigint,
  sqrtRatioAX96: bigint,
  sqrtRatioBX96: bigint,
  amount0: bigint,
  amount1: bigint,
): bigint {
  if (sqrtRatioAX96 > sqrtRatioBX96) {
    const t = sqrtRatioAX96;
    sqrtRatioAX96 = sqrtRatioBX96;
    sqrtRatioBX96 = t;
  }
  if (sqrtRatioX96 <= sqrtRatioAX96) return getLiquidityForAmount0(sqrtRatioAX96, sqrtRatioBX96, amount0);
  if (sqrtRatioX96 < sqrtRatioBX96) {
    const liquidity0 = getLiquidityForAmount0(sqrtRatioX96, sqrtRatioBX96, amount0);
    const liquidity1 = getLiquidityForAmount1(sqrtRatioAX96, sqrtRatioX96, amount1);
    return liquidity0 < liquidity1 ? liquidity0 : liquidity1;
  }
  return getLiquidityForAmount1(sqrtRatioAX96, sqrtRatioBX96, amount1);
}

export function getAmount0ForLiquidity(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, liquidity: bigint): bigint {
  if (sqrtRatioAX96 > sqrtRatioBX96) {
    const t = sqrtRatioAX96;
    sqrtRatioAX96 = sqrtRatioBX96;
    sqrtRatioBX96 = t;
  }
  const scaled = mulDiv(liquidity << 96n, sqrtRatioBX96 - sqrtRatioAX96, sqrtRatioBX96);
  // Solidity's checked `/` panics on a zero divisor.
  if (sqrtRatioAX96 === 0n) throw new UniswapV3Error('SQRT_PRICE_ZERO');
  return scaled / sqrtRatioAX96;
}

export function getAmount1ForLiquidity(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, liquidity: bigint): bigint {
  const diff = sqrtRatioAX96 > sqrtRatioBX96 ? sqrtRatioAX96 - sqrtRatioBX96 : sqrtRatioBX96 - sqrtRatioAX96;
  return mulDiv(liquidity, diff, Q96);
}

/** Token amounts that liquidity in [A, B] is worth at price √P (both rounded down). */
export function getAmountsForLiquidity(
  sqrtRatioX96: bigint,
  sqrtRatioAX96: bigint,
  sqrtRatioBX96: bigint,
  liquidity: bigint,
): { amount0: bigint; amount1: bigint } {
  if (sqrtRatioAX96 > sqrtRatioBX96) {
    const t = sqrtRatioAX96;
    sqrtRatioAX96 = sqrtRatioBX96;
    sqrtRatioBX96 = t;
  }
  if (sqrtRatioX96 <= sqrtRatioAX96) {
    return { amount0: getAmount0ForLiquidity(sqrtRatioAX96, sqrtRatioBX96, liquidity), amount1: 0n };
  }
  if (sqrtRatioX96 < sqrtRatioBX96) {
    return {
      amount0: getAmount0ForLiquidity(sqrtRatioX96, sqrtRatioBX96, liquidity),
      amount1: getAmount1ForLiquidity(sqrtRatioAX96, sqrtRatioX96, liquidity),
    };
  }
  return { amount0: 0n, amount1: getAmount1ForLiquidity(sqrtRatioAX96, sqrtRatioBX96, liquidity) };
}
