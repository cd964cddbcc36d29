/**
 * Experiment 2, the error of discrete delta hedging (Kamal & Derman 1999, "When you cannot hedge
 * continuously: the corrections to Black–Scholes", Goldman Sachs QS Research Notes): a dealer
 * sells one at-the-money Black–Scholes call at the volatility the underlying really has and
 * delta-hedges it N times at equal intervals; the standard deviation of the final profit and
 * loss is √(π/4)·σ·vega/√N, with vega per 1.00 of volatility at inception.
 *
 * Where the formula comes from, and how close it should be: each rebalancing interval leaves
 * ½Γ S²(σ²δt − (δS/S)²), of variance ½Γ²S⁴σ⁴δt²; summed, and averaged over the log-normal price
 * with Γ S² = S·n(d₁)/(σ√τ), the time integral ∫₀ᵀ dt/√(T² − t²) = π/2 gives σ²S²T/(8N) =
 * (π/4)(σ·vega)²/N for an at-the-money option. That is leading order in 1/N and in σ²T; the
 * corrections (the drift of S·n(d₁) along the path, the next order in δt) are about −1 to −2 %
 * at σ = 0.8 over 30 days. On top of that the standard deviation of M paths has a relative
 * standard error of about √((κ − 1)/(4M)) (κ the kurtosis of the P&L), reported in the details.
 *
 * With a rate r the hedge's cash earns r: the P&L at expiry, discounted by e^{−rT}, is what the
 * formula speaks of (vega is then the discounted-spot vega the Black–Scholes module returns).
 */
import { blackScholes, forwardLogMoneyness } from '../../math/black-scholes.js';
import { normCdf } from '../../math/normal.js';
import { generateGbmPath } from '../../market/paths/gbm.js';
import { InvalidInputError, requirePositive } from '../../errors.js';
import { deriveSeed, requireInteger, requireVolatility } from './params.js';
import { progressTicker, verdictOf, type ExperimentReport, type ProgressCallback } from './result.js';

export interface DeltaHedgeExperimentParams {
  readonly volAnnual: number;
  /** Rebalancing dates N (the first at inception). */
  readonly hedges: number;
  /** Monte Carlo paths M. */
  readonly paths: number;
  readonly seed: number;
  readonly spot: number;
  /** Strike as a fraction of spot: 1 is the at-the-money option the formula is derived for. */
  readonly moneyness: number;
  readonly expiryYears: number;
  readonly rate: number;
}

/** Full size: 40,000 paths of 100 hedges (4 M Black–Scholes deltas, a few seconds). */
export const DELTA_HEDGE_DEFAULTS: DeltaHedgeExperimentParams = {
  volAnnual: 0.8,
  hedges: 100,
  paths: 40_000,
  seed: 1,
  spot: 2000,
  moneyness: 1,
  expiryYears: 30 / 365,
  rate: 0,
};

/** Leading-order approximation error (~2 %) plus five standard errors of the estimated std. */
export function deltaHedgeTolerance(paths: number, kurtosis = 5): number {
  return 0.02 + 5 * Math.sqrt((kurtosis - 1) / (4 * paths));
}

export function runDeltaHedgeExperiment(
  params: DeltaHedgeExperimentParams = DELTA_HEDGE_DEFAULTS,
  onProgress?: ProgressCallback,
): ExperimentReport {
  requireVolatility('volAnnual', params.volAnnual);
  requireInteger('hedges', params.hedges, 1, 100_000);
  requireInteger('paths', params.paths, 2, 10_000_000);
  requireInteger('seed', params.seed, -(2 ** 31), 2 ** 32 - 1);
  requirePositive('spot', params.spot);
  requirePositive('moneyness', params.moneyness);
  requirePositive('expiryYears', params.expiryYears);
  if (!(Number.isFinite(params.rate) && Math.abs(params.rate) <= 1)) {
    throw new InvalidInputError('rate', params.rate, 'must be a number in [-1, 1]');
  }

  const { volAnnual, hedges, paths, spot, expiryYears, rate } = params;
  const strike = spot * params.moneyness;
  const dtYears = expiryYears / hedges;
  const atInception = blackScholes({ kind: 'call', spot, strike, rate, dividendYield: 0, volatility: volAnnual, expiry: expiryYears });
  const growthPerStep = Math.exp(rate * dtYears);
  const discount = Math.exp(-rate * expiryYears);

  const prices = new Float64Array(hedges + 1);
  const pnls = new Float64Array(paths);
  const tick = progressTicker(paths, onProgress);
  for (let p = 0; p < paths; p++) {
    // the real-world drift is the rate: the hedge then has zero mean P&L to leading order
    generateGbmPath({ seed: deriveSeed(params.seed, p), steps: hedges, dtYears, initialPrice: spot, driftAnnual: rate, volAnnual }, prices);
    // short the call, buy delta shares, bank the rest
    let shares = atInception.delta;
    let cash = atInception.price - shares * spot;
    for (let i = 1; i < hedges; i++) {
      cash *= growthPerStep;
      const price = prices[i]!;
      const delta = callDelta(price, strike, rate, volAnnual, expiryYears - i * dtYears);
      cash -= (delta - shares) * price;
      shares = delta;
    }
    cash *= growthPerStep;
    const finalPrice = prices[hedges]!;
    pnls[p] = (cash + shares * finalPrice - Math.max(finalPrice - strike, 0)) * discount;
    tick(p + 1);
  }

  const { mean, std, kurtosis } = moments(pnls);
  const theory = Math.sqrt(Math.PI / 4) * volAnnual * atInception.vega / Math.sqrt(hedges);
  const tolerance = deltaHedgeTolerance(paths, Math.max(kurtosis, 3));
  const relativeError = Math.abs(std - theory) / theory;
  return {
    id: 'delta-hedge',
    title: 'Standard deviation of a discretely delta-hedged Black–Scholes call',
    reference: 'Kamal & Derman (1999), Goldman Sachs QS Research Notes: std P&L = √(π/4)·σ·vega/√N',
    params: { ...params },
    results: [
      {
        id: 'delta-hedge.std',
        quantity: 'std of hedged P&L vs √(π/4)·σ·vega/√N (per option)',
        theory,
        simulated: std,
        relativeError,
        tolerance,
        verdict: verdictOf(relativeError, tolerance),
        details: {
          optionPrice: atInception.price,
          vega: atInception.vega,
          meanPnl: mean,
          meanPnlStandardError: std / Math.sqrt(paths),
          kurtosis,
          stdStandardError: Math.sqrt((Math.max(kurtosis, 1) - 1) / (4 * paths)),
        },
      },
    ],
  };
}

/**
 * The Black–Scholes call delta N(d₁) (no dividend), the same d₁ as `blackScholes`. The full
 * function also prices, and far from the money its cancellation-free price costs ten times the
 * delta; millions of hedges only need the delta.
 */
export function callDelta(spot: number, strike: number, rate: number, volAnnual: number, expiryYears: number): number {
  const totalVolatility = volAnnual * Math.sqrt(expiryYears);
  return normCdf(forwardLogMoneyness(spot, strike, rate, 0, expiryYears) / totalVolatility + 0.5 * totalVolatility);
}

/** Mean, sample standard deviation and kurtosis (3 for a normal), two passes for accuracy. */
function moments(values: Float64Array): { mean: number; std: number; kurtosis: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    const d2 = d * d;
    m2 += d2;
    m4 += d2 * d2;
  }
  const variance = m2 / (n - 1);
  const populationVariance = m2 / n;
  return { mean, std: Math.sqrt(variance), kurtosis: populationVariance > 0 ? m4 / n / (populationVariance * populationVariance) : 3 };
}
