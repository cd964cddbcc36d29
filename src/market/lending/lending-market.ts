/**
 * An Aave v3 pool with several reserves, for the deterministic market simulator: the verbs
 * (`supply`, `withdraw`, `borrow`, `repay`, `liquidationCall`, `setUserUseReserveAsCollateral`),
 * the views (`getUserAccountData`, `getReserveData`, balances) and what-ifs on a cheap clone.
 *
 * Time enters only through `nowSeconds` arguments, which may not go back: every verb accrues
 * the reserves it touches to that second (per-second indexes), views value the market at that
 * second without writing it. A refused verb raises a `LendingError` with Aave's error name and
 * changes nothing. Prices are the oracle's, in base currency with 8 decimals: pinned with
 * `setPrice` or read from a `priceSource` (the simulator's Chainlink-style feed); a pinned
 * price wins. Amounts are bigint token base units. The market moves no tokens: the caller's
 * ledger pays in what `supply`/`repay`/`liquidationCall` take and pays out what
 * `withdraw`/`borrow` return.
 */
import { InvalidInputError } from '../../errors.js';
import { HEALTH_FACTOR_LIQUIDATION_THRESHOLD } from '../../lending/aave-liquidation.js';
import type { AaveV2StrategyRateData } from '../../lending/aave-rate-strategy.js';
import { rayDiv } from '../../lending/wad-ray-math.js';
import { borrow, repay, setUseReserveAsCollateral, supply, withdraw } from './actions.js';
import { resolveReserveConfig, type ReserveConfig, type ResolvedReserveConfig } from './config.js';
import { liquidationCall, type LiquidationReceipt, type LiquidationVersion } from './liquidation.js';
import { accrueReserve, accrueToLastRecordedStep, initialReserveState, totalATokenSupply, totalVariableDebt, type ReserveState } from './reserve.js';
import { LendingTx, type MutableMarketState } from './transaction.js';
import {
  aTokenBalance,
  calculateUserAccountData,
  EMPTY_USER_RESERVE,
  variableDebtBalance,
  type UserAccountData,
  type UserAccountDetail,
  type UserReserve,
} from './user-account.js';
import { healthFactorToNumber, solveLiquidationPrice } from './what-if.js';

/** Oracle price of an asset in base currency (8 decimals), or undefined when it has none. */
export type PriceSource = (asset: string) => bigint | undefined;

export interface LendingMarketOptions {
  readonly reserves: readonly ReserveConfig[];
  /** The reserves' creation time: the first accrual starts here. */
  readonly startSeconds: number;
  readonly priceSource?: PriceSource;
  /** Pinned prices, base currency with 8 decimals. */
  readonly pricesBase8?: Readonly<Record<string, bigint>>;
  /** Close-factor regime of `calculateLiquidation` (default v3.3, today's Aave). */
  readonly liquidationVersion?: LiquidationVersion;
}

/**
 * How a reserve sets its rates, so a strategy can price its own move: the V2 strategy with the
 * reserve factor (`calculateInterestRatesV2` on the post-action liquidity and debt gives the
 * rate exactly), or a recorded history, which no action moves.
 */
export type ReserveRateModel =
  | { readonly kind: 'strategy'; readonly rateStrategy: AaveV2StrategyRateData; readonly reserveFactorBps: bigint }
  | { readonly kind: 'replay' };

export interface ReserveData {
  readonly symbol: string;
  readonly liquidityRateRay: bigint;
  readonly variableBorrowRateRay: bigint;
  /** Normalized income/debt at the time asked (what balances use). */
  readonly liquidityIndexRay: bigint;
  readonly variableBorrowIndexRay: bigint;
  /** Last time a verb wrote the reserve. */
  readonly lastUpdateTimestampSeconds: number;
  /** debt / (available + debt), ray. */
  readonly utilizationRay: bigint;
  /** aTokens outstanding, the treasury's included. */
  readonly totalSupply: bigint;
  readonly totalDebt: bigint;
  readonly availableLiquidity: bigint;
  readonly treasuryBalance: bigint;
  readonly scaledATokenSupply: bigint;
  readonly scaledVariableDebt: bigint;
  /** Replay mode: underlying paid in from outside for the recorded supply rate. */
  readonly externalYield: bigint;
  /** Always set by `LendingMarket`; optional so a view built by hand need not invent one. */
  readonly rateModel?: ReserveRateModel;
}

export interface LiquidatableUser {
  readonly user: string;
  readonly healthFactor: bigint;
  readonly totalCollateralBase: bigint;
  readonly totalDebtBase: bigint;
}

export type HypotheticalAction =
  | { readonly kind: 'supply' | 'withdraw' | 'borrow' | 'repay'; readonly asset: string; readonly amount: bigint }
  | { readonly kind: 'setPrice'; readonly asset: string; readonly priceBase8: bigint };

export class LendingMarket {
  private configs: ReadonlyMap<string, ResolvedReserveConfig>;
  private rateModels: ReadonlyMap<string, ReserveRateModel>;
  private state: MutableMarketState;
  private pinnedPrices: Map<string, bigint>;
  private priceSource: PriceSource | undefined;
  private clockSeconds: number;
  /** Replay reserves: the stored state and its accrual to a recorded step, to resume from. */
  private replayCheckpoints: Map<string, { stored: ReserveState; checkpoint: ReserveState }>;
  readonly liquidationVersion: LiquidationVersion;

  constructor(options: LendingMarketOptions) {
    const start = requireTime('startSeconds', options.startSeconds);
    if (!Array.isArray(options.reserves) || options.reserves.length === 0) {
      throw new InvalidInputError('reserves', options.reserves, 'a market needs at least one reserve');
    }
    const configs = new Map<string, ResolvedReserveConfig>();
    options.reserves.forEach((reserve, i) => {
      const resolved = resolveReserveConfig(reserve, i, start);
      if (configs.has(resolved.symbol)) throw new InvalidInputError(`reserves[${i}].symbol`, resolved.symbol, 'listed twice');
      configs.set(resolved.symbol, resolved);
    });
    const version = options.liquidationVersion ?? 'v3.3';
    if (version !== 'v3.0' && version !== 'v3.3') throw new InvalidInputError('liquidationVersion', version, "must be 'v3.0' or 'v3.3'");
    this.configs = configs;
    this.rateModels = new Map(
      [...configs].map(([symbol, config]): [string, ReserveRateModel] => [
        symbol,
        Object.freeze(
          config.rateStrategy === undefined
            ? { kind: 'replay' as const }
            : { kind: 'strategy' as const, rateStrategy: Object.freeze({ ...config.rateStrategy }), reserveFactorBps: config.reserveFactorBps },
        ),
      ]),
    );
    this.liquidationVersion = version;
    this.state = {
      reserves: new Map([...configs].map(([symbol, config]) => [symbol, initialReserveState(config, BigInt(start))])),
      users: new Map(),
    };
    this.pinnedPrices = new Map();
    for (const [asset, price] of Object.entries(options.pricesBase8 ?? {})) this.setPrice(asset, price);
    this.priceSource = options.priceSource;
    this.clockSeconds = start;
    this.replayCheckpoints = new Map();
  }

  /** The latest time a verb ran at; no verb or view may ask for an earlier one. */
  get nowSeconds(): number {
    return this.clockSeconds;
  }

  get assets(): readonly string[] {
    return [...this.configs.keys()];
  }

  getReserveConfig(asset: string): ResolvedReserveConfig {
    return this.config(asset);
  }

  // ── oracle ──────────────────────────────────────────────────────────────────────────────

  setPrice(asset: string, priceBase8: bigint): void {
    this.config(asset);
    if (typeof priceBase8 !== 'bigint' || priceBase8 <= 0n) throw new InvalidInputError(`price of ${asset}`, priceBase8, 'must be a bigint > 0 (base currency, 8 decimals)');
    this.pinnedPrices.set(asset, priceBase8);
  }

  /** Unpins a price so the price source answers again. */
  clearPrice(asset: string): void {
    this.pinnedPrices.delete(asset);
  }

  setPriceSource(source: PriceSource | undefined): void {
    this.priceSource = source;
  }

  getAssetPrice(asset: string): bigint {
    this.config(asset);
    const price = this.pinnedPrices.get(asset) ?? this.priceSource?.(asset);
    if (typeof price !== 'bigint' || price <= 0n) throw new InvalidInputError(`price of ${asset}`, price, 'the oracle has no price > 0 for it');
    return price;
  }

  // ── verbs ───────────────────────────────────────────────────────────────────────────────

  /** Returns the amount supplied. */
  supply(user: string, asset: string, amount: bigint, nowSeconds: number): bigint {
    return this.run(nowSeconds, (tx) => supply(tx, requireUser(user), asset, amount));
  }

  /** Returns the amount withdrawn; MAX_AMOUNT withdraws the whole balance. */
  withdraw(user: string, asset: string, amount: bigint, nowSeconds: number): bigint {
    return this.run(nowSeconds, (tx) => withdraw(tx, requireUser(user), asset, amount));
  }

  /** Variable-rate borrow; returns the amount borrowed. */
  borrow(user: string, asset: string, amount: bigint, nowSeconds: number): bigint {
    return this.run(nowSeconds, (tx) => borrow(tx, requireUser(user), asset, amount));
  }

  /** Returns the amount repaid (never more than the debt); MAX_AMOUNT repays it all. */
  repay(user: string, asset: string, amount: bigint, nowSeconds: number): bigint {
    return this.run(nowSeconds, (tx) => repay(tx, requireUser(user), asset, amount));
  }

  setUserUseReserveAsCollateral(user: string, asset: string, useAsCollateral: boolean, nowSeconds: number): void {
    this.run(nowSeconds, (tx) => setUseReserveAsCollateral(tx, requireUser(user), asset, useAsCollateral));
  }

  /**
   * The liquidator repays up to `debtToCover` of the user's debt and receives the collateral
   * bought at the bonus (as underlying, or as aTokens with `receiveAToken`).
   */
  liquidationCall(
    liquidator: string,
    collateralAsset: string,
    debtAsset: string,
    user: string,
    debtToCover: bigint,
    receiveAToken: boolean,
    nowSeconds: number,
  ): LiquidationReceipt {
    return this.run(nowSeconds, (tx) =>
      liquidationCall(tx, {
        liquidator: requireUser(liquidator),
        collateralAsset,
        debtAsset,
        user: requireUser(user),
        debtToCover,
        receiveAToken: receiveAToken === true,
        version: this.liquidationVersion,
      }),
    );
  }

  // ── views ───────────────────────────────────────────────────────────────────────────────

  getUserAccountData(user: string, nowSeconds: number): UserAccountData {
    const { totalCollateralBase, totalDebtBase, availableBorrowsBase, currentLiquidationThreshold, ltv, healthFactor } =
      this.accountDetail(user, nowSeconds);
    return { totalCollateralBase, totalDebtBase, availableBorrowsBase, currentLiquidationThreshold, ltv, healthFactor };
  }

  /** Account data with the per-asset values behind it. */
  accountDetail(user: string, nowSeconds: number): UserAccountDetail {
    const now = BigInt(this.checkTime(nowSeconds));
    return calculateUserAccountData(this.state.users.get(user) ?? new Map<string, UserReserve>(), (asset) => ({
      config: this.config(asset),
      state: this.reserveAt(asset, now),
      priceBase8: this.getAssetPrice(asset),
    }));
  }

  getReserveData(asset: string, nowSeconds: number): ReserveData {
    const reserve = this.reserveAt(asset, BigInt(this.checkTime(nowSeconds)));
    const totalDebt = totalVariableDebt(reserve);
    return {
      symbol: asset,
      liquidityRateRay: reserve.currentLiquidityRateRay,
      variableBorrowRateRay: reserve.currentVariableBorrowRateRay,
      liquidityIndexRay: reserve.liquidityIndexRay,
      variableBorrowIndexRay: reserve.variableBorrowIndexRay,
      lastUpdateTimestampSeconds: Number(this.state.reserves.get(asset)!.lastUpdateTimestampSeconds),
      utilizationRay: totalDebt === 0n ? 0n : rayDiv(totalDebt, reserve.availableLiquidity + totalDebt),
      totalSupply: totalATokenSupply(reserve),
      totalDebt,
      availableLiquidity: reserve.availableLiquidity,
      treasuryBalance: aTokenBalance({ ...EMPTY_USER_RESERVE, scaledATokenBalance: reserve.treasuryScaledBalance }, reserve),
      scaledATokenSupply: reserve.scaledATokenSupply,
      scaledVariableDebt: reserve.scaledVariableDebt,
      externalYield: reserve.externalYield,
      rateModel: this.rateModels.get(asset)!,
    };
  }

  /** aToken balance (supplied plus interest) at `nowSeconds`. */
  balanceOf(user: string, asset: string, nowSeconds: number): bigint {
    return aTokenBalance(this.getUserReserve(user, asset), this.reserveAt(asset, BigInt(this.checkTime(nowSeconds))));
  }

  /** Variable debt (borrowed plus interest) at `nowSeconds`. */
  debtOf(user: string, asset: string, nowSeconds: number): bigint {
    return variableDebtBalance(this.getUserReserve(user, asset), this.reserveAt(asset, BigInt(this.checkTime(nowSeconds))));
  }

  /** Scaled balances and the collateral flag, as stored. */
  getUserReserve(user: string, asset: string): UserReserve {
    this.config(asset);
    return this.state.users.get(user)?.get(asset) ?? EMPTY_USER_RESERVE;
  }

  /** Every user the market has seen, in first-seen order. */
  get users(): readonly string[] {
    return [...this.state.users.keys()];
  }

  /** Users with debt and a health factor below 1, the worst first (ties by name). */
  getLiquidatableUsers(nowSeconds: number): LiquidatableUser[] {
    const found: LiquidatableUser[] = [];
    for (const [user, positions] of this.state.users) {
      let borrowing = false;
      for (const position of positions.values()) if (position.scaledVariableDebt !== 0n) borrowing = true;
      if (!borrowing) continue;
      const account = this.accountDetail(user, nowSeconds);
      if (account.healthFactor < HEALTH_FACTOR_LIQUIDATION_THRESHOLD) {
        found.push({ user, healthFactor: account.healthFactor, totalCollateralBase: account.totalCollateralBase, totalDebtBase: account.totalDebtBase });
      }
    }
    return found.sort((a, b) => (a.healthFactor < b.healthFactor ? -1 : a.healthFactor > b.healthFactor ? 1 : a.user < b.user ? -1 : a.user > b.user ? 1 : 0));
  }

  // ── what-ifs ────────────────────────────────────────────────────────────────────────────

  /** An independent copy: the outer maps are copied, every stored value is immutable and shared. */
  clone(): LendingMarket {
    const copy = Object.create(LendingMarket.prototype) as LendingMarket;
    copy.configs = this.configs;
    copy.rateModels = this.rateModels;
    copy.state = { reserves: new Map(this.state.reserves), users: new Map(this.state.users) };
    copy.pinnedPrices = new Map(this.pinnedPrices);
    copy.priceSource = this.priceSource;
    copy.clockSeconds = this.clockSeconds;
    copy.replayCheckpoints = new Map(this.replayCheckpoints);
    (copy as { liquidationVersion: LiquidationVersion }).liquidationVersion = this.liquidationVersion;
    return copy;
  }

  /**
   * The health factor (a number; Infinity without debt) the user would have after an action,
   * on a clone. Health refusals (LTV, HF) are looked past so a strategy can see how far an
   * action would go; other refusals (no balance, no liquidity, caps) are raised.
   */
  healthFactorAfter(user: string, action: HypotheticalAction, nowSeconds: number): number {
    const copy = this.clone();
    if (action.kind === 'setPrice') {
      copy.setPrice(action.asset, action.priceBase8);
    } else {
      const verbs = { supply, withdraw, borrow, repay } as const;
      const verb = verbs[action.kind];
      if (verb === undefined) throw new InvalidInputError('action.kind', action.kind, 'must be supply, withdraw, borrow, repay or setPrice');
      copy.run(nowSeconds, (tx) => verb(tx, requireUser(user), action.asset, action.amount), false);
    }
    return healthFactorToNumber(copy.getUserAccountData(user, nowSeconds).healthFactor);
  }

  /**
   * The price of `asset` (base currency units, e.g. USD, as a number) at which the user's
   * health factor reaches 1 with every other price fixed; null when none exists (no debt,
   * the asset plays no part, or the health factor would need a price <= 0).
   */
  liquidationPrice(user: string, asset: string, nowSeconds: number): number | null {
    this.config(asset);
    return solveLiquidationPrice(this.accountDetail(user, nowSeconds), asset, (symbol) => this.config(symbol));
  }

  // ── internals ───────────────────────────────────────────────────────────────────────────

  private run<T>(nowSeconds: number, action: (tx: LendingTx) => T, enforceHealth = true): T {
    const now = this.checkTime(nowSeconds);
    const nowBig = BigInt(now);
    const tx = new LendingTx(
      this.state,
      this.configs,
      (asset) => this.getAssetPrice(asset),
      (asset, stored) => this.accrue(asset, stored, nowBig),
      nowBig,
      enforceHealth,
    );
    const result = action(tx);
    tx.commitInto(this.state);
    this.clockSeconds = now;
    return result;
  }

  private reserveAt(asset: string, now: bigint): ReserveState {
    return this.accrue(asset, this.state.reserves.get(asset)!, now);
  }

  /**
   * `accrueReserve`, resuming a replay reserve from its last checkpoint: a backtest that reads
   * a reserve every block then walks each recorded step once instead of once per read.
   */
  private accrue(asset: string, stored: ReserveState, now: bigint): ReserveState {
    const config = this.config(asset);
    if (config.replayRates === undefined) return accrueReserve(stored, config, now);
    const saved = this.replayCheckpoints.get(asset);
    const from = saved !== undefined && saved.stored === stored && saved.checkpoint.lastUpdateTimestampSeconds <= now ? saved.checkpoint : stored;
    const checkpoint = accrueToLastRecordedStep(from, config, now);
    this.replayCheckpoints.set(asset, { stored, checkpoint });
    return accrueReserve(checkpoint, config, now);
  }

  private config(asset: string): ResolvedReserveConfig {
    const config = this.configs.get(asset);
    if (config === undefined) throw new InvalidInputError('asset', asset, `not a reserve of this market (${[...this.configs.keys()].join(', ')})`);
    return config;
  }

  private checkTime(nowSeconds: number): number {
    const now = requireTime('nowSeconds', nowSeconds);
    if (now < this.clockSeconds) {
      throw new InvalidInputError('nowSeconds', nowSeconds, `time cannot go back: the market is at ${this.clockSeconds}`);
    }
    return now;
  }
}

function requireTime(field: string, seconds: number): number {
  if (!(Number.isSafeInteger(seconds) && seconds >= 0)) throw new InvalidInputError(field, seconds, 'must be an integer number of seconds >= 0');
  return seconds;
}

function requireUser(user: string): string {
  if (typeof user !== 'string' || user === '') throw new InvalidInputError('user', user, 'must be a non-empty string');
  return user;
}
