/** SafeCast (v3-core): narrowing casts that revert instead of truncating. */
import { MAX_INT128, MAX_UINT160, MIN_INT128 } from './constants.js';
import { UniswapV3Error } from './errors.js';

const TWO_255 = 1n << 255n;

/** uint256 → uint160. */
export function toUint160(y: bigint): bigint {
  if (y > MAX_UINT160 || y < 0n) throw new UniswapV3Error('SAFECAST_OVERFLOW', `toUint160(${y})`);
  return y;
}

/** int256 → int128. */
export function toInt128(y: bigint): bigint {
  if (y > MAX_INT128 || y < MIN_INT128) throw new UniswapV3Error('SAFECAST_OVERFLOW', `toInt128(${y})`);
  return y;
}

/** uint256 → int256. */
export function toInt256(y: bigint): bigint {
  if (y >= TWO_255 || y < 0n) throw new UniswapV3Error('SAFECAST_OVERFLOW', `toInt256(${y})`);
  return y;
}
