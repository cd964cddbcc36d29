// Uniswap v3 TWAP as OracleLibrary.consult computes it, on a fake observe() and on the pool.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import {
  arithmeticMeanTick,
  consult,
  getQuoteAtTick,
  tickToPrice,
  twapPrice,
  twapSqrtPriceX96,
  type TickCumulativeSource,
} from '../../../src/market/oracle/twap.js';
import { UniswapV3Pool } from '../../../src/uniswap-v3/pool.js';
import { getSqrtRatioAtTick, MAX_TICK, MIN_TICK } from '../../../src/uniswap-v3/tick-math.js';

// The compile-time half of the contract with the pool: UniswapV3Pool is a TickCumulativeSource.
const _poolIsSource = (pool: UniswapV3Pool): TickCumulativeSource => pool;

/** A pool whose tick was `tick` over each segment (oldest first) up to now; an input, not a mock. */
function piecewisePool(segments: readonly { tick: number; seconds: number }[]): TickCumulativeSource {
  const now = segments.reduce((s, x) => s + x.seconds, 0);
  const cumulativeAt = (time: number): bigint => {
    let total = 0n;
    let t = 0;
    for (const { tick, seconds } of segments) {
      const span = Math.max(0, Math.min(seconds, time - t));
      total += BigInt(tick) * BigInt(span);
      t += seconds;
    }
    return total;
  };
  return {
    observe: (secondsAgos) => ({ tickCumulatives: secondsAgos.map((ago) => cumulativeAt(now - ago)) }),
  };
}

describe('arithmeticMeanTick', () => {
  it('rounds toward negative infinity when negative and inexact, as OracleLibrary does', () => {
    expect(arithmeticMeanTick(0n, 7n, 2)).toBe(3);
    expect(arithmeticMeanTick(0n, -7n, 2)).toBe(-4);
    expect(arithmeticMeanTick(0n, -8n, 2)).toBe(-4);
    expect(arithmeticMeanTick(0n, -1n, 2)).toBe(-1);
    expect(arithmeticMeanTick(10n, 10n, 5)).toBe(0);
    expect(arithmeticMeanTick(100n, 95n, 3)).toBe(-2);
  });

  it('equals the floor of the mean for any non-wrapping difference', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MIN_TICK, max: MAX_TICK }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: -1_000, max: 1_000 }),
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        (tick, window, jitter, start) => {
          const delta = BigInt(tick) * BigInt(window) + BigInt(jitter);
          const w = BigInt(window);
          const floor = delta >= 0n ? delta / w : -((-delta + w - 1n) / w);
          expect(arithmeticMeanTick(start, start + delta, window)).toBe(Number(floor));
        },
      ),
      { seed: 56, numRuns: 500 },
    );
  });

  it('takes the int56 difference with wraparound, as the contract’s unchecked subtraction', () => {
    const maxInt56 = (1n << 55n) - 1n;
    // 10 s at tick 10 from 9 below the int56 maximum: the stored cumulative wraps negative.
    const start = maxInt56 - 9n;
    const end = -(1n << 55n) + 90n;
    expect(end).toBe(BigInt.asIntN(56, start + 100n));
    expect(arithmeticMeanTick(start, end, 10)).toBe(10);
    // 10 s at tick −1 from 5 above the minimum: wraps positive.
    expect(arithmeticMeanTick(-(1n << 55n) + 5n, maxInt56 - 4n, 10)).toBe(-1);
  });

  it('refuses a zero or fractional window (OracleLibrary: BP)', () => {
    expect(() => arithmeticMeanTick(0n, 0n, 0)).toThrow(InvalidInputError);
    expect(() => arithmeticMeanTick(0n, 0n, 1.5)).toThrow(/secondsAgo/);
    expect(() => arithmeticMeanTick(0n, 0n, 2 ** 32)).toThrow(/secondsAgo/);
  });
});

describe('consult', () => {
  it('averages a constant tick to itself', () => {
    const pool = piecewisePool([{ tick: -200_000, seconds: 3600 }]);
    expect(consult(pool, 1800)).toEqual({ arithmeticMeanTick: -200_000, harmonicMeanLiquidity: undefined });
  });

  it('weights ticks by time, rounding a negative inexact mean down', () => {
    const up = piecewisePool([
      { tick: -10, seconds: 30 },
      { tick: 20, seconds: 30 },
    ]);
    expect(consult(up, 60).arithmeticMeanTick).toBe(5);
    expect(consult(up, 30).arithmeticMeanTick).toBe(20);
    const down = piecewisePool([
      { tick: -11, seconds: 20 },
      { tick: 5, seconds: 10 },
    ]);
    // (−220 + 50) / 30 = −5.67 → −6, where truncation would give −5.
    expect(consult(down, 30).arithmeticMeanTick).toBe(-6);
    expect(twapPrice(down, 30)).toBe(tickToPrice(-6));
    expect(twapSqrtPriceX96(down, 30)).toBe(getSqrtRatioAtTick(-6));
  });

  it('asks the pool for [secondsAgo, 0], as the library does', () => {
    const asked: number[][] = [];
    const pool: TickCumulativeSource = {
      observe: (secondsAgos) => {
        asked.push([...secondsAgos]);
        return { tickCumulatives: [0n, 600n] };
      },
    };
    expect(consult(pool, 60).arithmeticMeanTick).toBe(10);
    expect(asked).toEqual([[60, 0]]);
  });

  it('derives the harmonic mean liquidity when the source reports seconds per liquidity', () => {
    const liquidity = 10n ** 18n;
    const window = 600;
    const perLiquidity = (BigInt(window) << 128n) / liquidity;
    const pool: TickCumulativeSource = {
      observe: () => ({ tickCumulatives: [0n, 0n], secondsPerLiquidityCumulativeX128s: [5n, 5n + perLiquidity] }),
    };
    const { harmonicMeanLiquidity } = consult(pool, window);
    const relativeError = Number(harmonicMeanLiquidity! - liquidity) / Number(liquidity);
    expect(Math.abs(relativeError)).toBeLessThan(1e-9);
    const flat: TickCumulativeSource = {
      observe: () => ({ tickCumulatives: [0n, 0n], secondsPerLiquidityCumulativeX128s: [5n, 5n] }),
    };
    expect(() => consult(flat, window)).toThrow(/division by zero/);
  });

  it('matches a real UniswapV3Pool after its tick moved', () => {
    const pool = new UniswapV3Pool({ fee: 3000, tickSpacing: 60, blockTimestamp: 1_700_000_000 });
    pool.initialize(getSqrtRatioAtTick(-1_000));
    pool.increaseObservationCardinalityNext(10);
    pool.mint('lp', -6_000, 6_000, 10n ** 18n);
    pool.advanceTime(100);
    pool.swap('trader', false, 10n ** 16n, getSqrtRatioAtTick(500));
    const tickAfter = pool.slot0.tick;
    expect(tickAfter).toBeGreaterThan(-1_000);
    pool.advanceTime(50);
    const expected = Math.floor((-1_000 * 100 + tickAfter * 50) / 150);
    expect(consult(pool, 150).arithmeticMeanTick).toBe(expected);
    expect(consult(pool, 50).arithmeticMeanTick).toBe(tickAfter);
    expect(consult(pool, 150).harmonicMeanLiquidity).toBe(10n ** 18n);
  });
});

describe('prices from ticks', () => {
  it('is 1.0001^tick', () => {
    expect(tickToPrice(0)).toBe(1);
    expect(tickToPrice(1)).toBeCloseTo(1.0001, 15);
    expect(tickToPrice(-23_028)).toBeCloseTo(0.1, 4);
    expect(tickToPrice(1000) * tickToPrice(-1000)).toBeCloseTo(1, 12);
    expect(() => tickToPrice(0.5)).toThrow(/tick/);
  });

  it('quotes exactly as OracleLibrary.getQuoteAtTick, both directions and both branches', () => {
    expect(getQuoteAtTick(0, 10n ** 18n, true)).toBe(10n ** 18n);
    expect(getQuoteAtTick(0, 10n ** 18n, false)).toBe(10n ** 18n);
    for (const tick of [-200_000, -1, 1, 50_000, 200_000, 887_000]) {
      const base = 10n ** 18n;
      const forward = Number(getQuoteAtTick(tick, base, true)) / 1e18;
      const backward = Number(getQuoteAtTick(tick, base, false)) / 1e18;
      expect(forward / tickToPrice(tick)).toBeCloseTo(1, 8);
      if (backward > 1e-6) expect(backward * tickToPrice(tick)).toBeCloseTo(1, 6);
    }
    expect(() => getQuoteAtTick(0, 1n << 128n, true)).toThrow(/baseAmount/);
  });
});
