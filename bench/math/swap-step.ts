/**
 * Throughput of the exact Uniswap v3 math against @uniswap/v3-sdk (JSBI) on the same seeded,
 * pre-generated inputs: computeSwapStep, getSqrtRatioAtTick, getTickAtSqrtRatio. Results are
 * compared for equality before anything is timed; each figure is the best of several timed
 * rounds after a warm-up, ours and the SDK's alternating. Returns the figures;
 * bench/math/swap-step-main.ts prints them.
 */
import { createRequire } from 'node:module';
import type * as SdkModule from '@uniswap/v3-sdk';
import { computeSwapStep } from '../../src/uniswap-v3/swap-math.js';
import { MAX_TICK, MIN_TICK, getSqrtRatioAtTick, getTickAtSqrtRatio } from '../../src/uniswap-v3/tick-math.js';

// The SDK through require, with the JSBI copy it resolves itself (its ESM build does not load in Node).
const require = createRequire(import.meta.url);
const sdk = require('@uniswap/v3-sdk') as typeof SdkModule;
type JSBI = ReturnType<typeof SdkModule.TickMath.getSqrtRatioAtTick>;
const JSBI = createRequire(require.resolve('@uniswap/v3-sdk'))('jsbi') as { BigInt(value: string | number): JSBI };
const toJ = (x: bigint): JSBI => JSBI.BigInt(x.toString());
const fromJ = (x: JSBI): bigint => BigInt(x.toString());

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sig3 = (x: number): number => Number(x.toPrecision(3));

/** Calls per second over whole passes lasting at least minMs. */
function timeOnce(pass: () => void, callsPerPass: number, minMs: number): number {
  let calls = 0;
  const start = performance.now();
  let elapsed: number;
  do {
    pass();
    calls += callsPerPass;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  return (calls / elapsed) * 1000;
}

/**
 * Best-of-`reps` throughput of ours and the SDK's, after a warm-up. They alternate round by
 * round, so a busy machine slows both alike and the ratio stays meaningful.
 */
function compare(ours: () => void, theirs: () => void, callsPerPass: number, reps: number, minMs: number) {
  for (let i = 0; i < 3; i++) {
    ours();
    theirs();
  }
  let bestOurs = 0;
  let bestSdk = 0;
  for (let r = 0; r < reps; r++) {
    bestOurs = Math.max(bestOurs, timeOnce(ours, callsPerPass, minMs));
    bestSdk = Math.max(bestSdk, timeOnce(theirs, callsPerPass, minMs));
  }
  return { oursCallsPerSec: sig3(bestOurs), sdkCallsPerSec: sig3(bestSdk), ratio: sig3(bestOurs / bestSdk) };
}

interface StepInput {
  current: bigint;
  target: bigint;
  liquidity: bigint;
  amountRemaining: bigint;
  fee: number;
}

/** Steps as a pool makes them: price inside a tick, target a nearby tick, either side, either exactness. */
function makeSteps(n: number, rand: () => number): StepInput[] {
  const fees = [100, 500, 3000, 10000];
  const out: StepInput[] = [];
  for (let i = 0; i < n; i++) {
    const tick = Math.floor(-400_000 + rand() * 800_000);
    const lo = getSqrtRatioAtTick(tick);
    const current = lo + ((getSqrtRatioAtTick(tick + 1) - lo) * BigInt(Math.floor(rand() * 1e6))) / 1_000_000n;
    const zeroForOne = rand() < 0.5;
    const span = 1 + Math.floor(rand() * 2000);
    const target = getSqrtRatioAtTick(Math.max(MIN_TICK, Math.min(MAX_TICK, zeroForOne ? tick - span : tick + span)));
    const liquidity = BigInt(Math.floor(10 ** (12 + rand() * 12)));
    const magnitude = BigInt(Math.floor(10 ** (6 + rand() * 18)));
    out.push({
      current,
      target,
      liquidity,
      amountRemaining: rand() < 0.5 ? magnitude : -magnitude,
      fee: fees[Math.floor(rand() * fees.length)] as number,
    });
  }
  return out;
}

export function runSwapStepBench(): Record<string, unknown> {
  const seed = 0x5eed;
  const rand = mulberry32(seed);
  const N = 2000;
  const REPS = 7;
  const MIN_MS = 250;
  // Every result lands here, so no call can be optimised away.
  let sink: unknown;

  const steps = makeSteps(N, rand);
  const stepsJ = steps.map((s) => ({
    current: toJ(s.current),
    target: toJ(s.target),
    liquidity: toJ(s.liquidity),
    amountRemaining: toJ(s.amountRemaining),
    fee: s.fee,
  }));
  let reachedTarget = 0;
  for (let i = 0; i < N; i++) {
    const s = steps[i] as StepInput;
    const j = stepsJ[i] as (typeof stepsJ)[number];
    const ours = computeSwapStep(s.current, s.target, s.liquidity, s.amountRemaining, s.fee);
    const [next, amountIn, amountOut, feeAmount] = sdk.SwapMath.computeSwapStep(
      j.current,
      j.target,
      j.liquidity,
      j.amountRemaining,
      j.fee,
    ).map(fromJ);
    if (
      next !== ours.sqrtRatioNextX96 ||
      amountIn !== ours.amountIn ||
      amountOut !== ours.amountOut ||
      feeAmount !== ours.feeAmount
    ) {
      throw new Error(`computeSwapStep differs from the SDK on input ${i}`);
    }
    if (ours.sqrtRatioNextX96 === s.target) reachedTarget++;
  }
  const step = compare(
    () => {
      for (let i = 0; i < N; i++) {
        const s = steps[i] as StepInput;
        sink = computeSwapStep(s.current, s.target, s.liquidity, s.amountRemaining, s.fee);
      }
    },
    () => {
      for (let i = 0; i < N; i++) {
        const j = stepsJ[i] as (typeof stepsJ)[number];
        sink = sdk.SwapMath.computeSwapStep(j.current, j.target, j.liquidity, j.amountRemaining, j.fee);
      }
    },
    N,
    REPS,
    MIN_MS,
  );

  const ticks = Array.from({ length: N }, () => Math.floor(MIN_TICK + rand() * (MAX_TICK - MIN_TICK + 1)));
  const prices = ticks.map((t) => {
    const lo = getSqrtRatioAtTick(t);
    const hi = t < MAX_TICK ? getSqrtRatioAtTick(t + 1) : lo + 1n;
    return lo + ((hi - lo) * BigInt(Math.floor(rand() * 1e6))) / 1_000_000n;
  });
  const pricesJ = prices.map(toJ);
  for (let i = 0; i < N; i++) {
    const t = ticks[i] as number;
    if (fromJ(sdk.TickMath.getSqrtRatioAtTick(t)) !== getSqrtRatioAtTick(t)) {
      throw new Error(`getSqrtRatioAtTick differs from the SDK at tick ${t}`);
    }
    if (sdk.TickMath.getTickAtSqrtRatio(pricesJ[i] as JSBI) !== getTickAtSqrtRatio(prices[i] as bigint)) {
      throw new Error(`getTickAtSqrtRatio differs from the SDK at ${prices[i]}`);
    }
  }
  const ratioAtTick = compare(
    () => {
      for (let i = 0; i < N; i++) sink = getSqrtRatioAtTick(ticks[i] as number);
    },
    () => {
      for (let i = 0; i < N; i++) sink = sdk.TickMath.getSqrtRatioAtTick(ticks[i] as number);
    },
    N,
    REPS,
    MIN_MS,
  );
  const tickAtRatio = compare(
    () => {
      for (let i = 0; i < N; i++) sink = getTickAtSqrtRatio(prices[i] as bigint);
    },
    () => {
      for (let i = 0; i < N; i++) sink = sdk.TickMath.getTickAtSqrtRatio(pricesJ[i] as JSBI);
    },
    N,
    REPS,
    MIN_MS,
  );

  return {
    bench: 'uniswap-v3 math vs @uniswap/v3-sdk',
    seed,
    inputs: N,
    repetitions: REPS,
    resultsIdentical: true,
    computeSwapStep: { ...step, stepsReachingTarget: reachedTarget },
    getSqrtRatioAtTick: ratioAtTick,
    getTickAtSqrtRatio: tickAtRatio,
    node: process.version,
    lastResultKept: sink !== undefined,
  };
}
