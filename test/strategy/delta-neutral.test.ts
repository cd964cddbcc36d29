import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backtestResultToJson, runBacktest, type BacktestResult } from '../../src/engine/backtest.js';
import type { LedgerEvent } from '../../src/engine/ledger.js';
import type { Trigger } from '../../src/engine/triggers.js';
import { InvalidInputError } from '../../src/errors.js';
import { buildSimulator } from '../../src/market/scenario/build.js';
import { scenarioSchema } from '../../src/market/scenario/schema.js';
import { deepFreeze } from '../../src/engine/loop.js';
import type { MarketView, PoolSnapshot } from '../../src/market/simulator/market-view.js';
import { deltaNeutral, deltaNeutralParamsSchema, type DeltaNeutralMemory } from '../../src/strategy/delta-neutral.js';
import { MAX_UNWIND_DECISIONS } from '../../src/strategy/delta-neutral/unwind.js';
import type { Book, BookPerpPosition } from '../../src/strategy/types.js';
import { getSqrtRatioAtTick } from '../../src/uniswap-v3/tick-math.js';
import { gbmWithPerp } from '../engine/perp-strategies.js';
import { FUNDING, GUARDS, POOL } from '../engine/test-strategies.js';
import { component, expectExact } from '../engine/pnl-assertions.js';

const GENESIS = 1_700_000_000;
const BLOCKS = 3_000;
const BAND_BPS = 300;

const PARAMS = {
  pool: POOL,
  token0: 'WETH',
  token1: 'USDC',
  riskyToken: 'WETH',
  riskyDecimals: 18,
  stableDecimals: 6,
  riskyAliases: ['ETH'],
  tickSpacing: 10,
  baseThresholdTicks: 1_200,
  minRerangePeriodSeconds: 1_800,
  mintBufferBps: 50,
  deltaBandBps: BAND_BPS,
  minMarginRatio: 0.15,
  targetMarginRatio: 0.3,
  minHealthFactor: 1.3,
  targetHealthFactor: 1.7,
  collateralLiquidationThresholdBps: 8_000,
  // unwind ten minutes before the end, so the run shows the whole life
  unwindAtSeconds: GENESIS + BLOCKS * 12 - 600,
};

type Result = BacktestResult<DeltaNeutralMemory>;

/** Block → reason of every vault transaction that landed (from the 'submitted' and 'fill' events). */
function landedFills(events: readonly LedgerEvent[]): { blockNumber: number; kind: string; reason: string }[] {
  const reasonOf = new Map<string, string>();
  const out: { blockNumber: number; kind: string; reason: string }[] = [];
  for (const event of events) {
    if (event.type === 'submitted') for (const txId of event.txIds) reasonOf.set(txId, event.reason);
    if (event.type === 'fill') out.push({ blockNumber: event.blockNumber, kind: event.action.kind, reason: reasonOf.get(event.txId) ?? '' });
  }
  return out;
}

/**
 * At each block where a hedge landed: |net delta| of the book (series.delta, the engine's own
 * Greeks) against the band, deltaBandBps of the NAV at the block's mark. The hedge aimed at zero
 * on the view of the block before; what is left is the move over the landing delay, so it must
 * sit inside the band.
 */
function deltasAfterHedges(result: Result): { delta: number; band: number }[] {
  const { series } = result;
  const first = series.blockNumber[0]!;
  return landedFills(result.events)
    .filter((fill) => fill.reason.startsWith('hedge:') && (fill.kind === 'perpTrade' || fill.kind === 'v3Swap'))
    .map((fill) => {
      const i = fill.blockNumber - first;
      expect(series.blockNumber[i]).toBe(fill.blockNumber);
      const navWhole = Number(series.navTotal[i]!) / 1e6;
      return { delta: series.delta[i]!, band: ((BAND_BPS / 10_000) * navWhole) / series.price[i]! };
    });
}

function expectUnwound(result: Result): void {
  const book = result.finalBook;
  expect(result.memory.phase).toBe('closed');
  expect(book.lp.filter((p) => p.liquidity > 0n)).toEqual([]);
  expect(book.lp.every((p) => p.feesOwed0 + p.feesOwed1 + p.principalOwed0 + p.principalOwed1 === 0n)).toBe(true);
  expect(book.perp?.sizeWei ?? 0n).toBe(0n);
  expect(book.perp?.collateral ?? 0n).toBe(0n);
  expect(book.lending.every((reserve) => reserve.debt === 0n && reserve.supplied === 0n)).toBe(true);
  // the risky token sold: at most dust (under a cent) is left; the gas token stays
  expect(Number(book.idle['WETH']!) * (result.series.price.at(-1)! / 1e18)).toBeLessThan(0.01);
}

function recordingTrigger(measure: (book: Book, nowSeconds: number) => number | undefined): { trigger: Trigger; values: number[] } {
  const values: number[] = [];
  return {
    values,
    trigger: {
      name: 'every block, measuring',
      fires: (view, book) => {
        const value = measure(book, view.blockTimestampSeconds);
        if (value !== undefined) values.push(value);
        return true;
      },
      decided: () => undefined,
    },
  };
}

describe('delta-neutral: parameters', () => {
  const bad: [string, Record<string, unknown>][] = [
    ['params.hedge', { hedge: 'options' }],
    ['params.hedge', {}],
    ['params.baseThresholdTicks', { hedge: 'perp', baseThresholdTicks: 1_205 }],
    ['params.riskyToken', { hedge: 'perp', riskyToken: 'DAI' }],
    ['params.deltaBandBps', { hedge: 'perp', deltaBandBps: 0 }],
    ['params.targetMarginRatio', { hedge: 'perp', targetMarginRatio: 0.1 }],
    ['params.targetHealthFactor', { hedge: 'borrow', targetHealthFactor: 1.2 }],
    ['params.minHealthFactor', { hedge: 'borrow', minHealthFactor: 0.9 }],
    ['params.riskyAliases', { hedge: 'perp', riskyAliases: ['USDC'] }],
    ['params.bandBps', { hedge: 'perp', bandBps: 10 }],
  ];
  for (const [field, override] of bad) {
    it(`refuses ${JSON.stringify(override)} naming ${field}`, () => {
      const params = { ...PARAMS, ...override };
      if (!('hedge' in override)) delete (params as Record<string, unknown>)['hedge'];
      let caught: unknown;
      try {
        runBacktest({ scenario: gbmWithPerp(), strategy: deltaNeutral, params, vault: FUNDING, blocks: 2, seed: 1, guards: GUARDS });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidInputError);
      expect((caught as InvalidInputError).field).toBe(field);
    });
  }
});

describe('delta-neutral: perp hedge on a GBM market', () => {
  const margins = recordingTrigger((book) => (book.perp === undefined || book.perp.sizeWei === 0n ? undefined : book.perp.marginRatio));
  const result = runBacktest({
    scenario: gbmWithPerp(),
    strategy: deltaNeutral,
    params: { ...PARAMS, hedge: 'perp' },
    vault: FUNDING,
    blocks: BLOCKS,
    seed: 3,
    guards: GUARDS,
    triggers: [margins.trigger],
  });

  it('builds an LP and a short, and the PnL components add up to the NAV change exactly', () => {
    expectExact(result);
    const kinds = new Set(landedFills(result.events).map((f) => f.kind));
    for (const kind of ['perpDeposit', 'v3Swap', 'v3Mint', 'perpTrade', 'v3Burn', 'v3Collect', 'perpWithdraw']) expect(kinds.has(kind)).toBe(true);
    expect(component(result, 'LP fees')).toBeGreaterThan(0n);
    expect(component(result, 'hedge PnL')).not.toBe(0n);
  });

  it('brings |net delta| back inside the band each time a hedge lands', () => {
    const after = deltasAfterHedges(result);
    expect(after.length).toBeGreaterThan(0);
    for (const { delta, band } of after) expect(Math.abs(delta)).toBeLessThanOrEqual(band);
    // unhedged, the book would carry its ~11 ETH: the hedge is what keeps the delta small
    expect(result.series.delta[0]).toBeGreaterThan(10);
  });

  it('reports the hedge series: the perp position at each sample, short while the LP is up', () => {
    const hedge = result.reportInput.series.hedge!;
    expect(hedge.label).toBe('WETH perp');
    expect(hedge.position).toEqual(result.series.hedge);
    expect(Math.min(...hedge.position)).toBeLessThan(0);
    // at the end (after the unwind) there is no position left
    expect(hedge.position.at(-1)).toBe(Number(result.finalBook.perp?.sizeWei ?? 0n) / 1e18);
  });

  it('books as funding exactly what the venue settled on the account, with its sign', () => {
    const paid = result.finalBook.perp!.fundingPaid;
    expect(paid).not.toBe(0n);
    expect(component(result, 'funding')).toBe(-paid);
  });

  it('keeps the margin ratio above its floor at every decision', () => {
    expect(margins.values.length).toBeGreaterThan(100);
    expect(Math.min(...margins.values)).toBeGreaterThanOrEqual(PARAMS.minMarginRatio);
  });

  it('unwinds to the stable token: no LP, no perp position, no debt', () => {
    expectUnwound(result);
  });
});

describe('delta-neutral: borrow hedge on a GBM market', () => {
  const scenario = gbmWithPerp();
  const { simulator } = buildSimulator({ ...scenario, seed: 5, blocks: BLOCKS });
  const lending = simulator.venues.lending!.market;
  // the lending market's own integer health factor, read at each decision point
  const health = recordingTrigger((book, now) => {
    const debt = book.lending.some((reserve) => reserve.debt > 0n);
    return debt ? Number(lending.getUserAccountData('vault', now).healthFactor) / 1e18 : undefined;
  });
  const result = runBacktest({
    simulator,
    tokenDecimals: scenario.tokens,
    strategy: deltaNeutral,
    params: { ...PARAMS, hedge: 'borrow' },
    vault: FUNDING,
    blocks: BLOCKS,
    seed: 5,
    guards: GUARDS,
    triggers: [health.trigger],
  });

  it('supplies, borrows, provides liquidity; the PnL adds up exactly, interest included', () => {
    expectExact(result);
    const kinds = new Set(landedFills(result.events).map((f) => f.kind));
    for (const kind of ['lendingSupply', 'lendingBorrow', 'v3Mint', 'lendingRepay', 'lendingWithdraw']) expect(kinds.has(kind)).toBe(true);
    expect(component(result, 'interest')).not.toBe(0n);
    expect(component(result, 'hedge PnL')).toBe(0n);
    expect(component(result, 'funding')).toBe(0n);
  });

  it('counts the debt in the book delta: once the LP is up, the delta is small while the debt is large', () => {
    const mint = landedFills(result.events).find((f) => f.kind === 'v3Mint')!;
    const i = mint.blockNumber - result.series.blockNumber[0]!;
    const navWhole = Number(result.series.navTotal[i]!) / 1e6;
    const band = ((BAND_BPS / 10_000) * navWhole) / result.series.price[i]!;
    expect(Math.abs(result.series.delta[i]!)).toBeLessThanOrEqual(band);
    // the LP alone holds several WETH: without the debt the delta would be that
    expect(band).toBeLessThan(1);
  });

  it('reports the hedge series as minus the borrowed WETH', () => {
    expect(result.reportInput.series.hedge!.label).toBe('WETH borrowed');
    const mint = landedFills(result.events).find((f) => f.kind === 'v3Mint')!;
    const i = mint.blockNumber - result.series.blockNumber[0]!;
    expect(result.series.hedge[i]!).toBeLessThan(0);
  });

  it('brings |net delta| back inside the band each time a hedge swap lands', () => {
    const after = deltasAfterHedges(result);
    for (const { delta, band } of after) expect(Math.abs(delta)).toBeLessThanOrEqual(band);
  });

  it('keeps the health factor above its floor at every decision', () => {
    expect(health.values.length).toBeGreaterThan(100);
    expect(Math.min(...health.values)).toBeGreaterThanOrEqual(PARAMS.minHealthFactor);
  });

  it('unwinds to the stable token: no LP, no debt, no supply', () => {
    expectUnwound(result);
  });
});

describe('delta-neutral: under a strong rally (ETH +41 % in ten hours)', () => {
  // a drift of 300 a year over 10 h: the short loses, the debt grows, the range is left behind
  const base = gbmWithPerp();
  const rally = scenarioSchema.parse({ ...base, price: { ...base.price, driftAnnual: 300 } });

  for (const hedge of ['perp', 'borrow'] as const) {
    it(`${hedge}: the ${hedge === 'perp' ? 'margin ratio' : 'health factor'} never falls below its floor at a decision, and the PnL adds up`, () => {
      const { simulator } = buildSimulator({ ...rally, seed: 3, blocks: BLOCKS });
      const lending = simulator.venues.lending!.market;
      const gauge = recordingTrigger((book, now) => {
        if (hedge === 'perp') return book.perp === undefined || book.perp.sizeWei === 0n ? undefined : book.perp.marginRatio;
        return book.lending.some((reserve) => reserve.debt > 0n) ? Number(lending.getUserAccountData('vault', now).healthFactor) / 1e18 : undefined;
      });
      const result = runBacktest({
        simulator,
        tokenDecimals: rally.tokens,
        strategy: deltaNeutral,
        // thin perp collateral, so the rally eats into the margin
        params: { ...PARAMS, hedge, perpCollateralBps: 1_000 },
        vault: FUNDING,
        blocks: BLOCKS,
        seed: 3,
        guards: GUARDS,
        triggers: [gauge.trigger],
      });
      expect(result.series.price.at(-1)! / result.series.price[0]!).toBeGreaterThan(1.3);
      expectExact(result);
      expect(result.memory.reranges).toBeGreaterThan(0);
      const floor = hedge === 'perp' ? PARAMS.minMarginRatio : PARAMS.minHealthFactor;
      const target = hedge === 'perp' ? PARAMS.targetMarginRatio : PARAMS.targetHealthFactor;
      expect(gauge.values.length).toBeGreaterThan(100);
      expect(Math.min(...gauge.values)).toBeGreaterThanOrEqual(floor);
      // the rally did push it below the target: the guard was exercised, not idle
      expect(Math.min(...gauge.values)).toBeLessThan(target);
      expectUnwound(result);
    });
  }
});

describe('delta-neutral: over random seeds and settings (property)', () => {
  it('the PnL adds up exactly, and an unwind leaves no LP, no perp position and no debt', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.constantFrom('perp' as const, 'borrow' as const),
        fc.integer({ min: 50, max: 800 }),
        fc.constantFrom(600, 1_200, 3_000),
        (seed, hedge, deltaBandBps, baseThresholdTicks) => {
          const blocks = 500;
          const result = runBacktest({
            scenario: gbmWithPerp(),
            strategy: deltaNeutral,
            params: { ...PARAMS, hedge, deltaBandBps, baseThresholdTicks, unwindAtSeconds: GENESIS + 350 * 12 },
            vault: FUNDING,
            blocks,
            seed,
            guards: GUARDS,
          });
          expectExact(result);
          expect(component(result, 'funding')).toBe(-(result.finalBook.perp?.fundingPaid ?? 0n));
          expectUnwound(result);
        },
      ),
      { seed: 29, numRuns: 8 },
    );
  });
});

describe('delta-neutral: determinism and the unwind switch', () => {
  const run = (seed: number, blocks: number, extra: Record<string, unknown> = {}) =>
    runBacktest({ scenario: gbmWithPerp(), strategy: deltaNeutral, params: { ...PARAMS, hedge: 'perp', ...extra }, vault: FUNDING, blocks, seed, guards: GUARDS });

  it('is byte-identical for the same seed and differs for another', () => {
    const a = backtestResultToJson(run(21, 400));
    expect(backtestResultToJson(run(21, 400))).toBe(a);
    expect(backtestResultToJson(run(22, 400))).not.toBe(a);
  });

  it('unwindAtSeconds closes a live position; `unwind: true` from the start builds nothing', () => {
    // the same seed without the unwind: at block 200 the position is live
    const built = run(8, 200, { unwindAtSeconds: undefined });
    expect(built.finalBook.perp!.sizeWei).toBeLessThan(0n);
    expect(built.finalBook.lp.some((p) => p.liquidity > 0n)).toBe(true);
    const unwound = run(8, 230, { unwindAtSeconds: GENESIS + 200 * 12 });
    expectUnwound(unwound as Result);
    // unwind from the start: nothing is ever built
    const never = run(8, 30, { unwind: true, unwindAtSeconds: undefined });
    expect(landedFills(never.events).filter((f) => f.kind === 'v3Mint' || f.kind === 'perpTrade')).toEqual([]);
  });
});

describe('delta-neutral: decide (pure, on hand-made books)', () => {
  // ~2000 USDC per WETH: tick -200134 (WETH token0, 18 decimals; USDC token1, 6 decimals)
  const TICK = -200_134;
  const view: MarketView = deepFreeze({
    blockNumber: 10,
    blockTimestampSeconds: GENESIS,
    nowSeconds: GENESIS,
    externalPrice: 2000,
    nativePrice: 2000,
    baseFeeWei: 0n,
    poolIds: [POOL],
    oracleAssets: ['WETH'],
    lendingMarketIds: ['lending'],
    oracle: (asset: string) => (asset === 'WETH' ? { asset, roundId: 1n, answer: 200_000_000_000n, price: 2000, updatedAt: GENESIS } : undefined),
    oracleRound: () => undefined,
    pool: (id: string) => {
      if (id !== POOL) throw new Error(`no pool ${id}`);
      const snapshot: PoolSnapshot = { id: POOL, sqrtPriceX96: getSqrtRatioAtTick(TICK), tick: TICK, liquidity: 10n ** 18n, price: 2000.5, twapTick: TICK };
      return snapshot;
    },
    lendingReserve: () => undefined,
    snapshot: () => {
      throw new Error('not used');
    },
  });
  const perp: BookPerpPosition = {
    collateralToken: 'USDC',
    collateral: 5_000_000_000n,
    sizeWei: 0n,
    entryPrice: undefined,
    markPrice: 2000,
    unrealizedPnl: 0n,
    equity: 5_000_000_000n,
    marginRatio: Infinity,
    maintenanceMarginRatio: 0.05,
    initialMarginRatio: 0.1,
    liquidationPrice: undefined,
    fundingPaid: 0n,
    feesPaid: 0n,
  };
  const bookWith = (overrides: Partial<Book>): Book =>
    deepFreeze({ address: 'vault', blockNumber: 10, idle: { USDC: 0n, WETH: 0n, ETH: 10n ** 18n }, lp: [], lending: [], pending: [], sharesOutstanding: 1n, ...overrides });
  const params = deltaNeutralParamsSchema.parse({ ...PARAMS, hedge: 'perp', unwind: true, unwindAtSeconds: undefined });
  const unwinding: DeltaNeutralMemory = { ...deltaNeutral.initialMemory(params), phase: 'unwinding' };

  it('sends nothing while a transaction is in flight, whatever the phase (nothing in Book.pending is sent twice)', () => {
    const pending = [{ txId: 't', intent: { kind: 'perpWithdraw' as const, amount: 5n, reason: 'x' }, decidedAtBlock: 9 }];
    for (const phase of ['building', 'active', 'unwinding'] as const) {
      const memory = deepFreeze({ ...unwinding, phase });
      const decision = deltaNeutral.decide(view, bookWith({ perp, pending }), params, memory);
      expect(decision.intents).toEqual([]);
      // a wait keeps the very memory object: nothing for the engine to copy or the keeper to persist
      expect(decision.memory).toBe(memory);
      expect(decision.note).toMatch(/waiting for 1 transaction/);
    }
  });

  it('unwinds a perp account: withdraws all its collateral, then (nothing left) closes', () => {
    const first = deltaNeutral.decide(view, bookWith({ perp }), params, unwinding);
    expect(first.intents).toEqual([{ kind: 'perpWithdraw', amount: 5_000_000_000n, reason: 'unwind: withdraw perp collateral' }]);
    expect(first.memory.unwindDecisions).toBe(1);
    const done = deltaNeutral.decide(view, bookWith({ perp: { ...perp, collateral: 0n, equity: 0n } }), params, first.memory);
    expect(done.intents).toEqual([]);
    expect(done.memory.phase).toBe('closed');
  });

  it('repays a WETH debt from idle WETH, buying what is missing first', () => {
    const debt = 3n * 10n ** 18n;
    const short = deltaNeutral.decide(view, bookWith({ idle: { USDC: 10_000_000_000n, WETH: 10n ** 18n, ETH: 0n }, lending: [{ market: 'lending', asset: 'WETH', supplied: 0n, debt }] }), params, unwinding);
    expect(short.intents).toHaveLength(1);
    const buy = short.intents[0]!;
    expect(buy.kind).toBe('swap');
    // pays USDC (token1) for WETH (token0), about 2 WETH and a bit at 2000
    expect(buy.kind === 'swap' && !buy.zeroForOne && buy.amountIn > 4_000_000_000n && buy.amountIn < 4_200_000_000n).toBe(true);
    const enough = deltaNeutral.decide(view, bookWith({ idle: { USDC: 0n, WETH: debt + 10n ** 16n, ETH: 0n }, lending: [{ market: 'lending', asset: 'WETH', supplied: 0n, debt }] }), params, unwinding);
    expect(enough.intents).toEqual([{ kind: 'repay', market: 'lending', asset: 'WETH', amount: debt + 10n ** 16n, reason: 'unwind: repay all WETH' }]);
  });

  it(`gives up after ${MAX_UNWIND_DECISIONS} unwind decisions, saying what is left`, () => {
    const decision = deltaNeutral.decide(view, bookWith({ perp }), params, { ...unwinding, unwindDecisions: MAX_UNWIND_DECISIONS });
    expect(decision.intents).toEqual([]);
    expect(decision.memory.phase).toBe('closed');
    expect(decision.note).toMatch(/gave up .* a perp account left/);
  });

  it('hedges an unhedged LP with a short of its net delta, and holds inside the band', () => {
    const active = { ...deltaNeutral.initialMemory(params), phase: 'active' as const, range: { tickLower: -201_340, tickUpper: -198_930 }, lastRangeSeconds: GENESIS };
    const live = deltaNeutralParamsSchema.parse({ ...PARAMS, hedge: 'perp', unwindAtSeconds: undefined });
    const lp = [{ pool: POOL, tickLower: -201_340, tickUpper: -198_930, liquidity: 10n ** 15n, amount0: 0n, amount1: 0n, feesOwed0: 0n, feesOwed1: 0n, principalOwed0: 0n, principalOwed1: 0n }];
    const book = bookWith({ idle: { USDC: 0n, WETH: 0n, ETH: 10n ** 18n }, lp, perp });
    const decision = deltaNeutral.decide(view, book, live, active);
    const trade = decision.intents.find((i) => i.kind === 'perpTrade');
    expect(trade?.kind === 'perpTrade' && trade.sizeDeltaWei < -(10n ** 18n)).toBe(true);
    expect(decision.memory.hedges).toBe(1);
    // with the short on (same size), the delta is inside the band: nothing to do
    const hedged = bookWith({ ...book, perp: { ...perp, sizeWei: trade!.kind === 'perpTrade' ? trade!.sizeDeltaWei : 0n, marginRatio: 1 } });
    expect(deltaNeutral.decide(view, hedged, live, active).intents).toEqual([]);
  });
});
