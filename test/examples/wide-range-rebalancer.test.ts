// The example user strategy (examples/strategies/wide-range-rebalancer.ts), decided on hand-built
// views and books: each branch of its rule, and that every mint fits the balances exactly as the
// pool would charge them (rounded up, the pool's favour).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { strategy } from '../../examples/strategies/wide-range-rebalancer.js';
import { deepFreeze } from '../../src/engine/loop.js';
import type { MarketView } from '../../src/market/simulator/market-view.js';
import type { Book, BookLpPosition, Intent } from '../../src/strategy/types.js';
import { getAmount0Delta, getAmount1Delta } from '../../src/uniswap-v3/sqrt-price-math.js';
import { getSqrtRatioAtTick } from '../../src/uniswap-v3/tick-math.js';
import { onePoolView } from '../strategy/one-pool-view.js';

const POOL = 'WETH/USDC-0.05%';
const PARAMS = strategy.paramsSchema.parse({ pool: POOL, token0: 'WETH', token1: 'USDC', tickSpacing: 10, halfWidthTicks: 1000, mintBufferBps: 100, maxImbalanceBps: 1000 });
const MEMORY = strategy.initialMemory(PARAMS);
const TICK = -198_000; // ≈ 2500 USDC per WETH (18 and 6 decimals)

function viewAt(tick: number): MarketView {
  return onePoolView({ pool: POOL, tick, twapTick: tick, seconds: 1_700_000_000 });
}

function position(tickLower: number, tickUpper: number, liquidity: bigint, owed = 0n): BookLpPosition {
  return { pool: POOL, tickLower, tickUpper, liquidity, amount0: 0n, amount1: 0n, feesOwed0: owed, feesOwed1: 0n, principalOwed0: 0n, principalOwed1: 0n };
}

function bookOf(idle: Record<string, bigint>, lp: BookLpPosition[] = [], pending = 0): Book {
  const pendingIntents = Array.from({ length: pending }, (_, i) => ({ txId: `tx${i}`, intent: { kind: 'collectFees', pool: POOL, tickLower: 0, tickUpper: 10, reason: 'x' } as Intent, decidedAtBlock: 1 }));
  return deepFreeze({ address: 'vault', blockNumber: 1, idle, lp, lending: [], pending: pendingIntents, sharesOutstanding: 1n });
}

const decide = (tick: number, book: Book) => strategy.decide(viewAt(tick), book, PARAMS, MEMORY);

describe('examples/strategies/wide-range-rebalancer.ts', () => {
  it('refuses parameters off the tick grid, and unknown ones', () => {
    expect(strategy.paramsSchema.safeParse({ ...PARAMS, halfWidthTicks: 1005 }).success).toBe(false);
    expect(strategy.paramsSchema.safeParse({ ...PARAMS, widthBps: 5 }).success).toBe(false);
  });

  it('waits while a transaction is pending, holds in range, burns all out of range, then collects', () => {
    const open = position(TICK - 1000, TICK + 1000, 5n * 10n ** 15n);
    expect(decide(TICK + 1500, bookOf({}, [open], 1)).intents).toEqual([]);
    expect(decide(TICK + 999, bookOf({}, [open])).intents).toEqual([]);
    // the upper tick is outside the range (lower ≤ tick < upper)
    for (const tick of [TICK + 1000, TICK - 1001]) {
      const burn = decide(tick, bookOf({}, [open])).intents;
      expect(burn).toHaveLength(1);
      expect(burn[0]).toMatchObject({ kind: 'removeLiquidity', tickLower: open.tickLower, tickUpper: open.tickUpper, liquidity: open.liquidity });
    }
    const burned = position(TICK - 1000, TICK + 1000, 0n, 123n);
    expect(decide(TICK + 1500, bookOf({ WETH: 10n ** 18n }, [burned])).intents).toEqual([
      expect.objectContaining({ kind: 'collectFees', tickLower: burned.tickLower, tickUpper: burned.tickUpper }),
    ]);
  });

  it('swaps an imbalanced book to about 50/50 by value before minting', () => {
    fc.assert(
      fc.property(fc.integer({ min: -250_000, max: -150_000 }), fc.bigInt({ min: 0n, max: 10n ** 21n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), (tick, weth, usdc) => {
        const [intent, ...rest] = decide(tick, bookOf({ WETH: weth, USDC: usdc })).intents;
        if (intent?.kind !== 'swap') return;
        expect(rest).toEqual([]);
        const sqrt = Number(getSqrtRatioAtTick(tick)) / 2 ** 96;
        const price = sqrt * sqrt;
        const value0 = Number(weth) * price;
        const value1 = Number(usdc);
        // after the swap (at the pool price, fee aside) the two values are equal to within a base unit's rounding
        const [after0, after1] = intent.zeroForOne ? [value0 - Number(intent.amountIn) * price, value1 + Number(intent.amountIn) * price] : [value0 + Number(intent.amountIn), value1 - Number(intent.amountIn)];
        expect(Math.abs(after0 - after1)).toBeLessThanOrEqual(1e-9 * (value0 + value1) + 2 * Math.max(price, 1));
        expect(intent.zeroForOne).toBe(value0 > value1);
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it('mints one range on the grid around the tick that the balances can pay for, as the pool rounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: -250_000, max: -150_000 }), fc.bigInt({ min: 10n ** 15n, max: 10n ** 21n }), fc.double({ min: 0.95, max: 1.05, noNaN: true }), (tick, weth, skew) => {
        const sqrt = Number(getSqrtRatioAtTick(tick)) / 2 ** 96;
        // a balanced book (within the 10 % imbalance allowed), so the strategy mints
        const usdc = BigInt(Math.floor(Number(weth) * sqrt * sqrt * skew));
        const intents = decide(tick, bookOf({ WETH: weth, USDC: usdc })).intents;
        expect(intents).toHaveLength(1);
        const mint = intents[0]!;
        if (mint.kind !== 'addLiquidity') throw new Error(`expected a mint, got ${mint.kind}`);
        expect(mint.tickUpper - mint.tickLower).toBe(2 * PARAMS.halfWidthTicks);
        expect(mint.tickLower % PARAMS.tickSpacing === 0).toBe(true);
        expect(mint.tickLower <= tick && tick < mint.tickUpper).toBe(true);
        const sqrtP = getSqrtRatioAtTick(tick);
        const need0 = getAmount0Delta(sqrtP, getSqrtRatioAtTick(mint.tickUpper), mint.liquidity, true);
        const need1 = getAmount1Delta(getSqrtRatioAtTick(mint.tickLower), sqrtP, mint.liquidity, true);
        // within the balances; within the buffered balances up to the float sizing's error (cancellation near the range edge: ~1e-10 relative)
        expect(need0 <= weth && need1 <= usdc).toBe(true);
        const slack = (amount: bigint): bigint => (amount * 9_900n) / 10_000n + 2n + amount / 10n ** 9n;
        expect(need0 <= slack(weth) && need1 <= slack(usdc)).toBe(true);
        // and using most of the scarcer side
        expect(need0 * 10_000n >= weth * 9_800n || need1 * 10_000n >= usdc * 9_800n).toBe(true);
      }),
      { seed: 4, numRuns: 300 },
    );
  });
});
