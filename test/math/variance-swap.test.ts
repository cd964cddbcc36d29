// Variance-swap fair strike by static replication: QuantLib's DDKZ example (quant.md §5).
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import {
  varianceSwapFairVariance,
  varianceSwapFairVarianceFromVols,
  type QuotedOption,
} from '../../src/math/variance-swap.js';
import { loadQuantVectors } from '../vectors/load.js';

const vectors = loadQuantVectors().variance_swap;
const input = vectors.inputs;

/** Φ by Marsaglia's series (absolute error ~1e-15 for |x| < 8): an independent pricer for the test. */
function normalCdf(x: number): number {
  let sum = x;
  let term = x;
  let previous = 0;
  for (let i = 3; sum !== previous; i += 2) {
    previous = sum;
    term *= (x * x) / i;
    sum = previous + term;
  }
  return 0.5 + sum * Math.exp(-0.5 * x * x - 0.9189385332046727);
}

function black(kind: 'call' | 'put', spot: number, strike: number, rate: number, q: number, vol: number, t: number): number {
  const d1 = (Math.log(spot / strike) + (rate - q + 0.5 * vol * vol) * t) / (vol * Math.sqrt(t));
  const d2 = d1 - vol * Math.sqrt(t);
  return kind === 'call'
    ? spot * Math.exp(-q * t) * normalCdf(d1) - strike * Math.exp(-rate * t) * normalCdf(d2)
    : strike * Math.exp(-rate * t) * normalCdf(-d2) - spot * Math.exp(-q * t) * normalCdf(-d1);
}

function quotes(kind: 'call' | 'put', rows: [number, number][], q = input.q): QuotedOption[] {
  // Far OTM the difference of two rounded terms can dip a hair below zero; a quote cannot.
  return rows.map(([strike, vol]) => ({ strike, price: Math.max(0, black(kind, input.S, strike, input.r, q, vol, input.t)) }));
}

const ddkz = {
  spot: input.S,
  rate: input.r,
  dividendYield: input.q,
  expiry: input.t,
  strikeStep: input.dk,
  puts: quotes('put', input.puts),
  calls: quotes('call', input.calls),
};

describe('varianceSwapFairVariance — QuantLib testReplicatingVarianceSwap (DDKZ 1999)', () => {
  const result = varianceSwapFairVariance(ddkz);

  it(`fair variance ${vectors.expected} within ${vectors.tol} (and the reference port's value to 1e-10)`, () => {
    expect(Math.abs(result.fairVariance - vectors.expected)).toBeLessThan(vectors.tol);
    expect(Math.abs(result.fairVariance - vectors.computed_variance)).toBeLessThan(1e-10);
    expect(result.fairVolatility).toBeCloseTo(vectors.computed_vol, 8);
    expect(result.boundaryStrike).toBe(100);
  });

  it('weights match QuantLib’s, strike by strike, to 1e-15', () => {
    expect(result.weights).toHaveLength(vectors.weights.length);
    vectors.weights.forEach((w: { type: string; K: number; w: number }, i: number) => {
      const got = result.weights[i]!;
      expect(got.kind).toBe(w.type.toLowerCase());
      expect(got.strike).toBe(w.K);
      expect(Math.abs(got.weight - w.w)).toBeLessThan(1e-15);
    });
  });

  it('does not depend on the order the quotes are given in', () => {
    const shuffled = varianceSwapFairVariance({ ...ddkz, puts: [...ddkz.puts].reverse(), calls: [...ddkz.calls].reverse() });
    expect(shuffled.fairVariance).toBe(result.fairVariance);
  });

  it('defaults strikeStep to the outermost spacing (5 here)', () => {
    const { strikeStep: _unused, ...rest } = ddkz;
    expect(varianceSwapFairVariance(rest).fairVariance).toBe(result.fairVariance);
  });
});

describe('varianceSwapFairVarianceFromVols (priced with src/math/black-scholes.ts)', () => {
  const toQuotes = (rows: [number, number][]) => rows.map(([strike, volatility]) => ({ strike, volatility }));
  const result = varianceSwapFairVarianceFromVols({
    spot: input.S,
    rate: input.r,
    dividendYield: input.q,
    expiry: input.t,
    strikeStep: input.dk,
    puts: toQuotes(input.puts),
    calls: toQuotes(input.calls),
  });

  it(`gives the DDKZ fair variance ${vectors.expected} within ${vectors.tol}, and the reference port's to 1e-10`, () => {
    expect(Math.abs(result.fairVariance - vectors.expected)).toBeLessThan(vectors.tol);
    expect(Math.abs(result.fairVariance - vectors.computed_variance)).toBeLessThan(1e-10);
  });

  it('gives the same weights as the price-based replication', () => {
    expect(result.weights).toEqual(varianceSwapFairVariance(ddkz).weights);
  });

  it('refuses a non-positive volatility, naming the quote', () => {
    expect(() =>
      varianceSwapFairVarianceFromVols({ ...ddkz, puts: [{ strike: 100, volatility: 0 }], calls: toQuotes(input.calls) }),
    ).toThrow(/puts\[0\]\.volatility/);
  });
});

describe('replication properties', () => {
  it('a dense flat-vol strip prices the variance σ² (quant.md sanity check: 0.0400021 for 20 %)', () => {
    for (const vol of [0.2, 0.5, 0.8]) {
      const putRows: [number, number][] = [];
      const callRows: [number, number][] = [];
      for (let k = 100; k >= 5; k -= 0.5) putRows.push([k, vol]);
      for (let k = 100; k <= 800; k += 0.5) callRows.push([k, vol]);
      const v = varianceSwapFairVariance({
        spot: 100,
        rate: 0.05,
        dividendYield: 0,
        expiry: input.t,
        puts: quotes('put', putRows),
        calls: quotes('call', callRows),
      }).fairVariance;
      expect(Math.abs(v / (vol * vol) - 1)).toBeLessThan(2e-3);
    }
  });

  it('a boundary away from the forward gives the same answer (the correction terms absorb it)', () => {
    const vol = 0.3;
    const grid = (lo: number, hi: number): [number, number][] => {
      const rows: [number, number][] = [];
      for (let k = lo; k <= hi + 1e-9; k += 0.25) rows.push([k, vol]);
      return rows;
    };
    const at = (boundary: number): number =>
      varianceSwapFairVariance({
        spot: 100,
        rate: 0.05,
        dividendYield: 0,
        expiry: input.t,
        puts: quotes('put', grid(10, boundary)),
        calls: quotes('call', grid(boundary, 400)),
      }).fairVariance;
    expect(Math.abs(at(90) - at(110))).toBeLessThan(2e-4);
  });

  it('uses the dividend-adjusted forward: with q > 0 a flat strip still prices σ²', () => {
    const q = 0.03;
    const putRows: [number, number][] = [];
    const callRows: [number, number][] = [];
    for (let k = 100; k >= 5; k -= 0.5) putRows.push([k, 0.25]);
    for (let k = 100; k <= 600; k += 0.5) callRows.push([k, 0.25]);
    const v = varianceSwapFairVariance({
      spot: 100,
      rate: 0.05,
      dividendYield: q,
      expiry: input.t,
      puts: quotes('put', putRows, q),
      calls: quotes('call', callRows, q),
    }).fairVariance;
    expect(Math.abs(v / 0.0625 - 1)).toBeLessThan(2e-3);
  });
});

describe('bad input', () => {
  it('throws InvalidInputError naming the field', () => {
    const bad: [() => unknown, string][] = [
      [() => varianceSwapFairVariance({ ...ddkz, calls: ddkz.calls.slice(1) }), 'puts'],
      [() => varianceSwapFairVariance({ ...ddkz, puts: [] }), 'puts'],
      [() => varianceSwapFairVariance({ ...ddkz, strikeStep: 50 }), 'strikeStep'],
      [() => varianceSwapFairVariance({ ...ddkz, expiry: 0 }), 'expiry'],
      [() => varianceSwapFairVariance({ ...ddkz, spot: -1 }), 'spot'],
      [() => varianceSwapFairVariance({ ...ddkz, rate: Number.NaN }), 'rate'],
      [() => varianceSwapFairVariance({ ...ddkz, calls: [...ddkz.calls, { strike: 135, price: 0.1 }] }), 'calls[8].strike'],
      [() => varianceSwapFairVariance({ ...ddkz, puts: [{ strike: 100, price: -1 }] }), 'puts[0].price'],
      [() => varianceSwapFairVariance({ ...ddkz, strikeStep: undefined, calls: [{ strike: 100, price: 3 }] }), 'strikeStep'],
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
