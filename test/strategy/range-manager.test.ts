import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backtestResultToJson, runBacktest, type BacktestResult } from '../../src/engine/backtest.js';
import { deepFreeze } from '../../src/engine/loop.js';
import type { MarketView } from '../../src/market/simulator/market-view.js';
import { assertPnlAddsUp } from '../../src/report/report-input.js';
import { rangeManager, rangeManagerParamsSchema, type RangeManagerMemory, type RangeManagerParams } from '../../src/strategy/range-manager.js';
import { askRange, baseRange, bidRange, floorToSpacing, tickWithinBounds } from '../../src/strategy/range-manager/ranges.js';
import { chooseLimitOrder, liquidityForAmounts, spendable } from '../../src/strategy/range-manager/sizing.js';
import type { AddLiquidityIntent, Book, BookLpPosition, Intent } from '../../src/strategy/types.js';
import { getAmountsForLiquidity } from '../../src/uniswap-v3/liquidity-amounts.js';
import { getSqrtRatioAtTick, MAX_TICK, MIN_TICK } from '../../src/uniswap-v3/tick-math.js';
import { FUNDING, GBM, GUARDS, POOL } from '../engine/test-strategies.js';
import { onePoolView } from './one-pool-view.js';

const PARAMS: RangeManagerParams = deepFreeze({
  pool: POOL,
  token0: 'WETH',
  token1: 'USDC',
  tickSpacing: 10,
  baseThresholdTicks: 300,
  limitThresholdTicks: 200,
  minPeriodSeconds: 1_800,
  minTickMove: 60,
  maxTwapDeviationTicks: 100,
  twapDurationSeconds: 1_800,
  mintBufferBps: 50,
});

const T0 = 1_700_000_000;
// ~2000 USDC per WETH (WETH 18 decimals is token0, USDC 6 decimals is token1): a negative tick
const TICK = -200_134;

function viewAt(tick: number, twapTick: number | undefined, seconds: number): MarketView {
  return onePoolView({ pool: POOL, tick, twapTick, seconds, price: 2000 });
}

function position(tickLower: number, tickUpper: number, liquidity: bigint, owed = 0n): BookLpPosition {
  return { pool: POOL, tickLower, tickUpper, liquidity, amount0: 0n, amount1: 0n, feesOwed0: owed, feesOwed1: owed, principalOwed0: owed, principalOwed1: 0n };
}

function bookOf(idle: Record<string, bigint>, lp: BookLpPosition[] = [], pendingCount = 0): Book {
  const pending = Array.from({ length: pendingCount }, (_, i) => ({
    txId: `tx${i}`,
    intent: { kind: 'collectFees', pool: POOL, tickLower: 0, tickUpper: 10, reason: 'x' } as Intent,
    decidedAtBlock: 1,
  }));
  return deepFreeze({ address: 'vault', blockNumber: 1, idle, lp, lending: [], pending, sharesOutstanding: 1n });
}

const IDLE = { WETH: 10n * 10n ** 18n, USDC: 20_000n * 10n ** 6n, ETH: 10n ** 18n };
const FRESH = rangeManager.initialMemory(PARAMS);
const decide = (view: MarketView, book: Book, memory: RangeManagerMemory) => rangeManager.decide(view, book, PARAMS, deepFreeze(memory));

function activeMemory(overrides: Partial<RangeManagerMemory> = {}): RangeManagerMemory {
  return {
    phase: 'active',
    lastRebalanceSeconds: T0,
    lastRebalanceTick: TICK,
    base: baseRange(TICK, 10, 300),
    limit: askRange(TICK, 10, 200),
    ...overrides,
  };
}
const OPEN = [position(-200_440, -199_830, 10n ** 15n), position(-200_130, -199_930, 10n ** 14n)];

describe('range arithmetic (Charm _floor, base, bid and ask)', () => {
  it('floors to the spacing toward −∞, also for negative ticks', () => {
    expect(floorToSpacing(-5, 10)).toBe(-10);
    expect(floorToSpacing(-10, 10)).toBe(-10);
    expect(floorToSpacing(-11, 10)).toBe(-20);
    expect(floorToSpacing(-1, 60)).toBe(-60);
    expect(Object.is(floorToSpacing(0, 10), 0)).toBe(true);
    expect(Object.is(floorToSpacing(-0, 10), 0)).toBe(true);
    expect(floorToSpacing(5, 10)).toBe(0);
    expect(floorToSpacing(TICK, 10)).toBe(-200_140);
    expect(floorToSpacing(MIN_TICK, 60)).toBe(-887_280);
    fc.assert(
      fc.property(fc.integer({ min: MIN_TICK, max: MAX_TICK }), fc.constantFrom(1, 10, 60, 200), (tick, spacing) => {
        const floored = floorToSpacing(tick, spacing);
        expect(floored % spacing === 0).toBe(true);
        expect(floored <= tick && tick < floored + spacing).toBe(true);
      }),
      { seed: 5, numRuns: 500 },
    );
  });

  it('places the base, bid and ask orders exactly as Charm does for hand-picked ticks', () => {
    // tick -200134, spacing 10: X = -200140, X + TS = -200130
    expect(baseRange(TICK, 10, 300)).toEqual({ tickLower: -200_440, tickUpper: -199_830 });
    expect(bidRange(TICK, 10, 200)).toEqual({ tickLower: -200_340, tickUpper: -200_140 });
    expect(askRange(TICK, 10, 200)).toEqual({ tickLower: -200_130, tickUpper: -199_930 });
    // a tick on the grid: X is the tick itself
    expect(baseRange(-200_140, 10, 300)).toEqual({ tickLower: -200_440, tickUpper: -199_830 });
    // positive tick, spacing 60 (0.3 % pools): X = 85140
    expect(baseRange(85_176, 60, 2_400)).toEqual({ tickLower: 82_740, tickUpper: 87_600 });
    expect(bidRange(85_176, 60, 1_200)).toEqual({ tickLower: 83_940, tickUpper: 85_140 });
    expect(askRange(85_176, 60, 1_200)).toEqual({ tickLower: 85_200, tickUpper: 86_400 });
    // -1 with spacing 60: X = -60, not 0
    expect(baseRange(-1, 60, 120)).toEqual({ tickLower: -180, tickUpper: 120 });
    expect(bidRange(-1, 60, 120)).toEqual({ tickLower: -180, tickUpper: -60 });
    expect(askRange(-1, 60, 120)).toEqual({ tickLower: 0, tickUpper: 120 });
  });

  it('keeps Charm\'s distance from the tick bounds', () => {
    expect(tickWithinBounds(0, 10, 300, 200)).toBe(true);
    expect(tickWithinBounds(MIN_TICK + 310, 10, 300, 200)).toBe(false);
    expect(tickWithinBounds(MIN_TICK + 311, 10, 300, 200)).toBe(true);
    expect(tickWithinBounds(MAX_TICK - 310, 10, 300, 200)).toBe(false);
    expect(tickWithinBounds(MAX_TICK - 311, 10, 300, 200)).toBe(true);
  });

  it('chooses the limit side with more liquidity: the ask for token0, the bid for token1', () => {
    const sqrtPrice = getSqrtRatioAtTick(TICK);
    const ask = chooseLimitOrder(sqrtPrice, TICK, 10, 200, 10n ** 18n, 0n);
    expect(ask.side).toBe('ask');
    expect(ask.range).toEqual(askRange(TICK, 10, 200));
    expect(ask.liquidity).toBe(liquidityForAmounts(sqrtPrice, ask.range, 10n ** 18n, 0n));
    const bid = chooseLimitOrder(sqrtPrice, TICK, 10, 200, 0n, 2_000n * 10n ** 6n);
    expect(bid.side).toBe('bid');
    expect(bid.range).toEqual(bidRange(TICK, 10, 200));
    expect(bid.liquidity).toBeGreaterThan(0n);
    // nothing left: a tie, which Charm's `bid > ask ? bid : ask` gives to the ask, with no liquidity
    expect(chooseLimitOrder(sqrtPrice, TICK, 10, 200, 0n, 0n)).toMatchObject({ side: 'ask', liquidity: 0n });
    // both left: whichever buys more liquidity on its own side
    const mixed = chooseLimitOrder(sqrtPrice, TICK, 10, 200, 10n ** 18n, 100n * 10n ** 6n);
    const bidL = liquidityForAmounts(sqrtPrice, bidRange(TICK, 10, 200), 10n ** 18n, 100n * 10n ** 6n);
    const askL = liquidityForAmounts(sqrtPrice, askRange(TICK, 10, 200), 10n ** 18n, 100n * 10n ** 6n);
    expect(mixed.side).toBe(bidL > askL ? 'bid' : 'ask');
  });

  it('keeps a buffer off the balances, rounding down', () => {
    expect(spendable(10_000n, 50)).toBe(9_950n);
    expect(spendable(199n, 50)).toBe(198n);
    expect(spendable(0n, 50)).toBe(0n);
    expect(spendable(-5n, 50)).toBe(0n);
  });
});

describe('params', () => {
  it('accepts the documented params and rejects thresholds off the spacing', () => {
    expect(rangeManagerParamsSchema.parse(PARAMS)).toEqual(PARAMS);
    const bad = rangeManagerParamsSchema.safeParse({ ...PARAMS, baseThresholdTicks: 305 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['baseThresholdTicks']);
    expect(rangeManagerParamsSchema.safeParse({ ...PARAMS, limitThresholdTicks: 0 }).success).toBe(false);
    expect(rangeManagerParamsSchema.safeParse({ ...PARAMS, token1: 'WETH' }).success).toBe(false);
    expect(rangeManagerParamsSchema.safeParse({ ...PARAMS, extra: 1 }).success).toBe(false);
  });
});

describe('decide: first deployment', () => {
  it('places the base order sized by LiquidityAmounts on the buffered balances, then the limit order for the leftover', () => {
    const view = viewAt(TICK, TICK + 3, T0);
    const first = decide(view, bookOf(IDLE), FRESH);
    expect(first.intents).toHaveLength(1);
    const base = first.intents[0] as AddLiquidityIntent;
    expect(base).toMatchObject({ kind: 'addLiquidity', pool: POOL, tickLower: -200_440, tickUpper: -199_830 });
    const amount0 = (IDLE.WETH * 9_950n) / 10_000n;
    const amount1 = (IDLE.USDC * 9_950n) / 10_000n;
    expect(base.liquidity).toBe(liquidityForAmounts(view.pool(POOL).sqrtPriceX96, { tickLower: -200_440, tickUpper: -199_830 }, amount0, amount1));
    // it is the most the balances allow: one token is (almost) used up, neither is exceeded
    const used = getAmountsForLiquidity(view.pool(POOL).sqrtPriceX96, getSqrtRatioAtTick(-200_440), getSqrtRatioAtTick(-199_830), base.liquidity);
    expect(used.amount0 <= amount0 && used.amount1 <= amount1).toBe(true);
    expect(amount0 - used.amount0 < 10n ** 12n || amount1 - used.amount1 < 10n).toBe(true);
    expect(first.memory).toMatchObject({ phase: 'placingBase', lastRebalanceSeconds: T0, lastRebalanceTick: TICK, base: { tickLower: -200_440, tickUpper: -199_830 } });

    // while the mint is in flight: nothing
    expect(decide(view, bookOf(IDLE, [], 1), first.memory).intents).toEqual([]);

    // the base landed; token0 (WETH) is left over: the ask above the price
    const leftover0 = { WETH: IDLE.WETH - used.amount0, USDC: IDLE.USDC - used.amount1, ETH: IDLE.ETH };
    const landed = bookOf(leftover0, [position(-200_440, -199_830, base.liquidity)]);
    const second = decide(viewAt(TICK, TICK, T0 + 12), landed, first.memory);
    expect(second.intents).toHaveLength(1);
    const limit = second.intents[0] as AddLiquidityIntent;
    const expected = chooseLimitOrder(view.pool(POOL).sqrtPriceX96, TICK, 10, 200, spendable(leftover0.WETH, 50), spendable(leftover0.USDC, 50));
    expect(limit).toMatchObject({ kind: 'addLiquidity', ...expected.range, liquidity: expected.liquidity });
    expect(second.memory).toMatchObject({ phase: 'placingLimit', limit: expected.range });

    // both landed: active, holding
    const both = bookOf({ WETH: 0n, USDC: 0n }, [position(-200_440, -199_830, base.liquidity), position(limit.tickLower, limit.tickUpper, limit.liquidity)]);
    const third = decide(viewAt(TICK, TICK, T0 + 24), both, second.memory);
    expect(third.intents).toEqual([]);
    expect(third.memory.phase).toBe('active');
  });

  it('puts leftover token0 in the ask above the price and leftover token1 in the bid below it', () => {
    const memory: RangeManagerMemory = { ...FRESH, phase: 'placingLimit', base: baseRange(TICK, 10, 300), lastRebalanceSeconds: T0, lastRebalanceTick: TICK };
    const baseOpen = [position(-200_440, -199_830, 10n ** 15n)];
    const ask = decide(viewAt(TICK, TICK, T0), bookOf({ WETH: 10n ** 18n, USDC: 0n }, baseOpen), memory).intents[0] as AddLiquidityIntent;
    expect(ask).toMatchObject({ tickLower: -200_130, tickUpper: -199_930 });
    expect(ask.tickLower).toBeGreaterThan(TICK);
    expect(ask.reason).toMatch(/ask.*WETH/);
    const bid = decide(viewAt(TICK, TICK, T0), bookOf({ WETH: 0n, USDC: 3_000n * 10n ** 6n }, baseOpen), memory).intents[0] as AddLiquidityIntent;
    expect(bid).toMatchObject({ tickLower: -200_340, tickUpper: -200_140 });
    expect(bid.tickUpper).toBeLessThanOrEqual(TICK);
    expect(bid.reason).toMatch(/bid.*USDC/);
    // nothing left over: no limit order, straight to active
    const none = decide(viewAt(TICK, TICK, T0), bookOf({ WETH: 0n, USDC: 0n }, baseOpen), memory);
    expect(none.intents).toEqual([]);
    expect(none.memory).toMatchObject({ phase: 'active', limit: null });
  });

  it('places the base again when its mint did not land', () => {
    const memory: RangeManagerMemory = { ...FRESH, phase: 'placingLimit', base: baseRange(TICK, 10, 300), lastRebalanceSeconds: T0, lastRebalanceTick: TICK };
    const retry = decide(viewAt(TICK + 40, TICK + 40, T0 + 24), bookOf(IDLE), memory);
    expect(retry.intents).toHaveLength(1);
    expect(retry.intents[0]).toMatchObject({ kind: 'addLiquidity', ...baseRange(TICK + 40, 10, 300) });
    expect(retry.memory).toMatchObject({ phase: 'placingBase', lastRebalanceTick: TICK + 40, lastRebalanceSeconds: T0 + 24 });
  });

  it('does not deploy without a TWAP', () => {
    const decision = decide(viewAt(TICK, undefined, T0), bookOf(IDLE), FRESH);
    expect(decision.intents).toEqual([]);
    expect(decision.note).toMatch(/no 1800 s TWAP/);
  });
});

describe('decide: rebalance conditions', () => {
  const book = bookOf({ WETH: 0n, USDC: 0n }, OPEN);

  it('holds before minPeriodSeconds, however far the tick moved', () => {
    const decision = decide(viewAt(TICK + 1_000, TICK + 1_000, T0 + 1_799), book, activeMemory());
    expect(decision.intents).toEqual([]);
    expect(decision.note).toMatch(/1799 s .*minPeriodSeconds 1800/);
    expect(decision.memory.phase).toBe('active');
  });

  it('a hold returns the very memory it was given (nothing to persist or copy)', () => {
    const memory = deepFreeze(activeMemory());
    for (const view of [viewAt(TICK + 1_000, TICK + 1_000, T0 + 1_799), viewAt(TICK + 10, TICK + 10, T0 + 100_000), viewAt(TICK + 500, TICK + 399, T0 + 3_600)]) {
      const decision = rangeManager.decide(view, book, PARAMS, memory);
      expect(decision.intents).toEqual([]);
      expect(decision.memory).toBe(memory);
    }
    const waiting = rangeManager.decide(viewAt(TICK, TICK, T0), bookOf({ WETH: 0n, USDC: 0n }, OPEN, 1), PARAMS, memory);
    expect(waiting.memory).toBe(memory);
    expect(waiting.note).toMatch(/waiting for 1 transaction/);
  });

  it('holds when the tick moved less than minTickMove, however long it waited', () => {
    for (const tick of [TICK + 59, TICK - 59, TICK]) {
      const decision = decide(viewAt(tick, tick, T0 + 100_000), book, activeMemory());
      expect(decision.intents).toEqual([]);
      expect(decision.note).toMatch(/minTickMove 60/);
    }
  });

  it('refuses when the spot tick is too far from the TWAP, naming both ticks', () => {
    const spot = TICK + 500;
    const twap = spot - 101;
    const decision = decide(viewAt(spot, twap, T0 + 3_600), book, activeMemory());
    expect(decision.intents).toEqual([]);
    expect(decision.note).toContain(`${spot}`);
    expect(decision.note).toContain(`${twap}`);
    expect(decision.note).toMatch(/refused: .*101 ticks.*max 100/);
    expect(decision.memory.phase).toBe('active');
    // at the maximum exactly, it proceeds (Charm: deviation <= maxTwapDeviation)
    const atMax = decide(viewAt(spot, spot + 100, T0 + 3_600), book, activeMemory());
    expect(atMax.intents.length).toBeGreaterThan(0);
  });

  it('rebalances in steps: burn all, collect all, then the base centred on the current tick, then the limit', () => {
    const tick = TICK + 777;
    const view = viewAt(tick, tick - 20, T0 + 1_800);
    const burn = decide(view, book, activeMemory());
    expect(burn.intents).toEqual([
      expect.objectContaining({ kind: 'removeLiquidity', tickLower: -200_440, tickUpper: -199_830, liquidity: 10n ** 15n }),
      expect.objectContaining({ kind: 'removeLiquidity', tickLower: -200_130, tickUpper: -199_930, liquidity: 10n ** 14n }),
    ]);
    expect(burn.memory).toMatchObject({ phase: 'withdrawing', base: null, limit: null, lastRebalanceTick: TICK });

    const burned = bookOf({ WETH: 0n, USDC: 0n }, [position(-200_440, -199_830, 0n, 5n), position(-200_130, -199_930, 0n, 7n)]);
    const collect = decide(view, burned, burn.memory);
    expect(collect.intents).toEqual([
      expect.objectContaining({ kind: 'collectFees', tickLower: -200_440, tickUpper: -199_830 }),
      expect.objectContaining({ kind: 'collectFees', tickLower: -200_130, tickUpper: -199_930 }),
    ]);

    const redeploy = decide(view, bookOf(IDLE), collect.memory);
    expect(redeploy.intents).toHaveLength(1);
    const base = redeploy.intents[0] as AddLiquidityIntent;
    // centred on the spacing interval holding the tick: [X − B, X + TS + B]
    const x = floorToSpacing(tick, 10);
    expect(base).toMatchObject({ kind: 'addLiquidity', tickLower: x - 300, tickUpper: x + 10 + 300 });
    expect(base.tickLower + base.tickUpper).toBe(2 * x + 10);
    expect(redeploy.memory).toMatchObject({ phase: 'placingBase', lastRebalanceSeconds: T0 + 1_800, lastRebalanceTick: tick });
  });

  it('centres the base on any tick the first decision sees (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -300_000, max: 300_000 }), fc.integer({ min: -100, max: 100 }), (tick, twapOffset) => {
        const decision = decide(viewAt(tick, tick + twapOffset, T0), bookOf(IDLE), FRESH);
        const base = decision.intents[0] as AddLiquidityIntent | undefined;
        const range = baseRange(tick, 10, 300);
        if (base === undefined) {
          // the balances buy nothing in a range far from the price they were sized for
          expect(decision.note).toMatch(/nothing to deploy/);
          return;
        }
        expect(base.tickLower).toBe(range.tickLower);
        expect(base.tickUpper).toBe(range.tickUpper);
        expect(base.tickLower + 300 <= tick && tick < base.tickUpper - 300).toBe(true);
        expect(base.tickLower % 10 === 0 && base.tickUpper % 10 === 0).toBe(true);
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it('is deterministic and does not touch its inputs (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -250_000, max: -150_000 }),
        fc.integer({ min: -200, max: 200 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.bigInt({ min: 0n, max: 10n ** 11n }),
        fc.constantFrom<RangeManagerMemory['phase']>('withdrawing', 'placingBase', 'placingLimit', 'active'),
        (tick, twapOffset, dt, weth, usdc, phase) => {
          const view = viewAt(tick, tick + twapOffset, T0 + dt);
          const held = bookOf({ WETH: weth, USDC: usdc }, phase === 'active' || phase === 'placingLimit' ? OPEN : []);
          const memory = deepFreeze(activeMemory({ phase }));
          const json = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
          const before = json([held, memory]);
          const a = rangeManager.decide(view, held, PARAMS, memory);
          const b = rangeManager.decide(view, held, PARAMS, memory);
          expect(json(a)).toBe(json(b));
          expect(json([held, memory])).toBe(before);
        },
      ),
      { seed: 23, numRuns: 200 },
    );
  });
});

describe('runBacktest on the GBM ETH/USDC scenario', () => {
  const run = (seed: number) =>
    runBacktest({ scenario: GBM, strategy: rangeManager, params: PARAMS, vault: FUNDING, blocks: 3_000, seed, guards: GUARDS, sampleEveryBlocks: 100 });
  const result = run(42);
  const component = (r: BacktestResult<RangeManagerMemory>, name: string): bigint => r.pnl.components.find((c) => c.name === name)!.amount;

  it('uses the scenario\'s TWAP window', () => {
    expect(GBM.venues.pools[0]!.twapWindowSeconds).toBe(PARAMS.twapDurationSeconds);
  });

  it('rebalances at least once, earns LP fees, and the PnL adds up exactly', () => {
    const fills = result.events.filter((e) => e.type === 'fill');
    const burns = fills.filter((e) => e.type === 'fill' && e.action.kind === 'v3Burn' && (e.action as { liquidity: bigint }).liquidity > 0n);
    expect(burns.length).toBeGreaterThanOrEqual(2); // one rebalance burns the base and the limit
    expect(fills.some((e) => e.type === 'fill' && e.action.kind === 'v3Collect')).toBe(true);
    // the mints after each rebalance: base orders centred on the tick they were decided at
    const baseIntents = result.events.filter((e) => e.type === 'intent' && e.intent.reason.startsWith('base order'));
    expect(baseIntents.length).toBeGreaterThanOrEqual(2);
    for (const e of baseIntents) {
      if (e.type !== 'intent' || e.intent.kind !== 'addLiquidity') throw new Error('not a mint');
      const tick = Number(/around tick (-?\d+)/.exec(e.intent.reason)![1]);
      expect(e.intent).toMatchObject(baseRange(tick, 10, 300));
    }
    expect(result.memory.lastRebalanceSeconds).toBeGreaterThan(result.series.timestampSeconds[0]! + PARAMS.minPeriodSeconds);
    // the engine's own check, and the same sum by hand
    assertPnlAddsUp(result.reportInput);
    expect(result.pnl.components.reduce((total, c) => total + c.amount, 0n)).toBe(result.pnl.navChange);
    expect(result.pnl.navChange).toBe(result.pnl.navEnd - result.pnl.navStart);
    expect(Object.values(result.pnl.scaledComponents).reduce((a, b) => a + b, 0n)).toBe(result.pnl.navChangeScaled);
    expect(component(result, 'LP fees')).toBeGreaterThan(0n);
    // it ends with its orders in the pool
    expect(result.finalBook.lp.some((p) => p.liquidity > 0n && p.tickLower === result.memory.base?.tickLower && p.tickUpper === result.memory.base?.tickUpper)).toBe(true);
  });

  it('is byte-identical for the same seed', () => {
    expect(backtestResultToJson(run(42))).toBe(backtestResultToJson(result));
  });
});
