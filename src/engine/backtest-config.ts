/**
 * A backtest config file: which market (a scenario file or an inline scenario), how long, which
 * seed, the strategy's parameters, the vault's funding, guards, risk limits and triggers. It is
 * untrusted input, so it is validated here with zod (unknown keys refused) and every error names
 * the path a user would fix, e.g. `config.vault.initialFunding.USDC`.
 *
 * Amounts are WHOLE tokens as decimal strings ("100000", "2.5"), converted exactly to base units
 * with the scenario's token decimals: a config is written by a person, and a person reads
 * "2.5 ETH", not 2500000000000000000. Relative paths (the scenario) resolve against the config
 * file's own directory, so a config and its scenario can move together.
 *
 * `resolveBacktestConfig` turns a parsed config and a strategy into `BacktestOptions`; the CLI's
 * flags (--blocks, --seed, --data) are applied before that, as overrides.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import { zodIssueError } from '../zod-issue.js';
import { loadScenario, parseScenario } from '../market/scenario/parse.js';
import { scenarioLendingMarkets, type Scenario } from '../market/scenario/schema.js';
import { createRiskCheck } from '../risk/check.js';
import { riskLimitsSchema } from '../risk/limits.js';
import type { RiskMarket } from '../risk/types.js';
import type { JsonValue, Strategy } from '../strategy/types.js';
import type { BacktestOptions } from './backtest.js';
import { constantVolatility, type GuardSettings } from './guards.js';
import { everyBlock, everySeconds, oracleDeviation, type Trigger } from './triggers.js';

const WHOLE_TOKENS = /^(0|[1-9]\d*)(\.\d+)?$/;
const MAX_SEED = 2 ** 32 - 1;

const guardsSchema = z
  .object({
    /** standard deviations of price move a swap's minimum output tolerates (e.g. 3) */
    k: z.number().finite().nonnegative(),
    /** expected time from decision to inclusion, seconds (about two blocks) */
    confirmationSeconds: z.number().finite().nonnegative(),
    /** the deadline is the decision time plus this many seconds */
    deadlineSeconds: z.number().int().positive(),
    /** annual volatility the guards assume (0.6 = 60 %): a constant, the honest choice for a replay */
    volAnnual: z.number().finite().nonnegative(),
  })
  .strict();

const triggerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('everyBlock') }).strict(),
  z.object({ type: z.literal('everySeconds'), seconds: z.number().finite().positive() }).strict(),
  z.object({ type: z.literal('oracleDeviation'), asset: z.string().min(1), bps: z.number().finite().positive() }).strict(),
]);

const feesSchema = z
  .object({
    /** annual rate on total assets, bps (default 0) */
    managementFeeBps: z.number().int().min(0).max(10_000).default(0),
    /** share of the gain above the high-water mark, bps (default 0) */
    performanceFeeBps: z.number().int().min(0).max(10_000).default(0),
    feeRecipient: z.string().min(1).default('fee-recipient'),
  })
  .strict();

export const backtestConfigSchema = z
  .object({
    /** the strategy this config is for: a registered name, or a module path relative to this file */
    strategy: z.string().min(1),
    /** a scenario file (relative to this file) or an inline scenario object */
    scenario: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
    /** blocks to run (default: the scenario's) */
    blocks: z.number().int().positive().max(100_000_000).optional(),
    /** seed of every random process (default: the scenario's) */
    seed: z.number().int().min(0).max(MAX_SEED).optional(),
    /** the strategy's parameters, validated by its own schema */
    params: z.record(z.string(), z.unknown()).default({}),
    vault: z
      .object({
        numeraire: z.string().min(1),
        /** token → whole tokens as a decimal string ("2.5"), given to the vault at genesis */
        initialFunding: z.record(z.string(), z.string().regex(WHOLE_TOKENS, 'must be a decimal string of whole tokens >= 0, e.g. "2.5"')),
        fees: feesSchema.optional(),
      })
      .strict(),
    guards: guardsSchema,
    /** risk limits (src/risk/limits.ts); absent: no risk check. Wad and base-unit limits as decimal strings. */
    risk: z.record(z.string(), z.unknown()).optional(),
    /** when the strategy is asked (default: every block) */
    triggers: z.array(triggerSchema).min(1).optional(),
    /** one series point every this many blocks (default 60) */
    sampleEveryBlocks: z.number().int().positive().optional(),
    /** 'external' (default): mark the risky asset at the simulator's fair price; 'oracle': at the feeds */
    marks: z.enum(['external', 'oracle']).optional(),
    /** tip per gas, gwei (default 2) */
    maxPriorityFeeGwei: z.number().finite().nonnegative().optional(),
    /** stop asking the strategy after this many failed sends in a row (default 5; 0 never) */
    haltAfterConsecutiveFailures: z.number().int().min(0).optional(),
    /** the report's title */
    title: z.string().min(1).max(200).optional(),
    /** free text for the reader of the file; ignored */
    description: z.string().optional(),
  })
  .strict();

export type BacktestConfigInput = z.input<typeof backtestConfigSchema>;
export type BacktestConfig = z.output<typeof backtestConfigSchema>;

/** A config read from a file: the directory its relative paths resolve against. */
export interface LoadedBacktestConfig {
  readonly config: BacktestConfig;
  readonly baseDirectory: string;
  readonly file?: string;
}

/** Validates a config object (parsed JSON); `baseDirectory` is where its relative paths start. */
export function parseBacktestConfig(data: unknown, baseDirectory: string, file?: string): LoadedBacktestConfig {
  const parsed = backtestConfigSchema.safeParse(data);
  if (!parsed.success) throw zodIssueError('config', data, parsed.error);
  return { config: parsed.data, baseDirectory, ...(file === undefined ? {} : { file }) };
}

export function loadBacktestConfig(path: string): LoadedBacktestConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidInputError('--config', path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError('--config', path, `is not JSON: ${(error as Error).message}`);
  }
  const absolute = resolve(path);
  return parseBacktestConfig(data, dirname(absolute), absolute);
}

/** "2.5" whole tokens → base units, exactly; more fraction digits than the token has is an error. */
export function wholeTokensToBaseUnits(field: string, text: string, decimals: number): bigint {
  const match = WHOLE_TOKENS.exec(text);
  if (match === null) throw new InvalidInputError(field, text, 'must be a decimal string of whole tokens >= 0, e.g. "2.5"');
  const fraction = (match[2] ?? '').slice(1);
  if (fraction.length > decimals) throw new InvalidInputError(field, text, `has ${fraction.length} decimals; the token has ${decimals}`);
  return BigInt(match[1]!) * 10n ** BigInt(decimals) + (fraction === '' ? 0n : BigInt(fraction.padEnd(decimals, '0')));
}

export interface BacktestOverrides {
  readonly blocks?: number;
  readonly seed?: number;
  /** a price CSV replacing the scenario's replayed file (absolute, or relative to the working directory) */
  readonly dataFile?: string;
  /** a scenario file replacing the config's (relative to the working directory) */
  readonly scenarioFile?: string;
}

/** The config's scenario, with a `--scenario` or `--data` override applied. */
export function resolveScenario(loaded: LoadedBacktestConfig, overrides: BacktestOverrides): Scenario {
  const { config, baseDirectory } = loaded;
  let scenario: Scenario;
  if (overrides.scenarioFile !== undefined) scenario = loadScenario(overrides.scenarioFile);
  else if (typeof config.scenario === 'string') {
    const file = isAbsolute(config.scenario) ? config.scenario : resolve(baseDirectory, config.scenario);
    scenario = loadScenario(file);
  } else scenario = parseScenario(config.scenario);
  if (overrides.dataFile !== undefined) {
    if (scenario.price.model !== 'replay') {
      throw new InvalidInputError('--data', overrides.dataFile, `replaces a replayed price file, but the scenario's price model is '${scenario.price.model}'`);
    }
    // Scenario files resolve relative to the project root; a flag resolves relative to where the user stands.
    scenario = { ...scenario, price: { ...scenario.price, file: resolve(overrides.dataFile) } };
  }
  return scenario;
}

function triggerOf(trigger: BacktestConfig['triggers'] extends readonly (infer T)[] | undefined ? T : never): Trigger {
  switch (trigger.type) {
    case 'everyBlock':
      return everyBlock();
    case 'everySeconds':
      return everySeconds(trigger.seconds);
    case 'oracleDeviation':
      return oracleDeviation(trigger.asset, trigger.bps);
  }
}

/** Risk limits from JSON: the bigint limits arrive as decimal strings. */
const BIGINT_LIMITS = ['minHealthFactorWad', 'referenceDepthBaseUnits'] as const;

function riskCheckOf(raw: Record<string, unknown>, scenario: Scenario, numeraire: string, aliases: Readonly<Record<string, string>>) {
  const limits: Record<string, unknown> = { ...raw };
  for (const key of BIGINT_LIMITS) {
    const value = limits[key];
    if (typeof value === 'string' && /^\d+$/.test(value)) limits[key] = BigInt(value);
    else if (value !== undefined) throw new InvalidInputError(`config.risk.${key}`, value, 'must be a decimal integer string');
  }
  const parsed = riskLimitsSchema.safeParse(limits);
  if (!parsed.success) throw zodIssueError('config.risk', raw, parsed.error);
  const market: RiskMarket = {
    numeraire,
    decimals: scenario.tokens,
    aliases,
    feedDecimals: Object.fromEntries(scenario.oracles.map((o) => [o.asset, o.decimals])),
    pools: Object.fromEntries(scenario.venues.pools.map((p) => [p.id, { token0: p.token0, token1: p.token1, feePips: p.feePips }])),
    liquidationThresholdBps: liquidationThresholdsOf(scenario),
  };
  return createRiskCheck({ market, limits: parsed.data });
}

/**
 * Liquidation thresholds by asset, as the risk rules read them (one per asset). Two markets that
 * list one asset with different thresholds are refused rather than silently merged: the health
 * factor rule would judge one market with the other's threshold.
 */
function liquidationThresholdsOf(scenario: Scenario): Record<string, number> {
  const thresholds: Record<string, number> = {};
  for (const { market, at } of scenarioLendingMarkets(scenario)) {
    market.reserves.forEach((reserve, i) => {
      const known = thresholds[reserve.symbol];
      if (known !== undefined && known !== reserve.liquidationThresholdBps) {
        throw new InvalidInputError(
          `${at}.reserves[${i}].liquidationThresholdBps`,
          reserve.liquidationThresholdBps,
          `differs from another market's ${known} bps for ${reserve.symbol}: risk limits need one threshold per asset (run without "risk", or align them)`,
        );
      }
      thresholds[reserve.symbol] = reserve.liquidationThresholdBps;
    });
  }
  return thresholds;
}

export const DEFAULT_SAMPLE_EVERY_BLOCKS = 60;

/**
 * Config + strategy + overrides → the options of `runBacktest`. Validates what depends on the
 * scenario (tokens, decimals) and on the strategy (its parameters), naming the config path.
 */
export function resolveBacktestConfig<Params, Memory extends JsonValue>(
  loaded: LoadedBacktestConfig,
  strategy: Strategy<Params, Memory>,
  overrides: BacktestOverrides = {},
): BacktestOptions<Params, Memory> {
  const { config } = loaded;
  const scenario = resolveScenario(loaded, overrides);
  const decimals = scenario.tokens;
  const known = Object.keys(decimals).join(', ');
  const numeraire = config.vault.numeraire;
  if (decimals[numeraire] === undefined) throw new InvalidInputError('config.vault.numeraire', numeraire, `is not a token of the scenario (${known})`);
  const initialFunding: Record<string, bigint> = {};
  for (const [token, amount] of Object.entries(config.vault.initialFunding)) {
    const field = `config.vault.initialFunding.${token}`;
    const tokenDecimals = decimals[token];
    if (tokenDecimals === undefined) throw new InvalidInputError(field, token, `is not a token of the scenario (${known})`);
    initialFunding[token] = wholeTokensToBaseUnits(field, amount, tokenDecimals);
  }
  const params = strategy.paramsSchema.safeParse(config.params);
  if (!params.success) throw zodIssueError('config.params', config.params, params.error);
  const guards: GuardSettings = {
    k: config.guards.k,
    confirmationSeconds: config.guards.confirmationSeconds,
    deadlineSeconds: config.guards.deadlineSeconds,
    volatility: constantVolatility(config.guards.volAnnual),
  };
  const aliases = { [scenario.nativeToken]: 'WETH' };
  config.triggers?.forEach((trigger, i) => {
    if (trigger.type === 'oracleDeviation' && !scenario.oracles.some((o) => o.asset === trigger.asset)) {
      throw new InvalidInputError(`config.triggers[${i}].asset`, trigger.asset, 'has no oracle in the scenario');
    }
  });
  return {
    scenario,
    strategy,
    // the raw parameters: runBacktest parses them again with the same schema (and deep-freezes them)
    params: config.params,
    vault: { numeraire, initialFunding, ...(config.vault.fees === undefined ? {} : { fees: config.vault.fees }) },
    blocks: overrides.blocks ?? config.blocks ?? scenario.blocks,
    seed: overrides.seed ?? config.seed ?? scenario.seed,
    guards,
    ...(config.triggers === undefined ? {} : { triggers: config.triggers.map(triggerOf) }),
    ...(config.risk === undefined ? {} : { risk: riskCheckOf(config.risk, scenario, numeraire, aliases) }),
    ...(config.maxPriorityFeeGwei === undefined ? {} : { maxPriorityFeePerGas: BigInt(Math.round(config.maxPriorityFeeGwei * 1e9)) }),
    markAliases: aliases,
    marks: config.marks ?? 'external',
    sampleEveryBlocks: config.sampleEveryBlocks ?? DEFAULT_SAMPLE_EVERY_BLOCKS,
    ...(config.title === undefined ? {} : { title: config.title }),
    ...(config.haltAfterConsecutiveFailures === undefined ? {} : { haltAfterConsecutiveFailures: config.haltAfterConsecutiveFailures }),
  };
}
