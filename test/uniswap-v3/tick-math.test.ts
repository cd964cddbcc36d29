import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  MAX_SQRT_RATIO,
  MAX_TICK,
  MIN_SQRT_RATIO,
  MIN_TICK,
  getSqrtRatioAtTick,
  getTickAtSqrtRatio,
} from '../../src/uniswap-v3/tick-math.js';
import { loadQuantVectors } from '../vectors/load.js';
import { getSqrtRatioAtTickL, getTickAtSqrtRatioL } from './evm-literal.js';
import { B, outcome, wideInRange } from './helpers.js';
import { JSBI, sdk } from './sdk.js';

const V = loadQuantVectors().uniswap_v3;

/** Every tick's ratio, by the production code; index = tick − MIN_TICK. */
const RATIOS: bigint[] = [];
for (let t = MIN_TICK; t <= MAX_TICK; t++) RATIOS.push(getSqrtRatioAtTick(t));
const ratioAt = (t: number): bigint => RATIOS[t - MIN_TICK] as bigint;

describe('constants', () => {
  test('match the contract and the vectors', () => {
    expect(MIN_TICK).toBe(V.constants.MIN_TICK);
    expect(MAX_TICK).toBe(V.constants.MAX_TICK);
    expect(MIN_SQRT_RATIO).toBe(BigInt(V.constants.MIN_SQRT_RATIO));
    expect(MAX_SQRT_RATIO).toBe(BigInt(V.constants.MAX_SQRT_RATIO));
    expect(getSqrtRatioAtTick(MIN_TICK)).toBe(MIN_SQRT_RATIO);
    expect(getSqrtRatioAtTick(MAX_TICK)).toBe(MAX_SQRT_RATIO);
  });
});

describe('getSqrtRatioAtTick', () => {
  test('published vectors (v3-core TickMath.spec snapshot)', () => {
    expect(V.tickmath_getSqrtRatioAtTick.length).toBeGreaterThan(30);
    for (const v of V.tickmath_getSqrtRatioAtTick) {
      expect(getSqrtRatioAtTick(v.inputs.tick), v.name).toBe(BigInt(v.expected));
    }
  });

  test('equals the literal ladder at every one of the 1,774,545 ticks', () => {
    let mismatches = 0;
    for (let t = MIN_TICK; t <= MAX_TICK; t++) if (getSqrtRatioAtTickL(t) !== ratioAt(t)) mismatches++;
    expect(mismatches).toBe(0);
  });

  test('strictly increasing over every tick, within 1e-6 of sqrt(1.0001)^tick', () => {
    let nonIncreasing = 0;
    for (let i = 1; i < RATIOS.length; i++) if ((RATIOS[i] as bigint) <= (RATIOS[i - 1] as bigint)) nonIncreasing++;
    expect(nonIncreasing).toBe(0);
    for (const v of V.tickmath_getSqrtRatioAtTick) {
      const exact = Math.pow(1.0001, v.inputs.tick / 2) * 2 ** 96;
      expect(Math.abs(Number(getSqrtRatioAtTick(v.inputs.tick)) / exact - 1)).toBeLessThan(1e-6);
    }
  });

  test("reverts 'T' outside [MIN_TICK, MAX_TICK] and on non-int24 input", () => {
    for (const t of [MIN_TICK - 1, MAX_TICK + 1, -(2 ** 23), 2 ** 23 - 1, 1.5, -0.5, NaN, Infinity, -Infinity]) {
      expect(outcome(() => getSqrtRatioAtTick(t)), String(t)).toEqual({ ok: false, reason: 'T' });
    }
    expect(getSqrtRatioAtTick(-0)).toBe(getSqrtRatioAtTick(0));
  });

  test('agrees with @uniswap/v3-sdk TickMath on random ticks, and both refuse out-of-range ticks', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_TICK - 1000, max: MAX_TICK + 1000 }), (t) => {
        const ours = outcome(() => getSqrtRatioAtTick(t));
        const theirs = outcome(() => B(sdk.TickMath.getSqrtRatioAtTick(t)));
        if (ours.ok) expect(theirs).toEqual(ours);
        else expect(theirs.ok).toBe(false);
      }),
      { numRuns: 20_000, seed: 11 },
    );
  });
});

describe('getTickAtSqrtRatio', () => {
  test('published vectors', () => {
    expect(V.tickmath_getTickAtSqrtRatio.length).toBeGreaterThan(10);
    for (const v of V.tickmath_getTickAtSqrtRatio) {
      expect(getTickAtSqrtRatio(BigInt(v.inputs.sqrtPriceX96)), v.name).toBe(Number(v.expected));
      expect(getTickAtSqrtRatioL(BigInt(v.inputs.sqrtPriceX96)), v.name).toBe(Number(v.expected));
    }
  });

  test("reverts 'R' unless MIN_SQRT_RATIO <= p < MAX_SQRT_RATIO", () => {
    for (const p of [0n, 1n, MIN_SQRT_RATIO - 1n, MAX_SQRT_RATIO, MAX_SQRT_RATIO + 1n, (1n << 160n) - 1n]) {
      expect(outcome(() => getTickAtSqrtRatio(p))).toEqual({ ok: false, reason: 'R' });
      expect(outcome(() => getTickAtSqrtRatioL(p))).toEqual({ ok: false, reason: 'R' });
    }
  });

  test('round trip: getTickAtSqrtRatio(getSqrtRatioAtTick(t)) = t, and ratio(tick(p)) <= p < ratio(tick(p) + 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_TICK, max: MAX_TICK - 1 }), (t) => {
        expect(getTickAtSqrtRatio(getSqrtRatioAtTick(t))).toBe(t);
        expect(getSqrtRatioAtTick(t)).toBeLessThan(getSqrtRatioAtTick(t + 1));
      }),
      { numRuns: 50_000, seed: 12 },
    );
    fc.assert(
      fc.property(wideInRange(MIN_SQRT_RATIO, MAX_SQRT_RATIO - 1n), (p) => {
        const t = getTickAtSqrtRatio(p);
        expect(getSqrtRatioAtTick(t) <= p).toBe(true);
        expect(p < getSqrtRatioAtTick(t + 1)).toBe(true);
      }),
      { numRuns: 50_000, seed: 13 },
    );
  });

  test('agrees with @uniswap/v3-sdk TickMath on random prices, including out-of-range ones', () => {
    fc.assert(
      fc.property(wideInRange(0n, (1n << 160n) - 1n), (p) => {
        const ours = outcome(() => getTickAtSqrtRatio(p));
        const theirs = outcome(() => sdk.TickMath.getTickAtSqrtRatio(JSBI.BigInt(p.toString())));
        if (ours.ok) expect(theirs).toEqual(ours);
        else expect(theirs.ok).toBe(false);
      }),
      { numRuns: 20_000, seed: 14 },
    );
  });
});
