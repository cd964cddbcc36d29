/**
 * BitMath (v3-core): index of the most / least significant set bit of a non-zero uint256.
 * The contract's binary search runs on bigint down to 32 bits, then Math.clz32 finishes it:
 * the same answer for every x > 0, with fewer bigint operations (TickBitmap calls these per swap).
 */
import { UniswapV3Error } from './errors.js';

const TWO_128 = 1n << 128n;
const TWO_64 = 1n << 64n;
const TWO_32 = 1n << 32n;
const MASK_128 = TWO_128 - 1n;
const MASK_64 = TWO_64 - 1n;
const MASK_32 = TWO_32 - 1n;

export function mostSignificantBit(x: bigint): number {
  if (x <= 0n) throw new UniswapV3Error('BITMATH_ZERO');
  let r = 0;
  if (x >= TWO_128) {
    x >>= 128n;
    r += 128;
  }
  if (x >= TWO_64) {
    x >>= 64n;
    r += 64;
  }
  if (x >= TWO_32) {
    x >>= 32n;
    r += 32;
  }
  return r + 31 - Math.clz32(Number(x));
}

export function leastSignificantBit(x: bigint): number {
  if (x <= 0n) throw new UniswapV3Error('BITMATH_ZERO');
  let r = 0;
  if ((x & MASK_128) === 0n) {
    x >>= 128n;
    r += 128;
  }
  if ((x & MASK_64) === 0n) {
    x >>= 64n;
    r += 64;
  }
  if ((x & MASK_32) === 0n) {
    x >>= 32n;
    r += 32;
  }
  const low = Number(x & MASK_32);
  // low & -low isolates the lowest set bit (as a signed 32-bit int, so clz32 reads it right).
  return r + 31 - Math.clz32(low & -low);
}
