/**
 * uint256 bounds for the exact ports of Solidity math: the contracts revert where a value
 * leaves [0, 2²⁵⁶), so the ports refuse the same inputs instead of returning a wrong number.
 */
import { InvalidInputError } from '../errors.js';

export const UINT256_MAX = (1n << 256n) - 1n;

/** Throws unless `value` is a bigint in [0, 2²⁵⁶). */
export function requireUint256(field: string, value: bigint): void {
  if (typeof value !== 'bigint' || value < 0n || value > UINT256_MAX) {
    throw new InvalidInputError(field, value, 'must be a uint256 (bigint in [0, 2^256))');
  }
}

/** The Solidity checked-arithmetic revert, as a typed error naming the operation. */
export function overflow(field: string, value: bigint, operation: string): never {
  throw new InvalidInputError(field, value, `${operation} overflows uint256 (the contract reverts)`);
}
