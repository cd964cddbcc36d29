// Chainlink-style feed: deviation and heartbeat triggers, latency, AggregatorV3 reads, faults.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import { answerToPrice, NoRoundDataError, PriceFeed, priceToAnswer } from '../../../src/market/oracle/price-feed.js';

const config = { heartbeatSeconds: 3600, deviationThresholdBps: 50, updateLatencySeconds: 30 };

describe('priceToAnswer / answerToPrice', () => {
  it('rounds the exact decimal value of the double', () => {
    expect(priceToAnswer(3000, 8)).toBe(300_000_000_000n);
    expect(priceToAnswer(0.1, 8)).toBe(10_000_000n);
    expect(priceToAnswer(3000.123456789, 8)).toBe(300_012_345_679n);
    // 1.005 is 1.00499999999999989… as a double: it rounds down, not up.
    expect(priceToAnswer(1.005, 2)).toBe(100n);
    expect(priceToAnswer(42, 0)).toBe(42n);
    expect(answerToPrice(300_012_345_679n, 8)).toBe(3000.12345679);
  });

  it('equals what toFixed prints, for any double and any decimals (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.double({ min: 1, max: 9.99e20, noNaN: true }), fc.constantFrom(0.5, 1.5, 2.5, 0.125, 1.005, 0.045)),
        fc.integer({ min: 0, max: 36 }),
        (price, decimals) => {
          const printed = BigInt(price.toFixed(decimals).replace('.', ''));
          if (printed === 0n) expect(() => priceToAnswer(price, decimals)).toThrow(/rounds to 0/);
          else expect(priceToAnswer(price, decimals)).toBe(printed);
        },
      ),
      { seed: 21, numRuns: 1000 },
    );
  });

  it('refuses prices that are not positive, too large, or round to zero', () => {
    expect(() => priceToAnswer(0, 8)).toThrow(InvalidInputError);
    expect(() => priceToAnswer(1e21, 8)).toThrow(/price/);
    expect(() => priceToAnswer(1e-9, 8)).toThrow(/rounds to 0/);
    expect(() => priceToAnswer(1, 37)).toThrow(/decimals/);
  });
});

describe('PriceFeed rounds', () => {
  it('publishes the first observation after the latency, with OCR2 timestamps', () => {
    const feed = new PriceFeed(config);
    expect(feed.decimals).toBe(8);
    const round = feed.observe(1_000, 3000);
    expect(round).toEqual({ roundId: 1n, answer: 300_000_000_000n, startedAt: 1_000, updatedAt: 1_030, answeredInRound: 1n });
    expect(() => feed.latestRoundData(1_029)).toThrow(NoRoundDataError);
    expect(feed.latestRoundData(1_030)).toEqual(round);
  });

  it('triggers on a move of at least the threshold, not below it', () => {
    const feed = new PriceFeed(config);
    feed.observe(0, 3000);
    expect(feed.observe(12, 3014.99)).toBeUndefined();
    expect(feed.observe(24, 2985.01)).toBeUndefined();
    // Exactly 0.5 %.
    expect(feed.observe(36, 3015)?.answer).toBe(301_500_000_000n);
    // Measured from the new answer now: 3015 × 0.995 = 2999.925.
    expect(feed.observe(48, 3000)).toBeUndefined();
    expect(feed.observe(60, 2999.925)?.roundId).toBe(3n);
  });

  it('publishes on the heartbeat when the price is flat', () => {
    const feed = new PriceFeed(config);
    const starts: number[] = [];
    for (let t = 0; t <= 3 * 3600; t += 12) {
      const round = feed.observe(t, 2000);
      if (round !== undefined) starts.push(round.startedAt);
    }
    expect(starts).toEqual([0, 3600, 7200, 10_800]);
  });

  it('publishes the trigger-time price even if the market moves during the latency', () => {
    const feed = new PriceFeed(config);
    feed.observe(0, 3000);
    feed.observe(12, 3100); // 3.3 % move: triggers, lands at 42
    feed.observe(24, 3105); // within 0.5 % of the in-flight 3100: no new round
    expect(feed.latestRoundData(41).answer).toBe(300_000_000_000n);
    expect(feed.latestRoundData(42)).toEqual({
      roundId: 2n,
      answer: 310_000_000_000n,
      startedAt: 12,
      updatedAt: 42,
      answeredInRound: 2n,
    });
    expect(feed.allRounds()).toHaveLength(2);
  });

  it('serves getRoundData for published rounds only', () => {
    const feed = new PriceFeed(config);
    feed.observe(0, 3000);
    feed.observe(100, 3100);
    expect(feed.getRoundData(1n).answer).toBe(300_000_000_000n);
    // Round 2 lands at 130; the latest observation is 100.
    expect(() => feed.getRoundData(2n)).toThrow(NoRoundDataError);
    expect(feed.getRoundData(2n, 130).answer).toBe(310_000_000_000n);
    expect(() => feed.getRoundData(3n, 10_000)).toThrow(/round 3/);
    expect(() => feed.getRoundData(0n, 10_000)).toThrow(NoRoundDataError);
  });

  it('encodes round ids as the proxy does when given a phase', () => {
    const feed = new PriceFeed({ ...config, phaseId: 2 });
    const round = feed.observe(0, 1)!;
    expect(round.roundId).toBe((2n << 64n) | 1n);
    expect(round.answeredInRound).toBe(round.roundId);
    expect(feed.getRoundData((2n << 64n) | 1n, 30).answer).toBe(100_000_000n);
    expect(() => feed.getRoundData(1n, 30)).toThrow(NoRoundDataError);
  });

  it('keeps any move above the threshold from going unreported, and rounds within the heartbeat', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 600 }), move: fc.double({ min: -0.02, max: 0.02, noNaN: true }) }), {
          minLength: 1,
          maxLength: 200,
        }),
        fc.integer({ min: 0, max: 200 }),
        (steps, thresholdBps) => {
          const feed = new PriceFeed({ heartbeatSeconds: 900, deviationThresholdBps: thresholdBps, updateLatencySeconds: 5 });
          let t = 0;
          let price = 1000;
          for (const step of steps) {
            t += step.dt;
            price *= 1 + step.move;
            const round = feed.observe(t, price);
            const last = feed.allRounds().at(-1)!;
            if (round === undefined) {
              const answer = priceToAnswer(price, 8);
              const gap = answer > last.answer ? answer - last.answer : last.answer - answer;
              expect(gap * 10_000n < BigInt(thresholdBps) * last.answer).toBe(true);
              expect(t - last.startedAt).toBeLessThan(900);
            } else {
              expect(round).toBe(last);
              expect(round.startedAt).toBe(t);
              expect(round.answer).toBe(priceToAnswer(price, 8));
            }
          }
        },
      ),
      { seed: 2024, numRuns: 200 },
    );
  });

  it('refuses bad configuration and time running backwards', () => {
    expect(() => new PriceFeed({ ...config, heartbeatSeconds: 0 })).toThrow(/heartbeatSeconds/);
    expect(() => new PriceFeed({ ...config, deviationThresholdBps: -1 })).toThrow(/deviationThresholdBps/);
    expect(() => new PriceFeed({ ...config, updateLatencySeconds: Number.NaN })).toThrow(/updateLatencySeconds/);
    expect(() => new PriceFeed({ ...config, decimals: 2.5 })).toThrow(/decimals/);
    const feed = new PriceFeed(config);
    feed.observe(100, 1);
    expect(() => feed.observe(99, 1)).toThrow(/timestampSeconds/);
    expect(() => feed.observe(101, -1)).toThrow(/marketPrice/);
  });
});

describe('PriceFeed faults and helpers', () => {
  it('goes stale when frozen, and recovers on resume', () => {
    const feed = new PriceFeed(config);
    feed.observe(0, 3000);
    feed.freeze();
    for (let t = 12; t <= 7200; t += 12) expect(feed.observe(t, 2000 + t / 10)).toBeUndefined();
    expect(feed.latestRoundData(7200).answer).toBe(300_000_000_000n);
    expect(feed.isStale(7200, 3600 + 30)).toBe(true);
    expect(feed.isStale(3630, 3600)).toBe(false);
    expect(feed.isStale(3631, 3600)).toBe(true);
    feed.resume();
    const round = feed.observe(7212, 2721.2)!;
    expect(round.answer).toBe(272_120_000_000n);
    expect(feed.isStale(7242, 3600)).toBe(false);
  });

  it('treats a feed with no published round as stale', () => {
    const feed = new PriceFeed(config);
    expect(feed.isStale(0, 1e9)).toBe(true);
    feed.observe(0, 1);
    expect(feed.isStale(29, 1e9)).toBe(true);
    expect(feed.isStale(30, 0)).toBe(false);
  });

  it('publishes a forced answer off the market, through the normal triggers', () => {
    const feed = new PriceFeed(config);
    feed.observe(0, 3000);
    feed.forceAnswer(1500);
    const round = feed.observe(12, 3000)!;
    expect(round.answer).toBe(150_000_000_000n);
    expect(feed.deviationFrom(3000, 42)).toBeCloseTo(-0.5, 12);
    // A forced price within the threshold of the last answer only shows at the heartbeat.
    feed.forceAnswer(1501);
    expect(feed.observe(24, 3000)).toBeUndefined();
    expect(feed.observe(3612, 3000)?.answer).toBe(150_100_000_000n);
  });

  it('applies a bias to the market price until resumed', () => {
    const feed = new PriceFeed(config);
    feed.observe(0, 2000);
    feed.setBias(0.1);
    expect(feed.observe(12, 2000)?.answer).toBe(220_000_000_000n);
    expect(feed.latestPrice(42)).toBeCloseTo(2200, 9);
    expect(feed.deviationFrom(2000, 42)).toBeCloseTo(0.1, 12);
    feed.resume();
    expect(feed.observe(24, 2000)?.answer).toBe(200_000_000_000n);
    expect(() => feed.setBias(-1)).toThrow(/fraction/);
    expect(() => feed.forceAnswer(0)).toThrow(/price/);
    expect(() => feed.deviationFrom(0, 100)).toThrow(/referencePrice/);
  });
});
