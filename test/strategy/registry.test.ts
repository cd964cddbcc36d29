import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/data/project-paths.js';
import { backtestConfigSchema, loadBacktestConfig, resolveBacktestConfig } from '../../src/engine/backtest-config.js';
import { InvalidInputError } from '../../src/errors.js';
import { BUILT_IN_STRATEGIES, builtInStrategy, defaultConfigFile, knownStrategyNames } from '../../src/strategy/registry.js';

describe('the strategy registry', () => {
  it('every built-in has a default config for itself that resolves against its scenario and its own parameter schema', () => {
    expect(knownStrategyNames()).toContain('range-manager');
    for (const [name, entry] of Object.entries(BUILT_IN_STRATEGIES)) {
      expect(entry.strategy.name).toBe(name);
      const loaded = loadBacktestConfig(defaultConfigFile(entry));
      expect(loaded.config.strategy).toBe(name);
      const options = resolveBacktestConfig(loaded, entry.strategy);
      expect(entry.strategy.paramsSchema.safeParse(options.params).success).toBe(true);
      // a default runs on the real history in data/, not on a generated path
      expect(options.scenario!.price.model).toBe('replay');
      expect(options.blocks).toBeGreaterThan(0);
    }
  });

  it('an unknown name is bad input listing every known name', () => {
    let caught: unknown;
    try {
      builtInStrategy('nope');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidInputError);
    for (const name of knownStrategyNames()) expect((caught as Error).message).toContain(name);
    // names of Object.prototype are not strategies
    expect(() => builtInStrategy('toString')).toThrow(InvalidInputError);
  });

  it('every backtest config in examples/ has the config shape (also those for strategies registered later)', () => {
    const dirs = ['examples/backtests', 'examples/strategies'];
    let count = 0;
    for (const dir of dirs) {
      for (const file of readdirSync(join(projectRoot(), dir)).filter((f) => f.endsWith('.json'))) {
        const parsed = backtestConfigSchema.safeParse(JSON.parse(readFileSync(join(projectRoot(), dir, file), 'utf8')));
        expect(parsed.success, `${dir}/${file}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues[0])}`).toBe(true);
        count++;
      }
    }
    expect(count).toBeGreaterThanOrEqual(2);
  });
});
