/**
 * The two non-linear price transformations of "Let's Be Rational" (Jäckel 2016, section 5) that
 * make the normalised Black function nearly linear at its two ends, so a rational cubic in the
 * transformed variable gives an initial guess close enough for two Householder steps.
 *
 * Lower map (deep out of the money, β → 0), with z = |x|/(√3·s):
 *   f_l(β) = (2π/√27)·|x|·Φ(−z)³,  f_l(0) = 0, f_l'(0) = 1.
 * Upper map (β → b_max = e^{x/2}):
 *   f_u(β) = Φ(−s/2),  f_u(b_max) = 0, f_u'(b_max) = −1/2.
 *
 * Derivatives with respect to β are derivatives in s divided by the normalised vega. They are
 * written with the Mills ratio M(z) = Φ(−z)/φ(z) = √(π/2)·erfcx(z/√2) so nothing overflows.
 */
import { erfcx, inverseNormCdf, normCdf } from '../normal.js';

const ONE_OVER_SQRT_THREE = 0.5773502691896257;
const ONE_OVER_SQRT_TWO = 0.7071067811865476;
const SQRT_TWO_PI = 2.5066282746310007;
const SQRT_PI_OVER_TWO = 1.2533141373155003;
const TWO_PI_OVER_SQRT_TWENTY_SEVEN = 1.2091995761561452;

/** Index of the map value in the output triple. */
export const MAP_VALUE = 0;
/** Index of d(map)/dβ. */
export const MAP_FIRST_DERIVATIVE = 1;
/** Index of d²(map)/dβ². */
export const MAP_SECOND_DERIVATIVE = 2;

/** Writes f_l, f_l', f_l'' at the point (x, s) into `out` (no allocation). */
export function lowerMapWithDerivatives(x: number, s: number, out: Float64Array): void {
  const ax = Math.abs(x);
  const z = (ONE_OVER_SQRT_THREE * ax) / s;
  const y = z * z;
  const sSquared = s * s;
  const phiTail = normCdf(-z);
  const mills = SQRT_PI_OVER_TWO * erfcx(ONE_OVER_SQRT_TWO * z);
  out[MAP_VALUE] = TWO_PI_OVER_SQRT_TWENTY_SEVEN * ax * (phiTail * phiTail * phiTail);
  out[MAP_FIRST_DERIVATIVE] = y * mills * mills * Math.exp(0.125 * sSquared);
  out[MAP_SECOND_DERIVATIVE] =
    SQRT_TWO_PI *
    (y / s) *
    mills *
    Math.exp(1.5 * y + 0.25 * sSquared) *
    (2 * z - mills * (2 + 2 * y - 0.25 * sSquared));
}

/** s = f_l⁻¹: solves (2π/√27)|x|Φ(−|x|/(√3 s))³ = f for s. */
export function inverseLowerMap(x: number, f: number): number {
  const ax = Math.abs(x);
  if (!(f > 0) || ax === 0) return 0;
  const z = -inverseNormCdf(Math.cbrt(f / (TWO_PI_OVER_SQRT_TWENTY_SEVEN * ax)));
  return Math.abs((ONE_OVER_SQRT_THREE * ax) / z) || 0;
}

/** Writes f_u, f_u', f_u'' at the point (x, s) into `out`. */
export function upperMapWithDerivatives(x: number, s: number, out: Float64Array): void {
  out[MAP_VALUE] = normCdf(-0.5 * s);
  if (x === 0) {
    out[MAP_FIRST_DERIVATIVE] = -0.5;
    out[MAP_SECOND_DERIVATIVE] = 0;
    return;
  }
  const w = (x / s) * (x / s);
  out[MAP_FIRST_DERIVATIVE] = -0.5 * Math.exp(0.5 * w);
  out[MAP_SECOND_DERIVATIVE] = SQRT_PI_OVER_TWO * Math.exp(w + 0.125 * s * s) * (w / s);
}

/** s = f_u⁻¹(f) = −2·Φ⁻¹(f). */
export function inverseUpperMap(f: number): number {
  return -2 * inverseNormCdf(f);
}
