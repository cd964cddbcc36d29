import { describe, expect, it } from 'vitest';
import type { BookPerpPosition } from '../../src/strategy/types.js';
import { makeBook, makeContext, USDC } from './fixtures.js';

const PERP: BookPerpPosition = {
  collateralToken: 'USDC',
  collateral: 5_000n * USDC,
  sizeWei: -(10n ** 18n),
  entryPrice: 2000,
  markPrice: 2100,
  unrealizedPnl: -100n * USDC,
  equity: 4_900n * USDC,
  marginRatio: 4900 / 2100,
  maintenanceMarginRatio: 0.05,
  initialMarginRatio: 0.1,
  liquidationPrice: 6000,
  fundingPaid: 0n,
  feesPaid: 0n,
};

describe('risk exposures: the perp account', () => {
  it('counts the perp equity in the NAV and as a venue; a deposit moves idle to it, value unchanged', () => {
    const without = makeContext(makeBook());
    const book = { ...makeBook(), perp: PERP };
    const context = makeContext(book);
    // the numeraire is marked at par: 4 900 USDC of equity, exactly
    expect(context.before.navScaled - without.before.navScaled).toBe(PERP.equity * context.marks.get('USDC')!);
    expect(context.before.venueValueScaled.get('perp')).toBe(PERP.equity * context.marks.get('USDC')!);
    const after = context.after({ kind: 'perpDeposit', amount: 1_000n * USDC, reason: 'r' });
    expect(after.navScaled).toBe(context.before.navScaled);
    expect(after.idleNumeraire).toBe(context.before.idleNumeraire - 1_000n * USDC);
    expect(after.venueValueScaled.get('perp')).toBe((PERP.equity + 1_000n * USDC) * context.marks.get('USDC')!);
    const back = context.after({ kind: 'perpWithdraw', amount: 400n * USDC, reason: 'r' });
    expect(back.idleNumeraire).toBe(context.before.idleNumeraire + 400n * USDC);
  });
});
