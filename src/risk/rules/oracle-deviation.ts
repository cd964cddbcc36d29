/**
 * Oracle-vs-pool deviation: a swap or a mint at a pool whose spot price differs from the
 * oracle by more than `maxOracleDeviationBps` is refused. Either the pool is being moved
 * (a sandwich, a manipulation) or the oracle is wrong; in both cases the trade's price is
 * not to be trusted. The pool's price and the oracle's are both numeraire per risky token;
 * the risky token is the pool's non-numeraire token.
 */
import type { Intent } from '../../strategy/types.js';
import type { RiskContext, RuleVerdict } from '../types.js';
import { oracleAssetOf } from './oracle-staleness.js';

export const ORACLE_DEVIATION = 'oracle-deviation';

/** |pool − oracle| / oracle in bps (a number), or undefined when either price is missing. */
export function poolOracleDeviationBps(pool: string, context: RiskContext): { deviationBps: number; poolPrice: number; oraclePrice: number } | undefined {
  const info = context.market.pools[pool];
  if (info === undefined) return undefined;
  const risky = info.token0 === context.market.numeraire ? info.token1 : info.token0;
  const asset = oracleAssetOf(risky, context);
  const answer = asset === undefined ? undefined : context.view.oracle(asset);
  if (answer === undefined || !(answer.price > 0)) return undefined;
  const poolPrice = context.view.pool(pool).price;
  return { deviationBps: (Math.abs(poolPrice - answer.price) / answer.price) * 10_000, poolPrice, oraclePrice: answer.price };
}

export function oracleDeviationRule(intent: Intent, context: RiskContext): RuleVerdict {
  if (intent.kind !== 'swap' && intent.kind !== 'addLiquidity') return { status: 'approved' };
  const measured = poolOracleDeviationBps(intent.pool, context);
  // a missing oracle is the staleness rule's refusal, which runs first
  if (measured === undefined) return { status: 'approved' };
  const limit = context.limits.maxOracleDeviationBps;
  if (measured.deviationBps > limit) {
    return {
      status: 'refused',
      reason: `pool ${intent.pool} price ${measured.poolPrice.toPrecision(8)} deviates ${measured.deviationBps.toFixed(2)} bps from oracle ${measured.oraclePrice.toPrecision(8)} > max ${limit} bps`,
    };
  }
  return { status: 'approved' };
}
