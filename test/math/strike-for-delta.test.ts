import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import { blackScholes } from '../../src/math/black-scholes.js';
import { strikeForDelta } from '../../src/math/strike-for-delta.js';

describe('strikeForDelta', () => {
  it('finds the strike whose Black–Scholes delta is the target, calls and puts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'call' | 'put'>('call', 'put'),
        fc.double({ min: 0.02, max: 0.98, noNaN: true }),
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        fc.double({ min: 1 / 365, max: 2, noNaN: true }),
        fc.double({ min: -0.02, max: 0.1, noNaN: true }),
        (kind, magnitude, spot, volatility, expiry, rate) => {
          const dividendYield = 0.01;
          const delta = (kind === 'call' ? magnitude : -magnitude) * Math.exp(-dividendYield * expiry);
          const strike = strikeForDelta({ kind, delta, spot, rate, dividendYield, volatility, expiry });
          const quote = blackScholes({ kind, spot, strike, rate, dividendYield, volatility, expiry });
          expect(quote.delta).toBeCloseTo(delta, 10);
        },
      ),
      { seed: 20261124, numRuns: 500 },
    );
  });

  it('puts a 10-delta call above the spot and a 10-delta put below it', () => {
    const market = { spot: 3000, rate: 0.04, dividendYield: 0, volatility: 0.6, expiry: 7 / 365 };
    expect(strikeForDelta({ ...market, kind: 'call', delta: 0.1 })).toBeGreaterThan(3000);
    expect(strikeForDelta({ ...market, kind: 'put', delta: -0.1 })).toBeLessThan(3000);
  });

  it.each([
    ['call', 0],
    ['call', 1],
    ['call', -0.1],
    ['put', 0.1],
    ['put', -1],
  ] as const)('refuses a %s delta of %d, naming the field', (kind, delta) => {
    const input = { kind, delta, spot: 3000, rate: 0, dividendYield: 0, volatility: 0.5, expiry: 0.1 };
    expect(() => strikeForDelta(input)).toThrow(InvalidInputError);
    expect(() => strikeForDelta(input)).toThrow('invalid delta');
  });
});
