/**
 * The external (CEX) price the simulator's market follows: a synthetic path indexed by block,
 * or a replayed series sampled at the block's timestamp (the value in force: no look-ahead).
 */
import { InvalidInputError } from '../../errors.js';
import { createCursor, type SeriesCursor } from '../feeds/sample.js';
import type { TimeSeries } from '../feeds/series.js';

export interface PriceProcess {
  /** The external price for block `blockIndex` (blocks since genesis, from 1) at its timestamp. */
  priceAt(blockIndex: number, timestampSeconds: number): number;
  /** The price at genesis (block index 0). */
  readonly initialPrice: number;
}

/** Block i reads path[i]; the path must cover every block the run will build. */
export function pathPriceProcess(path: Float64Array): PriceProcess {
  if (path.length === 0) throw new InvalidInputError('path.length', 0, 'must not be empty');
  return {
    initialPrice: path[0]!,
    priceAt(blockIndex: number): number {
      const price = path[blockIndex];
      if (price === undefined) throw new InvalidInputError('blockIndex', blockIndex, `is past the end of the price path (${path.length - 1} steps)`);
      return price;
    },
  };
}

/** A column of a replay series, sampled as a step function at each block's timestamp. */
export function replayPriceProcess<S extends TimeSeries>(series: S, column: keyof S & string): PriceProcess {
  const values = series[column] as unknown;
  if (!(values instanceof Float64Array)) throw new InvalidInputError('column', column, 'must be a numeric column of the series');
  const cursor: SeriesCursor<TimeSeries & Record<string, Float64Array>> = createCursor(series as unknown as TimeSeries & Record<string, Float64Array>);
  return {
    initialPrice: values[0]!,
    priceAt(_blockIndex: number, timestampSeconds: number): number {
      return values[cursor.indexAt(timestampSeconds)]!;
    },
  };
}
