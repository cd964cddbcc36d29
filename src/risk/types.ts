/**
 * The risk layer's contract: for each intent, approved, resized (with the new intent) or refused,
 * always with a reason that lands in the ledger. The rules (pure, one per file) come in a later
 * session; until then the engine runs with `passThroughRisk`, which approves everything and
 * enforces NO limits — it is a placeholder, not a risk policy.
 */
import type { MarketView } from '../market/simulator/market-view.js';
import type { Book, Intent } from '../strategy/types.js';

export type RiskDecision =
  | { readonly status: 'approved'; readonly intent: Intent; readonly reason: string }
  | { readonly status: 'resized'; readonly intent: Intent; readonly original: Intent; readonly reason: string }
  | { readonly status: 'refused'; readonly original: Intent; readonly reason: string };

export interface RiskCheck {
  /** One decision per intent, in the same order. */
  check(intents: readonly Intent[], book: Book, view: MarketView): readonly RiskDecision[];
}

/** Approves every intent unchanged. No limits: use only until the risk rules exist. */
export const passThroughRisk: RiskCheck = {
  check: (intents) => intents.map((intent) => ({ status: 'approved', intent, reason: 'pass-through (no risk rules configured)' })),
};
