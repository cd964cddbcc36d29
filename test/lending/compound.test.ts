// Compound v2 jump-rate models and accrueInterest: InterestRateModelTest "chosen points" and
// the mainnet USDC model's per-block rates (exact), plus monotonicity and accrual properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import { accrueInterest, BORROW_RATE_MAX_MANTISSA } from '../../src/lending/compound-accrue.js';
import {
  borrowRatePerBlockMantissa,
  COMPOUND_BLOCKS_PER_YEAR,
  jumpRateModelV1,
  jumpRateModelV2,
  supplyRatePerBlockMantissa,
  utilizationRateMantissa,
} from '../../src/lending/compound-jump-rate.js';
import { loadQuantVectors } from '../vectors/load.js';

const compound = loadQuantVectors().lending.compound;
const E18 = 10n ** 18n;
const pct = (p: number): bigint => (BigInt(p) * E18) / 100n;
const fromDecimal = (s: string): bigint => {
  const [mantissa, exponent] = s.split('e') as [string, string];
  const [whole, fraction = ''] = mantissa.split('.');
  return BigInt(whole! + fraction) * 10n ** BigInt(Number(exponent) - fraction.length);
};

/** cash and borrows giving utilisation u exactly (reserves 0); no borrows at u = 0. */
const market = (uMantissa: bigint) => ({ cash: E18 - uMantissa, borrows: uMantissa, reserves: 0n });

describe('JumpRateModel (v1) — jumprate_chosen_points (exact per block)', () => {
  for (const p of compound.jumprate_chosen_points) {
    it(`jump ${p.jump_pct} %, kink ${p.kink_pct} %, base ${p.base_pct} %, slope ${p.slope_pct} %, U ${p.util_pct} % → ${p.expected_annual_borrow_pct} %/yr`, () => {
      const model = jumpRateModelV1({
        baseRatePerYearMantissa: pct(p.base_pct),
        multiplierPerYearMantissa: pct(p.slope_pct),
        jumpMultiplierPerYearMantissa: pct(p.jump_pct),
        kinkMantissa: pct(p.kink_pct),
      });
      const { cash, borrows, reserves } = market(pct(p.util_pct));
      const perBlock = borrowRatePerBlockMantissa(model, cash, borrows, reserves);
      expect(perBlock).toBe(BigInt(p.borrowRatePerBlock));
      const annualPct = (Number(perBlock * COMPOUND_BLOCKS_PER_YEAR) / 1e18) * 100;
      expect(Math.abs(annualPct - p.expected_annual_borrow_pct)).toBeLessThan(p.tolerance);
    });
  }
});

describe('LegacyJumpRateModelV2 — mainnet IRM_USDC_Updateable (exact per block)', () => {
  const params = compound.usdc_irm.params;
  const model = jumpRateModelV2({
    baseRatePerYearMantissa: BigInt(params.baseRatePerYear),
    multiplierPerYearMantissa: fromDecimal(params.multiplierPerYear),
    jumpMultiplierPerYearMantissa: fromDecimal(params.jumpMultiplierPerYear),
    kinkMantissa: fromDecimal(params.kink),
  });
  for (const point of compound.usdc_irm.points) {
    it(`U = ${point.util}: ${point.borrowRatePerBlock} per block`, () => {
      const { cash, borrows, reserves } = market(BigInt(Math.round(point.util * 100)) * 10n ** 16n);
      expect(borrowRatePerBlockMantissa(model, cash, borrows, reserves)).toBe(BigInt(point.borrowRatePerBlock));
    });
  }

  it('v2 puts multiplierPerYear at the kink, v1 at U = 100 %', () => {
    const yearly = {
      baseRatePerYearMantissa: 0n,
      multiplierPerYearMantissa: pct(4),
      jumpMultiplierPerYearMantissa: pct(109),
      kinkMantissa: pct(80),
    };
    expect(jumpRateModelV2(yearly).multiplierPerBlockMantissa).toBe((pct(4) * E18) / (COMPOUND_BLOCKS_PER_YEAR * pct(80)));
    expect(jumpRateModelV1(yearly).multiplierPerBlockMantissa).toBe(pct(4) / COMPOUND_BLOCKS_PER_YEAR);
  });
});

describe('utilisation and supply rate', () => {
  it('utilisation is borrows/(cash + borrows − reserves), 0 without borrows', () => {
    expect(utilizationRateMantissa(100n, 0n, 0n)).toBe(0n);
    expect(utilizationRateMantissa(60n, 50n, 10n)).toBe(E18 / 2n);
    expect(() => utilizationRateMantissa(1n, 1n, 2n)).toThrow(InvalidInputError);
  });

  it('supply rate = U · borrowRate · (1 − reserveFactor), truncated as the contract does', () => {
    const model = jumpRateModelV1({
      baseRatePerYearMantissa: pct(2),
      multiplierPerYearMantissa: pct(20),
      jumpMultiplierPerYearMantissa: pct(200),
      kinkMantissa: pct(90),
    });
    const borrow = borrowRatePerBlockMantissa(model, 500n, 500n, 0n);
    const rf = pct(10);
    expect(supplyRatePerBlockMantissa(model, 500n, 500n, 0n, rf)).toBe(((E18 / 2n) * ((borrow * (E18 - rf)) / E18)) / E18);
  });

  it('borrow and supply rates are non-decreasing in utilisation; supply ≤ borrow', () => {
    const model = jumpRateModelV2({
      baseRatePerYearMantissa: pct(2),
      multiplierPerYearMantissa: pct(10),
      jumpMultiplierPerYearMantissa: pct(300),
      kinkMantissa: pct(80),
    });
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: E18 }), fc.bigInt({ min: 0n, max: E18 }), fc.bigInt({ min: 0n, max: E18 }), (a, b, rf) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const m = (u: bigint) => market(u);
        const bLo = borrowRatePerBlockMantissa(model, m(lo).cash, m(lo).borrows, 0n);
        const bHi = borrowRatePerBlockMantissa(model, m(hi).cash, m(hi).borrows, 0n);
        expect(bHi).toBeGreaterThanOrEqual(bLo);
        const sLo = supplyRatePerBlockMantissa(model, m(lo).cash, m(lo).borrows, 0n, rf);
        const sHi = supplyRatePerBlockMantissa(model, m(hi).cash, m(hi).borrows, 0n, rf);
        expect(sHi).toBeGreaterThanOrEqual(sLo);
        expect(sHi).toBeLessThanOrEqual(bHi);
      }),
      { seed: 61, numRuns: 300 },
    );
  });
});

describe('accrueInterest', () => {
  const model = jumpRateModelV1({
    baseRatePerYearMantissa: pct(2),
    multiplierPerYearMantissa: pct(20),
    jumpMultiplierPerYearMantissa: pct(200),
    kinkMantissa: pct(90),
  });
  const state = {
    cash: 400n * E18,
    totalBorrows: 600n * E18,
    totalReserves: 5n * E18,
    borrowIndexMantissa: E18 + E18 / 10n,
    accrualBlockNumber: 1_000n,
    reserveFactorMantissa: pct(15),
  };

  it('applies simple interest rate × blocks to borrows, reserves and the index', () => {
    const rate = borrowRatePerBlockMantissa(model, state.cash, state.totalBorrows, state.totalReserves);
    const next = accrueInterest(model, state, 1_100n);
    const factor = rate * 100n;
    const interest = (factor * state.totalBorrows) / E18;
    expect(next.borrowRatePerBlockMantissa).toBe(rate);
    expect(next.interestAccumulated).toBe(interest);
    expect(next.totalBorrows).toBe(state.totalBorrows + interest);
    expect(next.totalReserves).toBe(state.totalReserves + (pct(15) * interest) / E18);
    expect(next.borrowIndexMantissa).toBe(state.borrowIndexMantissa + (factor * state.borrowIndexMantissa) / E18);
    expect(next.accrualBlockNumber).toBe(1_100n);
    expect(next.cash).toBe(state.cash);
  });

  it('is a no-op in the same block', () => {
    const same = accrueInterest(model, state, 1_000n);
    expect(same.totalBorrows).toBe(state.totalBorrows);
    expect(same.borrowIndexMantissa).toBe(state.borrowIndexMantissa);
    expect(same.interestAccumulated).toBe(0n);
  });

  it('the borrow index never decreases, and two accruals compound (≥ one accrual over the same span)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 1_000_000n }), fc.bigInt({ min: 1n, max: 1_000_000n }), (d1, d2) => {
        const once = accrueInterest(model, state, state.accrualBlockNumber + d1 + d2);
        const first = accrueInterest(model, state, state.accrualBlockNumber + d1);
        const twice = accrueInterest(model, first, first.accrualBlockNumber + d2);
        expect(first.borrowIndexMantissa).toBeGreaterThanOrEqual(state.borrowIndexMantissa);
        expect(once.borrowIndexMantissa).toBeGreaterThanOrEqual(first.borrowIndexMantissa);
        expect(twice.borrowIndexMantissa).toBeGreaterThanOrEqual(once.borrowIndexMantissa - 2n);
        expect(twice.totalBorrows).toBeGreaterThanOrEqual(once.totalBorrows - 2n);
      }),
      { seed: 62, numRuns: 200 },
    );
  });

  it('refuses an absurd borrow rate and a block number in the past, as the contract reverts', () => {
    const absurd = jumpRateModelV1({
      baseRatePerYearMantissa: BORROW_RATE_MAX_MANTISSA * COMPOUND_BLOCKS_PER_YEAR * 2n,
      multiplierPerYearMantissa: 0n,
      jumpMultiplierPerYearMantissa: 0n,
      kinkMantissa: E18,
    });
    expect(() => accrueInterest(absurd, state, 1_001n)).toThrow(InvalidInputError);
    expect(() => accrueInterest(model, state, 999n)).toThrow(InvalidInputError);
  });
});
