/** What an option-writing vault remembers between decisions: plain JSON, so the keeper can persist it. */
import type { JsonValue } from '../types.js';

export interface OptionWritingMemory {
  readonly [key: string]: JsonValue;
  /** rounds whose written option has been seen in the book (a sale that landed) */
  readonly roundsWritten: number;
  /** the written series of the current (or last) round; null before the first */
  readonly expirySeconds: number | null;
  readonly strike: number | null;
}

export const INITIAL_MEMORY: OptionWritingMemory = Object.freeze({ roundsWritten: 0, expirySeconds: null, strike: null });
