/**
 * The bench's market: one year of one-minute blocks on a GBM ETH price (80 % vol), a WETH/USDC
 * 0.05 % pool with two outside LPs, a perp venue with seeded hourly funding, the arbitrageur,
 * light two-sided noise traffic, and the oracles a vault marks against. Deliberately lean: it measures the engine, not agent traffic
 * (bench/simulator measures that).
 */
import type { ScenarioInput } from '../../src/market/scenario/index.js';

export const BENCH_POOL = 'WETH/USDC-0.05%';
export const YEAR_MINUTES = 365 * 24 * 60;

export function benchScenario(blocks: number, noiseArrivalsPerBlock: number): ScenarioInput {
  return {
    name: 'bench-backtest-year-of-minutes',
    seed: 11,
    blocks,
    chain: { blockSeconds: 60, genesisTimestampSeconds: 1_700_000_000, initialBaseFeeGwei: 20 },
    tokens: { ETH: 18, WETH: 18, USDC: 6 },
    price: { model: 'gbm', initialPrice: 2000, driftAnnual: 0, volAnnual: 0.8 },
    venues: {
      pools: [
        {
          id: BENCH_POOL,
          token0: 'WETH',
          token1: 'USDC',
          riskyIsToken0: true,
          feePips: 500,
          tickSpacing: 10,
          observationCardinality: 60,
          twapWindowSeconds: 1800,
          liquidity: [
            { owner: 'lp-full', tickLower: -887270, tickUpper: 887270, valueNumeraire: 20_000_000 },
            { owner: 'lp-wide', rangeFraction: 1, valueNumeraire: 10_000_000 },
          ],
        },
      ],
      perp: {
        collateralToken: 'USDC',
        funding: { model: 'seeded', intervalSeconds: 3600 },
        takerFeeBps: 4.5,
        initialMarginRatio: 0.1,
        maintenanceMarginRatio: 0.05,
      },
    },
    oracles: [
      { asset: 'WETH', source: 'external', heartbeatSeconds: 3600, deviationThresholdBps: 50, updateLatencySeconds: 0 },
      { asset: 'USDC', source: 1, heartbeatSeconds: 86400, deviationThresholdBps: 25 },
    ],
    agents: [
      { type: 'arbitrageur', address: 'arbitrageur', pool: BENCH_POOL, priorityFeeGwei: 2 },
      {
        type: 'noise',
        address: 'noise',
        pool: BENCH_POOL,
        slippageTolerance: 0.01,
        side0: { arrivalsPerBlock: noiseArrivalsPerBlock, medianSize: 2, logSizeStd: 1.2 },
        side1: { arrivalsPerBlock: noiseArrivalsPerBlock, medianSize: 4000, logSizeStd: 1.2 },
      },
    ],
    funding: ['arbitrageur', 'noise'].flatMap((address) => [
      { address, token: 'WETH', amount: '100000000' },
      { address, token: 'USDC', amount: '200000000000' },
      { address, token: 'ETH', amount: '1000000' },
    ]),
  };
}
