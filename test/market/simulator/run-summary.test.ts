import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/data/project-paths.js';
import { createSeededRandom } from '../../../src/math/stats.js';
import { buildSimulator, loadScenario, parseScenario, type Scenario } from '../../../src/market/scenario/index.js';
import { BaseFeeHistogram, reasonKey, RunCollector } from '../../../src/market/simulator/run-collector.js';
import { lpFeesOwed, summariseRun, type RunSummary } from '../../../src/market/simulator/run-summary.js';
import type { MarketSimulator } from '../../../src/market/simulator/simulator.js';

const gbm = loadScenario(join(projectRoot(), 'examples/scenarios/gbm-eth-usdc.json'));

function run(scenario: Scenario): { simulator: MarketSimulator; summary: RunSummary } {
  const { simulator } = buildSimulator(scenario);
  const collector = new RunCollector(simulator);
  for (let i = 0; i < scenario.blocks; i++) collector.observe(simulator.step());
  return { simulator, summary: summariseRun(simulator, collector.collected) };
}

const json = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

describe('BaseFeeHistogram', () => {
  it('finds the median within half a bin (0.05 %) in fixed memory', () => {
    const random = createSeededRandom(3);
    const histogram = new BaseFeeHistogram();
    const values: number[] = [];
    for (let i = 0; i < 5001; i++) {
      const wei = Math.round(1e9 * Math.exp(3 * random.uniform()));
      values.push(wei);
      histogram.add(BigInt(wei));
    }
    values.sort((a, b) => a - b);
    const exact = values[2500]!;
    expect(Math.abs(histogram.medianWei()! / exact - 1)).toBeLessThan(0.0005 + 1e-12);
  });

  it('handles an empty run and zero base fees', () => {
    const histogram = new BaseFeeHistogram();
    expect(histogram.medianWei()).toBeUndefined();
    histogram.add(0n);
    histogram.add(0n);
    histogram.add(5_000_000_000n);
    expect(histogram.medianWei()).toBe(0);
  });
});

describe('reasonKey', () => {
  it('groups reverts by their reason without the numbers', () => {
    expect(reasonKey('Too little received: 123 < 456')).toBe('Too little received');
    expect(reasonKey('SPL')).toBe('SPL');
    expect(reasonKey('STF: a holds 1 WETH, needs 2')).toBe('STF');
    expect(reasonKey(undefined)).toBe('unknown');
  });
});

describe('summariseRun', () => {
  const scenario: Scenario = { ...gbm, blocks: 400 };
  const { simulator, summary } = run(scenario);

  it('adds up: transactions by role, swaps by agent, reverts by reason', () => {
    expect(summary.period.blocks).toBe(400);
    expect(summary.period.lastBlockNumber).toBe(400);
    expect(summary.period.simulatedSeconds).toBe(400 * 12);
    expect(summary.period.firstTimestamp).toBe('2023-11-14T22:13:32Z');
    const t = summary.transactions;
    expect(t.byRole.reduce((sum, r) => sum + r.count, 0)).toBe(t.included);
    expect(t.revertsByReason.reduce((sum, r) => sum + r.count, 0)).toBe(t.reverted);
    expect(t.succeeded + t.reverted).toBe(t.included);
    const pool = summary.pools[0]!;
    const searcherSwaps = t.byRole.find((r) => r.key === 'searcher')?.count ?? 0;
    expect(pool.swaps).toBe(pool.arbitrage.trades + pool.noise.trades + searcherSwaps);
    expect(searcherSwaps).toBe(2 * pool.sandwiches.count);
    expect(pool.sandwiches.count).toBeGreaterThan(0);
    expect(pool.sandwiches.victimLossMeasured).toBe(pool.sandwiches.count);
    // The victim loses at least what the searcher gains (the rest goes to LP fees and price impact).
    expect(pool.sandwiches.victimLossNumeraire).toBeGreaterThan(pool.sandwiches.searcherGrossProfitNumeraire);
    expect(pool.arbitrage.trades).toBeGreaterThan(0);
    expect(pool.arbitrage.netProfitNumeraire).toBeGreaterThan(0);
    // The arbitrageur keeps the pool inside its fee band around the external price (0.05 % = 5 bps), give or take a block.
    expect(Math.abs(pool.deviationBps)).toBeLessThan(50);
  });

  it('reads gas and prices from the blocks', () => {
    const g = summary.gas;
    expect(g.baseFeeGwei.min!).toBeLessThanOrEqual(g.baseFeeGwei.median!);
    expect(g.baseFeeGwei.median!).toBeLessThanOrEqual(g.baseFeeGwei.max!);
    expect(g.burnedWei).toBe(simulator.ledger.burned('ETH'));
    expect(g.tipsWei).toBe(simulator.ledger.balanceOf('builder', 'ETH'));
    const x = summary.externalPrice;
    expect(x.start).toBe(2000);
    expect(x.min).toBeLessThanOrEqual(Math.min(x.start, x.end));
    expect(x.max).toBeGreaterThanOrEqual(Math.max(x.start, x.end));
    // The GBM path has σ = 80 %: 400 blocks estimate it within a few points.
    expect(x.realizedVolAnnual!).toBeGreaterThan(0.7);
    expect(x.realizedVolAnnual!).toBeLessThan(0.9);
    expect(summary.conservation.issues).toBe(0);
    expect(summary.stateHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports the LP fees a poke-and-collect pays out, to the base unit', () => {
    const venue = simulator.pool('WETH/USDC-0.05%');
    const owed = lpFeesOwed(venue);
    expect(summary.pools[0]!.lpFees.token0).toBe(owed.token0);
    expect(owed.token0).toBeGreaterThan(0n);
    const { simulator: again } = run(scenario);
    const twin = again.pool('WETH/USDC-0.05%');
    let collected0 = 0n;
    let collected1 = 0n;
    for (const position of twin.pool.allPositions()) {
      again.executeNow(position.owner, { kind: 'v3Burn', pool: twin.id, tickLower: position.tickLower, tickUpper: position.tickUpper, liquidity: 0n });
      const got = again.executeNow(position.owner, { kind: 'v3Collect', pool: twin.id, tickLower: position.tickLower, tickUpper: position.tickUpper }).result as {
        amount0: bigint;
        amount1: bigint;
      };
      collected0 += got.amount0;
      collected1 += got.amount1;
    }
    expect(collected0).toBe(owed.token0);
    expect(collected1).toBe(owed.token1);
  });

  it('is deterministic: the same scenario gives the same summary', () => {
    expect(json(run(scenario).summary)).toBe(json(summary));
  });

  it('counts liquidations with their bonus when the price falls through a borrower', () => {
    const raw = JSON.parse(JSON.stringify(gbm)) as { seed: number; blocks: number; price: { volAnnual: number }; venues: { lending: { borrowers: { debtAmount: string }[] } } };
    raw.seed = 1;
    raw.blocks = 1200;
    raw.price.volAnnual = 2;
    raw.venues.lending.borrowers[1]!.debtAmount = '160000';
    const { summary: s } = run(parseScenario(raw));
    const lending = s.lending!;
    expect(lending.liquidations).toBe(1);
    const pair = lending.liquidationsByPair[0]!;
    expect(pair.collateralAsset).toBe('WETH');
    expect(pair.debtAsset).toBe('USDC');
    // Half the $160k debt (and its few hours of interest) is repaid (the close factor), with a 5 % bonus.
    expect(pair.debtRepaid).toBeGreaterThanOrEqual(80_000_000_000n);
    expect(pair.debtRepaid).toBeLessThan(80_001_000_000n);
    expect(pair.bonusNumeraire).toBeCloseTo(4000, 0);
    expect(pair.liquidatorProfitNumeraire).toBeGreaterThan(3000);
    expect(pair.liquidatorProfitNumeraire).toBeLessThan(pair.bonusNumeraire);
    expect(s.conservation.issues).toBe(0);
  });

  it('summarises the perp, option and constant-product venues when the scenario has them', () => {
    const raw = JSON.parse(JSON.stringify(gbm)) as Record<string, unknown> & { venues: Record<string, unknown> };
    raw['blocks'] = 20;
    raw.venues['perp'] = { collateralToken: 'USDC', funding: { model: 'seeded' } };
    raw.venues['options'] = { cashToken: 'USDC', underlyingToken: 'WETH', volLevel: 0.8 };
    raw.venues['constantProduct'] = { token0: 'WETH', token1: 'USDC', owner: 'cp-lp', amount0: '100', amount1: '200000' };
    const { summary: s } = run(parseScenario(raw));
    expect(s.perp!.indexPrice).toBe(s.externalPrice.end);
    expect(s.perp!.openInterestLongWei).toBe(0n);
    expect(s.options!.listedExpiries).toBeGreaterThan(0);
    expect(s.constantProduct).toEqual({ token0: 'WETH', token1: 'USDC', reserve0: 100n * 10n ** 18n, reserve1: 200_000_000_000n });
    expect(s.conservation.issues).toBe(0);
    expect(summary.perp).toBeNull();
    expect(summary.options).toBeNull();
  });

  it('reports broken books as conservation issues', () => {
    const { simulator: broken } = run({ ...gbm, blocks: 5 });
    const venue = broken.pool('WETH/USDC-0.05%');
    // Move tokens out of the pool's ledger account behind the pool's back.
    broken.ledger.transfer(venue.address, 'thief', 'USDC', 1n);
    const s = summariseRun(broken, new RunCollector(broken).collected);
    expect(s.conservation.issues).toBe(1);
    expect(s.conservation.details[0]!.what).toBe('pool WETH/USDC-0.05% USDC');
  });
});
