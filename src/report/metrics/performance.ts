/**
 * Return and risk figures of a NAV-per-share path sampled at timestamps t_0 < … < t_{n−1}.
 *
 * Notation: p_i NAV per share; Y = 365 × 86 400 s (a year is 365 days);
 * T = (t_{n−1} − t_0) / Y the run length in years; N = n − 1 the number of periods;
 * Δ = (t_{n−1} − t_0) / N the mean sampling interval; k = Y / Δ periods per year;
 * r_i = p_i / p_{i−1} − 1 the simple period returns; r̄ their mean.
 *
 *   total return   R        = p_{n−1} / p_0 − 1
 *   APR (simple)            = R / T
 *   APY (compound, = CAGR)  = (1 + R)^(1/T) − 1
 *   volatility (annual)  σ  = s·√k,  s = √( Σ (r_i − r̄)² / (N − 1) )           (sample st.dev.)
 *   Sharpe                  = (r̄ − r_f/k) / s · √k                           (r_f annual, simple)
 *   Sortino                 = (r̄ − τ/k) / d · √k,  d = √( Σ min(0, r_i − τ/k)² / N )
 *                             (downside deviation over all N periods; τ the annual target)
 *   Calmar                  = APY / max drawdown                              (CAGR basis)
 *
 * Annualising by the observed mean interval makes a run of hourly marks and one of minute marks
 * comparable; irregular sampling is treated as if evenly spread. A figure that does not exist
 * (zero dispersion, zero drawdown, zero length) is null, never NaN or Infinity, so JSON stays
 * valid and honest.
 */
import { maxDrawdown, type MaxDrawdown } from './drawdown.js';
import { SECONDS_PER_YEAR } from '../../units.js';

export { SECONDS_PER_YEAR } from '../../units.js';

export interface PerformanceOptions {
  /** Annual risk-free rate for Sharpe, simple (0.04 = 4 %); default 0. */
  readonly riskFreeRateAnnual?: number;
  /** Annual minimum acceptable return for Sortino, simple; default 0. */
  readonly sortinoTargetAnnual?: number;
}

export interface Performance {
  readonly startSeconds: number;
  readonly endSeconds: number;
  /** T: run length in years of 365 days. */
  readonly years: number;
  /** n: number of NAV marks. */
  readonly samples: number;
  /** Δ: mean seconds between marks. */
  readonly samplingIntervalSeconds: number;
  readonly totalReturn: number;
  readonly apr: number | null;
  readonly apy: number | null;
  readonly volatilityAnnual: number | null;
  readonly sharpe: number | null;
  readonly sortino: number | null;
  readonly maxDrawdown: MaxDrawdown;
  /** APY / max drawdown (CAGR basis); null when there was no drawdown. */
  readonly calmar: number | null;
  readonly riskFreeRateAnnual: number;
  readonly sortinoTargetAnnual: number;
}

/** Simple returns r_i = p_i / p_{i−1} − 1, one per period. */
export function periodReturns(navPerShare: ArrayLike<number>): Float64Array {
  const returns = new Float64Array(Math.max(0, navPerShare.length - 1));
  for (let index = 1; index < navPerShare.length; index++) {
    returns[index - 1] = navPerShare[index]! / navPerShare[index - 1]! - 1;
  }
  return returns;
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * Dispersion at the level of rounding noise is no dispersion: a path growing at a constant
 * rate has returns that differ only in the last bits, and a Sharpe of 10^15 helps nobody.
 * r = p_i / p_{i−1} − 1 carries an absolute error of a few ε (the quotient is near 1), so the
 * threshold is absolute, a little above that.
 */
function isNoise(deviation: number, returns: Float64Array): boolean {
  let largest = 0;
  for (const value of returns) largest = Math.max(largest, Math.abs(value));
  return deviation <= 64 * Number.EPSILON * (1 + largest);
}

export function computePerformance(
  timestampSeconds: ArrayLike<number>,
  navPerShare: ArrayLike<number>,
  options: PerformanceOptions = {},
): Performance {
  const riskFreeRateAnnual = options.riskFreeRateAnnual ?? 0;
  const sortinoTargetAnnual = options.sortinoTargetAnnual ?? 0;
  const samples = navPerShare.length;
  const startSeconds = timestampSeconds[0]!;
  const endSeconds = timestampSeconds[samples - 1]!;
  const spanSeconds = endSeconds - startSeconds;
  const years = spanSeconds / SECONDS_PER_YEAR;
  const periods = samples - 1;
  const samplingIntervalSeconds = periods > 0 ? spanSeconds / periods : 0;
  const perYear = samplingIntervalSeconds > 0 ? SECONDS_PER_YEAR / samplingIntervalSeconds : 0;

  const totalReturn = navPerShare[samples - 1]! / navPerShare[0]! - 1;
  const apr = years > 0 ? finiteOrNull(totalReturn / years) : null;
  const apy = years > 0 && 1 + totalReturn > 0 ? finiteOrNull(Math.pow(1 + totalReturn, 1 / years) - 1) : null;

  const returns = periodReturns(navPerShare);
  let sum = 0;
  for (const value of returns) sum += value;
  const mean = periods > 0 ? sum / periods : 0;

  let volatilityAnnual: number | null = null;
  let sharpe: number | null = null;
  if (periods >= 2 && perYear > 0) {
    let squares = 0;
    for (const value of returns) squares += (value - mean) ** 2;
    const deviation = Math.sqrt(squares / (periods - 1));
    volatilityAnnual = isNoise(deviation, returns) ? 0 : finiteOrNull(deviation * Math.sqrt(perYear));
    if (volatilityAnnual !== null && volatilityAnnual > 0) {
      sharpe = finiteOrNull(((mean - riskFreeRateAnnual / perYear) / deviation) * Math.sqrt(perYear));
    }
  }

  let sortino: number | null = null;
  if (periods >= 1 && perYear > 0) {
    const target = sortinoTargetAnnual / perYear;
    let downside = 0;
    for (const value of returns) downside += Math.min(0, value - target) ** 2;
    const downsideDeviation = Math.sqrt(downside / periods);
    if (downsideDeviation > 0 && !isNoise(downsideDeviation, returns)) {
      sortino = finiteOrNull(((mean - target) / downsideDeviation) * Math.sqrt(perYear));
    }
  }

  const drawdown = maxDrawdown(timestampSeconds, navPerShare);
  const calmar = apy !== null && drawdown.depth > 0 ? finiteOrNull(apy / drawdown.depth) : null;

  return {
    startSeconds,
    endSeconds,
    years,
    samples,
    samplingIntervalSeconds,
    totalReturn,
    apr,
    apy,
    volatilityAnnual,
    sharpe,
    sortino,
    maxDrawdown: drawdown,
    calmar,
    riskFreeRateAnnual,
    sortinoTargetAnnual,
  };
}
