import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/engine/backtest.js';
import { loadBacktestConfig, resolveBacktestConfig } from '../../src/engine/backtest-config.js';
import { assertPnlAddsUp } from '../../src/report/report-input.js';
import { defaultConfigFile, builtInStrategy } from '../../src/strategy/registry.js';

describe('examples/backtests/covered-call.json and put-selling.json', () => {
  for (const name of ['covered-call', 'put-selling']) {
    it(`${name}: loads and runs a 2,200-block prefix (about a month) on the real ETH history with modelled implied vol: weekly rounds, premium, exact PnL, the pricing model in the report`, () => {
      const entry = builtInStrategy(name);
      const options = resolveBacktestConfig(loadBacktestConfig(defaultConfigFile(entry)), entry.strategy, { blocks: 2_200 });
      const scenario = options.scenario!;
      expect(scenario.price.model).toBe('replay');
      expect(scenario.venues.options?.volModel?.model).toBe('realized');
      const result = runBacktest(options);
      expect(result.pnl.components.reduce((total, c) => total + c.amount, 0n)).toBe(result.pnl.navChange);
      assertPnlAddsUp(result.reportInput);
      const sold = result.events.filter((e) => e.type === 'fill' && e.action.kind === 'optionTrade');
      // a month of weeklies: the first round is written on the expiry nearest a week out, then one each Friday
      expect(sold.length).toBeGreaterThanOrEqual(3);
      expect(result.pnl.components.find((c) => c.name === 'option premium')!.amount).toBeGreaterThan(0n);
      expect(result.reportInput.notes.some((note) => note.startsWith('Options priced by: ') && note.includes('realized vol'))).toBe(true);
      // every sale carried the reserve (BSM premium × 0.8) as its limit
      expect(sold.every((e) => e.type === 'fill' && e.action.kind === 'optionTrade' && e.action.limitPrice! > 0)).toBe(true);
    });
  }
});
