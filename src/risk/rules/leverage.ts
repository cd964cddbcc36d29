/**
 * Leverage: gross exposure / NAV after the intent must stay at or below `maxLeverageBps`
 * (20000 = 2x). Gross exposure is the value of every holding except idle numeraire, plus the
 * value of every debt (`exposureOf` in check.ts): a vault all in idle numeraire has leverage 0,
 * fully deployed without debt about 1x. Only an intent that raises gross exposure can be
 * refused, so de-risking intents and trades towards the numeraire always pass. A NAV at or below
 * zero refuses every exposure-raising intent.
 */
import type { Intent } from '../../strategy/types.js';
import { bpsText, DE_RISKING_KINDS, type RiskContext, type RuleVerdict } from '../types.js';

export const LEVERAGE = 'leverage';

export function leverageRule(intent: Intent, context: RiskContext): RuleVerdict {
  if (DE_RISKING_KINDS.has(intent.kind)) return { status: 'approved' };
  const after = context.after(intent);
  if (after.grossScaled <= context.before.grossScaled) return { status: 'approved' };
  const limit = BigInt(context.limits.maxLeverageBps);
  if (after.navScaled <= 0n || after.grossScaled * 10_000n > limit * after.navScaled) {
    return {
      status: 'refused',
      reason: `leverage after ${bpsText(after.grossScaled, after.navScaled)} (gross ${after.grossScaled / 10n ** 36n} / NAV ${after.navScaled / 10n ** 36n} base units) > max ${limit} bps`,
    };
  }
  return { status: 'approved' };
}
