/**
 * The normalised Black function of P. Jäckel, "Let's Be Rational" (2016), section 2:
 *
 *   b(x, s, θ) = θ·[ e^{x/2}·Φ(θ(x/s + s/2)) − e^{−x/2}·Φ(θ(x/s − s/2)) ],
 *
 * x = ln(F/K), s = σ√T, θ = +1 call / −1 put; Black's undiscounted price is √(FK)·b.
 *
 * Everything reduces to the out-of-the-money call (x <= 0) by put–call parity and x → −x. With
 * h = x/s, t = s/2 and the Mills-type ratio Y(z) = Φ(z)/φ(z),
 *
 *   b(x, s) = exp(−(h² + t²)/2)/√(2π) · [ Y(h + t) − Y(h − t) ],
 *
 * and the two Y terms cancel when t ≪ |h|. Four regions keep relative accuracy everywhere:
 * an asymptotic expansion (both arguments far in the left tail), a Taylor series in t (small
 * total volatility), Φ directly (no cancellation) and erfcx (the rest).
 */
import { erfcx, expNegHalfSumOfSquares, normCdf } from '../normal.js';

const ONE_OVER_SQRT_TWO = 0.7071067811865476;
const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
const SQRT_PI_OVER_TWO = 1.2533141373155003;
/** h below which the tail asymptotics of Y are accurate to double precision (Jäckel's η). */
const ASYMPTOTIC_EXPANSION_H_THRESHOLD = -10;
/** t = s/2 below which the Taylor series in t converges in a handful of terms (Jäckel's τ = 2·ε^{1/16}). */
const SMALL_T_THRESHOLD = 2 * Math.pow(Number.EPSILON, 1 / 16);
/** Above this h + t the two Φ terms do not cancel much, so Φ is used directly. */
const DIRECT_CDF_THRESHOLD = 0.85;
/** Series terms below this fraction of the running sum no longer change a double. */
const SERIES_RELATIVE_CUTOFF = 1e-17;
const ASYMPTOTIC_MAX_TERMS = 40;
const TAYLOR_MAX_ODD_ORDER = 21;

/**
 * [Y(h+t) − Y(h−t)]/√(2π) from the asymptotic series Y(z) ~ Σ (−1)^n (2n−1)!! / |z|^{2n+1}
 * (Abramowitz & Stegun 26.2.12). Each difference u^m − v^m (u = 1/|h+t|, v = 1/|h−t|) is formed
 * as (u − v)·Σ_{j<m} u^j v^{m−1−j} with u − v = 2t·u·v exactly, so nothing cancels.
 */
function asymptoticExpansionBracket(h: number, t: number): number {
  const u = -1 / (h + t);
  const v = 1 / (t - h);
  let geometricSum = 1; // Σ_{j<m} u^j v^{m−1−j} for m = 1, 3, 5, ...
  let vPower = v; // v^m
  let coefficient = 1; // (−1)^n (2n−1)!!
  let sum = 1;
  for (let n = 1; n <= ASYMPTOTIC_MAX_TERMS; n++) {
    geometricSum = u * geometricSum + vPower;
    vPower *= v;
    geometricSum = u * geometricSum + vPower;
    vPower *= v;
    coefficient *= -(2 * n - 1);
    const term = coefficient * geometricSum;
    sum += term;
    if (Math.abs(term) <= SERIES_RELATIVE_CUTOFF * sum) break;
  }
  return ONE_OVER_SQRT_TWO_PI * (2 * t * u * v) * sum;
}

/**
 * [Y(h+t) − Y(h−t)]/√(2π) = 2·Σ_{k odd} Y⁽ᵏ⁾(h)·t^k/k! /√(2π), with Y' = 1 + hY and
 * Y⁽ⁿ⁺¹⁾ = n·Y⁽ⁿ⁻¹⁾ + h·Y⁽ⁿ⁾ (all derivatives are positive, so the series has no cancellation).
 */
function smallTExpansionBracket(h: number, t: number): number {
  const y = SQRT_PI_OVER_TWO * erfcx(-ONE_OVER_SQRT_TWO * h);
  let derivativeBefore = y; // Y^(k-1)
  let derivative = 1 + h * y; // Y^(k), k = 1
  let power = t; // t^k / k!
  const tSquared = t * t;
  let sum = derivative * power;
  for (let k = 1; k < TAYLOR_MAX_ODD_ORDER; k += 2) {
    const derivativeNext = k * derivativeBefore + h * derivative;
    derivative = (k + 1) * derivative + h * derivativeNext;
    derivativeBefore = derivativeNext;
    power *= tSquared / ((k + 1) * (k + 2));
    const term = derivative * power;
    sum += term;
    if (Math.abs(term) <= SERIES_RELATIVE_CUTOFF * sum) break;
  }
  return ONE_OVER_SQRT_TWO_PI * 2 * sum;
}

/** [Y(h+t) − Y(h−t)]/√(2π) = ½[erfcx(−(h+t)/√2) − erfcx(−(h−t)/√2)]. */
function erfcxBracket(h: number, t: number): number {
  return 0.5 * (erfcx(-ONE_OVER_SQRT_TWO * (h + t)) - erfcx(-ONE_OVER_SQRT_TWO * (h - t)));
}

/** b = exp(−(h²+t²)/2)·bracket(h, t) in the regions where the bracket form is accurate. */
function bracket(h: number, t: number): number {
  if (h < ASYMPTOTIC_EXPANSION_H_THRESHOLD && h + t < ASYMPTOTIC_EXPANSION_H_THRESHOLD + SMALL_T_THRESHOLD) {
    return asymptoticExpansionBracket(h, t);
  }
  if (t < SMALL_T_THRESHOLD) return smallTExpansionBracket(h, t);
  return erfcxBracket(h, t);
}

/** Where the two Φ terms hardly cancel, b = Φ(h+t)·e^{x/2} − Φ(h−t)·e^{−x/2} directly. */
function isDirectCdfRegion(h: number, t: number): boolean {
  return h + t > DIRECT_CDF_THRESHOLD && t >= SMALL_T_THRESHOLD;
}

function directCdf(x: number, h: number, t: number): number {
  const halfForward = Math.exp(0.5 * x);
  return normCdf(h + t) * halfForward - normCdf(h - t) / halfForward;
}

/** Normalised Black call for x <= 0 (out of or at the money), with relative accuracy. */
export function normalisedBlackOutOfTheMoneyCall(x: number, s: number): number {
  if (!(s > 0)) return 0;
  const h = x / s;
  const t = 0.5 * s;
  const value = isDirectCdfRegion(h, t) ? directCdf(x, h, t) : expNegHalfSumOfSquares(h, t) * bracket(h, t);
  return value > 0 ? value : 0;
}

/** Index of b in the output of normalisedBlackAndVegaOutOfTheMoneyCall. */
export const BLACK = 0;
/** Index of ∂b/∂s in the output of normalisedBlackAndVegaOutOfTheMoneyCall. */
export const VEGA = 1;

/**
 * b(x, s) and its vega for x <= 0 into out[BLACK], out[VEGA]; they share exp(−(h²+t²)/2), which
 * saves one exponential per evaluation in the implied volatility iteration.
 */
export function normalisedBlackAndVegaOutOfTheMoneyCall(x: number, s: number, out: Float64Array): void {
  if (!(s > 0)) {
    out[BLACK] = 0;
    out[VEGA] = x === 0 ? ONE_OVER_SQRT_TWO_PI : 0;
    return;
  }
  const h = x / s;
  const t = 0.5 * s;
  const gaussian = expNegHalfSumOfSquares(h, t);
  const value = isDirectCdfRegion(h, t) ? directCdf(x, h, t) : gaussian * bracket(h, t);
  out[BLACK] = value > 0 ? value : 0;
  out[VEGA] = ONE_OVER_SQRT_TWO_PI * gaussian;
}

/** Normalised intrinsic value max(θ·(e^{x/2} − e^{−x/2}), 0). */
export function normalisedIntrinsic(x: number, q: number): number {
  const callIntrinsic = 2 * Math.sinh(0.5 * x);
  const value = q < 0 ? -callIntrinsic : callIntrinsic;
  return value > 0 ? value : 0;
}

/** Normalised Black call b(x, s, +1) for any x. */
export function normalisedBlackCall(x: number, s: number): number {
  if (x > 0) return normalisedIntrinsic(x, 1) + normalisedBlackOutOfTheMoneyCall(-x, s);
  return normalisedBlackOutOfTheMoneyCall(x, s);
}

/**
 * Normalised Black price b(x, s, q): x = ln(F/K), s = σ√T, q = +1 call / −1 put (Jäckel's θ,
 * not a dividend yield).
 */
export function normalisedBlack(x: number, s: number, q: number): number {
  return normalisedBlackCall(q < 0 ? -x : x, s);
}

/** ∂b/∂s = exp(−(x²/s² + s²/4)/2)/√(2π); the same for calls and puts. */
export function normalisedVega(x: number, s: number): number {
  if (x === 0) return ONE_OVER_SQRT_TWO_PI * expNegHalfSumOfSquares(0, 0.5 * s);
  if (!(s > 0)) return 0;
  return ONE_OVER_SQRT_TWO_PI * expNegHalfSumOfSquares(x / s, 0.5 * s);
}
