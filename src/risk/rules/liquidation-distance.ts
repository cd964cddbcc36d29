/**
 * Liquidation distance: after a borrow or a withdraw, the smallest uniform relative move s of
 * every non-numeraire price that brings HF to 1 must be at least `minLiquidationDistanceBps`.
 * With Cr, Cs the LT-weighted collateral in risky and numeraire assets and Dr, Ds the debts,
 * HF(s) = (Cr·s + Cs) / (Dr·s + Ds), which is 1 at s* = (Ds − Cs) / (Cr − Dr); the distance is
 * |1 − s*| = |(Cr − Dr) − (Ds − Cs)| / |Cr − Dr|. No debt, Cr = Dr (no price dependence) or
 * s* ≤ 0 (no positive price liquidates) is an infinite distance. One common shock is the
 * gauge for a book whose risky assets move together (ETH and WETH, by alias).
 */
import type { Intent } from '../../strategy/types.js';
import { lendingVenueName, type Exposure, type RiskContext, type RuleVerdict } from '../types.js';
import { accountAt } from './health-factor.js';

export const LIQUIDATION_DISTANCE = 'liquidation-distance';

/** The distance in bps (bigint, floored), or undefined when infinite. */
export function liquidationDistanceBps(exposure: Exposure, context: RiskContext): bigint | undefined {
  let cr = 0n;
  let cs = 0n;
  let dr = 0n;
  let ds = 0n;
  const numeraire = context.market.numeraire;
  for (const [asset, amount] of exposure.supplied) {
    const weighted = (amount * (context.marks.get(asset) ?? 0n) * BigInt(context.market.liquidationThresholdBps[asset] ?? 0)) / 10_000n;
    if (asset === numeraire) cs += weighted;
    else cr += weighted;
  }
  for (const [asset, amount] of exposure.debt) {
    const value = amount * (context.marks.get(asset) ?? 0n);
    if (asset === numeraire) ds += value;
    else dr += value;
  }
  if (dr + ds === 0n || cr === dr) return undefined;
  const slope = cr - dr;
  const sStarPositive = (ds - cs > 0n) === (slope > 0n) && ds - cs !== 0n;
  if (!sStarPositive) return undefined;
  const gap = slope - (ds - cs);
  const absGap = gap < 0n ? -gap : gap;
  const absSlope = slope < 0n ? -slope : slope;
  return (absGap * 10_000n) / absSlope;
}

export function liquidationDistanceRule(intent: Intent, context: RiskContext): RuleVerdict {
  if (intent.kind !== 'borrow' && intent.kind !== 'withdraw') return { status: 'approved' };
  // Each lending market is its own account: the intent's market is the one it can liquidate.
  const venue = lendingVenueName(context.market, context.view, intent.market);
  const distance = liquidationDistanceBps(accountAt(context.after(intent), venue), context);
  if (distance === undefined) return { status: 'approved' };
  const min = BigInt(context.limits.minLiquidationDistanceBps);
  if (distance < min) {
    const before = liquidationDistanceBps(accountAt(context.before, venue), context);
    return { status: 'refused', reason: `a ${distance} bps price move would liquidate after the intent < min ${min} bps (before ${before === undefined ? '∞' : `${before} bps`})` };
  }
  return { status: 'approved' };
}
