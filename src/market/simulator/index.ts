// The deterministic block-by-block market simulator: venues, ledger, agents, receipts.
export * from './actions.js';
export { ArbitrageAgent, type ArbitrageAgentConfig } from './arbitrage-agent.js';
export { auditConservation, stateHash, type ConservationIssue } from './audit.js';
export { BackgroundGas, type BackgroundGasConfig } from './background-gas.js';
export { DEFAULT_EXECUTORS, executeAction, OUT_OF_GAS, Revert, type ActionOf, type ExecutionContext, type ExecutionOutcome, type Executor } from './executors.js';
export { InsufficientBalanceError, TokenLedger } from './ledger.js';
export { LiveMarketView, type MarketSnapshot, type MarketView, type OracleAnswer, type PoolSnapshot } from './market-view.js';
export { pathPriceProcess, replayPriceProcess, type PriceProcess } from './price-process.js';
export { SwapReplica } from './swap-replica.js';
export { MarketSimulator, revertReasonOf, type BlockSummary, type MarketSimulatorOptions, type OracleBinding } from './simulator.js';
export { externalToRawPrice, rawToExternalPrice, type ConstantProductVenue, type LendingVenue, type OptionsVenue, type PerpVenue, type PoolVenue, type VenueSet } from './venues.js';
