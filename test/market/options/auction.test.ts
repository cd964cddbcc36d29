import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import { notionalToBaseUnits } from '../../../src/market/money.js';
import {
  AuctionError,
  bookAuctionOnVenue,
  clearAuction,
  generateBidderPopulation,
  OptionAuction,
  OptionVenueError,
  reservePriceFromPremium,
  type SealedBid,
  OptionVenue,
  type OptionVenueConfig,
} from '../../../src/market/options/index.js';

const ETH = 10n ** 18n;
const USDC = 10n ** 6n;
const START = Date.UTC(2024, 0, 3, 12) / 1000; // a Wednesday

function listedVenue(overrides: Partial<OptionVenueConfig> = {}): { venue: OptionVenue; expiry: number } {
  const venue = new OptionVenue({ surface: { level: 0.6, skew: -0.1 }, ...overrides });
  venue.listExpiries(START, 2000);
  return { venue, expiry: venue.listedExpiries()[0]! };
}

const series = { kind: 'call' as const, strike: 2200, expirySeconds: 1_704_441_600 };

function auction(supplyWei = 10n * ETH, reservePrice = 20): OptionAuction {
  return new OptionAuction({ series, supplyWei, reservePrice, biddingStartSeconds: 1000, biddingEndSeconds: 2000 });
}

describe('OptionAuction', () => {
  it('fills by price then time, at one uniform price: the lowest winning bid', () => {
    const a = auction();
    a.submitBid({ bidder: 'early-30', quantityWei: 4n * ETH, limitPrice: 30 }, 1000);
    a.submitBid({ bidder: 'low', quantityWei: 4n * ETH, limitPrice: 19.99 }, 1001);
    a.submitBid({ bidder: 'top', quantityWei: 3n * ETH, limitPrice: 40 }, 1002);
    a.submitBid({ bidder: 'late-30', quantityWei: 4n * ETH, limitPrice: 30 }, 1003);
    a.submitBid({ bidder: 'mid', quantityWei: 1n * ETH, limitPrice: 25 }, 1004);
    const result = a.close(2000);
    expect(result.fills.map((f) => [f.bidder, f.quantityWei])).toEqual([
      ['top', 3n * ETH],
      ['early-30', 4n * ETH],
      ['late-30', 3n * ETH], // the marginal bid, filled in part
    ]);
    expect(result.clearingPrice).toBe(30);
    expect(result.filledWei).toBe(10n * ETH);
    expect(result.unsoldWei).toBe(0n);
    expect(result.sellerPremiumUnits).toBe(300n * USDC);
    expect(result.fills.map((f) => f.paysUnits)).toEqual([90n * USDC, 120n * USDC, 90n * USDC]);
    expect(result.rejectedBelowReserve.map((b) => b.bidder)).toEqual(['low']);
    expect(result.losingBids.map((b) => b.bidder)).toEqual(['mid']);
  });

  it('clears at the reserve when the supply does not sell out', () => {
    const a = auction(10n * ETH, 20);
    a.submitBid({ bidder: 'x', quantityWei: 2n * ETH, limitPrice: 35 }, 1500);
    a.submitBid({ bidder: 'y', quantityWei: 3n * ETH, limitPrice: 20 }, 1600);
    const result = a.close(2500);
    expect(result.clearingPrice).toBe(20);
    expect(result.filledWei).toBe(5n * ETH);
    expect(result.unsoldWei).toBe(5n * ETH);
    expect(result.sellerPremiumUnits).toBe(100n * USDC);
  });

  it('sells nothing when every bid is below the reserve', () => {
    const a = auction();
    a.submitBid({ bidder: 'x', quantityWei: ETH, limitPrice: 10 }, 1500);
    const result = a.close(2000);
    expect(result.clearingPrice).toBeUndefined();
    expect(result.fills).toEqual([]);
    expect(result.sellerPremiumUnits).toBe(0n);
    expect(result.unsoldWei).toBe(10n * ETH);
  });

  it('keeps to its window and clears once', () => {
    const a = auction();
    expect(() => a.submitBid({ bidder: 'x', quantityWei: ETH, limitPrice: 30 }, 999)).toThrow(AuctionError);
    expect(() => a.submitBid({ bidder: 'x', quantityWei: ETH, limitPrice: 30 }, 2000)).toThrow(/BIDDING_CLOSED/);
    expect(() => a.close(1999)).toThrow(/BIDDING_STILL_OPEN/);
    a.close(2000);
    expect(() => a.close(2001)).toThrow(/ALREADY_CLOSED/);
    expect(() => auction().submitBid({ bidder: 'x', quantityWei: 0n, limitPrice: 30 }, 1500)).toThrow(/quantityWei/);
    expect(() => auction().submitBid({ bidder: '', quantityWei: ETH, limitPrice: 30 }, 1500)).toThrow(InvalidInputError);
    expect(() => new OptionAuction({ series, supplyWei: ETH, reservePrice: 1, biddingStartSeconds: 5, biddingEndSeconds: 5 })).toThrow(/biddingEndSeconds/);
  });

  it('uniform price, priority, reserve, supply and premium hold for random bid sets (property)', () => {
    const bidArb = fc.record({
      quantityWei: fc.bigInt({ min: 1n, max: 5n * ETH }),
      // A coarse price grid makes ties common.
      limitPrice: fc.integer({ min: 1, max: 60 }).map((p) => p / 2),
    });
    fc.assert(
      fc.property(fc.array(bidArb, { maxLength: 40 }), fc.bigInt({ min: 1n, max: 30n * ETH }), fc.integer({ min: 0, max: 40 }), (raw, supplyWei, reserveHalves) => {
        const reserve = reserveHalves / 2;
        const bids: SealedBid[] = raw.map((b, id) => ({ ...b, bidder: `b${id}`, id, submittedAtSeconds: 1000 + id }));
        const r = clearAuction(series, supplyWei, reserve, bids, 6);
        expect(r.filledWei).toBe(r.fills.reduce((s, f) => s + f.quantityWei, 0n));
        expect(r.filledWei + r.unsoldWei).toBe(supplyWei);
        expect(r.filledWei <= supplyWei).toBe(true);
        expect(r.rejectedBelowReserve).toEqual(bids.filter((b) => b.limitPrice < reserve));
        expect(r.fills.length + r.losingBids.length + r.rejectedBelowReserve.length).toBe(bids.length);
        if (r.fills.length === 0) {
          expect(r.clearingPrice).toBeUndefined();
          return;
        }
        const clearing = r.clearingPrice!;
        expect(clearing).toBeGreaterThanOrEqual(reserve);
        if (r.unsoldWei > 0n) {
          expect(clearing).toBe(reserve);
          expect(r.losingBids).toEqual([]);
        } else {
          expect(clearing).toBe(Math.min(...r.fills.map((f) => bids[f.bidId]!.limitPrice)));
        }
        const byId = new Map(bids.map((b) => [b.id, b]));
        for (const [i, fill] of r.fills.entries()) {
          const bid = byId.get(fill.bidId)!;
          expect(bid.limitPrice).toBeGreaterThanOrEqual(clearing);
          expect(fill.quantityWei <= bid.quantityWei).toBe(true);
          // Only the last (marginal) winner may be filled in part.
          if (i < r.fills.length - 1) expect(fill.quantityWei).toBe(bid.quantityWei);
          expect(fill.paysUnits).toBe(notionalToBaseUnits('c', clearing, fill.quantityWei, 6, 'userPays'));
          for (const loser of r.losingBids) {
            expect(bid.limitPrice > loser.limitPrice || (bid.limitPrice === loser.limitPrice && bid.id < loser.id)).toBe(true);
          }
        }
        expect(r.sellerPremiumUnits).toBe(notionalToBaseUnits('c', clearing, r.filledWei, 6, 'userReceives'));
        const dust = r.buyersPayUnits - r.sellerPremiumUnits;
        expect(dust >= 0n && dust <= BigInt(r.fills.length)).toBe(true);
      }),
      { seed: 8, numRuns: 500 },
    );
  });
});

describe('bidder population and booking on the venue', () => {
  it('generates the same bids for the same seed, valued around the reference', () => {
    const config = { seed: 21, count: 2000, referencePrice: 50, valuationNoise: 0.1, shadingFraction: 0.02, minQuantityWei: ETH / 10n, maxQuantityWei: 5n * ETH };
    const a = generateBidderPopulation(config);
    expect(generateBidderPopulation(config)).toEqual(a);
    expect(generateBidderPopulation({ ...config, seed: 22 })).not.toEqual(a);
    const sorted = a.map((b) => b.valuation).sort((x, y) => x - y);
    expect(sorted[1000]! / 50).toBeGreaterThan(0.98);
    expect(sorted[1000]! / 50).toBeLessThan(1.02);
    for (const bid of a) {
      expect(bid.limitPrice).toBeCloseTo(bid.valuation * 0.98, 10);
      expect(bid.quantityWei >= ETH / 10n && bid.quantityWei <= 5n * ETH).toBe(true);
      expect(bid.quantityWei % 10n ** 16n).toBe(0n);
    }
    expect(() => generateBidderPopulation({ ...config, minQuantityWei: 0n })).toThrow(/minQuantityWei/);
  });

  it('books a cleared auction: the vault writes covered calls, bidders go long, premium flows exactly', () => {
    const { venue, expiry } = listedVenue();
    const option = { kind: 'call' as const, strike: 2200, expirySeconds: expiry };
    const mid = venue.quote('call', 2200, expiry, START, 2000).mid;
    const a = new OptionAuction({ series: option, supplyWei: 10n * ETH, reservePrice: reservePriceFromPremium(mid, 0.1), biddingStartSeconds: START, biddingEndSeconds: START + 3600 });
    const bids = generateBidderPopulation({ seed: 4, count: 30, referencePrice: mid, minQuantityWei: ETH / 2n, maxQuantityWei: 2n * ETH });
    for (const bid of bids) {
      venue.deposit(bid.bidder, { cashUnits: 1_000n * USDC });
      a.submitBid(bid, START + 60);
    }
    venue.deposit('vault', { underlyingWei: 10n * ETH });
    const result = a.close(START + 3600);
    expect(result.filledWei).toBe(10n * ETH);
    bookAuctionOnVenue(venue, result, 'vault', START + 3600);
    expect(venue.balances('vault').cashUnits).toBe(result.sellerPremiumUnits);
    expect(venue.balances('vault').lockedUnderlyingWei).toBe(10n * ETH);
    expect(venue.venueBooks().cashUnits).toBe(result.buyersPayUnits - result.sellerPremiumUnits);
    for (const fill of result.fills) {
      expect(venue.positions(fill.bidder)).toEqual([{ ...option, sizeWei: fill.quantityWei, locked: { cashUnits: 0n, underlyingWei: 0n } }]);
    }
    expect(venue.ledgerImbalance()).toEqual({ cashUnits: 0n, underlyingWei: 0n });
  });

  it('refuses the whole booking when the seller has not posted the collateral', () => {
    const { venue, expiry } = listedVenue();
    const option = { kind: 'put' as const, strike: 1900, expirySeconds: expiry };
    const a = new OptionAuction({ series: option, supplyWei: 2n * ETH, reservePrice: 10, biddingStartSeconds: START, biddingEndSeconds: START + 60 });
    venue.deposit('bidder', { cashUnits: 1_000n * USDC });
    venue.deposit('vault', { cashUnits: 3_000n * USDC }); // 3,800 needed
    a.submitBid({ bidder: 'bidder', quantityWei: 2n * ETH, limitPrice: 50 }, START);
    const result = a.close(START + 60);
    expect(() => bookAuctionOnVenue(venue, result, 'vault', START + 60)).toThrow(OptionVenueError);
    expect(venue.positions('bidder')).toEqual([]);
    expect(venue.balances('vault').cashUnits).toBe(3_000n * USDC);
  });
});
