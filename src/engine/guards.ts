/**
 * Transaction guards, one function for both executors (simulated and chain) so the same intent
 * gets the same integers. A swap's minimum output allows the price to move by k·σ·√Δt while the
 * transaction waits for inclusion: σ from a supplied estimator (annual), Δt the expected
 * confirmation time. Anything tighter reverts on ordinary volatility; anything looser is free
 * money for a sandwich.
 */
import { InvalidInputError } from '../errors.js';
import { mulDiv, PPM } from '../market/money.js';
import type { MarketView } from '../market/simulator/market-view.js';
import { SECONDS_PER_YEAR } from '../units.js';


/** Annual volatility (0.8 = 80 %) of the risky asset as seen in the view. */
export type VolatilityEstimator = (view: MarketView) => number;

/** A fixed volatility: the honest choice when the scenario's σ is known (a GBM backtest). */
export function constantVolatility(volAnnual: number): VolatilityEstimator {
  if (!(Number.isFinite(volAnnual) && volAnnual >= 0)) throw new InvalidInputError('volAnnual', volAnnual, 'must be a finite number >= 0');
  return () => volAnnual;
}

export interface GuardSettings {
  /** how many standard deviations of price move the minimum output tolerates (e.g. 3) */
  readonly k: number;
  /** expected time from decision to inclusion, seconds (e.g. two blocks: 24) */
  readonly confirmationSeconds: number;
  /** the deadline is the decision time plus this many seconds */
  readonly deadlineSeconds: number;
  readonly volatility: VolatilityEstimator;
}

export function validateGuardSettings(settings: GuardSettings): void {
  if (!(Number.isFinite(settings.k) && settings.k >= 0)) throw new InvalidInputError('guards.k', settings.k, 'must be a finite number >= 0');
  if (!(Number.isFinite(settings.confirmationSeconds) && settings.confirmationSeconds >= 0)) {
    throw new InvalidInputError('guards.confirmationSeconds', settings.confirmationSeconds, 'must be a finite number >= 0');
  }
  if (!(Number.isSafeInteger(settings.deadlineSeconds) && settings.deadlineSeconds > 0)) {
    throw new InvalidInputError('guards.deadlineSeconds', settings.deadlineSeconds, 'must be a positive integer');
  }
}

/**
 * The tolerated move k·σ·√Δt as parts per million, rounded UP (a guard errs on the side of not
 * reverting on a move it was meant to allow), capped at 100 %.
 */
export function slippageTolerancePpm(k: number, volAnnual: number, confirmationSeconds: number): bigint {
  if (!(Number.isFinite(volAnnual) && volAnnual >= 0)) throw new InvalidInputError('volAnnual', volAnnual, 'must be a finite number >= 0');
  const fraction = k * volAnnual * Math.sqrt(confirmationSeconds / SECONDS_PER_YEAR);
  const ppm = Math.ceil(fraction * 1e6);
  return ppm >= 1_000_000 ? PPM : BigInt(Math.max(0, ppm));
}

/** minOut = quoteOut × (1 − tolerance), rounded down: the quote is what the pool gives now. */
export function minimumOutput(quoteOut: bigint, tolerancePpm: bigint): bigint {
  if (quoteOut < 0n) throw new InvalidInputError('quoteOut', quoteOut, 'must be >= 0');
  if (tolerancePpm < 0n || tolerancePpm > PPM) throw new InvalidInputError('tolerancePpm', tolerancePpm, 'must be in [0, 1e6]');
  return mulDiv(quoteOut, PPM - tolerancePpm, PPM, 'userReceives');
}

/**
 * maxIn = quoteIn × (1 + tolerance), rounded up: the most a mint may pull when the price moves
 * by the tolerated amount before inclusion.
 */
export function maximumInput(quoteIn: bigint, tolerancePpm: bigint): bigint {
  if (quoteIn < 0n) throw new InvalidInputError('quoteIn', quoteIn, 'must be >= 0');
  if (tolerancePpm < 0n || tolerancePpm > PPM) throw new InvalidInputError('tolerancePpm', tolerancePpm, 'must be in [0, 1e6]');
  return mulDiv(quoteIn, PPM + tolerancePpm, PPM, 'userPays');
}

/** The tolerance for this view under these settings. */
export function toleranceFor(settings: GuardSettings, view: MarketView): bigint {
  return slippageTolerancePpm(settings.k, settings.volatility(view), settings.confirmationSeconds);
}
