// `npx tsx bench/options/main.ts`: a year of hourly steps (8,760 blocks of 3,600 s) of the iron
// condor with the delta hedge attached, through the whole engine, on bench/backtest's lean market
// (GBM ETH at 80 % vol, a v3 pool with the arbitrageur and light noise, a perp with seeded
// funding) plus an option venue listing weeklies at a constant 0.8 implied vol; against a
// reference measured in the same run: the bare simulator stepping the same market with no vault.
// Prints JSON. The target of issue 6 is < 2 s on one core.
import { constantVolatility } from '../../src/engine/guards.js';
import { runBacktest } from '../../src/engine/backtest.js';
import { buildSimulator, parseScenario } from '../../src/market/scenario/index.js';
import { ironCondor } from '../../src/strategy/iron-condor.js';
import { benchScenario } from '../backtest/scenario.js';

const HOURS = 365 * 24;
const base = benchScenario(HOURS, 0.03);
const scenario = parseScenario({
  ...base,
  name: 'bench-options-year-of-hours',
  chain: { ...base.chain, blockSeconds: 3600 },
  venues: { ...base.venues, options: { cashToken: 'USDC', underlyingToken: 'WETH', volLevel: 0.8, skew: -0.1 } },
  funding: [...(base.funding ?? []), { address: 'option-venue', token: 'USDC', amount: '100000000' }, { address: 'perp-venue', token: 'USDC', amount: '100000000' }],
});

const rawStart = performance.now();
const { simulator } = buildSimulator(scenario);
for (let i = 0; i < HOURS; i++) simulator.step();
const rawSeconds = (performance.now() - rawStart) / 1000;

const start = performance.now();
const result = runBacktest({
  scenario,
  strategy: ironCondor,
  params: { varianceMarginFraction: 0, hedge: { bandUnits: 1 } },
  vault: { numeraire: 'USDC', initialFunding: { USDC: 300_000_000_000n, WETH: 20n * 10n ** 18n, ETH: 5n * 10n ** 18n } },
  blocks: HOURS,
  seed: scenario.seed,
  guards: { k: 3, confirmationSeconds: 3600, deadlineSeconds: 7200, volatility: constantVolatility(0.8) },
  sampleEveryBlocks: 24,
});
const seconds = (performance.now() - start) / 1000;
const component = (name: string): string => String(result.pnl.components.find((c) => c.name === name)!.amount);
process.stdout.write(
  `${JSON.stringify(
    {
      bench: 'options, one year of hourly steps: iron condor with the delta hedge',
      blocks: HOURS,
      targetSeconds: 2,
      seconds: Number(seconds.toFixed(2)),
      reference: { name: 'raw simulator, same market, no vault', seconds: Number(rawSeconds.toFixed(2)) },
      decisions: result.counters.decisions,
      fills: result.counters.fills,
      reverts: result.counters.reverts,
      halted: result.halted,
      roundsWritten: result.memory.roundsWritten,
      optionPremiumUsdcUnits: component('option premium'),
      optionSettlementUsdcUnits: component('option settlement / mark-to-market'),
      hedgePnlUsdcUnits: component('hedge PnL'),
      fundingUsdcUnits: component('funding'),
    },
    null,
    2,
  )}\n`,
);
