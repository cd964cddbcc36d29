/**
 * The venues a simulator holds, each with its ledger address (where the tokens it custodies
 * sit) and the ledger names of its tokens. The venue objects are the exact state machines of
 * their own modules; this file only says how they are wired to the ledger and the price.
 */
import { InvalidInputError } from '../../errors.js';
import type { ConstantProductPool } from '../amm/constant-product-pool.js';
import type { LendingMarket } from '../lending/lending-market.js';
import type { OptionVenue } from '../options/option-venue.js';
import type { PerpMarket } from '../perp/perp-market.js';
import type { UniswapV3Pool } from '../../uniswap-v3/pool.js';

export interface PoolVenue {
  readonly id: string;
  readonly pool: UniswapV3Pool;
  /** the ledger address holding the pool's tokens */
  readonly address: string;
  /** ledger token names (the pool's own labels) */
  readonly token0: string;
  readonly token1: string;
  readonly decimals0: number;
  readonly decimals1: number;
  /** which side the external price prices: true when token0 is the risky asset (WETH/USDC) */
  readonly riskyIsToken0: boolean;
  /** TWAP window of the market view, seconds (0: no TWAP in the view) */
  readonly twapWindowSeconds: number;
}

export interface ConstantProductVenue {
  readonly pool: ConstantProductPool;
  readonly address: string;
}

export interface LendingVenue {
  readonly market: LendingMarket;
  readonly address: string;
}

/** The id a lending market has when a venue set names only one (`VenueSet.lending`). */
export const DEFAULT_LENDING_MARKET_ID = 'lending';

export interface PerpVenue {
  readonly market: PerpMarket;
  readonly address: string;
  readonly collateralToken: string;
}

export interface OptionsVenue {
  readonly venue: OptionVenue;
  readonly address: string;
  readonly cashToken: string;
  readonly underlyingToken: string;
  /** how the venue's vol surface is priced, in words (reports say which model priced a run) */
  readonly pricingModel?: string;
}

export interface VenueSet {
  readonly pools: ReadonlyMap<string, PoolVenue>;
  readonly constantProduct?: ConstantProductVenue;
  /** the first lending market (the one a lending action without `market` goes to) */
  readonly lending?: LendingVenue;
  /**
   * every lending market by id, in order (the first is `lending`); absent: `lending` alone, as
   * "lending". A simulator fills both in (`withLendingMarkets`).
   */
  readonly lendingMarkets?: ReadonlyMap<string, LendingVenue>;
  readonly perp?: PerpVenue;
  readonly options?: OptionsVenue;
}

/**
 * The pool's raw price (token1 base units per token0 base unit) for an external price of the
 * risky asset in the numeraire (e.g. USD per ETH, with USDC standing for USD).
 */
export function externalToRawPrice(venue: PoolVenue, externalPrice: number): number {
  const scale = Math.pow(10, venue.decimals1 - venue.decimals0);
  return venue.riskyIsToken0 ? externalPrice * scale : scale / externalPrice;
}

/** The inverse of `externalToRawPrice`. */
export function rawToExternalPrice(venue: PoolVenue, rawPrice: number): number {
  const scale = Math.pow(10, venue.decimals1 - venue.decimals0);
  return venue.riskyIsToken0 ? rawPrice / scale : scale / rawPrice;
}

/** A venue set whose `lendingMarkets` is always there and agrees with `lending`. */
export interface ResolvedVenueSet extends VenueSet {
  readonly lendingMarkets: ReadonlyMap<string, LendingVenue>;
}

/**
 * Fills in `lendingMarkets` from `lending` (or `lending` from the first of `lendingMarkets`), and
 * refuses a set where the two disagree or two markets share a ledger address (their tokens would mix).
 */
export function withLendingMarkets(venues: VenueSet): ResolvedVenueSet {
  const markets = venues.lendingMarkets ?? new Map(venues.lending === undefined ? [] : [[DEFAULT_LENDING_MARKET_ID, venues.lending]]);
  const first = markets.values().next().value;
  if (venues.lending !== undefined && venues.lending !== first) {
    throw new InvalidInputError('venues.lending', 'lending', 'must be the first of venues.lendingMarkets');
  }
  const addresses = new Set<string>();
  for (const [id, venue] of markets) {
    if (addresses.has(venue.address)) throw new InvalidInputError(`venues.lendingMarkets.${id}.address`, venue.address, 'is used by two lending markets');
    addresses.add(venue.address);
  }
  return { ...venues, ...(first === undefined ? {} : { lending: first }), lendingMarkets: markets };
}

/** The lending market with this id (undefined: the first), or an error naming the known ids. */
export function lendingVenueOf(venues: ResolvedVenueSet, market: string | undefined, field = 'action.market'): LendingVenue {
  if (market === undefined) {
    if (venues.lending === undefined) throw new InvalidInputError(field, market, 'the simulator has no lending market');
    return venues.lending;
  }
  const venue = venues.lendingMarkets.get(market);
  if (venue === undefined) throw new InvalidInputError(field, market, `no such lending market (${[...venues.lendingMarkets.keys()].join(', ') || 'none'})`);
  return venue;
}
