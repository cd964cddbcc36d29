/**
 * A user's strategy, written as anyone outside Vaultwright would write one: one wide Uniswap v3
 * range around the price, left alone while the price is inside it, moved (burn, collect, swap to
 * a 50/50 split, mint) once the price has left it. Run it with
 *
 *   vaultwright backtest --strategy ./examples/strategies/wide-range-rebalancer.ts \
 *                        --config examples/strategies/wide-range-rebalancer.json
 *
 * Why this rule: a wide range earns less per dollar than a narrow one, but it is rarely out of
 * range, and every move costs gas, a swap fee and the loss realised at the edge. Rebalancing only
 * when the position earns nothing at all (out of range) is the simplest rule that never pays to
 * move a range that is still working.
 *
 * The comments say why each line is there; the README of this folder says how to write your own.
 */

// zod validates the parameters the config file gives: a typo or a negative width is caught before
// the first block, with an error naming `config.params.<field>`, instead of misbehaving later.
import { z } from 'zod';
// Types only: the engine hands these shapes in and takes intents out. A type import disappears at
// run time, so this file needs nothing from Vaultwright to run, only to typecheck.
import type { Book, BookLpPosition, Intent, MarketView, Strategy } from 'vaultwright';

// One schema is both the runtime check and (through z.infer) the static type of the parameters, so
// the two can never disagree. `.strict()` refuses unknown keys: a misspelt parameter is an error,
// not a silently ignored default.
const paramsSchema = z
  .object({
    // The pool's id in the market view, and its tokens' symbols in the book: the view does not say
    // which symbol is token0, and guessing would swap the sides of every amount.
    pool: z.string().min(1),
    token0: z.string().min(1),
    token1: z.string().min(1),
    // A pool only accepts ticks on its spacing grid; the view does not carry the spacing.
    tickSpacing: z.number().int().positive(),
    // Half the range's width in ticks (2000 ticks ≈ ±22 % of price): the one knob of the strategy.
    halfWidthTicks: z.number().int().positive(),
    // Mint from (1 − buffer) of the balances: the mint lands a block later, when the price may have
    // moved, and the engine's guard refuses to pull more than the quote plus its tolerance.
    mintBufferBps: z.number().int().min(0).max(5_000),
    // Below this imbalance (bps of the book's value) the split is left alone: a swap costs a pool fee
    // and gas, and a small imbalance only leaves a little of one token idle.
    maxImbalanceBps: z.number().int().min(0).max(10_000),
  })
  .strict()
  // Off-grid widths would be rounded by the pool in ways the memory would not know about.
  .refine((p) => p.halfWidthTicks % p.tickSpacing === 0, { message: 'must be a multiple of tickSpacing', path: ['halfWidthTicks'] });

type Params = z.infer<typeof paramsSchema>;

// Memory must be plain JSON (the keeper persists it between runs); it only counts, for the reader
// of the ledger: every decision is re-derived from the book, so a lost memory loses nothing.
type Memory = { readonly rebalances: number };

// The pool's raw price as a float: token1 base units per token0 base unit. Floats are fine here
// because they only size orders, and sizes are shrunk by the buffer anyway; the pool itself does
// the exact integer math when the intent lands.
function rawPrice(sqrtPriceX96: bigint): number {
  const root = Number(sqrtPriceX96) / 2 ** 96;
  return root * root;
}

// √(1.0001^tick), the Uniswap v3 definition of a tick's square-root price.
function sqrtAtTick(tick: number): number {
  return Math.sqrt(1.0001 ** tick);
}

// The most liquidity the balances can fund in [lower, upper) at the current price: the standard
// Uniswap v3 formulas, taking the smaller of the two sides when the price is inside the range
// (minting more would need more of the scarcer token than the vault has).
function liquidityFor(sqrtPrice: number, lower: number, upper: number, amount0: bigint, amount1: bigint): bigint {
  const a = sqrtAtTick(lower);
  const b = sqrtAtTick(upper);
  const x = Number(amount0);
  const y = Number(amount1);
  let liquidity: number;
  if (sqrtPrice <= a) liquidity = (x * a * b) / (b - a);
  else if (sqrtPrice >= b) liquidity = y / (b - a);
  else liquidity = Math.min((x * sqrtPrice * b) / (b - sqrtPrice), y / (sqrtPrice - a));
  // Floor to an integer: liquidity is a uint128 on chain, and rounding up could overdraw a token.
  return Number.isFinite(liquidity) && liquidity > 0 ? BigInt(Math.floor(liquidity)) : 0n;
}

// Multiply by (1 − bps/10 000) in integers, so the buffer never rounds a balance up.
function shrink(amount: bigint, bps: number): bigint {
  return (amount * BigInt(10_000 - bps)) / 10_000n;
}

function positionsIn(book: Book, pool: string): readonly BookLpPosition[] {
  return book.lp.filter((p) => p.pool === pool);
}

// Waiting is a decision too: the note says why nothing was sent (people watching see it; it is not
// kept). The memory goes back as the very object it came in: nothing changed, nothing to persist.
const hold = (memory: Memory, note: string) => ({ intents: [] as Intent[], memory, note });

export const strategy: Strategy<Params, Memory> = {
  // The name reports and configs use; a config's "strategy" may give this name or the file's path.
  name: 'wide-range-rebalancer',
  paramsSchema,
  initialMemory: () => ({ rebalances: 0 }),

  decide(view: MarketView, book: Book, params: Params, memory: Memory) {
    // Every intent of a decision is decided on the same book and lands in a later block. Deciding
    // again while one is in flight would decide on balances that are about to change, so wait.
    if (book.pending.length > 0) return hold(memory, `waiting for ${book.pending.length} transaction(s) to land`);

    const snapshot = view.pool(params.pool);
    const positions = positionsIn(book, params.pool);
    const open = positions.filter((p) => p.liquidity > 0n);

    // Burned liquidity is only owed by the pool until it is collected: collect it (with the fees)
    // before anything else, or the next mint would be sized without it.
    const owed = positions.filter((p) => p.liquidity === 0n && p.principalOwed0 + p.principalOwed1 + p.feesOwed0 + p.feesOwed1 > 0n);
    if (owed.length > 0) {
      const intents: Intent[] = owed.map((p) => ({ kind: 'collectFees', pool: params.pool, tickLower: p.tickLower, tickUpper: p.tickUpper, reason: 'collect the burned range and its fees' }));
      return { intents, memory, note: 'collecting' };
    }

    if (open.length > 0) {
      // In range (the pool's convention: lower ≤ tick < upper) the position earns fees: keep it.
      const inRange = open.some((p) => p.tickLower <= snapshot.tick && snapshot.tick < p.tickUpper);
      if (inRange) return hold(memory, `in range at tick ${snapshot.tick}`);
      // Out of range it earns nothing and holds a single token: burn it all. The collect comes at
      // the next decision, because a burn and a collect of one position cannot share a decision.
      const intents: Intent[] = open.map((p) => ({
        kind: 'removeLiquidity',
        pool: params.pool,
        tickLower: p.tickLower,
        tickUpper: p.tickUpper,
        liquidity: p.liquidity,
        reason: `tick ${snapshot.tick} left [${p.tickLower}, ${p.tickUpper})`,
      }));
      return { intents, memory: { rebalances: memory.rebalances + 1 }, note: 'burning the out-of-range position' };
    }

    // Nothing open: deploy the idle balances. A range centred in ticks holds equal VALUES of the two
    // tokens, so first swap the excess of one into the other, or most of it would stay idle.
    const amount0 = book.idle[params.token0] ?? 0n;
    const amount1 = book.idle[params.token1] ?? 0n;
    const price = rawPrice(snapshot.sqrtPriceX96);
    const value0 = Number(amount0) * price; // in token1 base units
    const value1 = Number(amount1);
    const total = value0 + value1;
    if (total <= 0) return hold(memory, 'nothing to deploy');
    if (Math.abs(value0 - value1) / total > params.maxImbalanceBps / 10_000) {
      // Half the difference moves the split to 50/50 (before the pool fee, which the buffer absorbs).
      const excessValue = Math.abs(value0 - value1) / 2;
      const zeroForOne = value0 > value1;
      const amountIn = BigInt(Math.floor(zeroForOne ? excessValue / price : excessValue));
      if (amountIn > 0n) {
        const swap: Intent = { kind: 'swap', pool: params.pool, zeroForOne, amountIn, reason: `rebalance the split to 50/50 before minting (tick ${snapshot.tick})` };
        return { intents: [swap], memory, note: 'swapping to 50/50' };
      }
    }

    // Centre on the tick floored to the grid (toward −∞, as the pool's ticks are signed).
    const centre = Math.floor(snapshot.tick / params.tickSpacing) * params.tickSpacing;
    const tickLower = centre - params.halfWidthTicks;
    const tickUpper = centre + params.halfWidthTicks;
    const liquidity = liquidityFor(Math.sqrt(price), tickLower, tickUpper, shrink(amount0, params.mintBufferBps), shrink(amount1, params.mintBufferBps));
    if (liquidity === 0n) return hold(memory, 'balances too small to mint');
    const mint: Intent = { kind: 'addLiquidity', pool: params.pool, tickLower, tickUpper, liquidity, reason: `wide range [${tickLower}, ${tickUpper}) around tick ${snapshot.tick}` };
    return { intents: [mint], memory, note: 'minting' };
  },
};

// The CLI accepts the default export or the export named `strategy`; exporting both costs nothing.
export default strategy;
