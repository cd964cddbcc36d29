import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MAX_UINT128 } from '../../src/uniswap-v3/constants.js';
import {
  getAmount0ForLiquidity,
  getAmount1ForLiquidity,
  getAmountsForLiquidity,
  getLiquidityForAmount0,
  getLiquidityForAmount1,
  getLiquidityForAmounts,
} from '../../src/uniswap-v3/liquidity-amounts.js';
import { getAmount0Delta, getAmount1Delta } from '../../src/uniswap-v3/sqrt-price-math.js';
import { MAX_SQRT_RATIO, MIN_SQRT_RATIO, getSqrtRatioAtTick } from '../../src/uniswap-v3/tick-math.js';
import { loadQuantVectors } from '../vectors/load.js';
import { getLiquidityForAmount0L, getLiquidityForAmount1L, getLiquidityForAmountsL } from './evm-literal.js';
import { B, J, outcome, wideBigUint, wideInRange } from './helpers.js';
import { sdk } from './sdk.js';

const Q = loadQuantVectors();
const ser = (o: unknown): string => JSON.stringify(o, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
const price = wideInRange(MIN_SQRT_RATIO, MAX_SQRT_RATIO);
const amount = wideBigUint(256);

describe('LiquidityAmounts', () => {
  test('published vectors (v3-periphery LiquidityAmounts.spec)', () => {
    expect(Q.uniswap_v3.liquidityamounts.length).toBe(15);
    for (const v of Q.uniswap_v3.liquidityamounts) {
      const i = v.inputs;
      const [p, a, b] = [BigInt(i.sqrtPrice), BigInt(i.sqrtA), BigInt(i.sqrtB)];
      if ('liquidity' in i) {
        const r = getAmountsForLiquidity(p, a, b, BigInt(i.liquidity));
        const field = (v.name as string).endsWith(':: amount0') ? 'amount0' : 'amount1';
        expect(r[field], v.name).toBe(BigInt(v.expected));
      } else {
        expect(getLiquidityForAmounts(p, a, b, BigInt(i.amount0), BigInt(i.amount1)), v.name).toBe(BigInt(v.expected));
      }
    }
  });

  test('amm.v3_integer_crosscheck: integer amounts exact, and within 1e-12 of the float closed form', () => {
    const rows = Q.amm.v3_integer_crosscheck;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const { amount0, amount1 } = getAmountsForLiquidity(
        BigInt(r.sqrtPriceX96),
        getSqrtRatioAtTick(r.tickLower),
        getSqrtRatioAtTick(r.tickUpper),
        BigInt(r.liquidity),
      );
      expect(amount0).toBe(BigInt(r.amount0_int));
      expect(amount1).toBe(BigInt(r.amount1_int));
      expect(Math.abs(Number(amount0) / r.amount0_float - 1)).toBeLessThan(1e-12);
      expect(Math.abs(Number(amount1) / r.amount1_float - 1)).toBeLessThan(1e-12);
    }
  });

  test('= the literal port (values and reverts) over wide inputs, bounds in either order', () => {
    fc.assert(
      fc.property(price, price, price, amount, amount, (p, a, b, x0, x1) => {
        expect(ser(outcome(() => getLiquidityForAmounts(p, a, b, x0, x1)))).toBe(ser(outcome(() => getLiquidityForAmountsL(p, a, b, x0, x1))));
        expect(ser(outcome(() => getLiquidityForAmount0(a, b, x0)))).toBe(ser(outcome(() => getLiquidityForAmount0L(a, b, x0))));
        expect(ser(outcome(() => getLiquidityForAmount1(a, b, x1)))).toBe(ser(outcome(() => getLiquidityForAmount1L(a, b, x1))));
      }),
      { numRuns: 30_000, seed: 81 },
    );
  });

  test('amounts for liquidity = SqrtPriceMath deltas rounded down; the split follows the price', () => {
    fc.assert(
      fc.property(price, price, price, wideBigUint(128), (p, a, b, l) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(getAmount0ForLiquidity(a, b, l)).toBe(getAmount0Delta(a, b, l, false));
        expect(getAmount1ForLiquidity(a, b, l)).toBe(getAmount1Delta(a, b, l, false));
        const { amount0, amount1 } = getAmountsForLiquidity(p, a, b, l);
        if (p <= lo) expect([amount0, amount1]).toEqual([getAmount0Delta(lo, hi, l, false), 0n]);
        else if (p < hi) expect([amount0, amount1]).toEqual([getAmount0Delta(p, hi, l, false), getAmount1Delta(lo, p, l, false)]);
        else expect([amount0, amount1]).toEqual([0n, getAmount1Delta(lo, hi, l, false)]);
      }),
      { numRuns: 20_000, seed: 82 },
    );
  });

  test('round trip never creates tokens: amounts(liquidity(x0, x1)) ≤ (x0, x1)', () => {
    fc.assert(
      fc.property(price, price, price, wideBigUint(200), wideBigUint(200), (p, a, b, x0, x1) => {
        fc.pre(a !== b);
        const l = outcome(() => getLiquidityForAmounts(p, a, b, x0, x1));
        if (!l.ok) {
          expect(['SAFECAST_OVERFLOW', 'MULDIV_OVERFLOW']).toContain(l.reason);
          return;
        }
        const { amount0, amount1 } = getAmountsForLiquidity(p, a, b, l.value);
        expect(amount0 <= x0 && amount1 <= x1).toBe(true);
      }),
      { numRuns: 20_000, seed: 83 },
    );
  });

  test('@uniswap/v3-sdk maxLiquidityForAmounts(useFullPrecision = false) agrees wherever the periphery returns', () => {
    // Where the periphery reverts (a side's liquidity needs more than 128 bits, or mulDiv more
    // than 256) the SDK returns the unbounded formula instead: a value past uint128, or, in
    // range, the min of the two sides, which can hide the overflowing side entirely.
    const unbounded = (p: bigint, a: bigint, b: bigint, x0: bigint, x1: bigint): bigint => {
      if (a > b) [a, b] = [b, a];
      const l0 = (lo: bigint, hi: bigint): bigint => (x0 * ((lo * hi) >> 96n)) / (hi - lo);
      const l1 = (lo: bigint, hi: bigint): bigint => (x1 << 96n) / (hi - lo);
      if (p <= a) return l0(a, b);
      if (p < b) return l0(p, b) < l1(a, p) ? l0(p, b) : l1(a, p);
      return l1(a, b);
    };
    const deviations = { pastUint128: 0, minHidesOverflow: 0 };
    fc.assert(
      fc.property(price, price, price, amount, amount, (p, a, b, x0, x1) => {
        const ours = outcome(() => getLiquidityForAmounts(p, a, b, x0, x1));
        const theirs = outcome(() => B(sdk.maxLiquidityForAmounts(J(p), J(a), J(b), J(x0), J(x1), false)));
        if (ours.ok) expect(theirs).toEqual(ours);
        else if (theirs.ok) {
          expect(['SAFECAST_OVERFLOW', 'MULDIV_OVERFLOW']).toContain(ours.reason);
          expect(theirs.value).toBe(unbounded(p, a, b, x0, x1));
          if (theirs.value > MAX_UINT128) deviations.pastUint128++;
          else deviations.minHidesOverflow++;
        }
      }),
      { numRuns: 20_000, seed: 84 },
    );
    expect(deviations.pastUint128).toBeGreaterThan(0);
    expect(deviations.minHidesOverflow).toBeGreaterThan(0);
  });
});
