/** Shared test helpers: outcome capture, JSBI conversion, wide-magnitude arbitraries. */
import fc from 'fast-check';
import { JSBI } from './sdk.js';
import { UniswapV3Error } from '../../src/uniswap-v3/errors.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Runs f and records its value or its revert reason (non-Uniswap errors become `throw:<name>`). */
export function outcome<T>(f: () => T): Outcome<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof UniswapV3Error) return { ok: false, reason: e.reason };
    return { ok: false, reason: `throw:${(e as Error).name}` };
  }
}

export const J = (x: bigint): JSBI => JSBI.BigInt(x.toString());
export const B = (x: JSBI): bigint => BigInt(x.toString());

/** Uniform bit length in [minBits, maxBits], then a uniform value of that length: every magnitude gets its share. */
export function wideBigUint(maxBits: number, minBits = 0): fc.Arbitrary<bigint> {
  return fc.integer({ min: minBits, max: maxBits }).chain((bits) =>
    bits === 0 ? fc.constant(0n) : fc.bigInt({ min: 1n << BigInt(bits - 1), max: (1n << BigInt(bits)) - 1n }),
  );
}

/** A wide value clamped into [min, max]. */
export function wideInRange(min: bigint, max: bigint): fc.Arbitrary<bigint> {
  const bits = max.toString(2).length;
  return fc.oneof(
    wideBigUint(bits).map((x) => (x < min ? min + x : x > max ? max - (x % (max - min + 1n)) : x)).filter((x) => x >= min && x <= max),
    fc.bigInt({ min, max }),
    fc.constantFrom(min, max),
  );
}

export const FEE_TIERS = [100, 500, 3000, 10000] as const;
export const feeArb: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...FEE_TIERS),
  fc.integer({ min: 0, max: 999_999 }),
  fc.constantFrom(0, 1, 999_999),
);
