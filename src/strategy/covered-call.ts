/**
 * Covered call (issue 6; the theta-vault pattern): each round, write the listed call nearest
 * `targetDelta` (0.10 by default) on the listed expiry nearest `tenorSeconds` ahead (weekly by
 * default), as many contracts as the underlying the vault holds, collateralized with that
 * underlying; the reserve price is the BSM premium × `reserveDiscount`. The venue settles at
 * expiry from the oracle (an in-the-money call delivers ⌈size·(S−K)/S⌉ of the underlying), and
 * the next round writes again (the roll). The cycle is in option-writing/cycle.ts.
 */
import { decideOptionWriting } from './option-writing/cycle.js';
import { INITIAL_MEMORY, type OptionWritingMemory } from './option-writing/memory.js';
import { optionWritingParamsSchema, type OptionWritingParams } from './option-writing/params.js';
import type { Strategy } from './types.js';

export { optionWritingParamsSchema, type OptionWritingParams } from './option-writing/params.js';
export type { OptionWritingMemory } from './option-writing/memory.js';

export const coveredCall: Strategy<OptionWritingParams, OptionWritingMemory> = {
  name: 'covered-call',
  paramsSchema: optionWritingParamsSchema as unknown as Strategy<OptionWritingParams, OptionWritingMemory>['paramsSchema'],
  initialMemory: () => INITIAL_MEMORY,
  decide: (view, book, params, memory) => decideOptionWriting('call', view, book, params, memory),
};
