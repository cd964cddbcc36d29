/**
 * GARCH(1,1) with Gaussian innovations on zero-mean returns:
 *   σ²_{t+1} = ω + α r_t² + β σ²_t,   ω > 0, α, β ≥ 0, α + β < 1.
 * Fitted by maximum likelihood with Nelder–Mead in an unconstrained transform of the
 * parameters (so every trial point is admissible), from a fixed grid of starts with restarts:
 * derivative-free and deterministic, which matters more for a backtest than the last few
 * function evaluations a gradient method would save.
 */
import { InvalidInputError, requireFinite, requirePositive } from '../errors.js';
import { createSeededRandom } from './stats.js';

export interface Garch11Params {
  omega: number;
  alpha: number;
  beta: number;
}

export interface Garch11Fit extends Garch11Params {
  /** α + β. */
  persistence: number;
  /** Gaussian log-likelihood at the fitted parameters (constant term included). */
  logLikelihood: number;
  /** V_L = ω / (1 − α − β), per period. */
  longRunVariance: number;
  /** σ²_t used for each return (same length as the returns). */
  conditionalVariances: number[];
  /** σ²_{n+1}: the one-step-ahead variance after the last return. */
  nextVariance: number;
  /** σ²_1, the variance assumed before the first return. */
  initialVariance: number;
  /** Likelihood evaluations spent by the optimiser. */
  evaluations: number;
  /** False if the optimiser stopped on its evaluation budget rather than on its tolerance. */
  converged: boolean;
}

export interface Garch11Options {
  /**
   * σ²_1. Defaults to the mean squared return (the sample variance about zero), a common
   * choice that makes the likelihood insensitive to the start of the sample.
   */
  initialVariance?: number;
  /** Budget of likelihood evaluations across all starts and restarts (default 20 000). */
  maxEvaluations?: number;
}

/** Fewer returns than this cannot pin down three parameters. */
export const GARCH_MIN_RETURNS = 10;

/** The conditional variances σ²_1..σ²_n and the forecast σ²_{n+1} for given parameters. */
export function garch11Variances(
  returns: readonly number[],
  params: Garch11Params,
  initialVariance: number,
): { variances: number[]; nextVariance: number } {
  const variances: number[] = [];
  let s2 = initialVariance;
  for (const r of returns) {
    variances.push(s2);
    s2 = params.omega + params.alpha * r * r + params.beta * s2;
  }
  return { variances, nextVariance: s2 };
}

/** The Gaussian log-likelihood of zero-mean returns under GARCH(1,1). */
export function garch11LogLikelihood(
  returns: readonly number[],
  params: Garch11Params,
  options: { initialVariance?: number } = {},
): number {
  checkReturns(returns);
  checkParams(params);
  const s2First = initialVarianceOf(returns, options.initialVariance);
  return logLikelihood(returns, params.omega, params.alpha, params.beta, s2First);
}

/** Maximum-likelihood fit of GARCH(1,1) to zero-mean returns (demean them first if needed). */
export function fitGarch11(returns: readonly number[], options: Garch11Options = {}): Garch11Fit {
  checkReturns(returns);
  const s2First = initialVarianceOf(returns, options.initialVariance);
  const maxEvaluations = options.maxEvaluations ?? 20_000;
  if (!(Number.isInteger(maxEvaluations) && maxEvaluations >= 100)) {
    throw new InvalidInputError('maxEvaluations', maxEvaluations, 'must be an integer >= 100');
  }
  // ω is optimised relative to the sample variance so the problem is scale-free.
  const scale = meanSquare(returns);
  const decode = (theta: readonly number[]): Garch11Params => {
    const persistence = logistic(theta[1]!);
    const share = logistic(theta[2]!);
    return { omega: scale * Math.exp(theta[0]!), alpha: persistence * share, beta: persistence * (1 - share) };
  };
  let evaluations = 0;
  const objective = (theta: readonly number[]): number => {
    evaluations++;
    const p = decode(theta);
    const ll = logLikelihood(returns, p.omega, p.alpha, p.beta, s2First);
    return Number.isFinite(ll) ? -ll : Number.POSITIVE_INFINITY;
  };

  // Starts: a grid over persistence and the ARCH share, ω set by variance targeting.
  const starts: number[][] = [];
  for (const persistence of [0.5, 0.85, 0.95, 0.99]) {
    for (const share of [0.05, 0.15, 0.35]) {
      starts.push([Math.log(1 - persistence), logit(persistence), logit(share)]);
    }
  }
  const ranked = starts.map((x) => ({ x, f: objective(x) })).sort((a, b) => a.f - b.f);
  let best: Point & { converged: boolean } = { ...ranked[0]!, converged: false };
  const budgetPerStart = Math.floor((maxEvaluations - evaluations) / 3);
  for (const start of ranked.slice(0, 3)) {
    const result = minimizeWithRestarts(objective, start.x, budgetPerStart);
    if (result.f <= best.f) best = result;
  }

  const params = decode(best.x);
  const { variances, nextVariance } = garch11Variances(returns, params, s2First);
  const persistence = params.alpha + params.beta;
  return {
    ...params,
    persistence,
    logLikelihood: -best.f,
    longRunVariance: params.omega / (1 - persistence),
    conditionalVariances: variances,
    nextVariance,
    initialVariance: s2First,
    evaluations,
    converged: best.converged,
  };
}

/**
 * Variance forecasts σ²_{t+h} for h = 1..horizon:
 *   σ²_{t+h} = V_L + (α + β)^{h−1} (σ²_{t+1} − V_L).
 */
export function garch11Forecast(fit: Garch11Params & { nextVariance: number }, horizon: number): number[] {
  checkParams(fit);
  requirePositive('nextVariance', fit.nextVariance);
  if (!(Number.isInteger(horizon) && horizon >= 1)) throw new InvalidInputError('horizon', horizon, 'must be an integer >= 1');
  const persistence = fit.alpha + fit.beta;
  const longRun = fit.omega / (1 - persistence);
  const out: number[] = [];
  let decay = 1;
  for (let h = 1; h <= horizon; h++) {
    out.push(longRun + decay * (fit.nextVariance - longRun));
    decay *= persistence;
  }
  return out;
}

/** Annualised volatility over the next `horizon` periods: √(N · mean of σ²_{t+1..t+h}). */
export function garch11VolForecastAnnual(
  fit: Garch11Params & { nextVariance: number },
  horizon: number,
  periodsPerYear: number,
): number {
  requirePositive('periodsPerYear', periodsPerYear);
  const path = garch11Forecast(fit, horizon);
  let total = 0;
  for (const v of path) total += v;
  return Math.sqrt((periodsPerYear * total) / path.length);
}

/**
 * A simulated GARCH(1,1) path with standard normal innovations, seeded. σ²_1 defaults to the
 * long-run variance.
 */
export function simulateGarch11(
  params: Garch11Params,
  length: number,
  seed: number,
  initialVariance?: number,
): { returns: number[]; variances: number[] } {
  checkParams(params);
  if (!(Number.isInteger(length) && length >= 1)) throw new InvalidInputError('length', length, 'must be an integer >= 1');
  const rng = createSeededRandom(seed);
  let s2 = initialVariance ?? params.omega / (1 - params.alpha - params.beta);
  requirePositive('initialVariance', s2);
  const returns: number[] = [];
  const variances: number[] = [];
  for (let t = 0; t < length; t++) {
    const r = Math.sqrt(s2) * rng.normal();
    returns.push(r);
    variances.push(s2);
    s2 = params.omega + params.alpha * r * r + params.beta * s2;
  }
  return { returns, variances };
}

function logLikelihood(returns: readonly number[], omega: number, alpha: number, beta: number, s2First: number): number {
  const LOG_2PI = Math.log(2 * Math.PI);
  let s2 = s2First;
  let total = 0;
  for (const r of returns) {
    if (!(s2 > 0)) return Number.NEGATIVE_INFINITY;
    total -= 0.5 * (LOG_2PI + Math.log(s2) + (r * r) / s2);
    s2 = omega + alpha * r * r + beta * s2;
  }
  return total;
}

interface Point {
  x: number[];
  f: number;
}

/** Nelder–Mead restarted from its own optimum until a restart no longer improves. */
function minimizeWithRestarts(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  budget: number,
): Point & { converged: boolean } {
  let best: Point = { x: [...x0], f: f(x0) };
  let spent = 1;
  let converged = false;
  for (let restart = 0; restart < 8 && spent < budget; restart++) {
    const run = nelderMead(f, best.x, budget - spent);
    spent += run.evaluations;
    const improvement = best.f - run.f;
    if (run.f < best.f) best = { x: run.x, f: run.f };
    converged = run.converged;
    if (run.converged && improvement <= 1e-10 * Math.max(1, Math.abs(best.f))) break;
  }
  return { ...best, converged };
}

function nelderMead(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  maxEvaluations: number,
): Point & { evaluations: number; converged: boolean } {
  const dim = x0.length;
  let evaluations = 0;
  const evaluate = (x: number[]): Point => {
    evaluations++;
    return { x, f: f(x) };
  };
  const simplex: Point[] = [evaluate([...x0])];
  for (let i = 0; i < dim; i++) {
    const x = [...x0];
    x[i] = x[i]! + 0.5;
    simplex.push(evaluate(x));
  }
  const combine = (a: readonly number[], b: readonly number[], t: number): number[] =>
    a.map((ai, i) => ai + t * (b[i]! - ai));
  let converged = false;
  while (evaluations < maxEvaluations) {
    simplex.sort((a, b) => a.f - b.f);
    const bestPoint = simplex[0]!;
    const worst = simplex[dim]!;
    const fSpread = Math.abs(worst.f - bestPoint.f);
    let xSpread = 0;
    for (const p of simplex) for (let i = 0; i < dim; i++) xSpread = Math.max(xSpread, Math.abs(p.x[i]! - bestPoint.x[i]!));
    if (fSpread <= 1e-12 * Math.max(1, Math.abs(bestPoint.f)) && xSpread <= 1e-8) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(dim).fill(0);
    for (let j = 0; j < dim; j++) for (let i = 0; i < dim; i++) centroid[i]! += simplex[j]!.x[i]! / dim;
    const reflected = evaluate(combine(centroid, worst.x, -1));
    const secondWorst = simplex[dim - 1]!;
    if (reflected.f < bestPoint.f) {
      const expanded = evaluate(combine(centroid, worst.x, -2));
      simplex[dim] = expanded.f < reflected.f ? expanded : reflected;
    } else if (reflected.f < secondWorst.f) {
      simplex[dim] = reflected;
    } else {
      const outside = reflected.f < worst.f;
      const contracted = evaluate(combine(centroid, outside ? reflected.x : worst.x, 0.5));
      if (contracted.f < (outside ? reflected.f : worst.f)) {
        simplex[dim] = contracted;
      } else {
        for (let j = 1; j <= dim; j++) simplex[j] = evaluate(combine(bestPoint.x, simplex[j]!.x, 0.5));
      }
    }
  }
  simplex.sort((a, b) => a.f - b.f);
  const best = simplex[0]!;
  return { x: best.x, f: best.f, evaluations, converged };
}

function checkReturns(returns: readonly number[]): void {
  if (returns.length < GARCH_MIN_RETURNS) {
    throw new InvalidInputError('returns.length', returns.length, `need at least ${GARCH_MIN_RETURNS} returns`);
  }
  returns.forEach((r, i) => requireFinite(`returns[${i}]`, r));
  if (meanSquare(returns) === 0) throw new InvalidInputError('returns', 'all zero', 'need non-zero returns to fit a variance');
}

function checkParams(p: Garch11Params): void {
  requirePositive('omega', p.omega);
  if (!(Number.isFinite(p.alpha) && p.alpha >= 0)) throw new InvalidInputError('alpha', p.alpha, 'must be a finite number >= 0');
  if (!(Number.isFinite(p.beta) && p.beta >= 0)) throw new InvalidInputError('beta', p.beta, 'must be a finite number >= 0');
  if (!(p.alpha + p.beta < 1)) throw new InvalidInputError('alpha + beta', p.alpha + p.beta, 'must be < 1 (stationarity)');
}

function initialVarianceOf(returns: readonly number[], given: number | undefined): number {
  if (given === undefined) return meanSquare(returns);
  requirePositive('initialVariance', given);
  return given;
}

function meanSquare(returns: readonly number[]): number {
  let total = 0;
  for (const r of returns) total += r * r;
  return total / returns.length;
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}
