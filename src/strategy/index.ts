// The built-in strategies and the shapes every strategy is written against.
export * from './types.js';
export { rangeManager, rangeManagerParamsSchema, decideRangeManager, type RangeManagerMemory, type RangeManagerParams, type RangeManagerPhase } from './range-manager.js';
export {
  yieldAggregator,
  yieldAggregatorParamsSchema,
  decideYieldAggregator,
  gasCostInAsset,
  type YieldAggregatorMemory,
  type YieldAggregatorParams,
} from './yield-aggregator.js';
export { bestMove, planDeployment, positionRateAfterRay, supplyRateAfterRay, type MarketPosition, type Move } from './yield-aggregator/allocation.js';
export { deltaNeutral, deltaNeutralParamsSchema, decideDeltaNeutral, type DeltaNeutralMemory, type DeltaNeutralParams, type DeltaNeutralPhase } from './delta-neutral.js';
export { coveredCall, optionWritingParamsSchema, type OptionWritingMemory, type OptionWritingParams } from './covered-call.js';
export { putSelling } from './put-selling.js';
export { decideOptionWriting } from './option-writing/cycle.js';
export { chooseExpiry, chooseStrike, coveredSizeWei } from './option-writing/selection.js';
export { straddle, volHarvestParamsSchema, type VolHarvestMemory, type VolHarvestParams } from './straddle.js';
export { ironCondor } from './iron-condor.js';
export { deltaHedgeIntents, deltaHedgeParamsSchema, netDeltaUnits, type DeltaHedgeParams } from './hedging/delta-hedge.js';
