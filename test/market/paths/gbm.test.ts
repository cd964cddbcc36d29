import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import { BLOCK_12S_YEARS, generateGbmPath, type GbmParams } from '../../../src/market/paths/index.js';

const base: GbmParams = { seed: 7, steps: 200_000, dtYears: 1 / 365, initialPrice: 2000, driftAnnual: 0.1, volAnnual: 0.8 };

function moments(values: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - mean) ** 2;
  return { mean, variance: squares / (values.length - 1) };
}

function logReturnsOf(prices: Float64Array): Float64Array {
  const out = new Float64Array(prices.length - 1);
  for (let i = 1; i < prices.length; i++) out[i - 1] = Math.log(prices[i]! / prices[i - 1]!);
  return out;
}

describe('generateGbmPath', () => {
  it.each([1, 2, 3])('log returns have mean (μ − σ²/2)dt and variance σ²dt within 5 standard errors (seed %i)', (seed) => {
    const prices = generateGbmPath({ ...base, seed });
    expect(prices).toHaveLength(base.steps + 1);
    expect(prices[0]).toBe(base.initialPrice);
    const { mean, variance } = moments(logReturnsOf(prices));
    const n = base.steps;
    const sigma2dt = base.volAnnual ** 2 * base.dtYears;
    const expectedMean = (base.driftAnnual - 0.5 * base.volAnnual ** 2) * base.dtYears;
    expect(Math.abs(mean - expectedMean)).toBeLessThan(5 * Math.sqrt(sigma2dt / n));
    // The sample variance of n normals has standard error σ²dt·√(2/(n−1)).
    expect(Math.abs(variance - sigma2dt)).toBeLessThan(5 * sigma2dt * Math.sqrt(2 / (n - 1)));
  });

  it('has terminal mean E[S_T] = S₀·e^{μT} within 5 standard errors over 20,000 seeds', () => {
    const params = { steps: 12, dtYears: 1 / 12, initialPrice: 100, driftAnnual: 0.08, volAnnual: 0.5 };
    const out = new Float64Array(params.steps + 1);
    const terminals = new Float64Array(20_000);
    for (let seed = 0; seed < terminals.length; seed++) terminals[seed] = generateGbmPath({ ...params, seed }, out)[params.steps]!;
    const { mean, variance } = moments(terminals);
    const expected = params.initialPrice * Math.exp(params.driftAnnual * params.steps * params.dtYears);
    expect(Math.abs(mean - expected)).toBeLessThan(5 * Math.sqrt(variance / terminals.length));
  });

  it('is exact log-normal at any step size: one step of a year has the same law as 365 daily steps', () => {
    const yearly = new Float64Array(20_000);
    for (let seed = 0; seed < yearly.length; seed++) {
      yearly[seed] = Math.log(generateGbmPath({ ...base, seed, steps: 1, dtYears: 1 })[1]! / base.initialPrice);
    }
    const { mean, variance } = moments(yearly);
    expect(Math.abs(mean - (0.1 - 0.32))).toBeLessThan(5 * Math.sqrt(0.64 / yearly.length));
    expect(Math.abs(variance - 0.64)).toBeLessThan(5 * 0.64 * Math.sqrt(2 / (yearly.length - 1)));
  });

  it('is deterministic: the same seed gives the same bytes, another seed differs, a reused buffer changes nothing', () => {
    const params = { ...base, steps: 10_000, dtYears: BLOCK_12S_YEARS };
    const a = generateGbmPath(params);
    const b = generateGbmPath(params);
    const reused = new Float64Array(params.steps + 1).fill(123);
    generateGbmPath(params, reused);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(reused.buffer))).toBe(true);
    const c = generateGbmPath({ ...params, seed: params.seed + 1 });
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
  });

  it('stays finite and positive for any sane parameters (property)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 500 }),
        fc.double({ min: 1e-6, max: 0.01, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (seed, steps, dtYears, driftAnnual, volAnnual) => {
          const prices = generateGbmPath({ seed, steps, dtYears, initialPrice: 1500, driftAnnual, volAnnual });
          return prices.every((p) => Number.isFinite(p) && p > 0);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('with zero vol follows S₀·e^{μt} exactly up to rounding', () => {
    const prices = generateGbmPath({ ...base, steps: 365, volAnnual: 0 });
    expect(prices[365]! / (base.initialPrice * Math.exp(0.1))).toBeCloseTo(1, 12);
  });

  it.each([
    [{ steps: 0 }, 'steps'],
    [{ steps: 2.5 }, 'steps'],
    [{ steps: -3 }, 'steps'],
    [{ seed: 0.5 }, 'seed'],
    [{ dtYears: 0 }, 'dtYears'],
    [{ dtYears: Number.NaN }, 'dtYears'],
    [{ initialPrice: -1 }, 'initialPrice'],
    [{ volAnnual: -0.2 }, 'volAnnual'],
    [{ driftAnnual: Number.POSITIVE_INFINITY }, 'driftAnnual'],
  ])('refuses %o naming the field', (override, field) => {
    const call = (): unknown => generateGbmPath({ ...base, steps: 10, ...override });
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow(`invalid ${field}:`);
  });

  it('refuses an output buffer of the wrong length', () => {
    expect(() => generateGbmPath({ ...base, steps: 10 }, new Float64Array(10))).toThrow('invalid out.length: 10');
  });
});
