import { constantVolatility } from '../../src/engine/guards.js';
import { runBacktest } from '../../src/engine/backtest.js';
import { parseScenario } from '../../src/market/scenario/index.js';
import { rangeManager } from '../../src/strategy/range-manager.js';
import { BENCH_POOL, benchScenario } from './scenario.js';
const blocks = Number(process.env.B ?? 200000);
const scenario = parseScenario(benchScenario(blocks, 0.03));
const r = runBacktest({ scenario, strategy: rangeManager, params: { pool: BENCH_POOL, token0: 'WETH', token1: 'USDC', tickSpacing: 10, baseThresholdTicks: 1200, limitThresholdTicks: 600, minPeriodSeconds: 3600, minTickMove: 120, maxTwapDeviationTicks: 200, twapDurationSeconds: 1800, mintBufferBps: 100 },
  vault: { numeraire: 'USDC', initialFunding: { USDC: 100_000_000_000n, WETH: 50n * 10n ** 18n, ETH: 10n ** 18n } }, blocks, seed: scenario.seed,
  guards: { k: 3, confirmationSeconds: 60, deadlineSeconds: 300, volatility: constantVolatility(0.8) }, sampleEveryBlocks: 60 });
const reasons = new Map<string, number>();
let firstRevert: unknown;
for (const e of r.events) if (e.type === 'revert') { const k = `${(e as any).action.kind}:${(e as any).revertReason}`; reasons.set(k, (reasons.get(k) ?? 0) + 1); firstRevert ??= e; }
console.log(r.counters.reverts, [...reasons]);
console.log(JSON.stringify(firstRevert, (_k, v) => typeof v === 'bigint' ? String(v) : v));
const idx = r.events.indexOf(firstRevert as any);
console.log(r.events.slice(Math.max(0, idx - 12), idx + 1).map(e => JSON.stringify(e, (_k, v) => typeof v === 'bigint' ? String(v) : v).slice(0, 300)).join('\n'));
console.log('memory', JSON.stringify(r.memory), 'idle', JSON.stringify(r.finalBook.idle, (_k, v) => typeof v === 'bigint' ? String(v) : v));
