import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import { RAY_DECIMALS, ewmaByTime, parseFixedDecimal, rollingMedian, squeethImpliedVol } from '../../../src/market/feeds/index.js';

describe('parseFixedDecimal', () => {
  it.each([
    ['1.005645819576767014923645209', 1005645819576767014923645209n],
    ['1.5', 1500000000000000000000000000n],
    ['0', 0n],
    ['-0.000000000000000000000000001', -1n],
    ['12', 12n * 10n ** 27n],
  ])('reads %s exactly in ray', (text, ray) => {
    expect(parseFixedDecimal(text, RAY_DECIMALS)).toBe(ray);
  });

  it('round-trips any ray through its decimal text (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 40n }), (ray) => {
        const digits = ray.toString().padStart(28, '0');
        const text = `${digits.slice(0, -27)}.${digits.slice(-27)}`;
        return parseFixedDecimal(text, RAY_DECIMALS) === ray;
      }),
      { seed: 4, numRuns: 500 },
    );
  });

  it.each(['1.0000000000000000000000000001', '1e-3', '', '1.', '.5', ' 1'])('refuses %j', (text) => {
    expect(() => parseFixedDecimal(text, RAY_DECIMALS)).toThrow(InvalidInputError);
  });
});

describe('rollingMedian', () => {
  it('equals the brute-force trailing median over finite values (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), fc.constant(Number.NaN)), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 1, max: 20 }),
        (values, window) => {
          const out = rollingMedian(Float64Array.from(values), window);
          let last = Number.NaN;
          for (let i = 0; i < values.length; i++) {
            const inWindow = values.slice(Math.max(0, i - window + 1), i + 1).filter(Number.isFinite).sort((a, b) => a - b);
            const n = inWindow.length;
            if (n > 0) last = n % 2 === 1 ? inWindow[(n - 1) / 2]! : 0.5 * (inWindow[n / 2 - 1]! + inWindow[n / 2]!);
            expect(Object.is(out[i], last) || out[i] === last).toBe(true);
          }
        },
      ),
      { seed: 6, numRuns: 300 },
    );
  });

  it('refuses a window that is not a positive integer', () => {
    expect(() => rollingMedian(new Float64Array(3), 0)).toThrow('invalid windowRows: 0');
  });
});

describe('ewmaByTime', () => {
  it('moves halfway to a new level after one half-life, whatever the sampling, and skips NaN', () => {
    const out = ewmaByTime(Float64Array.of(0, 600, 900, 1800), Float64Array.of(0, 1, Number.NaN, 1), 1800);
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo(1 - 0.5 ** (600 / 1800), 15);
    expect(out[2]).toBe(out[1]);
    expect(out[3]).toBeCloseTo(0.5, 15);
  });

  it('keeps a constant input constant and refuses a bad half-life', () => {
    const out = ewmaByTime(Float64Array.of(0, 60, 120), Float64Array.of(0.4, 0.4, 0.4), 300);
    expect([...out]).toEqual([0.4, 0.4, 0.4]);
    expect(() => ewmaByTime(Float64Array.of(0), Float64Array.of(1), 0)).toThrow('invalid halfLifeSeconds: 0');
  });
});

describe('squeethImpliedVol', () => {
  it('inverts the pricing: a mark of index·e^{σ²·17.5/365} gives σ back', () => {
    const weth = 1800;
    const normFactor = 0.29;
    const index = (normFactor * weth * weth) / 1e4;
    const sigma = 0.55;
    const osqthEth = (index * Math.exp((sigma * sigma * 17.5) / 365)) / weth;
    expect(squeethImpliedVol(normFactor, weth, osqthEth)).toBeCloseTo(sigma, 12);
    expect(squeethImpliedVol(normFactor, weth, (0.99 * index) / weth)).toBeNaN();
  });
});
