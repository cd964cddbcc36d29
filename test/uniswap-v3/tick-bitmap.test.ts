// TickBitmap: the v3-core TickBitmap.spec.ts cases (tickSpacing 1), plus a property test against a
// brute-force scan of a plain set of ticks for random spacings and signs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UniswapV3Error } from '../../src/uniswap-v3/errors.js';
import {
  flipTick,
  isInitialized,
  nextInitializedTickWithinOneWord,
  position,
  type TickBitmapWords,
} from '../../src/uniswap-v3/tick-bitmap.js';

function bitmapWith(ticks: number[], spacing = 1): TickBitmapWords {
  const m: TickBitmapWords = new Map();
  for (const t of ticks) flipTick(m, t, spacing);
  return m;
}

describe('TickBitmap.position', () => {
  it('splits a tick into word and bit like int16(tick >> 8), uint8(tick % 256)', () => {
    expect(position(0)).toEqual({ wordPos: 0, bitPos: 0 });
    expect(position(255)).toEqual({ wordPos: 0, bitPos: 255 });
    expect(position(256)).toEqual({ wordPos: 1, bitPos: 0 });
    expect(position(-1)).toEqual({ wordPos: -1, bitPos: 255 });
    expect(position(-256)).toEqual({ wordPos: -1, bitPos: 0 });
    expect(position(-257)).toEqual({ wordPos: -2, bitPos: 255 });
  });
});

describe('TickBitmap.flipTick', () => {
  it('is false for an untouched tick', () => {
    const m = bitmapWith([]);
    expect(isInitialized(m, 1, 1)).toBe(false);
  });

  it('flips only the specified tick', () => {
    const m = bitmapWith([-230]);
    expect(isInitialized(m, -230, 1)).toBe(true);
    expect(isInitialized(m, -231, 1)).toBe(false);
    expect(isInitialized(m, -229, 1)).toBe(false);
    expect(isInitialized(m, -230 + 256, 1)).toBe(false);
    expect(isInitialized(m, -230 - 256, 1)).toBe(false);
    flipTick(m, -230, 1);
    expect(isInitialized(m, -230, 1)).toBe(false);
    expect(m.size).toBe(0);
  });

  it('reverts only itself', () => {
    const m = bitmapWith([-230, -259, -229, 500, -259, -229, -259]);
    expect(isInitialized(m, -259, 1)).toBe(true);
    expect(isInitialized(m, -229, 1)).toBe(false);
  });

  it('refuses a tick that is not a multiple of the spacing (bare require on chain)', () => {
    const m: TickBitmapWords = new Map();
    expect(() => flipTick(m, 61, 60)).toThrow(UniswapV3Error);
    try {
      flipTick(m, -61, 60);
    } catch (e) {
      expect((e as UniswapV3Error).reason).toBe('TICK_SPACING');
    }
    expect(m.size).toBe(0);
  });
});

describe('TickBitmap.nextInitializedTickWithinOneWord (v3-core spec, tickSpacing 1)', () => {
  // word boundaries are at multiples of 256
  const init = [-200, -55, -4, 70, 78, 84, 139, 240, 535];
  const next = (m: TickBitmapWords, tick: number, lte: boolean) => nextInitializedTickWithinOneWord(m, tick, 1, lte);

  describe('lte = false', () => {
    const m = bitmapWith(init);
    it('returns tick to right if at initialized tick', () => {
      expect(next(m, 78, false)).toEqual({ next: 84, initialized: true });
      expect(next(m, -55, false)).toEqual({ next: -4, initialized: true });
    });
    it('returns the tick directly to the right', () => {
      expect(next(m, 77, false)).toEqual({ next: 78, initialized: true });
      expect(next(m, -56, false)).toEqual({ next: -55, initialized: true });
    });
    it('returns the next words initialized tick if on the right boundary', () => {
      expect(next(m, 255, false)).toEqual({ next: 511, initialized: false });
      expect(next(m, -257, false)).toEqual({ next: -200, initialized: true });
    });
    it('returns the next initialized tick from the next word', () => {
      const m2 = bitmapWith([...init, 340]);
      expect(next(m2, 328, false)).toEqual({ next: 340, initialized: true });
    });
    it('does not exceed boundary', () => {
      expect(next(m, 508, false)).toEqual({ next: 511, initialized: false });
    });
    it('skips entire word', () => {
      expect(next(m, 255, false)).toEqual({ next: 511, initialized: false });
    });
    it('skips half word', () => {
      expect(next(m, 383, false)).toEqual({ next: 511, initialized: false });
    });
  });

  describe('lte = true', () => {
    const m = bitmapWith(init);
    it('returns same tick if initialized', () => {
      expect(next(m, 78, true)).toEqual({ next: 78, initialized: true });
    });
    it('returns tick directly to the left of input tick if not initialized', () => {
      expect(next(m, 79, true)).toEqual({ next: 78, initialized: true });
    });
    it('will not exceed the word boundary', () => {
      expect(next(m, 258, true)).toEqual({ next: 256, initialized: false });
    });
    it('at the word boundary', () => {
      expect(next(m, 256, true)).toEqual({ next: 256, initialized: false });
    });
    it('word boundary less 1 (next initialized tick in next word)', () => {
      expect(next(m, 72, true)).toEqual({ next: 70, initialized: true });
    });
    it('word boundary', () => {
      expect(next(m, -257, true)).toEqual({ next: -512, initialized: false });
    });
    it('entire empty word', () => {
      expect(next(m, 1023, true)).toEqual({ next: 768, initialized: false });
    });
    it('halfway through empty word', () => {
      expect(next(m, 900, true)).toEqual({ next: 768, initialized: false });
    });
    it('boundary is initialized', () => {
      const m2 = bitmapWith([...init, 329]);
      expect(next(m2, 456, true)).toEqual({ next: 329, initialized: true });
    });
  });
});

/** Brute force: scan tick by tick within the word the contract searches. */
function reference(set: Set<number>, tick: number, spacing: number, lte: boolean): { next: number; initialized: boolean } {
  const compressed = Math.floor(tick / spacing);
  if (lte) {
    const wordStart = Math.floor(compressed / 256) * 256;
    for (let c = compressed; c >= wordStart; c--) if (set.has(c * spacing)) return { next: c * spacing, initialized: true };
    return { next: wordStart * spacing, initialized: false };
  }
  const c1 = compressed + 1;
  const wordEnd = Math.floor(c1 / 256) * 256 + 255;
  for (let c = c1; c <= wordEnd; c++) if (set.has(c * spacing)) return { next: c * spacing, initialized: true };
  return { next: wordEnd * spacing, initialized: false };
}

describe('TickBitmap properties', () => {
  it('nextInitializedTickWithinOneWord agrees with a brute-force scan', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 10, 60, 200),
        fc.array(fc.integer({ min: -2000, max: 2000 }), { maxLength: 40 }),
        fc.integer({ min: -600_000, max: 600_000 }),
        fc.boolean(),
        (spacing, compressedTicks, tick, lte) => {
          const set = new Set<number>();
          const m: TickBitmapWords = new Map();
          for (const c of compressedTicks) {
            const t = c * spacing;
            flipTick(m, t, spacing);
            if (set.has(t)) set.delete(t);
            else set.add(t);
          }
          // also probe right next to an initialized tick
          const probes = [tick, ...[...set].slice(0, 3).flatMap((t) => [t - 1, t, t + 1])];
          for (const p of probes) {
            expect(nextInitializedTickWithinOneWord(m, p, spacing, lte)).toEqual(reference(set, p, spacing, lte));
          }
          for (const t of set) expect(isInitialized(m, t, spacing)).toBe(true);
        },
      ),
      { seed: 20240601, numRuns: 300 },
    );
  });
});
