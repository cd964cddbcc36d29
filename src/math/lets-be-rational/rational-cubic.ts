/**
 * Rational cubic interpolation of R. Delbourgo and J. A. Gregory, "Shape preserving piecewise
 * rational interpolation", SIAM J. Sci. Stat. Comput. 6 (1985) 967-976, as used by Jäckel's
 * "Let's Be Rational" for the initial guesses. On [x_l, x_r] with values y, slopes d and
 * control parameter r (r = 3 is the cubic Hermite spline; r → ∞ tends to linear):
 *
 *   y(t) = [y_r t³ + (r·y_r − h·d_r) t²(1−t) + (r·y_l + h·d_l) t(1−t)² + y_l (1−t)³]
 *          / [1 + (r − 3)·t(1−t)],    t = (x − x_l)/h, h = x_r − x_l.
 */

/** r below this makes the denominator vanish inside the interval. */
const MINIMUM_CONTROL_PARAMETER = -(1 - Math.sqrt(Number.EPSILON));
/** r at or above this is treated as linear interpolation (avoids overflow in the formula). */
const MAXIMUM_CONTROL_PARAMETER = 2 / (Number.EPSILON * Number.EPSILON);

function isZero(value: number): boolean {
  return Math.abs(value) < Number.MIN_VALUE;
}

export function rationalCubicInterpolation(
  x: number,
  xLeft: number,
  xRight: number,
  yLeft: number,
  yRight: number,
  slopeLeft: number,
  slopeRight: number,
  r: number,
): number {
  const h = xRight - xLeft;
  if (Math.abs(h) <= 0) return 0.5 * (yLeft + yRight);
  const t = (x - xLeft) / h;
  if (!(r >= MAXIMUM_CONTROL_PARAMETER)) {
    const oneMinusT = 1 - t;
    const tSquared = t * t;
    const oneMinusTSquared = oneMinusT * oneMinusT;
    return (
      (yRight * tSquared * t +
        (r * yRight - h * slopeRight) * tSquared * oneMinusT +
        (r * yLeft + h * slopeLeft) * t * oneMinusTSquared +
        yLeft * oneMinusTSquared * oneMinusT) /
      (1 + (r - 3) * t * oneMinusT)
    );
  }
  return yRight * t + yLeft * (1 - t);
}

/** r such that the interpolant has second derivative `secondDerivativeLeft` at x_l. */
function controlParameterForSecondDerivativeAtLeft(
  xLeft: number,
  xRight: number,
  yLeft: number,
  yRight: number,
  slopeLeft: number,
  slopeRight: number,
  secondDerivativeLeft: number,
): number {
  const h = xRight - xLeft;
  const numerator = 0.5 * h * secondDerivativeLeft + (slopeRight - slopeLeft);
  if (isZero(numerator)) return 0;
  const denominator = (yRight - yLeft) / h - slopeLeft;
  if (isZero(denominator)) return numerator > 0 ? MAXIMUM_CONTROL_PARAMETER : MINIMUM_CONTROL_PARAMETER;
  return numerator / denominator;
}

/** r such that the interpolant has second derivative `secondDerivativeRight` at x_r. */
function controlParameterForSecondDerivativeAtRight(
  xLeft: number,
  xRight: number,
  yLeft: number,
  yRight: number,
  slopeLeft: number,
  slopeRight: number,
  secondDerivativeRight: number,
): number {
  const h = xRight - xLeft;
  const numerator = 0.5 * h * secondDerivativeRight + (slopeRight - slopeLeft);
  if (isZero(numerator)) return 0;
  const denominator = slopeRight - (yRight - yLeft) / h;
  if (isZero(denominator)) return numerator > 0 ? MAXIMUM_CONTROL_PARAMETER : MINIMUM_CONTROL_PARAMETER;
  return numerator / denominator;
}

/**
 * The smallest r that keeps the interpolant monotone (Delbourgo–Gregory (3.8)) and convex or
 * concave (3.18) when the data are; `preferShapePreservation` chooses linear interpolation when
 * those conditions cannot be met otherwise.
 */
function minimumShapePreservingControlParameter(
  slopeLeft: number,
  slopeRight: number,
  secantSlope: number,
  preferShapePreservation: boolean,
): number {
  const monotonic = slopeLeft * secantSlope >= 0 && slopeRight * secantSlope >= 0;
  const convex = slopeLeft <= secantSlope && secantSlope <= slopeRight;
  const concave = slopeLeft >= secantSlope && secantSlope >= slopeRight;
  if (!monotonic && !convex && !concave) return MINIMUM_CONTROL_PARAMETER;
  const slopeSpread = slopeRight - slopeLeft;
  const rightGap = slopeRight - secantSlope;
  const leftGap = secantSlope - slopeLeft;
  let forMonotonicity = -Number.MAX_VALUE;
  let forConvexity = -Number.MAX_VALUE;
  if (monotonic) {
    if (!isZero(secantSlope)) forMonotonicity = (slopeRight + slopeLeft) / secantSlope;
    else if (preferShapePreservation) forMonotonicity = MAXIMUM_CONTROL_PARAMETER;
  }
  if (convex || concave) {
    if (!(isZero(leftGap) || isZero(rightGap))) {
      forConvexity = Math.max(Math.abs(slopeSpread / rightGap), Math.abs(slopeSpread / leftGap));
    } else if (preferShapePreservation) {
      forConvexity = MAXIMUM_CONTROL_PARAMETER;
    }
  } else if (monotonic && preferShapePreservation) {
    forConvexity = MAXIMUM_CONTROL_PARAMETER;
  }
  return Math.max(MINIMUM_CONTROL_PARAMETER, forMonotonicity, forConvexity);
}

/** Control parameter matching the left second derivative, raised as needed to preserve shape. */
export function convexControlParameterForSecondDerivativeAtLeft(
  xLeft: number,
  xRight: number,
  yLeft: number,
  yRight: number,
  slopeLeft: number,
  slopeRight: number,
  secondDerivativeLeft: number,
  preferShapePreservation: boolean,
): number {
  const r = controlParameterForSecondDerivativeAtLeft(xLeft, xRight, yLeft, yRight, slopeLeft, slopeRight, secondDerivativeLeft);
  const rMinimum = minimumShapePreservingControlParameter(
    slopeLeft,
    slopeRight,
    (yRight - yLeft) / (xRight - xLeft),
    preferShapePreservation,
  );
  return Math.max(r, rMinimum);
}

/** Control parameter matching the right second derivative, raised as needed to preserve shape. */
export function convexControlParameterForSecondDerivativeAtRight(
  xLeft: number,
  xRight: number,
  yLeft: number,
  yRight: number,
  slopeLeft: number,
  slopeRight: number,
  secondDerivativeRight: number,
  preferShapePreservation: boolean,
): number {
  const r = controlParameterForSecondDerivativeAtRight(xLeft, xRight, yLeft, yRight, slopeLeft, slopeRight, secondDerivativeRight);
  const rMinimum = minimumShapePreservingControlParameter(
    slopeLeft,
    slopeRight,
    (yRight - yLeft) / (xRight - xLeft),
    preferShapePreservation,
  );
  return Math.max(r, rMinimum);
}
