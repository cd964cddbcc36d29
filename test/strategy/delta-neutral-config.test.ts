import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/data/project-paths.js';
import { runBacktest } from '../../src/engine/backtest.js';
import { constantVolatility } from '../../src/engine/guards.js';
import { toBaseUnits } from '../../src/market/scenario/build.js';
import { loadScenario } from '../../src/market/scenario/parse.js';
import { assertPnlAddsUp } from '../../src/report/report-input.js';
import { deltaNeutral } from '../../src/strategy/delta-neutral.js';

const CONFIG = join(projectRoot(), 'examples/backtests/delta-neutral.json');

interface BacktestConfig {
  readonly strategy: string;
  readonly scenario: string;
  readonly blocks: number;
  readonly seed: number;
  readonly params: Record<string, unknown>;
  readonly vault: { readonly numeraire: string; readonly initialFunding: Record<string, string> };
  readonly guards: { readonly k: number; readonly confirmationSeconds: number; readonly deadlineSeconds: number; readonly volAnnual: number };
  readonly sampleEveryBlocks: number;
  readonly marks: 'external' | 'oracle';
}

describe('examples/backtests/delta-neutral.json', () => {
  it('converts by hand and runs a 2,000-block prefix on the real-data scenario: LP up, perp short on, PnL exact', () => {
    const config = JSON.parse(readFileSync(CONFIG, 'utf8')) as BacktestConfig;
    expect(config.strategy).toBe(deltaNeutral.name);
    // relative paths resolve against the config file's directory
    const scenario = loadScenario(resolve(dirname(CONFIG), config.scenario));
    expect(scenario.venues.perp?.funding.model).toBe('replay');
    expect(scenario.price.model).toBe('replay');
    expect(config.blocks).toBeLessThanOrEqual(scenario.blocks);
    const initialFunding: Record<string, bigint> = {};
    for (const [token, amount] of Object.entries(config.vault.initialFunding)) initialFunding[token] = toBaseUnits(`vault.initialFunding.${token}`, amount, scenario.tokens[token]!);
    const result = runBacktest({
      scenario,
      strategy: deltaNeutral,
      params: config.params,
      blocks: 2_000,
      seed: config.seed,
      vault: { numeraire: config.vault.numeraire, initialFunding },
      guards: { k: config.guards.k, confirmationSeconds: config.guards.confirmationSeconds, deadlineSeconds: config.guards.deadlineSeconds, volatility: constantVolatility(config.guards.volAnnual) },
      sampleEveryBlocks: config.sampleEveryBlocks,
      marks: config.marks,
    });
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
