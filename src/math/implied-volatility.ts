/**
 * Black–Scholes–Merton implied volatility by P. Jäckel's "Let's Be Rational" (see
 * lets-be-rational/normalised-implied-volatility.ts for the method): four-segment rational
 * initial guess and at most two fourth-order Householder steps, to the precision the input price
 * allows, in constant time.
 *
 * In-the-money options are inverted through their out-of-the-money twin: the normalised intrinsic
 * value is subtracted from the normalised price (put–call parity in normalised space).
 *
 * Also exported: Jäckel's public functions at the Black (undiscounted, forward) level and the
 * normalised level, named after the reference implementation, with q = +1 call / −1 put.
 */
import { requireFinite, requireNonNegative, requirePositive } from '../errors.js';
import { forwardLogMoneyness, optionSign, type OptionKind } from './black-scholes.js';
import {
  normalisedBlackOutOfTheMoneyCall,
  normalisedBlack,
  normalisedVega,
} from './lets-be-rational/normalised-black.js';
import {
  clampBelowMaximum,
  DEFAULT_HOUSEHOLDER_ITERATIONS,
  normalisedImpliedVolatilityFromTransformedRationalGuess,
  normalisedImpliedVolatilityFromTransformedRationalGuessWithLimitedIterations,
  outOfTheMoneyCallNormalisedVolatility,
} from './lets-be-rational/normalised-implied-volatility.js';
import {
  priceAboveUpperBoundError,
  priceBelowIntrinsicError,
  timeValueAtExpiryError,
} from './lets-be-rational/price-bound-errors.js';

export {
  normalisedBlack,
  normalisedVega,
  normalisedImpliedVolatilityFromTransformedRationalGuess,
  normalisedImpliedVolatilityFromTransformedRationalGuessWithLimitedIterations,
};

/** Rounding of S·Dq − K·Dr, in ulps of S·Dq + K·Dr: exp, product and difference each add one. */
const INTRINSIC_ROUNDING_ULPS = 4;

export interface ImpliedVolatilityInput {
  readonly kind: OptionKind;
  /** Observed option premium, in the same currency as spot and strike. */
  readonly price: number;
  /** Spot price of the underlying, > 0. */
  readonly spot: number;
  /** Strike price, > 0. */
  readonly strike: number;
  /** Continuously compounded risk-free rate per year. */
  readonly rate: number;
  /** Continuous dividend (or borrow / staking) yield per year. */
  readonly dividendYield: number;
  /** Time to expiry in years, >= 0. */
  readonly expiry: number;
}

/**
 * The annualised Black–Scholes–Merton volatility that reproduces `price` (contract).
 * Throws RangeError when the price is below intrinsic value (max(±(S·Dq − K·Dr), 0)) or at or
 * above the upper bound (S·Dq for a call, K·Dr for a put), and when expiry is 0 but the price
 * carries time value. Returns 0 for a price at intrinsic value (within the few ulps of rounding of
 * S·Dq − K·Dr; further below, it throws). Bad inputs (NaN, spot or strike <= 0, negative expiry,
 * unknown kind) throw InvalidInputError.
 */
export function impliedVolatility(input: ImpliedVolatilityInput): number {
  const sign = optionSign(input.kind);
  const { price, spot, strike, rate, dividendYield, expiry } = input;
  requireFinite('price', price);
  requirePositive('spot', spot);
  requirePositive('strike', strike);
  requireFinite('rate', rate);
  requireFinite('dividendYield', dividendYield);
  requireNonNegative('expiry', expiry);

  const discountedSpot = spot * Math.exp(-dividendYield * expiry);
  const discountedStrike = strike * Math.exp(-rate * expiry);
  const intrinsicSigned = sign * (discountedSpot - discountedStrike);
  const intrinsic = intrinsicSigned > 0 ? intrinsicSigned : 0;
  // S·Dq − K·Dr carries a few ulps of rounding; a price within that of intrinsic is at intrinsic.
  const intrinsicTolerance = intrinsic > 0 ? INTRINSIC_ROUNDING_ULPS * Number.EPSILON * (discountedSpot + discountedStrike) : 0;
  if (!(price >= intrinsic - intrinsicTolerance)) throw priceBelowIntrinsicError(price, intrinsic, 'impliedVolatility');
  const upperBound = sign > 0 ? discountedSpot : discountedStrike;
  if (price >= upperBound) throw priceAboveUpperBoundError(price, upperBound, 'impliedVolatility');
  if (price <= intrinsic) return 0;
  if (expiry === 0) throw timeValueAtExpiryError(price, intrinsic, 'impliedVolatility');

  // The out-of-the-money twin is a normalised call at x = −|ln(F/K)| whose price is the time
  // value. Subtracting the normalised intrinsic 2·sinh(|x|/2), with x accurate to a few ulps,
  // loses less than S·Dq − K·Dr would near the money.
  const logMoneyness = forwardLogMoneyness(spot, strike, rate, dividendYield, expiry);
  const otmLogMoneyness = -Math.abs(logMoneyness);
  let beta = price / (Math.sqrt(discountedSpot) * Math.sqrt(discountedStrike));
  if (sign * logMoneyness > 0) beta -= 2 * Math.sinh(-0.5 * otmLogMoneyness);
  if (!(beta > 0)) return 0;
  const totalVolatility = outOfTheMoneyCallNormalisedVolatility(
    clampBelowMaximum(beta, otmLogMoneyness),
    otmLogMoneyness,
    DEFAULT_HOUSEHOLDER_ITERATIONS,
  );
  return totalVolatility / Math.sqrt(expiry);
}

/**
 * Black's undiscounted price F·Φ(θd1) − K·Φ(θd2) of Jäckel's reference `black(F, K, σ, T, q)`,
 * q = +1 call / −1 put. In the money it is intrinsic plus the out-of-the-money twin.
 */
export function black(forward: number, strike: number, volatility: number, expiry: number, q: number): number {
  const intrinsicSigned = q < 0 ? strike - forward : forward - strike;
  const totalVolatility = volatility * Math.sqrt(expiry);
  const otmX = -Math.abs(Math.log(forward / strike));
  const timeValue = Math.sqrt(forward) * Math.sqrt(strike) * normalisedBlackOutOfTheMoneyCall(otmX, totalVolatility);
  return intrinsicSigned > 0 ? intrinsicSigned + timeValue : timeValue;
}

const BLACK_CONTEXT = 'impliedVolatilityFromTransformedRationalGuess';

/**
 * Black implied volatility from an undiscounted price at forward F, strike K, expiry T (years),
 * q = +1 call / −1 put, with at most `maxIterations` Householder steps.
 */
export function impliedVolatilityFromTransformedRationalGuessWithLimitedIterations(
  price: number,
  forward: number,
  strike: number,
  expiry: number,
  q: number,
  maxIterations: number,
): number {
  requireFinite('price', price);
  requirePositive('forward', forward);
  requirePositive('strike', strike);
  requireNonNegative('expiry', expiry);
  const intrinsicSigned = q < 0 ? strike - forward : forward - strike;
  const intrinsic = intrinsicSigned > 0 ? intrinsicSigned : 0;
  if (!(price >= intrinsic)) throw priceBelowIntrinsicError(price, intrinsic, BLACK_CONTEXT);
  const upperBound = q < 0 ? strike : forward;
  if (price >= upperBound) throw priceAboveUpperBoundError(price, upperBound, BLACK_CONTEXT);
  if (price === intrinsic) return 0;
  if (expiry === 0) throw timeValueAtExpiryError(price, intrinsic, BLACK_CONTEXT);
  const otmX = -Math.abs(Math.log(forward / strike));
  const beta = (price - intrinsic) / (Math.sqrt(forward) * Math.sqrt(strike));
  if (!(beta > 0)) return 0;
  return outOfTheMoneyCallNormalisedVolatility(clampBelowMaximum(beta, otmX), otmX, maxIterations) / Math.sqrt(expiry);
}

/** As above with Jäckel's default of two Householder steps. */
export function impliedVolatilityFromTransformedRationalGuess(
  price: number,
  forward: number,
  strike: number,
  expiry: number,
  q: number,
): number {
  return impliedVolatilityFromTransformedRationalGuessWithLimitedIterations(
    price,
    forward,
    strike,
    expiry,
    q,
    DEFAULT_HOUSEHOLDER_ITERATIONS,
  );
}
