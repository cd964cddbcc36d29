import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { leastSignificantBit, mostSignificantBit } from '../../src/uniswap-v3/bit-math.js';
import { J, outcome, wideBigUint } from './helpers.js';
import { sdk } from './sdk.js';

/** The contract's binary searches, literally. */
function msbL(x: bigint): number {
  let r = 0;
  for (const s of [128, 64, 32, 16, 8, 4, 2, 1]) {
    if (x >= 1n << BigInt(s)) {
      x >>= BigInt(s);
      r += s;
    }
  }
  return r;
}
function lsbL(x: bigint): number {
  let r = 255;
  for (const s of [128, 64, 32, 16, 8, 4, 2, 1]) {
    if ((x & ((1n << BigInt(s)) - 1n)) > 0n) r -= s;
    else x >>= BigInt(s);
  }
  return r;
}

const u256 = wideBigUint(256, 1);

describe('mostSignificantBit / leastSignificantBit', () => {
  test('every power of two, and its neighbours', () => {
    for (let i = 0; i < 256; i++) {
      const p = 1n << BigInt(i);
      expect(mostSignificantBit(p)).toBe(i);
      expect(leastSignificantBit(p)).toBe(i);
      expect(mostSignificantBit((p << 1n) - 1n)).toBe(i);
      expect(leastSignificantBit((1n << 256n) - p)).toBe(i);
      if (i > 0) {
        expect(mostSignificantBit(p + 1n)).toBe(i);
        expect(leastSignificantBit(p + 1n)).toBe(0);
        expect(mostSignificantBit(p - 1n)).toBe(i - 1);
      }
    }
  });

  test('= the literal binary searches and the bit string over wide uint256 inputs', () => {
    fc.assert(
      fc.property(u256, (x) => {
        expect(mostSignificantBit(x)).toBe(msbL(x));
        expect(mostSignificantBit(x)).toBe(x.toString(2).length - 1);
        expect(leastSignificantBit(x)).toBe(lsbL(x));
        expect(leastSignificantBit(x)).toBe(x.toString(2).length - 1 - x.toString(2).lastIndexOf('1'));
      }),
      { numRuns: 30_000, seed: 31 },
    );
  });

  test('agrees with @uniswap/v3-sdk mostSignificantBit', () => {
    fc.assert(
      fc.property(u256, (x) => {
        expect(mostSignificantBit(x)).toBe(sdk.mostSignificantBit(J(x)));
      }),
      { numRuns: 10_000, seed: 32 },
    );
  });

  test('zero reverts', () => {
    expect(outcome(() => mostSignificantBit(0n))).toEqual({ ok: false, reason: 'BITMATH_ZERO' });
    expect(outcome(() => leastSignificantBit(0n))).toEqual({ ok: false, reason: 'BITMATH_ZERO' });
  });
});
