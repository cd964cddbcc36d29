// Replay feeds of the price histories in data/prices/: exchange candles (OHLCV) and
// per-minute token price tables (first column the time, then one USD price per token).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InvalidInputError } from '../../errors.js';
import { readCsv } from '../../data/csv.js';
import { type OrderOptions, type TimeSeries, float64Column, timeOrder } from './series.js';
import { utcTimestampCell } from './time.js';

export interface OhlcvSeries extends TimeSeries {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  /** Traded volume in the base asset (ETH for ETH/USDT); NaN where the file has no volume column. */
  readonly volume: Float64Array;
}

const positivePrice = z.coerce.number().finite().positive();

const ohlcvRow = z
  .object({
    timestamp: utcTimestampCell,
    open: positivePrice,
    high: positivePrice,
    low: positivePrice,
    close: positivePrice,
    volume: z.coerce.number().finite().nonnegative().optional(),
  })
  .refine((row) => row.low <= Math.min(row.open, row.close) && row.high >= Math.max(row.open, row.close), {
    message: 'low must be <= open, close <= high',
    path: ['low'],
  });

// readCsv skips no line in these files, so data row i sits on line i + 2 (after the header).
const lineOfRow = (row: number): number => row + 2;

/** Candles (timestamp = period open, UTC) such as data/prices/binance_ethusdt_1h_*.csv. */
export function loadOhlcvSeries(path: string, options: OrderOptions = {}): OhlcvSeries {
  const rows = readCsv(path, ohlcvRow);
  const times = Float64Array.from(rows, (row) => row.timestamp);
  const order = timeOrder(path, 'timestamp', times, lineOfRow, options);
  return {
    timestampSeconds: float64Column(rows, order, (row) => row.timestamp),
    open: float64Column(rows, order, (row) => row.open),
    high: float64Column(rows, order, (row) => row.high),
    low: float64Column(rows, order, (row) => row.low),
    close: float64Column(rows, order, (row) => row.close),
    volume: float64Column(rows, order, (row) => row.volume ?? Number.NaN),
  };
}

export type TokenPriceSeries<Token extends string> = TimeSeries & { readonly [T in Token]: Float64Array };

function readHeader(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidInputError('data file', path, (error as NodeJS.ErrnoException).code ?? 'cannot be read');
  }
  const end = text.search(/\r?\n/);
  return (end < 0 ? text : text.slice(0, end)).split(',').map((cell) => cell.trim());
}

/**
 * A price table whose first column is the time (its header may be empty, as in
 * data/prices/demeter_weth_usdc_price_1m_*.csv) and whose other columns include `tokens`,
 * each a USD price. The demeter file has two minutes swapped near its start: load it with
 * `{ outOfOrder: 'sort' }`.
 */
export function loadTokenPriceSeries<Token extends string>(path: string, tokens: readonly Token[], options: OrderOptions = {}): TokenPriceSeries<Token> {
  if (tokens.length === 0) throw new InvalidInputError('tokens', tokens, 'name at least one price column');
  const header = readHeader(path);
  const timeColumn = header[0]!;
  for (const token of tokens) {
    if (token === timeColumn || !header.includes(token)) throw new InvalidInputError('tokens', token, `is not a price column of ${path} (${header.slice(1).join(', ')})`);
  }
  const shape: Record<string, z.ZodType> = { [timeColumn]: utcTimestampCell };
  for (const token of tokens) shape[token] = positivePrice;
  const rows = readCsv(path, z.object(shape)) as Record<string, number>[];
  const times = Float64Array.from(rows, (row) => row[timeColumn]!);
  const order = timeOrder(path, timeColumn, times, lineOfRow, options);
  const series: Record<string, Float64Array> = { timestampSeconds: float64Column(rows, order, (row) => row[timeColumn]!) };
  for (const token of tokens) series[token] = float64Column(rows, order, (row) => row[token]!);
  return series as unknown as TokenPriceSeries<Token>;
}
