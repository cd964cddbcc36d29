import { describe, expect, it } from 'vitest';
import { notionalToBaseUnits } from '../../../src/market/money.js';
import { OptionVenueError, OptionVenue, type OptionVenueConfig } from '../../../src/market/options/index.js';

const ETH = 10n ** 18n;
const USDC = 10n ** 6n;
const START = Date.UTC(2024, 0, 3, 12) / 1000; // a Wednesday

function listedVenue(overrides: Partial<OptionVenueConfig> = {}): { venue: OptionVenue; expiry: number } {
  const venue = new OptionVenue({ surface: { level: 0.6, skew: -0.1 }, ...overrides });
  venue.listExpiries(START, 2000);
  return { venue, expiry: venue.listedExpiries()[0]! };
}

function expectVenueError(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OptionVenueError);
    expect((error as OptionVenueError).code).toBe(code);
    return;
  }
  throw new Error(`expected OptionVenueError ${code}`);
}

describe('OptionVenue: trading against the venue', () => {
  it('buys at the ask (premium rounded up) and sells at the bid (rounded down)', () => {
    const { venue, expiry } = listedVenue();
    venue.deposit('buyer', { cashUnits: 10_000n * USDC });
    const q = venue.quote('call', 2100, expiry, START, 2000);
    const size = 3n * ETH + 7n;
    const trade = venue.buy('buyer', 'call', 2100, expiry, size, START, 2000);
    expect(trade.price).toBe(q.ask);
    expect(trade.premiumUnits).toBe(notionalToBaseUnits('ask', q.ask, size, 6, 'userPays'));
    expect(venue.balances('buyer').cashUnits).toBe(10_000n * USDC - trade.premiumUnits);
    const back = venue.sell('buyer', 'call', 2100, expiry, size, START, 2000);
    expect(back.price).toBe(q.bid);
    expect(back.premiumUnits).toBe(-notionalToBaseUnits('bid', q.bid, size, 6, 'userReceives'));
    expect(venue.positions('buyer')).toEqual([]);
    expect(venue.ledgerImbalance()).toEqual({ cashUnits: 0n, underlyingWei: 0n });
  });

  it('locks the underlying for a covered call and strike × size for a cash-secured put; refuses naked writing', () => {
    const { venue, expiry } = listedVenue();
    venue.deposit('vault', { cashUnits: 1_900n * USDC, underlyingWei: 2n * ETH });
    expectVenueError(() => venue.sell('vault', 'call', 2200, expiry, 2n * ETH + 1n, START, 2000), 'INSUFFICIENT_UNDERLYING');
    venue.sell('vault', 'call', 2200, expiry, 2n * ETH, START, 2000);
    expect(venue.balances('vault').lockedUnderlyingWei).toBe(2n * ETH);
    expect(venue.balances('vault').underlyingWei).toBe(0n);
    const before = venue.balances('vault').cashUnits;
    // A 1900 put on 1 ETH needs 1900 USDC locked; the premium received counts towards it.
    const put = venue.sell('vault', 'put', 1900, expiry, ETH, START, 2000);
    const after = venue.balances('vault');
    expect(after.lockedCashUnits).toBe(1_900n * USDC);
    expect(after.cashUnits).toBe(before - 1_900n * USDC - put.premiumUnits);
    expectVenueError(() => venue.sell('vault', 'put', 1900, expiry, ETH, START, 2000), 'INSUFFICIENT_CASH');
    // Locked collateral cannot be withdrawn.
    expectVenueError(() => venue.withdraw('vault', { underlyingWei: 1n }), 'INSUFFICIENT_UNDERLYING');
    expect(venue.ledgerImbalance()).toEqual({ cashUnits: 0n, underlyingWei: 0n });
  });

  it('releases the lock when a short is bought back', () => {
    const { venue, expiry } = listedVenue();
    venue.deposit('vault', { cashUnits: 5_000n * USDC });
    venue.sell('vault', 'put', 2000, expiry, 2n * ETH, START, 2000);
    expect(venue.balances('vault').lockedCashUnits).toBe(4_000n * USDC);
    venue.buy('vault', 'put', 2000, expiry, ETH, START + 3600, 2000);
    expect(venue.balances('vault').lockedCashUnits).toBe(2_000n * USDC);
    expect(venue.positions('vault')[0]!.sizeWei).toBe(-ETH);
  });
});

describe('OptionVenue: settlement from the oracle', () => {
  it('pays exact payoffs: longs get (S − K)⁺·size or (K − S)⁺·size, writers give it from their lock', () => {
    const { venue, expiry } = listedVenue();
    venue.deposit('writer', { cashUnits: 10_000n * USDC, underlyingWei: 2n * ETH });
    venue.deposit('holder', { cashUnits: 10_000n * USDC });
    venue.sell('writer', 'put', 2000, expiry, 3n * ETH, START, 2000);
    venue.sell('writer', 'call', 2100, expiry, 2n * ETH, START, 2000);
    venue.buy('holder', 'put', 2000, expiry, 3n * ETH, START, 2000);
    venue.buy('holder', 'call', 2100, expiry, 2n * ETH, START, 2000);
    expectVenueError(() => venue.settle(expiry, 1849.5, expiry - 1), 'NOT_EXPIRED');

    // Put: S = 1849.5 → (2000 − 1849.5)·3 = 451.5 USDC. Call at 2100 expires worthless.
    const report = venue.settle(expiry, 1849.5, expiry);
    const holderPut = report.entries.find((e) => e.account === 'holder' && e.kind === 'put')!;
    expect(holderPut.payoffUnits).toBe(451_500_000n);
    const writerPut = report.entries.find((e) => e.account === 'writer' && e.kind === 'put')!;
    expect(writerPut.paid).toEqual({ cashUnits: 451_500_000n, underlyingWei: 0n });
    expect(writerPut.locked.cashUnits).toBe(6_000n * USDC);
    const writerCall = report.entries.find((e) => e.account === 'writer' && e.kind === 'call')!;
    expect(writerCall.paid).toEqual({ cashUnits: 0n, underlyingWei: 0n });
    expect(venue.balances('writer')).toMatchObject({ lockedCashUnits: 0n, lockedUnderlyingWei: 0n, underlyingWei: 2n * ETH });
    expect(venue.positions('holder')).toEqual([]);
    expectVenueError(() => venue.settle(expiry, 1849.5, expiry), 'ALREADY_SETTLED');
    expect(venue.listedExpiries()).not.toContain(expiry);
    expect(venue.ledgerImbalance()).toEqual({ cashUnits: 0n, underlyingWei: 0n });
  });

  it('settles an in-the-money covered call in the underlying it locked, worth the cash payoff', () => {
    const { venue, expiry } = listedVenue();
    venue.deposit('writer', { underlyingWei: 2n * ETH });
    venue.deposit('holder', { cashUnits: 10_000n * USDC });
    venue.sell('writer', 'call', 2100, expiry, 2n * ETH, START, 2000);
    venue.buy('holder', 'call', 2100, expiry, 2n * ETH, START, 2000);
    const report = venue.settle(expiry, 2250.25, expiry + 60);
    const holder = report.entries.find((e) => e.account === 'holder')!;
    expect(holder.payoffUnits).toBe(300_500_000n); // (2250.25 − 2100)·2
    const writer = report.entries.find((e) => e.account === 'writer')!;
    // ⌈2e18 · 150.25 / 2250.25⌉ wei, exactly.
    expect(writer.paid.underlyingWei).toBe((2n * ETH * 15025n + 225025n - 1n) / 225025n);
    expect(venue.balances('writer').underlyingWei).toBe(2n * ETH - writer.paid.underlyingWei);
    expect(report.collectedFromWriters.underlyingWei).toBe(writer.paid.underlyingWei);
    expect(venue.ledgerImbalance()).toEqual({ cashUnits: 0n, underlyingWei: 0n });
  });

  it('refuses trading after expiry', () => {
    const { venue, expiry } = listedVenue();
    venue.deposit('a', { cashUnits: 10_000n * USDC });
    expectVenueError(() => venue.buy('a', 'call', 2000, expiry, ETH, expiry, 2000), 'EXPIRED');
    venue.settle(expiry, 2000, expiry);
    expectVenueError(() => venue.buy('a', 'call', 2000, expiry, ETH, expiry - 10, 2000), 'ALREADY_SETTLED');
  });
});
