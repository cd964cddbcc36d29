/**
 * A perpetual-futures venue for the block-by-block simulator.
 *
 * - Index price: given by the caller (an oracle) with `setIndexPrice`.
 * - Mark price: index × (1 + next funding rate × time to it / interval), Binance's "Price 1"
 *   (see funding-source.ts), so the basis and the funding come from one source.
 * - Funding: settled discretely at the source's settlement times (history rows or model
 *   intervals), at the index in force, on the positions open then; positive rates: longs pay.
 * - Margin: ISOLATED per market: an account's collateral here backs only its one position here
 *   (open two accounts for two independent positions). Collateral is a signed bigint in base
 *   units of the stable token; equity = collateral + unrealized PnL at the mark.
 * - The venue is every trade's counterparty (a pool, like GMX or a vAMM): what traders gain it
 *   pays, what they lose it keeps, and the funding of an unbalanced open interest is its too.
 *
 * Ledger identity (checked by the tests), in collateral base units:
 *   Σ collateral + insurance fund + fees collected + counterparty balance
 *     = Σ deposits − Σ withdrawals + opening insurance fund + uncovered bad debt.
 *
 * Time moves only through the explicit `nowSeconds` of each call, never backwards.
 */
import { InvalidInputError, requireFinite, requirePositive } from '../../errors.js';
import { resolvePerpConfig, type PerpMarketConfig, type ResolvedPerpConfig } from './config.js';
import { PerpError } from './errors.js';
import { markPriceFromIndex } from './funding-source.js';
import { mulDiv, notionalToBaseUnits, PPM, unitScale, WEI_PER_UNIT } from '../money.js';
import { applyFill, unrealizedPnl } from './position-math.js';

interface AccountState {
  collateralUnits: bigint;
  sizeWei: bigint;
  costBasisUnits: bigint;
  /** Cumulative funding, > 0 when the account paid more than it received. */
  fundingPaidUnits: bigint;
  feesPaidUnits: bigint;
  realizedPnlUnits: bigint;
}

export interface PerpAccountView {
  readonly collateralUnits: bigint;
  readonly sizeWei: bigint;
  readonly costBasisUnits: bigint;
  /** Average entry price, undefined without a position. */
  readonly entryPrice: number | undefined;
  readonly unrealizedPnlUnits: bigint;
  readonly equityUnits: bigint;
  readonly fundingPaidUnits: bigint;
  readonly feesPaidUnits: bigint;
  readonly realizedPnlUnits: bigint;
  /** Notional at the mark, rounded up. */
  readonly notionalUnits: bigint;
  readonly initialMarginUnits: bigint;
  readonly maintenanceMarginUnits: bigint;
  /** Equity / notional; Infinity without a position. */
  readonly marginRatio: number;
  /** Mark price at which equity would equal the maintenance margin; undefined if none > 0. */
  readonly liquidationPrice: number | undefined;
}

export interface PerpFill {
  readonly account: string;
  readonly sizeDeltaWei: bigint;
  readonly referencePrice: number;
  readonly fillPrice: number;
  readonly feeUnits: bigint;
  readonly realizedPnlUnits: bigint;
}

export interface FundingSettlementReport {
  readonly timeSeconds: number;
  readonly ratePerInterval: number;
  readonly indexPrice: number;
  /** Σ over accounts of what they paid (signed); the counterparty received exactly this. */
  readonly netPaidByAccountsUnits: bigint;
  readonly payments: ReadonlyArray<{ readonly account: string; readonly paidUnits: bigint }>;
}

export interface LiquidationResult {
  readonly account: string;
  readonly liquidator: string;
  readonly closedSizeWei: bigint;
  readonly closePrice: number;
  readonly realizedPnlUnits: bigint;
  readonly liquidatorFeeUnits: bigint;
  readonly toInsuranceUnits: bigint;
  /** Negative equity left after the close (0 if none). */
  readonly badDebtUnits: bigint;
  readonly badDebtCoveredByInsuranceUnits: bigint;
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

export class PerpMarket {
  private readonly config: ResolvedPerpConfig;
  private readonly accounts = new Map<string, AccountState>();
  private index: number | undefined;
  private clockSeconds: number | undefined;
  private insuranceUnits: bigint;
  private feesUnits = 0n;
  private counterpartyUnits = 0n;
  private counterpartyFundingUnits = 0n;
  private netDepositsUnits = 0n;
  private uncoveredBadDebtUnits = 0n;
  private totalBadDebtUnits = 0n;

  constructor(config: PerpMarketConfig) {
    this.config = resolvePerpConfig(config);
    this.insuranceUnits = this.config.insuranceFundUnits;
  }

  // ── time, index and mark ─────────────────────────────────────────────────────────────────

  /**
   * Moves the clock to nowSeconds, settling every funding time passed on the way at the index in
   * force, then sets the new index. Returns the settlements made.
   */
  setIndexPrice(nowSeconds: number, indexPrice: number): FundingSettlementReport[] {
    requirePositive('indexPrice', indexPrice);
    const reports = this.advanceTo(nowSeconds);
    this.index = indexPrice;
    return reports;
  }

  /** Settles funding up to nowSeconds without a new index. */
  advanceTo(nowSeconds: number): FundingSettlementReport[] {
    requireFinite('nowSeconds', nowSeconds);
    if (this.clockSeconds !== undefined && nowSeconds < this.clockSeconds) {
      throw new InvalidInputError('nowSeconds', nowSeconds, `must not go back before ${this.clockSeconds}`);
    }
    const reports: FundingSettlementReport[] = [];
    if (this.clockSeconds !== undefined && this.index !== undefined && nowSeconds > this.clockSeconds) {
      for (const settlement of this.config.fundingSource.settlementsBetween(this.clockSeconds, nowSeconds)) {
        reports.push(this.settleFunding(settlement.timeSeconds, settlement.ratePerInterval, this.index));
      }
    }
    this.clockSeconds = nowSeconds;
    return reports;
  }

  get nowSeconds(): number | undefined {
    return this.clockSeconds;
  }

  /** Initial and maintenance margin ratios (equity / notional), as configured. */
  get marginRatios(): { readonly initial: number; readonly maintenance: number } {
    return { initial: Number(this.config.initialMarginPpm) / 1e6, maintenance: this.config.maintenanceMarginRatio };
  }

  /** Taker fee on the filled notional, in ppm. */
  get takerFeePpm(): bigint {
    return this.config.takerFeePpm;
  }

  indexPrice(): number {
    if (this.index === undefined) throw new PerpError('NO_INDEX_PRICE', 'no index price has been set');
    return this.index;
  }

  markPrice(): number {
    return markPriceFromIndex(this.indexPrice(), this.config.fundingSource, this.clockSeconds!);
  }

  private settleFunding(timeSeconds: number, rate: number, indexPrice: number): FundingSettlementReport {
    const payments: Array<{ account: string; paidUnits: bigint }> = [];
    let net = 0n;
    for (const [id, state] of this.accounts) {
      if (state.sizeWei === 0n || rate === 0) continue;
      const paysFunding = state.sizeWei > 0n === rate > 0;
      const magnitude = notionalToBaseUnits(
        'funding',
        Math.abs(rate) * indexPrice,
        abs(state.sizeWei),
        this.config.collateralDecimals,
        paysFunding ? 'userPays' : 'userReceives',
      );
      const paidUnits = paysFunding ? magnitude : -magnitude;
      state.collateralUnits -= paidUnits;
      state.fundingPaidUnits += paidUnits;
      net += paidUnits;
      payments.push({ account: id, paidUnits });
    }
    this.counterpartyUnits += net;
    this.counterpartyFundingUnits += net;
    return { timeSeconds, ratePerInterval: rate, indexPrice, netPaidByAccountsUnits: net, payments };
  }

  // ── collateral ───────────────────────────────────────────────────────────────────────────

  deposit(account: string, amountUnits: bigint, nowSeconds: number): void {
    requireAccountId(account);
    if (amountUnits <= 0n) throw new InvalidInputError('amountUnits', amountUnits, 'must be > 0');
    this.advanceTo(nowSeconds);
    this.stateOf(account, true).collateralUnits += amountUnits;
    this.netDepositsUnits += amountUnits;
  }

  /** Refused below the initial margin (with a position) or below zero collateral. */
  withdraw(account: string, amountUnits: bigint, nowSeconds: number): void {
    if (amountUnits <= 0n) throw new InvalidInputError('amountUnits', amountUnits, 'must be > 0');
    this.advanceTo(nowSeconds);
    const state = this.stateOf(account, false);
    if (amountUnits > state.collateralUnits) {
      throw new PerpError('INSUFFICIENT_COLLATERAL', `${account} holds ${state.collateralUnits} units, asked ${amountUnits}`);
    }
    if (state.sizeWei !== 0n) {
      const mark = this.markPrice();
      const equity = state.collateralUnits + unrealizedPnl(state, mark, this.config.collateralDecimals);
      const initial = this.margin(state.sizeWei, mark, this.config.initialMarginPpm);
      if (equity - amountUnits < initial) {
        throw new PerpError('INSUFFICIENT_MARGIN', `${account}: equity after withdrawal ${equity - amountUnits} < initial margin ${initial}`);
      }
    }
    state.collateralUnits -= amountUnits;
    this.netDepositsUnits -= amountUnits;
  }

  // ── trading ──────────────────────────────────────────────────────────────────────────────

  /**
   * Changes the position by sizeDeltaWei (> 0 buys) as a taker. The reference price is the
   * market's mark unless `markPrice` is given (to trade against a replayed external mark); the
   * fill price is the reference moved against the trader by the linear impact. A fill that grows
   * or flips the position needs equity >= initial margin after it; a pure reduction is allowed
   * unless the account is liquidatable. Nothing changes when the fill is refused.
   */
  modifyPosition(account: string, sizeDeltaWei: bigint, nowSeconds: number, markPrice?: number): PerpFill {
    if (sizeDeltaWei === 0n) throw new InvalidInputError('sizeDeltaWei', sizeDeltaWei, 'must not be 0');
    this.advanceTo(nowSeconds);
    const state = this.stateOf(account, false);
    const reference = markPrice ?? this.markPrice();
    requirePositive('markPrice', reference);
    const { collateralDecimals, takerFeePpm, priceImpactPerUnit } = this.config;
    const side = sizeDeltaWei > 0n ? 1 : -1;
    const sizeUnits = Number(abs(sizeDeltaWei)) / Number(WEI_PER_UNIT);
    const fillPrice = reference * (1 + side * priceImpactPerUnit * sizeUnits);
    if (!(fillPrice > 0)) throw new PerpError('NON_POSITIVE_FILL_PRICE', `impact takes the fill price to ${fillPrice}`);

    const grows = state.sizeWei === 0n || state.sizeWei > 0n === sizeDeltaWei > 0n || abs(sizeDeltaWei) > abs(state.sizeWei);
    if (!grows && this.isLiquidatableAt(state, reference)) {
      throw new PerpError('LIQUIDATABLE', `${account} is below maintenance margin and must be liquidated`);
    }
    const after = applyFill(state, sizeDeltaWei, fillPrice, collateralDecimals);
    const feeUnits = mulDiv(notionalToBaseUnits('fillPrice', fillPrice, abs(sizeDeltaWei), collateralDecimals, 'userPays'), takerFeePpm, PPM, 'userPays');
    const collateralAfter = state.collateralUnits + after.realizedPnlUnits - feeUnits;
    if (grows) {
      const equity = collateralAfter + unrealizedPnl(after, reference, collateralDecimals);
      const initial = this.margin(after.sizeWei, reference, this.config.initialMarginPpm);
      if (equity < initial) throw new PerpError('INSUFFICIENT_MARGIN', `${account}: equity ${equity} < initial margin ${initial} after the fill`);
    } else if (collateralAfter < 0n) {
      throw new PerpError('INSUFFICIENT_COLLATERAL', `${account}: collateral would be ${collateralAfter} after the fill`);
    }
    state.sizeWei = after.sizeWei;
    state.costBasisUnits = after.costBasisUnits;
    state.collateralUnits = collateralAfter;
    state.realizedPnlUnits += after.realizedPnlUnits;
    state.feesPaidUnits += feeUnits;
    this.counterpartyUnits -= after.realizedPnlUnits;
    this.feesUnits += feeUnits;
    return { account, sizeDeltaWei, referencePrice: reference, fillPrice, feeUnits, realizedPnlUnits: after.realizedPnlUnits };
  }

  /** Same as modifyPosition: opening is a change from zero. */
  openPosition(account: string, sizeDeltaWei: bigint, nowSeconds: number, markPrice?: number): PerpFill {
    return this.modifyPosition(account, sizeDeltaWei, nowSeconds, markPrice);
  }

  /** Closes the whole position as a taker. */
  closePosition(account: string, nowSeconds: number, markPrice?: number): PerpFill {
    const state = this.stateOf(account, false);
    if (state.sizeWei === 0n) throw new InvalidInputError('account', account, 'has no position to close');
    return this.modifyPosition(account, -state.sizeWei, nowSeconds, markPrice);
  }

  // ── liquidation ──────────────────────────────────────────────────────────────────────────

  /** Equity < maintenance margin at the mark (strictly; an account exactly at it is safe). */
  isLiquidatable(account: string, markPrice?: number): boolean {
    return this.isLiquidatableAt(this.stateOf(account, false), markPrice ?? this.markPrice());
  }

  private isLiquidatableAt(state: AccountState, mark: number): boolean {
    if (state.sizeWei === 0n) return false;
    const equity = state.collateralUnits + unrealizedPnl(state, mark, this.config.collateralDecimals);
    return equity < this.margin(state.sizeWei, mark, this.config.maintenanceMarginPpm);
  }

  /**
   * Closes a liquidatable position at the mark (no impact, no taker fee). From what collateral is
   * left, the liquidator gets liquidationFeeRatio × notional (at most all of it) and the insurance
   * fund the rest; negative collateral is bad debt, paid by the insurance fund as far as it can,
   * the remainder tracked as uncovered.
   */
  liquidate(account: string, liquidator: string, nowSeconds: number): LiquidationResult {
    requireAccountId(liquidator);
    if (liquidator === account) throw new InvalidInputError('liquidator', liquidator, 'must differ from the liquidated account');
    this.advanceTo(nowSeconds);
    const state = this.stateOf(account, false);
    const mark = this.markPrice();
    if (!this.isLiquidatableAt(state, mark)) throw new PerpError('NOT_LIQUIDATABLE', `${account} is at or above maintenance margin`);
    const { collateralDecimals, liquidationFeePpm } = this.config;
    const closedSizeWei = state.sizeWei;
    const notional = notionalToBaseUnits('markPrice', mark, abs(closedSizeWei), collateralDecimals, 'userPays');
    const after = applyFill(state, -closedSizeWei, mark, collateralDecimals);
    state.sizeWei = 0n;
    state.costBasisUnits = 0n;
    state.collateralUnits += after.realizedPnlUnits;
    state.realizedPnlUnits += after.realizedPnlUnits;
    this.counterpartyUnits -= after.realizedPnlUnits;

    let liquidatorFeeUnits = 0n;
    let toInsuranceUnits = 0n;
    let badDebtUnits = 0n;
    let coveredUnits = 0n;
    if (state.collateralUnits >= 0n) {
      const fee = mulDiv(notional, liquidationFeePpm, PPM, 'userPays');
      liquidatorFeeUnits = fee < state.collateralUnits ? fee : state.collateralUnits;
      toInsuranceUnits = state.collateralUnits - liquidatorFeeUnits;
      this.stateOf(liquidator, true).collateralUnits += liquidatorFeeUnits;
      this.insuranceUnits += toInsuranceUnits;
    } else {
      badDebtUnits = -state.collateralUnits;
      coveredUnits = badDebtUnits < this.insuranceUnits ? badDebtUnits : this.insuranceUnits;
      this.insuranceUnits -= coveredUnits;
      this.uncoveredBadDebtUnits += badDebtUnits - coveredUnits;
      this.totalBadDebtUnits += badDebtUnits;
    }
    state.collateralUnits = 0n;
    return {
      account,
      liquidator,
      closedSizeWei,
      closePrice: mark,
      realizedPnlUnits: after.realizedPnlUnits,
      liquidatorFeeUnits,
      toInsuranceUnits,
      badDebtUnits,
      badDebtCoveredByInsuranceUnits: coveredUnits,
    };
  }

  // ── views ────────────────────────────────────────────────────────────────────────────────

  hasAccount(account: string): boolean {
    return this.accounts.has(account);
  }

  accountIds(): string[] {
    return [...this.accounts.keys()];
  }

  /** Everything about one account, valued at the mark (or at `markPrice` if given). */
  account(account: string, markPrice?: number): PerpAccountView {
    const state = this.stateOf(account, false);
    const { collateralDecimals, initialMarginPpm, maintenanceMarginPpm, maintenanceMarginRatio } = this.config;
    const base = { ...state };
    if (state.sizeWei === 0n) {
      return {
        ...base,
        entryPrice: undefined,
        unrealizedPnlUnits: 0n,
        equityUnits: state.collateralUnits,
        notionalUnits: 0n,
        initialMarginUnits: 0n,
        maintenanceMarginUnits: 0n,
        marginRatio: Infinity,
        liquidationPrice: undefined,
      };
    }
    const mark = markPrice ?? this.markPrice();
    const unrealizedPnlUnits = unrealizedPnl(state, mark, collateralDecimals);
    const equityUnits = state.collateralUnits + unrealizedPnlUnits;
    const notionalUnits = notionalToBaseUnits('markPrice', mark, abs(state.sizeWei), collateralDecimals, 'userPays');
    // Value of one unit of price per 1e18 wei of size, in base units: s·k with k = 10^dec / 1e18.
    const unitsPerPrice = (Number(state.sizeWei) * Number(unitScale('collateralDecimals', collateralDecimals))) / Number(WEI_PER_UNIT);
    const side = state.sizeWei > 0n ? 1 : -1;
    const liquidationPrice =
      Number(state.costBasisUnits - state.collateralUnits) / (unitsPerPrice * (1 - side * maintenanceMarginRatio));
    return {
      ...base,
      entryPrice: Number(state.costBasisUnits) / unitsPerPrice,
      unrealizedPnlUnits,
      equityUnits,
      notionalUnits,
      // margin() of the same size at the same mark starts from this very notional: reuse it
      initialMarginUnits: mulDiv(notionalUnits, initialMarginPpm, PPM, 'userPays'),
      maintenanceMarginUnits: mulDiv(notionalUnits, maintenanceMarginPpm, PPM, 'userPays'),
      marginRatio: Number(equityUnits) / Number(notionalUnits),
      liquidationPrice: liquidationPrice > 0 && Number.isFinite(liquidationPrice) ? liquidationPrice : undefined,
    };
  }

  /** Long and short open interest, in wei of the underlying. */
  openInterest(): { longWei: bigint; shortWei: bigint } {
    let longWei = 0n;
    let shortWei = 0n;
    for (const state of this.accounts.values()) {
      if (state.sizeWei > 0n) longWei += state.sizeWei;
      else shortWei -= state.sizeWei;
    }
    return { longWei, shortWei };
  }

  /** The venue's books, for the ledger identity in the header comment. */
  totals(): {
    insuranceFundUnits: bigint;
    feesCollectedUnits: bigint;
    counterpartyUnits: bigint;
    counterpartyFundingUnits: bigint;
    netDepositsUnits: bigint;
    openingInsuranceFundUnits: bigint;
    uncoveredBadDebtUnits: bigint;
    totalBadDebtUnits: bigint;
    totalCollateralUnits: bigint;
  } {
    let totalCollateralUnits = 0n;
    for (const state of this.accounts.values()) totalCollateralUnits += state.collateralUnits;
    return {
      insuranceFundUnits: this.insuranceUnits,
      feesCollectedUnits: this.feesUnits,
      counterpartyUnits: this.counterpartyUnits,
      counterpartyFundingUnits: this.counterpartyFundingUnits,
      netDepositsUnits: this.netDepositsUnits,
      openingInsuranceFundUnits: this.config.insuranceFundUnits,
      uncoveredBadDebtUnits: this.uncoveredBadDebtUnits,
      totalBadDebtUnits: this.totalBadDebtUnits,
      totalCollateralUnits,
    };
  }

  /** Left side minus right side of the ledger identity in the header comment: always 0. */
  ledgerImbalanceUnits(): bigint {
    const t = this.totals();
    return (
      t.totalCollateralUnits + t.insuranceFundUnits + t.feesCollectedUnits + t.counterpartyUnits -
      (t.netDepositsUnits + t.openingInsuranceFundUnits + t.uncoveredBadDebtUnits)
    );
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────

  /** ratio × notional at `mark`, both rounded up: a requirement is what the user must hold. */
  private margin(sizeWei: bigint, mark: number, ratioPpm: bigint): bigint {
    const notional = notionalToBaseUnits('markPrice', mark, abs(sizeWei), this.config.collateralDecimals, 'userPays');
    return mulDiv(notional, ratioPpm, PPM, 'userPays');
  }

  private stateOf(account: string, create: boolean): AccountState {
    const existing = this.accounts.get(account);
    if (existing !== undefined) return existing;
    if (!create) throw new PerpError('UNKNOWN_ACCOUNT', `no account ${JSON.stringify(account)}`);
    const state: AccountState = { collateralUnits: 0n, sizeWei: 0n, costBasisUnits: 0n, fundingPaidUnits: 0n, feesPaidUnits: 0n, realizedPnlUnits: 0n };
    this.accounts.set(account, state);
    return state;
  }
}

function requireAccountId(account: string): void {
  if (typeof account !== 'string' || account.length === 0) throw new InvalidInputError('account', account, 'must be a non-empty string');
}
