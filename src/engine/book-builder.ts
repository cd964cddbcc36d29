/**
 * Builds the vault's `Book` from the simulator: idle balances from the token ledger, Uniswap v3
 * positions from the pools (with the fees earned but not yet credited, computed exactly as the
 * pool's next poke would credit them), lending balances with interest to the block time.
 *
 * The pool keeps burned principal and fees in the same `tokensOwed`; the builder remembers how
 * much of it is burned principal (from the burns it saw), so the Book can tell fees apart.
 */
import type { MarketSimulator } from '../market/simulator/simulator.js';
import type { PoolVenue } from '../market/simulator/venues.js';
import { MAX_UINT128, MAX_UINT256, Q128 } from '../uniswap-v3/constants.js';
import { mulDiv } from '../uniswap-v3/full-math.js';
import { getAmountsForLiquidity } from '../uniswap-v3/liquidity-amounts.js';
import { getFeeGrowthInsideOf } from '../uniswap-v3/tick.js';
import type { PositionInfo } from '../uniswap-v3/position.js';
import { getSqrtRatioAtTickMemo } from '../uniswap-v3/tick-math.js';
import { intrinsicValue } from '../market/options/collateral.js';
import { notionalToBaseUnits } from '../market/money.js';
import type { Book, BookLendingPosition, BookLpPosition, BookOptionPosition, BookOptions, BookPerpPosition, PendingIntent } from '../strategy/types.js';

export interface Range {
  readonly pool: string;
  readonly tickLower: number;
  readonly tickUpper: number;
}

interface RangeState extends Range {
  principalOwed0: bigint;
  principalOwed1: bigint;
}

const rangeKey = (range: Range): string => `${range.pool}|${range.tickLower}|${range.tickUpper}`;

/** Fees a position has earned since its last poke: Position.update's formula, read-only. */
export function uncreditedFees(venue: PoolVenue, owner: string, tickLower: number, tickUpper: number, known?: PositionInfo): [bigint, bigint] {
  const pool = venue.pool;
  // (the caller may pass the record it already read: one lookup a block instead of two)
  const position = known ?? pool.positions(owner, tickLower, tickUpper);
  if (position.liquidity === 0n) return [0n, 0n];
  const inside = getFeeGrowthInsideOf(
    pool.ticks(tickLower),
    pool.ticks(tickUpper),
    tickLower,
    tickUpper,
    pool.slot0.tick,
    pool.feeGrowthGlobal0X128,
    pool.feeGrowthGlobal1X128,
  );
  return [
    mulDiv((inside.feeGrowthInside0X128 - position.feeGrowthInside0LastX128) & MAX_UINT256, position.liquidity, Q128) & MAX_UINT128,
    mulDiv((inside.feeGrowthInside1X128 - position.feeGrowthInside1LastX128) & MAX_UINT256, position.liquidity, Q128) & MAX_UINT128,
  ];
}

export class BookBuilder {
  private readonly ranges = new Map<string, RangeState>();

  constructor(
    private readonly sim: MarketSimulator,
    readonly address: string,
    /** tokens listed in `Book.idle` (always, even at zero), sorted by the caller's order */
    readonly tokens: readonly string[],
  ) {}

  /** A mint filled: the range is now part of the book. */
  trackRange(range: Range): void {
    const key = rangeKey(range);
    if (!this.ranges.has(key)) this.ranges.set(key, { pool: range.pool, tickLower: range.tickLower, tickUpper: range.tickUpper, principalOwed0: 0n, principalOwed1: 0n });
  }

  /** A burn filled: its amounts are principal owed by the pool until collected. */
  recordBurn(range: Range, amount0: bigint, amount1: bigint): void {
    this.trackRange(range);
    const state = this.ranges.get(rangeKey(range))!;
    state.principalOwed0 += amount0;
    state.principalOwed1 += amount1;
  }

  /** A collect filled: principal is paid first (it was owed first), the rest is fees. */
  recordCollect(range: Range, amount0: bigint, amount1: bigint): { principal: [bigint, bigint]; fees: [bigint, bigint] } {
    this.trackRange(range);
    const state = this.ranges.get(rangeKey(range))!;
    const principal0 = amount0 < state.principalOwed0 ? amount0 : state.principalOwed0;
    const principal1 = amount1 < state.principalOwed1 ? amount1 : state.principalOwed1;
    state.principalOwed0 -= principal0;
    state.principalOwed1 -= principal1;
    return { principal: [principal0, principal1], fees: [amount0 - principal0, amount1 - principal1] };
  }

  /** The collateral token of the market's perp venue, if it has one. */
  get perpCollateralToken(): string | undefined {
    return this.sim.venues.perp?.collateralToken;
  }

  /** The vault's perp account at the venue's mark; undefined while it has none (or an empty one). */
  private perpPosition(): BookPerpPosition | undefined {
    const venue = this.sim.venues.perp;
    if (venue === undefined || !venue.market.hasAccount(this.address)) return undefined;
    const markPrice = venue.market.markPrice();
    const account = venue.market.account(this.address, markPrice);
    if (account.collateralUnits === 0n && account.sizeWei === 0n && account.fundingPaidUnits === 0n && account.feesPaidUnits === 0n) return undefined;
    return Object.freeze({
      collateralToken: venue.collateralToken,
      collateral: account.collateralUnits,
      sizeWei: account.sizeWei,
      entryPrice: account.entryPrice,
      markPrice,
      unrealizedPnl: account.unrealizedPnlUnits,
      equity: account.equityUnits,
      marginRatio: account.marginRatio,
      maintenanceMarginRatio: venue.market.marginRatios.maintenance,
      initialMarginRatio: venue.market.marginRatios.initial,
      liquidationPrice: account.liquidationPrice,
      fundingPaid: account.fundingPaidUnits,
      feesPaid: account.feesPaidUnits,
    });
  }

  /** The option venue's cash and underlying tokens, if the market has one. */
  get optionTokens(): { readonly cashToken: string; readonly underlyingToken: string } | undefined {
    const options = this.sim.venues.options;
    return options === undefined ? undefined : { cashToken: options.cashToken, underlyingToken: options.underlyingToken };
  }

  /**
   * The vault's option account, positions at the venue's mid (BSM at the surface vol) and spot =
   * the external price, as the venue quotes and settles; undefined while it has none (or an empty
   * one). A series at or past expiry is settled by the simulator in the same block, so the
   * intrinsic fallback only covers a book built between expiry and that block.
   */
  private optionAccount(): BookOptions | undefined {
    const options = this.sim.venues.options;
    if (options === undefined || !options.venue.accountIds().includes(this.address)) return undefined;
    const venue = options.venue;
    const balances = venue.balances(this.address);
    const now = this.sim.nowSeconds;
    const spot = this.sim.view.externalPrice;
    const positions: BookOptionPosition[] = [];
    let positionsValue = 0n;
    for (const p of venue.positions(this.address)) {
      const size = p.sizeWei < 0n ? -p.sizeWei : p.sizeWei;
      const units = Number(p.sizeWei) / 1e18;
      let markPrice: number;
      let volatility = 0;
      let greeks = { delta: 0, gamma: 0, vega: 0, theta: 0 };
      if (p.expirySeconds > now) {
        const quote = venue.quote(p.kind, p.strike, p.expirySeconds, now, spot);
        markPrice = quote.mid;
        volatility = quote.volatility;
        greeks = { delta: quote.greeks.delta * units, gamma: quote.greeks.gamma * units, vega: quote.greeks.vega * units, theta: quote.greeks.theta * units };
      } else {
        markPrice = intrinsicValue(p.kind, p.strike, spot);
      }
      // a long is worth at most its floor, a written option owes at least its ceiling
      const value =
        p.sizeWei > 0n
          ? notionalToBaseUnits('mark', markPrice, size, venue.collateralDecimals, 'userReceives')
          : -notionalToBaseUnits('mark', markPrice, size, venue.collateralDecimals, 'userPays');
      positionsValue += value;
      positions.push(Object.freeze({ optionKind: p.kind, strike: p.strike, expirySeconds: p.expirySeconds, sizeWei: p.sizeWei, markPrice, volatility, value, ...greeks }));
    }
    if (positions.length === 0 && balances.cashUnits === 0n && balances.underlyingWei === 0n && balances.lockedCashUnits === 0n && balances.lockedUnderlyingWei === 0n) return undefined;
    return Object.freeze({
      cashToken: options.cashToken,
      underlyingToken: options.underlyingToken,
      cash: balances.cashUnits,
      underlying: balances.underlyingWei,
      lockedCash: balances.lockedCashUnits,
      lockedUnderlying: balances.lockedUnderlyingWei,
      positions: Object.freeze(positions),
      positionsValue,
    });
  }

  build(pending: readonly PendingIntent[], sharesOutstanding: bigint): Book {
    const sim = this.sim;
    const idle: Record<string, bigint> = {};
    for (const token of this.tokens) idle[token] = sim.ledger.balanceOf(this.address, token);
    const lp: BookLpPosition[] = [];
    for (const [key, state] of this.ranges) {
      const venue = sim.pool(state.pool);
      const position = venue.pool.positions(this.address, state.tickLower, state.tickUpper);
      const [earned0, earned1] = uncreditedFees(venue, this.address, state.tickLower, state.tickUpper, position);
      const feesOwed0 = position.tokensOwed0 + earned0 - state.principalOwed0;
      const feesOwed1 = position.tokensOwed1 + earned1 - state.principalOwed1;
      if (position.liquidity === 0n && feesOwed0 === 0n && feesOwed1 === 0n && state.principalOwed0 === 0n && state.principalOwed1 === 0n) {
        this.ranges.delete(key);
        continue;
      }
      const { amount0, amount1 } = getAmountsForLiquidity(
        venue.pool.slot0.sqrtPriceX96,
        getSqrtRatioAtTickMemo(state.tickLower),
        getSqrtRatioAtTickMemo(state.tickUpper),
        position.liquidity,
      );
      lp.push(
        Object.freeze({
          pool: state.pool,
          tickLower: state.tickLower,
          tickUpper: state.tickUpper,
          liquidity: position.liquidity,
          amount0,
          amount1,
          feesOwed0,
          feesOwed1,
          principalOwed0: state.principalOwed0,
          principalOwed1: state.principalOwed1,
        }),
      );
    }
    const lending: BookLendingPosition[] = [];
    for (const [id, { market }] of sim.venues.lendingMarkets) {
      const now = Math.max(sim.nowSeconds, market.nowSeconds);
      for (const asset of market.assets) {
        const supplied = market.balanceOf(this.address, asset, now);
        const debt = market.debtOf(this.address, asset, now);
        if (supplied !== 0n || debt !== 0n) lending.push(Object.freeze({ market: id, asset, supplied, debt }));
      }
    }
    const perp = this.perpPosition();
    const options = this.optionAccount();
    return Object.freeze({
      address: this.address,
      blockNumber: sim.blockNumber,
      idle: Object.freeze(idle),
      lp: Object.freeze(lp),
      lending: Object.freeze(lending),
      ...(perp === undefined ? {} : { perp }),
      ...(options === undefined ? {} : { options }),
      pending: Object.freeze([...pending]),
      sharesOutstanding,
    });
  }
}
