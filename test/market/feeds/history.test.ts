// The replay feeds against the real files in data/: row counts and values as data/README.md
// and MANIFEST.csv state them.
import { describe, expect, it } from 'vitest';
import { dataPath } from '../../../src/data/project-paths.js';
import { InvalidInputError } from '../../../src/errors.js';
import {
  closePriceToken0InToken1,
  loadAaveReserveSeries,
  loadExchangeFunding,
  loadHyperliquidFunding,
  loadOhlcvSeries,
  loadSqueethVolProxy,
  loadTokenPriceSeries,
  loadUniswapV3MinuteSeries,
  parseUtcTimestampSeconds,
  sampleAt,
} from '../../../src/market/feeds/index.js';

const HOURLY = dataPath('prices/binance_ethusdt_1h_2024-01-21_2026-01-20.csv');
const MINUTE = dataPath('prices/demeter_weth_usdc_price_1m_2023-08-13_2023-08-17.csv');
const BINANCE = dataPath('funding/binance_ethusdt_perp_funding_8h_2020-01-01_2023-12-31.csv');
const DYDX = dataPath('funding/dydx_v3_ethusd_perp_funding_1h_2022-01-01_2023-12-31.csv');
const HYPERLIQUID = dataPath('funding/hyperliquid_eth_btc_funding_1h_2024-01-01_2025-12-28.csv');
const AAVE_USDC = dataPath('lending/aave_v3_polygon_usdc_1m_2023-08-14_2023-08-17.csv');
const AAVE_WETH = dataPath('lending/aave_v3_polygon_weth_1m_2023-08-14_2023-08-17.csv');
const POOL = dataPath('uniswap_v3/polygon_univ3_usdc_weth_005_0x45dda9cb_1m_2022-07-19_2022-08-22.csv');
const SQUEETH = dataPath('vol_proxy/opyn_squeeth_normfactor_weth_osqth_1m_2023-08-14_2023-08-17.csv');

const utc = (iso: string): number => Date.parse(iso) / 1000;

function gaps(clock: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 1; i < clock.length; i++) out.push(clock[i]! - clock[i - 1]!);
  return out;
}

function median(values: Iterable<number>): number {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  const n = sorted.length;
  return n % 2 === 1 ? sorted[(n - 1) / 2]! : 0.5 * (sorted[n / 2 - 1]! + sorted[n / 2]!);
}

describe('price feeds', () => {
  it('hourly ETH/USDT: 17,521 hourly candles without gaps, first and last as in the file', () => {
    const s = loadOhlcvSeries(HOURLY);
    expect(s.timestampSeconds).toHaveLength(17521);
    expect(new Set(gaps(s.timestampSeconds))).toEqual(new Set([3600]));
    expect(s.timestampSeconds[0]).toBe(utc('2024-01-21T07:00:00Z'));
    expect([s.open[0], s.high[0], s.low[0], s.close[0], s.volume[0]]).toEqual([2469.81, 2476.07, 2466.64, 2476.06, 4565.4246]);
    expect(s.timestampSeconds[17520]).toBe(utc('2026-01-20T07:00:00Z'));
    expect(s.close[17520]).toBe(3123.37);
    expect(sampleAt(s, 'close', utc('2024-01-21T07:59:59Z'))).toBe(2476.06);
    expect(sampleAt(s, 'close', utc('2024-01-21T08:00:00Z'))).toBe(2474.2);
  });

  it('minute WETH/USDC: refuses the two swapped minutes by default, naming line 10', () => {
    expect(() => loadTokenPriceSeries(MINUTE, ['WETH', 'USDC'])).toThrow(InvalidInputError);
    expect(() => loadTokenPriceSeries(MINUTE, ['WETH', 'USDC'])).toThrow(':10 column 1 (unnamed)');
  });

  it('minute WETH/USDC sorted: 7,200 minutes, one a minute, USDC = 1', () => {
    const s = loadTokenPriceSeries(MINUTE, ['WETH', 'USDC'], { outOfOrder: 'sort' });
    expect(s.timestampSeconds).toHaveLength(7200);
    expect(new Set(gaps(s.timestampSeconds))).toEqual(new Set([60]));
    expect(s.timestampSeconds[0]).toBe(utc('2023-08-13T00:00:00Z'));
    expect(s.timestampSeconds[7199]).toBe(utc('2023-08-17T23:59:00Z'));
    expect(s.WETH[0]).toBe(1848.12);
    expect(s.WETH[7199]).toBe(1683.66);
    expect(s.USDC.every((p) => p === 1)).toBe(true);
  });

  it('refuses a token that is not a column', () => {
    expect(() => loadTokenPriceSeries(MINUTE, ['WBTC'])).toThrow('invalid tokens: "WBTC"');
  });
});

describe('funding feeds', () => {
  it('Binance 8 h: 4,383 rows at 00/08/16 UTC, 2020-01-01 to 2023-12-31, no gaps', () => {
    const s = loadExchangeFunding(BINANCE);
    expect(s.timestampSeconds).toHaveLength(4383);
    expect(new Set(gaps(s.timestampSeconds))).toEqual(new Set([8 * 3600]));
    expect(s.timestampSeconds[0]).toBe(utc('2020-01-01T00:00:00Z'));
    expect(s.timestampSeconds[4382]).toBe(utc('2023-12-31T16:00:00Z'));
    expect(s.fundingRate[0]).toBe(0.0001);
    expect(s.fundingRate[4382]).toBe(0.00031621);
    expect(s.intervalHours.every((h) => h === 8)).toBe(true);
    expect(s.fundingRatePerHour[0]).toBe(0.0001 / 8);
  });

  it('dYdX v3 1 h: 17,520 hourly rows over 2022–2023, no gaps', () => {
    const s = loadExchangeFunding(DYDX);
    expect(s.timestampSeconds).toHaveLength(17520);
    expect(new Set(gaps(s.timestampSeconds))).toEqual(new Set([3600]));
    expect(s.fundingRate[0]).toBe(0.0000252879);
    expect(s.timestampSeconds[17519]).toBe(utc('2023-12-31T23:00:00Z'));
    expect(s.fundingRate[17519]).toBe(0.0000461424);
  });

  it('Hyperliquid: split by asset into BTC and ETH, hourly with whole hours missing', () => {
    const byAsset = loadHyperliquidFunding(HYPERLIQUID);
    expect([...byAsset.keys()]).toEqual(['BTC', 'ETH']);
    const eth = byAsset.get('ETH')!;
    const btc = byAsset.get('BTC')!;
    expect(eth.timestampSeconds).toHaveLength(12192);
    expect(btc.timestampSeconds).toHaveLength(12192);
    expect(eth.timestampSeconds[0]).toBe(utc('2024-01-01T00:00:00Z'));
    expect(eth.fundingRate[0]).toBe(5.52776e-5);
    expect(btc.fundingRate[0]).toBe(6.17991e-5);
    expect(eth.timestampSeconds[12191]).toBe(utc('2025-12-28T23:00:00Z'));
    expect(eth.fundingRate[12191]).toBe(7.1611e-6);
    // A handful of rows are stamped a second to two minutes past the hour (e.g. 2024-12-29
    // 22:00:01): real timestamps, kept as they are.
    expect(eth.timestampSeconds.every((t) => t % 3600 < 120)).toBe(true);
    const offHour = eth.timestampSeconds.filter((t) => t % 3600 !== 0).length;
    expect(offHour).toBeGreaterThan(0);
    expect(offHour).toBeLessThan(10);
    // 2024-01-01 00:00 to 2025-12-28 23:00 is 728 days of hours (2024 is a leap year); about 9 days a month are missing.
    const missingHours = 728 * 24 - 12192;
    const spacing = gaps(eth.timestampSeconds);
    expect(spacing.reduce((a, g) => a + Math.round(g / 3600) - 1, 0)).toBe(missingHours);
    expect(missingHours / 24 / 24).toBeGreaterThan(8);
    expect(missingHours / 24 / 24).toBeLessThan(10);
  });
});

describe('Aave v3 reserve feeds', () => {
  it('USDC: 5,760 minutes; the index strings parse exactly to ray bigints', () => {
    const s = loadAaveReserveSeries(AAVE_USDC);
    expect(s.timestampSeconds).toHaveLength(5760);
    expect(s.liquidityIndexText[0]).toBe('1.023969313696843928663736399');
    expect(s.liquidityIndexRay[0]).toBe(1023969313696843928663736399n);
    expect(s.variableBorrowIndexRay[0]).toBe(1037601547227823743676216603n);
    // 26 fraction digits in the file: the ray is padded with one zero, not rounded.
    expect(s.liquidityIndexText[5759]).toBe('1.02448155475459915645304326');
    expect(s.liquidityIndexRay[5759]).toBe(1024481554754599156453043260n);
    // The file has 27 digits; the number is the nearest double to that text.
    expect(s.liquidityRate[0]).toBe(Number('0.048602666889132299337496032'));
    for (let i = 0; i < 5760; i++) {
      const [whole, fraction] = s.variableBorrowIndexText[i]!.split('.');
      expect(s.variableBorrowIndexRay[i]).toBe(BigInt(whole! + fraction!.padEnd(27, '0')));
    }
  });

  it('WETH: indices never decrease, checked exactly in ray', () => {
    const s = loadAaveReserveSeries(AAVE_WETH);
    expect(s.timestampSeconds).toHaveLength(5760);
    for (let i = 1; i < 5760; i++) {
      expect(s.liquidityIndexRay[i]! >= s.liquidityIndexRay[i - 1]!).toBe(true);
      expect(s.variableBorrowIndexRay[i]! >= s.variableBorrowIndexRay[i - 1]!).toBe(true);
    }
    expect(s.variableBorrowIndexRay[5759]).toBe(1025695344482747365966229906n);
    // The double keeps ~16 digits: the exact ray and the number differ past them.
    expect(Number(s.liquidityIndexRay[5759]!) / 1e27).toBeCloseTo(s.liquidityIndex[5759]!, 15);
  });
});

describe('Uniswap v3 minute feed', () => {
  it('50,390 minutes, 10 missing, all at the start of a UTC day; ticks as numbers, amounts as bigint', () => {
    const s = loadUniswapV3MinuteSeries(POOL);
    expect(s.timestampSeconds).toHaveLength(50390);
    const missing: number[] = [];
    for (let i = 1; i < s.timestampSeconds.length; i++) {
      for (let t = s.timestampSeconds[i - 1]! + 60; t < s.timestampSeconds[i]!; t += 60) missing.push(t);
    }
    // README says "the 00:00 minute is missing on 10 days"; the file has 10 missing minutes on
    // 7 days: 00:00 on each, and 00:01 as well on three of them.
    expect(missing).toHaveLength(10);
    expect(missing.every((t) => t % 86400 === 0 || t % 86400 === 60)).toBe(true);
    expect(new Set(missing.map((t) => Math.floor(t / 86400))).size).toBe(7);
    expect(s.timestampSeconds[0]).toBe(utc('2022-07-19T00:00:00Z'));
    expect([s.closeTick[0], s.openTick[0], s.lowestTick[0], s.highestTick[0]]).toEqual([202693, 202656, 202649, 202697]);
    expect(s.netAmount0[0]).toBe(-30361565484n);
    // 1.9e19 raw WETH units: past 2^64, exact only as bigint.
    expect(s.netAmount1[0]).toBe(19253165598944715626n);
    expect(s.inAmount1[0]).toBe(34314688834673185254n);
    expect(s.currentLiquidity[0]).toBe(422680516552367239n);
    expect(s.timestampSeconds[50389]).toBe(utc('2022-08-22T23:59:00Z'));
    expect(s.closeTick[50389]).toBe(202391);
    expect(s.currentLiquidity[50389]).toBe(1256211475356779234n);
  });

  it('prices ETH in USDC as 1e12 / 1.0001^tick', () => {
    const s = loadUniswapV3MinuteSeries(POOL);
    const usdcInWeth = closePriceToken0InToken1(s, 6, 18);
    expect(1 / usdcInWeth[0]!).toBeCloseTo(1e12 / 1.0001 ** 202693, 6);
    expect(1 / usdcInWeth[0]!).toBeGreaterThan(1500);
    expect(1 / usdcInWeth[0]!).toBeLessThan(1650);
  });
});

describe('Squeeth implied-vol proxy', () => {
  it('5,760 minutes; the raw proxy has median about 0.38 and is undefined where mark <= index', () => {
    const s = loadSqueethVolProxy(SQUEETH, { smoothing: { kind: 'none' } });
    expect(s.timestampSeconds).toHaveLength(5760);
    const normFactor = Number('0.289562991586881633');
    expect(s.normFactor[0]).toBe(normFactor);
    const first = Math.sqrt(Math.log((0.0536363746018325 * 1839.222732716025) / ((normFactor * 1839.222732716025 ** 2) / 1e4)) / (17.5 / 365));
    expect(s.impliedVolAnnual[0]).toBeCloseTo(first, 14);
    expect(Math.abs(median(s.impliedVolAnnual) - 0.38)).toBeLessThan(0.01);
    const undefinedMinutes = s.impliedVolAnnual.filter(Number.isNaN).length;
    expect(undefinedMinutes).toBeGreaterThan(0);
    expect(undefinedMinutes).toBeLessThan(0.02 * 5760);
    expect(Buffer.from(s.impliedVolSmoothedAnnual.buffer).equals(Buffer.from(s.impliedVolAnnual.buffer))).toBe(true);
  });

  it.each([
    ['default (rolling median of 60 minutes)', undefined],
    ['EWMA with a 30-minute half-life', { kind: 'ewma', halfLifeSeconds: 1800 } as const],
  ])('smoothed with %s: finite every minute, median still about 0.38, and calmer than the raw proxy', (_label, smoothing) => {
    const s = loadSqueethVolProxy(SQUEETH, smoothing === undefined ? {} : { smoothing });
    expect(s.impliedVolSmoothedAnnual.every(Number.isFinite)).toBe(true);
    expect(Math.abs(median(s.impliedVolSmoothedAnnual) - 0.38)).toBeLessThan(0.01);
    const roughness = (x: Float64Array): number => {
      let total = 0;
      let n = 0;
      for (let i = 1; i < x.length; i++) {
        const d = x[i]! - x[i - 1]!;
        if (Number.isFinite(d)) {
          total += d * d;
          n++;
        }
      }
      return total / n;
    };
    expect(roughness(s.impliedVolSmoothedAnnual)).toBeLessThan(0.25 * roughness(s.impliedVolAnnual));
  });

  it('refuses a bad smoothing before reading the file', () => {
    expect(() => loadSqueethVolProxy('/nonexistent.csv', { smoothing: { kind: 'rolling-median', windowRows: 0 } })).toThrow('invalid smoothing.windowRows: 0');
    expect(() => loadSqueethVolProxy('/nonexistent.csv', { smoothing: { kind: 'ewma', halfLifeSeconds: -1 } })).toThrow('invalid smoothing.halfLifeSeconds: -1');
  });
});

describe('parseUtcTimestampSeconds', () => {
  it.each([
    ['2022-07-19 00:00:00', utc('2022-07-19T00:00:00Z')],
    ['2024-01-21 07:00:00+00:00', utc('2024-01-21T07:00:00Z')],
    ['2020-01-01T00:00:00Z', utc('2020-01-01T00:00:00Z')],
    ['2024-01-21 09:00:00+02:00', utc('2024-01-21T07:00:00Z')],
    ['2024-01-21T07:00:00.5Z', utc('2024-01-21T07:00:00Z') + 0.5],
  ])('reads %s as UTC, offset-less meaning UTC', (text, expected) => {
    expect(parseUtcTimestampSeconds(text)).toBe(expected);
  });

  it.each(['2023-02-30 00:00:00', '2023-13-01 00:00:00', '2023-01-01 24:00:00', '2023-01-01', 'yesterday'])('refuses %s', (text) => {
    expect(parseUtcTimestampSeconds(text)).toBeNaN();
  });
});
