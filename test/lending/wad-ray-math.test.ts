// WadRayMath and PercentageMath: half-up rounding, floor/ceil variants, and the contracts' reverts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import {
  percentDiv,
  percentDivCeil,
  percentDivFloor,
  percentMul,
  percentMulCeil,
  percentMulFloor,
} from '../../src/lending/percentage-math.js';
import { UINT256_MAX } from '../../src/lending/uint256.js';
import { RAY, rayDiv, rayMul, rayToWad, WAD, wadDiv, wadMul, wadToRay } from '../../src/lending/wad-ray-math.js';

const uint = (max: bigint = 10n ** 38n) => fc.bigInt({ min: 0n, max });

describe('WadRayMath', () => {
  it('rounds half up (hand-checked values)', () => {
    expect(wadMul(5n, WAD / 10n)).toBe(1n); // 0.5 → 1
    expect(wadMul(4n, WAD / 10n)).toBe(0n); // 0.4 → 0
    expect(rayMul(3n, RAY / 2n)).toBe(2n); // 1.5 → 2
    expect(rayDiv(1n, 3n * RAY)).toBe(0n); // 0.33 → 0
    expect(rayDiv(2n, 3n * RAY)).toBe(1n); // 0.67 → 1
    expect(wadDiv(1n, 2n * WAD)).toBe(1n); // 0.5 → 1
    expect(rayToWad(1_499_999_999n)).toBe(1n);
    expect(rayToWad(1_500_000_000n)).toBe(2n);
    expect(wadToRay(7n)).toBe(7n * 10n ** 9n);
    expect(rayMul(0n, 5n)).toBe(0n);
    expect(wadMul(0n, UINT256_MAX)).toBe(0n);
  });

  it('equal round-half-up of the exact rational result', () => {
    const roundHalfUp = (num: bigint, den: bigint): bigint => (2n * num + den) / (2n * den);
    fc.assert(
      fc.property(uint(), uint(), (a, b) => {
        expect(rayMul(a, b)).toBe(roundHalfUp(a * b, RAY));
        expect(wadMul(a, b)).toBe(roundHalfUp(a * b, WAD));
        if (b > 0n) {
          // b even: half-up of a/b exactly; odd b: the contract adds floor(b/2), i.e. rounds x.5⁻ down.
          expect(rayDiv(a, b)).toBe((a * RAY + b / 2n) / b);
          expect(wadDiv(a, b)).toBe((a * WAD + b / 2n) / b);
          const exact = Number(a * RAY) / Number(b);
          expect(Math.abs(Number(rayDiv(a, b)) - exact)).toBeLessThanOrEqual(0.5 + exact * 1e-12);
        }
        expect(rayToWad(wadToRay(a))).toBe(a);
      }),
      { seed: 21, numRuns: 300 },
    );
  });

  it('revert (throw) exactly where the contract does', () => {
    expect(() => rayMul(UINT256_MAX, 2n)).toThrow(InvalidInputError);
    expect(rayMul((UINT256_MAX - RAY / 2n) / 2n, 2n)).toBeGreaterThan(0n);
    expect(() => rayMul((UINT256_MAX - RAY / 2n) / 2n + 1n, 2n)).toThrow(InvalidInputError);
    expect(() => wadMul(UINT256_MAX, 2n)).toThrow(InvalidInputError);
    expect(() => rayDiv(1n, 0n)).toThrow(InvalidInputError);
    expect(() => wadDiv(1n, 0n)).toThrow(InvalidInputError);
    expect(() => rayDiv(UINT256_MAX / RAY + 1n, 1n)).toThrow(InvalidInputError);
    expect(() => wadToRay(UINT256_MAX / 10n ** 9n + 1n)).toThrow(InvalidInputError);
    expect(() => rayToWad(UINT256_MAX)).toThrow(InvalidInputError);
    expect(() => rayMul(-1n, 1n)).toThrow(InvalidInputError);
  });
});

describe('PercentageMath (bps)', () => {
  it('percentMul/percentDiv round half up; Floor/Ceil bracket the exact value', () => {
    expect(percentMul(1n, 5000n)).toBe(1n); // 0.5 → 1
    expect(percentMul(1n, 4999n)).toBe(0n);
    expect(percentMul(8500_000000n, 10500n)).toBe(8925_000000n);
    expect(percentDiv(10n, 3n)).toBe(33333n);
    fc.assert(
      fc.property(uint(), fc.bigInt({ min: 1n, max: 100_000n }), (v, p) => {
        const mulFloor = percentMulFloor(v, p);
        const mulCeil = percentMulCeil(v, p);
        expect(mulFloor * 10_000n).toBeLessThanOrEqual(v * p);
        expect(mulCeil * 10_000n).toBeGreaterThanOrEqual(v * p);
        expect(mulCeil - mulFloor).toBe((v * p) % 10_000n === 0n ? 0n : 1n);
        expect([mulFloor, mulCeil]).toContain(percentMul(v, p));
        const divFloor = percentDivFloor(v, p);
        const divCeil = percentDivCeil(v, p);
        expect(divFloor * p).toBeLessThanOrEqual(v * 10_000n);
        expect(divCeil * p).toBeGreaterThanOrEqual(v * 10_000n);
        expect([divFloor, divCeil]).toContain(percentDiv(v, p));
      }),
      { seed: 22, numRuns: 300 },
    );
  });

  it('reverts on division by 0 % and on overflow', () => {
    expect(() => percentDiv(1n, 0n)).toThrow(InvalidInputError);
    expect(() => percentDivFloor(1n, 0n)).toThrow(InvalidInputError);
    expect(() => percentMul(UINT256_MAX, 2n)).toThrow(InvalidInputError);
    expect(percentMul(UINT256_MAX, 0n)).toBe(0n);
  });
});
