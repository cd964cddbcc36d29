/**
 * TickBitmap (v3-core): one bit per usable tick, 256 ticks per uint256 word, keyed by int16 word
 * position. The contract's `mapping(int16 => uint256)` is a `Map<number, bigint>`; an absent key
 * reads as the zero word, exactly as unset storage does. A word that flips back to zero is deleted
 * so the map stays as small as the set of words with an initialized tick (the contract keeps the
 * zero in storage, which reads the same).
 */
import { leastSignificantBit, mostSignificantBit } from './bit-math.js';
import { MAX_UINT256 } from './constants.js';
import { UniswapV3Error } from './errors.js';

/** The pool's `tickBitmap` storage: word position → word. */
export type TickBitmapWords = Map<number, bigint>;

/**
 * Where a (compressed) tick's bit lives. `tick >> 8` is an arithmetic shift on int24 in both
 * languages; Solidity's `uint8(tick % 256)` keeps the low 8 bits of a negative remainder, which
 * is `tick & 255`.
 */
export function position(tick: number): { wordPos: number; bitPos: number } {
  return { wordPos: tick >> 8, bitPos: tick & 0xff };
}

/** Flips the initialized bit of `tick`; the tick must be a multiple of `tickSpacing`. */
export function flipTick(self: TickBitmapWords, tick: number, tickSpacing: number): void {
  // A bare `require` on chain (no reason string).
  if (tick % tickSpacing !== 0) throw new UniswapV3Error('TICK_SPACING', `tick ${tick} is not a multiple of ${tickSpacing}`);
  const compressed = tick / tickSpacing;
  const wordPos = compressed >> 8;
  const mask = 1n << BigInt(compressed & 0xff);
  const word = (self.get(wordPos) ?? 0n) ^ mask;
  if (word === 0n) self.delete(wordPos);
  else self.set(wordPos, word);
}

/** Whether `tick` is flagged (a test and parity helper; the contract has no such function). */
export function isInitialized(self: TickBitmapWords, tick: number, tickSpacing: number): boolean {
  if (tick % tickSpacing !== 0) return false;
  const compressed = tick / tickSpacing;
  const word = self.get(compressed >> 8);
  return word !== undefined && ((word >> BigInt(compressed & 0xff)) & 1n) === 1n;
}

export interface NextInitializedTick {
  /** The next initialized tick, or the last tick of the searched word if none is initialized. */
  next: number;
  initialized: boolean;
}

/** The contract's masks, one per bit position: `(1 << bitPos) - 1 + (1 << bitPos)` and `~((1 << bitPos) - 1)`. */
const AT_OR_RIGHT: readonly bigint[] = Array.from({ length: 256 }, (_, b) => (2n << BigInt(b)) - 1n);
const AT_OR_LEFT: readonly bigint[] = Array.from({ length: 256 }, (_, b) => MAX_UINT256 ^ ((1n << BigInt(b)) - 1n));

/**
 * The next initialized tick in the same word as `tick` (lte: at or to the left; otherwise strictly
 * to the right, searching from the word of the next compressed tick). Never looks past one word,
 * so a swap loop advances at most 256 × tickSpacing ticks per step, as on chain.
 * `out`, when given, receives the answer (the swap loop reuses one object for every step).
 */
export function nextInitializedTickWithinOneWord(
  self: TickBitmapWords,
  tick: number,
  tickSpacing: number,
  lte: boolean,
  out: NextInitializedTick = { next: 0, initialized: false },
): NextInitializedTick {
  // Solidity int division truncates toward zero; round toward negative infinity instead.
  let compressed = (tick / tickSpacing) | 0;
  if (tick < 0 && tick % tickSpacing !== 0) compressed--;

  if (lte) {
    const wordPos = compressed >> 8;
    const bitPos = compressed & 0xff;
    const word = self.get(wordPos);
    // all the 1s at or to the right of the current bitPos
    const masked = word === undefined ? 0n : word & (AT_OR_RIGHT[bitPos] as bigint);
    if (masked !== 0n) {
      out.next = (compressed - (bitPos - mostSignificantBit(masked))) * tickSpacing;
      out.initialized = true;
    } else {
      out.next = (compressed - bitPos) * tickSpacing;
      out.initialized = false;
    }
    return out;
  }
  // start from the word of the next tick, since the current tick state doesn't matter
  const c1 = compressed + 1;
  const wordPos = c1 >> 8;
  const bitPos = c1 & 0xff;
  const word = self.get(wordPos);
  // all the 1s at or to the left of the bitPos
  const masked = word === undefined ? 0n : word & (AT_OR_LEFT[bitPos] as bigint);
  if (masked !== 0n) {
    out.next = (c1 + (leastSignificantBit(masked) - bitPos)) * tickSpacing;
    out.initialized = true;
  } else {
    out.next = (c1 + (255 - bitPos)) * tickSpacing;
    out.initialized = false;
  }
  return out;
}
