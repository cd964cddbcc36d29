// The built-in strategies and the shapes every strategy is written against.
export type * from './types.js';
export { rangeManager, rangeManagerParamsSchema, decideRangeManager, type RangeManagerMemory, type RangeManagerParams, type RangeManagerPhase } from './range-manager.js';
export { deltaNeutral, deltaNeutralParamsSchema, decideDeltaNeutral, type DeltaNeutralMemory, type DeltaNeutralParams, type DeltaNeutralPhase } from './delta-neutral.js';
