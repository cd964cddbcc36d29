/**
 * The action executor table: one small function per action kind. Each checks its guards and
 * the sender's balances BEFORE it writes anything, then moves the venue and the ledger
 * together, so a refusal at any point leaves both untouched (a revert changes nothing but the
 * gas, charged by the simulator). New action kinds plug in through the simulator's `executors`.
 */
import { InvalidInputError } from '../../errors.js';
import { MAX_UINT128 } from '../../uniswap-v3/constants.js';
import { getAmount0Delta, getAmount1Delta } from '../../uniswap-v3/sqrt-price-math.js';
import { getSqrtRatioAtTick } from '../../uniswap-v3/tick-math.js';
import type { Action, ActionKind } from './actions.js';
import type { TokenLedger } from './ledger.js';
import { lendingVenueOf, withLendingMarkets, type ConstantProductVenue, type LendingVenue, type OptionsVenue, type PerpVenue, type PoolVenue, type VenueSet } from './venues.js';

/** A guard or balance check failed: the transaction reverts with this reason. */
export class Revert extends Error {
  override readonly name = 'Revert';
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface ExecutionContext {
  readonly ledger: TokenLedger;
  readonly venues: VenueSet;
  /** the block's timestamp */
  readonly nowSeconds: number;
  /** the external price of the risky asset (spot for the option venue) */
  readonly externalPrice: number;
  /** the most initialized ticks a v3 swap may cross within its gas limit (undefined: no limit) */
  readonly maxTicksCrossed: number | undefined;
  /**
   * Replay reserves: external yield already paid into each lending venue's ledger account, by
   * `${address}|${asset}` (the simulator keeps it; without it nothing is paid in).
   */
  readonly externalYieldPaid?: Map<string, bigint>;
}

/** The revert reason of a transaction that ran out of gas (it is charged its whole gas limit). */
export const OUT_OF_GAS = 'out of gas';

export interface ExecutionOutcome {
  readonly result: unknown;
  /** a v3 swap's initialized ticks crossed, for its gas */
  readonly initializedTicksCrossed?: number;
}

export type Executor<A extends Action = Action> = (context: ExecutionContext, sender: string, action: A) => ExecutionOutcome;

/** The action of one kind (a member whose `kind` is a union is narrowed to the one kind). */
export type ActionOf<K extends ActionKind> = Action extends infer A ? (A extends Action ? (K extends A['kind'] ? A & { readonly kind: K } : never) : never) : never;

type ExecutorTable = { [K in ActionKind]: Executor<ActionOf<K>> };

function requireBalance(ledger: TokenLedger, address: string, token: string, amount: bigint): void {
  if (ledger.balanceOf(address, token) < amount) throw new Revert(`STF: ${address} holds ${ledger.balanceOf(address, token)} ${token}, needs ${amount}`);
}

function poolOf(context: ExecutionContext, id: string): PoolVenue {
  const venue = context.venues.pools.get(id);
  if (venue === undefined) throw new InvalidInputError('action.pool', id, `no such pool (${[...context.venues.pools.keys()].join(', ')})`);
  return venue;
}

function need<T>(venue: T | undefined, name: string): T {
  if (venue === undefined) throw new InvalidInputError('action.kind', name, 'the simulator has no such venue');
  return venue;
}

/** Token amounts a liquidity change moves at the current price, as the pool's _modifyPosition computes them. */
function amountsForLiquidityDelta(venue: PoolVenue, tickLower: number, tickUpper: number, liquidity: bigint, roundUp: boolean): [bigint, bigint] {
  const { sqrtPriceX96, tick } = venue.pool.slot0;
  const sqrtLower = getSqrtRatioAtTick(tickLower);
  const sqrtUpper = getSqrtRatioAtTick(tickUpper);
  if (tick < tickLower) return [getAmount0Delta(sqrtLower, sqrtUpper, liquidity, roundUp), 0n];
  if (tick < tickUpper) return [getAmount0Delta(sqrtPriceX96, sqrtUpper, liquidity, roundUp), getAmount1Delta(sqrtLower, sqrtPriceX96, liquidity, roundUp)];
  return [0n, getAmount1Delta(sqrtLower, sqrtUpper, liquidity, roundUp)];
}

const v3Swap: ExecutorTable['v3Swap'] = (context, sender, action) => {
  const venue = poolOf(context, action.pool);
  const tokenIn = action.zeroForOne ? venue.token0 : venue.token1;
  const tokenOut = action.zeroForOne ? venue.token1 : venue.token0;
  const recipient = action.recipient ?? sender;
  // Guards run on the exact outcome before the pool writes anything: one swap computation.
  const quote = venue.pool.swapIf(recipient, action.zeroForOne, action.amountSpecified, action.sqrtPriceLimitX96, (outcome) => {
    if (context.maxTicksCrossed !== undefined && outcome.initializedTicksCrossed > context.maxTicksCrossed) throw new Revert(OUT_OF_GAS);
    const amountIn = action.zeroForOne ? outcome.amount0 : outcome.amount1;
    const amountOut = -(action.zeroForOne ? outcome.amount1 : outcome.amount0);
    if (action.amountSpecified > 0n && action.amountOutMinimum !== undefined && amountOut < action.amountOutMinimum) {
      throw new Revert(`Too little received: ${amountOut} < ${action.amountOutMinimum}`);
    }
    if (action.amountSpecified < 0n && action.amountInMaximum !== undefined && amountIn > action.amountInMaximum) {
      throw new Revert(`Too much requested: ${amountIn} > ${action.amountInMaximum}`);
    }
    requireBalance(context.ledger, sender, tokenIn, amountIn);
  });
  const amountIn = action.zeroForOne ? quote.amount0 : quote.amount1;
  const amountOut = -(action.zeroForOne ? quote.amount1 : quote.amount0);
  context.ledger.transfer(sender, venue.address, tokenIn, amountIn);
  context.ledger.transfer(venue.address, recipient, tokenOut, amountOut);
  return {
    result: { amount0: quote.amount0, amount1: quote.amount1, sqrtPriceX96After: quote.sqrtPriceX96After, tickAfter: quote.tickAfter },
    initializedTicksCrossed: quote.initializedTicksCrossed,
  };
};

const v3Mint: ExecutorTable['v3Mint'] = (context, sender, action) => {
  const venue = poolOf(context, action.pool);
  if (action.liquidity <= 0n) throw new Revert('AMOUNT_ZERO');
  const [owed0, owed1] = amountsForLiquidityDelta(venue, action.tickLower, action.tickUpper, action.liquidity, true);
  if ((action.amount0Max !== undefined && owed0 > action.amount0Max) || (action.amount1Max !== undefined && owed1 > action.amount1Max)) {
    throw new Revert(`Price slippage check: owes ${owed0}, ${owed1}`);
  }
  requireBalance(context.ledger, sender, venue.token0, owed0);
  requireBalance(context.ledger, sender, venue.token1, owed1);
  const paid = venue.pool.mint(sender, action.tickLower, action.tickUpper, action.liquidity);
  if (paid.amount0 !== owed0 || paid.amount1 !== owed1) throw new Error('v3Mint: the mint differs from its precomputed amounts');
  context.ledger.transfer(sender, venue.address, venue.token0, owed0);
  context.ledger.transfer(sender, venue.address, venue.token1, owed1);
  return { result: paid };
};

const v3Burn: ExecutorTable['v3Burn'] = (context, sender, action) => {
  const venue = poolOf(context, action.pool);
  const [out0, out1] = amountsForLiquidityDelta(venue, action.tickLower, action.tickUpper, action.liquidity, false);
  if ((action.amount0Min !== undefined && out0 < action.amount0Min) || (action.amount1Min !== undefined && out1 < action.amount1Min)) {
    throw new Revert(`Price slippage check: returns ${out0}, ${out1}`);
  }
  // Burned amounts become tokensOwed: nothing leaves the pool until `v3Collect`.
  return { result: venue.pool.burn(sender, action.tickLower, action.tickUpper, action.liquidity) };
};

const v3Collect: ExecutorTable['v3Collect'] = (context, sender, action) => {
  const venue = poolOf(context, action.pool);
  const got = venue.pool.collect(
    sender,
    sender,
    action.tickLower,
    action.tickUpper,
    action.amount0Requested ?? MAX_UINT128,
    action.amount1Requested ?? MAX_UINT128,
  );
  context.ledger.transfer(venue.address, sender, venue.token0, got.amount0);
  context.ledger.transfer(venue.address, sender, venue.token1, got.amount1);
  return { result: got };
};

function cpTokens(venue: ConstantProductVenue, tokenIn: 0 | 1): [string, string] {
  return tokenIn === 0 ? [venue.pool.token0, venue.pool.token1] : [venue.pool.token1, venue.pool.token0];
}

const cpSwap: ExecutorTable['cpSwap'] = (context, sender, action) => {
  const venue = need(context.venues.constantProduct, 'cpSwap');
  const [tokenIn, tokenOut] = cpTokens(venue, action.tokenIn);
  const amountOut = venue.pool.getAmountOut(action.tokenIn, action.amountIn);
  if (action.amountOutMin !== undefined && amountOut < action.amountOutMin) throw new Revert(`UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT (${amountOut})`);
  requireBalance(context.ledger, sender, tokenIn, action.amountIn);
  venue.pool.swapExactIn(action.tokenIn, action.amountIn, action.amountOutMin ?? 0n);
  context.ledger.transfer(sender, venue.address, tokenIn, action.amountIn);
  context.ledger.transfer(venue.address, sender, tokenOut, amountOut);
  return { result: { amountIn: action.amountIn, amountOut } };
};

const cpAddLiquidity: ExecutorTable['cpAddLiquidity'] = (context, sender, action) => {
  const venue = need(context.venues.constantProduct, 'cpAddLiquidity');
  requireBalance(context.ledger, sender, venue.pool.token0, action.amount0Desired);
  requireBalance(context.ledger, sender, venue.pool.token1, action.amount1Desired);
  const receipt = venue.pool.addLiquidity(sender, action.amount0Desired, action.amount1Desired, action.amount0Min ?? 0n, action.amount1Min ?? 0n);
  context.ledger.transfer(sender, venue.address, venue.pool.token0, receipt.amount0);
  context.ledger.transfer(sender, venue.address, venue.pool.token1, receipt.amount1);
  return { result: receipt };
};

const cpRemoveLiquidity: ExecutorTable['cpRemoveLiquidity'] = (context, sender, action) => {
  const venue = need(context.venues.constantProduct, 'cpRemoveLiquidity');
  const receipt = venue.pool.removeLiquidity(sender, action.liquidity, action.amount0Min ?? 0n, action.amount1Min ?? 0n);
  context.ledger.transfer(venue.address, sender, venue.pool.token0, receipt.amount0);
  context.ledger.transfer(venue.address, sender, venue.pool.token1, receipt.amount1);
  return { result: receipt };
};

function lendingOf(context: ExecutionContext, market: string | undefined): LendingVenue {
  const venues = context.venues.lendingMarkets === undefined ? withLendingMarkets(context.venues) : { ...context.venues, lendingMarkets: context.venues.lendingMarkets };
  if (venues.lending === undefined) need(undefined, 'lending');
  return lendingVenueOf(venues, market);
}

/**
 * A replay reserve credits its recorded yield (and flash-loan premiums) to suppliers from
 * outside the simulated borrowers (`ReserveState.externalYield`). The tokens are minted into the
 * venue's ledger account when a transaction touches the reserve, so a supplier withdrawing the
 * recorded yield is paid real tokens and every token's supply still equals minted − burned.
 */
function payExternalYield(context: ExecutionContext, venue: LendingVenue, asset: string): void {
  const paid = context.externalYieldPaid;
  if (paid === undefined || venue.market.getReserveConfig(asset).replayRates === undefined) return;
  const key = `${venue.address}|${asset}`;
  const owed = venue.market.getReserveData(asset, Math.max(context.nowSeconds, venue.market.nowSeconds)).externalYield - (paid.get(key) ?? 0n);
  if (owed <= 0n) return;
  context.ledger.mint(venue.address, asset, owed);
  paid.set(key, (paid.get(key) ?? 0n) + owed);
}

const lendingSupply: ExecutorTable['lendingSupply'] = (context, sender, action) => {
  const venue = lendingOf(context, action.market);
  requireBalance(context.ledger, sender, action.asset, action.amount);
  const supplied = venue.market.supply(sender, action.asset, action.amount, context.nowSeconds);
  payExternalYield(context, venue, action.asset);
  context.ledger.transfer(sender, venue.address, action.asset, supplied);
  return { result: { amount: supplied } };
};

const lendingWithdraw: ExecutorTable['lendingWithdraw'] = (context, sender, action) => {
  const venue = lendingOf(context, action.market);
  const withdrawn = venue.market.withdraw(sender, action.asset, action.amount, context.nowSeconds);
  payExternalYield(context, venue, action.asset);
  context.ledger.transfer(venue.address, sender, action.asset, withdrawn);
  return { result: { amount: withdrawn } };
};

const lendingBorrow: ExecutorTable['lendingBorrow'] = (context, sender, action) => {
  const venue = lendingOf(context, action.market);
  const borrowed = venue.market.borrow(sender, action.asset, action.amount, context.nowSeconds);
  payExternalYield(context, venue, action.asset);
  context.ledger.transfer(venue.address, sender, action.asset, borrowed);
  return { result: { amount: borrowed } };
};

const lendingRepay: ExecutorTable['lendingRepay'] = (context, sender, action) => {
  const venue = lendingOf(context, action.market);
  const debt = venue.market.debtOf(sender, action.asset, context.nowSeconds);
  requireBalance(context.ledger, sender, action.asset, action.amount < debt ? action.amount : debt);
  const repaid = venue.market.repay(sender, action.asset, action.amount, context.nowSeconds);
  payExternalYield(context, venue, action.asset);
  context.ledger.transfer(sender, venue.address, action.asset, repaid);
  return { result: { amount: repaid } };
};

const lendingLiquidate: ExecutorTable['lendingLiquidate'] = (context, sender, action) => {
  const venue = lendingOf(context, action.market);
  const now = context.nowSeconds;
  const debt = venue.market.debtOf(action.user, action.debtAsset, now);
  requireBalance(context.ledger, sender, action.debtAsset, action.debtToCover < debt ? action.debtToCover : debt);
  const receiveAToken = action.receiveAToken === true;
  if (action.minCollateralOut !== undefined) {
    // The guard needs the outcome before anything is written: try it on a clone first.
    const trial = venue.market.clone().liquidationCall(sender, action.collateralAsset, action.debtAsset, action.user, action.debtToCover, receiveAToken, now);
    if (trial.collateralToLiquidator < action.minCollateralOut) throw new Revert(`collateral ${trial.collateralToLiquidator} < minimum ${action.minCollateralOut}`);
  }
  const receipt = venue.market.liquidationCall(sender, action.collateralAsset, action.debtAsset, action.user, action.debtToCover, receiveAToken, now);
  payExternalYield(context, venue, action.debtAsset);
  if (action.collateralAsset !== action.debtAsset) payExternalYield(context, venue, action.collateralAsset);
  context.ledger.transfer(sender, venue.address, action.debtAsset, receipt.debtRepaid);
  if (!receiveAToken) context.ledger.transfer(venue.address, sender, action.collateralAsset, receipt.collateralToLiquidator);
  return { result: receipt };
};

function perpOf(context: ExecutionContext): PerpVenue {
  return need(context.venues.perp, 'perp');
}

const perpDeposit: ExecutorTable['perpDeposit'] = (context, sender, action) => {
  const venue = perpOf(context);
  requireBalance(context.ledger, sender, venue.collateralToken, action.amountUnits);
  venue.market.deposit(sender, action.amountUnits, context.nowSeconds);
  context.ledger.transfer(sender, venue.address, venue.collateralToken, action.amountUnits);
  return { result: { amountUnits: action.amountUnits } };
};

const perpWithdraw: ExecutorTable['perpWithdraw'] = (context, sender, action) => {
  const venue = perpOf(context);
  venue.market.withdraw(sender, action.amountUnits, context.nowSeconds);
  context.ledger.transfer(venue.address, sender, venue.collateralToken, action.amountUnits);
  return { result: { amountUnits: action.amountUnits } };
};

const perpTrade: ExecutorTable['perpTrade'] = (context, sender, action) => {
  const venue = perpOf(context);
  venue.market.advanceTo(context.nowSeconds);
  if (action.limitPrice !== undefined) {
    // The guard reads the reference (mark) price the fill starts from.
    const mark = venue.market.markPrice();
    if (action.sizeDeltaWei > 0n ? mark > action.limitPrice : mark < action.limitPrice) throw new Revert(`mark ${mark} beyond limit ${action.limitPrice}`);
  }
  return { result: venue.market.modifyPosition(sender, action.sizeDeltaWei, context.nowSeconds) };
};

function optionsOf(context: ExecutionContext): OptionsVenue {
  return need(context.venues.options, 'options');
}

const optionDeposit: ExecutorTable['optionDeposit'] = (context, sender, action) => {
  const venue = optionsOf(context);
  const cash = action.cashUnits ?? 0n;
  const underlying = action.underlyingWei ?? 0n;
  requireBalance(context.ledger, sender, venue.cashToken, cash);
  requireBalance(context.ledger, sender, venue.underlyingToken, underlying);
  venue.venue.deposit(sender, { cashUnits: cash, underlyingWei: underlying });
  context.ledger.transfer(sender, venue.address, venue.cashToken, cash);
  context.ledger.transfer(sender, venue.address, venue.underlyingToken, underlying);
  return { result: { cashUnits: cash, underlyingWei: underlying } };
};

const optionWithdraw: ExecutorTable['optionWithdraw'] = (context, sender, action) => {
  const venue = optionsOf(context);
  const cash = action.cashUnits ?? 0n;
  const underlying = action.underlyingWei ?? 0n;
  venue.venue.withdraw(sender, { cashUnits: cash, underlyingWei: underlying });
  context.ledger.transfer(venue.address, sender, venue.cashToken, cash);
  context.ledger.transfer(venue.address, sender, venue.underlyingToken, underlying);
  return { result: { cashUnits: cash, underlyingWei: underlying } };
};

const optionTrade: ExecutorTable['optionTrade'] = (context, sender, action) => {
  const venue = optionsOf(context);
  const { optionKind, strike, expirySeconds, sizeWei } = action;
  if (action.limitPrice !== undefined) {
    const quote = venue.venue.quote(optionKind, strike, expirySeconds, context.nowSeconds, context.externalPrice);
    const price = action.side === 'buy' ? quote.ask : quote.bid;
    if (action.side === 'buy' ? price > action.limitPrice : price < action.limitPrice) throw new Revert(`premium ${price} beyond limit ${action.limitPrice}`);
  }
  const trade =
    action.side === 'buy'
      ? venue.venue.buy(sender, optionKind, strike, expirySeconds, sizeWei, context.nowSeconds, context.externalPrice)
      : venue.venue.sell(sender, optionKind, strike, expirySeconds, sizeWei, context.nowSeconds, context.externalPrice);
  return { result: trade };
};

const transfer: ExecutorTable['transfer'] = (context, sender, action) => {
  requireBalance(context.ledger, sender, action.token, action.amount);
  context.ledger.transfer(sender, action.to, action.token, action.amount);
  return { result: { amount: action.amount } };
};

/** The built-in executors; a simulator may add kinds or replace these (its `executors` option). */
export const DEFAULT_EXECUTORS: Readonly<Record<string, Executor<never>>> = Object.freeze({
  v3Swap,
  v3Mint,
  v3Burn,
  v3Collect,
  cpSwap,
  cpAddLiquidity,
  cpRemoveLiquidity,
  lendingSupply,
  lendingWithdraw,
  lendingBorrow,
  lendingRepay,
  lendingLiquidate,
  perpDeposit,
  perpWithdraw,
  perpTrade,
  optionDeposit,
  optionWithdraw,
  optionTrade,
  transfer,
} satisfies ExecutorTable);

/** Runs one action against the venues and the ledger; throws Revert or the venue's own error on refusal. */
export function executeAction(
  table: Readonly<Record<string, Executor<never>>>,
  context: ExecutionContext,
  sender: string,
  action: Action,
): ExecutionOutcome {
  const executor = table[action.kind] as Executor | undefined;
  if (executor === undefined) throw new InvalidInputError('action.kind', action.kind, 'has no executor');
  return executor(context, sender, action);
}
