/**
 * Black–Scholes–Merton price and Greeks of a European option with a continuous dividend yield.
 *
 *   d1 = [ln(S/K) + (r − q + σ²/2)T]/(σ√T),  d2 = d1 − σ√T,  Dq = e^{−qT},  Dr = e^{−rT}
 *   call = S·Dq·N(d1) − K·Dr·N(d2),  put = K·Dr·N(−d2) − S·Dq·N(−d1)
 *
 * Units (contract): expiry in years, vega per 1.00 of volatility, theta per year as the calendar
 * derivative −∂V/∂T (QuantLib's `theta`; thetaPerDay = theta/365), rho per 1.00 of rate.
 *
 * Accuracy: N is evaluated at the option's own sign (N(−d) for puts, never 1 − N(d)), with
 * relative precision in the tails. When the two terms of the price cancel (deep out of the money,
 * or tiny σ√T), the price is taken from Jäckel's normalised Black function instead, which keeps
 * relative precision down to the subnormal range.
 *
 * Limits (no NaN): expiry 0 → intrinsic value; volatility 0 → discounted intrinsic of the
 * forward; strike 0 → call = S·Dq, put = 0; spot 0 → call = 0, put = K·Dr. In these limits
 * gamma is 0 and delta is a step: Dq·(1, 0) for a call in/out of the money and Dq·(0, −1) for a
 * put; exactly at the money (forward = strike) delta is ±½·Dq by convention, and theta likewise
 * takes half of its in-the-money carry term (q·S·Dq − r·K·Dr), dropping the diffusion term that
 * diverges there. Vega is 0 at expiry; at zero volatility it is its σ → 0 limit (0 unless the
 * forward equals the strike, then S·Dq·√T/√(2π)).
 */
import { InvalidInputError, requireFinite, requireNonNegative } from '../errors.js';
import { normalisedBlack } from './lets-be-rational/normalised-black.js';
import { normCdf, normPdf } from './normal.js';

export type OptionKind = 'call' | 'put';

export interface BlackScholesInput {
  readonly kind: OptionKind;
  /** Spot price of the underlying, >= 0. */
  readonly spot: number;
  /** Strike price, >= 0. */
  readonly strike: number;
  /** Continuously compounded risk-free rate per year (0.05 = 5 %). */
  readonly rate: number;
  /** Continuous dividend (or borrow / staking) yield per year. */
  readonly dividendYield: number;
  /** Annualised volatility (0.2 = 20 %), >= 0. */
  readonly volatility: number;
  /** Time to expiry in years (365-day year), >= 0. */
  readonly expiry: number;
}

export interface BlackScholesResult {
  readonly price: number;
  /** ∂V/∂S. */
  readonly delta: number;
  /** ∂²V/∂S². */
  readonly gamma: number;
  /** ∂V/∂σ per 1.00 of volatility. */
  readonly vega: number;
  /** −∂V/∂T per year. */
  readonly theta: number;
  /** ∂V/∂r per 1.00 of rate. */
  readonly rho: number;
}

/** Beyond this ratio of the larger price term to the price, more than ~1 digit would cancel. */
const CANCELLATION_LIMIT = 16;
const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;

/**
 * ln(F/K) = ln(S/K) + (r − q)·T. Near the money ln(S/K) is taken as log1p((S − K)/K), where
 * S − K is exact, so x keeps its relative precision (a rounded S/K would cost ε/|x| relative and
 * that error is amplified by the near-the-money price).
 */
export function forwardLogMoneyness(spot: number, strike: number, rate: number, dividendYield: number, expiry: number): number {
  const ratio = spot / strike;
  const logRatio = ratio > 0.5 && ratio < 2 ? Math.log1p((spot - strike) / strike) : Math.log(ratio);
  return logRatio + (rate - dividendYield) * expiry;
}

/** +1 for a call, −1 for a put; throws on anything else. */
export function optionSign(kind: OptionKind): number {
  if (kind === 'call') return 1;
  if (kind === 'put') return -1;
  throw new InvalidInputError('kind', kind, "must be 'call' or 'put'");
}

function validate(input: BlackScholesInput): number {
  const sign = optionSign(input.kind);
  requireNonNegative('spot', input.spot);
  requireNonNegative('strike', input.strike);
  requireFinite('rate', input.rate);
  requireFinite('dividendYield', input.dividendYield);
  requireNonNegative('volatility', input.volatility);
  requireNonNegative('expiry', input.expiry);
  return sign;
}

function isDegenerate(input: BlackScholesInput): boolean {
  return input.expiry === 0 || input.volatility === 0 || input.spot === 0 || input.strike === 0;
}

/** Weight of the in-the-money branch in the degenerate limits: 1, 0, or ½ exactly at the money. */
function inTheMoneyWeight(sign: number, discountedSpot: number, discountedStrike: number): number {
  const callWeight = discountedSpot > discountedStrike ? 1 : discountedSpot < discountedStrike ? 0 : 0.5;
  return sign > 0 ? callWeight : 1 - callWeight;
}

function degenerateResult(input: BlackScholesInput, sign: number): BlackScholesResult {
  const { spot, strike, rate, dividendYield, volatility, expiry } = input;
  const dividendDiscount = Math.exp(-dividendYield * expiry);
  const discountedSpot = spot * dividendDiscount;
  const discountedStrike = strike * Math.exp(-rate * expiry);
  const weight = inTheMoneyWeight(sign, discountedSpot, discountedStrike);
  const intrinsic = sign * (discountedSpot - discountedStrike);
  const atTheMoneyForwardVega =
    volatility === 0 && expiry > 0 && discountedSpot === discountedStrike
      ? discountedSpot * Math.sqrt(expiry) * ONE_OVER_SQRT_TWO_PI
      : 0;
  // `+ 0` turns the −0 of a put's zero weight into 0.
  return {
    price: intrinsic > 0 ? intrinsic : 0,
    delta: sign * weight * dividendDiscount + 0,
    gamma: 0,
    vega: atTheMoneyForwardVega,
    theta: sign * weight * (dividendYield * discountedSpot - rate * discountedStrike) + 0,
    rho: sign * weight * expiry * discountedStrike + 0,
  };
}

/**
 * Price from the normalised Black function: √(S·Dq·K·Dr)·b(x, σ√T, ±1). Used when the direct
 * formula's two terms cancel.
 */
function priceWithoutCancellation(
  sign: number,
  discountedSpot: number,
  discountedStrike: number,
  logMoneyness: number,
  totalVolatility: number,
): number {
  return Math.sqrt(discountedSpot) * Math.sqrt(discountedStrike) * normalisedBlack(logMoneyness, totalVolatility, sign);
}

/**
 * Rounding can put a deep in-the-money price an ulp or two below S·Dq − K·Dr; the no-arbitrage
 * floor is restored, computed exactly as impliedVolatility computes its bound, so a round trip
 * never reports "below intrinsic value".
 */
function atLeastIntrinsic(price: number, sign: number, discountedSpot: number, discountedStrike: number): number {
  const intrinsic = sign * (discountedSpot - discountedStrike);
  return price < intrinsic ? intrinsic : price;
}

/** Price and all Greeks (contract). Computes d1, d2, N(±d1), N(±d2) and n(d1) once each. */
export function blackScholes(input: BlackScholesInput): BlackScholesResult {
  const sign = validate(input);
  if (isDegenerate(input)) return degenerateResult(input, sign);
  const { spot, strike, rate, dividendYield, volatility, expiry } = input;
  const sqrtExpiry = Math.sqrt(expiry);
  const totalVolatility = volatility * sqrtExpiry;
  const dividendDiscount = Math.exp(-dividendYield * expiry);
  const discountedSpot = spot * dividendDiscount;
  const discountedStrike = strike * Math.exp(-rate * expiry);
  const logMoneyness = forwardLogMoneyness(spot, strike, rate, dividendYield, expiry);
  const d1 = logMoneyness / totalVolatility + 0.5 * totalVolatility;
  const d2 = d1 - totalVolatility;
  const spotProbability = normCdf(sign * d1);
  const spotTerm = discountedSpot * spotProbability;
  const strikeTerm = discountedStrike * normCdf(sign * d2);
  const density = normPdf(d1);
  let price = sign * (spotTerm - strikeTerm);
  if (!(spotTerm + strikeTerm <= CANCELLATION_LIMIT * price)) {
    price = priceWithoutCancellation(sign, discountedSpot, discountedStrike, logMoneyness, totalVolatility);
  }
  price = atLeastIntrinsic(price, sign, discountedSpot, discountedStrike);
  const vega = discountedSpot * density * sqrtExpiry;
  return {
    price,
    delta: sign * dividendDiscount * spotProbability,
    gamma: (dividendDiscount * density) / (spot * totalVolatility),
    vega,
    theta: (-vega * volatility) / (2 * expiry) + sign * (dividendYield * spotTerm - rate * strikeTerm),
    rho: sign * expiry * strikeTerm,
  };
}

/** Price only: the same numbers as `blackScholes(input).price`, without the Greeks. */
export function blackScholesPrice(input: BlackScholesInput): number {
  const sign = validate(input);
  if (isDegenerate(input)) return degenerateResult(input, sign).price;
  const { spot, strike, rate, dividendYield, volatility, expiry } = input;
  const totalVolatility = volatility * Math.sqrt(expiry);
  const discountedSpot = spot * Math.exp(-dividendYield * expiry);
  const discountedStrike = strike * Math.exp(-rate * expiry);
  const logMoneyness = forwardLogMoneyness(spot, strike, rate, dividendYield, expiry);
  const d1 = logMoneyness / totalVolatility + 0.5 * totalVolatility;
  const d2 = d1 - totalVolatility;
  const spotTerm = discountedSpot * normCdf(sign * d1);
  const strikeTerm = discountedStrike * normCdf(sign * d2);
  const price = sign * (spotTerm - strikeTerm);
  if (spotTerm + strikeTerm <= CANCELLATION_LIMIT * price) return atLeastIntrinsic(price, sign, discountedSpot, discountedStrike);
  const stablePrice = priceWithoutCancellation(sign, discountedSpot, discountedStrike, logMoneyness, totalVolatility);
  return atLeastIntrinsic(stablePrice, sign, discountedSpot, discountedStrike);
}
