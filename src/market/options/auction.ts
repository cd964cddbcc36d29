/**
 * A sealed-bid, uniform-price batch auction of options, as the theta vaults run them (Ribbon
 * through Gnosis EasyAuction): the seller offers `supplyWei` of one option with a reserve price;
 * bidders submit sealed bids { bidder, quantityWei, limitPrice } inside the bidding window; at the
 * close:
 *   - bids below the reserve are rejected;
 *   - the rest are sorted by price, highest first, ties by submission order, and filled until the
 *     supply runs out (the marginal bid is filled in part);
 *   - every winner pays ONE clearing price: the lowest winning bid's price when the supply sells
 *     out, the reserve when it does not (the reserve binds: as in EasyAuction, where an
 *     undersubscribed auction clears at the seller's minimum price).
 * Money: each winner pays ⌈clearing × quantity⌉ and the seller receives ⌊clearing × filled⌋, so
 * the premium to the seller is exactly the clearing price times the quantity filled, rounded
 * down, and the rounding dust (at most one unit per winner) stays with the venue.
 * Prices are collateral per ONE unit (1e18 wei) of the underlying.
 */
import { InvalidInputError, requireFinite, requirePositive } from '../../errors.js';
import { DEFAULT_COLLATERAL_DECIMALS, notionalToBaseUnits, unitScale } from '../money.js';
import { AuctionError } from './errors.js';
import type { OptionSeries } from './option-venue.js';

export interface OptionAuctionConfig {
  readonly series: OptionSeries;
  readonly supplyWei: bigint;
  readonly reservePrice: number;
  /** Bids are accepted with biddingStartSeconds <= now < biddingEndSeconds. */
  readonly biddingStartSeconds: number;
  readonly biddingEndSeconds: number;
  readonly collateralDecimals?: number;
}

export interface BidInput {
  readonly bidder: string;
  readonly quantityWei: bigint;
  readonly limitPrice: number;
}

export interface SealedBid extends BidInput {
  /** Submission order, from 0: the tie-break. */
  readonly id: number;
  readonly submittedAtSeconds: number;
}

export interface AuctionFill {
  readonly bidId: number;
  readonly bidder: string;
  readonly quantityWei: bigint;
  /** ⌈clearing × quantity⌉. */
  readonly paysUnits: bigint;
}

export interface AuctionResult {
  readonly series: OptionSeries;
  /** Undefined when nothing sold. */
  readonly clearingPrice: number | undefined;
  readonly fills: readonly AuctionFill[];
  readonly filledWei: bigint;
  readonly unsoldWei: bigint;
  /** ⌊clearing × filled⌋, to the seller. */
  readonly sellerPremiumUnits: bigint;
  /** Σ fills' paysUnits; minus sellerPremiumUnits is the venue's rounding dust. */
  readonly buyersPayUnits: bigint;
  readonly rejectedBelowReserve: readonly SealedBid[];
  /** Bids at or above the reserve that got nothing. */
  readonly losingBids: readonly SealedBid[];
}

/** A reserve as a discount to a model premium (e.g. the BSM mid): premium × (1 − discount). */
export function reservePriceFromPremium(premium: number, discountFraction: number): number {
  requireFinite('premium', premium);
  if (!(premium >= 0)) throw new InvalidInputError('premium', premium, 'must be >= 0');
  if (!(Number.isFinite(discountFraction) && discountFraction >= 0 && discountFraction <= 1)) {
    throw new InvalidInputError('discountFraction', discountFraction, 'must be in [0, 1]');
  }
  return premium * (1 - discountFraction);
}

/** The clearing rule alone, pure: bids in submission order (their ids) in, result out. */
export function clearAuction(
  series: OptionSeries,
  supplyWei: bigint,
  reservePrice: number,
  bids: readonly SealedBid[],
  collateralDecimals: number,
): AuctionResult {
  const rejectedBelowReserve = bids.filter((bid) => bid.limitPrice < reservePrice);
  const ranked = bids.filter((bid) => bid.limitPrice >= reservePrice).sort((a, b) => b.limitPrice - a.limitPrice || a.id - b.id);
  const winners: Array<{ bid: SealedBid; quantityWei: bigint }> = [];
  const losingBids: SealedBid[] = [];
  let remaining = supplyWei;
  for (const bid of ranked) {
    if (remaining === 0n) {
      losingBids.push(bid);
      continue;
    }
    const quantityWei = bid.quantityWei < remaining ? bid.quantityWei : remaining;
    winners.push({ bid, quantityWei });
    remaining -= quantityWei;
  }
  const filledWei = supplyWei - remaining;
  const lowestWinner = winners[winners.length - 1];
  const clearingPrice = lowestWinner === undefined ? undefined : remaining > 0n ? reservePrice : lowestWinner.bid.limitPrice;
  const fills = winners.map(({ bid, quantityWei }) => ({
    bidId: bid.id,
    bidder: bid.bidder,
    quantityWei,
    paysUnits: notionalToBaseUnits('clearingPrice', clearingPrice!, quantityWei, collateralDecimals, 'userPays'),
  }));
  const sellerPremiumUnits = clearingPrice === undefined ? 0n : notionalToBaseUnits('clearingPrice', clearingPrice, filledWei, collateralDecimals, 'userReceives');
  return {
    series,
    clearingPrice,
    fills,
    filledWei,
    unsoldWei: remaining,
    sellerPremiumUnits,
    buyersPayUnits: fills.reduce((sum, fill) => sum + fill.paysUnits, 0n),
    rejectedBelowReserve,
    losingBids,
  };
}

export class OptionAuction {
  readonly series: OptionSeries;
  readonly supplyWei: bigint;
  readonly reservePrice: number;
  readonly biddingStartSeconds: number;
  readonly biddingEndSeconds: number;
  readonly collateralDecimals: number;
  private readonly bids: SealedBid[] = [];
  private result: AuctionResult | undefined;

  constructor(config: OptionAuctionConfig) {
    if (config.supplyWei <= 0n) throw new InvalidInputError('supplyWei', config.supplyWei, 'must be > 0');
    requireFinite('reservePrice', config.reservePrice);
    if (!(config.reservePrice >= 0)) throw new InvalidInputError('reservePrice', config.reservePrice, 'must be >= 0');
    requireFinite('biddingStartSeconds', config.biddingStartSeconds);
    requireFinite('biddingEndSeconds', config.biddingEndSeconds);
    if (!(config.biddingEndSeconds > config.biddingStartSeconds)) {
      throw new InvalidInputError('biddingEndSeconds', config.biddingEndSeconds, `must be after biddingStartSeconds = ${config.biddingStartSeconds}`);
    }
    this.collateralDecimals = config.collateralDecimals ?? DEFAULT_COLLATERAL_DECIMALS;
    unitScale('collateralDecimals', this.collateralDecimals);
    this.series = config.series;
    this.supplyWei = config.supplyWei;
    this.reservePrice = config.reservePrice;
    this.biddingStartSeconds = config.biddingStartSeconds;
    this.biddingEndSeconds = config.biddingEndSeconds;
  }

  /** Records a sealed bid; bids are not visible to anyone until the close. */
  submitBid(bid: BidInput, nowSeconds: number): SealedBid {
    if (typeof bid.bidder !== 'string' || bid.bidder.length === 0) throw new InvalidInputError('bidder', bid.bidder, 'must be a non-empty string');
    if (bid.quantityWei <= 0n) throw new InvalidInputError('quantityWei', bid.quantityWei, 'must be > 0');
    requirePositive('limitPrice', bid.limitPrice);
    requireFinite('nowSeconds', nowSeconds);
    if (this.result !== undefined) throw new AuctionError('ALREADY_CLOSED', 'the auction has been cleared');
    if (nowSeconds < this.biddingStartSeconds) throw new AuctionError('BIDDING_NOT_OPEN', `bidding opens at ${this.biddingStartSeconds}, now is ${nowSeconds}`);
    if (nowSeconds >= this.biddingEndSeconds) throw new AuctionError('BIDDING_CLOSED', `bidding closed at ${this.biddingEndSeconds}, now is ${nowSeconds}`);
    const sealed: SealedBid = { bidder: bid.bidder, quantityWei: bid.quantityWei, limitPrice: bid.limitPrice, id: this.bids.length, submittedAtSeconds: nowSeconds };
    this.bids.push(sealed);
    return sealed;
  }

  get bidCount(): number {
    return this.bids.length;
  }

  /** Clears the auction, once, at or after the end of bidding. */
  close(nowSeconds: number): AuctionResult {
    requireFinite('nowSeconds', nowSeconds);
    if (this.result !== undefined) throw new AuctionError('ALREADY_CLOSED', 'the auction has been cleared');
    if (nowSeconds < this.biddingEndSeconds) throw new AuctionError('BIDDING_STILL_OPEN', `bidding ends at ${this.biddingEndSeconds}, now is ${nowSeconds}`);
    this.result = clearAuction(this.series, this.supplyWei, this.reservePrice, this.bids, this.collateralDecimals);
    return this.result;
  }
}
