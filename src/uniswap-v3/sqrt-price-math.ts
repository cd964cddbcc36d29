/**
 * SqrtPriceMath (v3-core): next price after adding/removing an amount, and the token amounts
 * between two prices. A line-by-line port; where Solidity 0.7 wraps (`amount * sqrtPX96`,
 * `numerator1 + product`) the overflow test is done on the exact bigint instead, which is the
 * same predicate (an exact product/sum exceeds 2^256 − 1 exactly when the wrapped one fails
 * the contract's check). Inputs are assumed to fit their Solidity types (uint160 prices,
 * uint128 liquidity, uint256 amounts); the amount deltas lean on that to drop bounds that
 * cannot trip inside those ranges.
 */
import { MAX_UINT160, MAX_UINT256 } from './constants.js';
import { UniswapV3Error } from './errors.js';
import { mulDiv, mulDivRoundingUp } from './full-math.js';
import { toInt256, toUint160 } from './safe-cast.js';
import { divRoundingUp } from './unsafe-math.js';

const Q96 = 1n << 96n;
const Q96_MASK = Q96 - 1n;

/** Price after moving amount of token0 in (add) or out: liquidity·√P / (liquidity ± amount·√P), rounded up. */
export function getNextSqrtPriceFromAmount0RoundingUp(
  sqrtPX96: bigint,
  liquidity: bigint,
  amount: bigint,
  add: boolean,
): bigint {
  // we short circuit amount == 0 because the result is otherwise not guaranteed to equal the input price
  if (amount === 0n) return sqrtPX96;
  const numerator1 = liquidity << 96n;
  const product = amount * sqrtPX96;
  if (add) {
    if (product <= MAX_UINT256) {
      const denominator = numerator1 + product;
      // the contract's uint160() is the identity here: ⌈numerator1·√P / (numerator1 + product)⌉ ≤ √P
      if (denominator <= MAX_UINT256) return mulDivRoundingUp(numerator1, sqrtPX96, denominator);
    }
    // The contract's fallback: ⌈numerator1 / (numerator1/√P + amount)⌉ with a checked add.
    const sum = numerator1 / sqrtPX96 + amount;
    if (sum > MAX_UINT256) throw new UniswapV3Error('MATH_OVERFLOW', 'numerator1 / sqrtPX96 + amount');
    return divRoundingUp(numerator1, sum) & MAX_UINT160;
  }
  // if the product overflows, we know the denominator underflows
  // in addition, we must check that the denominator does not underflow
  if (product > MAX_UINT256 || numerator1 <= product) {
    throw new UniswapV3Error('PRICE_OVERFLOW', 'amount0 out exceeds the virtual reserves');
  }
  return toUint160(mulDivRoundingUp(numerator1, sqrtPX96, numerator1 - product));
}

/** Price after moving amount of token1 in (add) or out: √P ± amount/liquidity, rounded down. */
export function getNextSqrtPriceFromAmount1RoundingDown(
  sqrtPX96: bigint,
  liquidity: bigint,
  amount: bigint,
  add: boolean,
): bigint {
  // if we're adding (subtracting), rounding down requires rounding the quotient down (up)
  // in both cases, avoid a mulDiv for most inputs
  if (add) {
    let quotient: bigint;
    if (amount <= MAX_UINT160) {
      // Solidity's checked `/` panics on a zero divisor.
      if (liquidity === 0n) throw new UniswapV3Error('LIQUIDITY_ZERO');
      quotient = (amount << 96n) / liquidity;
    } else {
      quotient = mulDiv(amount, Q96, liquidity);
    }
    const sum = sqrtPX96 + quotient;
    if (sum > MAX_UINT256) throw new UniswapV3Error('MATH_OVERFLOW', 'sqrtPX96 + quotient');
    return toUint160(sum);
  }
  const quotient =
    amount <= MAX_UINT160 ? divRoundingUp(amount << 96n, liquidity) : mulDivRoundingUp(amount, Q96, liquidity);
  if (!(sqrtPX96 > quotient)) throw new UniswapV3Error('PRICE_OVERFLOW', 'amount1 out exceeds the virtual reserves');
  // always fits 160 bits
  return sqrtPX96 - quotient;
}

export function getNextSqrtPriceFromInput(
  sqrtPX96: bigint,
  liquidity: bigint,
  amountIn: bigint,
  zeroForOne: boolean,
): bigint {
  if (sqrtPX96 === 0n) throw new UniswapV3Error('SQRT_PRICE_ZERO');
  if (liquidity === 0n) throw new UniswapV3Error('LIQUIDITY_ZERO');
  // round to make sure that we don't pass the target price
  return zeroForOne
    ? getNextSqrtPriceFromAmount0RoundingUp(sqrtPX96, liquidity, amountIn, true)
    : getNextSqrtPriceFromAmount1RoundingDown(sqrtPX96, liquidity, amountIn, true);
}

export function getNextSqrtPriceFromOutput(
  sqrtPX96: bigint,
  liquidity: bigint,
  amountOut: bigint,
  zeroForOne: boolean,
): bigint {
  if (sqrtPX96 === 0n) throw new UniswapV3Error('SQRT_PRICE_ZERO');
  if (liquidity === 0n) throw new UniswapV3Error('LIQUIDITY_ZERO');
  // round to make sure that we pass the target price
  return zeroForOne
    ? getNextSqrtPriceFromAmount1RoundingDown(sqrtPX96, liquidity, amountOut, false)
    : getNextSqrtPriceFromAmount0RoundingUp(sqrtPX96, liquidity, amountOut, false);
}

/**
 * liquidity·(√B − √A)/(√A·√B): token0 between two prices (order-free).
 * The contract divides twice, ⌈⌈x/√B⌉/√A⌉ or ⌊⌊x/√B⌋/√A⌋; nested integer floors (ceilings)
 * equal one floor (ceiling) of x/(√A·√B), so one bigint division does. Neither FullMath bound
 * can trip: √B − √A < √B keeps the inner quotient below liquidity·2^96 < 2^224.
 */
export function getAmount0Delta(
  sqrtRatioAX96: bigint,
  sqrtRatioBX96: bigint,
  liquidity: bigint,
  roundUp: boolean,
): bigint {
  if (sqrtRatioAX96 > sqrtRatioBX96) {
    const t = sqrtRatioAX96;
    sqrtRatioAX96 = sqrtRatioBX96;
    sqrtRatioBX96 = t;
  }
  if (sqrtRatioAX96 === 0n) throw new UniswapV3Error('SQRT_PRICE_ZERO');
  const numerator = (liquidity << 96n) * (sqrtRatioBX96 - sqrtRatioAX96);
  const denominator = sqrtRatioAX96 * sqrtRatioBX96;
  if (!roundUp) return numerator / denominator;
  return numerator === 0n ? 0n : (numerator - 1n) / denominator + 1n;
}

/**
 * liquidity·(√B − √A): token1 between two prices (order-free).
 * mulDiv(…, Q96) is a shift here; the product is below 2^288, so the quotient fits easily.
 */
export function getAmount1Delta(
  sqrtRatioAX96: bigint,
  sqrtRatioBX96: bigint,
  liquidity: bigint,
  roundUp: boolean,
): bigint {
  const product =
    liquidity * (sqrtRatioAX96 > sqrtRatioBX96 ? sqrtRatioAX96 - sqrtRatioBX96 : sqrtRatioBX96 - sqrtRatioAX96);
  // ⌈p / 2^96⌉ = ⌊(p + 2^96 − 1) / 2^96⌋ for p ≥ 0: one add instead of a remainder test and an add
  return roundUp ? (product + Q96_MASK) >> 96n : product >> 96n;
}

/**
 * The contract's `getAmount0Delta(uint160, uint160, int128) returns (int256)`: adding liquidity
 * owes the rounded-up amount, removing it pays out the rounded-down amount, negated.
 */
export function getAmount0DeltaSigned(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, liquidity: bigint): bigint {
  return liquidity < 0n
    ? -toInt256(getAmount0Delta(sqrtRatioAX96, sqrtRatioBX96, -liquidity, false))
    : toInt256(getAmount0Delta(sqrtRatioAX96, sqrtRatioBX96, liquidity, true));
}

/** The contract's `getAmount1Delta(uint160, uint160, int128) returns (int256)`. */
export function getAmount1DeltaSigned(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, liquidity: bigint): bigint {
  return liquidity < 0n
    ? -toInt256(getAmount1Delta(sqrtRatioAX96, sqrtRatioBX96, -liquidity, false))
    : toInt256(getAmount1Delta(sqrtRatioAX96, sqrtRatioBX96, liquidity, true));
}
