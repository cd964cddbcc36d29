/**
 * One market action as a transaction: it reads the committed state, stages new reserve and
 * user values, and `commit()` returns the next state only once the action has passed every
 * check. Reserves the action does not touch are valued at their normalized indexes without
 * being written, as Aave reads them (`getNormalizedIncome`/`getNormalizedDebt`), so the
 * rounding path of every index is the chain's.
 */
import { InvalidInputError } from '../../errors.js';
import type { ResolvedReserveConfig } from './config.js';
import type { ReserveState } from './reserve.js';
import { calculateUserAccountData, EMPTY_USER_RESERVE, type UserAccountDetail, type UserReserve } from './user-account.js';

export interface MarketState {
  readonly reserves: ReadonlyMap<string, ReserveState>;
  /** user → asset → position; inner maps are never mutated once committed. */
  readonly users: ReadonlyMap<string, ReadonlyMap<string, UserReserve>>;
}

/** The market's own copy; a clone copies the two outer maps and shares the immutable values. */
export interface MutableMarketState extends MarketState {
  readonly reserves: Map<string, ReserveState>;
  readonly users: Map<string, ReadonlyMap<string, UserReserve>>;
}

export class LendingTx {
  private readonly pendingReserves = new Map<string, ReserveState>();
  private readonly pendingUsers = new Map<string, Map<string, UserReserve>>();

  constructor(
    private readonly base: MarketState,
    private readonly configs: ReadonlyMap<string, ResolvedReserveConfig>,
    private readonly priceOf: (asset: string) => bigint,
    /** `accrueReserve` to `nowSeconds` (the market's, which may reuse replay checkpoints). */
    private readonly accrue: (asset: string, stored: ReserveState) => ReserveState,
    readonly nowSeconds: bigint,
    /** false only in what-if runs, which want the health factor an action would leave. */
    readonly enforceHealth: boolean = true,
  ) {}

  config(asset: string): ResolvedReserveConfig {
    const config = this.configs.get(asset);
    if (config === undefined) throw new InvalidInputError('asset', asset, `not a reserve of this market (${[...this.configs.keys()].join(', ')})`);
    return config;
  }

  price(asset: string): bigint {
    return this.priceOf(asset);
  }

  /** The reserve as last written (staged or committed), not accrued. */
  stored(asset: string): ReserveState {
    this.config(asset);
    return this.pendingReserves.get(asset) ?? this.base.reserves.get(asset)!;
  }

  /** `updateState`: accrues the reserve to now and stages it. */
  updateState(asset: string): ReserveState {
    const accrued = this.view(asset);
    this.pendingReserves.set(asset, accrued);
    return accrued;
  }

  /** The reserve valued at now without writing it. */
  view(asset: string): ReserveState {
    return this.accrue(asset, this.stored(asset));
  }

  putReserve(asset: string, state: ReserveState): void {
    this.pendingReserves.set(asset, state);
  }

  positions(user: string): ReadonlyMap<string, UserReserve> {
    return this.pendingUsers.get(user) ?? this.base.users.get(user) ?? new Map<string, UserReserve>();
  }

  position(user: string, asset: string): UserReserve {
    return this.positions(user).get(asset) ?? EMPTY_USER_RESERVE;
  }

  putPosition(user: string, asset: string, position: UserReserve): void {
    let staged = this.pendingUsers.get(user);
    if (staged === undefined) {
      staged = new Map(this.base.users.get(user) ?? []);
      this.pendingUsers.set(user, staged);
    }
    staged.set(asset, position);
  }

  accountData(user: string): UserAccountDetail {
    return calculateUserAccountData(this.positions(user), (asset) => ({
      config: this.config(asset),
      state: this.view(asset),
      priceBase8: this.price(asset),
    }));
  }

  /** Writes the staged values into the market's maps (only after the action has succeeded). */
  commitInto(target: MutableMarketState): void {
    for (const [asset, state] of this.pendingReserves) target.reserves.set(asset, state);
    for (const [user, positions] of this.pendingUsers) target.users.set(user, positions);
  }
}
