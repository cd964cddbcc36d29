/**
 * FullMath (v3-core): a·b/denominator with a 512-bit intermediate, uint256 result.
 *
 * bigint has no word size, so the contract's Chinese-remainder dance collapses to one exact
 * product. The reverts are the same: `require(denominator > prod1)` holds exactly when the
 * quotient fits in 256 bits (prod1 = ⌊a·b / 2^256⌋ < d ⟺ a·b < d·2^256), and the non-overflow
 * branch's `require(denominator > 0)` is the zero-denominator case.
 * Inputs are assumed to be uint256 (the pool never passes anything else).
 */
import { MAX_UINT256 } from './constants.js';
import { UniswapV3Error } from './errors.js';

export function mulDiv(a: bigint, b: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new UniswapV3Error('MULDIV_ZERO_DENOMINATOR');
  const result = (a * b) / denominator;
  if (result > MAX_UINT256) throw new UniswapV3Error('MULDIV_OVERFLOW');
  return result;
}

/**
 * The contract rounds mulDiv's floor up when mulmod(a, b, d) > 0 and reverts if that passes
 * 2^256 − 1: together, ⌈a·b/d⌉ with a revert from 2^256. (n − 1)/d + 1 is that ceiling for
 * n > 0, with no remainder test.
 */
export function mulDivRoundingUp(a: bigint, b: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new UniswapV3Error('MULDIV_ZERO_DENOMINATOR');
  const product = a * b;
  if (product === 0n) return 0n;
  const result = (product - 1n) / denominator + 1n;
  if (result > MAX_UINT256) throw new UniswapV3Error('MULDIV_OVERFLOW');
  return result;
}
