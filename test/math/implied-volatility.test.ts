import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import { blackScholes, type OptionKind } from '../../src/math/black-scholes.js';
import {
  black,
  impliedVolatility,
  impliedVolatilityFromTransformedRationalGuess,
  impliedVolatilityFromTransformedRationalGuessWithLimitedIterations,
  type ImpliedVolatilityInput,
  normalisedBlack,
  normalisedImpliedVolatilityFromTransformedRationalGuess,
  normalisedImpliedVolatilityFromTransformedRationalGuessWithLimitedIterations,
  normalisedVega,
} from '../../src/math/implied-volatility.js';
import { normCdf } from '../../src/math/normal.js';
import { loadQuantVectors } from '../vectors/load.js';

const SEED = 20_240_611;
const EPSILON = Number.EPSILON;

// ---------------------------------------------------------------------------------------------
// The vectors give some inputs as expressions ("ln(100/95)", "normalised_black(0,0.2,1)"):
// a tiny evaluator for numbers, + − * /, parentheses, ln, sqrt and normalised_black.
// ---------------------------------------------------------------------------------------------
function evaluate(expression: string | number): number {
  if (typeof expression === 'number') return expression;
  const tokens = expression.match(/\d+(?:\.\d+)?(?:e[-+]?\d+)?|[A-Za-z_]+|[-+*/(),]/g) ?? [];
  let position = 0;
  const peek = (): string | undefined => tokens[position];
  const take = (expected?: string): string => {
    const token = tokens[position++];
    if (token === undefined || (expected !== undefined && token !== expected)) throw new Error(`bad expression ${expression}`);
    return token;
  };
  const functions: Record<string, (...args: number[]) => number> = {
    ln: Math.log,
    sqrt: Math.sqrt,
    normalised_black: (x, s, q) => normalisedBlack(x as number, s as number, q as number),
  };
  const primary = (): number => {
    const token = take();
    if (token === '(') {
      const value = sum();
      take(')');
      return value;
    }
    if (token === '-') return -primary();
    const fn = functions[token];
    if (fn) {
      take('(');
      const args = [sum()];
      while (peek() === ',') {
        take(',');
        args.push(sum());
      }
      take(')');
      return fn(...args);
    }
    const value = Number(token);
    if (Number.isNaN(value)) throw new Error(`bad token ${token}`);
    return value;
  };
  const product = (): number => {
    let value = primary();
    while (peek() === '*' || peek() === '/') value = take() === '*' ? value * primary() : value / primary();
    return value;
  };
  const sum = (): number => {
    let value = product();
    while (peek() === '+' || peek() === '-') value = take() === '+' ? value + product() : value - product();
    return value;
  };
  const result = sum();
  if (position !== tokens.length) throw new Error(`trailing tokens in ${expression}`);
  return result;
}

interface LbrTest {
  fn: string;
  inputs: Record<string, string | number>;
  expected: number;
  tol_abs: number;
}

function runLbrTest(test: LbrTest): number {
  const input = (name: string): number => evaluate(test.inputs[name] as string | number);
  switch (test.fn) {
    case 'black(F,K,sigma,T,q)':
      return black(input('F'), input('K'), input('sigma'), input('T'), input('q'));
    case 'implied_volatility_from_a_transformed_rational_guess(price,F,K,T,q)':
      return impliedVolatilityFromTransformedRationalGuess(input('price'), input('F'), input('K'), input('T'), input('q'));
    case 'implied_volatility_from_a_transformed_rational_guess_with_limited_iterations(price,F,K,T,q,N)':
      return impliedVolatilityFromTransformedRationalGuessWithLimitedIterations(
        input('price'),
        input('F'),
        input('K'),
        input('T'),
        input('q'),
        input('N'),
      );
    case 'normalised_black(x,s,q)':
      return normalisedBlack(input('x'), input('s'), input('q'));
    case 'normalised_vega(x,s)':
      return normalisedVega(input('x'), input('s'));
    case 'normalised_implied_volatility_from_a_transformed_rational_guess(beta,x,q)':
      return normalisedImpliedVolatilityFromTransformedRationalGuess(input('beta'), input('x'), input('q'));
    case 'norm_cdf(z)':
      return normCdf(input('z'));
    default:
      throw new Error(`no implementation mapped for ${test.fn}`);
  }
}

describe("Let's Be Rational public-function vectors (py_lets_be_rational)", () => {
  const tests = loadQuantVectors().implied_vol.lbr_public_function_tests as LbrTest[];

  it('has all 12 vectors', () => {
    expect(tests.length).toBe(12);
  });

  it.each(tests.map((test, index) => [index, test.fn, test] as const))('#%i %s', (_, __, test) => {
    expect(Math.abs(runLbrTest(test) - test.expected)).toBeLessThanOrEqual(test.tol_abs);
  });

  it('the expression evaluator reads the vector notation', () => {
    expect(evaluate('ln(100/95)')).toBe(Math.log(100 / 95));
    expect(evaluate('0.3*sqrt(0.5)')).toBe(0.3 * Math.sqrt(0.5));
    expect(evaluate('normalised_black(0,0.2,1)')).toBe(normalisedBlack(0, 0.2, 1));
  });
});

// ---------------------------------------------------------------------------------------------
// Round trips. A price given to double precision pins the volatility only to ε·κ relative, with
// κ = price/(σ·vega) the condition number of the inverse problem (it is large deep in the money,
// where the price is almost all intrinsic value, and at extreme total volatility).
// ---------------------------------------------------------------------------------------------
interface PricedCase extends ImpliedVolatilityInput {
  volatility: number;
  /** Condition number κ = price/(σ·vega). */
  condition: number;
  timeValueFraction: number;
}

function pricedCase(
  kind: OptionKind,
  spot: number,
  strike: number,
  rate: number,
  dividendYield: number,
  volatility: number,
  expiry: number,
): PricedCase | undefined {
  const result = blackScholes({ kind, spot, strike, rate, dividendYield, volatility, expiry });
  const discountedSpot = spot * Math.exp(-dividendYield * expiry);
  const discountedStrike = strike * Math.exp(-rate * expiry);
  const intrinsic = Math.max(kind === 'call' ? discountedSpot - discountedStrike : discountedStrike - discountedSpot, 0);
  const upper = kind === 'call' ? discountedSpot : discountedStrike;
  // Subnormal prices carry only a few digits; a price at its bound carries none.
  if (!(result.price > 1e-290 * spot && result.price < upper)) return undefined;
  return {
    kind,
    price: result.price,
    spot,
    strike,
    rate,
    dividendYield,
    expiry,
    volatility,
    condition: result.price / (volatility * result.vega),
    timeValueFraction: (result.price - intrinsic) / result.price,
  };
}

/** Minutes (1e-5 y) to 10 years, vols 1 %–500 %, strikes up to ±6 standard deviations. */
const wideCase = fc
  .record({
    kind: fc.constantFrom<OptionKind>('call', 'put'),
    spot: fc.double({ min: 1e-3, max: 1e5, noNaN: true }),
    logExpiry: fc.double({ min: Math.log(1e-5), max: Math.log(10), noNaN: true }),
    logVolatility: fc.double({ min: Math.log(0.01), max: Math.log(5), noNaN: true }),
    standardDeviations: fc.double({ min: -6, max: 6, noNaN: true }),
    rate: fc.double({ min: -0.05, max: 0.2, noNaN: true }),
    dividendYield: fc.double({ min: -0.05, max: 0.2, noNaN: true }),
  })
  .map(({ kind, spot, logExpiry, logVolatility, standardDeviations, rate, dividendYield }) => {
    const expiry = Math.exp(logExpiry);
    const volatility = Math.exp(logVolatility);
    const strike = spot * Math.exp(standardDeviations * volatility * Math.sqrt(expiry));
    return pricedCase(kind, spot, strike, rate, dividendYield, volatility, expiry);
  })
  .filter((c): c is PricedCase => c !== undefined);

/** The attainable accuracy: a few ulps of the price's own precision, carried through κ. */
function attainable(condition: number): number {
  return 64 * EPSILON * (1 + condition);
}

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual / expected - 1);
}

describe('impliedVolatility round trips', () => {
  it('recovers the volatility to 1e-12 wherever the price pins it that well (κ <= 45)', () => {
    fc.assert(
      fc.property(wideCase, (c) => {
        fc.pre(c.condition <= 45);
        expect(relativeError(impliedVolatility(c), c.volatility)).toBeLessThanOrEqual(1e-12);
      }),
      { seed: SEED, numRuns: 20_000 },
    );
  });

  it('everywhere time value >= 1e-10 of the price, recovers it to the precision the price allows', () => {
    fc.assert(
      fc.property(wideCase, (c) => {
        fc.pre(c.timeValueFraction >= 1e-10);
        const error = relativeError(impliedVolatility(c), c.volatility);
        expect(error).toBeLessThanOrEqual(Math.max(1e-12, attainable(c.condition)));
      }),
      { seed: SEED + 1, numRuns: 20_000 },
    );
  });

  it.each([
    ['deep out-of-the-money call, 1 day', 'call', 100, 160, 0.03, 0, 0.6, 1 / 365],
    ['deep out-of-the-money put, 1 year', 'put', 100, 30, 0.03, 0.01, 0.4, 1],
    ['deep in-the-money call', 'call', 100, 60, 0.03, 0, 0.25, 0.5],
    ['deep in-the-money put', 'put', 100, 150, 0.03, 0, 0.3, 0.25],
    ['minutes to expiry at the money', 'call', 100, 100, 0.05, 0, 0.8, 1e-5],
    ['minutes to expiry out of the money', 'put', 100, 99.5, 0.05, 0, 0.8, 1e-5],
    ['1 % volatility', 'call', 100, 101, 0.01, 0, 0.01, 0.5],
    ['500 % volatility', 'put', 100, 100, 0.01, 0, 5, 0.5],
    ['500 % volatility, 2 years, out of the money', 'call', 2000, 5000, 0.01, 0, 5, 2],
    ['1e-30 price far out of the money', 'call', 100, 300, 0, 0, 0.3, 0.25],
  ] as const)('%s', (_, kind, spot, strike, rate, dividendYield, volatility, expiry) => {
    const c = pricedCase(kind, spot, strike, rate, dividendYield, volatility, expiry);
    expect(c).toBeDefined();
    const priced = c as PricedCase;
    expect(relativeError(impliedVolatility(priced), volatility)).toBeLessThanOrEqual(Math.max(1e-12, attainable(priced.condition)));
  });

  it('is non-decreasing in the price', () => {
    fc.assert(
      fc.property(wideCase, fc.double({ min: 1e-9, max: 0.5, noNaN: true }), (c, fraction) => {
        const upper = c.kind === 'call' ? c.spot * Math.exp(-c.dividendYield * c.expiry) : c.strike * Math.exp(-c.rate * c.expiry);
        const higherPrice = c.price + fraction * (upper - c.price);
        fc.pre(higherPrice < upper && higherPrice > c.price);
        expect(impliedVolatility({ ...c, price: higherPrice })).toBeGreaterThanOrEqual(impliedVolatility(c) * (1 - 1e-12));
      }),
      { seed: SEED + 2, numRuns: 5_000 },
    );
  });

  it('never returns NaN for any price strictly inside the bounds', () => {
    fc.assert(
      fc.property(wideCase, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (c, position) => {
        const discountedSpot = c.spot * Math.exp(-c.dividendYield * c.expiry);
        const discountedStrike = c.strike * Math.exp(-c.rate * c.expiry);
        const intrinsic = Math.max(c.kind === 'call' ? discountedSpot - discountedStrike : discountedStrike - discountedSpot, 0);
        const upper = c.kind === 'call' ? discountedSpot : discountedStrike;
        const price = intrinsic + position * (upper - intrinsic);
        fc.pre(price < upper);
        const volatility = impliedVolatility({ ...c, price });
        expect(Number.isFinite(volatility)).toBe(true);
        expect(volatility).toBeGreaterThanOrEqual(0);
      }),
      { seed: SEED + 3, numRuns: 10_000 },
    );
  });
});

describe("normalised Let's Be Rational", () => {
  const normalisedCase = fc.record({
    q: fc.constantFrom(1, -1),
    x: fc.double({ min: -50, max: 50, noNaN: true }),
    logS: fc.double({ min: Math.log(1e-6), max: Math.log(20), noNaN: true }),
  });

  it('inverts the normalised Black function to a few ulps times its condition number', () => {
    fc.assert(
      fc.property(normalisedCase, ({ q, x, logS }) => {
        const s = Math.exp(logS);
        const beta = normalisedBlack(x, s, q);
        const intrinsic = Math.max(q * 2 * Math.sinh(x / 2), 0);
        fc.pre(beta > intrinsic && beta > 1e-290 && beta < Math.exp((q * x) / 2));
        const condition = beta / (s * normalisedVega(x, s));
        const error = relativeError(normalisedImpliedVolatilityFromTransformedRationalGuess(beta, x, q), s);
        // Measured worst case over 7e5 random inputs: 5 ε·(1 + κ).
        expect(error).toBeLessThanOrEqual(16 * EPSILON * (1 + condition));
      }),
      { seed: SEED + 4, numRuns: 20_000 },
    );
  });

  it('uses at most two Householder steps: a third changes nothing', () => {
    fc.assert(
      fc.property(normalisedCase, ({ q, x, logS }) => {
        const s = Math.exp(logS);
        const beta = normalisedBlack(x, s, q);
        const intrinsic = Math.max(q * 2 * Math.sinh(x / 2), 0);
        fc.pre(beta > intrinsic && beta > 1e-290 && beta < Math.exp((q * x) / 2));
        const condition = beta / (s * normalisedVega(x, s));
        const two = normalisedImpliedVolatilityFromTransformedRationalGuessWithLimitedIterations(beta, x, q, 2);
        const ten = normalisedImpliedVolatilityFromTransformedRationalGuessWithLimitedIterations(beta, x, q, 10);
        expect(relativeError(two, ten)).toBeLessThanOrEqual(16 * EPSILON * (1 + condition));
        const guess = normalisedImpliedVolatilityFromTransformedRationalGuessWithLimitedIterations(beta, x, q, 0);
        expect(Number.isFinite(guess)).toBe(true);
      }),
      { seed: SEED + 5, numRuns: 5_000 },
    );
  });

  it('the initial guess alone is already close (rational guesses, no iteration)', () => {
    const beta = normalisedBlack(-0.5, 0.3, 1);
    const guess = normalisedImpliedVolatilityFromTransformedRationalGuessWithLimitedIterations(beta, -0.5, 1, 0);
    expect(relativeError(guess, 0.3)).toBeLessThanOrEqual(5e-2);
    const oneStep = normalisedImpliedVolatilityFromTransformedRationalGuessWithLimitedIterations(beta, -0.5, 1, 1);
    expect(relativeError(oneStep, 0.3)).toBeLessThanOrEqual(1e-6);
    expect(relativeError(guess, 0.3)).toBeGreaterThan(0);
  });

  it('prices at intrinsic give 0 and out-of-bounds prices throw RangeError', () => {
    expect(normalisedImpliedVolatilityFromTransformedRationalGuess(0, -0.1, 1)).toBe(0);
    expect(normalisedImpliedVolatilityFromTransformedRationalGuess(2 * Math.sinh(0.05), 0.1, 1)).toBe(0);
    expect(() => normalisedImpliedVolatilityFromTransformedRationalGuess(-1e-20, -0.1, 1)).toThrow(/below intrinsic value/);
    expect(() => normalisedImpliedVolatilityFromTransformedRationalGuess(Math.exp(0.05), 0.1, 1)).toThrow(/above the upper bound/);
  });
});

describe('impliedVolatility bounds and limits', () => {
  const base = { spot: 100, rate: 0.05, dividendYield: 0.02, expiry: 0.5 } as const;
  const discountedSpot = 100 * Math.exp(-0.02 * 0.5);
  const discountedStrike = (strike: number): number => strike * Math.exp(-0.05 * 0.5);
  const boundMessage = 'above the upper bound (discounted forward for a call, discounted strike for a put)';

  it('throws RangeError "below intrinsic value" for an in-the-money call below S·Dq − K·Dr', () => {
    const intrinsic = discountedSpot - discountedStrike(80);
    const call = { ...base, kind: 'call' as const, strike: 80, price: intrinsic * (1 - 1e-9) };
    expect(() => impliedVolatility(call)).toThrow(RangeError);
    expect(() => impliedVolatility(call)).toThrow(/below intrinsic value/);
  });

  it('throws RangeError "below intrinsic value" for an in-the-money put and for a negative price', () => {
    const intrinsic = discountedStrike(130) - discountedSpot;
    expect(() => impliedVolatility({ ...base, kind: 'put', strike: 130, price: intrinsic - 1e-6 })).toThrow(/below intrinsic value/);
    expect(() => impliedVolatility({ ...base, kind: 'call', strike: 130, price: -1e-12 })).toThrow(/below intrinsic value/);
  });

  it('throws RangeError naming the upper bound at and above S·Dq for a call', () => {
    for (const price of [discountedSpot, discountedSpot * 1.001]) {
      const call = { ...base, kind: 'call' as const, strike: 90, price };
      expect(() => impliedVolatility(call)).toThrow(RangeError);
      expect(() => impliedVolatility(call)).toThrow(boundMessage);
    }
  });

  it('throws RangeError naming the upper bound at and above K·Dr for a put', () => {
    for (const price of [discountedStrike(110), discountedStrike(110) + 1]) {
      const put = { ...base, kind: 'put' as const, strike: 110, price };
      expect(() => impliedVolatility(put)).toThrow(RangeError);
      expect(() => impliedVolatility(put)).toThrow(boundMessage);
    }
  });

  it('returns 0 for a price exactly at intrinsic value', () => {
    expect(impliedVolatility({ ...base, kind: 'call', strike: 120, price: 0 })).toBe(0);
    expect(impliedVolatility({ ...base, kind: 'call', strike: 80, price: discountedSpot - discountedStrike(80) })).toBe(0);
    expect(impliedVolatility({ ...base, kind: 'put', strike: 130, price: discountedStrike(130) - discountedSpot })).toBe(0);
  });

  it('at expiry 0: intrinsic gives 0, any time value is a RangeError', () => {
    const atExpiry = { ...base, expiry: 0 };
    expect(impliedVolatility({ ...atExpiry, kind: 'call', strike: 90, price: 10 })).toBe(0);
    expect(impliedVolatility({ ...atExpiry, kind: 'put', strike: 90, price: 0 })).toBe(0);
    expect(() => impliedVolatility({ ...atExpiry, kind: 'call', strike: 90, price: 10.5 })).toThrow(RangeError);
    expect(() => impliedVolatility({ ...atExpiry, kind: 'put', strike: 90, price: 0.5 })).toThrow(/no time value is possible/);
  });

  it('Black-level functions apply the same bounds', () => {
    expect(() => impliedVolatilityFromTransformedRationalGuess(9, 110, 100, 1, 1)).toThrow(/below intrinsic value/);
    expect(() => impliedVolatilityFromTransformedRationalGuess(100, 110, 100, 1, -1)).toThrow(boundMessage);
    expect(impliedVolatilityFromTransformedRationalGuess(10, 110, 100, 1, 1)).toBe(0);
    const price = black(110, 100, 0.37, 2, -1);
    expect(relativeError(impliedVolatilityFromTransformedRationalGuess(price, 110, 100, 2, -1), 0.37)).toBeLessThanOrEqual(1e-14);
  });

  const good: ImpliedVolatilityInput = { kind: 'call', price: 5, spot: 100, strike: 100, rate: 0.01, dividendYield: 0, expiry: 1 };
  it.each([
    ['price', NaN],
    ['spot', 0],
    ['spot', -5],
    ['strike', 0],
    ['strike', NaN],
    ['rate', Infinity],
    ['dividendYield', NaN],
    ['expiry', -1],
    ['kind', 'binary'],
  ] as const)('rejects %s = %s with InvalidInputError', (field, value) => {
    let caught: unknown;
    try {
      impliedVolatility({ ...good, [field]: value } as ImpliedVolatilityInput);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidInputError);
    expect((caught as InvalidInputError).field).toBe(field);
  });
});
