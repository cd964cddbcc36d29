import { constantVolatility } from '../../src/engine/guards.js';
import { runBacktest } from '../../src/engine/backtest.js';
import { parseScenario } from '../../src/market/scenario/index.js';
import { deltaNeutral } from '../../src/strategy/delta-neutral.js';
import { BENCH_POOL, benchScenario } from './scenario.js';
const blocks = 60000;
const scenario = parseScenario(benchScenario(blocks, 0.03));
const t = performance.now();
runBacktest({ scenario, strategy: deltaNeutral, params: { pool: BENCH_POOL, token0: 'WETH', token1: 'USDC', riskyToken: 'WETH', riskyDecimals: 18, stableDecimals: 6, riskyAliases: ['ETH'], tickSpacing: 10, baseThresholdTicks: 2000, minRerangePeriodSeconds: 21600, mintBufferBps: 300, hedge: 'perp', deltaBandBps: 1000, perpCollateralBps: 2500, minMarginRatio: 0.15, targetMarginRatio: 0.3 },
  vault: { numeraire: 'USDC', initialFunding: { USDC: 100_000_000_000n, WETH: 50n * 10n ** 18n, ETH: 20n * 10n ** 18n } }, blocks, seed: 11, guards: { k: 3, confirmationSeconds: 60, deadlineSeconds: 300, volatility: constantVolatility(0.8) }, sampleEveryBlocks: 60 });
console.log((performance.now() - t) / 1000);
