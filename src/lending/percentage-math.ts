/**
 * Aave's PercentageMath: percentages in basis points (1e4 = 100.00 %). `percentMul` and
 * `percentDiv` round half up as in v3.0; the Floor/Ceil variants are the later releases'
 * (aave-v3-origin) explicit rounding directions.
 */
import { InvalidInputError } from '../errors.js';
import { overflow, requireUint256, UINT256_MAX } from './uint256.js';

export const PERCENTAGE_FACTOR = 10_000n;
export const HALF_PERCENTAGE_FACTOR = 5_000n;

/** value·percentage / 1e4, rounded half up. */
export function percentMul(value: bigint, percentageBps: bigint): bigint {
  check(value, percentageBps);
  if (percentageBps !== 0n && value > (UINT256_MAX - HALF_PERCENTAGE_FACTOR) / percentageBps) {
    overflow('value', value, 'percentMul');
  }
  return (value * percentageBps + HALF_PERCENTAGE_FACTOR) / PERCENTAGE_FACTOR;
}

/** value·percentage / 1e4, rounded down. */
export function percentMulFloor(value: bigint, percentageBps: bigint): bigint {
  check(value, percentageBps);
  if (percentageBps !== 0n && value > UINT256_MAX / percentageBps) overflow('value', value, 'percentMulFloor');
  return (value * percentageBps) / PERCENTAGE_FACTOR;
}

/** value·percentage / 1e4, rounded up. */
export function percentMulCeil(value: bigint, percentageBps: bigint): bigint {
  check(value, percentageBps);
  if (percentageBps !== 0n && value > UINT256_MAX / percentageBps) overflow('value', value, 'percentMulCeil');
  return ceilDiv(value * percentageBps, PERCENTAGE_FACTOR);
}

/** value·1e4 / percentage, rounded half up. */
export function percentDiv(value: bigint, percentageBps: bigint): bigint {
  check(value, percentageBps);
  requireNonZero(percentageBps);
  if (value > (UINT256_MAX - percentageBps / 2n) / PERCENTAGE_FACTOR) overflow('value', value, 'percentDiv');
  return (value * PERCENTAGE_FACTOR + percentageBps / 2n) / percentageBps;
}

/** value·1e4 / percentage, rounded down. */
export function percentDivFloor(value: bigint, percentageBps: bigint): bigint {
  check(value, percentageBps);
  requireNonZero(percentageBps);
  if (value > UINT256_MAX / PERCENTAGE_FACTOR) overflow('value', value, 'percentDivFloor');
  return (value * PERCENTAGE_FACTOR) / percentageBps;
}

/** value·1e4 / percentage, rounded up. */
export function percentDivCeil(value: bigint, percentageBps: bigint): bigint {
  check(value, percentageBps);
  requireNonZero(percentageBps);
  if (value > UINT256_MAX / PERCENTAGE_FACTOR) overflow('value', value, 'percentDivCeil');
  return ceilDiv(value * PERCENTAGE_FACTOR, percentageBps);
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return a / b + (a % b === 0n ? 0n : 1n);
}

function check(value: bigint, percentageBps: bigint): void {
  requireUint256('value', value);
  requireUint256('percentageBps', percentageBps);
}

function requireNonZero(percentageBps: bigint): void {
  if (percentageBps === 0n) throw new InvalidInputError('percentageBps', percentageBps, 'division by 0 % (the contract reverts)');
}
