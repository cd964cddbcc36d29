import fc from 'fast-check';
import { expect, test } from 'vitest';
import { MAX_INT128, MAX_UINT128, MIN_INT128 } from '../../src/uniswap-v3/constants.js';
import { addDelta } from '../../src/uniswap-v3/liquidity-math.js';
import { addDeltaL } from './evm-literal.js';
import { B, J, outcome, wideBigUint } from './helpers.js';
import { sdk } from './sdk.js';

const uint128 = wideBigUint(128);
const int128 = fc.oneof(
  wideBigUint(127).map((x) => (x > MAX_INT128 ? MAX_INT128 : x)),
  wideBigUint(127).map((x) => -x),
  fc.constantFrom(MIN_INT128, MAX_INT128, 0n, -1n, 1n),
);

test("addDelta: the contract's cases", () => {
  expect(addDelta(1n, 0n)).toBe(1n);
  expect(addDelta(1n, -1n)).toBe(0n);
  expect(addDelta(1n, 1n)).toBe(2n);
  expect(outcome(() => addDelta(MAX_UINT128 - 14n, 15n))).toEqual({ ok: false, reason: 'LA' });
  expect(outcome(() => addDelta(0n, -1n))).toEqual({ ok: false, reason: 'LS' });
  expect(outcome(() => addDelta(3n, -4n))).toEqual({ ok: false, reason: 'LS' });
  expect(addDelta(1n << 127n, MIN_INT128)).toBe(0n);
  expect(addDelta(MAX_UINT128 - MAX_INT128, MAX_INT128)).toBe(MAX_UINT128);
});

test('addDelta = the literal uint128-wrapping port (value or LS/LA), over wide inputs', () => {
  fc.assert(
    fc.property(uint128, int128, (x, y) => {
      const ours = outcome(() => addDelta(x, y));
      expect(ours).toEqual(outcome(() => addDeltaL(x, y)));
      const z = x + y;
      if (ours.ok) expect(ours.value).toBe(z);
      else expect(ours.reason).toBe(y < 0n ? 'LS' : 'LA');
    }),
    { numRuns: 30_000, seed: 41 },
  );
});

test('@uniswap/v3-sdk LiquidityMath.addDelta agrees when the contract returns; it never reverts', () => {
  let sdkOutOfRange = 0;
  fc.assert(
    fc.property(uint128, int128, (x, y) => {
      const ours = outcome(() => addDelta(x, y));
      const theirs = B(sdk.LiquidityMath.addDelta(J(x), J(y)));
      if (ours.ok) expect(theirs).toBe(ours.value);
      else {
        // deviation: negative or > 2^128 − 1 where the contract reverts 'LS' / 'LA'
        expect(theirs < 0n || theirs > MAX_UINT128).toBe(true);
        sdkOutOfRange++;
      }
    }),
    { numRuns: 10_000, seed: 42 },
  );
  expect(sdkOutOfRange).toBeGreaterThan(0);
});
