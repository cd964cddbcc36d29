// What every validation experiment reports: for each quantity, the published value, the
// simulated one, their relative error, the tolerance it is judged by, and why (details).
export type Verdict = 'pass' | 'fail';

export type DetailValue = number | string | boolean;

export interface ValidationResult {
  /** `experiment.quantity`, e.g. 'lvr.pathwise'. */
  readonly id: string;
  /** What is compared, for a person. */
  readonly quantity: string;
  readonly theory: number;
  readonly simulated: number;
  /** |simulated − theory| / |theory| unless the quantity says otherwise (see its details). */
  readonly relativeError: number;
  readonly tolerance: number;
  readonly verdict: Verdict;
  readonly details: Readonly<Record<string, DetailValue>>;
}

export interface ExperimentReport {
  readonly id: string;
  readonly title: string;
  /** The publication (or contract) the theory comes from. */
  readonly reference: string;
  /** The parameters actually run, so a report can be reproduced from itself. */
  readonly params: Readonly<Record<string, DetailValue>>;
  readonly results: readonly ValidationResult[];
}

/** Called now and then with the fraction of the work done, for a progress display. */
export type ProgressCallback = (fractionDone: number) => void;

/** A pass needs a finite error within tolerance: NaN or ∞ never passes. */
export function verdictOf(relativeError: number, tolerance: number): Verdict {
  return Number.isFinite(relativeError) && relativeError <= tolerance ? 'pass' : 'fail';
}

export function relativeErrorOf(simulated: number, theory: number): number {
  if (theory === 0) return simulated === 0 ? 0 : Infinity;
  return Math.abs(simulated - theory) / Math.abs(theory);
}

/** A result judged by |simulated − theory|/|theory| ≤ tolerance. */
export function compareToTheory(
  id: string,
  quantity: string,
  theory: number,
  simulated: number,
  tolerance: number,
  details: Readonly<Record<string, DetailValue>> = {},
): ValidationResult {
  const relativeError = relativeErrorOf(simulated, theory);
  return { id, quantity, theory, simulated, relativeError, tolerance, verdict: verdictOf(relativeError, tolerance), details };
}

/** Every result of every report passed. */
export function allPassed(reports: readonly ExperimentReport[]): boolean {
  return reports.every((report) => report.results.every((result) => result.verdict === 'pass'));
}

/**
 * Calls `onProgress` about a hundred times over `total` units of work, whatever `total` is,
 * so a long loop pays one comparison per step for its progress display.
 */
export function progressTicker(total: number, onProgress: ProgressCallback | undefined): (done: number) => void {
  if (onProgress === undefined) return () => {};
  const every = Math.max(1, Math.floor(total / 100));
  return (done) => {
    if (done % every === 0 || done === total) onProgress(Math.min(1, done / total));
  };
}
