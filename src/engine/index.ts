export { runBacktest, backtestResultToJson, type BacktestOptions, type BacktestResult, type BacktestSeries, type BacktestVaultOptions } from './backtest.js';
export { backtestReportInput, tallyEvents, type BacktestReportParts, type EventTally } from './backtest-report.js';
export { BookBuilder, uncreditedFees, type Range } from './book-builder.js';
export { freezeView } from './frozen-view.js';
export { bookGreeks, positionGamma, type BookGreeks, type GreekContext } from './greeks.js';
export {
  constantVolatility,
  maximumInput,
  minimumOutput,
  slippageTolerancePpm,
  toleranceFor,
  validateGuardSettings,
  type GuardSettings,
  type VolatilityEstimator,
} from './guards.js';
export { flowsOfReceipts, type LedgerEvent, type PoolTokens } from './ledger.js';
export { deepFreeze, EngineLoop, intentKey, type EngineParts, type StepOutcome } from './loop.js';
export { COMPONENTS, PnlAccumulator, quantitiesOf, totalValue, UnexplainedFlowError, type BlockFlows, type Bucket, type ComponentKey, type Quantities } from './pnl.js';
export { everyBlock, everySeconds, oracleDeviation, threshold, type Trigger } from './triggers.js';
export { marksAt, SCALE, scaledToBaseUnits, valueOf, type Marks, type MarkSource } from './valuation.js';
