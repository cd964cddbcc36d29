/**
 * The built-in range manager (issue 5), as Charm's alpha vaults (v1 AlphaVault + AlphaStrategy)
 * manage a Uniswap v3 position: a base order around the price and a one-sided limit order for
 * the token the base order leaves over; rebalance when enough time has passed AND the tick has
 * moved enough AND the spot tick is close to the TWAP.
 *
 * Parameters (Charm's name in brackets):
 * - `pool`: the pool id in the MarketView; `token0`, `token1`: its tokens' symbols in the Book;
 *   `tickSpacing`: the pool's spacing (the view does not carry it) [tickSpacing]
 * - `baseThresholdTicks` [baseThreshold] B: the base order is [X − B, X + TS + B], X = the tick
 *   floored to the spacing (`_floor`), TS = spacing. A positive multiple of the spacing.
 * - `limitThresholdTicks` [limitThreshold] L: the limit order is the bid [X − L, X] (leftover
 *   token1, below the price) or the ask [X + TS, X + TS + L] (leftover token0, above the price),
 *   whichever gets more liquidity from the leftovers (`bidLiquidity > askLiquidity`). A positive
 *   multiple of the spacing.
 * - `minPeriodSeconds` [period]: no rebalance before lastRebalance + period.
 * - `minTickMove` [minTickMove]: no rebalance while |tick − lastRebalanceTick| < minTickMove.
 * - `maxTwapDeviationTicks` [maxTwapDeviation]: refuse while |tick − TWAP tick| exceeds it.
 * - `twapDurationSeconds` [twapDuration]: the window the TWAP is taken over. The MarketView
 *   computes `twapTick` over the pool venue's own window (`twapWindowSeconds` of the scenario), so
 *   this must equal it; the strategy cannot choose the window and names it in its reasons.
 * - `mintBufferBps` (no Charm equivalent): orders are sized on balances × (1 − buffer). Charm
 *   mints in the transaction that reads the price; here the mint lands a block or more later and
 *   the executor lets it pull up to k·σ·√Δt more than quoted (engine/guards.ts), so the buffer
 *   must exceed that tolerance or a mint sized on the whole balance reverts on an ordinary move.
 *
 * Why the rebalance takes several decisions. Charm's `rebalance` burns, collects, reads its
 * balances, mints the base order, reads its balances again and mints the limit order, all in one
 * transaction. Here every intent of a decision is decided on the same Book and lands in a later
 * block, so an amount computed in the decision that burns would be computed from balances that do
 * not yet hold the burned principal. So each step that needs the balances of the previous one
 * waits for it to land (no pending transaction) and reads the Book again:
 *   'withdrawing'  burn all liquidity of the pool → (landed) collect principal and fees
 *   'placingBase'  mint the base order from the then-idle balances (TWAP checked again: Charm
 *                  checks it in the same transaction as it mints)
 *   'placingLimit' mint the limit order from what the base order left idle
 *   'active'       check the rebalance conditions
 * (A burn and a collect of the same position cannot share a decision either: the executor pokes
 * a position that still has liquidity before collecting, and the poke reverts once the burn has
 * emptied it.) Each phase is re-derived from the Book, so a reverted or dropped transaction is
 * simply retried at the next decision at the then-current price.
 *
 * Every decision says why in `Decision.note` (the TWAP refusal names the spot tick, the TWAP
 * tick, the window and the maximum). Memory changes only when the phase or the ranges do: a hold
 * returns the memory it was given, so the keeper has nothing to persist and the engine nothing
 * to copy. Pure: no I/O, no clock, no randomness; time is the view's.
 */
import { z } from 'zod';
import type { MarketView, PoolSnapshot } from '../market/simulator/market-view.js';
import { baseRange, sameRange, tickWithinBounds, type TickRange } from './range-manager/ranges.js';
import { chooseLimitOrder, liquidityForAmounts, spendable } from './range-manager/sizing.js';
import type { Book, BookLpPosition, Decision, Intent, Strategy } from './types.js';

export type RangeManagerParams = {
  readonly pool: string;
  readonly token0: string;
  readonly token1: string;
  readonly tickSpacing: number;
  readonly baseThresholdTicks: number;
  readonly limitThresholdTicks: number;
  readonly minPeriodSeconds: number;
  readonly minTickMove: number;
  readonly maxTwapDeviationTicks: number;
  readonly twapDurationSeconds: number;
  readonly mintBufferBps: number;
};

export type RangeManagerPhase = 'withdrawing' | 'placingBase' | 'placingLimit' | 'active';

/** Plain JSON, so the keeper can persist it and resume. */
export type RangeManagerMemory = {
  readonly phase: RangeManagerPhase;
  /** view time (seconds) and spot tick when the current base order was decided; null before the first */
  readonly lastRebalanceSeconds: number | null;
  readonly lastRebalanceTick: number | null;
  readonly base: TickRange | null;
  readonly limit: TickRange | null;
};

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();

export const rangeManagerParamsSchema = z
  .object({
    pool: z.string().min(1),
    token0: z.string().min(1),
    token1: z.string().min(1),
    tickSpacing: positiveInt,
    baseThresholdTicks: positiveInt,
    limitThresholdTicks: positiveInt,
    minPeriodSeconds: z.number().nonnegative().finite(),
    minTickMove: nonNegativeInt,
    maxTwapDeviationTicks: nonNegativeInt,
    twapDurationSeconds: positiveInt,
    mintBufferBps: nonNegativeInt.max(9_999),
  })
  .strict()
  .superRefine((p, ctx) => {
    // Charm's _checkThreshold: a threshold off the spacing would place an unusable tick.
    if (p.baseThresholdTicks % p.tickSpacing !== 0) ctx.addIssue({ code: 'custom', path: ['baseThresholdTicks'], message: 'must be a multiple of tickSpacing' });
    if (p.limitThresholdTicks % p.tickSpacing !== 0) ctx.addIssue({ code: 'custom', path: ['limitThresholdTicks'], message: 'must be a multiple of tickSpacing' });
    if (p.token0 === p.token1) ctx.addIssue({ code: 'custom', path: ['token1'], message: 'must differ from token0' });
  });

type Step = { readonly intents: readonly Intent[]; readonly memory: RangeManagerMemory; readonly note: string } | { readonly next: RangeManagerMemory };

function openPositions(book: Book, pool: string): BookLpPosition[] {
  return book.lp.filter((p) => p.pool === pool && p.liquidity > 0n);
}

function isOpen(book: Book, pool: string, range: TickRange | null): boolean {
  return range !== null && openPositions(book, pool).some((p) => sameRange(p, range));
}

/** Charm's TWAP and boundary checks; a string is the refusal, naming the ticks it compared. */
export function twapRefusal(snapshot: PoolSnapshot, params: RangeManagerParams): string | undefined {
  const { tick, twapTick } = snapshot;
  if (twapTick === undefined) return `refused: no ${params.twapDurationSeconds} s TWAP for ${params.pool} yet (spot tick ${tick})`;
  const deviation = Math.abs(tick - twapTick);
  if (deviation > params.maxTwapDeviationTicks) {
    return `refused: spot tick ${tick} is ${deviation} ticks from the ${params.twapDurationSeconds} s TWAP tick ${twapTick} (max ${params.maxTwapDeviationTicks})`;
  }
  if (!tickWithinBounds(tick, params.tickSpacing, params.baseThresholdTicks, params.limitThresholdTicks)) {
    return `refused: spot tick ${tick} is too close to the pool's tick bounds for thresholds ${params.baseThresholdTicks}/${params.limitThresholdTicks}`;
  }
  return undefined;
}

/** Charm's shouldRebalance (keeper check aside): a string says why not. */
export function rebalanceBlocker(view: MarketView, params: RangeManagerParams, memory: RangeManagerMemory): string | undefined {
  const { tick } = view.pool(params.pool);
  if (memory.lastRebalanceSeconds !== null) {
    const elapsedSeconds = view.blockTimestampSeconds - memory.lastRebalanceSeconds;
    if (elapsedSeconds < params.minPeriodSeconds) return `hold: ${elapsedSeconds} s since the last rebalance < minPeriodSeconds ${params.minPeriodSeconds}`;
  }
  if (memory.lastRebalanceTick !== null) {
    const moveTicks = Math.abs(tick - memory.lastRebalanceTick);
    if (moveTicks < params.minTickMove) return `hold: tick ${tick} moved ${moveTicks} ticks from ${memory.lastRebalanceTick} < minTickMove ${params.minTickMove}`;
  }
  return twapRefusal(view.pool(params.pool), params);
}

function withdraw(book: Book, params: RangeManagerParams, memory: RangeManagerMemory): Step {
  const open = openPositions(book, params.pool);
  if (open.length > 0) {
    const intents: Intent[] = open.map((p) => ({
      kind: 'removeLiquidity',
      pool: params.pool,
      tickLower: p.tickLower,
      tickUpper: p.tickUpper,
      liquidity: p.liquidity,
      reason: `rebalance: burn all of [${p.tickLower}, ${p.tickUpper}]`,
    }));
    return { intents, memory, note: `burning ${open.length} position(s)` };
  }
  const owed = book.lp.filter((p) => p.pool === params.pool && p.feesOwed0 + p.feesOwed1 + p.principalOwed0 + p.principalOwed1 > 0n);
  if (owed.length > 0) {
    const intents: Intent[] = owed.map((p) => ({
      kind: 'collectFees',
      pool: params.pool,
      tickLower: p.tickLower,
      tickUpper: p.tickUpper,
      reason: `rebalance: collect principal and fees of [${p.tickLower}, ${p.tickUpper}]`,
    }));
    return { intents, memory, note: `collecting ${owed.length} position(s)` };
  }
  return { next: { ...memory, phase: 'placingBase' } };
}

function placeBase(view: MarketView, book: Book, params: RangeManagerParams, memory: RangeManagerMemory): Step {
  if (isOpen(book, params.pool, memory.base)) return { next: { ...memory, phase: 'placingLimit' } };
  const snapshot = view.pool(params.pool);
  const refusal = twapRefusal(snapshot, params);
  if (refusal !== undefined) return { intents: [], memory: memory.base === null ? memory : { ...memory, base: null }, note: refusal };
  const range = baseRange(snapshot.tick, params.tickSpacing, params.baseThresholdTicks);
  const amount0 = spendable(book.idle[params.token0] ?? 0n, params.mintBufferBps);
  const amount1 = spendable(book.idle[params.token1] ?? 0n, params.mintBufferBps);
  const liquidity = liquidityForAmounts(snapshot.sqrtPriceX96, range, amount0, amount1);
  if (liquidity === 0n) {
    return { intents: [], memory: memory.base === null ? memory : { ...memory, base: null }, note: `nothing to deploy: the balances buy no liquidity in [${range.tickLower}, ${range.tickUpper}]` };
  }
  const intent: Intent = {
    kind: 'addLiquidity',
    pool: params.pool,
    ...range,
    liquidity,
    reason: `base order [${range.tickLower}, ${range.tickUpper}] around tick ${snapshot.tick}`,
  };
  return {
    intents: [intent],
    memory: { ...memory, base: range, limit: null, lastRebalanceSeconds: view.blockTimestampSeconds, lastRebalanceTick: snapshot.tick },
    note: intent.reason,
  };
}

function placeLimit(view: MarketView, book: Book, params: RangeManagerParams, memory: RangeManagerMemory): Step {
  const base = memory.base;
  // The base mint reverted or was dropped: place it again at the current price.
  if (base === null || !isOpen(book, params.pool, base)) return { next: { ...memory, phase: 'placingBase', base: null, limit: null } };
  if (isOpen(book, params.pool, memory.limit)) return { next: { ...memory, phase: 'active' } };
  const snapshot = view.pool(params.pool);
  // X of the base order (its lower tick + B), so both orders share Charm's one tickFloor.
  const tickFloor = base.tickLower + params.baseThresholdTicks;
  const amount0 = spendable(book.idle[params.token0] ?? 0n, params.mintBufferBps);
  const amount1 = spendable(book.idle[params.token1] ?? 0n, params.mintBufferBps);
  const choice = chooseLimitOrder(snapshot.sqrtPriceX96, tickFloor, params.tickSpacing, params.limitThresholdTicks, amount0, amount1);
  // (no leftover worth a limit order)
  if (choice.liquidity === 0n) return { next: { ...memory, phase: 'active', limit: null } };
  const token = choice.side === 'ask' ? params.token0 : params.token1;
  const intent: Intent = {
    kind: 'addLiquidity',
    pool: params.pool,
    ...choice.range,
    liquidity: choice.liquidity,
    reason: `limit order (${choice.side}) [${choice.range.tickLower}, ${choice.range.tickUpper}] for the leftover ${token}`,
  };
  return { intents: [intent], memory: { ...memory, limit: choice.range }, note: intent.reason };
}

function checkRebalance(view: MarketView, book: Book, params: RangeManagerParams, memory: RangeManagerMemory): Step {
  if (openPositions(book, params.pool).length === 0) return { next: { ...memory, phase: 'withdrawing', base: null, limit: null } };
  const blocker = rebalanceBlocker(view, params, memory);
  if (blocker !== undefined) return { intents: [], memory, note: blocker };
  return { next: { ...memory, phase: 'withdrawing', base: null, limit: null } };
}

export function decideRangeManager(view: MarketView, book: Book, params: RangeManagerParams, memory: RangeManagerMemory): Decision<RangeManagerMemory> {
  // Every later step needs the balances the transactions in flight will change.
  if (book.pending.length > 0) return { intents: [], memory, note: `waiting for ${book.pending.length} transaction(s) in flight` };
  let state = memory;
  // Each phase either decides or hands over to the next. At most three phases run per decision
  // (placingLimit → active → withdrawing, which burns; or active → withdrawing → placingBase,
  // which mints or refuses); the bound only turns a future bug into an error, not a hang.
  for (let hops = 0; hops < 5; hops++) {
    let step: Step;
    switch (state.phase) {
      case 'withdrawing':
        step = withdraw(book, params, state);
        break;
      case 'placingBase':
        step = placeBase(view, book, params, state);
        break;
      case 'placingLimit':
        step = placeLimit(view, book, params, state);
        break;
      case 'active':
        step = checkRebalance(view, book, params, state);
        break;
    }
    if ('next' in step) {
      state = step.next;
      continue;
    }
    return { intents: step.intents, memory: step.memory, note: step.note };
  }
  throw new Error(`range manager: no decision after five phase changes from '${memory.phase}'`);
}

export const rangeManager: Strategy<RangeManagerParams, RangeManagerMemory> = {
  name: 'range-manager',
  paramsSchema: rangeManagerParamsSchema,
  // 'withdrawing' first: it collects anything the pool owes and then deploys the idle balances.
  initialMemory: () => ({ phase: 'withdrawing', lastRebalanceSeconds: null, lastRebalanceTick: null, base: null, limit: null }),
  decide: decideRangeManager,
};
