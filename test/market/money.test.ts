import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import {
  bpsToPpm,
  cashToBaseUnits,
  mulDiv,
  notionalToBaseUnits,
  ratioToBaseUnits,
  ratioToPpm,
  toBaseUnits,
} from '../../src/market/money.js';

/** The double's exact value as a decimal-free rational, by the test's own route (string of bits). */
function exactRational(x: number): { n: bigint; d: bigint } {
  const buffer = new DataView(new ArrayBuffer(8));
  buffer.setFloat64(0, x);
  const bits = buffer.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  if (exponent === 0) return { n: fraction, d: 1n << 1074n };
  const mantissa = fraction | (1n << 52n);
  const shift = exponent - 1075;
  return shift >= 0 ? { n: mantissa << BigInt(shift), d: 1n } : { n: mantissa, d: 1n << BigInt(-shift) };
}

describe('money: the one number → base-units conversion', () => {
  it('rounds up what the user pays and down what the user receives, by at most one unit', () => {
    expect(cashToBaseUnits('x', 8.2, 6, 'userPays')).toBe(8_200_000n);
    expect(cashToBaseUnits('x', 8.2, 6, 'userReceives')).toBe(8_199_999n); // the double 8.2 is 8.19999…
    expect(cashToBaseUnits('x', 2.5, 6, 'userPays')).toBe(2_500_000n);
    expect(cashToBaseUnits('x', 2.5, 6, 'userReceives')).toBe(2_500_000n);
    expect(notionalToBaseUnits('p', 2000, 3n * 10n ** 18n, 6, 'userPays')).toBe(6_000_000_000n);
    expect(notionalToBaseUnits('p', 1, 1n, 6, 'userPays')).toBe(1n); // 1e-12 USD rounds up to a unit
    expect(notionalToBaseUnits('p', 1, 1n, 6, 'userReceives')).toBe(0n);
  });

  it('is the exact floor / ceiling of value × multiplier / divisor for any double (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true }),
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 20n }),
        (value, multiplier, divisor) => {
          const { n, d } = exactRational(value);
          const up = toBaseUnits('v', value, multiplier, divisor, 'userPays');
          const down = toBaseUnits('v', value, multiplier, divisor, 'userReceives');
          const numerator = n * multiplier;
          const denominator = d * divisor;
          expect(down * denominator <= numerator && numerator < (down + 1n) * denominator).toBe(true);
          expect(up - down).toBe(numerator % denominator === 0n ? 0n : 1n);
        },
      ),
      { seed: 11, numRuns: 500 },
    );
  });

  it('is exact over the whole double range: subnormals, integers past 2^53, the largest double', () => {
    const edge = [Number.MIN_VALUE, 2.2250738585072014e-308, 2 ** -1000, 0.1, 1 - 2 ** -53, 2 ** 53 - 1, 2 ** 53 + 2, 1e300, Number.MAX_VALUE];
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...edge), fc.double({ min: 0, noNaN: true, noDefaultInfinity: true })), fc.bigInt({ min: 1n, max: 10n ** 40n }), (value, multiplier) => {
        const { n, d } = exactRational(value);
        const down = toBaseUnits('v', value, multiplier, 1n, 'userReceives');
        expect(down * d <= n * multiplier && n * multiplier < (down + 1n) * d).toBe(true);
      }),
      { seed: 12, numRuns: 400 },
    );
  });

  it('takes a ratio of two doubles exactly, never above the multiplier when a <= b', () => {
    expect(ratioToBaseUnits('r', 150.25, 2250.25, 2n * 10n ** 18n, 'userPays')).toBe((2n * 10n ** 18n * 15025n + 225025n - 1n) / 225025n);
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.bigInt({ min: 0n, max: 10n ** 24n }), (b, fraction, m) => {
        const a = b - b * (1 - fraction);
        expect(ratioToBaseUnits('r', Math.min(a, b), b, m, 'userPays') <= m).toBe(true);
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it('refuses negative or non-finite values, naming the field', () => {
    expect(() => cashToBaseUnits('premium', -1, 6, 'userPays')).toThrow(InvalidInputError);
    expect(() => cashToBaseUnits('premium', Number.NaN, 6, 'userPays')).toThrow(/premium/);
    expect(() => notionalToBaseUnits('price', 1, -1n, 6, 'userPays')).toThrow(InvalidInputError);
    expect(() => cashToBaseUnits('premium', 1, 37, 'userPays')).toThrow(/collateralDecimals/);
  });

  it('turns ratios and bps into ppm and refuses finer resolution', () => {
    expect(ratioToPpm('r', 0.05)).toBe(50_000n);
    expect(bpsToPpm('fee', 5)).toBe(500n);
    expect(bpsToPpm('fee', 2.5)).toBe(250n);
    expect(() => ratioToPpm('initialMarginRatio', 0.12345678)).toThrow(/initialMarginRatio/);
    expect(mulDiv(10n, 1n, 3n, 'userPays')).toBe(4n);
    expect(mulDiv(10n, 1n, 3n, 'userReceives')).toBe(3n);
  });
});
