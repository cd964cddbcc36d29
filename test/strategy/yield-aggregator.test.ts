// The yield aggregator's allocation math and decisions, checked against real LendingMarkets: the
// post-move rate it computes is the rate the market then sets, and its moves respect the hysteresis
// and the gas threshold, recomputed independently on cloned markets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LendingMarket } from '../../src/market/lending/lending-market.js';
import { createRecordedRateSeries } from '../../src/market/lending/replay-rates.js';
import type { MarketView } from '../../src/market/simulator/market-view.js';
import { bestMove, planDeployment, supplyRateAfterRay, type MarketPosition } from '../../src/strategy/yield-aggregator/allocation.js';
import { decideYieldAggregator, yieldAggregator, yieldAggregatorParamsSchema, type YieldAggregatorParams } from '../../src/strategy/yield-aggregator.js';
import type { Book, Intent, LendingIntent } from '../../src/strategy/types.js';

const USDC = 1_000_000n;
const RAY = 10n ** 27n;
const YEAR = 365n * 86_400n;
const T0 = 1_700_000_000;
const VAULT = 'vault';

interface MarketSpec {
  readonly optimalUsageRatioBps: number;
  readonly baseVariableBorrowRateBps: number;
  readonly variableRateSlope1Bps: number;
  readonly extraSlope2Bps: number;
  readonly reserveFactorBps: number;
  /** other suppliers, whole USDC */
  readonly supplyUsdc: number;
  /** debt as a fraction of that supply, per mille */
  readonly debtPerMille: number;
  /** the vault's supply there, whole USDC */
  readonly vaultUsdc: number;
}

const marketSpec: fc.Arbitrary<MarketSpec> = fc.record({
  optimalUsageRatioBps: fc.integer({ min: 1000, max: 9500 }),
  baseVariableBorrowRateBps: fc.integer({ min: 0, max: 200 }),
  variableRateSlope1Bps: fc.integer({ min: 100, max: 1500 }),
  extraSlope2Bps: fc.integer({ min: 0, max: 8000 }),
  reserveFactorBps: fc.integer({ min: 0, max: 3000 }),
  supplyUsdc: fc.integer({ min: 100_000, max: 50_000_000 }),
  debtPerMille: fc.integer({ min: 50, max: 950 }),
  vaultUsdc: fc.integer({ min: 0, max: 3_000_000 }),
});

/** A USDC market (WETH as the borrowers' collateral, prices pinned), with the vault's supply in it. */
function buildMarket(spec: MarketSpec): LendingMarket {
  const market = new LendingMarket({
    startSeconds: T0,
    pricesBase8: { USDC: 100_000_000n, WETH: 200_000_000_000n },
    reserves: [
      {
        symbol: 'USDC',
        decimals: 6,
        ltvBps: 7700,
        liquidationThresholdBps: 8000,
        liquidationBonusBps: 10450,
        reserveFactorBps: spec.reserveFactorBps,
        liquidationProtocolFeeBps: 1000,
        rateStrategy: {
          optimalUsageRatioBps: spec.optimalUsageRatioBps,
          baseVariableBorrowRateBps: spec.baseVariableBorrowRateBps,
          variableRateSlope1Bps: spec.variableRateSlope1Bps,
          variableRateSlope2Bps: spec.variableRateSlope1Bps + spec.extraSlope2Bps,
        },
      },
      { symbol: 'WETH', decimals: 18, ltvBps: 8000, liquidationThresholdBps: 8250, liquidationBonusBps: 10500, reserveFactorBps: 1500, liquidationProtocolFeeBps: 1000, rateStrategy: { optimalUsageRatioBps: 8000, baseVariableBorrowRateBps: 0, variableRateSlope1Bps: 330, variableRateSlope2Bps: 8000 } },
    ],
  });
  const supply = BigInt(spec.supplyUsdc) * USDC;
  market.supply('suppliers', 'USDC', supply, T0);
  // Collateral worth three times the debt: the borrow always passes its health checks.
  const debt = (supply * BigInt(spec.debtPerMille)) / 1000n;
  market.supply('borrower', 'WETH', ((debt * 3n) / 2000n) * 10n ** 12n + 10n ** 18n, T0);
  market.borrow('borrower', 'USDC', debt, T0);
  if (spec.vaultUsdc > 0) market.supply(VAULT, 'USDC', BigInt(spec.vaultUsdc) * USDC, T0);
  return market;
}

describe('supplyRateAfterRay: the post-move rate is the rate the market then sets, exactly', () => {
  it('for a supply and for a withdrawal, after any accrual (property)', () => {
    fc.assert(
      fc.property(marketSpec, fc.integer({ min: 0, max: 2_000_000 }), fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.boolean(), (spec, elapsedSeconds, rawAmount, isSupply) => {
        const market = buildMarket(spec);
        const now = T0 + elapsedSeconds;
        const before = market.getReserveData('USDC', now);
        const balance = market.balanceOf(VAULT, 'USDC', now);
        const cap = balance < before.availableLiquidity ? balance : before.availableLiquidity;
        if (!isSupply && cap === 0n) return;
        const amount = isSupply ? rawAmount : 1n + (rawAmount % cap);
        const predicted = supplyRateAfterRay(before, isSupply ? amount : -amount);
        if (isSupply) market.supply(VAULT, 'USDC', amount, now);
        else market.withdraw(VAULT, 'USDC', amount, now);
        expect(predicted).toBe(market.getReserveData('USDC', now).liquidityRateRay);
      }),
      { numRuns: 150 },
    );
  });

  it('is undefined for a withdrawal the cash cannot pay', () => {
    const reserve = buildMarket({ optimalUsageRatioBps: 8000, baseVariableBorrowRateBps: 0, variableRateSlope1Bps: 400, extraSlope2Bps: 6000, reserveFactorBps: 1000, supplyUsdc: 1_000_000, debtPerMille: 500, vaultUsdc: 0 }).getReserveData('USDC', T0);
    expect(supplyRateAfterRay(reserve, -reserve.availableLiquidity)).toBeDefined();
    expect(supplyRateAfterRay(reserve, -reserve.availableLiquidity - 1n)).toBeUndefined();
  });
});

const positionsFor = (markets: readonly LendingMarket[], now: number): MarketPosition[] =>
  markets.map((market, i) => ({ id: `m${i}`, reserve: market.getReserveData('USDC', now), supplied: market.balanceOf(VAULT, 'USDC', now) }));

describe('planDeployment', () => {
  it('splits exactly the amount, never more, and the chunk it gives a market is the best at that point (property)', () => {
    fc.assert(
      fc.property(fc.array(marketSpec, { minLength: 2, maxLength: 4 }), fc.bigInt({ min: 0n, max: 5_000_000n * USDC }), fc.integer({ min: 1, max: 40 }), (specs, amount, chunks) => {
        const positions = positionsFor(specs.map(buildMarket), T0);
        const plan = planDeployment(positions, amount, chunks);
        let total = 0n;
        for (const value of plan.values()) {
          expect(value).toBeGreaterThan(0n);
          total += value;
        }
        expect(total).toBe(amount);
        // With one chunk, the whole amount goes where the post-supply rate is highest.
        if (amount > 0n) {
          const single = [...planDeployment(positions, amount, 1)][0]!;
          const rates = positions.map((p) => supplyRateAfterRay(p.reserve, amount)!);
          expect(supplyRateAfterRay(positions.find((p) => p.id === single[0])!.reserve, amount)).toBe(rates.reduce((a, b) => (a > b ? a : b)));
        }
      }),
      { numRuns: 60 },
    );
  });
});

function viewOf(markets: readonly LendingMarket[], now: number, baseFeeWei: bigint, nativePrice: number): MarketView {
  const ids = markets.map((_, i) => `m${i}`);
  return {
    blockNumber: 10,
    blockTimestampSeconds: now,
    nowSeconds: now,
    externalPrice: nativePrice,
    nativePrice,
    baseFeeWei,
    poolIds: [],
    oracleAssets: [],
    lendingMarketIds: ids,
    oracle: () => undefined,
    oracleRound: () => undefined,
    pool: (id) => {
      throw new Error(`no pool ${id}`);
    },
    lendingReserve: (asset, market) => markets[ids.indexOf(market ?? ids[0]!)]?.getReserveData(asset, now),
    snapshot: () => {
      throw new Error('not used');
    },
  };
}

function bookOf(markets: readonly LendingMarket[], now: number, idle: bigint, pending = false): Book {
  return {
    address: VAULT,
    blockNumber: 10,
    idle: { USDC: idle, ETH: 10n ** 18n },
    lp: [],
    lending: markets.map((market, i) => ({ market: `m${i}`, asset: 'USDC', supplied: market.balanceOf(VAULT, 'USDC', now), debt: 0n })).filter((p) => p.supplied > 0n),
    pending: pending ? [{ txId: 'tx0', intent: { kind: 'supply', asset: 'USDC', amount: 1n, market: 'm0', reason: 'in flight' }, decidedAtBlock: 9 }] : [],
    sharesOutstanding: 1n,
  };
}

const paramsArb = fc.record({
  minRateGainBps: fc.integer({ min: 0, max: 300 }),
  horizonSeconds: fc.integer({ min: 3600, max: 30 * 86_400 }),
  gasCostMultiple: fc.double({ min: 0, max: 5, noNaN: true }),
  minMoveAmount: fc.integer({ min: 0, max: 50_000 }),
  idleBufferBps: fc.integer({ min: 0, max: 2000 }),
  deployChunks: fc.integer({ min: 1, max: 30 }),
});

const scenarioArb = fc.record({
  specs: fc.array(marketSpec, { minLength: 2, maxLength: 3 }),
  idleUsdc: fc.integer({ min: 0, max: 2_000_000 }),
  elapsedSeconds: fc.integer({ min: 0, max: 500_000 }),
  baseFeeGwei: fc.integer({ min: 0, max: 200 }),
  nativePrice: fc.integer({ min: 100, max: 5000 }),
  params: paramsArb,
});

interface DecisionCase {
  readonly specs: readonly MarketSpec[];
  readonly idleUsdc: number;
  readonly elapsedSeconds: number;
  readonly baseFeeGwei: number;
  readonly nativePrice: number;
}

function decideOn(s: DecisionCase, params: YieldAggregatorParams) {
  const markets = s.specs.map(buildMarket);
  const now = T0 + s.elapsedSeconds;
  const view = viewOf(markets, now, BigInt(s.baseFeeGwei) * 1_000_000_000n, s.nativePrice);
  const book = bookOf(markets, now, BigInt(s.idleUsdc) * USDC);
  const decision = decideYieldAggregator(view, book, params, yieldAggregator.initialMemory(params));
  return { markets, now, view, book, decision };
}

const fullParams = (p: Readonly<Record<string, number>>, markets: number): YieldAggregatorParams =>
  yieldAggregatorParamsSchema.parse({ asset: 'USDC', assetDecimals: 6, markets: Array.from({ length: markets }, (_, i) => `m${i}`), ...p });

const lendingIntents = (intents: readonly Intent[]): LendingIntent[] => intents.filter((i): i is LendingIntent => i.kind === 'supply' || i.kind === 'withdraw');

describe('decideYieldAggregator', () => {
  it('never allocates more than it holds, never withdraws more than it has lent (property)', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const params = fullParams(s.params, s.specs.length);
        const { book, decision } = decideOn(s, params);
        const intents = lendingIntents(decision.intents);
        expect(intents).toHaveLength(decision.intents.length);
        const supplied = intents.filter((i) => i.kind === 'supply').reduce((sum, i) => sum + i.amount, 0n);
        expect(supplied).toBeLessThanOrEqual(book.idle['USDC']!);
        for (const intent of intents) {
          expect(intent.amount).toBeGreaterThan(0n);
          expect(params.markets).toContain(intent.market);
          if (intent.kind === 'withdraw') expect(intent.amount).toBeLessThanOrEqual(book.lending.find((p) => p.market === intent.market)!.supplied);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('moves only when the post-move spread beats the hysteresis and the gain beats the gas threshold, recomputed on cloned markets (property)', () => {
    let moves = 0;
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const params = fullParams(s.params, s.specs.length);
        // Idle at the buffer: the decision is about moving what is lent.
        const markets = s.specs.map(buildMarket);
        const now = T0 + s.elapsedSeconds;
        const lent = markets.reduce((sum, m) => sum + m.balanceOf(VAULT, 'USDC', now), 0n);
        const idle = (lent * BigInt(params.idleBufferBps)) / BigInt(10_000 - params.idleBufferBps);
        const { view, book, decision } = decideOn({ ...s, idleUsdc: 0 }, params);
        const withBuffer = decideYieldAggregator(view, { ...book, idle: { ...book.idle, USDC: idle } }, params, yieldAggregator.initialMemory(params));
        for (const intent of lendingIntents(withBuffer.intents)) {
          if (!intent.reason.startsWith('rebalance: move')) continue;
          moves++;
          const destination = /→ (m\d)/.exec(intent.reason)![1]!;
          const sourceIndex = Number(intent.market!.slice(1));
          const destinationIndex = Number(destination.slice(1));
          const source = markets[sourceIndex]!.clone();
          const target = markets[destinationIndex]!.clone();
          const ratesBefore = markets.map((m) => m.getReserveData('USDC', now).liquidityRateRay);
          const balances = markets.map((m) => m.balanceOf(VAULT, 'USDC', now));
          source.withdraw(VAULT, 'USDC', intent.amount, now);
          target.supply(VAULT, 'USDC', intent.amount, now);
          const sourceRate = source.getReserveData('USDC', now).liquidityRateRay;
          const targetRate = target.getReserveData('USDC', now).liquidityRateRay;
          // hysteresis: the spread left after the move, from the markets' own rates
          expect((targetRate - sourceRate) * 10_000n).toBeGreaterThanOrEqual(BigInt(params.minRateGainBps) * RAY);
          expect(intent.amount).toBeGreaterThanOrEqual(BigInt(params.minMoveAmount) * USDC);
          // gas: the extra interest over the horizon beats multiple × (withdraw + supply) gas
          let incomeBefore = 0n;
          let incomeAfter = 0n;
          balances.forEach((balance, i) => {
            incomeBefore += balance * ratesBefore[i]!;
            const rate = i === sourceIndex ? sourceRate : i === destinationIndex ? targetRate : ratesBefore[i]!;
            const after = i === sourceIndex ? balance - intent.amount : i === destinationIndex ? balance + intent.amount : balance;
            incomeAfter += after * rate;
          });
          const gain = Number(((incomeAfter - incomeBefore) * BigInt(params.horizonSeconds)) / (YEAR * RAY));
          const gasUsdc = (Number(BigInt(params.withdrawGas + params.supplyGas) * (view.baseFeeWei + 2_000_000_000n)) / 1e18) * view.nativePrice * 1e6;
          expect(gain).toBeGreaterThan(params.gasCostMultiple * gasUsdc * (1 - 1e-9));
        }
        expect(decision.intents.every((i) => i.kind === 'supply' || i.kind === 'withdraw')).toBe(true);
      }),
      { numRuns: 150 },
    );
    // The property must have met moves to mean anything.
    expect(moves).toBeGreaterThan(0);
  });

  it('never rebalances when the hysteresis or the gas threshold cannot be met (property)', () => {
    fc.assert(
      fc.property(scenarioArb, fc.boolean(), (s, blockByGas) => {
        const params = fullParams({ ...s.params, ...(blockByGas ? { gasCostMultiple: 1e15 } : { minRateGainBps: 100_000 }) }, s.specs.length);
        const { decision } = decideOn(s, params);
        expect(decision.intents.some((i) => i.reason.startsWith('rebalance'))).toBe(false);
        if (blockByGas) expect(decision.intents.filter((i) => i.kind === 'supply')).toEqual([]);
      }),
      { numRuns: 80 },
    );
  });

  it('sends nothing while a transaction is in flight', () => {
    const spec: MarketSpec = { optimalUsageRatioBps: 8000, baseVariableBorrowRateBps: 0, variableRateSlope1Bps: 400, extraSlope2Bps: 6000, reserveFactorBps: 1000, supplyUsdc: 1_000_000, debtPerMille: 500, vaultUsdc: 0 };
    const markets = [buildMarket(spec), buildMarket({ ...spec, debtPerMille: 900 })];
    const params = fullParams({ minRateGainBps: 10, horizonSeconds: 86_400, gasCostMultiple: 1, minMoveAmount: 0, idleBufferBps: 100 }, 2);
    const view = viewOf(markets, T0, 1_000_000_000n, 2000);
    expect(decideYieldAggregator(view, bookOf(markets, T0, 1_000_000n * USDC), params, yieldAggregator.initialMemory(params)).intents.length).toBeGreaterThan(0);
    const memory = yieldAggregator.initialMemory(params);
    const waiting = decideYieldAggregator(view, bookOf(markets, T0, 1_000_000n * USDC, true), params, memory);
    expect(waiting.intents).toEqual([]);
    expect(waiting.note).toMatch(/in flight/);
    // without smoothing a wait keeps the very memory object
    expect(waiting.memory).toBe(memory);
  });

  it('bestMove: none inside the hysteresis band', () => {
    const spec: MarketSpec = { optimalUsageRatioBps: 8000, baseVariableBorrowRateBps: 0, variableRateSlope1Bps: 400, extraSlope2Bps: 6000, reserveFactorBps: 1000, supplyUsdc: 10_000_000, debtPerMille: 500, vaultUsdc: 1_000_000 };
    const positions = positionsFor([buildMarket(spec), buildMarket(spec)], T0);
    // Identical markets: any move leaves the destination at or below the source.
    expect(bestMove(positions, 1n, 1n, 86_400)).toBeUndefined();
    // A market paying more attracts a move.
    const richer = positionsFor([buildMarket(spec), buildMarket({ ...spec, debtPerMille: 800 })], T0);
    expect(bestMove(richer, 1n, 1n, 86_400)).toMatchObject({ from: 'm0', to: 'm1' });
  });
});

describe('rate smoothing', () => {
  it('a recorded rate that has just jumped moves the vault at once, unless its smoothed level has not followed yet', () => {
    const jumpSeconds = T0 + 3600;
    const replayed = new LendingMarket({
      startSeconds: T0,
      pricesBase8: { USDC: 100_000_000n },
      reserves: [
        {
          symbol: 'USDC',
          decimals: 6,
          ltvBps: 7700,
          liquidationThresholdBps: 8000,
          liquidationBonusBps: 10450,
          reserveFactorBps: 1000,
          liquidationProtocolFeeBps: 1000,
          replayRates: createRecordedRateSeries([
            { timestampSeconds: T0, liquidityRateRay: (3n * RAY) / 100n, variableBorrowRateRay: (4n * RAY) / 100n },
            { timestampSeconds: jumpSeconds, liquidityRateRay: (9n * RAY) / 100n, variableBorrowRateRay: (11n * RAY) / 100n },
          ]),
        },
      ],
    });
    replayed.supply('suppliers', 'USDC', 50_000_000n * USDC, T0);
    const modelled = buildMarket({ optimalUsageRatioBps: 8000, baseVariableBorrowRateBps: 0, variableRateSlope1Bps: 700, extraSlope2Bps: 6000, reserveFactorBps: 1000, supplyUsdc: 20_000_000, debtPerMille: 750, vaultUsdc: 1_000_000 });
    const markets = [replayed, modelled];
    const decideTwice = (rateSmoothingSeconds: number) => {
      const params = fullParams({ minRateGainBps: 50, horizonSeconds: 86_400, gasCostMultiple: 1, minMoveAmount: 1000, idleBufferBps: 0, rateSmoothingSeconds }, 2);
      const first = decideYieldAggregator(viewOf(markets, T0 + 60, 1_000_000_000n, 2000), bookOf(markets, T0 + 60, 0n), params, yieldAggregator.initialMemory(params));
      expect(first.intents).toEqual([]);
      const after = jumpSeconds + 60;
      return decideYieldAggregator(viewOf(markets, after, 1_000_000_000n, 2000), bookOf(markets, after, 0n), params, first.memory);
    };
    const instant = decideTwice(0);
    expect(instant.intents).toMatchObject([{ kind: 'withdraw', market: 'm1' }]);
    expect(instant.memory.moveTo).toBe('m0');
    const smoothed = decideTwice(86_400);
    expect(smoothed.intents).toEqual([]);
    // the smoothed level moved 1 − e^(−3600/86400) of the way from 3 % toward 9 %
    expect(smoothed.memory.smoothedRates['m0']).toBeCloseTo(0.03 + (1 - Math.exp(-3600 / 86_400)) * 0.06, 12);
  });
});
