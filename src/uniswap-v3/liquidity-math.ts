/** LiquidityMath (v3-core): add a signed int128 delta to a uint128 liquidity, reverting on wrap. */
import { MAX_UINT128 } from './constants.js';
import { UniswapV3Error } from './errors.js';

/**
 * The contract computes `x - uint128(-y)` / `x + uint128(y)` mod 2^128 and reverts when the
 * result wrapped ('LS' below zero, 'LA' above 2^128 − 1); without wrapping, those are the
 * plain range checks below. y = −2^127 behaves as in Solidity: −y wraps to −2^127, cast to 2^127.
 */
export function addDelta(x: bigint, y: bigint): bigint {
  const z = x + y;
  if (y < 0n) {
    if (z < 0n) throw new UniswapV3Error('LS');
  } else if (z > MAX_UINT128) {
    throw new UniswapV3Error('LA');
  }
  return z;
}

/**
 * addDelta(x, −y) without forming −y (the swap loop's leftward crossing): z = x − y, and −y < 0
 * exactly when y > 0, so the same two checks in the same cases.
 */
export function subDelta(x: bigint, y: bigint): bigint {
  const z = x - y;
  if (y > 0n) {
    if (z < 0n) throw new UniswapV3Error('LS');
  } else if (z > MAX_UINT128) {
    throw new UniswapV3Error('LA');
  }
  return z;
}
