// GARCH(1,1) maximum likelihood: recovery of simulated parameters, optimality, forecasts.
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import {
  fitGarch11,
  garch11Forecast,
  garch11LogLikelihood,
  garch11Variances,
  garch11VolForecastAnnual,
  simulateGarch11,
  type Garch11Params,
} from '../../src/math/garch.js';

const TRUTH: Garch11Params = { omega: 2e-6, alpha: 0.08, beta: 0.9 };
const sim = simulateGarch11(TRUTH, 5000, 42);
const fit = fitGarch11(sim.returns);

describe('fitGarch11 on a seeded 5000-observation GARCH(1,1) path', () => {
  it('recovers α, β and α + β within statistical tolerance (≈3 standard errors)', () => {
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.alpha - TRUTH.alpha)).toBeLessThan(0.03);
    expect(Math.abs(fit.beta - TRUTH.beta)).toBeLessThan(0.05);
    expect(Math.abs(fit.persistence - (TRUTH.alpha + TRUTH.beta))).toBeLessThan(0.02);
    const trueLongRun = TRUTH.omega / (1 - TRUTH.alpha - TRUTH.beta);
    expect(Math.abs(fit.longRunVariance / trueLongRun - 1)).toBeLessThan(0.35);
  });

  it('keeps the parameters admissible: ω > 0, α, β ≥ 0, α + β < 1', () => {
    expect(fit.omega).toBeGreaterThan(0);
    expect(fit.alpha).toBeGreaterThanOrEqual(0);
    expect(fit.beta).toBeGreaterThanOrEqual(0);
    expect(fit.persistence).toBeLessThan(1);
  });

  it('has a log-likelihood at least that of the true parameters', () => {
    const atTruth = garch11LogLikelihood(sim.returns, TRUTH);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(atTruth);
    expect(fit.logLikelihood).toBeCloseTo(garch11LogLikelihood(sim.returns, fit), 8);
  });

  it('is a local maximum: no small step in ω, α or β raises the likelihood', () => {
    const base = garch11LogLikelihood(sim.returns, fit);
    for (const [d0, d1, d2] of [
      [1.01, 0, 0],
      [0.99, 0, 0],
      [1, 0.002, 0],
      [1, -0.002, 0],
      [1, 0, 0.002],
      [1, 0, -0.002],
      [1, 0.001, -0.001],
      [1, -0.001, 0.001],
    ] as const) {
      const p = { omega: fit.omega * d0, alpha: fit.alpha + d1, beta: fit.beta + d2 };
      expect(garch11LogLikelihood(sim.returns, p)).toBeLessThanOrEqual(base + 1e-9);
    }
  });

  it('is deterministic: the same returns give the same fit, bit for bit', () => {
    const again = fitGarch11(sim.returns);
    expect(again.omega).toBe(fit.omega);
    expect(again.alpha).toBe(fit.alpha);
    expect(again.beta).toBe(fit.beta);
    expect(again.logLikelihood).toBe(fit.logLikelihood);
  });

  it('reports the conditional variances of the fitted recursion', () => {
    const { variances, nextVariance } = garch11Variances(sim.returns, fit, fit.initialVariance);
    expect(fit.conditionalVariances).toEqual(variances);
    expect(fit.nextVariance).toBe(nextVariance);
    expect(fit.conditionalVariances).toHaveLength(sim.returns.length);
  });
});

describe('forecasts', () => {
  it('start at σ²_{t+1}, follow V_L + (α+β)^{h−1}(σ²_{t+1} − V_L) and converge to V_L', () => {
    const path = garch11Forecast(fit, 2000);
    expect(path[0]).toBe(fit.nextVariance);
    expect(path[9]).toBeCloseTo(fit.longRunVariance + fit.persistence ** 9 * (fit.nextVariance - fit.longRunVariance), 18);
    expect(Math.abs(path.at(-1)! - fit.longRunVariance)).toBeLessThan(1e-12 * fit.longRunVariance + 1e-15);
    // Monotone approach: every step is closer to V_L than the one before.
    for (let h = 1; h < path.length; h++) {
      expect(Math.abs(path[h]! - fit.longRunVariance)).toBeLessThanOrEqual(Math.abs(path[h - 1]! - fit.longRunVariance));
    }
  });

  it('works from either side of V_L', () => {
    const p = { omega: 1e-5, alpha: 0.1, beta: 0.8 };
    const vl = 1e-4;
    const high = garch11Forecast({ ...p, nextVariance: 4e-4 }, 50);
    const low = garch11Forecast({ ...p, nextVariance: 1e-5 }, 50);
    expect(high[1]).toBeCloseTo(vl + 0.9 * 3e-4, 18);
    expect(low[1]).toBeCloseTo(vl - 0.9 * 9e-5, 18);
    expect(high.every((v) => v > vl)).toBe(true);
    expect(low.every((v) => v < vl)).toBe(true);
  });

  it('annualised vol forecast is √(N · mean σ²) over the horizon, tending to √(N·V_L)', () => {
    const path = garch11Forecast(fit, 30);
    const mean = path.reduce((a, b) => a + b, 0) / 30;
    expect(garch11VolForecastAnnual(fit, 30, 365)).toBeCloseTo(Math.sqrt(365 * mean), 14);
    expect(garch11VolForecastAnnual(fit, 1, 365)).toBeCloseTo(Math.sqrt(365 * fit.nextVariance), 14);
    const longRunVol = Math.sqrt(365 * fit.longRunVariance);
    expect(Math.abs(garch11VolForecastAnnual(fit, 200_000, 365) / longRunVol - 1)).toBeLessThan(1e-3);
  });
});

describe('simulateGarch11', () => {
  it('is reproducible from its seed and differs across seeds', () => {
    expect(simulateGarch11(TRUTH, 50, 7).returns).toEqual(simulateGarch11(TRUTH, 50, 7).returns);
    expect(simulateGarch11(TRUTH, 50, 7).returns).not.toEqual(simulateGarch11(TRUTH, 50, 8).returns);
  });

  it('has a sample variance near V_L over a long path', () => {
    const longRun = TRUTH.omega / (1 - TRUTH.alpha - TRUTH.beta);
    const meanSquare = sim.returns.reduce((a, r) => a + r * r, 0) / sim.returns.length;
    expect(Math.abs(meanSquare / longRun - 1)).toBeLessThan(0.25);
  });
});

describe('bad input', () => {
  it('throws InvalidInputError', () => {
    const bad: [() => unknown, string][] = [
      [() => fitGarch11([0.01, -0.02, 0.01]), 'returns.length'],
      [() => fitGarch11([...sim.returns.slice(0, 20), Number.NaN]), 'returns[20]'],
      [() => fitGarch11(new Array<number>(50).fill(0)), 'returns'],
      [() => fitGarch11(sim.returns.slice(0, 50), { initialVariance: -1 }), 'initialVariance'],
      [() => garch11LogLikelihood(sim.returns, { omega: 1e-6, alpha: 0.5, beta: 0.5 }), 'alpha + beta'],
      [() => garch11LogLikelihood(sim.returns, { omega: 0, alpha: 0.1, beta: 0.5 }), 'omega'],
      [() => garch11LogLikelihood(sim.returns, { omega: 1e-6, alpha: -0.1, beta: 0.5 }), 'alpha'],
      [() => garch11Forecast({ ...TRUTH, nextVariance: 1e-4 }, 0), 'horizon'],
      [() => garch11Forecast({ ...TRUTH, nextVariance: Number.NaN }, 5), 'nextVariance'],
      [() => garch11VolForecastAnnual({ ...TRUTH, nextVariance: 1e-4 }, 5, 0), 'periodsPerYear'],
      [() => simulateGarch11(TRUTH, 0, 1), 'length'],
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
