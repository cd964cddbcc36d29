// RiskMetrics EWMA variance: recursion, closed form, annualisation, refusals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import { ewmaVariance, ewmaVarianceSeries, ewmaVolAnnual } from '../../src/math/ewma.js';

describe('ewmaVarianceSeries', () => {
  it('follows σ² ← λσ² + (1 − λ)r² from the given seed (hand-computed)', () => {
    const series = ewmaVarianceSeries([0.01, -0.02, 0.03], { lambda: 0.9, initialVariance: 1e-4 });
    const v1 = 0.9 * 1e-4 + 0.1 * 1e-4;
    const v2 = 0.9 * v1 + 0.1 * 4e-4;
    const v3 = 0.9 * v2 + 0.1 * 9e-4;
    expect(series).toHaveLength(3);
    expect(series[0]).toBeCloseTo(v1, 18);
    expect(series[1]).toBeCloseTo(v2, 18);
    expect(series[2]).toBeCloseTo(v3, 18);
    expect(ewmaVariance([0.01, -0.02, 0.03], { lambda: 0.9, initialVariance: 1e-4 })).toBe(series[2]);
  });

  it('defaults to λ = 0.94 seeded with the first squared return', () => {
    const r = [0.02, 0.01];
    const v1 = 0.94 * 4e-4 + 0.06 * 4e-4;
    expect(ewmaVariance(r)).toBeCloseTo(0.94 * v1 + 0.06 * 1e-4, 18);
  });

  it('equals the closed form λⁿσ₀² + (1 − λ)Σλ^{n−1−i}rᵢ²', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0.5, max: 0.999, noNaN: true }),
        fc.double({ min: 0, max: 0.01, noNaN: true }),
        (returns, lambda, seedVariance) => {
          const n = returns.length;
          let closed = lambda ** n * seedVariance;
          returns.forEach((r, i) => (closed += (1 - lambda) * lambda ** (n - 1 - i) * r * r));
          const v = ewmaVariance(returns, { lambda, initialVariance: seedVariance });
          expect(Math.abs(v - closed)).toBeLessThanOrEqual(1e-12 * Math.max(closed, 1e-12));
        },
      ),
      { seed: 5, numRuns: 200 },
    );
  });

  it('converges to r² under constant absolute returns and stays non-negative', () => {
    const returns = Array.from({ length: 500 }, (_, i) => (i % 2 === 0 ? 0.03 : -0.03));
    const series = ewmaVarianceSeries(returns, { lambda: 0.94, initialVariance: 0 });
    expect(series.every((v) => v >= 0)).toBe(true);
    expect(series.at(-1)).toBeCloseTo(9e-4, 15);
  });

  it('annualises as √(N·σ²)', () => {
    const r = [0.01, -0.015, 0.02, 0.005];
    expect(ewmaVolAnnual(r, { periodsPerYear: 365, lambda: 0.97 })).toBeCloseTo(
      Math.sqrt(365 * ewmaVariance(r, { lambda: 0.97 })),
      15,
    );
  });

  it('refuses bad input with InvalidInputError', () => {
    const bad: [() => unknown, string][] = [
      [() => ewmaVarianceSeries([]), 'returns'],
      [() => ewmaVarianceSeries([0.01, Number.NaN]), 'returns[1]'],
      [() => ewmaVarianceSeries([0.01], { lambda: 1 }), 'lambda'],
      [() => ewmaVarianceSeries([0.01], { lambda: 0 }), 'lambda'],
      [() => ewmaVarianceSeries([0.01], { initialVariance: -1 }), 'initialVariance'],
      [() => ewmaVolAnnual([0.01], { periodsPerYear: -1 }), 'periodsPerYear'],
    ];
    for (const [f, field] of bad) {
      expect(f).toThrow(InvalidInputError);
      try {
        f();
      } catch (e) {
        expect((e as InvalidInputError).field).toBe(field);
      }
    }
  });
});
