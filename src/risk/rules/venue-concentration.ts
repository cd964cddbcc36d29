/**
 * Concentration per venue: the value deployed at one venue (a pool's positions and owed tokens,
 * or the lending market's supply) as a share of NAV after the intent must stay at or below
 * `maxVenueConcentrationBps`. Only an intent that grows a venue's value can be refused.
 */
import type { Intent } from '../../strategy/types.js';
import { bpsText, DE_RISKING_KINDS, type RiskContext, type RuleVerdict } from '../types.js';

export const VENUE_CONCENTRATION = 'venue-concentration';

export function venueConcentrationRule(intent: Intent, context: RiskContext): RuleVerdict {
  if (DE_RISKING_KINDS.has(intent.kind)) return { status: 'approved' };
  const after = context.after(intent);
  const limit = BigInt(context.limits.maxVenueConcentrationBps);
  for (const [venue, value] of [...after.venueValueScaled].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (value <= (context.before.venueValueScaled.get(venue) ?? 0n)) continue;
    if (after.navScaled <= 0n || value * 10_000n > limit * after.navScaled) {
      return { status: 'refused', reason: `venue ${venue} would hold ${bpsText(value, after.navScaled)} of NAV (${value / 10n ** 36n} of ${after.navScaled / 10n ** 36n} base units) > max ${limit} bps` };
    }
  }
  return { status: 'approved' };
}
