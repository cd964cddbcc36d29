/**
 * Metrics of a finished run, for `vaultwright backtest --json` and the HTML report. Pure.
 * The formulas are documented where they are computed: `metrics/performance.ts` (returns,
 * APR/APY, volatility, Sharpe, Sortino, Calmar), `metrics/drawdown.ts`, `metrics/trading.ts`
 * (turnover, hit rate), and the JSON encoding in `metrics/json.ts`.
 */
export { drawdownSeries, maxDrawdown, type MaxDrawdown } from './metrics/drawdown.js';
export {
  computePerformance,
  periodReturns,
  SECONDS_PER_YEAR,
  type Performance,
  type PerformanceOptions,
} from './metrics/performance.js';
export { hitRate, meanBaseUnits, tradesByKind, turnover, type HitRate, type TradeKindSummary } from './metrics/trading.js';
export { computeRunMetrics, type RunMetrics } from './metrics/run-metrics.js';
export {
  amountJson,
  formatMetricsJson,
  isoUtc,
  stringifyMetricsJson,
  type AmountJson,
  type MetricsJson,
} from './metrics/json.js';
