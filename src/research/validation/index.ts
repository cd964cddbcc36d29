// The validation experiments: the simulator against published results, one experiment a file,
// run by id with the scenario's knobs (σ, blocks, seed, paths, hedges) on top of each one's
// full-size defaults. `vaultwright validate` is a thin shell over `runValidation`.
import { InvalidInputError } from '../../errors.js';
import { CONCENTRATED_IL_DEFAULTS, runConcentratedIlExperiment } from './concentrated-il.js';
import { DELTA_HEDGE_DEFAULTS, runDeltaHedgeExperiment } from './delta-hedge.js';
import { LENDING_INDEXES_DEFAULTS, runLendingIndexesExperiment } from './lending-indexes.js';
import { LVR_DEFAULTS, runLvrExperiment } from './lvr.js';
import { allPassed, type ExperimentReport, type ProgressCallback, type Verdict } from './result.js';

export * from './result.js';
export { fullRangeTicks, LVR_DEFAULTS, lvrStandardError, lvrTolerance, runLvrExperiment, type LvrExperimentParams } from './lvr.js';
export { callDelta, DELTA_HEDGE_DEFAULTS, deltaHedgeTolerance, runDeltaHedgeExperiment, type DeltaHedgeExperimentParams } from './delta-hedge.js';
export {
  CONCENTRATED_IL_DEFAULTS,
  CONCENTRATED_IL_TOLERANCE,
  runConcentratedIlExperiment,
  type ConcentratedIlExperimentParams,
} from './concentrated-il.js';
export {
  AAVE_USDC_LIKE_STRATEGY,
  compareIndexToClosedForm,
  LENDING_INDEXES_DEFAULTS,
  runLendingIndexesExperiment,
  type LendingIndexesExperimentParams,
} from './lending-indexes.js';
export { deriveSeed } from './params.js';

/** The knobs a caller may turn; each experiment reads the ones that mean something to it. */
export interface ValidationOptions {
  readonly volAnnual?: number;
  readonly blocks?: number;
  readonly seed?: number;
  readonly paths?: number;
  readonly hedges?: number;
  readonly onProgress?: (experimentId: string, fractionDone: number) => void;
}

export type ValidationKnob = 'volAnnual' | 'blocks' | 'seed' | 'paths' | 'hedges';

export interface ValidationExperiment {
  readonly id: string;
  readonly title: string;
  /** Which options it reads (the others are ignored, and the CLI says so in its help). */
  readonly knobs: readonly ValidationKnob[];
  run(options: ValidationOptions, onProgress?: ProgressCallback): ExperimentReport;
}

/** Copies the knobs that were given over the defaults (an absent knob keeps its default). */
function withKnobs<T extends object>(defaults: T, options: ValidationOptions, knobs: Partial<Record<ValidationKnob, keyof T>>): T {
  const out = { ...defaults } as Record<string, unknown>;
  for (const [knob, field] of Object.entries(knobs) as [ValidationKnob, keyof T][]) {
    const value = options[knob];
    if (value !== undefined) out[field as string] = value;
  }
  return out as T;
}

export const VALIDATION_EXPERIMENTS: readonly ValidationExperiment[] = [
  {
    id: 'lvr',
    title: 'LVR of a full-range fee-0 pool = σ²/8 of value per year',
    knobs: ['volAnnual', 'blocks', 'seed'],
    run: (options, onProgress) =>
      runLvrExperiment(withKnobs(LVR_DEFAULTS, options, { volAnnual: 'volAnnual', blocks: 'blocks', seed: 'seed' }), onProgress),
  },
  {
    id: 'delta-hedge',
    title: 'Discrete delta-hedge P&L std = √(π/4)·σ·vega/√N',
    knobs: ['volAnnual', 'paths', 'hedges', 'seed'],
    run: (options, onProgress) =>
      runDeltaHedgeExperiment(
        withKnobs(DELTA_HEDGE_DEFAULTS, options, { volAnnual: 'volAnnual', paths: 'paths', hedges: 'hedges', seed: 'seed' }),
        onProgress,
      ),
  },
  {
    id: 'concentrated-il',
    title: 'Concentrated IL in the exact pool = closed form at every block',
    knobs: ['volAnnual', 'blocks', 'seed'],
    run: (options, onProgress) =>
      runConcentratedIlExperiment(
        withKnobs(CONCENTRATED_IL_DEFAULTS, options, { volAnnual: 'volAnnual', blocks: 'blocks', seed: 'seed' }),
        onProgress,
      ),
  },
  {
    id: 'lending-indexes',
    title: 'Aave indexes over a year of blocks = the rate model compounded',
    knobs: ['blocks'],
    run: (options, onProgress) => runLendingIndexesExperiment(withKnobs(LENDING_INDEXES_DEFAULTS, options, { blocks: 'blocks' }), onProgress),
  },
];

export interface ValidationRun {
  readonly verdict: Verdict;
  readonly reports: readonly ExperimentReport[];
}

/** Picks experiments by id ('all' for every one); an unknown id is bad input naming the choices. */
export function selectExperiments(
  id: string,
  registry: readonly ValidationExperiment[] = VALIDATION_EXPERIMENTS,
  field = 'experiment',
): readonly ValidationExperiment[] {
  if (id === 'all') return registry;
  const found = registry.find((experiment) => experiment.id === id);
  if (found === undefined) throw new InvalidInputError(field, id, `must be one of: all, ${registry.map((e) => e.id).join(', ')}`);
  return [found];
}

export function runValidation(experiments: readonly ValidationExperiment[], options: ValidationOptions = {}): ValidationRun {
  const reports = experiments.map((experiment) => {
    const report = options.onProgress;
    return experiment.run(options, report === undefined ? undefined : (fraction) => report(experiment.id, fraction));
  });
  return { verdict: allPassed(reports) ? 'pass' : 'fail', reports };
}
