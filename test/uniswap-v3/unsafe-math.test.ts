import fc from 'fast-check';
import { expect, test } from 'vitest';
import { divRoundingUp } from '../../src/uniswap-v3/unsafe-math.js';
import { divRoundingUpL } from './evm-literal.js';
import { wideBigUint } from './helpers.js';

test('divRoundingUp = ⌈x/y⌉ = the literal assembly port, over wide uint256 inputs', () => {
  fc.assert(
    fc.property(wideBigUint(256), wideBigUint(256, 1), (x, y) => {
      const ceil = x / y + (x % y === 0n ? 0n : 1n);
      expect(divRoundingUp(x, y)).toBe(ceil);
      expect(divRoundingUpL(x, y)).toBe(ceil);
    }),
    { numRuns: 30_000, seed: 21 },
  );
});

test('y = 0 gives 0 like the EVM div/mod, not a revert', () => {
  expect(divRoundingUp(0n, 0n)).toBe(0n);
  expect(divRoundingUp(12345n, 0n)).toBe(0n);
  expect(divRoundingUp((1n << 256n) - 1n, 0n)).toBe(0n);
});

test('exact quotients are not bumped; inexact ones are', () => {
  expect(divRoundingUp(10n, 5n)).toBe(2n);
  expect(divRoundingUp(11n, 5n)).toBe(3n);
  expect(divRoundingUp(0n, 7n)).toBe(0n);
  expect(divRoundingUp(1n, (1n << 256n) - 1n)).toBe(1n);
});
