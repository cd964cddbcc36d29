import fc from 'fast-check';
import { expect, test } from 'vitest';
import { MAX_INT128, MAX_UINT160, MIN_INT128 } from '../../src/uniswap-v3/constants.js';
import { toInt128, toInt256, toUint160 } from '../../src/uniswap-v3/safe-cast.js';
import { outcome, wideBigUint } from './helpers.js';

const REVERT = { ok: false, reason: 'SAFECAST_OVERFLOW' };

test('toUint160: identity up to 2^160 − 1, revert beyond', () => {
  expect(toUint160(0n)).toBe(0n);
  expect(toUint160(MAX_UINT160)).toBe(MAX_UINT160);
  expect(outcome(() => toUint160(MAX_UINT160 + 1n))).toEqual(REVERT);
  expect(outcome(() => toUint160((1n << 256n) - 1n))).toEqual(REVERT);
  fc.assert(
    fc.property(wideBigUint(256), (y) => {
      const r = outcome(() => toUint160(y));
      expect(r).toEqual(BigInt.asUintN(160, y) === y ? { ok: true, value: y } : REVERT);
    }),
    { numRuns: 5_000, seed: 51 },
  );
});

test('toInt128: identity on [−2^127, 2^127 − 1], revert outside', () => {
  expect(toInt128(MIN_INT128)).toBe(MIN_INT128);
  expect(toInt128(MAX_INT128)).toBe(MAX_INT128);
  expect(outcome(() => toInt128(MAX_INT128 + 1n))).toEqual(REVERT);
  expect(outcome(() => toInt128(MIN_INT128 - 1n))).toEqual(REVERT);
  fc.assert(
    fc.property(wideBigUint(255), fc.boolean(), (m, neg) => {
      const y = neg ? -m : m;
      expect(outcome(() => toInt128(y))).toEqual(BigInt.asIntN(128, y) === y ? { ok: true, value: y } : REVERT);
    }),
    { numRuns: 5_000, seed: 52 },
  );
});

test('toInt256: identity below 2^255, revert from 2^255', () => {
  expect(toInt256(0n)).toBe(0n);
  expect(toInt256((1n << 255n) - 1n)).toBe((1n << 255n) - 1n);
  expect(outcome(() => toInt256(1n << 255n))).toEqual(REVERT);
  expect(outcome(() => toInt256((1n << 256n) - 1n))).toEqual(REVERT);
});
