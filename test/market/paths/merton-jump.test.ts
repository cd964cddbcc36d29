import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import { generateMertonJumpPath, type MertonJumpParams } from '../../../src/market/paths/index.js';

const base: MertonJumpParams = {
  seed: 3,
  steps: 365,
  dtYears: 1 / 365,
  initialPrice: 2000,
  driftAnnual: 0.05,
  volAnnual: 0.4,
  jumpIntensityAnnual: 6,
  jumpMeanLog: -0.08,
  jumpVolLog: 0.12,
};

function moments(values: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - mean) ** 2;
  return { mean, variance: squares / (values.length - 1) };
}

describe('generateMertonJumpPath', () => {
  it('has about λT jumps: within 5 Poisson standard deviations √(λT)', () => {
    const years = 100;
    const { jumpCounts } = generateMertonJumpPath({ ...base, steps: years * 365 });
    expect(jumpCounts).toHaveLength(years * 365);
    const total = jumpCounts.reduce((acc, n) => acc + n, 0);
    const expected = base.jumpIntensityAnnual * years;
    expect(Math.abs(total - expected)).toBeLessThan(5 * Math.sqrt(expected));
  });

  it('draws Poisson counts per step by inversion: mean and variance both λ·dt when several jumps a step are likely', () => {
    const lambdaDt = 3;
    const steps = 100_000;
    const { jumpCounts } = generateMertonJumpPath({ ...base, steps, jumpIntensityAnnual: lambdaDt * 365 });
    const { mean, variance } = moments(jumpCounts);
    expect(Math.abs(mean - lambdaDt)).toBeLessThan(5 * Math.sqrt(lambdaDt / steps));
    // Var of the sample variance of a Poisson(λ) is ≈ (λ + 2λ²)/n.
    expect(Math.abs(variance - lambdaDt)).toBeLessThan(5 * Math.sqrt((lambdaDt + 2 * lambdaDt ** 2) / steps));
    const zeros = jumpCounts.filter((n) => n === 0).length / steps;
    expect(Math.abs(zeros - Math.exp(-lambdaDt))).toBeLessThan(5 * Math.sqrt((Math.exp(-lambdaDt) * (1 - Math.exp(-lambdaDt))) / steps));
  });

  it('is compensated: E[S_T] = S₀e^{μT} within 5 standard errors over 20,000 seeds', () => {
    const paths = 20_000;
    const steps = 50;
    const params = { ...base, steps, dtYears: 1 / steps, jumpIntensityAnnual: 10, jumpMeanLog: -0.1, jumpVolLog: 0.15 };
    const buffers = { prices: new Float64Array(steps + 1), jumpCounts: new Uint32Array(steps) };
    const terminal = new Float64Array(paths);
    for (let seed = 0; seed < paths; seed++) terminal[seed] = generateMertonJumpPath({ ...params, seed }, buffers).prices[steps]!;
    const { mean, variance } = moments(terminal);
    expect(Math.abs(mean - base.initialPrice * Math.exp(base.driftAnnual))).toBeLessThan(5 * Math.sqrt(variance / paths));
    // Without the compensator the mean would be off by e^{−λkT} ≈ +8 %: far outside the band.
    const k = Math.expm1(-0.1 + 0.5 * 0.15 ** 2);
    expect(Math.abs(base.initialPrice * Math.exp(base.driftAnnual - 10 * k) - mean)).toBeGreaterThan(5 * Math.sqrt(variance / paths));
  });

  it('moves only by diffusion on steps without a jump, and jumps are the fat tail', () => {
    const { prices, jumpCounts } = generateMertonJumpPath({ ...base, steps: 50_000, jumpMeanLog: -0.3, jumpVolLog: 0.01 });
    let biggestQuietMove = 0;
    for (let i = 0; i < jumpCounts.length; i++) {
      const r = Math.log(prices[i + 1]! / prices[i]!);
      if (jumpCounts[i] === 0) biggestQuietMove = Math.max(biggestQuietMove, Math.abs(r));
      else expect(r).toBeLessThan(-0.15);
    }
    // 7 daily σ of 0.4/√365 ≈ 0.146: a pure diffusion step never gets there in 50,000 draws.
    expect(biggestQuietMove).toBeLessThan(0.146);
  });

  it('is deterministic per seed, and different seeds differ', () => {
    const a = generateMertonJumpPath(base);
    const b = generateMertonJumpPath(base);
    const c = generateMertonJumpPath({ ...base, seed: 4 });
    expect(Buffer.from(a.prices.buffer).equals(Buffer.from(b.prices.buffer))).toBe(true);
    expect(Buffer.from(a.jumpCounts.buffer).equals(Buffer.from(b.jumpCounts.buffer))).toBe(true);
    expect(Buffer.from(a.prices.buffer).equals(Buffer.from(c.prices.buffer))).toBe(false);
  });

  it.each([
    [{ jumpIntensityAnnual: -1 }, 'jumpIntensityAnnual'],
    [{ jumpIntensityAnnual: 1e9 }, 'jumpIntensityAnnual'],
    [{ jumpVolLog: -0.1 }, 'jumpVolLog'],
    [{ jumpMeanLog: Number.NaN }, 'jumpMeanLog'],
    [{ jumpMeanLog: 800 }, 'jumpMeanLog'],
    [{ volAnnual: -0.4 }, 'volAnnual'],
    [{ steps: 1.5 }, 'steps'],
  ])('refuses %o naming the field', (override, field) => {
    const call = (): unknown => generateMertonJumpPath({ ...base, ...override });
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow(`invalid ${field}:`);
  });
});
