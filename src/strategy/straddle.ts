/**
 * Short straddle (issue 6, volatility harvesting): each round, when the at-the-money implied
 * variance exceeds the EWMA realized-variance forecast by a margin, write the at-the-money call
 * (covered by the underlying) and put (secured by cash) on the listed expiry nearest the tenor;
 * otherwise stay in cash. The cycle is in vol-harvest/cycle.ts.
 */
import { decideVolHarvest, INITIAL_VOL_HARVEST_MEMORY, type VolHarvestMemory } from './vol-harvest/cycle.js';
import { volHarvestParamsSchema, type VolHarvestParams } from './vol-harvest/params.js';
import type { Strategy } from './types.js';

export { volHarvestParamsSchema, type VolHarvestParams } from './vol-harvest/params.js';
export type { VolHarvestMemory } from './vol-harvest/cycle.js';

export const straddle: Strategy<VolHarvestParams, VolHarvestMemory> = {
  name: 'straddle',
  paramsSchema: volHarvestParamsSchema as unknown as Strategy<VolHarvestParams, VolHarvestMemory>['paramsSchema'],
  initialMemory: () => INITIAL_VOL_HARVEST_MEMORY,
  decide: (view, book, params, memory) => decideVolHarvest('straddle', view, book, params, memory),
};
