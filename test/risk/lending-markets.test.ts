// Risk rules with two lending markets: each market is its own account (health factor) and its
// own venue (concentration, health), named by its id.
import { describe, expect, it } from 'vitest';
import { checkIntent } from '../../src/risk/check.js';
import { healthFactorRule } from '../../src/risk/rules/health-factor.js';
import { venueConcentrationRule } from '../../src/risk/rules/venue-concentration.js';
import { venueHealthRule } from '../../src/risk/rules/venue-health.js';
import type { MarketView } from '../../src/market/simulator/market-view.js';
import type { Intent } from '../../src/strategy/types.js';
import { makeBook, makeContext, makeView, USDC, WETH } from './fixtures.js';

const lend = (kind: 'supply' | 'withdraw' | 'borrow' | 'repay', market: string, asset: string, amount: bigint): Intent => ({ kind, market, asset, amount, reason: kind });

/** Markets "a" and "b" with the fixture's reserves; b's USDC reserve at 99 % utilization. */
function twoMarketView(): MarketView {
  const base = makeView();
  const hot = { ...base.lendingReserve('USDC')!, utilizationRay: 99n * 10n ** 25n };
  return {
    ...base,
    lendingMarketIds: ['a', 'b'],
    lendingReserve: (asset, market) => (market === 'b' && asset === 'USDC' ? hot : market === undefined || market === 'a' || market === 'b' ? base.lendingReserve(asset) : undefined),
  };
}

// a: 10 WETH (≈ 20k, LT 82.5 %) against 8000 USDC of debt, HF ≈ 2.06; b: 50k USDC supplied, no debt.
const book = makeBook({
  lending: [
    { market: 'a', asset: 'WETH', supplied: 10n * WETH, debt: 0n },
    { market: 'a', asset: 'USDC', supplied: 0n, debt: 8_000n * USDC },
    { market: 'b', asset: 'USDC', supplied: 50_000n * USDC, debt: 0n },
  ],
});

describe('risk rules per lending market', () => {
  const context = makeContext(book, twoMarketView(), { maxVenueConcentrationBps: 3000 });

  it("health factor: a borrow in a is judged on a's account alone (b's supply is not its collateral)", () => {
    // a alone: 16,500 / 12,000 = 1.375 < 1.5. Counting b's 50k USDC as collateral would give ≈ 4.7.
    const refused = healthFactorRule(lend('borrow', 'a', 'USDC', 4_000n * USDC), context);
    expect(refused).toMatchObject({ status: 'refused' });
    expect((refused as { reason: string }).reason).toMatch(/^a: health factor after 1\.37/);
    // b has no debt: borrowing there against b's 50k USDC is fine.
    expect(healthFactorRule(lend('borrow', 'b', 'USDC', 4_000n * USDC), context).status).toBe('approved');
    // withdrawing b's supply never touches a's health
    expect(healthFactorRule(lend('withdraw', 'b', 'USDC', 50_000n * USDC), context).status).toBe('approved');
  });

  it('venue concentration: each market is its own venue', () => {
    const verdict = venueConcentrationRule(lend('supply', 'b', 'USDC', 50_000n * USDC), context);
    expect(verdict).toMatchObject({ status: 'refused' });
    expect((verdict as { reason: string }).reason).toMatch(/^venue b would hold/);
    expect(venueConcentrationRule(lend('supply', 'a', 'USDC', 10_000n * USDC), context).status).toBe('approved');
  });

  it("venue health: a supply to b reads b's reserve (99 % utilized), one to a does not", () => {
    const verdict = venueHealthRule(lend('supply', 'b', 'USDC', 1_000n * USDC), context);
    expect(verdict).toMatchObject({ status: 'refused' });
    expect((verdict as { reason: string }).reason).toMatch(/venue b:USDC health/);
    expect(venueHealthRule(lend('supply', 'a', 'USDC', 1_000n * USDC), context).status).toBe('approved');
    // an intent without a market is the view's first market
    expect(venueHealthRule({ kind: 'supply', asset: 'USDC', amount: 1_000n * USDC, reason: 'supply' }, context).status).toBe('approved');
  });

  it('the composite check books a withdraw from b into idle and out of b', () => {
    const decision = checkIntent(lend('withdraw', 'b', 'USDC', 20_000n * USDC), context);
    expect(decision.status).toBe('approved');
    expect(context.after(lend('withdraw', 'b', 'USDC', 20_000n * USDC)).venueValueScaled.get('b')).toBe(30_000n * USDC * context.marks.get('USDC')!);
  });
});
