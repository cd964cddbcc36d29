// The option venue of the market simulator: listing, volatility surface, quotes, fully
// collateralized trading and cash settlement, and the sealed-bid batch auction of theta vaults.
export { AuctionError, OptionVenueError, type AuctionErrorCode, type OptionVenueErrorCode } from './errors.js';
export {
  resolveListingSchedule,
  SECONDS_PER_DAY,
  SECONDS_PER_YEAR,
  strikeGrid,
  upcomingExpiries,
  type ListingSchedule,
  type ListingScheduleConfig,
} from './listing.js';
export { levelFromSeries, VolSurface, type VolLevelSource, type VolSurfaceConfig } from './vol-surface.js';
export { quoteOption, type OptionQuote, type QuoteParameters, type SpreadConfig } from './quote.js';
export { holderPayoffUnits, intrinsicValue, lockRequirement, writerObligation, type Collateral } from './collateral.js';
export {
  OptionVenue,
  type AccountBalances,
  type ListedExpiry,
  type OptionPositionView,
  type OptionSeries,
  type OptionTrade,
  type OptionVenueConfig,
  type SettlementEntry,
  type SettlementReport,
} from './option-venue.js';
export {
  clearAuction,
  OptionAuction,
  reservePriceFromPremium,
  type AuctionFill,
  type AuctionResult,
  type BidInput,
  type OptionAuctionConfig,
  type SealedBid,
} from './auction.js';
export { generateBidderPopulation, type BidderPopulationConfig, type GeneratedBid } from './bidder-population.js';
export { bookAuctionOnVenue } from './auction-settlement.js';
