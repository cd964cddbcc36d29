// Loss-versus-rebalancing rates: quant.md §6 vectors and scaling properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concentratedAmounts, concentratedValue } from '../../src/amm/impermanent-loss.js';
import { lvrConcentrated, lvrConstantProduct } from '../../src/amm/lvr.js';
import { InvalidInputError } from '../../src/errors.js';
import { loadQuantVectors } from '../vectors/load.js';

type LvrRow = {
  kind: string;
  sigma_annual: number;
  horizon: string;
  pa?: number;
  pb?: number;
  P?: number;
  lvr_fraction_of_pool_value?: number;
  lvr_fraction_of_position_value?: number;
  multiple_of_full_range?: number;
};
const rows = loadQuantVectors().amm.lvr as LvrRow[];
const horizonYears = (h: string): number => (h === 'per year' ? 1 : 1 / 365);

describe('LVR — amm.lvr', () => {
  for (const row of rows) {
    it(`${row.kind}, σ = ${row.sigma_annual}, ${row.horizon}`, () => {
      if (row.pa === undefined) {
        const got = lvrConstantProduct({ volAnnual: row.sigma_annual, horizonYears: horizonYears(row.horizon) });
        expect(Math.abs(got - row.lvr_fraction_of_pool_value!)).toBeLessThan(1e-12);
      } else {
        const got = lvrConcentrated({
          volAnnual: row.sigma_annual,
          price: row.P!,
          priceLower: row.pa,
          priceUpper: row.pb!,
          horizonYears: horizonYears(row.horizon),
        });
        expect(Math.abs(got - row.lvr_fraction_of_position_value!)).toBeLessThan(1e-12);
        const fullRange = lvrConstantProduct({ volAnnual: row.sigma_annual, horizonYears: horizonYears(row.horizon) });
        expect(Math.abs(got / fullRange - row.multiple_of_full_range!)).toBeLessThan(1e-10);
        // At the geometric centre the ratio is 1/(1 − (p_a/p_b)^{1/4}).
        expect(Math.abs(got / fullRange - 1 / (1 - (row.pa / row.pb!) ** 0.25))).toBeLessThan(1e-10);
      }
    });
  }
});

describe('LVR properties', () => {
  const vol = fc.double({ min: 0.01, max: 3, noNaN: true });
  const range = fc
    .record({ lo: fc.double({ min: 0.1, max: 0.95, noNaN: true }), hi: fc.double({ min: 1.05, max: 10, noNaN: true }) })
    .map(({ lo, hi }) => ({ priceLower: lo, priceUpper: hi }));

  it('scales with σ² and with the horizon', () => {
    fc.assert(
      fc.property(vol, range, fc.double({ min: 0.5, max: 2, noNaN: true }), (s, r, price) => {
        const base = lvrConcentrated({ volAnnual: s, price, ...r });
        expect(lvrConcentrated({ volAnnual: 2 * s, price, ...r })).toBeCloseTo(4 * base, 12);
        expect(lvrConcentrated({ volAnnual: s, price, ...r, horizonYears: 0.25 })).toBeCloseTo(base / 4, 12);
        expect(lvrConstantProduct({ volAnnual: 2 * s })).toBeCloseTo(4 * lvrConstantProduct({ volAnnual: s }), 14);
      }),
      { seed: 4, numRuns: 200 },
    );
  });

  it('in range equals (σ²P²/2)|x′(P)| / V from the reserve curve (numerical derivative), at least the full-range rate', () => {
    fc.assert(
      fc.property(vol, range, fc.double({ min: 0, max: 1, noNaN: true }), (s, r, u) => {
        const price = r.priceLower + u * (r.priceUpper - r.priceLower);
        const h = 1e-6 * price;
        const x = (p: number): number => concentratedAmounts(1, p, r).amount0;
        const lo = Math.max(price - h, r.priceLower);
        const hi = Math.min(price + h, r.priceUpper);
        const dx = (x(hi) - x(lo)) / (hi - lo);
        const expected = ((s * s * price * price) / 2) * Math.abs(dx) / concentratedValue(1, price, r);
        const got = lvrConcentrated({ volAnnual: s, price, ...r });
        expect(Math.abs(got / expected - 1)).toBeLessThan(1e-5);
        expect(got).toBeGreaterThanOrEqual(lvrConstantProduct({ volAnnual: s }) * (1 - 1e-12));
      }),
      { seed: 5, numRuns: 200 },
    );
  });

  it('is 0 out of range and the constant-product rate on the full range', () => {
    expect(lvrConcentrated({ volAnnual: 0.8, price: 0.5, priceLower: 0.8, priceUpper: 1.25 })).toBe(0);
    expect(lvrConcentrated({ volAnnual: 0.8, price: 1.3, priceLower: 0.8, priceUpper: 1.25 })).toBe(0);
    expect(lvrConcentrated({ volAnnual: 0.8, price: 7, priceLower: 0, priceUpper: Number.POSITIVE_INFINITY })).toBeCloseTo(
      lvrConstantProduct({ volAnnual: 0.8 }),
      15,
    );
  });

  it('refuses bad input', () => {
    expect(() => lvrConstantProduct({ volAnnual: -0.1 })).toThrow(InvalidInputError);
    expect(() => lvrConstantProduct({ volAnnual: 0.5, horizonYears: -1 })).toThrow(InvalidInputError);
    expect(() => lvrConcentrated({ volAnnual: 0.5, price: 0, priceLower: 0.8, priceUpper: 1.25 })).toThrow(InvalidInputError);
    expect(() => lvrConcentrated({ volAnnual: 0.5, price: 1, priceLower: 1.25, priceUpper: 0.8 })).toThrow(InvalidInputError);
  });
});
