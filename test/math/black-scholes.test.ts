import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import {
  blackScholes,
  blackScholesPrice,
  type BlackScholesInput,
  type BlackScholesResult,
  type OptionKind,
} from '../../src/math/black-scholes.js';
import { loadQuantVectors } from '../vectors/load.js';

/** Property runs are seeded so every run checks the same cases. */
const SEED = 20_240_611;

interface HaugPriceRow {
  type: 'Call' | 'Put';
  S: number;
  K: number;
  q: number;
  r: number;
  t: number;
  v: number;
  expected: number;
  tolerance_abs: number;
  computed: number;
  computed_greeks: Record<'delta' | 'gamma' | 'vega' | 'theta' | 'rho' | 'dividendRho', number>;
}
interface HaugGreekRow extends Omit<HaugPriceRow, 'computed' | 'computed_greeks'> {
  greek: string;
  computed: number;
}

const vectors = loadQuantVectors();
const haugPrices = vectors.bsm.haug_prices as HaugPriceRow[];
const haugGreeks = vectors.bsm.haug_greeks as HaugGreekRow[];

/** Relative agreement with the mpmath (40-digit) values; the code measures ≤ 1.3e-14. */
const MPMATH_RELATIVE_TOLERANCE = 3e-14;

function inputOf(row: HaugPriceRow | HaugGreekRow): BlackScholesInput {
  return {
    kind: row.type === 'Call' ? 'call' : 'put',
    spot: row.S,
    strike: row.K,
    rate: row.r,
    dividendYield: row.q,
    volatility: row.v,
    expiry: row.t,
  };
}

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual / expected - 1);
}

/** QuantLib's Greeks that are not in the contract, from the contract's: dividend rho = −T·S·Δ. */
function greekOf(name: string, result: BlackScholesResult, input: BlackScholesInput): number {
  switch (name) {
    case 'delta':
    case 'gamma':
    case 'vega':
    case 'theta':
    case 'rho':
      return result[name];
    case 'thetaPerDay':
      return result.theta / 365;
    case 'dividendRho':
      return -input.expiry * input.spot * result.delta;
    case 'elasticity':
      return (result.delta * input.spot) / result.price;
    default:
      throw new Error(`unknown greek ${name}`);
  }
}

describe('blackScholes against the Haug / QuantLib vectors', () => {
  it('has all 43 price rows and 11 Greek rows', () => {
    expect(haugPrices.length).toBe(43);
    expect(haugGreeks.length).toBe(11);
  });

  it.each(haugPrices.map((row, index) => [index, row] as const))('price row %i within the published tolerance', (_, row) => {
    expect(Math.abs(blackScholes(inputOf(row)).price - row.expected)).toBeLessThanOrEqual(row.tolerance_abs);
  });

  it.each(haugPrices.map((row, index) => [index, row] as const))('row %i price and Greeks match mpmath', (_, row) => {
    const input = inputOf(row);
    const result = blackScholes(input);
    expect(relativeError(result.price, row.computed)).toBeLessThanOrEqual(MPMATH_RELATIVE_TOLERANCE);
    for (const [name, expected] of Object.entries(row.computed_greeks)) {
      expect(relativeError(greekOf(name, result, input), expected), name).toBeLessThanOrEqual(MPMATH_RELATIVE_TOLERANCE);
    }
  });

  it.each(haugGreeks.map((row) => [row.greek, row.type, row] as const))('%s of a %s', (greek, _, row) => {
    const input = inputOf(row);
    const value = greekOf(greek, blackScholes(input), input);
    expect(Math.abs(value - row.expected)).toBeLessThanOrEqual(row.tolerance_abs);
    expect(relativeError(value, row.computed)).toBeLessThanOrEqual(MPMATH_RELATIVE_TOLERANCE);
  });
});

// mpmath (50 digits) prices far out of the money, where 1 − N(d) or an unguarded difference of the
// two price terms would lose most or all digits.
const DEEP_OUT_OF_THE_MONEY: readonly [OptionKind, number, number, number, number, number, number, number][] = [
  ['call', 100, 200, 0.05, 0, 0.2, 0.1, 5.752080410270944e-28],
  ['call', 100, 130, 0.01, 0.02, 0.1, 0.25, 5.914166898328861e-8],
  ['put', 100, 60, 0.03, 0, 0.25, 0.5, 0.0056621581365263575],
  ['put', 100, 99, 0, 0, 0.3, 1e-5, 1.3915087239945765e-28],
  ['call', 100, 101, 0.02, 0, 0.5, 1e-5, 3.753721372993995e-12],
  ['call', 100, 110, 0, 0, 0.05, 0.01, 7.141665083297789e-83],
  ['put', 2000, 1500, 0.05, 0.01, 0.8, 0.02, 0.3355188962780359],
  ['call', 100, 100.5, 0, 0, 0.01, 0.001, 4.835480398172915e-59],
  ['call', 1, 3, 0, 0, 1.0, 0.5, 0.030309529229357167],
  ['put', 100, 10, 0.05, 0, 0.4, 2, 3.8094019910724895e-5],
];

describe('relative accuracy far out of the money', () => {
  it.each(DEEP_OUT_OF_THE_MONEY)('%s S=%d K=%d r=%d q=%d vol=%d T=%d', (kind, spot, strike, rate, dividendYield, volatility, expiry, expected) => {
    const input = { kind, spot, strike, rate, dividendYield, volatility, expiry };
    // The price's own condition number in ln(S/K) reaches ~(ln(S/K)/σ√T)² ≈ 4e3 in the worst row.
    expect(relativeError(blackScholes(input).price, expected)).toBeLessThanOrEqual(1e-13);
    expect(blackScholesPrice(input)).toBe(blackScholes(input).price);
  });
});

const kindArbitrary = fc.constantFrom<OptionKind>('call', 'put');
/** A moderate domain where finite differences are meaningful. */
const moderateInput = fc.record({
  kind: kindArbitrary,
  spot: fc.double({ min: 50, max: 200, noNaN: true }),
  strike: fc.double({ min: 50, max: 200, noNaN: true }),
  rate: fc.double({ min: -0.05, max: 0.15, noNaN: true }),
  dividendYield: fc.double({ min: -0.05, max: 0.15, noNaN: true }),
  volatility: fc.double({ min: 0.05, max: 1.5, noNaN: true }),
  expiry: fc.double({ min: 0.02, max: 5, noNaN: true }),
});
/** A wide domain: minutes to decades, 0.1 % to 1000 % volatility, strikes over 12 orders of magnitude. */
const wideInput = fc.record({
  kind: kindArbitrary,
  spot: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
  strike: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
  rate: fc.double({ min: -0.2, max: 0.5, noNaN: true }),
  dividendYield: fc.double({ min: -0.2, max: 0.5, noNaN: true }),
  volatility: fc.double({ min: 1e-3, max: 10, noNaN: true }),
  expiry: fc.double({ min: 1e-6, max: 30, noNaN: true }),
});

function withChange(input: BlackScholesInput, change: Partial<BlackScholesInput>): BlackScholesInput {
  return { ...input, ...change };
}

describe('blackScholes properties', () => {
  it('satisfies put–call parity C − P = S·Dq − K·Dr', () => {
    fc.assert(
      fc.property(wideInput, (input) => {
        const call = blackScholes({ ...input, kind: 'call' });
        const put = blackScholes({ ...input, kind: 'put' });
        const discountedSpot = input.spot * Math.exp(-input.dividendYield * input.expiry);
        const discountedStrike = input.strike * Math.exp(-input.rate * input.expiry);
        const scale = discountedSpot + discountedStrike;
        expect(Math.abs(call.price - put.price - (discountedSpot - discountedStrike))).toBeLessThanOrEqual(1e-14 * scale);
        // Put and call share gamma and vega; deltas differ by Dq.
        expect(Math.abs(call.gamma - put.gamma)).toBeLessThanOrEqual(1e-15 * Math.abs(call.gamma));
        expect(call.vega).toBe(put.vega);
        const dividendDiscount = Math.exp(-input.dividendYield * input.expiry);
        expect(Math.abs(call.delta - put.delta - dividendDiscount)).toBeLessThanOrEqual(4 * Number.EPSILON * dividendDiscount);
      }),
      { seed: SEED + 1, numRuns: 2000 },
    );
  });

  it('never returns NaN and stays within the no-arbitrage bounds', () => {
    fc.assert(
      fc.property(wideInput, (input) => {
        const result = blackScholes(input);
        for (const value of Object.values(result)) expect(Number.isNaN(value)).toBe(false);
        const discountedSpot = input.spot * Math.exp(-input.dividendYield * input.expiry);
        const discountedStrike = input.strike * Math.exp(-input.rate * input.expiry);
        const intrinsic = Math.max(input.kind === 'call' ? discountedSpot - discountedStrike : discountedStrike - discountedSpot, 0);
        const upper = input.kind === 'call' ? discountedSpot : discountedStrike;
        expect(result.price).toBeGreaterThanOrEqual(intrinsic);
        expect(result.price).toBeLessThanOrEqual(upper);
        expect(result.gamma).toBeGreaterThanOrEqual(0);
        expect(result.vega).toBeGreaterThanOrEqual(0);
        expect(blackScholesPrice(input)).toBe(result.price);
      }),
      { seed: SEED + 2, numRuns: 3000 },
    );
  });

  it('price is non-decreasing in volatility', () => {
    fc.assert(
      fc.property(wideInput, fc.double({ min: 1.0001, max: 3, noNaN: true }), (input, factor) => {
        const lower = blackScholesPrice(input);
        const higher = blackScholesPrice(withChange(input, { volatility: input.volatility * factor }));
        expect(higher).toBeGreaterThanOrEqual(lower * (1 - 4 * Number.EPSILON));
      }),
      { seed: SEED + 3, numRuns: 2000 },
    );
  });

  it('Greeks match central finite differences', () => {
    fc.assert(
      fc.property(moderateInput, (input) => {
        const result = blackScholes(input);
        const price = (change: Partial<BlackScholesInput>): number => blackScholesPrice(withChange(input, change));
        const central = (f: (h: number) => number, h: number): number => (f(h) - f(-h)) / (2 * h);
        // Steps scale with the width of the price's curvature (S·σ√T in spot) so truncation, O(step²),
        // stays near 1e-7 relative (more a few standard deviations out) while rounding, O(ε·price/step), stays far below it.
        const totalVolatility = input.volatility * Math.sqrt(input.expiry);
        const dS = 1e-3 * input.spot * totalVolatility;
        const dSigma = 1e-4 * input.volatility;
        const dT = 1e-4 * input.expiry;
        const dR = 1e-5;
        const delta = central((h) => price({ spot: input.spot + h }), dS);
        const gamma = central((h) => blackScholes(withChange(input, { spot: input.spot + h })).delta, dS);
        const vega = central((h) => price({ volatility: input.volatility + h }), dSigma);
        const theta = -central((h) => price({ expiry: input.expiry + h }), dT);
        const rho = central((h) => price({ rate: input.rate + h }), dR);
        const priceScale = input.spot + input.strike;
        // Rounding of the differenced values (a few ulps of their scale) divided by the step.
        const close = (finiteDifference: number, analytic: number, step: number, valueScale: number): void => {
          const rounding = (8 * Number.EPSILON * valueScale) / step;
          expect(Math.abs(finiteDifference - analytic)).toBeLessThanOrEqual(1e-5 * Math.abs(analytic) + rounding);
        };
        close(delta, result.delta, dS, priceScale);
        close(gamma, result.gamma, dS, 1);
        close(vega, result.vega, dSigma, priceScale);
        close(theta, result.theta, dT, priceScale);
        close(rho, result.rho, dR, priceScale);
      }),
      { seed: SEED + 4, numRuns: 1000 },
    );
  });
});

describe('blackScholes limits', () => {
  const base = { spot: 100, strike: 90, rate: 0.05, dividendYield: 0.02, volatility: 0.3, expiry: 0.5 } as const;

  it('expiry 0: intrinsic value, step delta, zero gamma and vega', () => {
    const call = blackScholes({ ...base, kind: 'call', expiry: 0 });
    expect(call).toEqual({ price: 10, delta: 1, gamma: 0, vega: 0, theta: 0.02 * 100 - 0.05 * 90, rho: 0 });
    const put = blackScholes({ ...base, kind: 'put', expiry: 0 });
    expect(put).toEqual({ price: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0 });
    const itmPut = blackScholes({ ...base, kind: 'put', strike: 120, expiry: 0 });
    expect(itmPut.price).toBe(20);
    expect(itmPut.delta).toBe(-1);
  });

  it('expiry 0 at the money: delta is ±½ by convention', () => {
    const call = blackScholes({ ...base, kind: 'call', strike: 100, expiry: 0 });
    const put = blackScholes({ ...base, kind: 'put', strike: 100, expiry: 0 });
    expect(call.price).toBe(0);
    expect(put.price).toBe(0);
    expect(call.delta).toBe(0.5);
    expect(put.delta).toBe(-0.5);
    expect(call.gamma).toBe(0);
    expect(Number.isFinite(call.theta)).toBe(true);
  });

  it('expiry → 0 approaches the expiry-0 values continuously (away from the money)', () => {
    for (const kind of ['call', 'put'] as const) {
      const atZero = blackScholes({ ...base, kind, expiry: 0 });
      const nearZero = blackScholes({ ...base, kind, expiry: 1e-9 });
      expect(Math.abs(nearZero.price - atZero.price)).toBeLessThanOrEqual(1e-6);
      expect(Math.abs(nearZero.delta - atZero.delta)).toBeLessThanOrEqual(1e-6);
      expect(Math.abs(nearZero.theta - atZero.theta)).toBeLessThanOrEqual(1e-5);
    }
  });

  it('volatility 0: discounted intrinsic value of the forward', () => {
    const discountedSpot = 100 * Math.exp(-0.02 * 0.5);
    const discountedStrike = 90 * Math.exp(-0.05 * 0.5);
    const call = blackScholes({ ...base, kind: 'call', volatility: 0 });
    expect(call.price).toBe(discountedSpot - discountedStrike);
    expect(call.delta).toBe(Math.exp(-0.02 * 0.5));
    expect(call.gamma).toBe(0);
    expect(call.vega).toBe(0);
    expect(call.rho).toBe(0.5 * discountedStrike);
    const put = blackScholes({ ...base, kind: 'put', volatility: 0 });
    expect(put).toEqual({ price: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0 });
    // Out of the money in spot but in the money in forward: only the forward counts.
    const forwardItmPut = blackScholes({ ...base, kind: 'put', strike: 101, rate: 0, dividendYield: 0.1, volatility: 0 });
    expect(forwardItmPut.price).toBeCloseTo(101 - 100 * Math.exp(-0.05), 12);
  });

  it('volatility → 0 approaches the volatility-0 values', () => {
    const atZero = blackScholes({ ...base, kind: 'call', volatility: 0 });
    const nearZero = blackScholes({ ...base, kind: 'call', volatility: 1e-6 });
    expect(Math.abs(nearZero.price - atZero.price)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(nearZero.delta - atZero.delta)).toBeLessThanOrEqual(1e-12);
  });

  it('strike 0: call = S·Dq, put = 0', () => {
    const call = blackScholes({ ...base, kind: 'call', strike: 0 });
    expect(call.price).toBe(100 * Math.exp(-0.02 * 0.5));
    expect(call.delta).toBe(Math.exp(-0.02 * 0.5));
    expect(call.gamma).toBe(0);
    expect(call.vega).toBe(0);
    expect(call.rho).toBe(0);
    expect(blackScholes({ ...base, kind: 'put', strike: 0 })).toEqual({ price: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0 });
  });

  it('spot 0: call = 0, put = K·Dr', () => {
    expect(blackScholes({ ...base, kind: 'call', spot: 0 }).price).toBe(0);
    const put = blackScholes({ ...base, kind: 'put', spot: 0 });
    expect(put.price).toBe(90 * Math.exp(-0.05 * 0.5));
    expect(put.delta).toBe(-Math.exp(-0.02 * 0.5));
  });
});

describe('blackScholes input validation', () => {
  const good: BlackScholesInput = { kind: 'call', spot: 100, strike: 100, rate: 0.01, dividendYield: 0, volatility: 0.2, expiry: 1 };
  const bad: [keyof BlackScholesInput, unknown][] = [
    ['spot', -1],
    ['spot', NaN],
    ['strike', -0.01],
    ['strike', Infinity],
    ['volatility', -0.2],
    ['volatility', NaN],
    ['expiry', -1e-9],
    ['expiry', NaN],
    ['rate', NaN],
    ['dividendYield', Infinity],
    ['kind', 'straddle'],
  ];

  it.each(bad)('rejects %s = %s with an InvalidInputError naming the field', (field, value) => {
    const input = { ...good, [field]: value } as BlackScholesInput;
    for (const fn of [blackScholes, blackScholesPrice]) {
      let caught: unknown;
      try {
        fn(input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidInputError);
      expect((caught as InvalidInputError).field).toBe(field);
      expect((caught as InvalidInputError).message).toContain(field);
    }
  });
});
