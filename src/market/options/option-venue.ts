/**
 * An option venue for the simulator: European, cash-settled calls and puts on one underlying, at
 * the strikes and expiries its listing schedule lists, quoted from a volatility surface by
 * Black–Scholes–Merton with a bid/ask spread. The venue is the counterparty of `buy` (at the ask)
 * and `sell` (at the bid); `tradeBetween` crosses two accounts at a given price (an auction).
 *
 * Money: cash in collateral base units (stable, 6 decimals by default), the underlying and option
 * sizes in wei (1e18 = one unit; one contract = one unit). Writers are fully collateralized (see
 * collateral.ts); premiums and payoffs are converted by perp/money.ts, in favour of the venue.
 *
 * Ledger identities (checked by the tests):
 *   Σ accounts (cash + locked cash) + venue cash = Σ cash deposits − withdrawals
 *   Σ accounts (underlying + locked underlying) + venue underlying = Σ underlying deposits − withdrawals
 */
import { InvalidInputError, requirePositive } from '../../errors.js';
import { optionSign, type OptionKind } from '../../math/black-scholes.js';
import { DEFAULT_COLLATERAL_DECIMALS, notionalToBaseUnits, unitScale } from '../money.js';
import { holderPayoffUnits, lockRequirement, writerObligation, type Collateral } from './collateral.js';
import { OptionVenueError } from './errors.js';
import {
  resolveListingSchedule,
  SECONDS_PER_YEAR,
  strikeGrid,
  upcomingExpiries,
  type ListingSchedule,
  type ListingScheduleConfig,
} from './listing.js';
import { quoteOption, validateSpread, type OptionQuote, type QuoteParameters, type SpreadConfig } from './quote.js';
import { VolSurface, type VolSurfaceConfig } from './vol-surface.js';

export interface OptionVenueConfig {
  readonly surface: VolSurface | VolSurfaceConfig;
  /** Default: 1 vol point each side. */
  readonly spread?: SpreadConfig;
  /** Default 0.01 (collateral per unit of underlying). */
  readonly tickSize?: number;
  readonly rate?: number;
  readonly dividendYield?: number;
  readonly collateralDecimals?: number;
  readonly schedule?: ListingScheduleConfig;
}

export interface OptionSeries {
  readonly kind: OptionKind;
  readonly strike: number;
  readonly expirySeconds: number;
}

export interface ListedExpiry {
  readonly expirySeconds: number;
  readonly strikes: readonly number[];
  readonly listedAtSeconds: number;
  readonly spotAtListing: number;
}

export interface OptionTrade extends OptionSeries {
  readonly account: string;
  /** > 0 bought, < 0 sold. */
  readonly sizeDeltaWei: bigint;
  readonly price: number;
  /** > 0 paid by the account, < 0 received. */
  readonly premiumUnits: bigint;
}

export interface OptionPositionView extends OptionSeries {
  readonly sizeWei: bigint;
  readonly locked: Collateral;
}

export interface AccountBalances {
  readonly cashUnits: bigint;
  readonly underlyingWei: bigint;
  readonly lockedCashUnits: bigint;
  readonly lockedUnderlyingWei: bigint;
}

export interface SettlementEntry extends OptionSeries {
  readonly account: string;
  readonly sizeWei: bigint;
  /** Cash credited to a long. */
  readonly payoffUnits: bigint;
  /** What a short gave up, and what it had locked for it. */
  readonly paid: Collateral;
  readonly locked: Collateral;
}

export interface SettlementReport {
  readonly expirySeconds: number;
  readonly oraclePrice: number;
  readonly entries: readonly SettlementEntry[];
  readonly paidToHoldersUnits: bigint;
  readonly collectedFromWriters: Collateral;
}

interface PositionState {
  readonly series: OptionSeries;
  sizeWei: bigint;
  locked: Collateral;
}

interface AccountState {
  cashUnits: bigint;
  underlyingWei: bigint;
  readonly positions: Map<string, PositionState>;
}

interface ExpiryState extends ListedExpiry {
  settledAtPrice: number | undefined;
}

interface Plan {
  readonly account: AccountState;
  readonly key: string;
  readonly series: OptionSeries;
  readonly sizeWei: bigint;
  readonly locked: Collateral;
  readonly cashUnits: bigint;
  readonly underlyingWei: bigint;
}

const seriesKey = (s: OptionSeries): string => `${s.expirySeconds}|${s.kind}|${s.strike}`;

export class OptionVenue {
  readonly collateralDecimals: number;
  readonly schedule: ListingSchedule;
  private readonly pricing: QuoteParameters;
  private readonly expiries = new Map<number, ExpiryState>();
  private readonly accounts = new Map<string, AccountState>();
  private venueCash = 0n;
  private venueUnderlying = 0n;
  private netCashDeposits = 0n;
  private netUnderlyingDeposits = 0n;

  constructor(config: OptionVenueConfig) {
    this.collateralDecimals = config.collateralDecimals ?? DEFAULT_COLLATERAL_DECIMALS;
    unitScale('collateralDecimals', this.collateralDecimals);
    this.schedule = resolveListingSchedule(config.schedule);
    const spread = config.spread ?? { mode: 'vol', halfSpreadVol: 0.01 };
    validateSpread(spread);
    const tickSize = config.tickSize ?? 0.01;
    requirePositive('tickSize', tickSize);
    const rate = config.rate ?? 0;
    const dividendYield = config.dividendYield ?? 0;
    if (!Number.isFinite(rate)) throw new InvalidInputError('rate', rate, 'must be a finite number');
    if (!Number.isFinite(dividendYield)) throw new InvalidInputError('dividendYield', dividendYield, 'must be a finite number');
    const surface = config.surface instanceof VolSurface ? config.surface : new VolSurface(config.surface);
    this.pricing = { surface, spread, tickSize, rate, dividendYield };
  }

  get surface(): VolSurface {
    return this.pricing.surface;
  }

  // ── listing ──────────────────────────────────────────────────────────────────────────────

  /**
   * Lists every scheduled expiry of the next `expiriesListed` that is not listed yet, with strikes
   * on the grid around `spot` now. Call it each block (or day); returns what it newly listed.
   */
  listExpiries(nowSeconds: number, spot: number): ListedExpiry[] {
    requirePositive('spot', spot);
    const added: ListedExpiry[] = [];
    for (const expirySeconds of upcomingExpiries(this.schedule, nowSeconds)) {
      if (this.expiries.has(expirySeconds)) continue;
      const listed: ExpiryState = { expirySeconds, strikes: strikeGrid(this.schedule, spot), listedAtSeconds: nowSeconds, spotAtListing: spot, settledAtPrice: undefined };
      this.expiries.set(expirySeconds, listed);
      added.push({ expirySeconds, strikes: listed.strikes, listedAtSeconds: nowSeconds, spotAtListing: spot });
    }
    return added;
  }

  /** Listed expiries not yet settled, ascending. */
  listedExpiries(): number[] {
    return [...this.expiries.values()].filter((e) => e.settledAtPrice === undefined).map((e) => e.expirySeconds).sort((a, b) => a - b);
  }

  listedStrikes(expirySeconds: number): readonly number[] {
    return this.listedExpiry(expirySeconds).strikes;
  }

  private listedExpiry(expirySeconds: number): ExpiryState {
    const listed = this.expiries.get(expirySeconds);
    if (listed === undefined) {
      throw new InvalidInputError('expirySeconds', expirySeconds, `is not a listed expiry (listed: ${this.listedExpiries().join(', ') || 'none'})`);
    }
    return listed;
  }

  /** Refuses (InvalidInputError naming the field) a kind, expiry or strike that is not listed. */
  private requireListed(series: OptionSeries): ExpiryState {
    optionSign(series.kind);
    const listed = this.listedExpiry(series.expirySeconds);
    if (!listed.strikes.includes(series.strike)) {
      throw new InvalidInputError('strike', series.strike, `is not listed for expiry ${series.expirySeconds} (listed: ${listed.strikes.join(', ')})`);
    }
    return listed;
  }

  /** A listed series that can still trade at nowSeconds. */
  private requireTradable(series: OptionSeries, nowSeconds: number): void {
    const listed = this.requireListed(series);
    if (listed.settledAtPrice !== undefined) throw new OptionVenueError('ALREADY_SETTLED', `expiry ${series.expirySeconds} is settled`);
    if (!(nowSeconds < series.expirySeconds)) throw new OptionVenueError('EXPIRED', `expiry ${series.expirySeconds} is not after now (${nowSeconds})`);
  }

  // ── quotes ───────────────────────────────────────────────────────────────────────────────

  quote(kind: OptionKind, strike: number, expirySeconds: number, nowSeconds: number, spot: number): OptionQuote {
    const series = { kind, strike, expirySeconds };
    this.requireTradable(series, nowSeconds);
    return quoteOption(this.pricing, kind, strike, (expirySeconds - nowSeconds) / SECONDS_PER_YEAR, nowSeconds, spot);
  }

  // ── balances ─────────────────────────────────────────────────────────────────────────────

  deposit(account: string, amounts: { cashUnits?: bigint; underlyingWei?: bigint }): void {
    const cash = amounts.cashUnits ?? 0n;
    const underlying = amounts.underlyingWei ?? 0n;
    if (cash < 0n) throw new InvalidInputError('cashUnits', cash, 'must be >= 0');
    if (underlying < 0n) throw new InvalidInputError('underlyingWei', underlying, 'must be >= 0');
    if (typeof account !== 'string' || account.length === 0) throw new InvalidInputError('account', account, 'must be a non-empty string');
    const state = this.stateOf(account, true);
    state.cashUnits += cash;
    state.underlyingWei += underlying;
    this.netCashDeposits += cash;
    this.netUnderlyingDeposits += underlying;
  }

  /** Only free balances can leave: what is locked for short options stays until settlement or buy-back. */
  withdraw(account: string, amounts: { cashUnits?: bigint; underlyingWei?: bigint }): void {
    const cash = amounts.cashUnits ?? 0n;
    const underlying = amounts.underlyingWei ?? 0n;
    if (cash < 0n) throw new InvalidInputError('cashUnits', cash, 'must be >= 0');
    if (underlying < 0n) throw new InvalidInputError('underlyingWei', underlying, 'must be >= 0');
    const state = this.stateOf(account, false);
    if (cash > state.cashUnits) throw new OptionVenueError('INSUFFICIENT_CASH', `${account} has ${state.cashUnits} free cash units, asked ${cash}`);
    if (underlying > state.underlyingWei) {
      throw new OptionVenueError('INSUFFICIENT_UNDERLYING', `${account} has ${state.underlyingWei} free underlying wei, asked ${underlying}`);
    }
    state.cashUnits -= cash;
    state.underlyingWei -= underlying;
    this.netCashDeposits -= cash;
    this.netUnderlyingDeposits -= underlying;
  }

  // ── trading ──────────────────────────────────────────────────────────────────────────────

  /** Buys at the ask from the venue: closes a short first (releasing its lock), then goes long. */
  buy(account: string, kind: OptionKind, strike: number, expirySeconds: number, sizeWei: bigint, nowSeconds: number, spot: number): OptionTrade {
    return this.tradeWithVenue(account, { kind, strike, expirySeconds }, sizeWei, nowSeconds, spot, 'buy');
  }

  /** Sells at the bid to the venue: closes a long first, then writes, locking full collateral. */
  sell(account: string, kind: OptionKind, strike: number, expirySeconds: number, sizeWei: bigint, nowSeconds: number, spot: number): OptionTrade {
    return this.tradeWithVenue(account, { kind, strike, expirySeconds }, sizeWei, nowSeconds, spot, 'sell');
  }

  private tradeWithVenue(account: string, series: OptionSeries, sizeWei: bigint, nowSeconds: number, spot: number, side: 'buy' | 'sell'): OptionTrade {
    if (sizeWei <= 0n) throw new InvalidInputError('sizeWei', sizeWei, 'must be > 0');
    const quote = this.quote(series.kind, series.strike, series.expirySeconds, nowSeconds, spot);
    const state = this.stateOf(account, false);
    const price = side === 'buy' ? quote.ask : quote.bid;
    const premiumUnits =
      side === 'buy'
        ? notionalToBaseUnits('ask', price, sizeWei, this.collateralDecimals, 'userPays')
        : -notionalToBaseUnits('bid', price, sizeWei, this.collateralDecimals, 'userReceives');
    const sizeDeltaWei = side === 'buy' ? sizeWei : -sizeWei;
    const plan = this.plan(account, state, series, sizeDeltaWei, -premiumUnits);
    this.commit(plan);
    this.venueCash += premiumUnits;
    return { account, ...series, sizeDeltaWei, price, premiumUnits };
  }

  /**
   * Crosses `buyer` and `seller` for sizeWei of a listed series: the buyer pays buyerPaysUnits, the
   * seller receives sellerReceivesUnits (<= what the buyer pays; the difference, rounding dust,
   * stays with the venue). Both sides obey the collateral rules; either both change or neither.
   */
  tradeBetween(trade: {
    readonly buyer: string;
    readonly seller: string;
    readonly series: OptionSeries;
    readonly sizeWei: bigint;
    readonly buyerPaysUnits: bigint;
    readonly sellerReceivesUnits: bigint;
    readonly nowSeconds: number;
  }): void {
    const { buyer, seller, series, sizeWei, buyerPaysUnits, sellerReceivesUnits, nowSeconds } = trade;
    if (sizeWei <= 0n) throw new InvalidInputError('sizeWei', sizeWei, 'must be > 0');
    if (buyer === seller) throw new InvalidInputError('buyer', buyer, 'must differ from the seller');
    if (sellerReceivesUnits < 0n || sellerReceivesUnits > buyerPaysUnits) {
      throw new InvalidInputError('sellerReceivesUnits', sellerReceivesUnits, `must be in [0, buyerPaysUnits = ${buyerPaysUnits}]`);
    }
    this.requireTradable(series, nowSeconds);
    const buyerPlan = this.plan(buyer, this.stateOf(buyer, false), series, sizeWei, -buyerPaysUnits);
    const sellerPlan = this.plan(seller, this.stateOf(seller, false), series, -sizeWei, sellerReceivesUnits);
    this.commit(buyerPlan);
    this.commit(sellerPlan);
    this.venueCash += buyerPaysUnits - sellerReceivesUnits;
  }

  /** The new state of one account after a fill, or a refusal; nothing is changed here. */
  private plan(accountId: string, account: AccountState, series: OptionSeries, sizeDeltaWei: bigint, cashDeltaUnits: bigint): Plan {
    const key = seriesKey(series);
    const position = account.positions.get(key);
    const oldSize = position?.sizeWei ?? 0n;
    const oldLock = position?.locked ?? lockRequirement(series.kind, series.strike, 0n, this.collateralDecimals);
    const sizeWei = oldSize + sizeDeltaWei;
    const locked = lockRequirement(series.kind, series.strike, sizeWei < 0n ? -sizeWei : 0n, this.collateralDecimals);
    const cashUnits = account.cashUnits + cashDeltaUnits + oldLock.cashUnits - locked.cashUnits;
    const underlyingWei = account.underlyingWei + oldLock.underlyingWei - locked.underlyingWei;
    if (cashUnits < 0n) throw new OptionVenueError('INSUFFICIENT_CASH', `${accountId} would need ${-cashUnits} more cash units (premium and put collateral)`);
    if (underlyingWei < 0n) {
      throw new OptionVenueError('INSUFFICIENT_UNDERLYING', `${accountId} would need ${-underlyingWei} more underlying wei to cover the calls it writes`);
    }
    return { account, key, series, sizeWei, locked, cashUnits, underlyingWei };
  }

  private commit(plan: Plan): void {
    plan.account.cashUnits = plan.cashUnits;
    plan.account.underlyingWei = plan.underlyingWei;
    if (plan.sizeWei === 0n) plan.account.positions.delete(plan.key);
    else plan.account.positions.set(plan.key, { series: plan.series, sizeWei: plan.sizeWei, locked: plan.locked });
  }

  // ── settlement ───────────────────────────────────────────────────────────────────────────

  /**
   * Cash-settles every series of `expirySeconds` at the oracle price (at or after the expiry):
   * longs are paid by the venue, shorts pay out of their locks and get the rest back.
   */
  settle(expirySeconds: number, oraclePrice: number, nowSeconds: number): SettlementReport {
    requirePositive('oraclePrice', oraclePrice);
    const listed = this.listedExpiry(expirySeconds);
    if (listed.settledAtPrice !== undefined) throw new OptionVenueError('ALREADY_SETTLED', `expiry ${expirySeconds} settled at ${listed.settledAtPrice}`);
    if (nowSeconds < expirySeconds) throw new OptionVenueError('NOT_EXPIRED', `expiry ${expirySeconds} is after now (${nowSeconds})`);
    const entries: SettlementEntry[] = [];
    let paidToHoldersUnits = 0n;
    let collectedCash = 0n;
    let collectedUnderlying = 0n;
    for (const [account, state] of this.accounts) {
      for (const [key, position] of state.positions) {
        const { series } = position;
        if (series.expirySeconds !== expirySeconds) continue;
        const none: Collateral = { cashUnits: 0n, underlyingWei: 0n };
        let payoffUnits = 0n;
        let paid = none;
        if (position.sizeWei > 0n) {
          payoffUnits = holderPayoffUnits(series.kind, series.strike, oraclePrice, position.sizeWei, this.collateralDecimals);
          state.cashUnits += payoffUnits;
          paidToHoldersUnits += payoffUnits;
        } else {
          paid = writerObligation(series.kind, series.strike, oraclePrice, -position.sizeWei, this.collateralDecimals);
          state.cashUnits += position.locked.cashUnits - paid.cashUnits;
          state.underlyingWei += position.locked.underlyingWei - paid.underlyingWei;
          collectedCash += paid.cashUnits;
          collectedUnderlying += paid.underlyingWei;
        }
        entries.push({ account, ...series, sizeWei: position.sizeWei, payoffUnits, paid, locked: position.locked });
        state.positions.delete(key);
      }
    }
    this.venueCash += collectedCash - paidToHoldersUnits;
    this.venueUnderlying += collectedUnderlying;
    listed.settledAtPrice = oraclePrice;
    return { expirySeconds, oraclePrice, entries, paidToHoldersUnits, collectedFromWriters: { cashUnits: collectedCash, underlyingWei: collectedUnderlying } };
  }

  settlementPrice(expirySeconds: number): number | undefined {
    return this.listedExpiry(expirySeconds).settledAtPrice;
  }

  // ── views ────────────────────────────────────────────────────────────────────────────────

  positions(account: string): OptionPositionView[] {
    return [...this.stateOf(account, false).positions.values()].map((p) => ({ ...p.series, sizeWei: p.sizeWei, locked: p.locked }));
  }

  balances(account: string): AccountBalances {
    const state = this.stateOf(account, false);
    let lockedCashUnits = 0n;
    let lockedUnderlyingWei = 0n;
    for (const p of state.positions.values()) {
      lockedCashUnits += p.locked.cashUnits;
      lockedUnderlyingWei += p.locked.underlyingWei;
    }
    return { cashUnits: state.cashUnits, underlyingWei: state.underlyingWei, lockedCashUnits, lockedUnderlyingWei };
  }

  accountIds(): string[] {
    return [...this.accounts.keys()];
  }

  /** The venue's own books, for the ledger identities in the header comment. */
  venueBooks(): { cashUnits: bigint; underlyingWei: bigint; netCashDepositsUnits: bigint; netUnderlyingDepositsWei: bigint } {
    return { cashUnits: this.venueCash, underlyingWei: this.venueUnderlying, netCashDepositsUnits: this.netCashDeposits, netUnderlyingDepositsWei: this.netUnderlyingDeposits };
  }

  /** Left side minus right side of the two ledger identities in the header comment: always 0. */
  ledgerImbalance(): Collateral {
    let cashUnits = this.venueCash - this.netCashDeposits;
    let underlyingWei = this.venueUnderlying - this.netUnderlyingDeposits;
    for (const id of this.accounts.keys()) {
      const b = this.balances(id);
      cashUnits += b.cashUnits + b.lockedCashUnits;
      underlyingWei += b.underlyingWei + b.lockedUnderlyingWei;
    }
    return { cashUnits, underlyingWei };
  }

  private stateOf(account: string, create: boolean): AccountState {
    const existing = this.accounts.get(account);
    if (existing !== undefined) return existing;
    if (!create) throw new OptionVenueError('UNKNOWN_ACCOUNT', `no account ${JSON.stringify(account)}`);
    const state: AccountState = { cashUnits: 0n, underlyingWei: 0n, positions: new Map() };
    this.accounts.set(account, state);
    return state;
  }
}
