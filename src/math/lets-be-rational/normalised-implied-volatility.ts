/**
 * Normalised implied volatility s = σ√T from a normalised Black price β, by P. Jäckel, "Let's Be
 * Rational", Wilmott (2015) 40-53 (revised 2016):
 *
 * 1. Reduce to an out-of-the-money call (x <= 0), where b_max = e^{x/2}.
 * 2. Split the price axis at the inflexion point s_c = √(2|x|) and at the two Newton estimates
 *    s_l, s_h from it into four segments. In the two outer ones the price is first transformed
 *    (lower map f_l, upper map f_u) so that a rational cubic in the transformed variable, matched
 *    to value, slope and curvature at the segment edge, is nearly exact; in the inner ones the
 *    rational cubic interpolates s(β) directly.
 * 3. Refine with at most two Householder steps of order four (third-order Householder, using up
 *    to g'''), on an objective g(s) chosen per segment so that it is close to linear in s:
 *      lowest segment  g = 1/ln b(s) − 1/ln β
 *      highest segment g = ln(b_max − β) − ln(b_max − b(s))   (when β > b_max/2)
 *      otherwise       g = b(s) − β.
 *
 * Beyond the paper: the second step is skipped when the first was below 1e−5 relative (fourth-order
 * convergence leaves nothing to correct); the Householder terms are formed scale-free so tiny x
 * and s do not overflow them; s_l has a series form for |x| < 1e−8 where its difference cancels.
 *
 * Plain number arithmetic, no allocation per call (intermediate pairs and triples go into module
 * scratch arrays), and every loop has a fixed bound.
 */
import {
  BLACK,
  normalisedBlackAndVegaOutOfTheMoneyCall,
  normalisedIntrinsic,
  VEGA,
} from './normalised-black.js';
import { priceAboveUpperBoundError, priceBelowIntrinsicError } from './price-bound-errors.js';
import {
  convexControlParameterForSecondDerivativeAtLeft,
  convexControlParameterForSecondDerivativeAtRight,
  rationalCubicInterpolation,
} from './rational-cubic.js';
import {
  inverseLowerMap,
  inverseUpperMap,
  lowerMapWithDerivatives,
  MAP_FIRST_DERIVATIVE,
  MAP_SECOND_DERIVATIVE,
  MAP_VALUE,
  upperMapWithDerivatives,
} from './transformation-maps.js';

/** Jäckel: two iterations reach the attainable precision for every input. */
export const DEFAULT_HOUSEHOLDER_ITERATIONS = 2;

const EPSILON = Number.EPSILON;
const DBL_MIN = 2.2250738585072014e-308;
const DBL_MAX = Number.MAX_VALUE;
const SQRT_DBL_MAX = Math.sqrt(Number.MAX_VALUE);
/** After this many sign changes of the step, round-off is ping-ponging: bisect instead. */
const DIRECTION_REVERSALS_BEFORE_BISECTION = 3;

const mapScratch = new Float64Array(3);
const blackScratch = new Float64Array(2);
const curvatureScratch = new Float64Array(2);

/**
 * An in-the-money price that passed its own bound check can still round onto or past the
 * out-of-the-money twin's maximum e^{x/2}; it is then within an ulp of the bound, so it is set
 * just below it (a very large but finite volatility) instead of being rejected.
 */
export function clampBelowMaximum(beta: number, x: number): number {
  const bMax = Math.exp(0.5 * x);
  return beta < bMax ? beta : bMax * (1 - EPSILON);
}

/**
 * A first Householder step smaller than this (relative) leaves an error of order C·(1e-5)⁴, far
 * below an ulp for fourth-order convergence, so the second step is skipped (about a third of
 * all solves; measured to change no result by more than an ulp times the price's condition).
 */
const FIRST_STEP_CONVERGED = 1e-5;

function stepTolerance(iterationsDone: number): number {
  return iterationsDone === 1 ? FIRST_STEP_CONVERGED : EPSILON;
}

/**
 * Householder(3) step s ← s + ν·(1 + ½hν)/(1 + ν(h + h₃ν/6)), ν the Newton step, h = g''/g',
 * h₃ = g'''/g'. It takes the scale-free products ν·h and ν²·h₃, formed as (ν/s)·(x/s)² and the
 * like, because h ~ 1/s and h₃ ~ 1/s² overflow when s and x are both tiny (the Bachelier limit).
 * A non-finite factor falls back to Newton.
 */
function householderStep(newton: number, newtonTimesHalley: number, newtonSquaredTimesHh3: number): number {
  const factor = (1 + 0.5 * newtonTimesHalley) / (1 + newtonTimesHalley + newtonSquaredTimesHh3 / 6);
  return newton * (Math.abs(factor) < Infinity ? factor : 1);
}

/**
 * ν·b''/b' and ν²·b'''/b' of the normalised Black function into out[0], out[1], where
 * b''/b' = x²/s³ − s/4 and b'''/b' = (b''/b')² − 3(x/s²)² − 1/4.
 */
function scaledBlackCurvature(newton: number, x: number, s: number, out: Float64Array): void {
  const newtonOverS = newton / s;
  const h = x / s;
  const newtonTimesHalley = newtonOverS * h * h - (newton * s) / 4;
  out[0] = newtonTimesHalley;
  out[1] = newtonTimesHalley * newtonTimesHalley - 3 * (newtonOverS * h) * (newtonOverS * h) - (newton * newton) / 4;
}

/** Below this |x|, s_l = s_c − b_c/v_c loses more than half its digits to cancellation. */
const SMALL_LOG_MONEYNESS = 1e-8;
const SQRT_PI_OVER_TWO = 1.2533141373155003;

/**
 * s_l = s_c − b_c/v_c, the Newton step from the inflexion point towards 0. At s_c the Gaussian
 * factors cancel: b_c/v_c = Y(0) − Y(−s_c) with Y = Φ/φ, so for small |x| s_l is the Taylor series
 * Σ_{k>=2} (−s_c)^k·Y⁽ᵏ⁾(0)/k! (Y(0) = √(π/2), Y'(0) = 1, Y⁽ⁿ⁺¹⁾(0) = n·Y⁽ⁿ⁻¹⁾(0)), ≈ √(π/2)·|x|,
 * instead of a difference that rounds to 0 or below once |x| < 1e−32.
 */
function lowerNewtonPoint(x: number, sC: number, bC: number, vC: number): number {
  if (Math.abs(x) >= SMALL_LOG_MONEYNESS) return sC - bC / vC;
  const u = sC;
  return u * u * (SQRT_PI_OVER_TWO / 2 - u * (1 / 3 - u * (SQRT_PI_OVER_TWO / 8 - u * (1 / 15 - (u * SQRT_PI_OVER_TWO) / 48))));
}

/**
 * Normalised implied volatility of an out-of-the-money call: x <= 0 and 0 < β < e^{x/2} (not
 * checked). At most `maxIterations` Householder steps.
 */
export function outOfTheMoneyCallNormalisedVolatility(beta: number, x: number, maxIterations: number): number {
  const bMax = Math.exp(0.5 * x);
  let iterations = 0;
  let directionReversals = 0;
  let s = -DBL_MAX;
  let ds = s;
  let dsPrevious = 0;
  let sLeft = DBL_MIN;
  let sRight = DBL_MAX;
  const sC = Math.sqrt(Math.abs(2 * x));
  normalisedBlackAndVegaOutOfTheMoneyCall(x, sC, blackScratch);
  const bC = blackScratch[BLACK] as number;
  const vC = blackScratch[VEGA] as number;

  if (beta < bC) {
    const sL = lowerNewtonPoint(x, sC, bC, vC);
    normalisedBlackAndVegaOutOfTheMoneyCall(x, sL, blackScratch);
    const bL = blackScratch[BLACK] as number;
    const vL = blackScratch[VEGA] as number;
    if (beta < bL) {
      lowerMapWithDerivatives(x, sL, mapScratch);
      const fL = mapScratch[MAP_VALUE] as number;
      const dfL = mapScratch[MAP_FIRST_DERIVATIVE] as number;
      const d2fL = mapScratch[MAP_SECOND_DERIVATIVE] as number;
      const r = convexControlParameterForSecondDerivativeAtRight(0, bL, 0, fL, 1, dfL, d2fL, true);
      let f = rationalCubicInterpolation(beta, 0, bL, 0, fL, 1, dfL, r);
      if (!(f > 0)) {
        // Round-off for extreme |x|: quadratic through f(0) = 0, f'(0) = 1 and f(b_l).
        const t = beta / bL;
        f = (fL * t + bL * (1 - t)) * t;
      }
      s = inverseLowerMap(x, f);
      sRight = sL;
      const lnBeta = Math.log(beta);
      for (; iterations < maxIterations && Math.abs(ds) > stepTolerance(iterations) * s; ++iterations) {
        if (ds * dsPrevious < 0) ++directionReversals;
        if (iterations > 0 && (directionReversals === DIRECTION_REVERSALS_BEFORE_BISECTION || !(s > sLeft && s < sRight))) {
          s = 0.5 * (sLeft + sRight);
          if (sRight - sLeft <= EPSILON * s) break;
          directionReversals = 0;
          ds = 0;
        }
        dsPrevious = ds;
        normalisedBlackAndVegaOutOfTheMoneyCall(x, s, blackScratch);
        const b = blackScratch[BLACK] as number;
        const bp = blackScratch[VEGA] as number;
        if (b > beta && s < sRight) sRight = s;
        else if (b < beta && s > sLeft) sLeft = s;
        if (!(b > 0 && bp > 0)) {
          // Underflow: no derivative information, bisect this step.
          ds = 0.5 * (sLeft + sRight) - s;
        } else {
          const lnB = Math.log(b);
          const vegaOverPrice = bp / b;
          const newton = (((lnBeta - lnB) * lnB) / lnBeta) / vegaOverPrice;
          // g = 1/ln b − 1/ln β: g''/g' = b''/b' − (b'/b)(1 + 2/ln b),
          // g'''/g' = b'''/b' + 2(b'/b)²(1 + 3/ln b·(1 + 1/ln b)) − 3(b''/b')(b'/b)(1 + 2/ln b).
          scaledBlackCurvature(newton, x, s, curvatureScratch);
          const nB = curvatureScratch[0] as number;
          const nnB3 = curvatureScratch[1] as number;
          const newtonTimesRatio = newton * vegaOverPrice;
          const logFactor = 1 + 2 / lnB;
          const newtonSquaredTimesHh3 =
            nnB3 +
            2 * newtonTimesRatio * newtonTimesRatio * (1 + (3 / lnB) * (1 + 1 / lnB)) -
            3 * nB * newtonTimesRatio * logFactor;
          ds = householderStep(newton, nB - newtonTimesRatio * logFactor, newtonSquaredTimesHh3);
        }
        ds = Math.max(-0.5 * s, ds);
        s += ds;
      }
      return s;
    }
    const r = convexControlParameterForSecondDerivativeAtRight(bL, bC, sL, sC, 1 / vL, 1 / vC, 0, false);
    s = rationalCubicInterpolation(beta, bL, bC, sL, sC, 1 / vL, 1 / vC, r);
    sLeft = sL;
    sRight = sC;
  } else {
    const sH = vC > DBL_MIN ? sC + (bMax - bC) / vC : sC;
    normalisedBlackAndVegaOutOfTheMoneyCall(x, sH, blackScratch);
    const bH = blackScratch[BLACK] as number;
    const vH = blackScratch[VEGA] as number;
    if (beta <= bH) {
      const r = convexControlParameterForSecondDerivativeAtLeft(bC, bH, sC, sH, 1 / vC, 1 / vH, 0, false);
      s = rationalCubicInterpolation(beta, bC, bH, sC, sH, 1 / vC, 1 / vH, r);
      sLeft = sC;
      sRight = sH;
    } else {
      upperMapWithDerivatives(x, sH, mapScratch);
      const fH = mapScratch[MAP_VALUE] as number;
      const dfH = mapScratch[MAP_FIRST_DERIVATIVE] as number;
      const d2fH = mapScratch[MAP_SECOND_DERIVATIVE] as number;
      let f = -DBL_MAX;
      if (d2fH > -SQRT_DBL_MAX && d2fH < SQRT_DBL_MAX) {
        const r = convexControlParameterForSecondDerivativeAtLeft(bH, bMax, fH, 0, dfH, -0.5, d2fH, true);
        f = rationalCubicInterpolation(beta, bH, bMax, fH, 0, dfH, -0.5, r);
      }
      if (!(f > 0)) {
        // Quadratic through f(b_h), f(b_max) = 0 and f'(b_max) = −1/2.
        const h = bMax - bH;
        const t = (beta - bH) / h;
        f = (fH * (1 - t) + 0.5 * h * t) * (1 - t);
      }
      s = inverseUpperMap(f);
      sLeft = sH;
      if (beta > 0.5 * bMax) {
        const bMaxMinusBeta = bMax - beta;
        for (; iterations < maxIterations && Math.abs(ds) > stepTolerance(iterations) * s; ++iterations) {
          if (ds * dsPrevious < 0) ++directionReversals;
          if (iterations > 0 && (directionReversals === DIRECTION_REVERSALS_BEFORE_BISECTION || !(s > sLeft && s < sRight))) {
            s = 0.5 * (sLeft + sRight);
            if (sRight - sLeft <= EPSILON * s) break;
            directionReversals = 0;
            ds = 0;
          }
          dsPrevious = ds;
          normalisedBlackAndVegaOutOfTheMoneyCall(x, s, blackScratch);
          const b = blackScratch[BLACK] as number;
          const bp = blackScratch[VEGA] as number;
          if (b > beta && s < sRight) sRight = s;
          else if (b < beta && s > sLeft) sLeft = s;
          if (b >= bMax || !(bp > DBL_MIN)) {
            ds = 0.5 * (sLeft + sRight) - s;
          } else {
            const bMaxMinusB = bMax - b;
            const g = Math.log(bMaxMinusBeta / bMaxMinusB);
            const gp = bp / bMaxMinusB;
            const newton = -g / gp;
            // g = ln(b_max − β) − ln(b_max − b): g''/g' = b''/b' + g', g'''/g' = b'''/b' + g'(2g' + 3b''/b').
            scaledBlackCurvature(newton, x, s, curvatureScratch);
            const nB = curvatureScratch[0] as number;
            const nnB3 = curvatureScratch[1] as number;
            const newtonTimesGp = newton * gp;
            ds = householderStep(newton, nB + newtonTimesGp, nnB3 + newtonTimesGp * (2 * newtonTimesGp + 3 * nB));
          }
          ds = Math.max(-0.5 * s, ds);
          s += ds;
        }
        return s;
      }
    }
  }

  for (; iterations < maxIterations && Math.abs(ds) > stepTolerance(iterations) * s; ++iterations) {
    if (ds * dsPrevious < 0) ++directionReversals;
    if (iterations > 0 && (directionReversals === DIRECTION_REVERSALS_BEFORE_BISECTION || !(s > sLeft && s < sRight))) {
      s = 0.5 * (sLeft + sRight);
      if (sRight - sLeft <= EPSILON * s) break;
      directionReversals = 0;
      ds = 0;
    }
    dsPrevious = ds;
    normalisedBlackAndVegaOutOfTheMoneyCall(x, s, blackScratch);
    const b = blackScratch[BLACK] as number;
    const bp = blackScratch[VEGA] as number;
    if (b > beta && s < sRight) sRight = s;
    else if (b < beta && s > sLeft) sLeft = s;
    if (!(bp > 0)) {
      ds = 0.5 * (sLeft + sRight) - s;
    } else {
      const newton = (beta - b) / bp;
      // g = b − β: g''/g' = b''/b', g'''/g' = b'''/b'.
      scaledBlackCurvature(newton, x, s, curvatureScratch);
      ds = householderStep(newton, curvatureScratch[0] as number, curvatureScratch[1] as number);
    }
    ds = Math.max(-0.5 * s, ds);
    s += ds;
  }
  return s;
}

const CONTEXT = 'normalisedImpliedVolatility';

/**
 * Normalised implied volatility s = σ√T from the normalised price β = B/√(FK) at x = ln(F/K),
 * q = +1 call / −1 put, with at most `maxIterations` Householder steps. Throws RangeError outside
 * intrinsic <= β < b_max; returns 0 at intrinsic.
 */
export function normalisedImpliedVolatilityFromTransformedRationalGuessWithLimitedIterations(
  beta: number,
  x: number,
  q: number,
  maxIterations: number,
): number {
  const intrinsic = normalisedIntrinsic(x, q);
  if (!(beta >= intrinsic)) throw priceBelowIntrinsicError(beta, intrinsic, CONTEXT);
  const bMax = Math.exp(q < 0 ? -0.5 * x : 0.5 * x);
  if (beta >= bMax) throw priceAboveUpperBoundError(beta, bMax, CONTEXT);
  const otmBeta = q * x > 0 ? beta - intrinsic : beta;
  if (!(otmBeta > 0)) return 0;
  const otmX = -Math.abs(x);
  return outOfTheMoneyCallNormalisedVolatility(clampBelowMaximum(otmBeta, otmX), otmX, maxIterations);
}

/** As above with Jäckel's default of two Householder steps. */
export function normalisedImpliedVolatilityFromTransformedRationalGuess(beta: number, x: number, q: number): number {
  return normalisedImpliedVolatilityFromTransformedRationalGuessWithLimitedIterations(
    beta,
    x,
    q,
    DEFAULT_HOUSEHOLDER_ITERATIONS,
  );
}
