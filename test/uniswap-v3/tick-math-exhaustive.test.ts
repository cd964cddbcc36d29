/**
 * The expensive half of the TickMath proof, in its own file so it runs beside the others:
 * the fast getTickAtSqrtRatio against the literal log2 port at every step boundary and on a
 * million seeded random prices.
 */
import { describe, expect, test } from 'vitest';
import { MAX_SQRT_RATIO, MAX_TICK, MIN_SQRT_RATIO, MIN_TICK, getSqrtRatioAtTick, getTickAtSqrtRatio } from '../../src/uniswap-v3/tick-math.js';
import { getTickAtSqrtRatioL } from './evm-literal.js';

const RATIOS: bigint[] = [];
for (let t = MIN_TICK; t <= MAX_TICK; t++) RATIOS.push(getSqrtRatioAtTick(t));
const ratioAt = (t: number): bigint => RATIOS[t - MIN_TICK] as bigint;

/** splitmix32-style seeded generator for the bulk loops (fast-check is too slow for millions). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

describe('getTickAtSqrtRatio fast path = literal port', () => {
  test('at every tick boundary (ratio(t) and ratio(t) − 1, all ticks) fast = literal log2 port = t / t − 1', () => {
    let fastWrong = 0;
    let literalWrong = 0;
    for (let t = MIN_TICK; t < MAX_TICK; t++) {
      const r = ratioAt(t);
      if (getTickAtSqrtRatio(r) !== t) fastWrong++;
      if (getTickAtSqrtRatioL(r) !== t) literalWrong++;
      if (t > MIN_TICK) {
        if (getTickAtSqrtRatio(r - 1n) !== t - 1) fastWrong++;
        if (getTickAtSqrtRatioL(r - 1n) !== t - 1) literalWrong++;
      }
    }
    expect({ fastWrong, literalWrong }).toEqual({ fastWrong: 0, literalWrong: 0 });
  });

  test('fast = literal log2 port on 1,000,000 seeded random prices (log-uniform and uniform)', () => {
    const next = rng(20240601);
    const span = MAX_SQRT_RATIO - MIN_SQRT_RATIO;
    let mismatches = 0;
    for (let i = 0; i < 1_000_000; i++) {
      let p: bigint;
      if (i & 1) {
        // a random tick, then a random offset inside its step: every magnitude equally often
        const t = MIN_TICK + (next() % (MAX_TICK - MIN_TICK));
        const lo = ratioAt(t);
        const width = ratioAt(t + 1) - lo;
        const frac = (BigInt(next()) << 32n) | BigInt(next());
        p = lo + ((width * frac) >> 64n);
      } else {
        const bits = (BigInt(next()) << 128n) | (BigInt(next()) << 96n) | (BigInt(next()) << 64n) | (BigInt(next()) << 32n) | BigInt(next());
        p = MIN_SQRT_RATIO + (bits % span);
      }
      if (getTickAtSqrtRatio(p) !== getTickAtSqrtRatioL(p)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

});
