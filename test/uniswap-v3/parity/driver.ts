/**
 * Runs one operation on both pools and compares, exactly: the return value or the refusal,
 * then the pool-wide state. Full-state checkpoints compare every piece of storage a parity
 * claim covers. Any difference throws a ParityError naming the op index, the op and both values.
 */
import type { Address } from 'viem';
import { uniswapV3PoolAbi } from '../../../src/chain/abis.js';
import type { RealUniswapV3Pool } from '../../../src/chain/real-pool.js';
import { ChainRevertError, revertErrorFrom } from '../../../src/chain/revert.js';
import { UniswapV3Error, type UniswapV3RevertReason } from '../../../src/uniswap-v3/errors.js';
import type { UniswapV3Pool } from '../../../src/uniswap-v3/pool.js';
import { wordOf, type Op } from './ops.js';

/** The contract's own revert strings: both sides must report exactly the same string. */
export const POOL_REVERT_STRINGS: ReadonlySet<UniswapV3RevertReason> = new Set<UniswapV3RevertReason>([
  'T', 'R', 'LS', 'LA', 'LOK', 'AI', 'TLU', 'TLM', 'TUM', 'LO', 'NP', 'AS', 'SPL', 'M0', 'M1', 'IIA', 'OLD', 'I', 'L', 'F0', 'F1', 'TF',
]);

/**
 * The one table of refusals that have no reason string on chain: the TypeScript pool names the
 * `require` (left), the bytecode reverts bare (no data; `ChainRevertError.kind === 'bare'`).
 * A TypeScript refusal neither here nor in POOL_REVERT_STRINGS fails the test as unmapped.
 */
export const BARE_CHAIN_REVERT_OF: Readonly<Partial<Record<UniswapV3RevertReason, 'bare'>>> = {
  AMOUNT_ZERO: 'bare', // UniswapV3Pool.mint: require(amount > 0)
  TICK_SPACING: 'bare', // TickBitmap.flipTick: require(tick % tickSpacing == 0)
  FEE_PROTOCOL: 'bare', // UniswapV3Pool.setFeeProtocol: require((p0 == 0 || (p0 >= 4 && p0 <= 10)) && (p1 ...))
  TICK_NOT_INITIALIZED: 'bare', // UniswapV3Pool.snapshotCumulativesInside: require(initializedLower/Upper)
  SAFECAST_OVERFLOW: 'bare', // SafeCast: require(y == x) / require(y < 2**255)
  MATH_OVERFLOW: 'bare', // LowGasSafeMath: require(z >= x) etc.
  MULDIV_OVERFLOW: 'bare', // FullMath.mulDiv: require(denominator > prod1)
  MULDIV_ZERO_DENOMINATOR: 'bare', // FullMath.mulDiv: require(denominator > 0)
  PRICE_OVERFLOW: 'bare', // SqrtPriceMath: require(...) on the next price
  SQRT_PRICE_ZERO: 'bare', // SqrtPriceMath.getNextSqrtPriceFromInput/Output: require(sqrtPX96 > 0)
  LIQUIDITY_ZERO: 'bare', // SqrtPriceMath.getNextSqrtPriceFromInput/Output: require(liquidity > 0)
  BITMATH_ZERO: 'bare', // BitMath: require(x > 0)
};

/** What the chain must report when the TypeScript pool refuses with `reason`. */
export function expectedChainRefusal(reason: string): string {
  if (POOL_REVERT_STRINGS.has(reason as UniswapV3RevertReason)) return reason;
  const bare = BARE_CHAIN_REVERT_OF[reason as UniswapV3RevertReason];
  return bare ?? `(unmapped TypeScript reason ${reason})`;
}

export type Outcome = { ok: true; value: unknown } | { ok: false; reason: string; message: string };

export class ParityError extends Error {
  override readonly name = 'ParityError';
}

/** JSON with bigints as `123n`, stable key order as written. */
export function show(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}

function tsRefusal(error: unknown): Outcome {
  if (error instanceof UniswapV3Error) return { ok: false, reason: error.reason, message: error.message };
  throw error;
}

function chainRefusal(error: unknown): Outcome {
  if (error instanceof UniswapV3Error) return { ok: false, reason: error.reason, message: error.message };
  if (error instanceof ChainRevertError) {
    return { ok: false, reason: error.kind === 'bare' ? 'bare' : `${error.kind}:${error.reason}`, message: error.message };
  }
  throw error; // not a revert: an infrastructure failure, never a parity outcome
}

/** Applies `op` to the TypeScript pool at op.timestamp. */
export function applyTs(pool: UniswapV3Pool, op: Op): Outcome {
  pool.blockTimestamp = op.timestamp;
  try {
    switch (op.kind) {
      case 'initialize':
        pool.initialize(op.sqrtPriceX96);
        return { ok: true, value: null };
      case 'mint':
        return { ok: true, value: pool.mint(op.recipient, op.tickLower, op.tickUpper, op.amount) };
      case 'burn':
        return { ok: true, value: pool.burn(op.owner, op.tickLower, op.tickUpper, op.amount) };
      case 'collect':
        return {
          ok: true,
          value: pool.collect(op.owner, op.recipient, op.tickLower, op.tickUpper, op.amount0Requested, op.amount1Requested),
        };
      case 'swap':
        return { ok: true, value: pool.swap(op.recipient, op.zeroForOne, op.amountSpecified, op.sqrtPriceLimitX96) };
      case 'flash':
        return { ok: true, value: pool.flash(op.recipient, op.amount0, op.amount1, repayOf(op)) };
      case 'setFeeProtocol':
        pool.setFeeProtocol(op.feeProtocol0, op.feeProtocol1);
        return { ok: true, value: null };
      case 'collectProtocol':
        return { ok: true, value: pool.collectProtocol(op.recipient, op.amount0Requested, op.amount1Requested) };
      case 'increaseObservationCardinalityNext':
        pool.increaseObservationCardinalityNext(op.observationCardinalityNext);
        return { ok: true, value: null };
    }
  } catch (error) {
    return tsRefusal(error);
  }
}

function repayOf(op: Extract<Op, { kind: 'flash' }>): { paid0?: bigint; paid1?: bigint } {
  return { ...(op.paid0 === undefined ? {} : { paid0: op.paid0 }), ...(op.paid1 === undefined ? {} : { paid1: op.paid1 }) };
}

/** Applies `op` to the real pool in a block stamped op.timestamp (mints/swaps/flashes paid by the driver's sender). */
export async function applyChain(pool: RealUniswapV3Pool, op: Op): Promise<Outcome> {
  await pool.setNextBlockTimestamp(op.timestamp);
  try {
    switch (op.kind) {
      case 'initialize':
        await pool.initialize(op.sqrtPriceX96);
        return { ok: true, value: null };
      case 'mint':
        return { ok: true, value: await pool.mint(op.recipient, op.tickLower, op.tickUpper, op.amount) };
      case 'burn':
        return { ok: true, value: await pool.burn(op.owner, op.tickLower, op.tickUpper, op.amount) };
      case 'collect':
        return {
          ok: true,
          value: await pool.collect(op.owner, op.recipient, op.tickLower, op.tickUpper, op.amount0Requested, op.amount1Requested),
        };
      case 'swap':
        return { ok: true, value: await pool.swap(op.recipient, op.zeroForOne, op.amountSpecified, op.sqrtPriceLimitX96) };
      case 'flash':
        return { ok: true, value: await pool.flash(op.recipient, op.amount0, op.amount1, repayOf(op)) };
      case 'setFeeProtocol':
        await pool.setFeeProtocol(op.feeProtocol0, op.feeProtocol1);
        return { ok: true, value: null };
      case 'collectProtocol':
        return { ok: true, value: await pool.collectProtocol(op.recipient, op.amount0Requested, op.amount1Requested) };
      case 'increaseObservationCardinalityNext':
        await pool.increaseObservationCardinalityNext(op.observationCardinalityNext);
        return { ok: true, value: null };
    }
  } catch (error) {
    return chainRefusal(error);
  }
}

/** Where a comparison happens, for the failure message. */
export interface Context {
  run: string;
  index: number;
  op: Op | undefined;
  recent: readonly Op[];
}

export function fail(ctx: Context, what: string, ts: unknown, chain: unknown): never {
  const lines = [
    `PARITY MISMATCH (${ctx.run}) at op #${ctx.index}: ${what}`,
    `  op:         ${ctx.op === undefined ? '(checkpoint)' : show(ctx.op)}`,
    `  TypeScript: ${show(ts)}`,
    `  chain:      ${show(chain)}`,
    `  preceding ops (oldest first):`,
    ...ctx.recent.map((o) => `    ${show(o)}`),
  ];
  throw new ParityError(lines.join('\n'));
}

export function same(ctx: Context, what: string, ts: unknown, chain: unknown): void {
  if (show(ts) !== show(chain)) fail(ctx, what, ts, chain);
}

/** Compares an op's outcomes: equal values, or refusals with the mapped reason. */
export function compareOutcomes(ctx: Context, ts: Outcome, chain: Outcome, what = 'return value'): void {
  if (ts.ok && chain.ok) {
    same(ctx, what, ts.value, chain.value);
    return;
  }
  if (!ts.ok && !chain.ok) {
    const expected = expectedChainRefusal(ts.reason);
    if (chain.reason !== expected) {
      fail(ctx, `${what}: refusal reason (TypeScript '${ts.reason}' must be '${expected}' on chain)`, ts, chain);
    }
    return;
  }
  fail(ctx, `${what}: ${ts.ok ? 'TypeScript succeeded, chain refused' : 'TypeScript refused, chain succeeded'}`, ts, chain);
}

// ---------------------------------------------------------------------------------------------
// State

const tickFields = [
  'liquidityGross',
  'liquidityNet',
  'feeGrowthOutside0X128',
  'feeGrowthOutside1X128',
  'tickCumulativeOutside',
  'secondsPerLiquidityOutsideX128',
  'secondsOutside',
  'initialized',
] as const;
const positionFields = ['liquidity', 'feeGrowthInside0LastX128', 'feeGrowthInside1LastX128', 'tokensOwed0', 'tokensOwed1'] as const;
const observationFields = ['blockTimestamp', 'tickCumulative', 'secondsPerLiquidityCumulativeX128', 'initialized'] as const;
const slot0Fields = [
  'sqrtPriceX96',
  'tick',
  'observationIndex',
  'observationCardinality',
  'observationCardinalityNext',
  'feeProtocol',
  'unlocked',
] as const;

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Record<K, T[K]> {
  const out = {} as Record<K, T[K]>;
  for (const k of keys) out[k] = o[k];
  return out;
}

/** Pool-wide scalars, compared after every operation. */
export async function compareGlobals(ctx: Context, ts: UniswapV3Pool, chain: RealUniswapV3Pool): Promise<void> {
  const [slot0, liquidity, fg0, fg1, protocolFees] = await Promise.all([
    chain.slot0(),
    chain.liquidity(),
    chain.feeGrowthGlobal0X128(),
    chain.feeGrowthGlobal1X128(),
    chain.protocolFees(),
  ]);
  same(ctx, 'slot0', pick(ts.slot0, slot0Fields), pick(slot0, slot0Fields));
  same(ctx, 'liquidity', ts.liquidity, liquidity);
  same(ctx, 'feeGrowthGlobal0X128', ts.feeGrowthGlobal0X128, fg0);
  same(ctx, 'feeGrowthGlobal1X128', ts.feeGrowthGlobal1X128, fg1);
  same(ctx, 'protocolFees', ts.protocolFees, protocolFees);
}

export async function compareTick(ctx: Context, ts: UniswapV3Pool, chain: RealUniswapV3Pool, tick: number): Promise<void> {
  same(ctx, `ticks(${tick})`, pick(ts.ticks(tick), tickFields), pick(await chain.ticks(tick), tickFields));
}

export async function compareWord(ctx: Context, ts: UniswapV3Pool, chain: RealUniswapV3Pool, word: number): Promise<void> {
  same(ctx, `tickBitmap(${word})`, ts.tickBitmap(word), await chain.tickBitmap(word));
}

export async function comparePosition(
  ctx: Context,
  ts: UniswapV3Pool,
  chain: RealUniswapV3Pool,
  p: { owner: Address; tickLower: number; tickUpper: number },
): Promise<void> {
  same(
    ctx,
    `positions(${p.owner}, ${p.tickLower}, ${p.tickUpper})`,
    pick(ts.positions(p.owner, p.tickLower, p.tickUpper), positionFields),
    pick(await chain.positions(p.owner, p.tickLower, p.tickUpper), positionFields),
  );
}

/** Runs `tasks` with at most `width` in flight (keeps the node's HTTP server comfortable). */
export async function inBatches(tasks: ReadonlyArray<() => Promise<void>>, width = 32): Promise<void> {
  for (let i = 0; i < tasks.length; i += width) await Promise.all(tasks.slice(i, i + width).map((t) => t()));
}

/** Everything the run ever touched, so the checkpoint also proves cleared storage is cleared on both sides. */
export interface Touched {
  ticks: Set<number>;
  positions: Map<string, { owner: Address; tickLower: number; tickUpper: number }>;
}

export interface CheckpointReport {
  ticks: number;
  words: number;
  positions: number;
  observations: number;
  lookbacks: number[];
  snapshots: number;
}

const INT24_MIN = -(2 ** 23);
const INT24_MAX = 2 ** 23 - 1;

export function touch(touched: Touched, op: Op): void {
  if (op.kind !== 'mint' && op.kind !== 'burn' && op.kind !== 'collect') return;
  const owner = op.kind === 'mint' ? op.recipient : op.owner;
  touched.positions.set(`${owner.toLowerCase()}:${op.tickLower}:${op.tickUpper}`, {
    owner,
    tickLower: op.tickLower,
    tickUpper: op.tickUpper,
  });
  for (const t of [op.tickLower, op.tickUpper]) if (t >= INT24_MIN && t <= INT24_MAX) touched.ticks.add(t);
}

/**
 * The full-state comparison: slot0 and globals, every touched or initialized tick (all
 * Tick.Info fields), every bitmap word touched, every position touched, every observation slot,
 * `observe` at several lookbacks (and just beyond the window: 'OLD' on both), the token balances
 * and snapshotCumulativesInside of the live positions.
 */
export async function compareFullState(
  ctx: Context,
  ts: UniswapV3Pool,
  chain: RealUniswapV3Pool,
  touched: Touched,
  lookbackSeed: number,
): Promise<CheckpointReport> {
  await compareGlobals(ctx, ts, chain);
  const s = ts.tickSpacing;

  // ticks: every initialized one (enumerated by the TS pool) and every one ever touched
  const ticks = new Set<number>([...ts.initializedTicks(), ...touched.ticks]);
  await inBatches([...ticks].map((t) => () => compareTick(ctx, ts, chain, t)));

  // bitmap: every word of a touched tick (multiples of the spacing only: others never flip),
  // plus every word the TS pool holds; and the TS pool's words must agree with its ticks
  const words = new Set<number>(ts.tickBitmapWords().map(([w]) => w));
  for (const t of ticks) if (t % s === 0 && t >= -887272 && t <= 887272) words.add(wordOf(t, s));
  await inBatches([...words].map((w) => () => compareWord(ctx, ts, chain, w)));
  const fromTicks = new Map<number, bigint>();
  for (const t of ts.initializedTicks()) {
    const compressed = Math.floor(t / s);
    const w = compressed >> 8;
    fromTicks.set(w, (fromTicks.get(w) ?? 0n) | (1n << BigInt(compressed & 255)));
  }
  same(ctx, 'TS bitmap words vs TS initialized ticks', ts.tickBitmapWords(), [...fromTicks.entries()].sort((a, b) => a[0] - b[0]));

  // positions: every one the TS pool stores and every one ever touched
  const positions = new Map(touched.positions);
  for (const p of ts.allPositions()) {
    const key = `${p.owner.toLowerCase()}:${p.tickLower}:${p.tickUpper}`;
    if (!positions.has(key)) positions.set(key, { owner: p.owner as Address, tickLower: p.tickLower, tickUpper: p.tickUpper });
  }
  await inBatches([...positions.values()].map((p) => () => comparePosition(ctx, ts, chain, p)));

  // observations: every slot up to the grown size (and one beyond)
  const s0 = ts.slot0;
  const slots = Math.min(65535, Math.max(s0.observationCardinalityNext, s0.observationCardinality) + 1);
  await inBatches(
    Array.from({ length: slots }, (_, i) => async () => {
      const c = await chain.observations(i);
      same(ctx, `observations(${i})`, pick(ts.observations(i), observationFields), pick(c, observationFields));
    }),
  );

  // observe: lookbacks inside the window, the window's edge, and one second beyond it
  const now = ts.blockTimestamp >>> 0;
  const oldestIndex = (s0.observationIndex + 1) % s0.observationCardinality;
  const oldest = ts.observations(oldestIndex).initialized ? ts.observations(oldestIndex) : ts.observations(0);
  const window = (now - oldest.blockTimestamp) >>> 0;
  let x = lookbackSeed >>> 0;
  const rand = (): number => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x;
  };
  const candidates = [0, 1, 60, 600, 3600, 86_400, window, window - 1, rand() % (window + 1), rand() % (window + 1), rand() % (window + 1)];
  const lookbacks = [...new Set(candidates.filter((v) => v >= 0 && v <= window))].sort((a, b) => a - b);
  const observeBoth = async (what: string, secondsAgos: number[]): Promise<void> => {
    let tsOut: Outcome;
    try {
      tsOut = { ok: true, value: ts.observe(secondsAgos) };
    } catch (error) {
      tsOut = tsRefusal(error);
    }
    let chainOut: Outcome;
    try {
      chainOut = { ok: true, value: await chain.observe(secondsAgos) };
    } catch (error) {
      chainOut = chainRefusal(error);
    }
    compareOutcomes(ctx, tsOut, chainOut, `observe(${show(secondsAgos)})`);
    if (what === 'window' && !tsOut.ok) fail(ctx, `observe(${show(secondsAgos)}) inside the window refused`, tsOut, chainOut);
  };
  await observeBoth('window', lookbacks);
  for (const l of lookbacks) await observeBoth('window', [l]);
  if (window < 0xffffffff) await observeBoth('beyond', [window + 1]); // 'OLD' on both

  // token balances: what the TS pool books vs the tokens the real pool holds
  const [b0, b1] = await Promise.all([chain.balanceOf(0, chain.address), chain.balanceOf(1, chain.address)]);
  same(ctx, 'pool token balances', [ts.balance0, ts.balance1], [b0, b1]);

  // snapshotCumulativesInside of live positions (initialized ticks), and one uninitialized range (bare on chain)
  const live = ts.allPositions().filter((p) => p.info.liquidity > 0n);
  const ranges = live.slice(0, 24).map((p) => [p.tickLower, p.tickUpper] as const);
  const free = ts.tickSpacing * (1 + (rand() % 1000));
  if (!ts.ticks(free).initialized) ranges.push([-free, free]);
  await inBatches(
    ranges.map(([lo, hi]) => async () => {
      let tsOut: Outcome;
      try {
        tsOut = { ok: true, value: ts.snapshotCumulativesInside(lo, hi) };
      } catch (error) {
        tsOut = tsRefusal(error);
      }
      let chainOut: Outcome;
      try {
        const [tickCumulativeInside, secondsPerLiquidityInsideX128, secondsInside] = await chain.clients.publicClient.readContract({
          address: chain.address,
          abi: uniswapV3PoolAbi,
          functionName: 'snapshotCumulativesInside',
          args: [lo, hi],
        });
        chainOut = { ok: true, value: { tickCumulativeInside, secondsPerLiquidityInsideX128, secondsInside } };
      } catch (error) {
        chainOut = chainRefusal(revertErrorFrom(error, 'snapshotCumulativesInside') ?? error);
      }
      compareOutcomes(ctx, tsOut, chainOut, `snapshotCumulativesInside(${lo}, ${hi})`);
    }),
  );

  return { ticks: ticks.size, words: words.size, positions: positions.size, observations: slots, lookbacks, snapshots: ranges.length };
}
