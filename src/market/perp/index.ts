// The perpetual-futures venue of the market simulator, and the money helper every venue shares.
export { PerpError, type PerpErrorCode } from './errors.js';
export { markPriceFromIndex, type FundingSettlement, type FundingSource } from './funding-source.js';
export {
  BINANCE_INTERVAL_SECONDS,
  FundingHistory,
  HOURLY_INTERVAL_SECONDS,
  loadFundingHistory,
  loadFundingReplay,
  snapToInterval,
  type FundingHistoryColumns,
  type FundingReplayOptions,
} from './funding-history.js';
export { clampFundingRate, constantFunding, FundingModel, type FundingModelConfig } from './funding-model.js';
export type { PerpMarketConfig } from './config.js';
export {
  PerpMarket,
  type FundingSettlementReport,
  type LiquidationResult,
  type PerpAccountView,
  type PerpFill,
} from './perp-market.js';
export * from '../money.js';
export { applyFill, unrealizedPnl, signedTradeQuote, type PositionAmounts, type FillAmounts } from './position-math.js';
