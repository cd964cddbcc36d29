// `npx tsx bench/simulator/main.ts`: simulated blocks per second of the market simulator over
// one year of 12-second blocks (2,628,000) with one Uniswap v3 pool, the arbitrageur, two
// noise traders (tight and loose slippage), a sandwich searcher, and a lending market with a
// liquidator; prints JSON. BENCH_BLOCKS=<n> runs a shorter span and extrapolates the year from
// it (the JSON says which). BENCH_NOISE_RATE=<arrivals per block per side> sets the traffic.
import { buildSimulator, parseScenario, type ScenarioInput } from '../../src/market/scenario/index.js';
import { auditConservation, stateHash } from '../../src/market/simulator/index.js';
import type { Searcher } from '../../src/market/agents/searcher.js';
import type { Liquidator } from '../../src/market/agents/liquidator.js';
import type { NoiseTrader } from '../../src/market/agents/noise-trader.js';
import type { ArbitrageAgent } from '../../src/market/simulator/arbitrage-agent.js';
import { envNumber } from '../env.js';

const YEAR_BLOCKS = 365 * 24 * 300;

const blocks = Math.floor(envNumber('BENCH_BLOCKS', YEAR_BLOCKS));
const noiseRate = envNumber('BENCH_NOISE_RATE', 0.05);
const pool = 'WETH/USDC-0.05%';

const input: ScenarioInput = {
  name: 'bench-one-year',
  seed: 7,
  blocks,
  chain: {
    blockSeconds: 12,
    genesisTimestampSeconds: 1_700_000_000,
    initialBaseFeeGwei: 20,
    backgroundGas: { targetFraction: 0.5, elasticity: 0.25, noiseFraction: 0.1, spikeProbabilityPerBlock: 0.0002, spikeDurationBlocks: 20 },
  },
  tokens: { ETH: 18, WETH: 18, USDC: 6 },
  price: { model: 'gbm', initialPrice: 2000, driftAnnual: 0, volAnnual: 0.8 },
  venues: {
    pools: [
      {
        id: pool,
        token0: 'WETH',
        token1: 'USDC',
        riskyIsToken0: true,
        feePips: 500,
        tickSpacing: 10,
        observationCardinality: 150,
        twapWindowSeconds: 1800,
        liquidity: [
          { owner: 'lp-full', tickLower: -887270, tickUpper: 887270, valueNumeraire: 20_000_000 },
          { owner: 'lp-wide', rangeFraction: 1, valueNumeraire: 10_000_000 },
        ],
      },
    ],
    lending: {
      reserves: [
        {
          symbol: 'WETH',
          ltvBps: 8000,
          liquidationThresholdBps: 8250,
          liquidationBonusBps: 10500,
          reserveFactorBps: 1500,
          liquidationProtocolFeeBps: 1000,
          rateStrategy: { optimalUsageRatioBps: 8000, baseVariableBorrowRateBps: 0, variableRateSlope1Bps: 330, variableRateSlope2Bps: 8000 },
        },
        {
          symbol: 'USDC',
          ltvBps: 7700,
          liquidationThresholdBps: 8000,
          liquidationBonusBps: 10450,
          reserveFactorBps: 1000,
          liquidationProtocolFeeBps: 1000,
          rateStrategy: { optimalUsageRatioBps: 9000, baseVariableBorrowRateBps: 0, variableRateSlope1Bps: 350, variableRateSlope2Bps: 6000 },
        },
      ],
      suppliers: [
        { address: 'lender', asset: 'USDC', amount: '500000000' },
        { address: 'lender', asset: 'WETH', amount: '100000' },
      ],
      borrowers: [10, 20, 30, 40, 50, 60, 70, 80].map((k) => ({
        address: `borrower-${k}`,
        collateralAsset: 'WETH',
        collateralAmount: '100',
        debtAsset: 'USDC',
        debtAmount: String(1000 * (80 + k)),
      })),
    },
  },
  oracles: [
    { asset: 'WETH', source: 'external', heartbeatSeconds: 3600, deviationThresholdBps: 50, updateLatencySeconds: 12 },
    { asset: 'USDC', source: 1, heartbeatSeconds: 86400, deviationThresholdBps: 25 },
  ],
  agents: [
    { type: 'arbitrageur', address: 'arbitrageur', pool, priorityFeeGwei: 2 },
    {
      type: 'noise',
      address: 'noise-tight',
      pool,
      slippageTolerance: 0.005,
      side0: { arrivalsPerBlock: noiseRate, medianSize: 2, logSizeStd: 1.2 },
      side1: { arrivalsPerBlock: noiseRate, medianSize: 4000, logSizeStd: 1.2 },
    },
    {
      type: 'noise',
      address: 'noise-loose',
      pool,
      slippageTolerance: 0.03,
      side0: { arrivalsPerBlock: noiseRate / 10, medianSize: 10, logSizeStd: 1 },
      side1: { arrivalsPerBlock: noiseRate / 10, medianSize: 20000, logSizeStd: 1 },
    },
    { type: 'searcher', address: 'searcher', pool, priorityFeeGwei: 3 },
    { type: 'liquidator', address: 'liquidator', priorityFeeGwei: 2, scanIntervalBlocks: 300 },
  ],
  funding: [
    ...['arbitrageur', 'noise-tight', 'noise-loose', 'searcher'].flatMap((address) => [
      { address, token: 'WETH', amount: '100000000' },
      { address, token: 'USDC', amount: '200000000000' },
      { address, token: 'ETH', amount: '1000000' },
    ]),
    { address: 'liquidator', token: 'USDC', amount: '100000000' },
    { address: 'liquidator', token: 'ETH', amount: '1000000' },
  ],
};

const built = buildSimulator(parseScenario(input));
const { simulator } = built;
let transactions = 0;
let reverted = 0;
// Blocks per second in each tenth of the run: a rate that falls over the run would mean state
// that grows with time (it should not).
const tenthsBlocksPerSecond: number[] = [];
const tenth = Math.max(1, Math.floor(blocks / 10));
const start = performance.now();
let segmentStart = start;
for (let i = 0; i < blocks; i++) {
  const summary = simulator.step();
  const receipts = summary.receipts;
  if (receipts.length > 0) {
    transactions += receipts.length;
    for (const r of receipts) if (r.status === 'reverted') reverted++;
  }
  if ((i + 1) % tenth === 0 && tenthsBlocksPerSecond.length < 10) {
    const now = performance.now();
    tenthsBlocksPerSecond.push(Math.round(tenth / ((now - segmentStart) / 1000)));
    segmentStart = now;
  }
}
const seconds = (performance.now() - start) / 1000;
const agent = <T>(prefix: string): T => built.agents.find((a) => a.name.includes(prefix)) as T;
const blocksPerSecond = blocks / seconds;
const report = {
  bench: 'market simulator, one year of 12-second blocks',
  blocks,
  fullYear: blocks >= YEAR_BLOCKS,
  seconds: Number(seconds.toFixed(2)),
  blocksPerSecond: Math.round(blocksPerSecond),
  yearSeconds: Number((YEAR_BLOCKS / blocksPerSecond).toFixed(1)),
  yearSecondsIs: blocks >= YEAR_BLOCKS ? 'measured' : `extrapolated from ${blocks} blocks`,
  targetYearSeconds: 60,
  tenthsBlocksPerSecond,
  heapUsedMegabytes: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  noiseArrivalsPerBlockPerSide: noiseRate,
  transactions,
  reverted,
  arbitrageTrades: agent<ArbitrageAgent>('arbitrageur').submitted,
  noiseTrades: agent<NoiseTrader>('noise-tight').submitted + agent<NoiseTrader>('noise-loose').submitted,
  sandwiches: agent<Searcher>('searcher').attacks.length,
  liquidations: agent<Liquidator>('liquidator').sent.length,
  liquidatorScans: agent<Liquidator>('liquidator').scans,
  finalExternalPrice: Number(simulator.view.externalPrice.toFixed(2)),
  finalPoolPrice: Number(simulator.view.pool(pool).price.toFixed(2)),
  finalBaseFeeGwei: Number((Number(simulator.view.baseFeeWei) / 1e9).toFixed(3)),
  conservationIssues: auditConservation(simulator).length,
  stateHash: stateHash(simulator),
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
