/**
 * Aave's WadRayMath (aave-v3-core): wad = 1e18, ray = 1e27, products and quotients rounded
 * half up, with the contract's overflow guards. Exact bigint ports, so the simulator and the
 * chain agree to the wei.
 */
import { InvalidInputError } from '../errors.js';
import { overflow, requireUint256, UINT256_MAX } from './uint256.js';

export const WAD = 10n ** 18n;
export const HALF_WAD = WAD / 2n;
export const RAY = 10n ** 27n;
export const HALF_RAY = RAY / 2n;
export const WAD_RAY_RATIO = 10n ** 9n;

/** a·b / 1e18, rounded half up. */
export function wadMul(a: bigint, b: bigint): bigint {
  requireUint256('a', a);
  requireUint256('b', b);
  if (a === 0n || b === 0n) return 0n;
  if (a > (UINT256_MAX - HALF_WAD) / b) overflow('a', a, 'wadMul');
  return (a * b + HALF_WAD) / WAD;
}

/** a·1e18 / b, rounded half up. */
export function wadDiv(a: bigint, b: bigint): bigint {
  requireUint256('a', a);
  requireUint256('b', b);
  if (b === 0n) throw new InvalidInputError('b', b, 'wadDiv by zero (the contract reverts)');
  const halfB = b / 2n;
  if (a > (UINT256_MAX - halfB) / WAD) overflow('a', a, 'wadDiv');
  return (a * WAD + halfB) / b;
}

/** a·b / 1e27, rounded half up. */
export function rayMul(a: bigint, b: bigint): bigint {
  requireUint256('a', a);
  requireUint256('b', b);
  if (b !== 0n && a > (UINT256_MAX - HALF_RAY) / b) overflow('a', a, 'rayMul');
  return (a * b + HALF_RAY) / RAY;
}

/** a·1e27 / b, rounded half up. */
export function rayDiv(a: bigint, b: bigint): bigint {
  requireUint256('a', a);
  requireUint256('b', b);
  if (b === 0n) throw new InvalidInputError('b', b, 'rayDiv by zero (the contract reverts)');
  const halfB = b / 2n;
  if (a > (UINT256_MAX - halfB) / RAY) overflow('a', a, 'rayDiv');
  return (a * RAY + halfB) / b;
}

/** ray → wad, rounded half up. */
export function rayToWad(a: bigint): bigint {
  requireUint256('a', a);
  const halfRatio = WAD_RAY_RATIO / 2n;
  if (a + halfRatio > UINT256_MAX) overflow('a', a, 'rayToWad');
  return (a + halfRatio) / WAD_RAY_RATIO;
}

/** wad → ray (exact). */
export function wadToRay(a: bigint): bigint {
  requireUint256('a', a);
  const result = a * WAD_RAY_RATIO;
  if (result > UINT256_MAX) overflow('a', a, 'wadToRay');
  return result;
}
