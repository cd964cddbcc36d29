// The public API of Vaultwright (package.json exports "."). Contract names (see docs) are
// stable: blackScholes, impliedVolatility, the Uniswap v3 math with the contracts' names, and
// UniswapV3Pool.
export { InvalidInputError } from './errors.js';

// Option math
export * from './math/normal.js';
export * from './math/black-scholes.js';
export * from './math/implied-volatility.js';
export * from './math/strike-for-delta.js';

// Volatility statistics
export * from './math/stats.js';
export * from './math/volatility-estimators.js';
export * from './math/ewma.js';
export * from './math/garch.js';
export * from './math/variance-swap.js';

// AMM analytics
export * from './amm/impermanent-loss.js';
export * from './amm/lvr.js';

// Uniswap v3: the contracts' integer libraries, bit-exact, and the pool state machine
export * from './uniswap-v3/constants.js';
export * from './uniswap-v3/errors.js';
export * from './uniswap-v3/full-math.js';
export * from './uniswap-v3/unsafe-math.js';
export * from './uniswap-v3/bit-math.js';
export * from './uniswap-v3/liquidity-math.js';
export * from './uniswap-v3/safe-cast.js';
export * from './uniswap-v3/tick-math.js';
export * from './uniswap-v3/sqrt-price-math.js';
export * from './uniswap-v3/swap-math.js';
export * from './uniswap-v3/liquidity-amounts.js';
export * from './uniswap-v3/pool.js';
export { positionKey, type PositionInfo } from './uniswap-v3/position.js';
export type { TickInfo } from './uniswap-v3/tick.js';

// Lending: the contracts' ray math and rate models
export * from './lending/wad-ray-math.js';
export * from './lending/percentage-math.js';
export * from './lending/aave-math-utils.js';
export * from './lending/aave-rate-strategy.js';
export * from './lending/aave-reserve-logic.js';
export * from './lending/aave-liquidation.js';
export * from './lending/compound-jump-rate.js';
export * from './lending/compound-accrue.js';

// Data and analysis
export { loadOhlcHistory, aggregateDaily, type TimedOhlcBar } from './data/ohlc-history.js';
export { analyzeMarket, DEFAULT_MARKET_ANALYSIS_PARAMS, type MarketAnalysis, type MarketAnalysisParams } from './report/market-analysis.js';

// Devnet: anvil from npm, viem clients, solc-js, the real Uniswap v3 deployed from its artifacts
export { startAnvil, AnvilStartError, type AnvilInstance, type AnvilOptions } from './chain/anvil.js';
export { createDevnetClients, sendDevnetTransaction, setNextBlockTimestamp, mineBlocks, type DevnetClients } from './chain/clients.js';
export { devnetAccount, devnetAddress, DEVNET_CHAIN_ID } from './chain/accounts.js';
export { compileContracts, CompileError, SolcNotFoundError, type CompileResult } from './chain/compile.js';
export { deployUniswapV3, type UniswapV3Deployment, type DeployUniswapV3Options } from './chain/deploy-uniswap.js';
export { RealUniswapV3Pool } from './chain/real-pool.js';
export { ChainRevertError } from './chain/revert.js';

// The market simulator. Its main classes flat, every module's full surface as a namespace.
export { MarketSimulator, type MarketView, type Receipt, type Action } from './market/simulator/index.js';
export { loadScenario, parseScenario, buildSimulator, type Scenario } from './market/scenario/index.js';
export { LendingMarket } from './market/lending/index.js';
export { ConstantProductPool } from './market/amm/constant-product-pool.js';
export { PerpMarket } from './market/perp/index.js';
export { OptionVenue, OptionAuction } from './market/options/index.js';
export { PriceFeed } from './market/oracle/index.js';
export { Arbitrageur } from './market/agents/arbitrageur.js';
export * as simulator from './market/simulator/index.js';
export * as scenario from './market/scenario/index.js';
export * as paths from './market/paths/index.js';
export * as feeds from './market/feeds/index.js';
export * as chainPhysics from './market/chain/index.js';
export * as oracle from './market/oracle/index.js';
export * as lendingMarket from './market/lending/index.js';
export * as perp from './market/perp/index.js';
export * as options from './market/options/index.js';
export * as validation from './research/validation/index.js';

// Vaults: ERC-4626 accounting, fees, withdrawal queue, access policy
export { Vault, Allowlist, openAccess, VaultError, type AccessPolicy, type FeeConfig } from './vault/index.js';
export * as vault from './vault/index.js';

// Strategies: the interface a user's strategy module implements (`vaultwright backtest --strategy ./my.ts`)
export type {
  Strategy,
  Decision,
  Intent,
  IntentKind,
  SwapIntent,
  AddLiquidityIntent,
  RemoveLiquidityIntent,
  CollectFeesIntent,
  LendingIntent,
  OptionCollateralIntent,
  OptionTradeIntent,
  Book,
  BookLpPosition,
  BookLendingPosition,
  BookOptions,
  BookOptionPosition,
  PendingIntent,
  JsonValue,
} from './strategy/types.js';
export type { PoolSnapshot, OptionChainView } from './market/simulator/market-view.js';
export { rangeManager } from './strategy/range-manager.js';
export { deltaNeutral } from './strategy/delta-neutral.js';
export { yieldAggregator } from './strategy/yield-aggregator.js';
export { coveredCall } from './strategy/covered-call.js';
export { putSelling } from './strategy/put-selling.js';
export { straddle } from './strategy/straddle.js';
export { ironCondor } from './strategy/iron-condor.js';
export { BUILT_IN_STRATEGIES, knownStrategyNames } from './strategy/registry.js';
export { runBacktest, backtestResultToJson, type BacktestOptions, type BacktestResult } from './engine/backtest.js';
export { parseBacktestConfig, loadBacktestConfig, resolveBacktestConfig, type BacktestConfig } from './engine/backtest-config.js';

// Reports
export { renderHtmlReport } from './report/html/render-report.js';
export { parseReportInput, assertPnlAddsUp, type ReportInput } from './report/report-input.js';
export { computeRunMetrics, type RunMetrics } from './report/metrics.js';
export * as metrics from './report/metrics.js';
