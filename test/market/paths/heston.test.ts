import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import { generateHestonPath, type HestonParams } from '../../../src/market/paths/index.js';

const base: HestonParams = {
  seed: 11,
  steps: 365,
  dtYears: 1 / 365,
  initialPrice: 2000,
  driftAnnual: 0.05,
  kappa: 2,
  thetaVariance: 0.36,
  volOfVol: 0.9,
  rho: -0.6,
  initialVariance: 0.64,
};

function moments(values: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - mean) ** 2;
  return { mean, variance: squares / (values.length - 1) };
}

describe('generateHestonPath (QE scheme)', () => {
  it('keeps the variance >= 0 and prices finite even when the Feller condition fails badly (property)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.double({ min: 0.01, max: 20, noNaN: true }),
        fc.double({ min: 0.001, max: 2, noNaN: true }),
        fc.oneof(fc.constant(0), fc.double({ min: 1e-4, max: 5, noNaN: true })),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.constantFrom(1 / 365, 1 / 24 / 365, 1 / 12),
        (seed, kappa, thetaVariance, volOfVol, rho, initialVariance, dtYears) => {
          const { prices, variances } = generateHestonPath({ ...base, seed, steps: 200, dtYears, kappa, thetaVariance, volOfVol, rho, initialVariance });
          return variances.every((v) => Number.isFinite(v) && v >= 0) && prices.every((p) => Number.isFinite(p) && p > 0);
        },
      ),
      { seed: 5, numRuns: 300 },
    );
  });

  it.each([
    ['the quadratic branch (ψ small)', { kappa: 2, thetaVariance: 0.36, volOfVol: 0.9, rho: -0.6, initialVariance: 0.64, dtYears: 1 / 52, steps: 52 }],
    ['the exponential branch (ψ > 1.5, Feller badly violated)', { kappa: 1, thetaVariance: 0.04, volOfVol: 2, rho: -0.8, initialVariance: 0.04, dtYears: 1 / 12, steps: 12 }],
  ])('in %s: E[V_T] = θ + (V₀ − θ)e^{−κT} and E[S_T] = S₀e^{μT} within 5 standard errors', (_label, override) => {
    const paths = 20_000;
    const params = { ...base, ...override };
    const { steps } = params;
    const buffers = { prices: new Float64Array(steps + 1), variances: new Float64Array(steps + 1) };
    const terminalVariance = new Float64Array(paths);
    const terminalPrice = new Float64Array(paths);
    for (let seed = 0; seed < paths; seed++) {
      generateHestonPath({ ...params, seed }, buffers);
      terminalVariance[seed] = buffers.variances[steps]!;
      terminalPrice[seed] = buffers.prices[steps]!;
    }
    const years = steps * params.dtYears;
    const v = moments(terminalVariance);
    const expectedV = params.thetaVariance + (params.initialVariance - params.thetaVariance) * Math.exp(-params.kappa * years);
    expect(Math.abs(v.mean - expectedV)).toBeLessThan(5 * Math.sqrt(v.variance / paths));
    const s = moments(terminalPrice);
    expect(Math.abs(s.mean - base.initialPrice * Math.exp(base.driftAnnual * years))).toBeLessThan(5 * Math.sqrt(s.variance / paths));
  });

  it('has a long-run time-average variance that tends to θ', () => {
    const years = 200;
    const { variances } = generateHestonPath({ ...base, steps: years * 365, initialVariance: 3 * base.thetaVariance });
    const { mean } = moments(variances);
    // CIR has stationary variance θε²/(2κ) and autocorrelation e^{−κτ}: the time average over
    // T years has standard error ≈ √(θε²/(κ²T)).
    const standardError = Math.sqrt((base.thetaVariance * base.volOfVol ** 2) / (base.kappa ** 2 * years));
    expect(Math.abs(mean - base.thetaVariance)).toBeLessThan(5 * standardError);
  });

  it('with volOfVol = 0 decays the variance deterministically to θ and prices like a time-varying GBM', () => {
    const { variances } = generateHestonPath({ ...base, volOfVol: 0, steps: 365 });
    const expected = base.thetaVariance + (base.initialVariance - base.thetaVariance) * Math.exp(-base.kappa);
    expect(variances[365]).toBeCloseTo(expected, 12);
  });

  it('is deterministic per seed, and different seeds differ', () => {
    const a = generateHestonPath(base);
    const b = generateHestonPath(base);
    const c = generateHestonPath({ ...base, seed: 12 });
    expect(Buffer.from(a.prices.buffer).equals(Buffer.from(b.prices.buffer))).toBe(true);
    expect(Buffer.from(a.variances.buffer).equals(Buffer.from(b.variances.buffer))).toBe(true);
    expect(Buffer.from(a.prices.buffer).equals(Buffer.from(c.prices.buffer))).toBe(false);
  });

  it.each([
    [{ rho: 1.5 }, 'rho'],
    [{ rho: -1.01 }, 'rho'],
    [{ kappa: 0 }, 'kappa'],
    [{ thetaVariance: -0.1 }, 'thetaVariance'],
    [{ volOfVol: -1 }, 'volOfVol'],
    [{ volOfVol: 1e-9 }, 'volOfVol'],
    [{ initialVariance: -0.01 }, 'initialVariance'],
    [{ steps: 0 }, 'steps'],
    [{ dtYears: -1 }, 'dtYears'],
  ])('refuses %o naming the field', (override, field) => {
    const call = (): unknown => generateHestonPath({ ...base, ...override });
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow(`invalid ${field}:`);
  });
});
