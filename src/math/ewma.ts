/**
 * RiskMetrics EWMA variance: σ²_{t+1} = λ σ²_t + (1 − λ) r_t². Returns are taken as zero-mean,
 * as RiskMetrics does, because at daily horizons the mean is noise next to the variance.
 */
import { InvalidInputError, requireFinite, requirePositive } from '../errors.js';

export interface EwmaOptions {
  /** Decay λ in (0, 1); RiskMetrics uses 0.94 for daily and 0.97 for monthly data. */
  lambda?: number;
  /**
   * σ² before the first return. Defaults to the first squared return, so the series never
   * looks ahead; pass a longer-run estimate to shorten the burn-in.
   */
  initialVariance?: number;
}

/**
 * The EWMA variance after each return: element i is the one-step-ahead forecast once
 * returns[0..i] are known (so the last element forecasts the period after the data).
 */
export function ewmaVarianceSeries(returns: readonly number[], options: EwmaOptions = {}): number[] {
  const lambda = checkLambda(options.lambda ?? 0.94);
  if (returns.length === 0) throw new InvalidInputError('returns', returns, 'must not be empty');
  returns.forEach((r, i) => requireFinite(`returns[${i}]`, r));
  let variance = options.initialVariance ?? returns[0]! * returns[0]!;
  if (!(Number.isFinite(variance) && variance >= 0)) {
    throw new InvalidInputError('initialVariance', options.initialVariance, 'must be a finite number >= 0');
  }
  const out: number[] = [];
  for (const r of returns) {
    variance = lambda * variance + (1 - lambda) * r * r;
    out.push(variance);
  }
  return out;
}

/** The EWMA one-step-ahead variance after all the returns (per period). */
export function ewmaVariance(returns: readonly number[], options: EwmaOptions = {}): number {
  const series = ewmaVarianceSeries(returns, options);
  return series[series.length - 1]!;
}

/** The EWMA forecast as an annualised volatility: √(N · σ²). */
export function ewmaVolAnnual(
  returns: readonly number[],
  options: EwmaOptions & { periodsPerYear: number },
): number {
  requirePositive('periodsPerYear', options.periodsPerYear);
  return Math.sqrt(options.periodsPerYear * ewmaVariance(returns, options));
}

function checkLambda(lambda: number): number {
  if (!(Number.isFinite(lambda) && lambda > 0 && lambda < 1)) {
    throw new InvalidInputError('lambda', lambda, 'must be a number in (0, 1)');
  }
  return lambda;
}
