// An ETH implied-volatility proxy from Opyn Squeeth (data/vol_proxy/*.csv). oSQTH tracks ETH²
// scaled by 1/1e4 and by the normalisation factor; its premium over that index is funding
// paid over a 17.5-day horizon, so ln(mark / index) / (17.5/365) is an implied variance.
import { z } from 'zod';
import { InvalidInputError, requirePositive } from '../../errors.js';
import { readCsv } from '../../data/csv.js';
import { type OrderOptions, type TimeSeries, float64Column, timeOrder } from './series.js';
import { ewmaByTime, rollingMedian } from './smoothing.js';
import { utcTimestampCell } from './time.js';

/** The funding horizon of Squeeth, in years. */
export const SQUEETH_FUNDING_PERIOD_YEARS = 17.5 / 365;

/**
 * iv = √(ln(OSQTH·WETH / (normFactor·WETH²/1e4)) / (17.5/365)). NaN when the mark is at or
 * below the index (no positive implied variance): a minute the proxy cannot read.
 */
export function squeethImpliedVol(normFactor: number, wethUsd: number, osqthEth: number): number {
  const markUsd = osqthEth * wethUsd;
  const indexUsd = (normFactor * wethUsd * wethUsd) / 1e4;
  const variance = Math.log(markUsd / indexUsd) / SQUEETH_FUNDING_PERIOD_YEARS;
  return variance > 0 ? Math.sqrt(variance) : Number.NaN;
}

export type VolSmoothing =
  | { readonly kind: 'none' }
  | { readonly kind: 'ewma'; readonly halfLifeSeconds: number }
  | { readonly kind: 'rolling-median'; readonly windowRows: number };

export interface SqueethVolOptions extends OrderOptions {
  /** Default: a trailing median over 60 rows (an hour of minutes). */
  readonly smoothing?: VolSmoothing;
}

export interface SqueethVolSeries extends TimeSeries {
  readonly normFactor: Float64Array;
  readonly wethUsd: Float64Array;
  readonly osqthEth: Float64Array;
  /** The proxy of each minute (NaN where it is undefined). */
  readonly impliedVolAnnual: Float64Array;
  /** The causally smoothed proxy (finite from the first readable minute on). */
  readonly impliedVolSmoothedAnnual: Float64Array;
}

const positive = z.coerce.number().finite().positive();

const squeethRow = z.object({
  block_timestamp: utcTimestampCell,
  norm_factor: positive,
  WETH: positive,
  OSQTH: positive,
});

const lineOfRow = (row: number): number => row + 2;

export const DEFAULT_VOL_SMOOTHING: VolSmoothing = { kind: 'rolling-median', windowRows: 60 };

function validateSmoothing(smoothing: VolSmoothing): void {
  switch (smoothing.kind) {
    case 'none':
      return;
    case 'ewma':
      requirePositive('smoothing.halfLifeSeconds', smoothing.halfLifeSeconds);
      return;
    case 'rolling-median':
      if (!(Number.isInteger(smoothing.windowRows) && smoothing.windowRows >= 1)) {
        throw new InvalidInputError('smoothing.windowRows', smoothing.windowRows, 'must be a positive integer');
      }
      return;
    default:
      throw new InvalidInputError('smoothing.kind', (smoothing as { kind: unknown }).kind, "must be 'none', 'ewma' or 'rolling-median'");
  }
}

export function loadSqueethVolProxy(path: string, options: SqueethVolOptions = {}): SqueethVolSeries {
  const smoothing = options.smoothing ?? DEFAULT_VOL_SMOOTHING;
  // Check the option before reading the file: bad input fails fast.
  validateSmoothing(smoothing);
  const rows = readCsv(path, squeethRow);
  const order = timeOrder(path, 'block_timestamp', Float64Array.from(rows, (row) => row.block_timestamp), lineOfRow, options);
  const timestampSeconds = float64Column(rows, order, (row) => row.block_timestamp);
  const impliedVolAnnual = float64Column(rows, order, (row) => squeethImpliedVol(row.norm_factor, row.WETH, row.OSQTH));
  const impliedVolSmoothedAnnual =
    smoothing.kind === 'ewma'
      ? ewmaByTime(timestampSeconds, impliedVolAnnual, smoothing.halfLifeSeconds)
      : smoothing.kind === 'rolling-median'
        ? rollingMedian(impliedVolAnnual, smoothing.windowRows)
        : impliedVolAnnual.slice();
  return {
    timestampSeconds,
    normFactor: float64Column(rows, order, (row) => row.norm_factor),
    wethUsd: float64Column(rows, order, (row) => row.WETH),
    osqthEth: float64Column(rows, order, (row) => row.OSQTH),
    impliedVolAnnual,
    impliedVolSmoothedAnnual,
  };
}
