/**
 * Oracle staleness: an intent that relies on a price (a swap or a mint prices the trade; a
 * borrow or a withdraw prices the collateral) is refused when the oracle answer of any
 * non-numeraire token it relies on is older than `maxOracleAgeSeconds`, or missing. The
 * numeraire is valued at par, so its feed is not consulted. Supply, repay, burn and collect do
 * not depend on a price and pass.
 */
import type { Intent } from '../../strategy/types.js';
import type { RiskContext, RuleVerdict } from '../types.js';

export const ORACLE_STALENESS = 'oracle-staleness';

/** The non-numeraire tokens whose price the intent relies on, sorted. */
export function pricedTokens(intent: Intent, context: RiskContext): string[] {
  const tokens = new Set<string>();
  if (intent.kind === 'swap' || intent.kind === 'addLiquidity') {
    const info = context.market.pools[intent.pool];
    if (info !== undefined) {
      tokens.add(info.token0);
      tokens.add(info.token1);
    }
  } else if (intent.kind === 'borrow' || intent.kind === 'withdraw') {
    tokens.add(intent.asset);
    for (const position of context.book.lending) tokens.add(position.asset);
  }
  tokens.delete(context.market.numeraire);
  return [...tokens].sort();
}

/** The oracle asset that prices a token: its own feed, else its alias. */
export function oracleAssetOf(token: string, context: RiskContext): string | undefined {
  return context.view.oracleAssets.includes(token) ? token : context.market.aliases[token];
}

export function oracleStalenessRule(intent: Intent, context: RiskContext): RuleVerdict {
  const limit = context.limits.maxOracleAgeSeconds;
  for (const token of pricedTokens(intent, context)) {
    const asset = oracleAssetOf(token, context);
    const answer = asset === undefined ? undefined : context.view.oracle(asset);
    if (answer === undefined) return { status: 'refused', reason: `no oracle answer for ${token} at t=${context.view.nowSeconds}s` };
    const ageSeconds = context.view.nowSeconds - answer.updatedAt;
    if (ageSeconds > limit) {
      return { status: 'refused', reason: `oracle ${asset} for ${token} is ${ageSeconds}s old > max ${limit}s (updatedAt ${answer.updatedAt}, now ${context.view.nowSeconds})` };
    }
  }
  return { status: 'approved' };
}
