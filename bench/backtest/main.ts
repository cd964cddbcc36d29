// `npm run bench:backtest`: a year of one-minute steps (525,600 blocks of 60 s) through the whole
// engine — simulator, book, exact PnL, trigger, decide, risk, executor — for the built-in
// liquidity strategies (range manager, delta-neutral), against a reference measured in the same run: the bare simulator
// stepping the same market with no vault (so `engineOverRawSimulator` is what the engine costs
// on top of the market physics). Prints JSON. BENCH_BLOCKS=<n> runs a shorter span and
// extrapolates the year from it (the JSON says which); BENCH_NOISE_RATE sets the background
// traffic (arrivals per block per side). The target of issue 5 is < 5 s per year per strategy.
import { constantVolatility } from '../../src/engine/guards.js';
import { runBacktest } from '../../src/engine/backtest.js';
import { buildSimulator, parseScenario } from '../../src/market/scenario/index.js';
import { deltaNeutral } from '../../src/strategy/delta-neutral.js';
import { rangeManager } from '../../src/strategy/range-manager.js';
import type { JsonValue, Strategy } from '../../src/strategy/types.js';
import { BENCH_POOL, benchScenario, YEAR_MINUTES } from './scenario.js';
import { envNumber } from '../env.js';
import { join } from 'node:path';
import { projectRoot } from '../../src/data/project-paths.js';
import { loadBacktestConfig } from '../../src/engine/backtest-config.js';

const blocks = Math.max(1, Math.floor(envNumber('BENCH_BLOCKS', YEAR_MINUTES)));
const noiseRate = envNumber('BENCH_NOISE_RATE', 0.03);
const scenario = parseScenario(benchScenario(blocks, noiseRate));
const toYear = (seconds: number): number => Number(((seconds * YEAR_MINUTES) / blocks).toFixed(2));
const heapMegabytes = (): number => Math.round(process.memoryUsage().heapUsed / 2 ** 20);

function timeRawSimulator(): number {
  const { simulator } = buildSimulator(scenario);
  const start = performance.now();
  for (let i = 0; i < blocks; i++) simulator.step();
  return (performance.now() - start) / 1000;
}

const guards = { k: 3, confirmationSeconds: 60, deadlineSeconds: 300, volatility: constantVolatility(0.8) };
const vault = { numeraire: 'USDC', initialFunding: { USDC: 100_000_000_000n, WETH: 50n * 10n ** 18n, ETH: 20n * 10n ** 18n } };

interface StrategyTiming {
  readonly strategy: string;
  readonly seconds: number;
  readonly heapMegabytes: number;
  readonly decisions: number;
  readonly fills: number;
  readonly reverts: number;
  readonly halted: unknown;
  readonly seriesPoints: number;
  readonly events: number;
}

function timeBacktest<Params, Memory extends JsonValue>(strategy: Strategy<Params, Memory>, params: unknown): StrategyTiming {
  const start = performance.now();
  const result = runBacktest({ scenario, strategy, params, vault, blocks, seed: scenario.seed, guards, sampleEveryBlocks: 60 });
  const seconds = (performance.now() - start) / 1000;
  return {
    strategy: strategy.name,
    seconds,
    heapMegabytes: heapMegabytes(),
    decisions: result.counters.decisions,
    fills: result.counters.fills,
    reverts: result.counters.reverts,
    halted: result.halted,
    seriesPoints: result.series.blockNumber.length,
    events: result.events.length,
  };
}

const rangeManagerParams = {
  pool: BENCH_POOL,
  token0: 'WETH',
  token1: 'USDC',
  tickSpacing: 10,
  // Charm's ETH/USDC alpha vault settings, roughly: a 12-hour period
  baseThresholdTicks: 1800,
  limitThresholdTicks: 600,
  minPeriodSeconds: 43_200,
  minTickMove: 300,
  maxTwapDeviationTicks: 200,
  twapDurationSeconds: 1800,
  mintBufferBps: 100,
};

// the default config's parameters (examples/backtests/delta-neutral.json), on the bench's pool
const deltaNeutralParams = {
  ...loadBacktestConfig(join(projectRoot(), 'examples/backtests/delta-neutral.json')).config.params,
  pool: BENCH_POOL,
};

const rawSeconds = timeRawSimulator();
const timings = [timeBacktest(rangeManager, rangeManagerParams), timeBacktest(deltaNeutral, deltaNeutralParams)];
const report = {
  bench: 'backtest, one year of one-minute steps',
  blocks,
  fullYear: blocks >= YEAR_MINUTES,
  yearSecondsIs: blocks >= YEAR_MINUTES ? 'measured' : `extrapolated from ${blocks} blocks`,
  noiseArrivalsPerBlockPerSide: noiseRate,
  targetYearSeconds: 5,
  reference: { name: 'raw simulator, same market, no vault', yearSeconds: toYear(rawSeconds) },
  strategies: timings.map((t) => ({
    strategy: t.strategy,
    yearSeconds: toYear(t.seconds),
    engineOverRawSimulator: Number((t.seconds / rawSeconds).toFixed(2)),
    heapMegabytesAfter: t.heapMegabytes,
    seriesPoints: t.seriesPoints,
    ledgerEvents: t.events,
    decisions: t.decisions,
    fills: t.fills,
    reverts: t.reverts,
    halted: t.halted,
  })),
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
