// examples/backtests/yield-aggregator.json works: read by the CLI's own config loader and
// run on a prefix of its real-data scenario, the vault earns the recorded Aave yield.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/data/project-paths.js';
import { runBacktest } from '../../src/engine/backtest.js';
import { loadBacktestConfig, resolveBacktestConfig } from '../../src/engine/backtest-config.js';
import { loadAaveRecordedReserve } from '../../src/market/lending/replay-rates.js';
import { yieldAggregator } from '../../src/strategy/yield-aggregator.js';

const CONFIG_PATH = join(projectRoot(), 'examples/backtests/yield-aggregator.json');
const PREFIX_BLOCKS = 300;

describe('examples/backtests/yield-aggregator.json', () => {
  const loaded = loadBacktestConfig(CONFIG_PATH);
  const config = loaded.config;
  const options = resolveBacktestConfig(loaded, yieldAggregator, { blocks: PREFIX_BLOCKS });
  const scenario = options.scenario!;

  it('names this strategy and a scenario whose whole run is the four recorded days', () => {
    expect(config.strategy).toBe(yieldAggregator.name);
    expect(config.blocks! * scenario.chain.blockSeconds).toBe(4 * 86_400);
    expect(yieldAggregator.paramsSchema.safeParse(config.params).success).toBe(true);
  });

  it('runs on a prefix and earns the recorded index growth of the Aave reserve it lends to', () => {
    const result = runBacktest(options);
    expect(result.counters.reverts).toBe(0);
    expect(result.pnl.components.reduce((sum, c) => sum + c.amount, 0n)).toBe(result.pnl.navChange);
    const interest = result.pnl.components.find((c) => c.name === 'interest')!.amount;
    expect(interest).toBeGreaterThan(0n);

    // Independently, from the recorded file: what the supplies earn at the recorded liquidity index
    // (flash-loan premiums included), each from the block it landed in to the end of the prefix.
    const market = (scenario.venues.lending as { id: string; reserves: { replay?: { file: string } }[] }[]).find((m) => m.reserves[0]!.replay !== undefined)!;
    const rows = loadAaveRecordedReserve(join(projectRoot(), market.reserves[0]!.replay!.file)).rows;
    const indexAt = (seconds: number): number => Number([...rows].reverse().find((row) => row.timestampSeconds <= seconds)!.liquidityIndexRay) / 1e27;
    const end = result.series.timestampSeconds.at(-1)!;
    let expected = 0;
    for (const fill of result.events) {
      if (fill.type !== 'fill' || fill.action.kind !== 'lendingSupply') continue;
      // every supply in this prefix went to the replayed market (the other never paid more)
      expect(fill.action.market).toBe(market.id);
      expected += Number(fill.action.amount) * (indexAt(end) / indexAt(fill.timestampSeconds) - 1);
    }
    expect(expected).toBeGreaterThan(0);
    // The recorded index is stamped at the reserve's last transaction, so it lags the accrual by
    // up to a few minutes of interest: a 2 % band.
    expect(Number(interest)).toBeGreaterThan(0.98 * expected);
    expect(Number(interest)).toBeLessThan(1.02 * expected);
  });
});
