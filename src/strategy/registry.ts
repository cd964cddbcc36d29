/**
 * The built-in strategies by the name `vaultwright backtest --strategy NAME` takes, each with the
 * config it runs when no `--config` is given (a sensible default on the real history in data/).
 * Registering a strategy is one line in `BUILT_IN_STRATEGIES`.
 */
import { join } from 'node:path';
import { projectRoot } from '../data/project-paths.js';
import { InvalidInputError } from '../errors.js';
import { coveredCall } from './covered-call.js';
import { deltaNeutral } from './delta-neutral.js';
import { ironCondor } from './iron-condor.js';
import { putSelling } from './put-selling.js';
import { straddle } from './straddle.js';
import { rangeManager } from './range-manager.js';
import { yieldAggregator } from './yield-aggregator.js';
import type { JsonValue, Strategy } from './types.js';

/**
 * A strategy with its parameter and memory types erased: the registry and the CLI only hand the
 * raw parameters to the strategy's own schema, which gives them back typed to its own `decide`.
 */
export type AnyStrategy = Strategy<unknown, JsonValue>;

export function eraseTypes<Params, Memory extends JsonValue>(strategy: Strategy<Params, Memory>): AnyStrategy {
  return strategy as unknown as AnyStrategy;
}

export interface RegisteredStrategy {
  readonly strategy: AnyStrategy;
  /** the default config, relative to the project root */
  readonly defaultConfigPath: string;
}

export const BUILT_IN_STRATEGIES: Readonly<Record<string, RegisteredStrategy>> = {
  'range-manager': { strategy: eraseTypes(rangeManager), defaultConfigPath: 'examples/backtests/range-manager.json' },
  'delta-neutral': { strategy: eraseTypes(deltaNeutral), defaultConfigPath: 'examples/backtests/delta-neutral.json' },
  'yield-aggregator': { strategy: eraseTypes(yieldAggregator), defaultConfigPath: 'examples/backtests/yield-aggregator.json' },
  'covered-call': { strategy: eraseTypes(coveredCall), defaultConfigPath: 'examples/backtests/covered-call.json' },
  'put-selling': { strategy: eraseTypes(putSelling), defaultConfigPath: 'examples/backtests/put-selling.json' },
  straddle: { strategy: eraseTypes(straddle), defaultConfigPath: 'examples/backtests/straddle.json' },
  'iron-condor': { strategy: eraseTypes(ironCondor), defaultConfigPath: 'examples/backtests/iron-condor.json' },
};

export function knownStrategyNames(): string[] {
  return Object.keys(BUILT_IN_STRATEGIES).sort();
}

/** The registered strategy, or an InvalidInputError listing the known names. */
export function builtInStrategy(name: string, field = '--strategy'): RegisteredStrategy {
  const entry = Object.hasOwn(BUILT_IN_STRATEGIES, name) ? BUILT_IN_STRATEGIES[name] : undefined;
  if (entry === undefined) {
    throw new InvalidInputError(field, name, `is not a known strategy (known: ${knownStrategyNames().join(', ')}; or give a module path such as ./my-strategy.ts)`);
  }
  return entry;
}

/** Absolute path of a registered strategy's default config. */
export function defaultConfigFile(entry: RegisteredStrategy): string {
  return join(projectRoot(), entry.defaultConfigPath);
}
