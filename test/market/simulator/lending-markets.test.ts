// Several lending markets in one simulator: scenario forms, routing by market id, the view, the
// liquidator scanning every market, the per-market summary and audit, and replayed reserves.
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import { loadAaveRecordedReserve } from '../../../src/market/lending/replay-rates.js';
import { MAX_AMOUNT } from '../../../src/market/lending/actions.js';
import type { Liquidator } from '../../../src/market/agents/liquidator.js';
import { buildSimulator, parseScenario, type ScenarioInput } from '../../../src/market/scenario/index.js';
import { auditConservation } from '../../../src/market/simulator/audit.js';
import { RunCollector } from '../../../src/market/simulator/run-collector.js';
import { summariseRun } from '../../../src/market/simulator/run-summary.js';
import { projectRoot } from '../../../src/data/project-paths.js';
import { join } from 'node:path';

const reserve = (symbol: string, ltvBps: number, liquidationThresholdBps: number, liquidationBonusBps: number, slope1Bps: number) => ({
  symbol,
  ltvBps,
  liquidationThresholdBps,
  liquidationBonusBps,
  reserveFactorBps: 1000,
  liquidationProtocolFeeBps: 1000,
  rateStrategy: { optimalUsageRatioBps: 9000, baseVariableBorrowRateBps: 0, variableRateSlope1Bps: slope1Bps, variableRateSlope2Bps: 6000 },
});

const market = (id: string, slope1Bps: number, debtUsdc: string) => ({
  id,
  reserves: [reserve('WETH', 8000, 8250, 10500, 330), reserve('USDC', 7700, 8000, 10450, slope1Bps)],
  suppliers: [{ address: `${id}-lender`, asset: 'USDC', amount: '1000000' }],
  borrowers: [{ address: `${id}-borrower`, collateralAsset: 'WETH', collateralAmount: '10', debtAsset: 'USDC', debtAmount: debtUsdc }],
});

/** Flat $2000 ETH; market "a" with a safe borrower, market "b" with one at HF ≈ 1.06; a liquidator. */
const twoMarkets: ScenarioInput = {
  name: 'two-lending-markets',
  seed: 3,
  blocks: 100,
  tokens: { ETH: 18, WETH: 18, USDC: 6 },
  price: { model: 'gbm', initialPrice: 2000, volAnnual: 0 },
  venues: { lending: [market('a', 350, '5000'), market('b', 700, '15500')] },
  oracles: [
    { asset: 'WETH', source: 'external', heartbeatSeconds: 3600, deviationThresholdBps: 50 },
    { asset: 'USDC', source: 1, heartbeatSeconds: 86400 },
  ],
  agents: [{ type: 'liquidator', address: 'liquidator', priorityFeeGwei: 2, scanIntervalBlocks: 10 }],
  funding: [
    { address: 'liquidator', token: 'USDC', amount: '100000' },
    { address: 'liquidator', token: 'ETH', amount: '10' },
    { address: 'user', token: 'USDC', amount: '1000' },
    { address: 'user', token: 'ETH', amount: '1' },
  ],
};

describe('several lending markets', () => {
  it('the scenario array builds one market per id, each with its own ledger account; the view reads each', () => {
    const { simulator } = buildSimulator(parseScenario(twoMarkets));
    expect([...simulator.venues.lendingMarkets.keys()]).toEqual(['a', 'b']);
    expect(simulator.venues.lending).toBe(simulator.venues.lendingMarkets.get('a'));
    expect(simulator.view.lendingMarketIds).toEqual(['a', 'b']);
    const a = simulator.view.lendingReserve('USDC', 'a')!;
    const b = simulator.view.lendingReserve('USDC', 'b')!;
    // Same supply; b has three times the debt and twice the slope.
    expect(b.totalDebt).toBeGreaterThan(a.totalDebt);
    expect(b.liquidityRateRay).toBeGreaterThan(a.liquidityRateRay);
    expect(simulator.view.lendingReserve('USDC')).toEqual(a);
    expect(simulator.view.lendingReserve('USDC', 'nope')).toBeUndefined();
    expect(simulator.ledger.balanceOf('lending-pool:a', 'USDC')).toBe(a.availableLiquidity);
    expect(simulator.ledger.balanceOf('lending-pool:b', 'USDC')).toBe(b.availableLiquidity);
    const snapshot = simulator.view.snapshot();
    expect(snapshot.lendingMarkets.map((m) => m.id)).toEqual(['a', 'b']);
    expect(snapshot.lendingReserves).toEqual(snapshot.lendingMarkets[0]!.reserves);
  });

  it('routes an action to its market (default: the first) and reverts on an unknown one', () => {
    const { simulator } = buildSimulator(parseScenario(twoMarkets));
    simulator.submit({ sender: 'user', action: { kind: 'lendingSupply', asset: 'USDC', amount: 300_000_000n, market: 'b' }, maxPriorityFeePerGas: 1n });
    simulator.submit({ sender: 'user', action: { kind: 'lendingSupply', asset: 'USDC', amount: 200_000_000n }, maxPriorityFeePerGas: 1n });
    simulator.submit({ sender: 'user', action: { kind: 'lendingSupply', asset: 'USDC', amount: 100_000_000n, market: 'c' }, maxPriorityFeePerGas: 1n });
    simulator.step();
    const receipts = simulator.latestReceipts.filter((r) => r.sender === 'user');
    expect(receipts.map((r) => r.status)).toEqual(['success', 'success', 'reverted']);
    expect(receipts[2]!.revertReason).toMatch(/no such lending market/);
    const now = simulator.nowSeconds;
    expect(simulator.venues.lendingMarkets.get('b')!.market.balanceOf('user', 'USDC', now)).toBe(300_000_000n);
    expect(simulator.venues.lendingMarkets.get('a')!.market.balanceOf('user', 'USDC', now)).toBe(200_000_000n);
    expect(auditConservation(simulator)).toEqual([]);
  });

  it('the liquidator scans every market: a borrower of the second market is liquidated there', () => {
    const { simulator, agents } = buildSimulator(parseScenario(twoMarkets));
    const collector = new RunCollector(simulator);
    collector.observe(simulator.step());
    // $1800: b's borrower (15,500 USDC on 10 WETH) falls below HF 1, a's (5,000) does not.
    simulator.feed('WETH')!.forceAnswer(1800);
    for (let i = 0; i < 3; i++) collector.observe(simulator.step());
    const liquidator = agents[0] as Liquidator;
    expect(liquidator.sent.map((plan) => [plan.market, plan.user])).toEqual([['b', 'b-borrower']]);
    const b = simulator.venues.lendingMarkets.get('b')!.market;
    expect(b.debtOf('b-borrower', 'USDC', simulator.nowSeconds)).toBeLessThan(15_500_000_000n);
    const summary = summariseRun(simulator, collector.collected);
    expect(summary.lending!.markets.map((m) => m.id)).toEqual(['a', 'b']);
    expect(summary.lending!.liquidationsByPair).toMatchObject([{ market: 'b', collateralAsset: 'WETH', debtAsset: 'USDC', count: 1 }]);
    expect(summary.conservation.issues).toBe(0);
  });

  it('refuses duplicate market ids, naming the path; a single object is the market "lending" as before', () => {
    const duplicate = { ...twoMarkets, venues: { lending: [market('a', 350, '5000'), market('a', 700, '5000')] } };
    expect(() => parseScenario(duplicate)).toThrow(InvalidInputError);
    expect(() => parseScenario(duplicate)).toThrow(/scenario\.venues\.lending\[1\]\.id/);
    const { id: _id, ...single } = market('a', 350, '5000');
    const { simulator } = buildSimulator(parseScenario({ ...twoMarkets, agents: [], venues: { lending: single } }));
    expect([...simulator.venues.lendingMarkets.keys()]).toEqual(['lending']);
    expect(simulator.venues.lending!.address).toBe('lending-pool');
    expect(simulator.view.lendingMarketIds).toEqual(['lending']);
  });
});

describe('a replayed reserve in a scenario', () => {
  const file = 'data/lending/aave_v3_polygon_usdc_1m_2023-08-14_2023-08-17.csv';
  const genesis = 1_691_971_200; // 2023-08-14 00:00 UTC, the file's first row
  const scenario: ScenarioInput = {
    name: 'replayed-reserve',
    seed: 1,
    blocks: 11,
    chain: { blockSeconds: 3600, genesisTimestampSeconds: genesis },
    tokens: { ETH: 18, USDC: 6 },
    price: { model: 'gbm', initialPrice: 1800, volAnnual: 0 },
    venues: {
      lending: [
        {
          id: 'aave',
          reserves: [{ symbol: 'USDC', ltvBps: 8000, liquidationThresholdBps: 8500, liquidationBonusBps: 10400, reserveFactorBps: 1000, liquidationProtocolFeeBps: 1000, replay: { file } }],
        },
      ],
    },
    oracles: [{ asset: 'USDC', source: 1, heartbeatSeconds: 86400 }],
    funding: [
      { address: 'saver', token: 'USDC', amount: '1000000' },
      { address: 'saver', token: 'ETH', amount: '1' },
    ],
  };

  it('pays a lone supplier the recorded index growth in real tokens, and the books still balance', () => {
    const { simulator } = buildSimulator(parseScenario(scenario));
    const amount = 1_000_000_000_000n;
    simulator.executeNow('saver', { kind: 'lendingSupply', asset: 'USDC', amount, market: 'aave' });
    simulator.run(10);
    // The saver is the only supplier: everything it withdraws beyond its deposit is the replayed yield.
    simulator.submit({ sender: 'saver', action: { kind: 'lendingWithdraw', asset: 'USDC', amount: MAX_AMOUNT, market: 'aave' }, maxPriorityFeePerGas: 0n });
    simulator.step();
    const receipt = simulator.latestReceipts.find((r) => r.sender === 'saver')!;
    expect(receipt.status).toBe('success');
    const earned = simulator.ledger.balanceOf('saver', 'USDC') - amount;
    const rows = loadAaveRecordedReserve(join(projectRoot(), file)).rows;
    const indexAt = (seconds: number): bigint => [...rows].reverse().find((row) => row.timestampSeconds <= seconds)!.liquidityIndexRay;
    const recorded = Number(amount) * (Number(indexAt(simulator.nowSeconds)) / Number(indexAt(genesis)) - 1);
    expect(Number(earned)).toBeGreaterThan(0.99 * recorded);
    expect(Number(earned)).toBeLessThan(1.01 * recorded);
    expect(simulator.externalYieldPaid('lending-pool:aave', 'USDC')).toBe(earned);
    expect(auditConservation(simulator)).toEqual([]);
  });
});
