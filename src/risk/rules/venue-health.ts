/**
 * Venue health: no new exposure at a venue whose health score (venue-health.ts) is below
 * `minVenueHealth`. Exposure-adding intents: a mint at a pool, a supply or a borrow at the
 * lending market (venue "<market>:<asset>", each market on its own). Swaps do not leave exposure at the pool (the slippage rule covers them);
 * de-risking intents always pass, so a vault can always leave a sick venue.
 */
import type { Intent } from '../../strategy/types.js';
import { lendingVenueName, type RiskContext, type RuleVerdict } from '../types.js';

export const VENUE_HEALTH = 'venue-health';

export function venueHealthRule(intent: Intent, context: RiskContext): RuleVerdict {
  let venue: string;
  if (intent.kind === 'addLiquidity') venue = intent.pool;
  else if (intent.kind === 'supply' || intent.kind === 'borrow') venue = `${lendingVenueName(context.market, context.view, intent.market)}:${intent.asset}`;
  else return { status: 'approved' };
  const health = context.venueHealth(venue);
  const min = context.limits.minVenueHealth;
  if (health.score < min) return { status: 'refused', reason: `venue ${venue} health ${health.score.toFixed(4)} < min ${min} (${health.explain})` };
  return { status: 'approved' };
}
