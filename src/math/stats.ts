/**
 * Small statistical helpers shared by the volatility, EWMA and GARCH modules, and a seeded
 * random source: every simulation in Vaultwright takes a seed so a run repeats byte for byte.
 */
import { InvalidInputError } from '../errors.js';

/** Arithmetic mean; throws on an empty list. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new InvalidInputError('values', values, 'must not be empty');
  let total = 0;
  for (const v of values) total += v;
  return total / values.length;
}

/** Sample variance (denominator n − 1, as R's var); `values` needs at least two entries. */
export function sampleVariance(values: readonly number[]): number {
  if (values.length < 2) throw new InvalidInputError('values.length', values.length, 'need at least 2 values');
  const m = mean(values);
  let total = 0;
  for (const v of values) total += (v - m) * (v - m);
  return total / (values.length - 1);
}

/** Sample standard deviation (denominator n − 1). */
export function sampleStdDev(values: readonly number[]): number {
  return Math.sqrt(sampleVariance(values));
}

/** Log returns ln(p_i / p_{i−1}) of a price path; prices must be finite and > 0. */
export function logReturns(prices: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < prices.length; i++) {
    const p = prices[i]!;
    if (!(Number.isFinite(p) && p > 0)) throw new InvalidInputError(`prices[${i}]`, p, 'must be a finite number > 0');
    if (i > 0) out.push(Math.log(p / prices[i - 1]!));
  }
  return out;
}

export interface SeededRandom {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal draw. */
  normal(): number;
}

/**
 * A seeded generator: SplitMix32-style seeding into xoshiro128**, with Box–Muller normals.
 * Chosen because it is tiny, fast and identical on every platform (32-bit integer ops only).
 */
export function createSeededRandom(seed: number): SeededRandom {
  if (!Number.isInteger(seed)) throw new InvalidInputError('seed', seed, 'must be an integer');
  let z = seed >>> 0;
  const splitmix = (): number => {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z;
    t = Math.imul(t ^ (t >>> 16), 0x85ebca6b) >>> 0;
    t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35) >>> 0;
    return (t ^ (t >>> 16)) >>> 0;
  };
  let s0 = splitmix();
  let s1 = splitmix();
  let s2 = splitmix();
  let s3 = splitmix();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  let spare: number | undefined;
  const uniform = (): number => {
    // 53 random bits so that uniform() never returns exactly 1.
    const hi = nextUint32() >>> 5;
    const lo = nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  };
  return {
    uniform,
    normal(): number {
      if (spare !== undefined) {
        const v = spare;
        spare = undefined;
        return v;
      }
      let u = 0;
      while (u === 0) u = uniform();
      const v = uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
