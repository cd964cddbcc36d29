/**
 * What a simulated transaction does: a discriminated union of venue actions, each executed by
 * one small function of the executor table (`executors.ts`). A transaction carries its own
 * guards (slippage minimum, price limit, deadline) and reverts when one fails, still paying
 * for its gas, as on chain. Amounts are bigint base units; a swap's `amountSpecified` follows
 * the pool (> 0 exact input, < 0 exact output).
 */
import type { GasActionKind } from '../chain/gas-schedule.js';

export interface V3SwapAction {
  readonly kind: 'v3Swap';
  readonly pool: string;
  readonly zeroForOne: boolean;
  /** > 0 exact input, < 0 exact output (the pool's convention) */
  readonly amountSpecified: bigint;
  readonly sqrtPriceLimitX96?: bigint;
  /** exact input: revert 'Too little received' below this output */
  readonly amountOutMinimum?: bigint;
  /** exact output: revert 'Too much requested' above this input */
  readonly amountInMaximum?: bigint;
  /** who receives the output (default: the sender) */
  readonly recipient?: string;
}

export interface V3MintAction {
  readonly kind: 'v3Mint';
  readonly pool: string;
  readonly tickLower: number;
  readonly tickUpper: number;
  readonly liquidity: bigint;
  /** revert 'Price slippage check' when the pool asks for more */
  readonly amount0Max?: bigint;
  readonly amount1Max?: bigint;
}

export interface V3BurnAction {
  readonly kind: 'v3Burn';
  readonly pool: string;
  readonly tickLower: number;
  readonly tickUpper: number;
  readonly liquidity: bigint;
  readonly amount0Min?: bigint;
  readonly amount1Min?: bigint;
}

export interface V3CollectAction {
  readonly kind: 'v3Collect';
  readonly pool: string;
  readonly tickLower: number;
  readonly tickUpper: number;
  /** default: everything owed */
  readonly amount0Requested?: bigint;
  readonly amount1Requested?: bigint;
}

export interface CpSwapAction {
  readonly kind: 'cpSwap';
  readonly tokenIn: 0 | 1;
  readonly amountIn: bigint;
  readonly amountOutMin?: bigint;
}

export interface CpAddLiquidityAction {
  readonly kind: 'cpAddLiquidity';
  readonly amount0Desired: bigint;
  readonly amount1Desired: bigint;
  readonly amount0Min?: bigint;
  readonly amount1Min?: bigint;
}

export interface CpRemoveLiquidityAction {
  readonly kind: 'cpRemoveLiquidity';
  readonly liquidity: bigint;
  readonly amount0Min?: bigint;
  readonly amount1Min?: bigint;
}

export interface LendingAmountAction {
  readonly kind: 'lendingSupply' | 'lendingWithdraw' | 'lendingBorrow' | 'lendingRepay';
  readonly asset: string;
  /** base units; MAX_AMOUNT withdraws / repays everything */
  readonly amount: bigint;
  /** the lending market's id (default: the first market) */
  readonly market?: string;
}

export interface LendingLiquidateAction {
  readonly kind: 'lendingLiquidate';
  readonly collateralAsset: string;
  readonly debtAsset: string;
  readonly user: string;
  /** MAX_AMOUNT: as much as the close factor allows */
  readonly debtToCover: bigint;
  readonly receiveAToken?: boolean;
  /** revert below this much collateral received */
  readonly minCollateralOut?: bigint;
  /** the lending market's id (default: the first market) */
  readonly market?: string;
}

export interface PerpCollateralAction {
  readonly kind: 'perpDeposit' | 'perpWithdraw';
  readonly amountUnits: bigint;
}

export interface PerpTradeAction {
  readonly kind: 'perpTrade';
  /** > 0 buys */
  readonly sizeDeltaWei: bigint;
  /** buys revert when the mark price (the fill's reference) is above it, sells when below */
  readonly limitPrice?: number;
}

export interface OptionCollateralAction {
  readonly kind: 'optionDeposit' | 'optionWithdraw';
  readonly cashUnits?: bigint;
  readonly underlyingWei?: bigint;
}

export interface OptionTradeAction {
  readonly kind: 'optionTrade';
  readonly side: 'buy' | 'sell';
  readonly optionKind: 'call' | 'put';
  readonly strike: number;
  readonly expirySeconds: number;
  readonly sizeWei: bigint;
  /** buys revert above, sells below this premium per unit */
  readonly limitPrice?: number;
}

export interface TransferAction {
  readonly kind: 'transfer';
  readonly token: string;
  readonly to: string;
  readonly amount: bigint;
}

export type Action =
  | V3SwapAction
  | V3MintAction
  | V3BurnAction
  | V3CollectAction
  | CpSwapAction
  | CpAddLiquidityAction
  | CpRemoveLiquidityAction
  | LendingAmountAction
  | LendingLiquidateAction
  | PerpCollateralAction
  | PerpTradeAction
  | OptionCollateralAction
  | OptionTradeAction
  | TransferAction;

export type ActionKind = Action['kind'];

/** The gas schedule line of each action (a v3 swap adds its tick crossings). */
export const GAS_KIND_OF: Readonly<Record<ActionKind, GasActionKind>> = Object.freeze({
  v3Swap: 'swap',
  v3Mint: 'mint',
  v3Burn: 'burn',
  v3Collect: 'collect',
  cpSwap: 'swap',
  cpAddLiquidity: 'mint',
  cpRemoveLiquidity: 'burn',
  lendingSupply: 'supply',
  lendingWithdraw: 'withdraw',
  lendingBorrow: 'borrow',
  lendingRepay: 'repay',
  lendingLiquidate: 'liquidation',
  perpDeposit: 'transfer',
  perpWithdraw: 'transfer',
  perpTrade: 'perpTrade',
  optionDeposit: 'transfer',
  optionWithdraw: 'transfer',
  optionTrade: 'optionTrade',
  transfer: 'transfer',
});

/** What a transaction carries through the mempool. */
export interface SimPayload {
  readonly action: Action;
  /** revert 'Transaction too old' when included in a block stamped after this */
  readonly deadlineSeconds?: number;
}

/** A transaction as an agent or an executor hands it to the simulator. */
export interface SimTransactionRequest {
  readonly sender: string;
  readonly action: Action;
  /** wei per gas offered to the builder */
  readonly maxPriorityFeePerGas: bigint;
  /** default: 2 × the latest base fee + the tip (what wallets send) */
  readonly maxFeePerGas?: bigint;
  /** default: the schedule's gas for the action (a swap: room for `swapTickAllowance` crossings) */
  readonly gasLimit?: bigint;
  readonly deadlineSeconds?: number;
  /** sent privately: included, but never in publicPending() */
  readonly isPrivate?: boolean;
  /** default: `${sender}#${n}`; unique over the run */
  readonly id?: string;
}

export type TransactionStatus = 'success' | 'reverted';

export interface Receipt {
  readonly txId: string;
  readonly sender: string;
  readonly blockNumber: number;
  /** position in the block */
  readonly index: number;
  readonly status: TransactionStatus;
  readonly revertReason?: string;
  readonly gasUsed: bigint;
  /** gasUsed × effective gas price: what left the sender's native balance */
  readonly gasCostWei: bigint;
  readonly burnedWei: bigint;
  readonly tipWei: bigint;
  readonly bundleId?: string;
  /** what the action returned (undefined when reverted) */
  readonly result: unknown;
}
