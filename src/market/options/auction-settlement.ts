/**
 * Books a cleared auction on the option venue: for each fill the seller writes (or sells from its
 * long) and the winner buys, the winner paying its ⌈clearing × quantity⌉ and the seller receiving
 * its share of ⌊clearing × filled⌋. The seller's shares are allotted fill by fill so that they
 * add up to exactly the auction's seller premium.
 *
 * Nothing is half-booked: before the first fill it checks that the seller's free collateral,
 * WITHOUT the premium (as a Ribbon vault posts collateral before it mints the options it
 * auctions), covers everything it writes, and that every winner's free cash covers all it pays.
 */
import { InvalidInputError } from '../../errors.js';
import { lockRequirement } from './collateral.js';
import type { AuctionResult } from './auction.js';
import { OptionVenueError } from './errors.js';
import type { OptionVenue } from './option-venue.js';

export function bookAuctionOnVenue(venue: OptionVenue, result: AuctionResult, seller: string, nowSeconds: number): void {
  if (result.fills.length === 0) return;
  const { series } = result;
  for (const fill of result.fills) {
    if (fill.bidder === seller) throw new InvalidInputError('bidder', fill.bidder, 'the seller cannot buy in its own auction');
  }
  // Up front: the seller's free collateral must cover writing everything filled (beyond any long it holds).
  const long = venue.positions(seller).find((p) => p.kind === series.kind && p.strike === series.strike && p.expirySeconds === series.expirySeconds);
  const currentSize = long?.sizeWei ?? 0n;
  const finalShort = currentSize - result.filledWei < 0n ? result.filledWei - currentSize : 0n;
  const currentShort = currentSize < 0n ? -currentSize : 0n;
  const need = lockRequirement(series.kind, series.strike, finalShort, venue.collateralDecimals);
  const had = lockRequirement(series.kind, series.strike, currentShort, venue.collateralDecimals);
  const balances = venue.balances(seller);
  if (balances.underlyingWei < need.underlyingWei - had.underlyingWei) {
    throw new OptionVenueError('INSUFFICIENT_UNDERLYING', `${seller} cannot cover ${result.filledWei} wei of calls`);
  }
  if (balances.cashUnits < need.cashUnits - had.cashUnits) {
    throw new OptionVenueError('INSUFFICIENT_CASH', `${seller} cannot secure ${result.filledWei} wei of puts`);
  }
  const owedByBidder = new Map<string, bigint>();
  for (const fill of result.fills) owedByBidder.set(fill.bidder, (owedByBidder.get(fill.bidder) ?? 0n) + fill.paysUnits);
  for (const [bidder, owed] of owedByBidder) {
    const cash = venue.balances(bidder).cashUnits;
    if (cash < owed) throw new OptionVenueError('INSUFFICIENT_CASH', `${bidder} holds ${cash} free cash units but owes ${owed}`);
  }
  let allotted = 0n;
  let filledSoFar = 0n;
  for (const fill of result.fills) {
    filledSoFar += fill.quantityWei;
    // Cumulative pro-rata share, so the parts sum to sellerPremiumUnits exactly and each part <= what its buyer pays.
    const cumulative = (result.sellerPremiumUnits * filledSoFar) / result.filledWei;
    const share = cumulative - allotted;
    allotted = cumulative;
    venue.tradeBetween({
      buyer: fill.bidder,
      seller,
      series,
      sizeWei: fill.quantityWei,
      buyerPaysUnits: fill.paysUnits,
      // share <= ⌈c·q⌉ = paysUnits: the share is ⌈S·q/F⌉ at most, with S = ⌊c·F⌋.
      sellerReceivesUnits: share,
      nowSeconds,
    });
  }
}
