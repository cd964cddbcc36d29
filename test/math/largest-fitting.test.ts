import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { largestFitting } from '../../src/math/largest-fitting.js';

describe('largestFitting', () => {
  it('finds the exact boundary of a monotone test in about log2(max) tests', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 200n }), fc.bigInt({ min: -5n, max: (1n << 200n) + 5n }), (max, boundary) => {
        let tests = 0;
        const found = largestFitting(max, (x) => {
          tests++;
          return x <= boundary;
        });
        const expected = boundary < 0n ? 0n : boundary < max ? boundary : max;
        expect(found).toBe(expected);
        expect(tests).toBeLessThanOrEqual(max.toString(2).length + 2);
      }),
      { seed: 8, numRuns: 300 },
    );
  });

  it('never tests beyond [1, max] and gives 0 for an empty range', () => {
    const seen: bigint[] = [];
    expect(largestFitting(0n, () => true)).toBe(0n);
    expect(largestFitting(-3n, () => true)).toBe(0n);
    largestFitting(1000n, (x) => {
      seen.push(x);
      return x < 10n;
    });
    expect(seen.every((x) => x >= 1n && x <= 1000n)).toBe(true);
  });
});
