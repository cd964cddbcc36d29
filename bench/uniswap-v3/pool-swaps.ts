/**
 * Swap throughput of the TypeScript UniswapV3Pool against @uniswap/v3-sdk's Pool and the real
 * v3-core pool on anvil (through viem), on the same seeded swap sequences from the same pool
 * state, with every result checked bit for bit across the three (amounts, and the price, tick
 * and liquidity after each swap).
 *
 * The pool: 0.3 % / spacing 60, one full-range position plus a few hundred random ranges
 * around the price. Three sequences of swaps, each applied in order (state carries over):
 *   - noCross: random sizes in both directions, each staying between two initialized ticks;
 *   - cross:   each swap crosses 1..~20 initialized ticks;
 *   - mixed:   a realistic blend, a quarter of the swaps crossing.
 * Exact input and exact output alternate at random; no price limit, liquidity never runs out
 * (so the SDK's getOutputAmount/getInputAmount report the whole swap).
 *
 * Timing: warm-up, then best of several repetitions. Ours: `pool.swap` on fresh clones of the
 * start state (cloning outside the timed region). SDK: `getOutputAmount`/`getInputAmount`
 * chained through the returned pools. Anvil: `RealUniswapV3Pool.swap` (simulate + send, one
 * mined transaction each) on a prefix of each sequence.
 */
import { createRequire } from 'node:module';
import type * as SdkCoreModule from '@uniswap/sdk-core';
import type * as SdkModule from '@uniswap/v3-sdk';
import type { Address } from 'viem';
import { DEVNET_ADDRESSES } from '../../src/chain/accounts.js';
import { startAnvil } from '../../src/chain/anvil.js';
import { createDevnetClients, devnetRequest } from '../../src/chain/clients.js';
import { deployUniswapV3 } from '../../src/chain/deploy-uniswap.js';
import { UniswapV3Pool } from '../../src/uniswap-v3/pool.js';
import { getAmount0Delta, getAmount1Delta } from '../../src/uniswap-v3/sqrt-price-math.js';
import { getSqrtRatioAtTick, MAX_TICK, MIN_TICK } from '../../src/uniswap-v3/tick-math.js';

// The SDK through require (its ESM build does not load in Node), with the sdk-core it resolves.
const require = createRequire(import.meta.url);
const sdk = require('@uniswap/v3-sdk') as typeof SdkModule;
const sdkCore = createRequire(require.resolve('@uniswap/v3-sdk'))('@uniswap/sdk-core') as typeof SdkCoreModule;
type SdkPool = SdkModule.Pool;

export interface BenchOptions {
  seed: number;
  positions: number;
  /** swaps per sequence for ours and the SDK */
  swaps: number;
  /** swaps per sequence on anvil (a prefix of the same sequence) */
  anvilSwaps: number;
  reps: number;
  /** minimum duration of one timed repetition of ours (several passes) */
  minRepMs: number;
}

export const DEFAULT_OPTIONS: BenchOptions = { seed: 0x5eed_0003, positions: 300, swaps: 2000, anvilSwaps: 80, reps: 7, minRepMs: 250 };

const FEE = 3000;
const SPACING = 60;
const LP: Address = DEVNET_ADDRESSES[1];
const TRADER: Address = DEVNET_ADDRESSES[2];
const START_TIME = 1_700_000_000;

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

export interface Mint {
  tickLower: number;
  tickUpper: number;
  amount: bigint;
}

interface Swap {
  zeroForOne: boolean;
  /** > 0 exact input, < 0 exact output */
  amountSpecified: bigint;
}

/** What a swap returned and left behind (the TypeScript pool's values, the reference). */
interface SwapResult {
  amount0: bigint;
  amount1: bigint;
  sqrtPriceX96: bigint;
  tick: number;
  liquidity: bigint;
}

export interface Sequence {
  name: 'noCross' | 'cross' | 'mixed';
  swaps: Swap[];
  expected: SwapResult[];
  ticksCrossed: number;
  crossingSwaps: number;
}

function positionsFor(n: number, rand: () => number): { sqrtPriceX96: bigint; mints: Mint[] } {
  const align = (t: number): number => Math.round(t / SPACING) * SPACING;
  const minUsable = Math.ceil(MIN_TICK / SPACING) * SPACING;
  const maxUsable = Math.floor(MAX_TICK / SPACING) * SPACING;
  const mints: Mint[] = [{ tickLower: minUsable, tickUpper: maxUsable, amount: 10n ** 20n }];
  for (let i = 0; i < n; i++) {
    // centres around the price (a rough bell), widths from one spacing to ~600 spacings
    const centre = ((rand() + rand() + rand() - 1.5) / 1.5) * 12_000;
    const half = Math.max(1, Math.floor(Math.exp(rand() * Math.log(300)))) * SPACING;
    const tickLower = align(centre - half);
    let tickUpper = align(centre + half);
    if (tickUpper <= tickLower) tickUpper = tickLower + SPACING;
    const amount = BigInt(Math.floor(10 ** (17 + rand() * 4)));
    mints.push({ tickLower, tickUpper, amount });
  }
  const tick = Math.floor((rand() - 0.5) * 200);
  const lo = getSqrtRatioAtTick(tick);
  const hi = getSqrtRatioAtTick(tick + 1);
  const sqrtPriceX96 = lo + BigInt(Math.floor(rand() * 1e9)) * ((hi - lo) / 1_000_000_000n);
  return { sqrtPriceX96, mints };
}

function buildTsPool(sqrtPriceX96: bigint, mints: readonly Mint[]): UniswapV3Pool {
  const pool = new UniswapV3Pool({ fee: FEE, tickSpacing: SPACING, blockTimestamp: START_TIME });
  pool.initialize(sqrtPriceX96);
  for (const m of mints) pool.mint(LP, m.tickLower, m.tickUpper, m.amount);
  return pool;
}

/**
 * A sequence of swaps valid in order from `start`, generated on a clone; `kind` decides whether
 * each swap stays between initialized ticks or crosses some.
 */
function makeSequence(name: Sequence['name'], start: UniswapV3Pool, n: number, rand: () => number): Sequence {
  const sim = start.clone();
  const ticks = sim.initializedTicks();
  const homeTick = sim.slot0.tick;
  const swaps: Swap[] = [];
  const expected: SwapResult[] = [];
  let ticksCrossed = 0;
  let crossingSwaps = 0;
  while (swaps.length < n) {
    const { tick, sqrtPriceX96: price } = sim.slot0;
    const liquidity = sim.liquidity;
    const away = tick - homeTick;
    const zeroForOne = rand() < 0.5 + 0.45 * Math.max(-1, Math.min(1, away / 6000));
    const exactInput = rand() < 0.5;
    const wantCross = name === 'cross' || (name === 'mixed' && rand() < 0.25);
    // the neighbouring initialized ticks in the swap's direction
    const side = zeroForOne ? ticks.filter((t) => t <= tick).reverse() : ticks.filter((t) => t > tick);
    const k = wantCross ? 1 + Math.floor(rand() * Math.min(12, side.length - 1)) : 0;
    const boundary = side[k];
    if (boundary === undefined) throw new Error('ran out of initialized ticks: widen the position set');
    // target: somewhere before the boundary (no cross) or between the k-th and (k+1)-th tick (cross)
    const boundaryPrice = getSqrtRatioAtTick(boundary);
    const beyond = wantCross ? side[k - 1] : undefined;
    const from = beyond === undefined ? price : getSqrtRatioAtTick(beyond);
    const frac = BigInt(Math.floor((wantCross ? 0.05 + 0.9 * rand() : 0.02 + 0.9 * rand() * rand()) * 1e6));
    const target = from + ((boundaryPrice - from) * frac) / 1_000_000n;
    const [a, b] = target < price ? [target, price] : [price, target];
    let amount = exactInput
      ? zeroForOne
        ? getAmount0Delta(a, b, liquidity, true)
        : getAmount1Delta(a, b, liquidity, true)
      : zeroForOne
        ? getAmount1Delta(a, b, liquidity, false)
        : getAmount0Delta(a, b, liquidity, false);
    if (amount <= 0n) amount = 1n;
    // refine against the real behaviour (liquidity changes at each crossing)
    let accepted: Swap | undefined;
    for (let attempt = 0; attempt < 24 && accepted === undefined; attempt++) {
      const swap: Swap = { zeroForOne, amountSpecified: exactInput ? amount : -amount };
      const q = sim.quoteSwap(zeroForOne, swap.amountSpecified);
      const inAmt = zeroForOne ? q.amount0 : q.amount1;
      const outAmt = zeroForOne ? -q.amount1 : -q.amount0;
      const complete = exactInput ? inAmt === amount : outAmt === amount;
      const crossedOk = wantCross ? q.initializedTicksCrossed >= 1 && q.initializedTicksCrossed <= 24 : q.initializedTicksCrossed === 0;
      if (complete && outAmt > 0n && crossedOk) accepted = swap;
      else if (!complete || q.initializedTicksCrossed > (wantCross ? 24 : 0)) amount = amount / 2n > 0n ? amount / 2n : 1n;
      else amount = amount * 2n + 1n;
    }
    if (accepted === undefined) continue;
    const before = sim.initializedTicks().length;
    const q = sim.quoteSwap(accepted.zeroForOne, accepted.amountSpecified);
    const r = sim.swap(TRADER, accepted.zeroForOne, accepted.amountSpecified);
    if (sim.initializedTicks().length !== before) throw new Error('a swap changed the tick set');
    swaps.push(accepted);
    expected.push({ ...r, sqrtPriceX96: sim.slot0.sqrtPriceX96, tick: sim.slot0.tick, liquidity: sim.liquidity });
    ticksCrossed += q.initializedTicksCrossed;
    if (q.initializedTicksCrossed > 0) crossingSwaps++;
  }
  return { name, swaps, expected, ticksCrossed, crossingSwaps };
}

// ---------------------------------------------------------------------------------------------
// The three engines

function sameResult(a: SwapResult, b: SwapResult): boolean {
  return a.amount0 === b.amount0 && a.amount1 === b.amount1 && a.sqrtPriceX96 === b.sqrtPriceX96 && a.tick === b.tick && a.liquidity === b.liquidity;
}

/** Ours: the sequence on one fresh clone; returns the results. */
function runOurs(start: UniswapV3Pool, seq: Sequence): SwapResult[] {
  const pool = start.clone();
  const out: SwapResult[] = [];
  for (const s of seq.swaps) {
    const r = pool.swap(TRADER, s.zeroForOne, s.amountSpecified);
    const s0 = pool.slot0;
    out.push({ ...r, sqrtPriceX96: s0.sqrtPriceX96, tick: s0.tick, liquidity: pool.liquidity });
  }
  return out;
}

/** Ours, timed: swaps per second over `passes` passes on pre-made clones. */
function timeOurs(start: UniswapV3Pool, seq: Sequence, passes: number): number {
  const pools = Array.from({ length: passes }, () => start.clone());
  const t0 = performance.now();
  for (const pool of pools) {
    for (const s of seq.swaps) pool.swap(TRADER, s.zeroForOne, s.amountSpecified);
  }
  return (passes * seq.swaps.length * 1000) / (performance.now() - t0);
}

interface SdkSide {
  token0: SdkCoreModule.Token;
  token1: SdkCoreModule.Token;
  start: SdkPool;
}

function buildSdk(ts: UniswapV3Pool): SdkSide {
  const token0 = new sdkCore.Token(1, '0x0000000000000000000000000000000000000001', 18, 'T0');
  const token1 = new sdkCore.Token(1, '0x0000000000000000000000000000000000000002', 18, 'T1');
  const ticks = ts.initializedTicks().map((index) => {
    const t = ts.ticks(index);
    return { index, liquidityGross: t.liquidityGross.toString(), liquidityNet: t.liquidityNet.toString() };
  });
  const s0 = ts.slot0;
  const start = new sdk.Pool(token0, token1, FEE as SdkModule.FeeAmount, s0.sqrtPriceX96.toString(), ts.liquidity.toString(), s0.tick, ticks);
  return { token0, token1, start };
}

async function sdkStep(side: SdkSide, pool: SdkPool, s: Swap): Promise<[SwapResult, SdkPool]> {
  const inToken = s.zeroForOne ? side.token0 : side.token1;
  const outToken = s.zeroForOne ? side.token1 : side.token0;
  let amountIn: bigint;
  let amountOut: bigint;
  let next: SdkPool;
  if (s.amountSpecified > 0n) {
    const [out, p] = await pool.getOutputAmount(sdkCore.CurrencyAmount.fromRawAmount(inToken, s.amountSpecified.toString()));
    amountIn = s.amountSpecified; // getOutputAmount spends the whole input (liquidity never runs out here)
    amountOut = BigInt(out.quotient.toString());
    next = p;
  } else {
    const [inp, p] = await pool.getInputAmount(sdkCore.CurrencyAmount.fromRawAmount(outToken, (-s.amountSpecified).toString()));
    amountIn = BigInt(inp.quotient.toString());
    amountOut = -s.amountSpecified;
    next = p;
  }
  const result: SwapResult = {
    amount0: s.zeroForOne ? amountIn : -amountOut,
    amount1: s.zeroForOne ? -amountOut : amountIn,
    sqrtPriceX96: BigInt(next.sqrtRatioX96.toString()),
    tick: next.tickCurrent,
    liquidity: BigInt(next.liquidity.toString()),
  };
  return [result, next];
}

async function runSdk(side: SdkSide, seq: Sequence): Promise<SwapResult[]> {
  let pool = side.start;
  const out: SwapResult[] = [];
  for (const s of seq.swaps) {
    const [r, next] = await sdkStep(side, pool, s);
    out.push(r);
    pool = next;
  }
  return out;
}

async function timeSdk(side: SdkSide, seq: Sequence): Promise<number> {
  const t0 = performance.now();
  let pool = side.start;
  for (const s of seq.swaps) {
    const inToken = s.zeroForOne ? side.token0 : side.token1;
    const outToken = s.zeroForOne ? side.token1 : side.token0;
    pool =
      s.amountSpecified > 0n
        ? (await pool.getOutputAmount(sdkCore.CurrencyAmount.fromRawAmount(inToken, s.amountSpecified.toString())))[1]
        : (await pool.getInputAmount(sdkCore.CurrencyAmount.fromRawAmount(outToken, (-s.amountSpecified).toString())))[1];
  }
  return (seq.swaps.length * 1000) / (performance.now() - t0);
}

// ---------------------------------------------------------------------------------------------

export interface SequenceReport {
  swaps: number;
  crossingSwaps: number;
  initializedTicksCrossed: number;
  oursSwapsPerSec: number;
  sdkSwapsPerSec: number;
  anvilSwapsPerSec: number;
  anvilSwapsTimed: number;
  oursOverSdk: number;
  oursOverAnvil: number;
  mismatches: { sdk: number; anvil: number };
}

export interface BenchReport {
  bench: 'uniswap-v3/pool-swaps';
  seed: number;
  node: string;
  pool: { fee: number; tickSpacing: number; positions: number; initializedTicks: number };
  sequences: Record<Sequence['name'], SequenceReport>;
  /** over all three sequences: ours vs the SDK, ours vs anvil */
  summary: {
    oursOverSdkMin: number;
    oursOverAnvilMin: number;
    targets: { oursOverSdk: number; oursOverAnvil: number };
    meetsTargets: boolean;
    mismatches: number;
  };
  firstMismatches: string[];
  notes: string[];
}

const show = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));

/** The seeded scenario: start state (and the mints that made it) and the three swap sequences. */
export function makeScenario(options: Pick<BenchOptions, 'seed' | 'positions' | 'swaps'>): {
  sqrtPriceX96: bigint;
  mints: Mint[];
  start: UniswapV3Pool;
  sequences: Sequence[];
} {
  const rand = mulberry32(options.seed);
  const { sqrtPriceX96, mints } = positionsFor(options.positions, rand);
  const start = buildTsPool(sqrtPriceX96, mints);
  const sequences: Sequence[] = (['noCross', 'cross', 'mixed'] as const).map((name) => makeSequence(name, start, options.swaps, rand));
  return { sqrtPriceX96, mints, start, sequences };
}

/** Ours on one sequence, `passes` times (for profiling). */
export function swapsPerSecond(start: UniswapV3Pool, seq: Sequence, passes: number): number {
  return timeOurs(start, seq, passes);
}

export async function runPoolSwapBench(options: BenchOptions = DEFAULT_OPTIONS): Promise<BenchReport> {
  const { sqrtPriceX96, mints, start, sequences } = makeScenario(options);
  const side = buildSdk(start);
  const firstMismatches: string[] = [];
  const note = (what: string): void => {
    if (firstMismatches.length < 10) firstMismatches.push(what);
  };

  // 1. results, compared before anything is timed
  const mismatches = new Map<string, { sdk: number; anvil: number }>();
  for (const seq of sequences) {
    const ours = runOurs(start, seq);
    const theirs = await runSdk(side, seq);
    let sdkBad = 0;
    for (let i = 0; i < seq.swaps.length; i++) {
      const o = ours[i] as SwapResult;
      if (!sameResult(o, seq.expected[i] as SwapResult)) throw new Error(`ours is not deterministic at ${seq.name}#${i}`);
      const t = theirs[i] as SwapResult;
      if (!sameResult(o, t)) {
        sdkBad++;
        note(`sdk ${seq.name}#${i} ${show(seq.swaps[i])}: ours ${show(o)} sdk ${show(t)}`);
      }
    }
    mismatches.set(seq.name, { sdk: sdkBad, anvil: 0 });
  }

  // 2. ours and the SDK, alternating, best of reps after a warm-up
  const best = new Map<string, { ours: number; sdk: number }>();
  for (const seq of sequences) {
    timeOurs(start, seq, 2);
    await timeSdk(side, seq);
    // passes per repetition so that one repetition of ours lasts about minRepMs
    const probe = timeOurs(start, seq, 1);
    const passes = Math.max(1, Math.ceil((probe * options.minRepMs) / 1000 / seq.swaps.length));
    let bo = 0;
    let bs = 0;
    for (let r = 0; r < options.reps; r++) {
      bo = Math.max(bo, timeOurs(start, seq, passes));
      bs = Math.max(bs, await timeSdk(side, seq));
    }
    best.set(seq.name, { ours: bo, sdk: bs });
  }

  // 3. the real pool on anvil: same positions, same sequence prefixes, one snapshot per sequence
  const anvilRate = new Map<string, number>();
  const anvil = await startAnvil({ genesisTimestamp: START_TIME - 86_400 });
  try {
    const clients = createDevnetClients(anvil.rpcUrl, { pollingIntervalMs: 10 });
    const d = await deployUniswapV3(clients, { fee: FEE, sqrtPriceX96, fundAccounts: [DEVNET_ADDRESSES[0]], fundAmount: 1n << 200n });
    const pool = d.pool;
    for (const m of mints) await pool.mint(LP, m.tickLower, m.tickUpper, m.amount);
    const [s0, liquidity] = await Promise.all([pool.slot0(), pool.liquidity()]);
    if (s0.sqrtPriceX96 !== start.slot0.sqrtPriceX96 || liquidity !== start.liquidity) {
      throw new Error(`anvil start state differs: ${show({ s0, liquidity })} vs ${show({ s0: start.slot0, liquidity: start.liquidity })}`);
    }
    for (const seq of sequences) {
      const snapshot = await devnetRequest<string>(clients, 'evm_snapshot', []);
      const n = Math.min(options.anvilSwaps, seq.swaps.length);
      // warm-up: a few swaps, then back to the snapshot (evm_revert consumes it; take a new one)
      for (let i = 0; i < Math.min(5, n); i++) {
        const s = seq.swaps[i] as Swap;
        await pool.swap(TRADER, s.zeroForOne, s.amountSpecified);
      }
      await devnetRequest(clients, 'evm_revert', [snapshot]);
      const snapshot2 = await devnetRequest<string>(clients, 'evm_snapshot', []);
      let spentMs = 0;
      let bad = 0;
      for (let i = 0; i < n; i++) {
        const s = seq.swaps[i] as Swap;
        const t0 = performance.now();
        const r = await pool.swap(TRADER, s.zeroForOne, s.amountSpecified);
        spentMs += performance.now() - t0;
        const [after, l] = await Promise.all([pool.slot0(), pool.liquidity()]);
        const got: SwapResult = { ...r, sqrtPriceX96: after.sqrtPriceX96, tick: after.tick, liquidity: l };
        const want = seq.expected[i] as SwapResult;
        if (!sameResult(got, want)) {
          bad++;
          note(`anvil ${seq.name}#${i} ${show(s)}: ours ${show(want)} anvil ${show(got)}`);
        }
      }
      await devnetRequest(clients, 'evm_revert', [snapshot2]);
      anvilRate.set(seq.name, (n * 1000) / spentMs);
      const m = mismatches.get(seq.name);
      if (m !== undefined) m.anvil = bad;
    }
  } finally {
    await anvil.stop();
  }

  const reports = {} as Record<Sequence['name'], SequenceReport>;
  for (const seq of sequences) {
    const b = best.get(seq.name) ?? { ours: 0, sdk: 0 };
    const a = anvilRate.get(seq.name) ?? 0;
    reports[seq.name] = {
      swaps: seq.swaps.length,
      crossingSwaps: seq.crossingSwaps,
      initializedTicksCrossed: seq.ticksCrossed,
      oursSwapsPerSec: sig3(b.ours),
      sdkSwapsPerSec: sig3(b.sdk),
      anvilSwapsPerSec: sig3(a),
      anvilSwapsTimed: Math.min(options.anvilSwaps, seq.swaps.length),
      oursOverSdk: sig3(b.ours / b.sdk),
      oursOverAnvil: sig3(b.ours / a),
      mismatches: mismatches.get(seq.name) ?? { sdk: -1, anvil: -1 },
    };
  }
  const all = Object.values(reports);
  const oursOverSdkMin = Math.min(...all.map((r) => r.oursOverSdk));
  const oursOverAnvilMin = Math.min(...all.map((r) => r.oursOverAnvil));
  const totalMismatches = all.reduce((s, r) => s + r.mismatches.sdk + r.mismatches.anvil, 0);
  return {
    bench: 'uniswap-v3/pool-swaps',
    seed: options.seed,
    node: process.version,
    pool: { fee: FEE, tickSpacing: SPACING, positions: mints.length, initializedTicks: start.initializedTicks().length },
    sequences: reports,
    summary: {
      oursOverSdkMin,
      oursOverAnvilMin,
      targets: { oursOverSdk: 20, oursOverAnvil: 1000 },
      meetsTargets: oursOverSdkMin >= 20 && oursOverAnvilMin >= 1000 && totalMismatches === 0,
      mismatches: totalMismatches,
    },
    firstMismatches,
    notes: [
      'ours: UniswapV3Pool.swap (state committed: ticks crossed, oracle, fee growth); sdk: Pool.getOutputAmount/getInputAmount (async, amounts and price only)',
      'anvil: RealUniswapV3Pool.swap = eth_call simulation + eth_sendTransactionSync (one mined block per swap) over loopback HTTP',
      'every swap compared across the three: amount0, amount1, and sqrtPriceX96, tick, liquidity after it',
    ],
  };
}
