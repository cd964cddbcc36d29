import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MAX_UINT160, MAX_UINT256 } from '../../src/uniswap-v3/constants.js';
import {
  getAmount0Delta,
  getAmount0DeltaSigned,
  getAmount1Delta,
  getAmount1DeltaSigned,
  getNextSqrtPriceFromAmount0RoundingUp,
  getNextSqrtPriceFromAmount1RoundingDown,
  getNextSqrtPriceFromInput,
  getNextSqrtPriceFromOutput,
} from '../../src/uniswap-v3/sqrt-price-math.js';
import { loadQuantVectors } from '../vectors/load.js';
import * as L from './evm-literal.js';
import { B, J, outcome, wideBigUint } from './helpers.js';
import { sdk } from './sdk.js';

const V = loadQuantVectors().uniswap_v3;
const Q96 = 1n << 96n;
const price = wideBigUint(160);
const liquidity = wideBigUint(128);
const amount = wideBigUint(256);

describe('published vectors (v3-core SqrtPriceMath.spec), reverts included', () => {
  test('all of them', () => {
    expect(V.sqrtpricemath.length).toBe(20);
    for (const v of V.sqrtpricemath) {
      const i = v.inputs;
      let got: ReturnType<typeof outcome<bigint>>;
      if ('amountIn' in i) {
        got = outcome(() => getNextSqrtPriceFromInput(BigInt(i.sqrtP), BigInt(i.liquidity), BigInt(i.amountIn), i.zeroForOne));
      } else if ('amountOut' in i) {
        got = outcome(() => getNextSqrtPriceFromOutput(BigInt(i.sqrtP), BigInt(i.liquidity), BigInt(i.amountOut), i.zeroForOne));
      } else if (!('roundUp' in i)) {
        // "prices that overflow": rounding up gives exactly one more than rounding down
        const a = BigInt(i.sqrtA);
        const b = BigInt(i.sqrtB);
        const l = BigInt(i.liquidity);
        got = outcome(() => getAmount0Delta(a, b, l, true) - getAmount0Delta(a, b, l, false));
      } else {
        const f = (v.name as string).startsWith('getAmount1Delta') ? getAmount1Delta : getAmount0Delta;
        got = outcome(() => f(BigInt(i.sqrtA), BigInt(i.sqrtB), BigInt(i.liquidity), i.roundUp));
      }
      if (v.expected === 'revert') expect(got.ok, v.name).toBe(false);
      else expect(got, v.name).toEqual({ ok: true, value: BigInt(v.expected) });
    }
  });

  test('the other v3-core spec cases', () => {
    const p1 = 1n << 96n;
    const E18 = 10n ** 18n;
    expect(outcome(() => getNextSqrtPriceFromInput(0n, 1n, 10n ** 17n, false))).toEqual({ ok: false, reason: 'SQRT_PRICE_ZERO' });
    expect(outcome(() => getNextSqrtPriceFromInput(1n, 0n, 10n ** 17n, true))).toEqual({ ok: false, reason: 'LIQUIDITY_ZERO' });
    expect(outcome(() => getNextSqrtPriceFromInput(MAX_UINT160, 1024n, 1024n, false)).ok).toBe(false);
    expect(getNextSqrtPriceFromInput(p1, E18 / 10n, 0n, true)).toBe(p1);
    expect(getNextSqrtPriceFromInput(p1, E18 / 10n, 0n, false)).toBe(p1);
    expect(getNextSqrtPriceFromOutput(p1, E18 / 10n, 0n, true)).toBe(p1);
    expect(getNextSqrtPriceFromOutput(p1, E18 / 10n, 0n, false)).toBe(p1);
    expect(outcome(() => getNextSqrtPriceFromOutput(0n, 1n, 10n ** 17n, false))).toEqual({ ok: false, reason: 'SQRT_PRICE_ZERO' });
    expect(outcome(() => getNextSqrtPriceFromOutput(1n, 0n, 10n ** 17n, true))).toEqual({ ok: false, reason: 'LIQUIDITY_ZERO' });
    expect(outcome(() => getNextSqrtPriceFromOutput(p1, 1n, MAX_UINT256, true)).ok).toBe(false);
    expect(outcome(() => getNextSqrtPriceFromOutput(p1, 1n, MAX_UINT256, false)).ok).toBe(false);
    expect(getAmount0Delta(p1, 87150978765690771352898345369n, 0n, true)).toBe(0n);
    expect(getAmount0Delta(p1, p1, E18, true)).toBe(0n);
    expect(getAmount1Delta(p1, 87150978765690771352898345369n, 0n, true)).toBe(0n);
    expect(getAmount1Delta(p1, p1, E18, true)).toBe(0n);
    expect(outcome(() => getAmount0Delta(0n, p1, E18, true))).toEqual({ ok: false, reason: 'SQRT_PRICE_ZERO' });
  });
});

const ser = (o: unknown): string => JSON.stringify(o, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

describe('= the literal EVM-wrapping port (values and revert reasons) over wide inputs', () => {
  test('getNextSqrtPriceFromAmount0RoundingUp / Amount1RoundingDown, both directions, any liquidity and price', () => {
    fc.assert(
      fc.property(price, liquidity, amount, fc.boolean(), (p, l, a, add) => {
        expect(ser(outcome(() => getNextSqrtPriceFromAmount0RoundingUp(p, l, a, add)))).toBe(
          ser(outcome(() => L.getNextSqrtPriceFromAmount0RoundingUpL(p, l, a, add))),
        );
        expect(ser(outcome(() => getNextSqrtPriceFromAmount1RoundingDown(p, l, a, add)))).toBe(
          ser(outcome(() => L.getNextSqrtPriceFromAmount1RoundingDownL(p, l, a, add))),
        );
      }),
      { numRuns: 40_000, seed: 61 },
    );
  });

  test('getNextSqrtPriceFromInput / Output', () => {
    fc.assert(
      fc.property(price, liquidity, amount, fc.boolean(), (p, l, a, z) => {
        expect(ser(outcome(() => getNextSqrtPriceFromInput(p, l, a, z)))).toBe(
          ser(outcome(() => L.getNextSqrtPriceFromInputL(p, l, a, z))),
        );
        expect(ser(outcome(() => getNextSqrtPriceFromOutput(p, l, a, z)))).toBe(
          ser(outcome(() => L.getNextSqrtPriceFromOutputL(p, l, a, z))),
        );
      }),
      { numRuns: 40_000, seed: 62 },
    );
  });

  test('getAmount0Delta / getAmount1Delta (both roundings) and the int128 overloads', () => {
    const int128 = fc.oneof(liquidity.map((x) => x >> 1n), liquidity.map((x) => -(x >> 1n)), fc.constant(-(1n << 127n)));
    fc.assert(
      fc.property(price, price, liquidity, int128, fc.boolean(), (a, b, l, s, up) => {
        expect(ser(outcome(() => getAmount0Delta(a, b, l, up)))).toBe(ser(outcome(() => L.getAmount0DeltaL(a, b, l, up))));
        expect(ser(outcome(() => getAmount1Delta(a, b, l, up)))).toBe(ser(outcome(() => L.getAmount1DeltaL(a, b, l, up))));
        expect(ser(outcome(() => getAmount0DeltaSigned(a, b, s)))).toBe(ser(outcome(() => L.getAmount0DeltaSignedL(a, b, s))));
        expect(ser(outcome(() => getAmount1DeltaSigned(a, b, s)))).toBe(ser(outcome(() => L.getAmount1DeltaSignedL(a, b, s))));
      }),
      { numRuns: 40_000, seed: 63 },
    );
  });
});

describe('properties', () => {
  const p = wideBigUint(160, 1);
  test('amount deltas: order-free, roundUp − roundDown ∈ {0, 1}, exact against the rational value', () => {
    fc.assert(
      fc.property(p, p, liquidity, (a, b, l) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const up0 = getAmount0Delta(a, b, l, true);
        const down0 = getAmount0Delta(a, b, l, false);
        expect(getAmount0Delta(b, a, l, true)).toBe(up0);
        expect(up0 - down0 === 0n || up0 - down0 === 1n).toBe(true);
        // down0 = ⌊L·2^96·(hi − lo) / (hi·lo)⌋ exactly
        const num = (l << 96n) * (hi - lo);
        expect(down0).toBe(num / (hi * lo));
        expect(up0).toBe(num / (hi * lo) + (num % (hi * lo) === 0n ? 0n : 1n));
        const num1 = l * (hi - lo);
        expect(getAmount1Delta(a, b, l, false)).toBe(num1 >> 96n);
        expect(getAmount1Delta(b, a, l, true)).toBe((num1 >> 96n) + ((num1 & (Q96 - 1n)) === 0n ? 0n : 1n));
      }),
      { numRuns: 20_000, seed: 64 },
    );
  });

  test('the int128 overloads: +L owes the rounded-up amount, −L pays the rounded-down one', () => {
    fc.assert(
      fc.property(p, p, liquidity.map((x) => x >> 1n), (a, b, l) => {
        expect(getAmount0DeltaSigned(a, b, l)).toBe(getAmount0Delta(a, b, l, true));
        expect(getAmount0DeltaSigned(a, b, -l)).toBe(-getAmount0Delta(a, b, l, false));
        expect(getAmount1DeltaSigned(a, b, l)).toBe(getAmount1Delta(a, b, l, true));
        expect(getAmount1DeltaSigned(a, b, -l)).toBe(-getAmount1Delta(a, b, l, false));
      }),
      { numRuns: 10_000, seed: 65 },
    );
  });

  test('input moves the price the right way and never gives more than paid for', () => {
    fc.assert(
      fc.property(p, wideBigUint(128, 1), wideBigUint(200), fc.boolean(), (sp, l, a, z) => {
        const r = outcome(() => getNextSqrtPriceFromInput(sp, l, a, z));
        if (!r.ok) return;
        if (z) {
          expect(r.value <= sp).toBe(true);
          if (r.value > 0n) expect(getAmount0Delta(r.value, sp, l, true) <= a).toBe(true);
        } else {
          expect(r.value >= sp).toBe(true);
          expect(getAmount1Delta(sp, r.value, l, true) <= a).toBe(true);
        }
      }),
      { numRuns: 20_000, seed: 66 },
    );
  });
});

describe('@uniswap/v3-sdk SqrtPriceMath', () => {
  test('amount deltas agree everywhere (both throw when the lower price is 0)', () => {
    fc.assert(
      fc.property(price, price, liquidity, fc.boolean(), (a, b, l, up) => {
        for (const [ours, theirs] of [
          [getAmount0Delta, sdk.SqrtPriceMath.getAmount0Delta],
          [getAmount1Delta, sdk.SqrtPriceMath.getAmount1Delta],
        ] as const) {
          const o = outcome(() => ours(a, b, l, up));
          const t = outcome(() => B(theirs(J(a), J(b), J(l), up)));
          if (o.ok) expect(t).toEqual(o);
          else expect(t.ok).toBe(false);
        }
      }),
      { numRuns: 20_000, seed: 67 },
    );
  });

  test('next prices agree wherever the contract returns; where it reverts the SDK sometimes returns a value', () => {
    // Where the SDK returns a value although the contract reverts (the contract is the truth):
    const deviations: Record<string, number> = {};
    fc.assert(
      fc.property(price, liquidity, amount, fc.boolean(), fc.boolean(), (p, l, a, z, isInput) => {
        const ours = outcome(() => (isInput ? getNextSqrtPriceFromInput : getNextSqrtPriceFromOutput)(p, l, a, z));
        const theirs = outcome(() =>
          // called on the class: the SDK's statics use `this`
          B(
            isInput
              ? sdk.SqrtPriceMath.getNextSqrtPriceFromInput(J(p), J(l), J(a), z)
              : sdk.SqrtPriceMath.getNextSqrtPriceFromOutput(J(p), J(l), J(a), z),
          ),
        );
        if (ours.ok) {
          expect(theirs).toEqual(ours);
          return;
        }
        if (!theirs.ok) return;
        const key = `${isInput ? 'input' : 'output'} ${z ? 'zeroForOne' : 'oneForZero'} ${ours.reason}`;
        deviations[key] = (deviations[key] ?? 0) + 1;
        if (key === 'input zeroForOne MATH_OVERFLOW') {
          // the fallback's (numerator1 / sqrtP).add(amount) overflows uint256: the SDK adds unchecked
          expect((l << 96n) / p + a > MAX_UINT256).toBe(true);
        } else {
          // the new price does not fit uint160: the SDK has no toUint160 / mulDiv bound
          expect(['input oneForZero SAFECAST_OVERFLOW', 'input oneForZero MULDIV_OVERFLOW', 'output oneForZero SAFECAST_OVERFLOW']).toContain(key);
          expect(theirs.value > MAX_UINT160).toBe(true);
        }
      }),
      { numRuns: 40_000, seed: 68 },
    );
    expect(Object.keys(deviations).length).toBeGreaterThan(0);
  });
});
