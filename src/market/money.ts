/**
 * The one place where a price carried as a `number` becomes money in token base units (`bigint`).
 *
 * Rounding rule, for every venue of the simulator: the venue never loses to rounding. An amount
 * the user pays (premium bought, fee, funding owed, margin required, collateral locked) rounds UP;
 * an amount the user receives (premium sold, payoff, funding earned, realized gain) rounds DOWN.
 * So a ledger that adds the cash flows up finds, per conversion, at most one base unit left with
 * the venue and never one missing.
 *
 * The conversion is exact with respect to the binary value of the double: the number is split
 * into an integer mantissa and a power of two, and the product and quotient are done in bigint.
 * No float multiplication by 10^decimals happens: that product is itself rounded (8.2 × 1e6 =
 * 8199999.999999999 but 2.675 × 1e6 = 2675000), so the result would depend on the order of the
 * float operations; here it is always the floor or ceiling of the double's exact value.
 */
import { InvalidInputError } from '../errors.js';

/** Who pays decides the direction: 'userPays' rounds up, 'userReceives' rounds down. */
export type Rounding = 'userPays' | 'userReceives';

/** Base units of one unit of the underlying: sizes are in 1e18 (wei-like) base units. */
export const UNDERLYING_DECIMALS = 18;
export const WEI_PER_UNIT = 10n ** 18n;

/** Default decimals of the stable collateral token (USDC-like). */
export const DEFAULT_COLLATERAL_DECIMALS = 6;

// The double's own bits: one shared view, so a conversion allocates nothing but its bigints.
const FLOAT_BITS = new Float64Array(1);
const FLOAT_BITS_AS_UINT = new BigUint64Array(FLOAT_BITS.buffer);
const FRACTION_MASK = (1n << 52n) - 1n;
const IMPLICIT_BIT = 1n << 52n;

/**
 * x = numerator / denominator exactly, for a finite double x >= 0, read from its IEEE 754 bits:
 * mantissa × 2^exponent (the fraction is not reduced; the callers only multiply and divide).
 */
export function exactBinaryFraction(x: number): { numerator: bigint; denominator: bigint } {
  if (Number.isSafeInteger(x)) return { numerator: BigInt(x), denominator: 1n };
  FLOAT_BITS[0] = x;
  const bits = FLOAT_BITS_AS_UINT[0]!;
  const biasedExponent = Number(bits >> 52n) & 0x7ff;
  const fraction = bits & FRACTION_MASK;
  // subnormals have no implicit leading bit and the exponent of the smallest normal
  const mantissa = biasedExponent === 0 ? fraction : fraction | IMPLICIT_BIT;
  const exponent = (biasedExponent === 0 ? 1 : biasedExponent) - 1075;
  return exponent >= 0 ? { numerator: mantissa << BigInt(exponent), denominator: 1n } : { numerator: mantissa, denominator: 1n << BigInt(-exponent) };
}

/** a / b for b > 0 and a >= 0, rounded as `rounding` says. */
function divide(a: bigint, b: bigint, rounding: Rounding): bigint {
  const quotient = a / b;
  return rounding === 'userPays' && quotient * b !== a ? quotient + 1n : quotient;
}

/**
 * value × multiplier / divisor in base units, rounded in favour of the venue. `value` is a
 * magnitude (>= 0): the caller decides the sign of the cash flow and who pays it.
 */
export function toBaseUnits(field: string, value: number, multiplier: bigint, divisor: bigint, rounding: Rounding): bigint {
  if (!(Number.isFinite(value) && value >= 0)) throw new InvalidInputError(field, value, 'must be a finite number >= 0');
  if (multiplier < 0n) throw new InvalidInputError(`${field} multiplier`, multiplier, 'must be >= 0');
  if (divisor <= 0n) throw new InvalidInputError(`${field} divisor`, divisor, 'must be > 0');
  const { numerator, denominator } = exactBinaryFraction(value);
  return divide(numerator * multiplier, denominator * divisor, rounding);
}

/**
 * (numerator / denominator) × multiplier in base units, exact: the quotient of the two doubles is
 * never formed in floating point (a ratio such as (S − K)/S that must stay <= 1 stays so).
 */
export function ratioToBaseUnits(field: string, numerator: number, denominator: number, multiplier: bigint, rounding: Rounding): bigint {
  if (!(Number.isFinite(numerator) && numerator >= 0)) throw new InvalidInputError(field, numerator, 'must be a finite number >= 0');
  if (!(Number.isFinite(denominator) && denominator > 0)) throw new InvalidInputError(`${field} denominator`, denominator, 'must be a finite number > 0');
  if (multiplier < 0n) throw new InvalidInputError(`${field} multiplier`, multiplier, 'must be >= 0');
  const a = exactBinaryFraction(numerator);
  const b = exactBinaryFraction(denominator);
  return divide(a.numerator * b.denominator * multiplier, a.denominator * b.numerator, rounding);
}

/** 10^decimals as a bigint, for a token's decimals in [0, 36]. */
const POWERS_OF_TEN: readonly bigint[] = Array.from({ length: 37 }, (_, i) => 10n ** BigInt(i));

export function unitScale(field: string, decimals: number): bigint {
  const scale = POWERS_OF_TEN[decimals];
  if (scale === undefined || !Number.isInteger(decimals)) throw new InvalidInputError(field, decimals, 'must be an integer in [0, 36]');
  return scale;
}

/** A cash amount (in collateral, e.g. USD) in collateral base units. */
export function cashToBaseUnits(field: string, amount: number, collateralDecimals: number, rounding: Rounding): bigint {
  return toBaseUnits(field, amount, unitScale('collateralDecimals', collateralDecimals), 1n, rounding);
}

/**
 * price × size in collateral base units: `pricePerUnit` is collateral per ONE unit of the
 * underlying, `sizeWei` the size in underlying base units (>= 0).
 */
export function notionalToBaseUnits(
  field: string,
  pricePerUnit: number,
  sizeWei: bigint,
  collateralDecimals: number,
  rounding: Rounding,
  underlyingDecimals: number = UNDERLYING_DECIMALS,
): bigint {
  if (sizeWei < 0n) throw new InvalidInputError(`${field} sizeWei`, sizeWei, 'must be >= 0');
  return toBaseUnits(
    field,
    pricePerUnit,
    sizeWei * unitScale('collateralDecimals', collateralDecimals),
    unitScale('underlyingDecimals', underlyingDecimals),
    rounding,
  );
}

/** amount × numerator / denominator for amount >= 0 (ratios already in integers, e.g. ppm). */
export function mulDiv(amount: bigint, numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (amount < 0n || numerator < 0n || denominator <= 0n) {
    throw new InvalidInputError('mulDiv', { amount, numerator, denominator }, 'needs amount >= 0, numerator >= 0, denominator > 0');
  }
  return divide(amount * numerator, denominator, rounding);
}

/** Parts per million: the integer resolution of every ratio (fees, margins) in the venues. */
export const PPM = 1_000_000n;

/**
 * A decimal ratio (0.05 = 5 %) as integer parts per million; refuses a ratio with finer
 * resolution than 1e-6 (0.01 bp), so that no ratio is silently rounded.
 */
export function ratioToPpm(field: string, ratio: number): bigint {
  if (!(Number.isFinite(ratio) && ratio >= 0)) throw new InvalidInputError(field, ratio, 'must be a finite number >= 0');
  const ppm = Math.round(ratio * 1e6);
  if (Math.abs(ppm - ratio * 1e6) > 1e-6 * Math.max(1, ppm)) {
    throw new InvalidInputError(field, ratio, 'resolution is 1e-6 (0.01 bp)');
  }
  return BigInt(ppm);
}

/** Basis points (5 = 0.05 %) as parts per million. */
export function bpsToPpm(field: string, bps: number): bigint {
  if (!(Number.isFinite(bps) && bps >= 0)) throw new InvalidInputError(field, bps, 'must be a finite number >= 0');
  return ratioToPpm(field, bps / 10_000);
}

/** Base units as a number of whole tokens, for views and analytics only (never for money). */
export function baseUnitsToNumber(units: bigint, decimals: number): number {
  return Number(units) / 10 ** decimals;
}
