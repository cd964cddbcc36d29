/**
 * BitMath (v3-core): index of the most / least significant set bit of a non-zero uint256.
 * The contract's binary search runs on bigint down to 32 bits, then Math.clz32 finishes it:
 * the same answer for every x > 0, with fewer bigint operations (TickBitmap calls these per swap).
 */
import { UniswapV3Error } from './errors.js';

const TWO_128 = 1n << 128n;
const TWO_64 = 1n << 64n;
const TWO_32 = 1n << 32n;

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
  // Skip zero 64-bit limbs (BigInt.asUintN(64, ·) is cheap), then finish on 32-bit halves.
  let r = 0;
  let low64 = BigInt.asUintN(64, x);
  while (low64 === 0n) {
    x >>= 64n;
    r += 64;
    low64 = BigInt.asUintN(64, x);
  }
  let low = Number(BigInt.asUintN(32, low64));
  if (low === 0) {
    low = Number(low64 >> 32n);
    r += 32;
  }
  // low & -low isolates the lowest set bit (as a signed 32-bit int, so clz32 reads it right).
  return r + 31 - Math.clz32(low & -low);
}
