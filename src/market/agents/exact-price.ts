// Exact conversions between a float price and the pool's Q64.96 square root. A float is an exact
// dyadic rational, so ⌊√(price)·2^96⌋ can be computed without rounding: the arbitrageur's
// target then depends on the price alone, never on how the float happened to be squared.
import { InvalidInputError } from '../../errors.js';
import { exactBinaryFraction } from '../money.js';
import { MAX_SQRT_RATIO, MIN_SQRT_RATIO } from '../../uniswap-v3/tick-math.js';

/** A non-negative rational num/den with den > 0 (not necessarily reduced). */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

const Q96_FLOAT = 2 ** 96;

/** The exact value of a finite float ≥ 0 as num/den with den a power of two (money.ts reads its bits). */
export function floatToRatio(value: number): Ratio {
  if (!(Number.isFinite(value) && value >= 0)) throw new InvalidInputError('value', value, 'must be a finite number >= 0');
  const { numerator, denominator } = exactBinaryFraction(value);
  return { num: numerator, den: denominator };
}

/**
 * The number of bits of n > 0. The float logarithm is only a guess (Number(n) may round up to
 * the next power of two); one shift on each side corrects it, which is far cheaper than
 * printing the number in binary.
 */
export function bitLength(n: bigint): number {
  const approx = Number(n);
  if (!Number.isFinite(approx)) return n.toString(2).length;
  let exponent = Math.floor(Math.log2(approx));
  if (n >> BigInt(exponent) === 0n) exponent--;
  else if (n >> BigInt(exponent + 1) !== 0n) exponent++;
  return exponent + 1;
}

const SEED_MARGIN = 1 + 2 ** -50;

/** ⌊√n⌋ for n ≥ 0 (Newton's method from an upper bound, so it decreases monotonically). */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new InvalidInputError('n', n, 'must be >= 0');
  if (n < 2n) return n;
  // The float root is within 2^-51 of the true one; widened by 2^-50 and rounded up it is an
  // upper bound, so Newton's iteration starts one or two steps from the answer.
  const floatRoot = Math.sqrt(Number(n));
  let x = Number.isFinite(floatRoot) ? BigInt(Math.ceil(floatRoot * SEED_MARGIN)) + 1n : 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const next = (x + n / x) >> 1n;
    if (next >= x) return x;
    x = next;
  }
}

/**
 * ⌊√(num/den)·2^96⌋: the Q64.96 square root of a rational price (token1 base units per token0
 * base unit), clamped into the pool's open price interval (MIN_SQRT_RATIO, MAX_SQRT_RATIO).
 */
export function ratioToSqrtPriceX96(price: Ratio): bigint {
  if (price.den <= 0n || price.num < 0n) throw new InvalidInputError('price', `${price.num}/${price.den}`, 'must be a ratio >= 0');
  // ⌊√⌊x⌋⌋ = ⌊√x⌋ for real x ≥ 0, so the division may truncate first.
  const root = isqrt((price.num << 192n) / price.den);
  if (root <= MIN_SQRT_RATIO) return MIN_SQRT_RATIO + 1n;
  if (root >= MAX_SQRT_RATIO) return MAX_SQRT_RATIO - 1n;
  return root;
}

/** ⌊√(price)·2^96⌋ for a float price (token1 base units per token0 base unit), exactly. */
export function priceToSqrtPriceX96(price: number): bigint {
  if (!(Number.isFinite(price) && price > 0)) throw new InvalidInputError('price', price, 'must be a finite number > 0');
  return ratioToSqrtPriceX96(floatToRatio(price));
}

/** The pool price (token1 base units per token0 base unit) as a float: (√P / 2^96)². */
export function sqrtPriceX96ToPrice(sqrtPriceX96: bigint): number {
  const root = Number(sqrtPriceX96) / Q96_FLOAT;
  return root * root;
}

/** num/den as a float (within an ulp) even when either is far beyond the float range. */
export function ratioToNumber(num: bigint, den: bigint): number {
  if (den === 0n) throw new InvalidInputError('den', den, 'must be non-zero');
  if (num === 0n) return 0;
  const negative = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  // a 64-to-65-bit integer quotient q = n/d·2^shift, then scaled back in two halves so that
  // neither power of two overflows while the result is still representable
  const shift = bitLength(d) - bitLength(n) + 64;
  const q = shift >= 0 ? (n << BigInt(shift)) / d : n / (d << BigInt(-shift));
  const half = Math.trunc(shift / 2);
  const value = Number(q) * 2 ** -half * 2 ** -(shift - half);
  return negative ? -value : value;
}
