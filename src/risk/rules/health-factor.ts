/**
 * Minimum health factor: a borrow or a withdraw must leave the lending account's health factor
 * at or above `minHealthFactorWad`. The lending venue's own what-if (lending/what-if.ts) needs
 * the market object, which a `MarketView` does not reach, so HF is computed from the book and
 * the marks with Aave's formula, HF = Σ supplied·price·LT / Σ debt·price, LT per asset from
 * `RiskMarket.liquidationThresholdBps` (an asset without one counts as collateral worth 0:
 * conservative). Each lending market is its own account: the rule checks the intent's market
 * (`Exposure.lendingByVenue`). It ignores the contract's floor roundings (a few base units), so it is a
 * gauge; the venue re-checks with its integer math. Supply and repay only raise HF and pass.
 */
import type { Intent } from '../../strategy/types.js';
import { lendingVenueName, type Exposure, type RiskContext, type RuleVerdict } from '../types.js';

export const HEALTH_FACTOR = 'health-factor';

const WAD = 10n ** 18n;

/** Σ supplied × mark × LT / 10^4 and Σ debt × mark, scaled units. */
export function weightedCollateralAndDebt(exposure: Exposure, context: RiskContext): { weightedScaled: bigint; debtScaled: bigint } {
  let weightedScaled = 0n;
  let debtScaled = 0n;
  for (const [asset, amount] of exposure.supplied) {
    const lt = BigInt(context.market.liquidationThresholdBps[asset] ?? 0);
    weightedScaled += (amount * (context.marks.get(asset) ?? 0n) * lt) / 10_000n;
  }
  for (const [asset, amount] of exposure.debt) debtScaled += amount * (context.marks.get(asset) ?? 0n);
  return { weightedScaled, debtScaled };
}

/** HF in wad; undefined without debt (infinite). With `venue`, the account at that lending venue only. */
export function healthFactorWad(exposure: Exposure, context: RiskContext, venue?: string): bigint | undefined {
  const { weightedScaled, debtScaled } = weightedCollateralAndDebt(venue === undefined ? exposure : accountAt(exposure, venue), context);
  return debtScaled === 0n ? undefined : (weightedScaled * WAD) / debtScaled;
}

/** The exposure narrowed to one lending venue's account (supplied and debt there only). */
export function accountAt(exposure: Exposure, venue: string): Exposure {
  const account = exposure.lendingByVenue.get(venue);
  return { ...exposure, supplied: account?.supplied ?? new Map(), debt: account?.debt ?? new Map() };
}

const wadText = (wad: bigint): string => `${wad / WAD}.${(wad % WAD).toString().padStart(18, '0').slice(0, 4)}`;

export function healthFactorRule(intent: Intent, context: RiskContext): RuleVerdict {
  if (intent.kind !== 'borrow' && intent.kind !== 'withdraw') return { status: 'approved' };
  const venue = lendingVenueName(context.market, context.view, intent.market);
  const after = healthFactorWad(context.after(intent), context, venue);
  if (after === undefined) return { status: 'approved' };
  const min = context.limits.minHealthFactorWad;
  if (after < min) {
    const before = healthFactorWad(context.before, context, venue);
    return { status: 'refused', reason: `${venue}: health factor after ${wadText(after)} < min ${wadText(min)} (before ${before === undefined ? '∞' : wadText(before)})` };
  }
  return { status: 'approved' };
}
