/**
 * Iron condor (issue 6, volatility harvesting): the short straddle's gate, but the shorts at
 * |Δ| = shortDelta and long wings bought at |Δ| = wingDelta, all on the listed grid. The venue
 * collateralizes each short in full (no spread margin), so the wings cap the loss, not the lock.
 * The cycle is in vol-harvest/cycle.ts.
 */
import { decideVolHarvest, INITIAL_VOL_HARVEST_MEMORY, type VolHarvestMemory } from './vol-harvest/cycle.js';
import { volHarvestParamsSchema, type VolHarvestParams } from './vol-harvest/params.js';
import type { Strategy } from './types.js';

export const ironCondor: Strategy<VolHarvestParams, VolHarvestMemory> = {
  name: 'iron-condor',
  paramsSchema: volHarvestParamsSchema as unknown as Strategy<VolHarvestParams, VolHarvestMemory>['paramsSchema'],
  initialMemory: () => INITIAL_VOL_HARVEST_MEMORY,
  decide: (view, book, params, memory) => decideVolHarvest('iron-condor', view, book, params, memory),
};
