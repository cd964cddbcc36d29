// Aave MathUtils accumulators and ReserveLogic index updates: exact small cases and properties
// (compounded ≥ linear, indices non-decreasing in time).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import {
  calculateCompoundedInterest,
  calculateCompoundedInterestOrigin,
  calculateLinearInterest,
  SECONDS_PER_YEAR,
} from '../../src/lending/aave-math-utils.js';
import { getNormalizedDebt, getNormalizedIncome, updateIndexes } from '../../src/lending/aave-reserve-logic.js';
import { RAY, rayMul } from '../../src/lending/wad-ray-math.js';

const pct = (p: number): bigint => (BigInt(Math.round(p * 1e6)) * RAY) / 100_000_000n;
const T0 = 1_700_000_000n;

describe('calculateLinearInterest', () => {
  it('is 1 + r·Δt/year, truncated', () => {
    expect(calculateLinearInterest(pct(5), T0, T0 + SECONDS_PER_YEAR)).toBe(RAY + pct(5));
    expect(calculateLinearInterest(pct(5), T0, T0)).toBe(RAY);
    expect(calculateLinearInterest(7n, T0, T0 + 1n)).toBe(RAY); // 7/31536000 truncates to 0
    expect(calculateLinearInterest(RAY, T0, T0 + 86_400n)).toBe(RAY + (RAY * 86_400n) / SECONDS_PER_YEAR);
  });
});

describe('calculateCompoundedInterest (v3.0 binomial)', () => {
  it('is exactly 1 for Δt = 0 and 1 + r/year for Δt = 1 (the higher terms vanish)', () => {
    expect(calculateCompoundedInterest(pct(80), T0, T0)).toBe(RAY);
    expect(calculateCompoundedInterest(pct(80), T0, T0 + 1n)).toBe(RAY + pct(80) / SECONDS_PER_YEAR);
  });

  it('matches the contract’s term-by-term truncation on a hand-worked case (r = 10 %, Δt = 2 s)', () => {
    const r = pct(10);
    const basePowerTwo = ((r * r + RAY / 2n) / RAY) / (SECONDS_PER_YEAR * SECONDS_PER_YEAR);
    // exp = 2: second term 2·1·b²/2 = b², third term 0 (expMinusTwo = 0).
    expect(calculateCompoundedInterest(r, T0, T0 + 2n)).toBe(RAY + (r * 2n) / SECONDS_PER_YEAR + basePowerTwo);
  });

  it('lies between linear interest and e^{rt}, and within its truncation error of the exact three-term binomial', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3_000_000 }), fc.bigInt({ min: 0n, max: 5n * 365n * 86_400n }), (rateE6, dt) => {
        const rate = (BigInt(rateE6) * RAY) / 1_000_000n; // up to 300 % APR
        const compounded = calculateCompoundedInterest(rate, T0, T0 + dt);
        const linear = calculateLinearInterest(rate, T0, T0 + dt);
        expect(compounded).toBeGreaterThanOrEqual(linear);
        const x = (rateE6 / 1e6) * (Number(dt) / Number(SECONDS_PER_YEAR));
        const approx = Number(compounded) / 1e27;
        expect(approx).toBeLessThanOrEqual(Math.exp(x) * (1 + 1e-15));
        const n = Number(dt);
        const y = rateE6 / 1e6 / Number(SECONDS_PER_YEAR);
        const binomial3 = 1 + n * y + ((n * (n - 1)) / 2) * y * y + ((n * (n - 1) * Math.max(n - 2, 0)) / 6) * y ** 3;
        // The contract truncates x² and x³ (per second, in ray) to whole wei before scaling them
        // by n(n−1)/2 and n(n−1)(n−2)/6: each can lose up to that many wei.
        const truncation = ((n * n) / 2 + (n * n * n) / 6) * 1e-27;
        expect(Math.abs(approx - binomial3)).toBeLessThanOrEqual(truncation + 1e-12 * binomial3);
      }),
      { seed: 41, numRuns: 300 },
    );
  });

  it('the aave-v3-origin variant is 1 + x + x²/2 + x³/6 with x = rΔt/year', () => {
    const r = pct(10);
    const x = r; // one year
    expect(calculateCompoundedInterestOrigin(r, T0, T0 + SECONDS_PER_YEAR)).toBe(
      RAY + x + rayMul(x, x / 2n + rayMul(x, x / 6n)),
    );
    expect(Number(calculateCompoundedInterestOrigin(r, T0, T0 + SECONDS_PER_YEAR)) / 1e27).toBeCloseTo(1 + 0.1 + 0.005 + 0.1 ** 3 / 6, 15);
    expect(calculateCompoundedInterestOrigin(r, T0, T0)).toBe(RAY);
  });

  it('refuses a clock running backwards', () => {
    expect(() => calculateCompoundedInterest(pct(5), T0, T0 - 1n)).toThrow(InvalidInputError);
    expect(() => calculateLinearInterest(pct(5), T0, T0 - 1n)).toThrow(InvalidInputError);
  });
});

describe('ReserveLogic index updates', () => {
  const reserve = {
    liquidityIndexRay: RAY + RAY / 50n,
    variableBorrowIndexRay: RAY + RAY / 20n,
    currentLiquidityRateRay: pct(3),
    currentVariableBorrowRateRay: pct(6),
    scaledVariableDebt: 10n ** 24n,
    lastUpdateTimestampSeconds: T0,
  };

  it('liquidity index: linear; borrow index: compounded; both rayMul’d onto the old index', () => {
    const t = T0 + 86_400n * 30n;
    const next = updateIndexes(reserve, t);
    expect(next.liquidityIndexRay).toBe(rayMul(calculateLinearInterest(pct(3), T0, t), reserve.liquidityIndexRay));
    expect(next.variableBorrowIndexRay).toBe(rayMul(calculateCompoundedInterest(pct(6), T0, t), reserve.variableBorrowIndexRay));
    expect(next.lastUpdateTimestampSeconds).toBe(t);
    expect(getNormalizedIncome(reserve, t)).toBe(next.liquidityIndexRay);
    expect(getNormalizedDebt(reserve, t)).toBe(next.variableBorrowIndexRay);
  });

  it('leaves an index alone when there is no income or no variable debt, and everything alone at Δt = 0', () => {
    const t = T0 + 1000n;
    expect(updateIndexes({ ...reserve, currentLiquidityRateRay: 0n }, t).liquidityIndexRay).toBe(reserve.liquidityIndexRay);
    expect(updateIndexes({ ...reserve, scaledVariableDebt: 0n }, t).variableBorrowIndexRay).toBe(reserve.variableBorrowIndexRay);
    expect(updateIndexes(reserve, T0)).toEqual({
      liquidityIndexRay: reserve.liquidityIndexRay,
      variableBorrowIndexRay: reserve.variableBorrowIndexRay,
      lastUpdateTimestampSeconds: T0,
    });
  });

  it('indices are non-decreasing in time', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n * RAY }),
        fc.bigInt({ min: 0n, max: 2n * RAY }),
        fc.bigInt({ min: 0n, max: 10n ** 8n }),
        fc.bigInt({ min: 0n, max: 10n ** 8n }),
        (liquidityRate, borrowRate, d1, d2) => {
          const [a, b] = d1 <= d2 ? [d1, d2] : [d2, d1];
          const s = { ...reserve, currentLiquidityRateRay: liquidityRate, currentVariableBorrowRateRay: borrowRate };
          const early = updateIndexes(s, T0 + a);
          const late = updateIndexes(s, T0 + b);
          expect(early.liquidityIndexRay).toBeGreaterThanOrEqual(reserve.liquidityIndexRay);
          expect(early.variableBorrowIndexRay).toBeGreaterThanOrEqual(reserve.variableBorrowIndexRay);
          expect(late.liquidityIndexRay).toBeGreaterThanOrEqual(early.liquidityIndexRay);
          expect(late.variableBorrowIndexRay).toBeGreaterThanOrEqual(early.variableBorrowIndexRay);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('refuses an index beyond uint128 (SafeCast)', () => {
    expect(() => updateIndexes({ ...reserve, liquidityIndexRay: (1n << 128n) - 1n, currentLiquidityRateRay: RAY }, T0 + SECONDS_PER_YEAR)).toThrow(
      InvalidInputError,
    );
  });
});
