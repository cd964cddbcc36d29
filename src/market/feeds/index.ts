// Replay feeds of the project's real market history (data/), as columnar time series, and the
// step-function lookups the simulator's block clock reads them with.
export type { CellOf, Column, ColumnName, OrderOptions, TimeSeries } from './series.js';
export { validateSeries } from './series.js';
export { createCursor, indexAtOrBefore, sampleAt, type SeriesCursor } from './sample.js';
export { resample } from './resample.js';
export { parseUtcTimestampSeconds } from './time.js';
export { RAY_DECIMALS, parseFixedDecimal } from './decimal.js';
export { ewmaByTime, rollingMedian } from './smoothing.js';
export { loadOhlcvSeries, loadTokenPriceSeries, type OhlcvSeries, type TokenPriceSeries } from './prices.js';
export { loadExchangeFunding, loadHyperliquidFunding, type FundingSeries } from './funding.js';
export { loadAaveReserveSeries, type AaveReserveSeries } from './lending.js';
export {
  closePriceToken0InToken1,
  loadUniswapV3MinuteSeries,
  token0PriceInToken1AtTick,
  type UniswapV3MinuteSeries,
} from './uniswap-v3.js';
export {
  DEFAULT_VOL_SMOOTHING,
  SQUEETH_FUNDING_PERIOD_YEARS,
  loadSqueethVolProxy,
  squeethImpliedVol,
  type SqueethVolOptions,
  type SqueethVolSeries,
  type VolSmoothing,
} from './vol-proxy.js';
export { loadBaseFeeHistory } from './base-fee.js';
