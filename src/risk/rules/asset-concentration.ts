/**
 * Concentration per asset: the |net value| of one non-numeraire token (held anywhere, minus its
 * debt) as a share of NAV after the intent must stay at or below `maxAssetConcentrationBps`.
 * Only an intent that grows that |net value| can be refused: selling an over-weight asset, or any
 * de-risking intent, always passes. The numeraire is the vault's unit of account and has no
 * concentration limit.
 */
import type { Intent } from '../../strategy/types.js';
import { bpsText, DE_RISKING_KINDS, type RiskContext, type RuleVerdict } from '../types.js';

export const ASSET_CONCENTRATION = 'asset-concentration';

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

export function assetConcentrationRule(intent: Intent, context: RiskContext): RuleVerdict {
  if (DE_RISKING_KINDS.has(intent.kind)) return { status: 'approved' };
  const after = context.after(intent);
  const limit = BigInt(context.limits.maxAssetConcentrationBps);
  for (const [token, value] of [...after.assetValueScaled].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (token === context.market.numeraire) continue;
    if (abs(value) <= abs(context.before.assetValueScaled.get(token) ?? 0n)) continue;
    if (after.navScaled <= 0n || abs(value) * 10_000n > limit * after.navScaled) {
      return { status: 'refused', reason: `${token} would be ${bpsText(abs(value), after.navScaled)} of NAV (${abs(value) / 10n ** 36n} of ${after.navScaled / 10n ** 36n} base units) > max ${limit} bps` };
    }
  }
  return { status: 'approved' };
}
