// The simulator's Aave v3 lending market.
export { MAX_AMOUNT } from './actions.js';
export type { ReserveConfig, ResolvedReserveConfig } from './config.js';
export { LendingError, type LendingErrorCode } from './errors.js';
export {
  LendingMarket,
  type HypotheticalAction,
  type LendingMarketOptions,
  type LiquidatableUser,
  type PriceSource,
  type ReserveData,
  type ReserveRateModel,
} from './lending-market.js';
export type { LiquidationReceipt, LiquidationVersion } from './liquidation.js';
export {
  createRecordedRateSeries,
  loadAaveRecordedReserve,
  recordedRatesAt,
  type AaveRecordedReserve,
  type AaveRecordedReserveRow,
  type RecordedRateRow,
  type RecordedRateSeries,
} from './replay-rates.js';
export type { ReserveState } from './reserve.js';
export type { AccountPositionValue, UserAccountData, UserAccountDetail, UserReserve } from './user-account.js';
export { healthFactorToNumber } from './what-if.js';
