/**
 * Impermanent loss, IL = V_LP(P₁)/V_HODL(P₁) − 1 with fees excluded, for constant-product and
 * concentrated-liquidity (Uniswap v3 range) positions. P is the price of token0 (the risky
 * asset) in token1 (the numeraire). IL is ≤ 0 by construction.
 */
import { InvalidInputError, requireNonNegative, requirePositive } from '../errors.js';

export interface PriceRange {
  /** Lower price bound p_a (token1 per token0); 0 with an infinite upper bound is the full range. */
  priceLower: number;
  /** Upper price bound p_b. */
  priceUpper: number;
}

export interface TokenAmounts {
  amount0: number;
  amount1: number;
}

export interface ConcentratedIlInput extends PriceRange {
  /** P₀, the price when the position was opened. */
  priceInitial: number;
  /** k = P₁/P₀. */
  priceRatio: number;
}

/** Constant product (v2, or v3 over the full range): IL(k) = 2√k/(1 + k) − 1. */
export function impermanentLossConstantProduct(priceRatio: number): number {
  requirePositive('priceRatio', priceRatio);
  return (2 * Math.sqrt(priceRatio)) / (1 + priceRatio) - 1;
}

/**
 * Token amounts of a range position of liquidity L at price P (clamped to the range):
 * x = L(1/√P − 1/√p_b), y = L(√P − √p_a).
 */
export function concentratedAmounts(liquidity: number, price: number, range: PriceRange): TokenAmounts {
  requirePositive('price', price);
  checkRange(range);
  if (!(Number.isFinite(liquidity) && liquidity >= 0)) {
    throw new InvalidInputError('liquidity', liquidity, 'must be a finite number >= 0');
  }
  const sqrtA = Math.sqrt(range.priceLower);
  const sqrtB = Math.sqrt(range.priceUpper);
  const sqrtP = Math.min(Math.max(Math.sqrt(price), sqrtA), sqrtB);
  return { amount0: liquidity * (1 / sqrtP - 1 / sqrtB), amount1: liquidity * (sqrtP - sqrtA) };
}

/** Value in token1 of a range position: x·P + y (L(2√P − √p_a − P/√p_b) in range). */
export function concentratedValue(liquidity: number, price: number, range: PriceRange): number {
  const { amount0, amount1 } = concentratedAmounts(liquidity, price, range);
  return amount0 * price + amount1;
}

/** IL of a range position, computed directly from the reserve curves; valid in and out of range. */
export function impermanentLossConcentrated(input: ConcentratedIlInput): number {
  requirePositive('priceInitial', input.priceInitial);
  requirePositive('priceRatio', input.priceRatio);
  const priceFinal = input.priceInitial * input.priceRatio;
  // L cancels in the ratio, so a unit position suffices.
  const start = concentratedAmounts(1, input.priceInitial, input);
  const hodl = start.amount0 * priceFinal + start.amount1;
  return concentratedValue(1, priceFinal, input) / hodl - 1;
}

/**
 * Erins' closed form (Auditless, 2021), valid while P₀ and P₁ are both inside [p_a, p_b]:
 * IL_{a,b}(k) = IL(k) / [1 − (√(p_a/P₀) + k√(P₀/p_b))/(1 + k)].
 */
export function impermanentLossConcentratedClosedForm(input: ConcentratedIlInput): number {
  requirePositive('priceInitial', input.priceInitial);
  requirePositive('priceRatio', input.priceRatio);
  checkRange(input);
  const p0 = input.priceInitial;
  const k = input.priceRatio;
  const p1 = p0 * k;
  for (const [field, p] of [
    ['priceInitial', p0],
    ['priceInitial * priceRatio', p1],
  ] as const) {
    if (p < input.priceLower || p > input.priceUpper) {
      throw new InvalidInputError(field, p, `closed form needs the price inside [${input.priceLower}, ${input.priceUpper}]`);
    }
  }
  const denominator = 1 - (Math.sqrt(input.priceLower / p0) + k * Math.sqrt(p0 / input.priceUpper)) / (1 + k);
  return impermanentLossConstantProduct(k) / denominator;
}

export function checkRange(range: PriceRange): void {
  // [0, +Infinity) is the full range, i.e. the constant-product curve.
  requireNonNegative('priceLower', range.priceLower);
  if (!(range.priceUpper > range.priceLower)) {
    throw new InvalidInputError('priceUpper', range.priceUpper, `must be > priceLower (${range.priceLower})`);
  }
}
