// `vaultwright validate`: runs the market simulator against published results (LVR, discrete
// delta hedging, concentrated IL, Aave index accrual) at full size and prints, for each quantity,
// theory, simulated, relative error, tolerance and verdict. Exit 0 when every check passes, 1 when
// the physics fails one (not bad input), 2 for a bad flag.
import type { Command } from 'commander';
import { CommandFindingError, InvalidInputError } from '../../errors.js';
import {
  runValidation,
  selectExperiments,
  VALIDATION_EXPERIMENTS,
  type ValidationExperiment,
  type ValidationOptions,
  type ValidationRun,
} from '../../research/validation/index.js';
import type { CliIo } from '../main.js';
import { parseIntegerOption, parseNumberOption } from '../options.js';
import { formatNumber, formatTable } from '../table.js';

interface ValidateFlags {
  experiment: string;
  sigma?: string;
  blocks?: string;
  seed?: string;
  paths?: string;
  hedges?: string;
  json?: boolean;
}

export interface ValidateCommandOptions {
  /** The experiments to choose from (tests inject a deliberately failing one). */
  readonly registry?: readonly ValidationExperiment[];
  /** Show progress on stderr; default: only when stderr is a terminal. */
  readonly progress?: boolean;
}

/**
 * A failed check is a finding, not a crash: the CLI prints this error's `stack`, so it is set
 * to the one line a person needs (the table above it has the numbers), and main exits 1.
 */
export class ValidationFailedError extends CommandFindingError {
  override readonly name = 'ValidationFailedError';
  constructor(readonly failed: readonly string[]) {
    super(`validation failed: ${failed.join(', ')}`);
  }
}

export function registerValidateCommand(program: Command, io: CliIo, options: ValidateCommandOptions = {}): void {
  const registry = options.registry ?? VALIDATION_EXPERIMENTS;
  const ids = registry.map((experiment) => experiment.id).join(', ');
  program
    .command('validate')
    .description('Run the market simulator against published results and print theory vs simulated')
    .option('--experiment <id>', `one of: all, ${ids}`, 'all')
    .option('--sigma <vol>', 'annual volatility of the GBM price (lvr, delta-hedge, concentrated-il); default 0.8')
    .option('--blocks <n>', '12-second blocks simulated (lvr 500000, concentrated-il 50000, lending-indexes 2628000 = a year)')
    .option('--seed <n>', 'seed of every random path (lvr, delta-hedge, concentrated-il); default 1')
    .option('--paths <n>', 'Monte Carlo paths of the delta hedge; default 40000')
    .option('--hedges <n>', 'rebalancing dates of the delta hedge; default 100')
    .option('--json', 'print the reports as JSON')
    .action((flags: ValidateFlags) => {
      const experiments = selectExperiments(flags.experiment, registry, '--experiment');
      const showProgress = options.progress ?? process.stderr.isTTY === true;
      const run = runValidation(experiments, { ...parseKnobs(flags), ...(showProgress ? { onProgress: progressPrinter(io) } : {}) });
      if (showProgress) io.stderr('\r\x1b[K');
      io.stdout(flags.json === true ? `${JSON.stringify(run, null, 2)}\n` : renderRun(run));
      const failed = run.reports.flatMap((report) => report.results.filter((r) => r.verdict === 'fail').map((r) => r.id));
      if (failed.length > 0) throw new ValidationFailedError(failed);
    });
}

function parseKnobs(flags: ValidateFlags): Omit<ValidationOptions, 'onProgress'> {
  const knobs: { -readonly [K in keyof ValidationOptions]: ValidationOptions[K] } = {};
  if (flags.sigma !== undefined) {
    const sigma = parseNumberOption('--sigma', flags.sigma, { max: 5 });
    if (!(sigma > 0)) throw new InvalidInputError('--sigma', flags.sigma, 'must be > 0');
    knobs.volAnnual = sigma;
  }
  if (flags.blocks !== undefined) knobs.blocks = parseIntegerOption('--blocks', flags.blocks, { min: 1, max: 100_000_000 });
  if (flags.seed !== undefined) knobs.seed = parseIntegerOption('--seed', flags.seed, { min: 0, max: 2 ** 32 - 1 });
  if (flags.paths !== undefined) knobs.paths = parseIntegerOption('--paths', flags.paths, { min: 2, max: 10_000_000 });
  if (flags.hedges !== undefined) knobs.hedges = parseIntegerOption('--hedges', flags.hedges, { min: 1, max: 100_000 });
  return knobs;
}

/** One rewritten status line, at most once per percent of each experiment. */
function progressPrinter(io: CliIo): (experimentId: string, fractionDone: number) => void {
  let last = '';
  return (experimentId, fractionDone) => {
    const line = `validate: ${experimentId} ${Math.floor(fractionDone * 100)} %`;
    if (line === last) return;
    last = line;
    io.stderr(`\r\x1b[K${line}`);
  };
}

function renderRun(run: ValidationRun): string {
  const rows = run.reports.flatMap((report) =>
    report.results.map((r) => [r.id, r.quantity, r.theory, r.simulated, formatError(r.relativeError), formatError(r.tolerance), r.verdict]),
  );
  const out: string[] = [formatTable(['check', 'quantity', 'theory', 'simulated', 'rel. error', 'tolerance', 'verdict'], rows)];
  for (const report of run.reports) {
    const params = Object.entries(report.params)
      .map(([key, value]) => `${key}=${typeof value === 'number' ? formatNumber(value) : String(value)}`)
      .join(' ');
    out.push(`${report.id}: ${report.title}\n  ${report.reference}\n  ${params}`);
  }
  const checks = rows.length;
  const passed = run.reports.reduce((sum, report) => sum + report.results.filter((r) => r.verdict === 'pass').length, 0);
  out.push(`\n${passed} of ${checks} checks passed: ${run.verdict.toUpperCase()}`);
  return `${out.join('\n')}\n`;
}

function formatError(value: number): string {
  return Number.isFinite(value) ? value.toExponential(2) : String(value);
}
