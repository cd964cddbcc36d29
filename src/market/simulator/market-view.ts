/**
 * The read-only market view agents and strategies decide on. It is live and cheap: each read
 * goes to the venue or feed at that moment (no copy per block), so a view read during a step's
 * agent phase shows the state after the previous block, with the clock, external price and
 * oracles already at the block being built. `snapshot()` freezes everything into a plain
 * object for a caller that wants to keep it.
 */
import type { ReserveData } from '../lending/lending-market.js';
import { NoRoundDataError, answerToPrice, type PriceFeed, type RoundData } from '../oracle/price-feed.js';
import { consult } from '../oracle/twap.js';
import type { OptionQuote } from '../options/quote.js';
import { lendingVenueOf, rawToExternalPrice, withLendingMarkets, type PoolVenue, type ResolvedVenueSet, type VenueSet } from './venues.js';

export interface OracleAnswer {
  readonly asset: string;
  readonly roundId: bigint;
  /** the feed's integer answer (its `decimals`) */
  readonly answer: bigint;
  readonly price: number;
  readonly updatedAt: number;
}

export interface PoolSnapshot {
  readonly id: string;
  readonly sqrtPriceX96: bigint;
  readonly tick: number;
  readonly liquidity: bigint;
  /** the pool's mid price in the external price's units (numeraire per risky asset) */
  readonly price: number;
  /** the pool TWAP's mean tick over the venue's window; undefined without a window or history */
  readonly twapTick: number | undefined;
}

export interface MarketSnapshot {
  readonly blockNumber: number;
  readonly blockTimestampSeconds: number;
  readonly nowSeconds: number;
  readonly externalPrice: number;
  readonly nativePrice: number;
  readonly baseFeeWei: bigint;
  readonly oracles: readonly OracleAnswer[];
  readonly pools: readonly PoolSnapshot[];
  /** the first (default) lending market's reserves */
  readonly lendingReserves: readonly ReserveData[];
  /** every lending market's reserves, in market order */
  readonly lendingMarkets: readonly { readonly id: string; readonly reserves: readonly ReserveData[] }[];
}

/**
 * The option venue's listing and quotes as a strategy may read them: at the view's clock and the
 * external price (the venue's spot), the same numbers the venue fills at.
 */
export interface OptionChainView {
  readonly cashToken: string;
  readonly underlyingToken: string;
  /** decimals of the cash token (premiums and put collateral) */
  readonly collateralDecimals: number;
  /** listed expiries that can still trade (after nowSeconds), ascending */
  expiries(): readonly number[];
  /** the strikes listed for an expiry (set once, at listing), ascending */
  strikes(expirySeconds: number): readonly number[];
  /** the venue's bid/ask/mid and BSM Greeks now; undefined for a series that cannot trade */
  quote(kind: 'call' | 'put', strike: number, expirySeconds: number): OptionQuote | undefined;
}

export interface MarketView {
  /** the latest built block: venue state is as of its end */
  readonly blockNumber: number;
  readonly blockTimestampSeconds: number;
  /** the clock: the timestamp of the block being built during a step, else the latest block's */
  readonly nowSeconds: number;
  /** the external (CEX) price at nowSeconds */
  readonly externalPrice: number;
  /** numeraire per native gas token */
  readonly nativePrice: number;
  /** the base fee of the next block to be built (known from its parent, as on chain) */
  readonly baseFeeWei: bigint;
  readonly poolIds: readonly string[];
  readonly oracleAssets: readonly string[];
  /** the lending markets' ids, in order (the first is the default market) */
  readonly lendingMarketIds: readonly string[];
  /** the latest published round of the asset's feed at nowSeconds, if any */
  oracle(asset: string): OracleAnswer | undefined;
  /** the same round as the feed stores it (no conversion, no allocation) */
  oracleRound(asset: string): RoundData | undefined;
  pool(id: string): PoolSnapshot;
  /** a reserve of a lending market (default: the first); undefined when there is none */
  lendingReserve(asset: string, market?: string): ReserveData | undefined;
  /** the option venue's chain, when the market has one */
  readonly options?: OptionChainView;
  snapshot(): MarketSnapshot;
}

/** The state a live view reads; the simulator updates it in place. */
export interface ViewClock {
  blockNumber: number;
  blockTimestampSeconds: number;
  nowSeconds: number;
  externalPrice: number;
  nativePrice: number;
  baseFeeWei: bigint;
}

export class LiveMarketView implements MarketView {
  readonly poolIds: readonly string[];
  readonly oracleAssets: readonly string[];
  readonly lendingMarketIds: readonly string[];
  readonly options?: OptionChainView;
  private readonly venues: ResolvedVenueSet;

  constructor(
    private readonly clock: ViewClock,
    venues: VenueSet,
    private readonly feeds: ReadonlyMap<string, PriceFeed>,
  ) {
    this.venues = withLendingMarkets(venues);
    this.poolIds = Object.freeze([...venues.pools.keys()]);
    this.oracleAssets = Object.freeze([...feeds.keys()]);
    this.lendingMarketIds = Object.freeze([...this.venues.lendingMarkets.keys()]);
    const options = venues.options;
    if (options !== undefined) {
      const viewClock = this.clock;
      const venue = options.venue;
      this.options = Object.freeze({
        cashToken: options.cashToken,
        underlyingToken: options.underlyingToken,
        collateralDecimals: venue.collateralDecimals,
        expiries: () => venue.listedExpiries().filter((expirySeconds) => expirySeconds > viewClock.nowSeconds),
        strikes: (expirySeconds: number) => venue.listedStrikes(expirySeconds),
        quote: (kind: 'call' | 'put', strike: number, expirySeconds: number) => {
          if (!(expirySeconds > viewClock.nowSeconds) || venue.settlementPrice(expirySeconds) !== undefined) return undefined;
          if (!venue.listedStrikes(expirySeconds).includes(strike)) return undefined;
          return venue.quote(kind, strike, expirySeconds, viewClock.nowSeconds, viewClock.externalPrice);
        },
      });
    }
  }

  get blockNumber(): number {
    return this.clock.blockNumber;
  }
  get blockTimestampSeconds(): number {
    return this.clock.blockTimestampSeconds;
  }
  get nowSeconds(): number {
    return this.clock.nowSeconds;
  }
  get externalPrice(): number {
    return this.clock.externalPrice;
  }
  get nativePrice(): number {
    return this.clock.nativePrice;
  }
  get baseFeeWei(): bigint {
    return this.clock.baseFeeWei;
  }

  oracle(asset: string): OracleAnswer | undefined {
    const round = this.oracleRound(asset);
    if (round === undefined) return undefined;
    const feed = this.feeds.get(asset)!;
    return { asset, roundId: round.roundId, answer: round.answer, price: answerToPrice(round.answer, feed.decimals), updatedAt: round.updatedAt };
  }

  oracleRound(asset: string): RoundData | undefined {
    const feed = this.feeds.get(asset);
    if (feed === undefined) return undefined;
    try {
      return feed.latestRoundData(this.clock.nowSeconds);
    } catch (error) {
      if (error instanceof NoRoundDataError) return undefined;
      throw error;
    }
  }

  pool(id: string): PoolSnapshot {
    const venue = this.venues.pools.get(id);
    if (venue === undefined) throw new Error(`no pool ${id}`);
    return poolSnapshot(venue);
  }

  lendingReserve(asset: string, market?: string): ReserveData | undefined {
    const lending = market === undefined ? this.venues.lending : this.venues.lendingMarkets.get(market);
    if (lending === undefined || !lending.market.assets.includes(asset)) return undefined;
    return lending.market.getReserveData(asset, Math.max(this.clock.nowSeconds, lending.market.nowSeconds));
  }

  snapshot(): MarketSnapshot {
    const oracles: OracleAnswer[] = [];
    for (const asset of this.oracleAssets) {
      const answer = this.oracle(asset);
      if (answer !== undefined) oracles.push(answer);
    }
    const lendingMarkets = this.lendingMarketIds.map((id) => {
      const { market } = lendingVenueOf(this.venues, id);
      return Object.freeze({ id, reserves: Object.freeze(market.assets.map((asset) => this.lendingReserve(asset, id)!)) });
    });
    return Object.freeze({
      blockNumber: this.blockNumber,
      blockTimestampSeconds: this.blockTimestampSeconds,
      nowSeconds: this.nowSeconds,
      externalPrice: this.externalPrice,
      nativePrice: this.nativePrice,
      baseFeeWei: this.baseFeeWei,
      oracles: Object.freeze(oracles),
      pools: Object.freeze(this.poolIds.map((id) => this.pool(id))),
      lendingReserves: lendingMarkets[0]?.reserves ?? Object.freeze([]),
      lendingMarkets: Object.freeze(lendingMarkets),
    });
  }
}

function poolSnapshot(venue: PoolVenue): PoolSnapshot {
  const { sqrtPriceX96, tick } = venue.pool.slot0;
  const root = Number(sqrtPriceX96) / 2 ** 96;
  let twapTick: number | undefined;
  if (venue.twapWindowSeconds > 0) {
    try {
      twapTick = consult(venue.pool, venue.twapWindowSeconds).arithmeticMeanTick;
    } catch {
      // Not enough history yet ('OLD') or an uninitialized pool: no TWAP to show.
      twapTick = undefined;
    }
  }
  return { id: venue.id, sqrtPriceX96, tick, liquidity: venue.pool.liquidity, price: rawToExternalPrice(venue, root * root), twapTick };
}
