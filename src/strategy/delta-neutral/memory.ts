/**
 * The strategy's JSON memory and the shape each phase function returns: either a decision
 * (intents, possibly none, and the next memory) or a hand-over to another phase in the same
 * decision.
 */
import type { TickRange } from '../range-manager/ranges.js';
import type { Intent } from '../types.js';

export type DeltaNeutralPhase = 'building' | 'active' | 'unwinding' | 'closed';

export type DeltaNeutralMemory = {
  readonly phase: DeltaNeutralPhase;
  /** building: 0 clear the LP, 1 square risky against debt, 2 collateral, 3 the LP's risky side, 4 square again, 5 mint */
  readonly buildStep: number;
  readonly range: TickRange | null;
  /** view time of the last mint decision; null before the first */
  readonly lastRangeSeconds: number | null;
  /** hedge adjustments sent (perp trades, hedge swaps and borrows) */
  readonly hedges: number;
  /** re-ranges started after the first build */
  readonly reranges: number;
  /** decisions spent unwinding (a venue that keeps refusing must not be retried forever) */
  readonly unwindDecisions: number;
};

export type Step =
  | { readonly intents: readonly Intent[]; readonly memory: DeltaNeutralMemory; readonly note: string }
  /** a hand-over to another phase; its note prefixes the decision's */
  | { readonly next: DeltaNeutralMemory; readonly note?: string };

export const INITIAL_MEMORY: DeltaNeutralMemory = Object.freeze({ phase: 'building', buildStep: 0, range: null, lastRangeSeconds: null, hedges: 0, reranges: 0, unwindDecisions: 0 });

/** A decision; `note` says why (Decision.note: shown, not kept, so a hold leaves the memory as it was). */
export function decided(intents: readonly Intent[], memory: DeltaNeutralMemory, note: string): Step {
  return { intents, memory, note };
}

/** Start (or restart) a build from clearing the LP. */
export function rebuild(memory: DeltaNeutralMemory, why: string): Step {
  return { next: { ...memory, phase: 'building', buildStep: 0, reranges: memory.range === null ? memory.reranges : memory.reranges + 1 }, note: why };
}
