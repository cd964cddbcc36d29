/**
 * Delta-neutral liquidity (issue 5): a Uniswap v3 range position whose volatile-asset delta is
 * hedged, so the vault earns the pool's fees with (ideally) no exposure to the price.
 *
 * - The range is the range manager's base order [X − B, X + spacing + B] around the spot tick
 *   (range-manager/ranges.ts), sized with the periphery's getLiquidityForAmounts
 *   (range-manager/sizing.ts) on the idle balances less `mintBufferBps`.
 * - `hedge: 'perp'`: `perpCollateralBps` of the NAV is posted on the perp venue, the rest buys the
 *   range's token mix, and a short perp offsets the net delta. The margin ratio is kept above
 *   `minMarginRatio` (top-up to `targetMarginRatio`, a size cut below the floor when no stable
 *   is idle, else a rebuild that frees the LP's stable).
 * - `hedge: 'borrow'`: stable collateral is supplied and the risky token is borrowed at
 *   `targetHealthFactor`, then put in the LP: the debt is the short. The health factor is kept
 *   above `minHealthFactor` (more collateral or a repay from idle, else a rebuild at the target).
 * - The net delta (greeks.ts' definition, aliases such as the gas token included) is squared
 *   when it leaves ±`deltaBandBps` of the NAV; the range is rebuilt when the spot tick has left
 *   it and `minRerangePeriodSeconds` have passed since it was placed.
 * - `unwindAtSeconds` (view time) or `unwind: true`: close the LP, the perp and the loan, and
 *   hold the stable token.
 *
 * Every step that needs the balances of the previous one waits for it to land: nothing is
 * decided while a transaction of the vault is in flight (so nothing in Book.pending is ever sent
 * twice). Phases: 'building' (build.ts) → 'active' (active.ts) ⇄ 'building' on a re-range or a
 * rebuild; 'unwinding' (unwind.ts) → 'closed'. Pure: time is the view's, memory is plain JSON.
 */
import type { MarketView } from '../market/simulator/market-view.js';
import { activeStep } from './delta-neutral/active.js';
import { buildStep } from './delta-neutral/build.js';
import { INITIAL_MEMORY, type DeltaNeutralMemory, type Step } from './delta-neutral/memory.js';
import { deltaNeutralParamsSchema, type DeltaNeutralParams } from './delta-neutral/params.js';
import { unwindStep } from './delta-neutral/unwind.js';
import type { Book, Decision, Strategy } from './types.js';

export { deltaNeutralParamsSchema, type DeltaNeutralParams } from './delta-neutral/params.js';
export type { DeltaNeutralMemory, DeltaNeutralPhase } from './delta-neutral/memory.js';

function wantsUnwind(view: MarketView, params: DeltaNeutralParams): boolean {
  return params.unwind || (params.unwindAtSeconds !== undefined && view.blockTimestampSeconds >= params.unwindAtSeconds);
}

export function decideDeltaNeutral(view: MarketView, book: Book, params: DeltaNeutralParams, memory: DeltaNeutralMemory): Decision<DeltaNeutralMemory> {
  if (book.pending.length > 0) return { intents: [], memory, note: `waiting for ${book.pending.length} transaction(s) in flight` };
  let state = memory;
  if (wantsUnwind(view, params) && state.phase !== 'unwinding' && state.phase !== 'closed') state = { ...state, phase: 'unwinding' };
  // A phase decides or hands over; at most: active → building (0 → … → 5); the bound
  // turns a future bug into an error, not a hang.
  const handovers: string[] = [];
  for (let hops = 0; hops < 10; hops++) {
    let step: Step;
    switch (state.phase) {
      case 'closed':
        return { intents: [], memory: state, note: 'closed' };
      case 'unwinding':
        step = unwindStep(view, book, params, state);
        break;
      case 'building':
        step = buildStep(view, book, params, state);
        break;
      case 'active':
        step = activeStep(view, book, params, state);
        break;
    }
    if ('next' in step) {
      state = step.next;
      if (step.note !== undefined) handovers.push(step.note);
      continue;
    }
    return { intents: step.intents, memory: step.memory, note: [...handovers, step.note].join('; ') };
  }
  throw new Error(`delta-neutral: no decision after ten phase changes from '${memory.phase}'`);
}

export const deltaNeutral: Strategy<DeltaNeutralParams, DeltaNeutralMemory> = {
  name: 'delta-neutral',
  paramsSchema: deltaNeutralParamsSchema as unknown as Strategy<DeltaNeutralParams, DeltaNeutralMemory>['paramsSchema'],
  initialMemory: () => INITIAL_MEMORY,
  decide: decideDeltaNeutral,
};
