/**
 * Aave's MathUtils interest accumulators, exact: the supply side accrues linearly between
 * updates, the variable-debt side compounds per second through a truncated binomial
 * expansion (cheaper on chain than exponentiation, and slightly below e^{rt}).
 */
import { InvalidInputError } from '../errors.js';
import { RAY, rayMul } from './wad-ray-math.js';
import { requireUint256 } from './uint256.js';

/** 365 days; the contracts ignore leap years. */
export const SECONDS_PER_YEAR = 31_536_000n;

/** 1 + rate·Δt/year, in ray (`calculateLinearInterest`). */
export function calculateLinearInterest(
  rateRay: bigint,
  lastUpdateTimestampSeconds: bigint,
  currentTimestampSeconds: bigint,
): bigint {
  requireUint256('rateRay', rateRay);
  const elapsed = elapsedSeconds(lastUpdateTimestampSeconds, currentTimestampSeconds);
  return RAY + (rateRay * elapsed) / SECONDS_PER_YEAR;
}

/**
 * (1 + r/year)^Δt to three binomial terms, in ray — aave-v3-core (v3.0):
 * 1 + nx + n(n−1)/2·x² + n(n−1)(n−2)/6·x³ with x = rate/year, each power truncated as the
 * contract truncates it.
 */
export function calculateCompoundedInterest(
  rateRay: bigint,
  lastUpdateTimestampSeconds: bigint,
  currentTimestampSeconds: bigint,
): bigint {
  requireUint256('rateRay', rateRay);
  const exp = elapsedSeconds(lastUpdateTimestampSeconds, currentTimestampSeconds);
  if (exp === 0n) return RAY;
  const expMinusOne = exp - 1n;
  const expMinusTwo = exp > 2n ? exp - 2n : 0n;
  const basePowerTwo = rayMul(rateRay, rateRay) / (SECONDS_PER_YEAR * SECONDS_PER_YEAR);
  const basePowerThree = rayMul(basePowerTwo, rateRay) / SECONDS_PER_YEAR;
  const secondTerm = (exp * expMinusOne * basePowerTwo) / 2n;
  const thirdTerm = (exp * expMinusOne * expMinusTwo * basePowerThree) / 6n;
  return RAY + (rateRay * exp) / SECONDS_PER_YEAR + secondTerm + thirdTerm;
}

/**
 * The later aave-v3-origin form: with x = rate·Δt/year, 1 + x + x²/2 + x³/6 (a Taylor
 * expansion of e^x, evaluated as x + x·(x/2 + x·x/6) with rayMul rounding).
 */
export function calculateCompoundedInterestOrigin(
  rateRay: bigint,
  lastUpdateTimestampSeconds: bigint,
  currentTimestampSeconds: bigint,
): bigint {
  requireUint256('rateRay', rateRay);
  const exp = elapsedSeconds(lastUpdateTimestampSeconds, currentTimestampSeconds);
  if (exp === 0n) return RAY;
  const x = (rateRay * exp) / SECONDS_PER_YEAR;
  return RAY + x + rayMul(x, x / 2n + rayMul(x, x / 6n));
}

function elapsedSeconds(last: bigint, current: bigint): bigint {
  requireUint256('lastUpdateTimestampSeconds', last);
  requireUint256('currentTimestampSeconds', current);
  if (current < last) {
    throw new InvalidInputError('currentTimestampSeconds', current, `must be >= lastUpdateTimestampSeconds (${last})`);
  }
  return current - last;
}
