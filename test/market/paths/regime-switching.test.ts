import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import {
  generateRegimeSwitchingPath,
  matrixExponential,
  regimeTransitionMatrix,
  stationaryDistribution,
  type RegimeSwitchingParams,
} from '../../../src/market/paths/index.js';

const regimes = [
  { driftAnnual: 0.1, volAnnual: 0.4 },
  { driftAnnual: -0.2, volAnnual: 0.9 },
  { driftAnnual: -1, volAnnual: 1.8 },
];
const transitionMatrix = [
  [0.97, 0.025, 0.005],
  [0.06, 0.92, 0.02],
  [0.1, 0.2, 0.7],
];
const base: RegimeSwitchingParams = { seed: 21, steps: 400_000, dtYears: 1 / 365, initialPrice: 2000, regimes, transitionMatrix };

/** Mean of a 0/1 indicator and its standard error by batch means (the chain is autocorrelated). */
function occupation(path: Uint32Array, regime: number, batches: number): { mean: number; standardError: number } {
  const size = Math.floor(path.length / batches);
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    let hits = 0;
    for (let i = b * size; i < (b + 1) * size; i++) if (path[i] === regime) hits++;
    means.push(hits / size);
  }
  const mean = means.reduce((a, x) => a + x, 0) / batches;
  const variance = means.reduce((a, x) => a + (x - mean) ** 2, 0) / (batches - 1);
  return { mean, standardError: Math.sqrt(variance / batches) };
}

describe('generateRegimeSwitchingPath', () => {
  it('occupies each regime with the frequency of the chain’s stationary distribution (5 batch-means standard errors)', () => {
    const { regimes: path } = generateRegimeSwitchingPath(base);
    expect(path).toHaveLength(base.steps);
    const pi = stationaryDistribution(transitionMatrix);
    expect(pi.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 12);
    for (let r = 0; r < 3; r++) {
      const { mean, standardError } = occupation(path, r, 100);
      expect(Math.abs(mean - pi[r]!)).toBeLessThan(5 * standardError);
      expect(standardError).toBeLessThan(0.01);
    }
  });

  it('steps each regime with its own vol: per-regime log-return variance is σ_r²·dt', () => {
    const { prices, regimes: path } = generateRegimeSwitchingPath(base);
    for (let r = 0; r < 3; r++) {
      const returns: number[] = [];
      for (let i = 0; i < path.length; i++) if (path[i] === r) returns.push(Math.log(prices[i + 1]! / prices[i]!));
      const n = returns.length;
      const mean = returns.reduce((a, x) => a + x, 0) / n;
      const variance = returns.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
      const expected = regimes[r]!.volAnnual ** 2 * base.dtYears;
      expect(Math.abs(variance - expected)).toBeLessThan(5 * expected * Math.sqrt(2 / (n - 1)));
    }
  });

  it('turns a per-year generator into exp(Q·dt): the two-state closed form, and the stationary law b/(a+b)', () => {
    const a = 12;
    const b = 36;
    const generatorAnnual = [
      [-a, a],
      [b, -b],
    ];
    const dtYears = 1 / 365;
    const p = matrixExponential(generatorAnnual, dtYears);
    const leave0 = (a / (a + b)) * -Math.expm1(-(a + b) * dtYears);
    const leave1 = (b / (a + b)) * -Math.expm1(-(a + b) * dtYears);
    expect(p[0]![1]).toBeCloseTo(leave0, 14);
    expect(p[1]![0]).toBeCloseTo(leave1, 14);
    // A large Q·t exercises the squaring: the rows converge to the stationary law.
    const longRun = matrixExponential(generatorAnnual, 5);
    expect(longRun[0]![0]).toBeCloseTo(b / (a + b), 12);
    expect(longRun[1]![0]).toBeCloseTo(b / (a + b), 12);

    const params: RegimeSwitchingParams = { seed: 5, steps: 300_000, dtYears, initialPrice: 1, regimes: regimes.slice(0, 2), generatorAnnual };
    expect(regimeTransitionMatrix(params)[0]![1]).toBeCloseTo(leave0, 14);
    const { mean, standardError } = occupation(generateRegimeSwitchingPath(params).regimes, 0, 100);
    expect(Math.abs(mean - b / (a + b))).toBeLessThan(5 * standardError);
  });

  it('starts in initialRegime, and a chain that never leaves stays there', () => {
    const { regimes: path } = generateRegimeSwitchingPath({ ...base, steps: 1000, initialRegime: 2, transitionMatrix: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] });
    expect(path.every((r) => r === 2)).toBe(true);
  });

  it('is deterministic per seed, and different seeds differ', () => {
    const params = { ...base, steps: 20_000 };
    const x = generateRegimeSwitchingPath(params);
    const y = generateRegimeSwitchingPath(params);
    const z = generateRegimeSwitchingPath({ ...params, seed: 22 });
    expect(Buffer.from(x.prices.buffer).equals(Buffer.from(y.prices.buffer))).toBe(true);
    expect(Buffer.from(x.regimes.buffer).equals(Buffer.from(y.regimes.buffer))).toBe(true);
    expect(Buffer.from(x.prices.buffer).equals(Buffer.from(z.prices.buffer))).toBe(false);
  });

  it.each([
    [{ transitionMatrix: [[0.97, 0.025, 0.005], [0.06, 0.82, 0.02], [0.1, 0.2, 0.7]] }, 'transitionMatrix[1]'],
    [{ transitionMatrix: [[1.1, -0.1, 0], [0, 1, 0], [0, 0, 1]] }, 'transitionMatrix[0][1]'],
    [{ transitionMatrix: [[1, 0], [0, 1]] }, 'transitionMatrix.length'],
    [{ transitionMatrix: undefined, generatorAnnual: [[-1, 1, 0], [1, -2, 0.5], [0, 0, 0]] }, 'generatorAnnual[1]'],
    [{ transitionMatrix: undefined, generatorAnnual: [[-1, 2, -1], [1, -1, 0], [0, 0, 0]] }, 'generatorAnnual[0][2]'],
    [{ generatorAnnual: [[-1, 1, 0], [1, -1, 0], [0, 0, 0]] }, 'transitionMatrix'],
    [{ regimes: [regimes[0]!, { driftAnnual: 0, volAnnual: -0.5 }, regimes[2]!] }, 'regimes[1].volAnnual'],
    [{ regimes: [] }, 'regimes.length'],
    [{ initialRegime: 3 }, 'initialRegime'],
    [{ steps: 0 }, 'steps'],
  ])('refuses %o naming the field', (override, field) => {
    const call = (): unknown => generateRegimeSwitchingPath({ ...base, steps: 10, ...override } as RegimeSwitchingParams);
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow(`invalid ${field}:`);
  });

  it('refuses a reducible chain when asked for its stationary distribution', () => {
    expect(() => stationaryDistribution([[1, 0], [0, 1]])).toThrow('no unique stationary distribution');
  });
});
