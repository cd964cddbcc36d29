/**
 * Cash-secured put (issue 6): the covered call's cycle on puts, collateralized in the stable
 * asset. Each round writes the listed put nearest `targetDelta` (|Δ|, 0.10 by default) on the
 * listed expiry nearest `tenorSeconds` ahead, as many contracts as the cash covers at the
 * strike (the venue locks ⌈K × size⌉); the premium stays in the account and secures the next
 * round. Settlement at expiry pays (K − S)⁺ out of the lock. The cycle is in
 * option-writing/cycle.ts.
 */
import { decideOptionWriting } from './option-writing/cycle.js';
import { INITIAL_MEMORY, type OptionWritingMemory } from './option-writing/memory.js';
import { optionWritingParamsSchema, type OptionWritingParams } from './option-writing/params.js';
import type { Strategy } from './types.js';

export const putSelling: Strategy<OptionWritingParams, OptionWritingMemory> = {
  name: 'put-selling',
  paramsSchema: optionWritingParamsSchema as unknown as Strategy<OptionWritingParams, OptionWritingMemory>['paramsSchema'],
  initialMemory: () => INITIAL_MEMORY,
  decide: (view, book, params, memory) => decideOptionWriting('put', view, book, params, memory),
};
