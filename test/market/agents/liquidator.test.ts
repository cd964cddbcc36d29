import { describe, expect, it } from 'vitest';
import type { Liquidator } from '../../../src/market/agents/liquidator.js';
import { buildSimulator, parseScenario, type ScenarioInput } from '../../../src/market/scenario/index.js';
import { auditConservation } from '../../../src/market/simulator/index.js';

const reserve = (symbol: string, ltvBps: number, liquidationThresholdBps: number, liquidationBonusBps: number) => ({
  symbol,
  ltvBps,
  liquidationThresholdBps,
  liquidationBonusBps,
  reserveFactorBps: 1000,
  liquidationProtocolFeeBps: 1000,
  rateStrategy: { optimalUsageRatioBps: 9000, baseVariableBorrowRateBps: 0, variableRateSlope1Bps: 350, variableRateSlope2Bps: 6000 },
});

/** A flat $2000 ETH; a borrower with 10 WETH against $15,500 of USDC (HF 1.06); a liquidator. */
const scenario: ScenarioInput = {
  name: 'liquidation',
  seed: 1,
  blocks: 200,
  tokens: { ETH: 18, WETH: 18, USDC: 6 },
  price: { model: 'gbm', initialPrice: 2000, volAnnual: 0 },
  venues: {
    lending: {
      reserves: [reserve('WETH', 8000, 8250, 10500), reserve('USDC', 7700, 8000, 10450)],
      suppliers: [{ address: 'lender', asset: 'USDC', amount: '1000000' }],
      borrowers: [{ address: 'borrower', collateralAsset: 'WETH', collateralAmount: '10', debtAsset: 'USDC', debtAmount: '15500' }],
    },
  },
  oracles: [
    { asset: 'WETH', source: 'external', heartbeatSeconds: 3600, deviationThresholdBps: 50, updateLatencySeconds: 0 },
    { asset: 'USDC', source: 1, heartbeatSeconds: 86400 },
  ],
  agents: [{ type: 'liquidator', address: 'liquidator', priorityFeeGwei: 2, scanIntervalBlocks: 50 }],
  funding: [
    { address: 'liquidator', token: 'USDC', amount: '100000' },
    { address: 'liquidator', token: 'ETH', amount: '10' },
  ],
};

describe('Liquidator', () => {
  it('does nothing while the health factor is above 1, and liquidates after a forced oracle drop', () => {
    const { simulator, agents } = buildSimulator(parseScenario(scenario));
    const liquidator = agents[0] as Liquidator;
    const market = simulator.venues.lending!.market;
    simulator.run(120);
    expect(liquidator.sent).toHaveLength(0);
    expect(liquidator.scans).toBeGreaterThanOrEqual(2);
    expect(market.getLiquidatableUsers(simulator.nowSeconds)).toHaveLength(0);

    // The oracle reports $1800: HF = 10 × 1800 × 0.825 / 15,500 ≈ 0.96 < 1.
    simulator.feed('WETH')!.forceAnswer(1800);
    const debtBefore = market.debtOf('borrower', 'USDC', simulator.nowSeconds);
    const usdcBefore = simulator.ledger.balanceOf('liquidator', 'USDC');
    // One block: the feed publishes $1800 at (b), the liquidator, seeing block N's market and
    // the new round, sends at (c), and its transaction lands in block N + 1 itself.
    simulator.step();
    expect(liquidator.sent).toHaveLength(1);
    const receipt = simulator.latestReceipts[0]!;
    expect(receipt).toMatchObject({ sender: 'liquidator', status: 'success' });
    const result = receipt.result as { debtRepaid: bigint; collateralToLiquidator: bigint };
    expect(market.debtOf('borrower', 'USDC', simulator.nowSeconds)).toBeLessThan(debtBefore);
    expect(simulator.ledger.balanceOf('liquidator', 'USDC')).toBe(usdcBefore - result.debtRepaid);
    expect(simulator.ledger.balanceOf('liquidator', 'WETH')).toBe(result.collateralToLiquidator);
    // The bonus beats the gas, at the oracle price.
    const gainUsd = (Number(result.collateralToLiquidator) / 1e18) * 1800 - Number(result.debtRepaid) / 1e6;
    expect(gainUsd).toBeGreaterThan((Number(receipt.gasCostWei) / 1e18) * 2000);
    expect(auditConservation(simulator)).toEqual([]);
  });

  it('does not liquidate when the forced price keeps the health factor above 1', () => {
    const { simulator, agents } = buildSimulator(parseScenario(scenario));
    simulator.feed('WETH')!.forceAnswer(1900); // HF ≈ 1.01
    simulator.run(100);
    expect((agents[0] as Liquidator).sent).toHaveLength(0);
  });
});
