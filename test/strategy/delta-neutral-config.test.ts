import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/data/project-paths.js';
import { runBacktest } from '../../src/engine/backtest.js';
import { loadBacktestConfig, resolveBacktestConfig } from '../../src/engine/backtest-config.js';
import { assertPnlAddsUp } from '../../src/report/report-input.js';
import { deltaNeutral } from '../../src/strategy/delta-neutral.js';

const CONFIG = join(projectRoot(), 'examples/backtests/delta-neutral.json');

describe('examples/backtests/delta-neutral.json', () => {
  it('loads and runs a 2,000-block prefix on the real-data scenario: LP up, perp short on, PnL exact', () => {
    const loaded = loadBacktestConfig(CONFIG);
    const config = loaded.config;
    expect(config.strategy).toBe(deltaNeutral.name);
    // read by the CLI's own loader: relative paths resolve against the config file's directory
    const options = resolveBacktestConfig(loaded, deltaNeutral, { blocks: 2_000 });
    const scenario = options.scenario!;
    expect(scenario.venues.perp?.funding.model).toBe('replay');
    expect(scenario.price.model).toBe('replay');
    expect(config.blocks).toBeLessThanOrEqual(scenario.blocks);
    const result = runBacktest(options);
    expect(result.pnl.components.reduce((total, c) => total + c.amount, 0n)).toBe(result.pnl.navChange);
    assertPnlAddsUp(result.reportInput);
    // USDC 100 000 and ETH 2 at the first candle's close (2476.06)
    expect(Number(result.pnl.navStart) / 1e6).toBeCloseTo(100_000 + 2 * 2476.06, 0);
    const book = result.finalBook;
    expect(book.lp.some((p) => p.liquidity > 0n)).toBe(true);
    expect(book.perp!.sizeWei).toBeLessThan(0n);
    // the replayed Hyperliquid funding was paid on the short, and booked exactly
    expect(book.perp!.fundingPaid).not.toBe(0n);
    expect(result.pnl.components.find((c) => c.name === 'funding')!.amount).toBe(-book.perp!.fundingPaid);
    expect(result.pnl.components.find((c) => c.name === 'LP fees')!.amount).toBeGreaterThan(0n);
  });
});
