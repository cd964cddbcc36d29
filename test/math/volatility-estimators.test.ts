// Realised-volatility estimators against TTR's conventions (quant.md §5) and their invariants.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import { createSeededRandom } from '../../src/math/stats.js';
import {
  closeToCloseVolatility,
  garmanKlassVolatility,
  garmanKlassYangZhangVolatility,
  parkinsonVolatility,
  realizedVolatility,
  rogersSatchellVolatility,
  rollingVolatility,
  yangZhangComponents,
  yangZhangVolatility,
  type OhlcBar,
  type VolatilityEstimator,
} from '../../src/math/volatility-estimators.js';
import { loadQuantVectors } from '../vectors/load.js';

const vectors = loadQuantVectors().realized_vol;
const bars: OhlcBar[] = vectors.data.O.map((open: number, i: number) => ({
  open,
  high: vectors.data.H[i],
  low: vectors.data.L[i],
  close: vectors.data.C[i],
}));
const options = { periodsPerYear: vectors.N as number, window: vectors.n as number };
const ALL: VolatilityEstimator[] = ['close', 'parkinson', 'garman-klass', 'rogers-satchell', 'gk-yz', 'yang-zhang'];

/** OHLC bars from a seeded GBM sampled `steps` times per bar, with an overnight gap. */
function simulateBars(count: number, volAnnual: number, periodsPerYear: number, seed: number, steps = 200): OhlcBar[] {
  const rng = createSeededRandom(seed);
  const sdStep = volAnnual / Math.sqrt(periodsPerYear * steps);
  const out: OhlcBar[] = [];
  let logPrice = Math.log(100);
  for (let b = 0; b < count; b++) {
    const open = Math.exp(logPrice);
    let high = open;
    let low = open;
    for (let s = 0; s < steps; s++) {
      logPrice += sdStep * rng.normal() - 0.5 * sdStep * sdStep;
      const p = Math.exp(logPrice);
      high = Math.max(high, p);
      low = Math.min(low, p);
    }
    out.push({ open, high, low, close: Math.exp(logPrice) });
  }
  return out;
}

describe('volatility estimators — quant.md §5 worked example (TTR, n = 10, N = 365)', () => {
  const cases: [string, () => number, number][] = [
    ['close', () => closeToCloseVolatility(bars, options), vectors.results.close],
    ['close mean0', () => closeToCloseVolatility(bars, { ...options, mean0: true }), vectors.results.close_mean0],
    ['parkinson', () => parkinsonVolatility(bars, options), vectors.results.parkinson],
    ['garman-klass', () => garmanKlassVolatility(bars, options), vectors.results.garman_klass],
    ['rogers-satchell', () => rogersSatchellVolatility(bars, options), vectors.results.rogers_satchell],
    ['gk-yz', () => garmanKlassYangZhangVolatility(bars, options), vectors.results.gk_yz],
    ['yang-zhang', () => yangZhangVolatility(bars, options), vectors.results.yang_zhang],
  ];
  for (const [name, compute, expected] of cases) {
    it(`${name} = ${expected}`, () => {
      expect(Math.abs(compute() - expected)).toBeLessThan(1e-14);
    });
  }

  it('Yang–Zhang components k, σ_o², σ_c² match', () => {
    const c = yangZhangComponents(bars, options);
    expect(Math.abs(c.k - vectors.results.yz_k)).toBeLessThan(1e-15);
    expect(Math.abs(c.overnightVarianceAnnual - vectors.results.yz_s2o)).toBeLessThan(1e-17);
    expect(Math.abs(c.openToCloseVarianceAnnual - vectors.results.yz_s2c)).toBeLessThan(1e-15);
    expect(c.volAnnual ** 2).toBeCloseTo(
      c.overnightVarianceAnnual + c.k * c.openToCloseVarianceAnnual + (1 - c.k) * c.rogersSatchellVarianceAnnual,
      15,
    );
  });

  it('the default window uses every usable bar (same as n = 10 for the 11 bars here, and n = 11 for close)', () => {
    expect(yangZhangVolatility(bars, { periodsPerYear: 365 })).toBe(yangZhangVolatility(bars, options));
    expect(parkinsonVolatility(bars, { periodsPerYear: 365 })).toBe(parkinsonVolatility(bars, { periodsPerYear: 365, window: 11 }));
    expect(closeToCloseVolatility(bars, { periodsPerYear: 365 })).toBe(
      closeToCloseVolatility(bars, { periodsPerYear: 365, window: 11 }),
    );
  });

  it('a k override replaces the alpha-derived weight', () => {
    const c = yangZhangComponents(bars, { ...options, k: 0 });
    expect(c.volAnnual ** 2).toBeCloseTo(c.overnightVarianceAnnual + c.rogersSatchellVarianceAnnual, 15);
  });
});

describe('rolling volatility', () => {
  it('is NaN until the window fits, then equals the point estimate at each bar', () => {
    for (const estimator of ALL) {
      const series = rollingVolatility(bars, estimator, { periodsPerYear: 365, window: 5 });
      const lookBack = estimator === 'gk-yz' || estimator === 'yang-zhang' ? 1 : 0;
      expect(series).toHaveLength(bars.length);
      for (let i = 0; i < bars.length; i++) {
        if (i + 1 < 5 + lookBack) {
          expect(Number.isNaN(series[i])).toBe(true);
        } else {
          expect(series[i]).toBeCloseTo(realizedVolatility(bars.slice(0, i + 1), estimator, { periodsPerYear: 365, window: 5 }), 15);
        }
      }
    }
  });

  it('the last value of a 10-bar rolling series is the vector value', () => {
    expect(rollingVolatility(bars, 'yang-zhang', options).at(-1)).toBeCloseTo(vectors.results.yang_zhang, 14);
  });
});

describe('estimator properties', () => {
  const positiveBar = fc
    .record({
      open: fc.double({ min: 50, max: 150, noNaN: true }),
      close: fc.double({ min: 50, max: 150, noNaN: true }),
      up: fc.double({ min: 0, max: 20, noNaN: true }),
      down: fc.double({ min: 0, max: 20, noNaN: true }),
    })
    .map(({ open, close, up, down }) => ({
      open,
      close,
      high: Math.max(open, close) + up,
      low: Math.min(open, close) - down,
    }));

  it('are invariant to the price unit (all prices × c)', () => {
    fc.assert(
      fc.property(fc.array(positiveBar, { minLength: 4, maxLength: 30 }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (bs, c) => {
        const scaled = bs.map((b) => ({ open: b.open * c, high: b.high * c, low: b.low * c, close: b.close * c }));
        for (const e of ALL) {
          // Compared as variances: near zero the square root magnifies rounding noise.
          const a = realizedVolatility(bs, e, { periodsPerYear: 1 }) ** 2;
          const s = realizedVolatility(scaled, e, { periodsPerYear: 1 }) ** 2;
          expect(Math.abs(a - s)).toBeLessThanOrEqual(1e-12 * Math.max(1, a));
        }
      }),
      { seed: 11, numRuns: 100 },
    );
  });

  it('scale with √N and only read the last n bars (plus one for the previous close)', () => {
    fc.assert(
      fc.property(fc.array(positiveBar, { minLength: 8, maxLength: 30 }), positiveBar, (bs, extra) => {
        for (const e of ALL) {
          const a = realizedVolatility(bs, e, { periodsPerYear: 1, window: 6 });
          expect(realizedVolatility(bs, e, { periodsPerYear: 365, window: 6 })).toBeCloseTo(a * Math.sqrt(365), 10);
          expect(realizedVolatility([extra, ...bs], e, { periodsPerYear: 1, window: 6 })).toBe(a);
        }
      }),
      { seed: 12, numRuns: 60 },
    );
  });

  it('range estimators are 0 for flat bars; close-to-close is 0 for constant closes', () => {
    const flat = Array.from({ length: 6 }, () => ({ open: 10, high: 10, low: 10, close: 10 }));
    for (const e of ALL) expect(realizedVolatility(flat, e, { periodsPerYear: 365 })).toBe(0);
  });

  it('all estimators recover the volatility of a seeded GBM (4000 bars, 60 % vol)', () => {
    const sim = simulateBars(4000, 0.6, 365, 2024);
    const close = realizedVolatility(sim, 'close', { periodsPerYear: 365 });
    expect(Math.abs(close / 0.6 - 1)).toBeLessThan(0.04);
    // Highs and lows seen at 200 points per bar understate the true range by about 4 %, so the
    // range-based estimators sit a little low; they must still be close and below the truth.
    for (const e of ALL.filter((x) => x !== 'close')) {
      const v = realizedVolatility(sim, e, { periodsPerYear: 365 });
      expect(v).toBeLessThan(0.6);
      expect(v).toBeGreaterThan(0.6 * 0.92);
    }
  });
});

describe('bad input', () => {
  it('throws InvalidInputError naming the field', () => {
    const bad: [() => unknown, string][] = [
      [() => parkinsonVolatility(bars, { periodsPerYear: 365, window: 12 }), 'window'],
      [() => yangZhangVolatility(bars, { periodsPerYear: 365, window: 11 }), 'window'],
      [() => closeToCloseVolatility(bars, { periodsPerYear: 365, window: 2 }), 'window'],
      [() => parkinsonVolatility(bars, { periodsPerYear: 365, window: 2.5 }), 'window'],
      [() => parkinsonVolatility(bars, { periodsPerYear: 0 }), 'periodsPerYear'],
      [() => parkinsonVolatility([{ open: 1, high: 1, low: 2, close: 1 }], { periodsPerYear: 1 }), 'bars[0].low'],
      [() => parkinsonVolatility([{ open: 1, high: 1.5, low: 0.5, close: 2 }], { periodsPerYear: 1 }), 'bars[0].high'],
      [() => garmanKlassVolatility([{ open: 1, high: Number.NaN, low: 1, close: 1 }], { periodsPerYear: 1 }), 'bars[0].high'],
      [() => rogersSatchellVolatility([{ open: 0, high: 1, low: 1, close: 1 }], { periodsPerYear: 1 }), 'bars[0].open'],
      [() => parkinsonVolatility([], { periodsPerYear: 1 }), 'window'],
      [() => yangZhangVolatility(bars, { ...options, k: 2 }), 'k'],
      [() => realizedVolatility(bars, 'nope' as VolatilityEstimator, options), 'estimator'],
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
