// Impermanent loss of constant-product and range positions: quant.md §6 vectors and properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  concentratedAmounts,
  concentratedValue,
  impermanentLossConcentrated,
  impermanentLossConcentratedClosedForm,
  impermanentLossConstantProduct,
} from '../../src/amm/impermanent-loss.js';
import { InvalidInputError } from '../../src/errors.js';
import { loadQuantVectors } from '../vectors/load.js';

const amm = loadQuantVectors().amm;

describe('impermanentLossConstantProduct — amm.il_cpmm', () => {
  for (const row of amm.il_cpmm as { k: number; il: number }[]) {
    it(`IL(${row.k}) = ${row.il}`, () => {
      expect(Math.abs(impermanentLossConstantProduct(row.k) - row.il)).toBeLessThan(1e-12);
    });
  }
});

describe('impermanentLossConcentrated — amm.il_v3', () => {
  type Row = { P0: number; k: number; pa: number; pb: number; in_range: boolean; il: number; il_erins_formula: number | null };
  for (const row of amm.il_v3 as Row[]) {
    const input = { priceInitial: row.P0, priceRatio: row.k, priceLower: row.pa, priceUpper: row.pb };
    it(`[${row.pa}, ${row.pb}] k = ${row.k}: direct ${row.il}${row.in_range ? ', closed form agrees' : ' (out of range)'}`, () => {
      expect(Math.abs(impermanentLossConcentrated(input) - row.il)).toBeLessThan(1e-12);
      if (row.in_range) {
        expect(Math.abs(impermanentLossConcentratedClosedForm(input) - row.il_erins_formula!)).toBeLessThan(1e-12);
      } else {
        expect(() => impermanentLossConcentratedClosedForm(input)).toThrow(InvalidInputError);
      }
    });
  }
});

describe('reserve curves', () => {
  it('x(P), y(P) follow the v3 whitepaper and clamp outside the range', () => {
    const range = { priceLower: 0.81, priceUpper: 1.21 };
    const inRange = concentratedAmounts(1000, 1, range);
    expect(inRange.amount0).toBeCloseTo(1000 * (1 - 1 / 1.1), 12);
    expect(inRange.amount1).toBeCloseTo(1000 * (1 - 0.9), 12);
    expect(concentratedAmounts(1000, 0.5, range)).toEqual(concentratedAmounts(1000, 0.81, range));
    expect(concentratedAmounts(1000, 0.5, range).amount1).toBe(0);
    expect(concentratedAmounts(1000, 2, range).amount0).toBe(0);
    expect(concentratedValue(1000, 1, range)).toBeCloseTo(1000 * (2 - 0.9 - 1 / 1.1), 12);
  });

  it('match the Uniswap LiquidityAmounts integer cross-check (amm.v3_integer_crosscheck) to 1e-12', () => {
    // 1.0001^tick in floating point differs from TickMath's exact ratio by ~1e-13 relative.
    for (const row of amm.v3_integer_crosscheck as Record<string, string | number>[]) {
      const sqrtP = Number(BigInt(row.sqrtPriceX96 as string)) / 2 ** 96;
      const range = { priceLower: 1.0001 ** (row.tickLower as number), priceUpper: 1.0001 ** (row.tickUpper as number) };
      const { amount0, amount1 } = concentratedAmounts(Number(row.liquidity), sqrtP * sqrtP, range);
      expect(Math.abs(amount0 / Number(row.amount0_int) - 1)).toBeLessThan(1e-12);
      expect(Math.abs(amount1 / Number(row.amount1_int) - 1)).toBeLessThan(1e-12);
    }
  });
});

describe('properties', () => {
  const ratio = fc.double({ min: 0.01, max: 100, noNaN: true });

  it('IL ≤ 0, IL(1) = 0, and IL(k) = IL(1/k) for a constant product', () => {
    expect(impermanentLossConstantProduct(1)).toBe(0);
    fc.assert(
      fc.property(ratio, (k) => {
        const il = impermanentLossConstantProduct(k);
        expect(il).toBeLessThanOrEqual(0);
        expect(il).toBeGreaterThan(-1);
        expect(Math.abs(il - impermanentLossConstantProduct(1 / k))).toBeLessThan(1e-14);
      }),
      { seed: 1, numRuns: 300 },
    );
  });

  it('IL ≤ 0 everywhere; in range a position loses at least as much as full range; out of range IL keeps falling', () => {
    const rangeArb = fc
      .record({ lo: fc.double({ min: 0.05, max: 0.99, noNaN: true }), hi: fc.double({ min: 1.01, max: 20, noNaN: true }) })
      .map(({ lo, hi }) => ({ priceLower: lo, priceUpper: hi }));
    fc.assert(
      fc.property(rangeArb, ratio, (range, k) => {
        const input = { priceInitial: 1, priceRatio: k, ...range };
        const il = impermanentLossConcentrated(input);
        expect(il).toBeLessThanOrEqual(1e-15);
        if (k >= range.priceLower && k <= range.priceUpper) {
          const full = impermanentLossConstantProduct(k);
          expect(il).toBeLessThanOrEqual(full + 1e-12 * Math.abs(full));
          expect(Math.abs(il - impermanentLossConcentratedClosedForm(input))).toBeLessThan(1e-10);
        } else {
          // Beyond the range the LP holds one token while HODL keeps moving: the loss deepens.
          const further = k > range.priceUpper ? k * 1.1 : k / 1.1;
          expect(impermanentLossConcentrated({ ...input, priceRatio: further })).toBeLessThan(il);
        }
      }),
      { seed: 2, numRuns: 300 },
    );
  });

  it('tends to the constant-product IL as the range widens, and equals it on [0, ∞)', () => {
    for (const k of [0.3, 0.8, 1.7, 4]) {
      const full = impermanentLossConstantProduct(k);
      const fullRange = { priceInitial: 1, priceRatio: k, priceLower: 0, priceUpper: Number.POSITIVE_INFINITY };
      expect(Math.abs(impermanentLossConcentrated(fullRange) - full)).toBeLessThan(1e-15);
      expect(Math.abs(impermanentLossConcentratedClosedForm(fullRange) - full)).toBeLessThan(1e-15);
      const wide = impermanentLossConcentrated({ priceInitial: 1, priceRatio: k, priceLower: 1e-8, priceUpper: 1e8 });
      expect(Math.abs(wide - full)).toBeLessThan(1e-3);
    }
  });

  it('does not depend on the price level, only on P₀ relative to the range', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e4, noNaN: true }), ratio, (scale, k) => {
        const a = impermanentLossConcentrated({ priceInitial: 1, priceRatio: k, priceLower: 0.7, priceUpper: 1.5 });
        const b = impermanentLossConcentrated({ priceInitial: scale, priceRatio: k, priceLower: 0.7 * scale, priceUpper: 1.5 * scale });
        expect(Math.abs(a - b)).toBeLessThan(1e-12);
      }),
      { seed: 3, numRuns: 200 },
    );
  });
});

describe('bad input', () => {
  it('throws InvalidInputError naming the field', () => {
    const bad: [() => unknown, string][] = [
      [() => impermanentLossConstantProduct(0), 'priceRatio'],
      [() => impermanentLossConstantProduct(Number.NaN), 'priceRatio'],
      [() => impermanentLossConcentrated({ priceInitial: 1, priceRatio: 1, priceLower: 2, priceUpper: 1 }), 'priceUpper'],
      [() => impermanentLossConcentrated({ priceInitial: 0, priceRatio: 1, priceLower: 0.5, priceUpper: 2 }), 'priceInitial'],
      [() => impermanentLossConcentrated({ priceInitial: 1, priceRatio: 1, priceLower: -1, priceUpper: 2 }), 'priceLower'],
      [() => impermanentLossConcentratedClosedForm({ priceInitial: 3, priceRatio: 0.5, priceLower: 0.5, priceUpper: 2 }), 'priceInitial'],
      [() => concentratedAmounts(-1, 1, { priceLower: 0.5, priceUpper: 2 }), 'liquidity'],
    ];
    for (const [f, field] of bad) {
      try {
        f();
        expect.unreachable(`expected ${field} to be refused`);
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidInputError);
        expect((e as InvalidInputError).field).toBe(field);
      }
    }
  });
});
