import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MAX_UINT256, Q128 } from '../../src/uniswap-v3/constants.js';
import { mulDiv, mulDivRoundingUp } from '../../src/uniswap-v3/full-math.js';
import { mulDivL, mulDivRoundingUpL } from './evm-literal.js';
import { B, J, outcome, wideBigUint } from './helpers.js';
import { sdk } from './sdk.js';

const u256 = wideBigUint(256);
const TWO_256 = MAX_UINT256 + 1n;

/** What the contract must return: ⌊a·b/d⌋ (or ⌈⌉), or a revert when d = 0 or the result needs 257 bits. */
function expected(a: bigint, b: bigint, d: bigint, up: boolean) {
  if (d === 0n) return { ok: false as const, reason: 'MULDIV_ZERO_DENOMINATOR' };
  const q = (a * b) / d + (up && (a * b) % d !== 0n ? 1n : 0n);
  return q >= TWO_256 ? { ok: false as const, reason: 'MULDIV_OVERFLOW' } : { ok: true as const, value: q };
}

describe('mulDiv', () => {
  test('v3-core FullMath.spec cases', () => {
    expect(outcome(() => mulDiv(Q128, 5n, 0n))).toEqual({ ok: false, reason: 'MULDIV_ZERO_DENOMINATOR' });
    expect(outcome(() => mulDiv(Q128, Q128, 0n))).toEqual({ ok: false, reason: 'MULDIV_ZERO_DENOMINATOR' });
    expect(outcome(() => mulDiv(Q128, Q128, 1n))).toEqual({ ok: false, reason: 'MULDIV_OVERFLOW' });
    expect(outcome(() => mulDiv(MAX_UINT256, MAX_UINT256, MAX_UINT256 - 1n))).toEqual({ ok: false, reason: 'MULDIV_OVERFLOW' });
    expect(mulDiv(MAX_UINT256, MAX_UINT256, MAX_UINT256)).toBe(MAX_UINT256);
    expect(mulDiv(Q128, (50n * Q128) / 100n, (150n * Q128) / 100n)).toBe(Q128 / 3n);
    expect(mulDiv(Q128, 35n * Q128, 8n * Q128)).toBe((4375n * Q128) / 1000n);
    expect(mulDiv(Q128, 1000n * Q128, 3000n * Q128)).toBe(Q128 / 3n);
  });

  test('= ⌊a·b/d⌋ exactly, and = the literal 512-bit CRT port, over wide uint256 inputs', () => {
    fc.assert(
      fc.property(u256, u256, u256, (a, b, d) => {
        const ours = outcome(() => mulDiv(a, b, d));
        expect(ours).toEqual(expected(a, b, d, false));
        expect(outcome(() => mulDivL(a, b, d))).toEqual(ours);
      }),
      { numRuns: 30_000, seed: 1 },
    );
  });

  test('results near the 2^256 edge: d chosen so a·b/d straddles 2^256', () => {
    fc.assert(
      fc.property(wideBigUint(256, 129), wideBigUint(256, 129), fc.bigInt({ min: -2n, max: 2n }), (a, b, k) => {
        const d = (a * b) / MAX_UINT256 + k;
        if (d <= 0n) return;
        expect(outcome(() => mulDiv(a, b, d))).toEqual(expected(a, b, d, false));
        expect(outcome(() => mulDivRoundingUp(a, b, d))).toEqual(expected(a, b, d, true));
        expect(outcome(() => mulDivL(a, b, d))).toEqual(expected(a, b, d, false));
        expect(outcome(() => mulDivRoundingUpL(a, b, d))).toEqual(expected(a, b, d, true));
      }),
      { numRuns: 10_000, seed: 2 },
    );
  });
});

describe('mulDivRoundingUp', () => {
  test('v3-core FullMath.spec cases', () => {
    expect(outcome(() => mulDivRoundingUp(Q128, 5n, 0n)).ok).toBe(false);
    expect(outcome(() => mulDivRoundingUp(Q128, Q128, 1n)).ok).toBe(false);
    expect(mulDivRoundingUp(MAX_UINT256, MAX_UINT256, MAX_UINT256)).toBe(MAX_UINT256);
    expect(
      outcome(() =>
        mulDivRoundingUp(535006138814359n, 432862656469423142931042426214547535783388063929571229938474969n, 2n),
      ),
    ).toEqual({ ok: false, reason: 'MULDIV_OVERFLOW' });
    expect(
      outcome(() =>
        mulDivRoundingUp(
          115792089237316195423570985008687907853269984659341747863450311749907997002549n,
          115792089237316195423570985008687907853269984659341747863450311749907997002550n,
          115792089237316195423570985008687907853269984653042931687443039491902864365164n,
        ),
      ),
    ).toEqual({ ok: false, reason: 'MULDIV_OVERFLOW' });
    expect(mulDivRoundingUp(Q128, 35n * Q128, 8n * Q128)).toBe((4375n * Q128) / 1000n);
    expect(mulDivRoundingUp(Q128, 1000n * Q128, 3000n * Q128)).toBe(Q128 / 3n + 1n);
  });

  test('= ⌈a·b/d⌉ exactly, and = the literal port, over wide uint256 inputs', () => {
    fc.assert(
      fc.property(u256, u256, u256, (a, b, d) => {
        const ours = outcome(() => mulDivRoundingUp(a, b, d));
        expect(ours).toEqual(expected(a, b, d, true));
        expect(outcome(() => mulDivRoundingUpL(a, b, d))).toEqual(ours);
      }),
      { numRuns: 30_000, seed: 3 },
    );
  });

  test('@uniswap/v3-sdk FullMath.mulDivRoundingUp agrees wherever the contract returns; it never checks overflow', () => {
    let sdkReturnedPastUint256 = 0;
    fc.assert(
      fc.property(u256, u256, wideBigUint(256, 1), (a, b, d) => {
        const ours = outcome(() => mulDivRoundingUp(a, b, d));
        const theirs = B(sdk.FullMath.mulDivRoundingUp(J(a), J(b), J(d)));
        if (ours.ok) expect(theirs).toBe(ours.value);
        else {
          // deviation: the contract reverts, the SDK returns the unbounded quotient
          expect(theirs >= TWO_256).toBe(true);
          sdkReturnedPastUint256++;
        }
      }),
      { numRuns: 20_000, seed: 4 },
    );
    expect(sdkReturnedPastUint256).toBeGreaterThan(0);
  });
});
