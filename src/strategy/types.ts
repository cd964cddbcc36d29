/**
 * The shapes a strategy is written against (docs/ARCHITECTURE.md, "The engine, as designed for
 * issue 5"). A strategy sees a `MarketView` and its own `Book`, returns `Intent`s, and never
 * touches a venue, the chain or the store: the same code runs in backtest, devnet and live.
 */
import type { z } from 'zod';
import type { MarketView } from '../market/simulator/market-view.js';

/** JSON-only memory, so the keeper can persist it in the store and resume after a restart. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

interface IntentBase {
  /** Why the strategy wants this: lands in the ledger next to the fill or the revert. */
  readonly reason: string;
}

/** Exact-input swap on a Uniswap v3 pool; the executor adds the minimum output and a deadline. */
export interface SwapIntent extends IntentBase {
  readonly kind: 'swap';
  readonly pool: string;
  /** true: pay token0, receive token1 */
  readonly zeroForOne: boolean;
  /** input amount, base units of the input token (> 0) */
  readonly amountIn: bigint;
}

/** Mint v3 liquidity; the executor caps the amounts it may pull (amount0Max/amount1Max). */
export interface AddLiquidityIntent extends IntentBase {
  readonly kind: 'addLiquidity';
  readonly pool: string;
  readonly tickLower: number;
  readonly tickUpper: number;
  /** liquidity units of the pool (L), > 0 */
  readonly liquidity: bigint;
}

/** Burn v3 liquidity (amounts become owed, then collected by a `collectFees` intent). */
export interface RemoveLiquidityIntent extends IntentBase {
  readonly kind: 'removeLiquidity';
  readonly pool: string;
  readonly tickLower: number;
  readonly tickUpper: number;
  /** liquidity units to burn, > 0 */
  readonly liquidity: bigint;
}

/** Collect everything a v3 position is owed (fees, and burned principal if any). */
export interface CollectFeesIntent extends IntentBase {
  readonly kind: 'collectFees';
  readonly pool: string;
  readonly tickLower: number;
  readonly tickUpper: number;
}

/** Lending verbs on a lending market; `amount` in the asset's base units (> 0). */
export interface LendingIntent extends IntentBase {
  readonly kind: 'supply' | 'withdraw' | 'borrow' | 'repay';
  readonly asset: string;
  readonly amount: bigint;
  /** the lending market's id (`MarketView.lendingMarketIds`; default: the first) */
  readonly market?: string;
}

/** Move collateral into (`perpDeposit`) or out of (`perpWithdraw`) the perp account; `amount` in base units of the perp's collateral token (> 0). */
export interface PerpCollateralIntent extends IntentBase {
  readonly kind: 'perpDeposit' | 'perpWithdraw';
  readonly amount: bigint;
}

/** Change the perp position by `sizeDeltaWei` (1e18 = one unit of the underlying; > 0 buys, < 0 sells); the executor adds a limit price. */
export interface PerpTradeIntent extends IntentBase {
  readonly kind: 'perpTrade';
  readonly sizeDeltaWei: bigint;
}

/**
 * Move collateral into (`optionDeposit`) or out of (`optionWithdraw`) the option account: cash in
 * base units of the venue's cash token, underlying in wei; at least one > 0, none < 0. Only what
 * is not locked for written options can leave.
 */
export interface OptionCollateralIntent extends IntentBase {
  readonly kind: 'optionDeposit' | 'optionWithdraw';
  readonly cashUnits?: bigint;
  readonly underlyingWei?: bigint;
}

/**
 * Buy or sell (write) `sizeWei` of a listed option series (1e18 = one contract on one unit of the
 * underlying). The executor adds a limit premium: `limitPrice` when given (a reserve price: a
 * sell never fills below it, a buy never above), else the venue's bid/ask moved against the
 * trader by |Δ|·S times the k·σ·√Δt tolerance.
 */
export interface OptionTradeIntent extends IntentBase {
  readonly kind: 'optionTrade';
  readonly side: 'buy' | 'sell';
  readonly optionKind: 'call' | 'put';
  /** collateral (cash) per unit of the underlying; must be a listed strike */
  readonly strike: number;
  readonly expirySeconds: number;
  readonly sizeWei: bigint;
  /** premium per unit of the underlying, cash per unit */
  readonly limitPrice?: number;
}

export type Intent =
  | SwapIntent
  | AddLiquidityIntent
  | RemoveLiquidityIntent
  | CollectFeesIntent
  | LendingIntent
  | PerpCollateralIntent
  | PerpTradeIntent
  | OptionCollateralIntent
  | OptionTradeIntent;
export type IntentKind = Intent['kind'];

/** One Uniswap v3 position of the vault, as the pool stores it plus the fees not yet credited. */
export interface BookLpPosition {
  readonly pool: string;
  readonly tickLower: number;
  readonly tickUpper: number;
  /** liquidity units (L) */
  readonly liquidity: bigint;
  /** token amounts the liquidity is worth at the pool's current price, base units (rounded down) */
  readonly amount0: bigint;
  readonly amount1: bigint;
  /** fees earned and not collected (tokensOwed + growth since the last poke), base units */
  readonly feesOwed0: bigint;
  readonly feesOwed1: bigint;
  /** burned principal owed by the pool and not collected yet, base units */
  readonly principalOwed0: bigint;
  readonly principalOwed1: bigint;
}

/** A lending reserve of the vault, base units of the asset, interest accrued to the block time. */
export interface BookLendingPosition {
  /** the lending market's id */
  readonly market: string;
  readonly asset: string;
  readonly supplied: bigint;
  readonly debt: bigint;
}

/**
 * The vault's perp account (isolated margin), valued at the perp venue's mark. Money in base
 * units of `collateralToken`; size in wei of the underlying (1e18 = one unit, long > 0).
 */
export interface BookPerpPosition {
  readonly collateralToken: string;
  readonly collateral: bigint;
  readonly sizeWei: bigint;
  /** average entry price, numeraire per unit; undefined without a position */
  readonly entryPrice: number | undefined;
  /** the venue's mark price the values below use */
  readonly markPrice: number;
  readonly unrealizedPnl: bigint;
  /** collateral + unrealized PnL: what the account is worth */
  readonly equity: bigint;
  /** equity / notional at the mark; Infinity without a position */
  readonly marginRatio: number;
  /** the venue's maintenance margin ratio (liquidation below it) */
  readonly maintenanceMarginRatio: number;
  /** the venue's initial margin ratio (needed to grow the position or withdraw collateral) */
  readonly initialMarginRatio: number;
  /** mark price at which equity would equal the maintenance margin; undefined if none */
  readonly liquidationPrice: number | undefined;
  /** cumulative funding paid (> 0) or received (< 0) since the account opened */
  readonly fundingPaid: bigint;
  /** cumulative taker fees paid */
  readonly feesPaid: bigint;
}

/**
 * One option series the vault holds, marked at the venue's quote mid (Black–Scholes–Merton at
 * the surface vol). Greeks are per the whole position (size included) against the underlying's
 * price: delta in units of the underlying, gamma per unit of price, vega in cash per 1.00 of
 * volatility, theta in cash per year.
 */
export interface BookOptionPosition {
  readonly optionKind: 'call' | 'put';
  readonly strike: number;
  readonly expirySeconds: number;
  /** long > 0, written < 0; wei of the underlying */
  readonly sizeWei: bigint;
  /** the mid the value uses, cash per unit of the underlying */
  readonly markPrice: number;
  /** the surface vol the mid is priced at */
  readonly volatility: number;
  /** size × mid in cash base units: a long floored, a written option's liability rounded up (< 0) */
  readonly value: bigint;
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
  readonly theta: number;
}

/**
 * The vault's option account: free and locked collateral (a written call locks its size in the
 * underlying, a written put strike × size in cash) and the positions. Value = cash + locked cash
 * + Σ position values (cash token) and underlying + locked underlying (underlying token).
 */
export interface BookOptions {
  readonly cashToken: string;
  readonly underlyingToken: string;
  /** free cash, base units of `cashToken` */
  readonly cash: bigint;
  /** free underlying, wei */
  readonly underlying: bigint;
  readonly lockedCash: bigint;
  readonly lockedUnderlying: bigint;
  readonly positions: readonly BookOptionPosition[];
  /** Σ position values, cash base units (negative when the vault is a net writer) */
  readonly positionsValue: bigint;
}

/** An intent whose transaction is in the mempool: the strategy must not send it twice. */
export interface PendingIntent {
  readonly txId: string;
  readonly intent: Intent;
  /** block number of the view the intent was decided on */
  readonly decidedAtBlock: number;
}

/** The vault's own holdings at a block, in base units. Built by the engine, never by a strategy. */
export interface Book {
  /** the vault's ledger address */
  readonly address: string;
  readonly blockNumber: number;
  /** token → base units the vault's address holds (the native gas token included) */
  readonly idle: Readonly<Record<string, bigint>>;
  readonly lp: readonly BookLpPosition[];
  /** per market (in `MarketView.lendingMarketIds` order), then per asset */
  readonly lending: readonly BookLendingPosition[];
  /** the perp account, when the vault has one */
  readonly perp?: BookPerpPosition;
  /** the option account, when the vault has one */
  readonly options?: BookOptions;
  readonly pending: readonly PendingIntent[];
  /** vault shares outstanding (share base units) */
  readonly sharesOutstanding: bigint;
}

/** What `decide` returns: the intents and the next memory. */
export interface Decision<Memory extends JsonValue> {
  readonly intents: readonly Intent[];
  /** the next memory; return the one given (the same object) when nothing changed */
  readonly memory: Memory;
  /** why, in words, for people watching (the CLI, the dashboard); not persisted */
  readonly note?: string;
}

/**
 * A strategy. `decide` must be pure: no I/O, no clock, no randomness, no mutation of its inputs
 * (the engine freezes them), so the same inputs always give the same decision.
 */
export interface Strategy<Params, Memory extends JsonValue> {
  readonly name: string;
  readonly paramsSchema: z.ZodType<Params>;
  initialMemory(params: Params): Memory;
  decide(view: MarketView, book: Book, params: Params, memory: Memory): Decision<Memory>;
}
