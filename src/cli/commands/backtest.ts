// `vaultwright backtest`: runs a strategy (a built-in by name, or a user's module by path) on a
// scenario with a config, and prints the metrics and the PnL decomposition (a table, or JSON that
// is the same bytes for the same seed); `--report` writes the HTML report atomically. Bad input
// (flags, config, module) exits 2 naming the field before anything is written; books whose PnL
// components do not add up to the NAV change are a finding (exit 1).
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CommandFindingError, InvalidInputError } from '../../errors.js';
import { runBacktest, type BacktestResult } from '../../engine/backtest.js';
import { loadBacktestConfig, resolveBacktestConfig, type BacktestOverrides, type LoadedBacktestConfig } from '../../engine/backtest-config.js';
import { renderHtmlReport } from '../../report/html/render-report.js';
import { computeRunMetrics, formatMetricsJson, type RunMetrics } from '../../report/metrics.js';
import { assertPnlAddsUp, baseUnitsToDecimal, type ReportInput } from '../../report/report-input.js';
import { builtInStrategy, defaultConfigFile, type AnyStrategy } from '../../strategy/registry.js';
import type { JsonValue } from '../../strategy/types.js';
import type { CliIo } from '../main.js';
import { parseIntegerOption } from '../options.js';
import { clearProgress, progressPrinter } from '../progress.js';
import { isModulePath, loadStrategyModule } from '../strategy-module.js';
import { formatNumber, formatPercent, formatTable } from '../table.js';

interface BacktestFlags {
  strategy?: string;
  config?: string;
  scenario?: string;
  data?: string;
  blocks?: string;
  seed?: string;
  json?: boolean;
  report?: string;
  quiet?: boolean;
}

export interface BacktestCommandOptions {
  /** Show a progress bar on stderr; default: only when stderr is a terminal (and not --quiet). */
  readonly progress?: boolean;
}

/** The PnL components do not add up to the NAV change: the output is printed, then main exits 1. */
export class PnlMismatchError extends CommandFindingError {
  override readonly name = 'PnlMismatchError';
}

export function registerBacktestCommand(program: Command, io: CliIo, options: BacktestCommandOptions = {}): void {
  program
    .command('backtest')
    .description('Backtest a strategy (a built-in name or a module path) on a market scenario; print metrics and the PnL decomposition')
    .option('--strategy <name|path>', 'range-manager, delta-neutral, yield-aggregator, or a strategy module ./my-strategy.ts (default: the config\'s "strategy")')
    .option('--config <file>', 'backtest config JSON (default for a built-in: examples/backtests/<name>.json on real data)')
    .option('--scenario <file>', "scenario JSON replacing the config's")
    .option('--data <file>', "price CSV replacing the scenario's replayed file (same format: timestamp,open,high,low,close,volume)")
    .option('--blocks <n>', "blocks to run (default: the config's, else the scenario's)")
    .option('--seed <n>', "seed of every random process (default: the config's, else the scenario's)")
    .option('--json', 'print the metrics and the PnL decomposition as JSON (same seed, same bytes)')
    .option('--report <file>', 'write the HTML report (charts) to this file')
    .option('--quiet', 'no progress bar')
    .action(async (flags: BacktestFlags) => {
      // Every flag first: a typo is reported before a file is read or a block is run.
      const overrides = parseOverrides(flags);
      const reportFile = flags.report === undefined ? undefined : checkReportTarget(flags.report);
      const { strategy, loaded } = await resolveStrategyAndConfig(flags);
      const backtestOptions = resolveBacktestConfig(loaded, strategy, overrides);
      const showProgress = flags.quiet !== true && (options.progress ?? process.stderr.isTTY === true);
      const result = runBacktest({
        ...backtestOptions,
        ...(showProgress ? { onProgress: progressPrinter(io, 'backtest', backtestOptions.blocks) } : {}),
      });
      if (showProgress) clearProgress(io);
      const input = result.reportInput;
      let mismatch: Error | undefined;
      try {
        assertPnlAddsUp(input);
      } catch (error) {
        mismatch = error as Error;
      }
      if (mismatch !== undefined) throw new PnlMismatchError(`the PnL does not add up: ${mismatch.message}`);
      const metrics = computeRunMetrics(input);
      const scenarioName = backtestOptions.scenario!.name;
      io.stdout(flags.json === true ? backtestJson(result, input, metrics, scenarioName) : renderHuman(result, input, metrics, scenarioName, loaded.file));
      if (reportFile !== undefined) writeFileAtomically(reportFile, renderHtmlReport(input));
    });
}

function parseOverrides(flags: BacktestFlags): BacktestOverrides {
  return {
    ...(flags.blocks === undefined ? {} : { blocks: parseIntegerOption('--blocks', flags.blocks, { min: 1, max: 100_000_000 }) }),
    ...(flags.seed === undefined ? {} : { seed: parseIntegerOption('--seed', flags.seed, { min: 0, max: 2 ** 32 - 1 }) }),
    ...(flags.data === undefined ? {} : { dataFile: requireFile('--data', flags.data) }),
    ...(flags.scenario === undefined ? {} : { scenarioFile: requireFile('--scenario', flags.scenario) }),
  };
}

function requireFile(flag: string, path: string): string {
  if (!existsSync(path) || !statSync(path).isFile()) throw new InvalidInputError(flag, path, 'no such file');
  return path;
}

/** The report's directory must exist, and the path must not be a directory: checked before the run. */
function checkReportTarget(path: string): string {
  const file = resolve(path);
  const directory = dirname(file);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new InvalidInputError('--report', path, `its directory ${directory} does not exist`);
  if (existsSync(file) && statSync(file).isDirectory()) throw new InvalidInputError('--report', path, 'is a directory');
  return file;
}

/**
 * The strategy and its config. A built-in name without --config runs its default config; a module
 * path needs --config (a user's strategy has no default market); with only --config, the config's
 * "strategy" names it (a registered name, or a module path relative to the config file).
 */
async function resolveStrategyAndConfig(flags: BacktestFlags): Promise<{ strategy: AnyStrategy; loaded: LoadedBacktestConfig }> {
  if (flags.strategy === undefined) {
    if (flags.config === undefined) throw new InvalidInputError('--strategy', undefined, 'give --strategy NAME|PATH, or --config FILE whose "strategy" names one');
    const loaded = loadBacktestConfig(flags.config);
    const named = loaded.config.strategy;
    const strategy = isModulePath(named)
      ? (await loadStrategyModule(resolveAgainst(loaded.baseDirectory, named), 'config.strategy')).strategy
      : builtInStrategy(named, 'config.strategy').strategy;
    return { strategy, loaded };
  }
  if (isModulePath(flags.strategy)) {
    if (flags.config === undefined) throw new InvalidInputError('--config', undefined, `is required with a strategy module (${flags.strategy}): a user's strategy has no default market`);
    const { strategy, file } = await loadStrategyModule(flags.strategy);
    const loaded = loadBacktestConfig(flags.config);
    const named = loaded.config.strategy;
    const sameModule = isModulePath(named) && resolveAgainst(loaded.baseDirectory, named) === file;
    if (!sameModule && named !== strategy.name) {
      throw new InvalidInputError('config.strategy', named, `is not the module given by --strategy (${flags.strategy}, named "${strategy.name}")`);
    }
    return { strategy, loaded };
  }
  const entry = builtInStrategy(flags.strategy);
  const loaded = loadBacktestConfig(flags.config ?? defaultConfigFile(entry));
  if (loaded.config.strategy !== entry.strategy.name) {
    throw new InvalidInputError('config.strategy', loaded.config.strategy, `is a config for another strategy than --strategy ${flags.strategy}`);
  }
  return { strategy: entry.strategy, loaded };
}

function resolveAgainst(directory: string, path: string): string {
  return isAbsolute(path) ? path : resolve(directory, path);
}

/** Written to a temp file beside the target and renamed: a reader never sees half a report. */
export function writeFileAtomically(file: string, text: string): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * The `--json` document: the run's identity, the headline metrics (ratios as numbers, amounts as
 * decimal strings of numeraire base units), the PnL decomposition whose components sum to
 * `navChange` exactly, and the full metrics object of src/report under `details`.
 */
export function backtestJson(result: BacktestResult<JsonValue>, input: ReportInput, metrics: RunMetrics, scenario: string): string {
  const p = metrics.performance;
  const document = {
    strategy: result.strategy,
    scenario,
    seed: result.seed,
    blocks: result.blocks,
    numeraire: input.numeraire,
    metrics: {
      totalReturn: p.totalReturn,
      apr: p.apr,
      sharpe: p.sharpe,
      sortino: p.sortino,
      maxDrawdown: p.maxDrawdown.depth,
      calmar: p.calmar,
      turnover: metrics.turnover,
      feesEarned: metrics.feesEarned,
      gasSpent: metrics.gasSpent,
      mevLost: metrics.mevLost,
      trades: metrics.trades,
      finalNavPerShare: metrics.navPerShareEnd,
    },
    pnl: {
      navStart: result.pnl.navStart,
      navEnd: result.pnl.navEnd,
      navChange: result.pnl.navChange,
      components: result.pnl.components.map((c) => ({ name: c.name, amount: c.amount, description: c.description })),
    },
    counters: result.counters,
    details: formatMetricsJson(input, metrics),
  };
  return `${JSON.stringify(document, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`;
}

function renderHuman(result: BacktestResult<JsonValue>, input: ReportInput, metrics: RunMetrics, scenario: string, configFile: string | undefined): string {
  const { symbol, decimals } = input.numeraire;
  const money = (amount: bigint): string => `${baseUnitsToDecimal(amount, decimals)} ${symbol}`;
  const ratio = (value: number | null): string => (value === null ? '-' : formatNumber(value));
  const percent = (value: number | null): string => (value === null ? '-' : formatPercent(value));
  const p = metrics.performance;
  const out: string[] = [];
  out.push(`Backtest ${result.strategy} on ${scenario}${configFile === undefined ? '' : ` (${configFile})`}, seed ${result.seed}, ${result.blocks} blocks`);
  out.push(`${new Date(p.startSeconds * 1000).toISOString()} to ${new Date(p.endSeconds * 1000).toISOString()}\n`);
  out.push(
    formatTable(
      ['metric', 'value'],
      [
        ['total return', percent(p.totalReturn)],
        ['APR', percent(p.apr)],
        ['Sharpe', ratio(p.sharpe)],
        ['Sortino', ratio(p.sortino)],
        ['max drawdown', percent(p.maxDrawdown.depth)],
        ['Calmar', ratio(p.calmar)],
        ['turnover', ratio(metrics.turnover)],
        ['fees earned', money(metrics.feesEarned)],
        ['gas spent', money(metrics.gasSpent)],
        ['MEV lost', money(metrics.mevLost)],
        ['trades (reverted)', `${metrics.trades} (${result.counters.reverts})`],
        ['NAV per share, final', formatNumber(metrics.navPerShareEnd)],
      ],
    ),
  );
  out.push('PnL decomposition');
  out.push(
    formatTable(
      ['component', `amount (${symbol})`],
      [...result.pnl.components.map((c) => [c.name, baseUnitsToDecimal(c.amount, decimals)]), ['= NAV change', baseUnitsToDecimal(result.pnl.navChange, decimals)]],
    ),
  );
  out.push(`NAV ${money(result.pnl.navStart)} -> ${money(result.pnl.navEnd)}; the components add up to the NAV change to the base unit.`);
  if (result.finalBook.options !== undefined) {
    // an option vault: its risk profile now, and the model that priced its options
    const at = result.series.delta.length - 1;
    const greek = (values: readonly number[], scale = 1): string => formatNumber((values[at] ?? 0) * scale);
    out.push(
      `Book Greeks at the end: delta ${greek(result.series.delta)}, gamma ${greek(result.series.gamma)}, vega ${greek(result.series.vega, 0.01)} ${symbol} per vol point, theta ${greek(result.series.theta, 1 / 365)} ${symbol} per day.`,
    );
    for (const note of input.notes) if (note.startsWith('Options priced by')) out.push(note);
  }
  return `${out.join('\n')}\n`;
}
