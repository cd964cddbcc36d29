import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import { dataPath } from '../../../src/data/project-paths.js';
import {
  BINANCE_INTERVAL_SECONDS,
  clampFundingRate,
  constantFunding,
  FundingHistory,
  FundingModel,
  loadFundingHistory,
  markPriceFromIndex,
  PerpMarket,
} from '../../../src/market/perp/index.js';

const BINANCE_FILE = 'funding/binance_ethusdt_perp_funding_8h_2020-01-01_2023-12-31.csv';
const ETH = 10n ** 18n;

/** The file's rows read by the test's own route (no zod, no readCsv). */
function rawBinanceRows(): Array<{ timeSeconds: number; rate: number }> {
  const [header, ...lines] = readFileSync(dataPath(BINANCE_FILE), 'utf8').trim().split('\n');
  const columns = header!.split(',');
  const ts = columns.indexOf('timestamp_ms');
  const rate = columns.indexOf('funding_rate');
  return lines.map((line) => {
    const cells = line.split(',');
    return { timeSeconds: Number(cells[ts]) / 1000, rate: Number(cells[rate]) };
  });
}

describe('FundingHistory (replay)', () => {
  it('loads the Binance file: 4,383 settlements at 00/08/16 UTC', () => {
    const history = loadFundingHistory(dataPath(BINANCE_FILE), BINANCE_INTERVAL_SECONDS);
    expect(history.length).toBe(4383);
    const first = history.nextSettlement(0)!;
    expect(first.timeSeconds).toBe(Date.UTC(2020, 0, 1) / 1000);
    expect(first.ratePerInterval).toBe(0.0001);
    const window = history.settlementsBetween(Date.UTC(2021, 4, 1) / 1000, Date.UTC(2021, 5, 1) / 1000);
    expect(window).toHaveLength(93);
    for (const s of window) expect(new Date(s.timeSeconds * 1000).getUTCHours() % 8).toBe(0);
  });

  it('replayed funding over May 2021 equals the sum of the file’s rates × notional, to the rounding bound', () => {
    const history = loadFundingHistory(dataPath(BINANCE_FILE), BINANCE_INTERVAL_SECONDS);
    const start = Date.UTC(2021, 4, 1) / 1000;
    const end = Date.UTC(2021, 5, 1) / 1000;
    const market = new PerpMarket({ fundingSource: history, takerFeeBps: 0, initialMarginRatio: 0.1 });
    const index = 2500;
    market.setIndexPrice(start, index);
    market.deposit('long', 100_000n * 10n ** 6n, start);
    market.deposit('short', 100_000n * 10n ** 6n, start);
    // At the settlement instant the mark equals the index (no time left to the next one).
    const size = 3n * ETH;
    market.modifyPosition('long', size, start, index);
    market.modifyPosition('short', -size, start, index);
    const reports = market.setIndexPrice(end, index);
    expect(reports).toHaveLength(93);

    const rows = rawBinanceRows().filter((r) => r.timeSeconds > start && r.timeSeconds <= end);
    expect(rows).toHaveLength(93);
    const notionalUnits = 3 * index * 1e6;
    const expected = rows.reduce((sum, r) => sum + r.rate, 0) * notionalUnits;
    const long = market.account('long', index);
    const short = market.account('short', index);
    // Each settlement rounds once per account, always against the account.
    const paidLong = Number(long.fundingPaidUnits);
    const paidShort = Number(short.fundingPaidUnits);
    expect(paidLong - expected).toBeGreaterThanOrEqual(-1e-3);
    expect(paidLong - expected).toBeLessThanOrEqual(93 + 1e-3);
    expect(paidShort + expected).toBeGreaterThanOrEqual(-1e-3);
    expect(paidShort + expected).toBeLessThanOrEqual(93 + 1e-3);
    // May 2021 was a bull market: longs paid.
    expect(expected).toBeGreaterThan(0);
    expect(long.fundingPaidUnits).toBeGreaterThan(0n);
    expect(long.collateralUnits).toBe(100_000n * 10n ** 6n - long.fundingPaidUnits);
  });

  it('marks at index × (1 + next rate × time to it / interval), Binance’s “Price 1”', () => {
    const history = new FundingHistory({ timestampSeconds: [28_800, 57_600], fundingRate: [0.001, -0.002] }, 28_800);
    expect(markPriceFromIndex(2000, history, 14_400)).toBeCloseTo(2000 * (1 + 0.001 * 0.5), 10);
    expect(markPriceFromIndex(2000, history, 28_800)).toBeCloseTo(2000 * (1 - 0.002), 10);
    expect(markPriceFromIndex(2000, history, 57_600)).toBe(2000); // past the history: no premium
  });

  it('refuses unsorted or mismatched columns, naming the field', () => {
    expect(() => new FundingHistory({ timestampSeconds: [2, 1], fundingRate: [0, 0] }, 3600)).toThrow(/timestampSeconds\[1\]/);
    expect(() => new FundingHistory({ timestampSeconds: [1], fundingRate: [] }, 3600)).toThrow(InvalidInputError);
    expect(() => new FundingHistory({ timestampSeconds: [1], fundingRate: [Number.NaN] }, 3600)).toThrow(/fundingRate\[0\]/);
  });
});

describe('FundingModel (Binance clamp formula on a seeded premium)', () => {
  it('applies F = P + clamp(I − P, ±c), capped', () => {
    expect(clampFundingRate(0.0003, 0.0001, 0.0005, 0.0075)).toBeCloseTo(0.0001, 15);
    expect(clampFundingRate(0.001, 0.0001, 0.0005, 0.0075)).toBeCloseTo(0.0005, 15);
    expect(clampFundingRate(-0.002, 0.0001, 0.0005, 0.0075)).toBeCloseTo(-0.0015, 15);
    expect(clampFundingRate(0.02, 0.0001, 0.0005, 0.0075)).toBe(0.0075);
    expect(clampFundingRate(0.0042, 0.0001, 0, 1)).toBe(0.0042); // c = 0: plain premium model
  });

  it('settles on 8 h boundaries, and the same seed gives the same rates however it is queried', () => {
    const config = { seed: 42, startSeconds: 1_700_000_000, premiumVolPerInterval: 0.001 };
    const a = new FundingModel(config);
    const b = new FundingModel(config);
    const all = a.settlementsBetween(config.startSeconds, config.startSeconds + 30 * 86_400);
    expect(all).toHaveLength(90);
    const stepwise = [];
    for (let t = config.startSeconds; t < config.startSeconds + 30 * 86_400; t += 3_600) stepwise.push(...b.settlementsBetween(t, t + 3_600));
    expect(stepwise).toEqual(all);
    for (const s of all) expect(s.timeSeconds % 28_800).toBe(0);
    expect(new Set(all.map((s) => s.ratePerInterval)).size).toBeGreaterThan(10);
    const other = new FundingModel({ ...config, seed: 43 }).settlementsBetween(config.startSeconds, config.startSeconds + 30 * 86_400);
    expect(other).not.toEqual(all);
  });

  it('mean-reverts: over many intervals the average premium is near θ', () => {
    const model = new FundingModel({ seed: 5, startSeconds: 0, clampPerInterval: 0, capPerInterval: 1, premiumMeanPerInterval: 0.0002, premiumVolPerInterval: 0.0001, initialPremiumPerInterval: 0.003 });
    const rates = model.settlementsBetween(0, 20_000 * 28_800).map((s) => s.ratePerInterval);
    const mean = rates.slice(1000).reduce((x, y) => x + y, 0) / (rates.length - 1000);
    // Stationary sd of the OU step process: σ/√(κ(2−κ)) ≈ 0.00023; the mean of 19,000 correlated draws is far tighter.
    expect(Math.abs(mean - 0.0002)).toBeLessThan(0.00003);
    expect(rates[0]).toBeCloseTo(0.003, 12);
  });

  it('constantFunding pays one flat rate every interval, and the market marks with it', () => {
    const source = constantFunding(0.0001);
    expect(source.settlementsBetween(0, 86_400).map((x) => x.ratePerInterval)).toEqual([0.0001, 0.0001, 0.0001]);
    const market = new PerpMarket({ fundingSource: source });
    market.setIndexPrice(4 * 3600, 2000);
    expect(market.markPrice()).toBeCloseTo(2000 * (1 + 0.0001 * 0.5), 10);
  });

  it('refuses a bad reversion, naming the field', () => {
    expect(() => new FundingModel({ seed: 1, startSeconds: 0, premiumReversionPerInterval: 1.5 })).toThrow(/premiumReversionPerInterval/);
    expect(() => new FundingModel({ seed: 1.5, startSeconds: 0 })).toThrow(/seed/);
  });
});
