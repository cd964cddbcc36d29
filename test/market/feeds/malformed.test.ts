// Every loader refuses a bad file with a message that names the file, the line and the column.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import {
  loadAaveReserveSeries,
  loadExchangeFunding,
  loadHyperliquidFunding,
  loadOhlcvSeries,
  loadSqueethVolProxy,
  loadTokenPriceSeries,
  loadUniswapV3MinuteSeries,
} from '../../../src/market/feeds/index.js';

function writeTemp(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'vaultwright-feeds-')), 'feed.csv');
  writeFileSync(path, text);
  return path;
}

const OHLCV = 'timestamp,open,high,low,close,volume\n';
const FUNDING = 'timestamp_ms,datetime_utc,exchange,symbol,funding_rate,interval_hours\n';
const HL = 'timestamp,asset,funding_rate\n';
const AAVE = 'block_timestamp,liquidity_rate,stable_borrow_rate,variable_borrow_rate,liquidity_index,variable_borrow_index\n';
const POOL = 'timestamp,netAmount0,netAmount1,closeTick,openTick,lowestTick,highestTick,inAmount0,inAmount1,currentLiquidity\n';
const SQUEETH = 'block_timestamp,norm_factor,WETH,OSQTH\n';
const okAave = '0.01,0.02,0.03,1.000000000000000000000000001,1.5';
const okPool = '1,-2,100,100,90,110,5,0,7';

const cases: [string, (path: string) => unknown, string, string][] = [
  ['OHLCV negative close', loadOhlcvSeries, `${OHLCV}2024-01-01 00:00:00,1,2,0.5,1,3\n2024-01-01 01:00:00,1,2,0.5,-1,3\n`, ':3 column close'],
  ['OHLCV bad date', loadOhlcvSeries, `${OHLCV}2024-01-01 00:00:00,1,2,0.5,1,3\n2024-02-30 01:00:00,1,2,0.5,1,3\n`, ':3 column timestamp'],
  ['OHLCV time going back', loadOhlcvSeries, `${OHLCV}2024-01-01 01:00:00,1,2,0.5,1,3\n2024-01-01 00:00:00,1,2,0.5,1,3\n`, ':3 column timestamp'],
  ['OHLCV missing cell', loadOhlcvSeries, `${OHLCV}2024-01-01 00:00:00,1,2,0.5,1\n`, 'expected 6 columns'],
  ['OHLCV header only', loadOhlcvSeries, OHLCV, 'no data rows'],
  ['token prices zero price', (p) => loadTokenPriceSeries(p, ['WETH']), ',WETH,USDC\n2023-08-13 00:00:00,1848.12,1\n2023-08-13 00:01:00,0,1\n', ':3 column WETH'],
  ['funding rate not a number', loadExchangeFunding, `${FUNDING}1577836800000,2020-01-01T00:00:00Z,binance,ETHUSDT,0.0001,8\n1577865600000,2020-01-01T08:00:00Z,binance,ETHUSDT,abc,8\n`, ':3 column funding_rate'],
  ['funding clocks disagree', loadExchangeFunding, `${FUNDING}1577836800000,2020-01-01T00:00:01Z,binance,ETHUSDT,0.0001,8\n`, ':2 column datetime_utc'],
  ['funding two venues', loadExchangeFunding, `${FUNDING}1577836800000,2020-01-01T00:00:00Z,binance,ETHUSDT,0.0001,8\n1577865600000,2020-01-01T08:00:00Z,dydx_v3,ETHUSDT,0.0001,8\n`, ':3 column exchange'],
  ['hyperliquid repeated hour', loadHyperliquidFunding, `${HL}2024-01-01 00:00:00,BTC,1e-5\n2024-01-01 00:00:00,ETH,1e-5\n2024-01-01 00:00:00,ETH,2e-5\n`, ':4 column timestamp'],
  ['hyperliquid bad asset', loadHyperliquidFunding, `${HL}2024-01-01 00:00:00,eth!,1e-5\n`, ':2 column asset'],
  ['aave 28 fraction digits', loadAaveReserveSeries, `${AAVE}2023-08-14 00:00:00,${okAave}\n2023-08-14 00:01:00,0.01,0.02,0.03,1.0000000000000000000000000001,1.5\n`, ':3 column liquidity_index'],
  ['aave scientific notation', loadAaveReserveSeries, `${AAVE}2023-08-14 00:00:00,1e-3,0.02,0.03,1.1,1.5\n`, ':2 column liquidity_rate'],
  ['pool tick out of range', loadUniswapV3MinuteSeries, `${POOL}2022-07-19 00:00:00,${okPool}\n2022-07-19 00:01:00,1,-2,900000,100,90,110,5,0,7\n`, ':3 column closeTick'],
  ['pool fractional amount', loadUniswapV3MinuteSeries, `${POOL}2022-07-19 00:00:00,1.5,-2,100,100,90,110,5,0,7\n`, ':2 column netAmount0'],
  ['pool low above high', loadUniswapV3MinuteSeries, `${POOL}2022-07-19 00:00:00,1,-2,100,100,120,110,5,0,7\n`, ':2 column lowestTick'],
  ['squeeth negative norm factor', loadSqueethVolProxy, `${SQUEETH}2023-08-14 00:00:00,0.29,1839.2,0.0536\n2023-08-14 00:01:00,-0.29,1839.2,0.0536\n`, ':3 column norm_factor'],
];

describe('malformed feed files', () => {
  it.each(cases)('refuses %s, naming line and column', (_label, load, text, where) => {
    const path = writeTemp(text);
    expect(() => load(path)).toThrow(InvalidInputError);
    expect(() => load(path)).toThrow(`${path}${where.startsWith(':') ? where : ''}`);
    expect(() => load(path)).toThrow(where);
  });

  it('sorts a file with swapped rows when asked, and still refuses a repeated time', () => {
    const swapped = writeTemp(`${OHLCV}2024-01-01 01:00:00,1,2,0.5,1,3\n2024-01-01 00:00:00,1,2,0.5,1.5,3\n`);
    const sorted = loadOhlcvSeries(swapped, { outOfOrder: 'sort' });
    expect([...sorted.close]).toEqual([1.5, 1]);
    const repeated = writeTemp(`${OHLCV}2024-01-01 01:00:00,1,2,0.5,1,3\n2024-01-01 00:00:00,1,2,0.5,1,3\n2024-01-01 01:00:00,1,2,0.5,1,3\n`);
    expect(() => loadOhlcvSeries(repeated, { outOfOrder: 'sort' })).toThrow('timestamp repeats an earlier row');
  });

  it('refuses a missing file naming it', () => {
    expect(() => loadOhlcvSeries('/nonexistent/feed.csv')).toThrow('invalid data file: "/nonexistent/feed.csv" (ENOENT)');
  });
});
