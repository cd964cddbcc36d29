// The block clock: default 12 s blocks, fractional block times, seeded jitter, refusals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import { BlockClock, DEFAULT_BLOCK_TIME_SECONDS } from '../../../src/market/chain/block-clock.js';

describe('BlockClock', () => {
  it('starts at the genesis header and adds 12 s per block by default', () => {
    const clock = new BlockClock({ genesisBlockNumber: 100, genesisTimestampSeconds: 1_700_000_000 });
    expect(DEFAULT_BLOCK_TIME_SECONDS).toBe(12);
    expect(clock.current()).toEqual({ blockNumber: 100, timestampSeconds: 1_700_000_000 });
    expect(clock.advance()).toEqual({ blockNumber: 101, timestampSeconds: 1_700_000_012 });
    expect(clock.advanceBlocks(2)).toEqual([
      { blockNumber: 102, timestampSeconds: 1_700_000_024 },
      { blockNumber: 103, timestampSeconds: 1_700_000_036 },
    ]);
    expect(clock.current()).toEqual({ blockNumber: 103, timestampSeconds: 1_700_000_036 });
  });

  it('advances until a timestamp is reached, and not at all when already there', () => {
    const clock = new BlockClock({ blockTimeSeconds: 2 });
    const headers = clock.advanceUntil(7);
    expect(headers.map((h) => h.timestampSeconds)).toEqual([2, 4, 6, 8]);
    expect(clock.advanceUntil(8)).toEqual([]);
    expect(clock.current().blockNumber).toBe(4);
  });

  it('lets sub-second blocks share a whole-second timestamp without drift', () => {
    const clock = new BlockClock({ blockTimeSeconds: 0.25 });
    const stamps = clock.advanceBlocks(8).map((h) => h.timestampSeconds);
    expect(stamps).toEqual([0, 0, 0, 1, 1, 1, 1, 2]);
    const tenths = new BlockClock({ blockTimeSeconds: 0.1 });
    tenths.advanceBlocks(1000);
    // 1000 × 0.1 in floats is 99.9999…; integer milliseconds keep it exact.
    expect(tenths.current().timestampSeconds).toBe(100);
  });

  it('jitters intervals within the bound, strictly increasing, the same for the same seed', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 11 }), (seed, jitterSeconds) => {
        const a = new BlockClock({ seed, jitterSeconds }).advanceBlocks(50);
        const b = new BlockClock({ seed, jitterSeconds }).advanceBlocks(50);
        expect(a).toEqual(b);
        let previous = 0;
        for (const header of a) {
          const interval = header.timestampSeconds - previous;
          // Whole-second flooring can stretch an interval by < 1 s either way.
          expect(interval).toBeGreaterThanOrEqual(12 - jitterSeconds - 1);
          expect(interval).toBeLessThanOrEqual(12 + jitterSeconds + 1);
          expect(interval).toBeGreaterThan(0);
          previous = header.timestampSeconds;
        }
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('actually varies with jitter, and differs between seeds', () => {
    const a = new BlockClock({ seed: 1, jitterSeconds: 3 }).advanceBlocks(20).map((h) => h.timestampSeconds);
    const b = new BlockClock({ seed: 2, jitterSeconds: 3 }).advanceBlocks(20).map((h) => h.timestampSeconds);
    const intervals = a.map((t, i) => t - (i === 0 ? 0 : a[i - 1]!));
    expect(new Set(intervals).size).toBeGreaterThan(1);
    expect(a).not.toEqual(b);
  });

  it('refuses bad configuration with InvalidInputError naming the field', () => {
    expect(() => new BlockClock({ blockTimeSeconds: 0 })).toThrow(InvalidInputError);
    expect(() => new BlockClock({ blockTimeSeconds: Number.NaN })).toThrow(/blockTimeSeconds/);
    expect(() => new BlockClock({ jitterSeconds: 12, seed: 1 })).toThrow(/jitterSeconds/);
    expect(() => new BlockClock({ jitterSeconds: 1 })).toThrow(/seed/);
    expect(() => new BlockClock({ genesisBlockNumber: -1 })).toThrow(/genesisBlockNumber/);
    expect(() => new BlockClock({ genesisTimestampSeconds: 1.5 })).toThrow(/genesisTimestampSeconds/);
    expect(() => new BlockClock().advanceBlocks(-1)).toThrow(/count/);
  });
});
