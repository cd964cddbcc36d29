/**
 * The error function family and the standard normal distribution, to full double precision and
 * to RELATIVE precision in the tails (option prices deep out of the money and Jäckel's "Let's
 * Be Rational" both depend on it).
 *
 * erf/erfc/erfcx follow W. J. Cody, "Rational Chebyshev approximations for the error function",
 * Math. Comp. 23 (1969) 631-637, with the coefficients of his CALERF package (design precision
 * about 1e-18 relative). The inverse normal CDF is M. J. Wichura's AS241 (PPND16), Applied
 * Statistics 37 (1988) 477-484, relative accuracy about 1e-16.
 *
 * Where exp(-z²) is needed with relative accuracy for large |z|, z² is formed as an exact
 * double-double (Veltkamp split) so the rounding of z² is not amplified by the exponential:
 * a plain exp(-z*z) loses |z²|·ε relative (about 1e-13 at z = 38).
 */

const ONE_OVER_SQRT_PI = 0.5641895835477563;
const ONE_OVER_SQRT_TWO = 0.7071067811865476;
const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
/** Cody's split between the erf series and the erfc rational approximations. */
const ERF_SMALL_ARGUMENT = 0.46875;
/** Beyond this, erfcx(x) = 1/(x·√π) to double precision (Cody's XHUGE). */
const ERFCX_HUGE_ARGUMENT = 6.71e7;
/** For x below this, erfcx(x) = 2·exp(x²) overflows (Cody's XNEG). */
const ERFCX_OVERFLOW_ARGUMENT = -26.628;
/** exp(-u) is exactly 0 in double precision for u above this. */
const EXP_UNDERFLOW_EXPONENT = 746;
/** 2^27 + 1: Veltkamp splitter, cuts a double into two 26-bit halves whose products are exact. */
const SPLITTER = 134217729;

// erf(x) = x·A(x²)/B(x²) for |x| <= 0.46875.
const A0 = 3.1611237438705655;
const A1 = 113.86415415105016;
const A2 = 377.485237685302;
const A3 = 3209.3775891384694;
const A4 = 0.18577770618460315;
const B0 = 23.601290952344122;
const B1 = 244.02463793444417;
const B2 = 1282.6165260773723;
const B3 = 2844.236833439171;

// erfcx(x) = C(x)/D(x) for 0.46875 < x <= 4.
const C0 = 0.5641884969886701;
const C1 = 8.883149794388377;
const C2 = 66.11919063714163;
const C3 = 298.6351381974001;
const C4 = 881.952221241769;
const C5 = 1712.0476126340707;
const C6 = 2051.0783778260716;
const C7 = 1230.3393547979972;
const C8 = 2.1531153547440383e-8;
const D0 = 15.744926110709835;
const D1 = 117.6939508913125;
const D2 = 537.1811018620099;
const D3 = 1621.3895745666903;
const D4 = 3290.7992357334597;
const D5 = 4362.619090143247;
const D6 = 3439.3676741437216;
const D7 = 1230.3393548037495;

// erfcx(x) = (1/√π − y·P(y)/Q(y))/x with y = 1/x², for x > 4.
const P0 = 0.30532663496123236;
const P1 = 0.36034489994980445;
const P2 = 0.12578172611122926;
const P3 = 0.016083785148742275;
const P4 = 0.0006587491615298378;
const P5 = 0.016315387137302097;
const Q0 = 2.568520192289822;
const Q1 = 1.8729528499234673;
const Q2 = 0.5279051029514285;
const Q3 = 0.06051834131244132;
const Q4 = 0.0023352049762686918;

/** erf(x) for |x| <= 0.46875. */
function erfNearZero(x: number): number {
  const y = x * x;
  const numerator = (((A4 * y + A0) * y + A1) * y + A2) * y + A3;
  const denominator = (((y + B0) * y + B1) * y + B2) * y + B3;
  return (x * numerator) / denominator;
}

/** erfcx(x) for x > 0.46875 (no exponential involved). */
function erfcxAboveSmall(x: number): number {
  if (x <= 4) {
    const numerator = (((((((C8 * x + C0) * x + C1) * x + C2) * x + C3) * x + C4) * x + C5) * x + C6) * x + C7;
    const denominator = (((((((x + D0) * x + D1) * x + D2) * x + D3) * x + D4) * x + D5) * x + D6) * x + D7;
    return numerator / denominator;
  }
  if (x >= ERFCX_HUGE_ARGUMENT) return ONE_OVER_SQRT_PI / x;
  const y = 1 / (x * x);
  const numerator = ((((P5 * y + P0) * y + P1) * y + P2) * y + P3) * y + P4;
  const denominator = ((((y + Q0) * y + Q1) * y + Q2) * y + Q3) * y + Q4;
  return (ONE_OVER_SQRT_PI - (y * numerator) / denominator) / x;
}

/** Rounding error of z*z: z² = z*z + squareRoundingError(z) exactly (for |z| < 1e150). */
function squareRoundingError(z: number, square: number): number {
  const c = SPLITTER * z;
  const high = c - (c - z);
  const low = z - high;
  return high * high - square + 2 * high * low + low * low;
}

/** exp(−z²/2) with relative accuracy of a few ulps for every z (no amplified rounding of z²). */
export function expNegHalfSquare(z: number): number {
  const square = z * z;
  if (square > 2 * EXP_UNDERFLOW_EXPONENT) return 0;
  return Math.exp(-0.5 * square) * (1 - 0.5 * squareRoundingError(z, square));
}

/** exp(−(a² + b²)/2) with relative accuracy of a few ulps. */
export function expNegHalfSumOfSquares(a: number, b: number): number {
  const aa = a * a;
  const bb = b * b;
  const sum = aa + bb;
  if (sum > 2 * EXP_UNDERFLOW_EXPONENT) return 0;
  // Two-sum error of aa + bb, exact.
  const bVirtual = sum - aa;
  const sumError = aa - (sum - bVirtual) + (bb - bVirtual);
  const error = squareRoundingError(a, aa) + squareRoundingError(b, bb) + sumError;
  return Math.exp(-0.5 * sum) * (1 - 0.5 * error);
}

/** exp(x²) with relative accuracy (Infinity once it overflows). */
function expSquare(x: number): number {
  const square = x * x;
  if (square > EXP_UNDERFLOW_EXPONENT) return Math.exp(square);
  return Math.exp(square) * (1 + squareRoundingError(x, square));
}

/** exp(−x²) with relative accuracy (0 once it underflows). */
function expNegSquare(x: number): number {
  const square = x * x;
  if (square > EXP_UNDERFLOW_EXPONENT) return 0;
  return Math.exp(-square) * (1 - squareRoundingError(x, square));
}

/** The error function erf(x) = 2/√π ∫₀ˣ exp(−u²) du. */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax <= ERF_SMALL_ARGUMENT) return erfNearZero(x);
  const complement = erfcxAboveSmall(ax) * expNegSquare(ax);
  return x < 0 ? complement - 1 : 1 - complement;
}

/** The complementary error function erfc(x) = 1 − erf(x), relative accuracy for large x. */
export function erfc(x: number): number {
  const ax = Math.abs(x);
  if (ax <= ERF_SMALL_ARGUMENT) return 1 - erfNearZero(x);
  const tail = erfcxAboveSmall(ax) * expNegSquare(ax);
  return x < 0 ? 2 - tail : tail;
}

/**
 * The scaled complementary error function erfcx(x) = exp(x²)·erfc(x). Finite and smooth for
 * x >= 0 (≈ 1/(x√π) for large x); grows like 2·exp(x²) for negative x and is Infinity once
 * that overflows (x < −26.628).
 */
export function erfcx(x: number): number {
  if (x > ERF_SMALL_ARGUMENT) return erfcxAboveSmall(x);
  if (x >= -ERF_SMALL_ARGUMENT) return expSquare(x) * (1 - erfNearZero(x));
  if (x < ERFCX_OVERFLOW_ARGUMENT) return Infinity;
  return 2 * expSquare(x) - erfcxAboveSmall(-x);
}

/**
 * Standard normal cumulative distribution Φ(z). In the left tail Φ(z) = ½·erfcx(−z/√2)·exp(−z²/2)
 * keeps full relative precision down to the subnormal range (Φ(−38) ≈ 2.885e−316), which
 * 1 − Φ(−z) or a plain erfc could not.
 */
export function normCdf(z: number): number {
  const y = z * ONE_OVER_SQRT_TWO;
  if (y >= -ERF_SMALL_ARGUMENT && y <= ERF_SMALL_ARGUMENT) return 0.5 + 0.5 * erfNearZero(y);
  const tail = 0.5 * erfcxAboveSmall(Math.abs(y)) * expNegHalfSquare(z);
  return z < 0 ? tail : 1 - tail;
}

/** Standard normal density φ(z) = exp(−z²/2)/√(2π), with relative accuracy in the tails. */
export function normPdf(z: number): number {
  return ONE_OVER_SQRT_TWO_PI * expNegHalfSquare(z);
}

// AS241 PPND16 coefficients.
const SPLIT_CENTRAL = 0.425;
const SPLIT_TAIL = 5;
const CENTRAL_SHIFT = 0.180625;
const TAIL_SHIFT = 1.6;
const CA0 = 3.3871328727963665;
const CA1 = 133.14166789178438;
const CA2 = 1971.5909503065513;
const CA3 = 13731.69376550946;
const CA4 = 45921.95393154987;
const CA5 = 67265.7709270087;
const CA6 = 33430.57558358813;
const CA7 = 2509.0809287301227;
const CB1 = 42.31333070160091;
const CB2 = 687.1870074920579;
const CB3 = 5394.196021424751;
const CB4 = 21213.794301586597;
const CB5 = 39307.89580009271;
const CB6 = 28729.085735721943;
const CB7 = 5226.495278852854;
const IC0 = 1.4234371107496835;
const IC1 = 4.630337846156546;
const IC2 = 5.769497221460691;
const IC3 = 3.6478483247632045;
const IC4 = 1.2704582524523684;
const IC5 = 0.2417807251774506;
const IC6 = 0.022723844989269184;
const IC7 = 0.0007745450142783414;
const ID1 = 2.053191626637759;
const ID2 = 1.6763848301838038;
const ID3 = 0.6897673349851;
const ID4 = 0.14810397642748008;
const ID5 = 0.015198666563616457;
const ID6 = 0.0005475938084995345;
const ID7 = 1.0507500716444169e-9;
const TE0 = 6.657904643501103;
const TE1 = 5.463784911164114;
const TE2 = 1.7848265399172913;
const TE3 = 0.29656057182850487;
const TE4 = 0.026532189526576124;
const TE5 = 0.0012426609473880784;
const TE6 = 0.000027115555687434876;
const TE7 = 2.0103343992922881e-7;
const TF1 = 0.599832206555888;
const TF2 = 0.1369298809227358;
const TF3 = 0.014875361290850615;
const TF4 = 0.0007868691311456133;
const TF5 = 0.000018463183175100548;
const TF6 = 1.421511758316446e-7;
const TF7 = 2.0442631033899397e-15;

/**
 * Inverse of the standard normal CDF, Φ⁻¹(p), by Wichura's AS241. Returns −Infinity at 0,
 * +Infinity at 1 and NaN outside [0, 1]. In the lower tail it takes p itself (not 1 − p), so
 * tiny probabilities keep their precision.
 */
export function inverseNormCdf(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= SPLIT_CENTRAL) {
    const r = CENTRAL_SHIFT - q * q;
    return (
      (q * (((((((CA7 * r + CA6) * r + CA5) * r + CA4) * r + CA3) * r + CA2) * r + CA1) * r + CA0)) /
      (((((((CB7 * r + CB6) * r + CB5) * r + CB4) * r + CB3) * r + CB2) * r + CB1) * r + 1)
    );
  }
  if (!(p >= 0 && p <= 1)) return NaN;
  const tailProbability = q < 0 ? p : 1 - p;
  if (tailProbability === 0) return q < 0 ? -Infinity : Infinity;
  let r = Math.sqrt(-Math.log(tailProbability));
  let value: number;
  if (r <= SPLIT_TAIL) {
    r -= TAIL_SHIFT;
    value =
      (((((((IC7 * r + IC6) * r + IC5) * r + IC4) * r + IC3) * r + IC2) * r + IC1) * r + IC0) /
      (((((((ID7 * r + ID6) * r + ID5) * r + ID4) * r + ID3) * r + ID2) * r + ID1) * r + 1);
  } else {
    r -= SPLIT_TAIL;
    value =
      (((((((TE7 * r + TE6) * r + TE5) * r + TE4) * r + TE3) * r + TE2) * r + TE1) * r + TE0) /
      (((((((TF7 * r + TF6) * r + TF5) * r + TF4) * r + TF3) * r + TF2) * r + TF1) * r + 1);
  }
  return q < 0 ? -value : value;
}
