/**
 * The engine's ledger: an append-only event log (every intent, risk decision, submission, fill,
 * revert and drop, with gas) and the block flows the PnL decomposition needs, read from the
 * vault's receipts in the block they landed in.
 */
import type { Action, Receipt, V3SwapAction } from '../market/simulator/actions.js';
import type { RiskDecision } from '../risk/types.js';
import type { Intent } from '../strategy/types.js';
import type { BookBuilder } from './book-builder.js';
import type { BlockFlows, Bucket } from './pnl.js';

export type LedgerEvent =
  | { readonly type: 'intent'; readonly blockNumber: number; readonly timestampSeconds: number; readonly intent: Intent }
  | { readonly type: 'risk'; readonly blockNumber: number; readonly timestampSeconds: number; readonly decision: RiskDecision }
  | {
      readonly type: 'submitted';
      readonly blockNumber: number;
      readonly timestampSeconds: number;
      readonly txIds: readonly string[];
      readonly actions: readonly Action[];
      readonly reason: string;
    }
  | {
      readonly type: 'fill' | 'revert';
      readonly blockNumber: number;
      readonly timestampSeconds: number;
      readonly txId: string;
      readonly action: Action;
      /** wei of the native token that left the vault for this transaction */
      readonly gasCostWei: bigint;
      /** the same at the block's mark, numeraire base units (floored; analytics, not the PnL) */
      readonly gasCostBaseUnits: bigint;
      readonly revertReason?: string;
      readonly result?: unknown;
      /** a sandwiched swap: output it lost, in the output token (mev.ts) */
      readonly mevLossOut?: bigint;
    }
  | { readonly type: 'dropped'; readonly blockNumber: number; readonly timestampSeconds: number; readonly txIds: readonly string[]; readonly reason: string }
  /** the failure breaker tripped: the engine stops asking the strategy (loop.ts) */
  | { readonly type: 'halted'; readonly blockNumber: number; readonly timestampSeconds: number; readonly reason: string }
  /** capital from (> 0) or to (< 0) the vault's owners: genesis funding, deposits, withdrawals */
  | { readonly type: 'deposit'; readonly blockNumber: number; readonly timestampSeconds: number; readonly token: string; readonly amount: bigint };

export interface PoolTokens {
  (pool: string): readonly [string, string];
}

interface Amounts {
  readonly amount0: bigint;
  readonly amount1: bigint;
}

function amountsOf(result: unknown): Amounts {
  const r = result as Partial<Amounts> | undefined;
  if (r === undefined || typeof r.amount0 !== 'bigint' || typeof r.amount1 !== 'bigint') throw new Error('fill without amount0/amount1');
  return { amount0: r.amount0, amount1: r.amount1 };
}

function amountOf(result: unknown): bigint {
  const r = result as { amount?: unknown } | undefined;
  if (r === undefined || typeof r.amount !== 'bigint') throw new Error('fill without amount');
  return r.amount;
}

/** A swap's output lost to a sandwich, in the output token (ledger.ts: `mevLossOf`), or undefined when it was not sandwiched. */
export type MevLossOf = (receipt: Receipt, action: V3SwapAction, amountOut: bigint) => bigint | undefined;

/** The flows of the vault's receipts in one block, in block order; updates the book builder's LP state. */
export function flowsOfReceipts(
  receipts: readonly { readonly receipt: Receipt; readonly action: Action }[],
  nativeToken: string,
  poolTokens: PoolTokens,
  books: BookBuilder,
  mevLossOf?: MevLossOf,
): BlockFlows {
  const transfers: { from: Bucket; to: Bucket; token: string; amount: bigint }[] = [];
  const gas: { token: string; amount: bigint }[] = [];
  const trades: { tokenIn: string; amountIn: bigint; tokenOut: string; amountOut: bigint; mevLossOut?: bigint }[] = [];
  const optionPremium: { token: string; amount: bigint }[] = [];
  const move = (from: Bucket, to: Bucket, token: string, amount: bigint): void => {
    if (amount !== 0n) transfers.push({ from, to, token, amount });
  };
  for (const { receipt, action } of receipts) {
    if (receipt.gasCostWei > 0n) gas.push({ token: nativeToken, amount: receipt.gasCostWei });
    if (receipt.status !== 'success') continue;
    switch (action.kind) {
      case 'v3Swap': {
        const [token0, token1] = poolTokens(action.pool);
        const { amount0, amount1 } = amountsOf(receipt.result);
        const trade = action.zeroForOne
          ? { tokenIn: token0, amountIn: amount0, tokenOut: token1, amountOut: -amount1 }
          : { tokenIn: token1, amountIn: amount1, tokenOut: token0, amountOut: -amount0 };
        const mevLossOut = mevLossOf?.(receipt, action, trade.amountOut);
        trades.push(mevLossOut === undefined ? trade : { ...trade, mevLossOut });
        break;
      }
      case 'v3Mint': {
        const [token0, token1] = poolTokens(action.pool);
        const { amount0, amount1 } = amountsOf(receipt.result);
        books.trackRange(action);
        move('idle', 'lpPrincipal', token0, amount0);
        move('idle', 'lpPrincipal', token1, amount1);
        break;
      }
      case 'v3Burn': {
        const { amount0, amount1 } = amountsOf(receipt.result);
        // Principal stays in the LP principal bucket (liquidity → owed): no flow, just bookkeeping.
        books.recordBurn(action, amount0, amount1);
        break;
      }
      case 'v3Collect': {
        const [token0, token1] = poolTokens(action.pool);
        const { amount0, amount1 } = amountsOf(receipt.result);
        const split = books.recordCollect(action, amount0, amount1);
        move('lpPrincipal', 'idle', token0, split.principal[0]);
        move('lpPrincipal', 'idle', token1, split.principal[1]);
        move('lpFees', 'idle', token0, split.fees[0]);
        move('lpFees', 'idle', token1, split.fees[1]);
        break;
      }
      case 'lendingSupply':
        move('idle', 'lendingSupply', action.asset, amountOf(receipt.result));
        break;
      case 'lendingWithdraw':
        move('lendingSupply', 'idle', action.asset, amountOf(receipt.result));
        break;
      case 'lendingBorrow':
        move('lendingDebt', 'idle', action.asset, amountOf(receipt.result));
        break;
      case 'lendingRepay':
        move('idle', 'lendingDebt', action.asset, amountOf(receipt.result));
        break;
      case 'perpDeposit':
      case 'perpWithdraw': {
        const token = books.perpCollateralToken;
        if (token === undefined) throw new Error(`a ${action.kind} filled on a market without a perp venue`);
        const r = receipt.result as { amountUnits?: unknown } | undefined;
        if (r === undefined || typeof r.amountUnits !== 'bigint') throw new Error('perp fill without amountUnits');
        if (action.kind === 'perpDeposit') move('idle', 'perp', token, r.amountUnits);
        else move('perp', 'idle', token, r.amountUnits);
        break;
      }
      case 'perpTrade':
        // Realized PnL and the taker fee stay in the account's collateral: hedge PnL, no flow.
        break;
      case 'optionDeposit':
      case 'optionWithdraw': {
        const tokens = books.optionTokens;
        if (tokens === undefined) throw new Error(`an ${action.kind} filled on a market without an option venue`);
        const r = receipt.result as { cashUnits?: unknown; underlyingWei?: unknown } | undefined;
        if (r === undefined || typeof r.cashUnits !== 'bigint' || typeof r.underlyingWei !== 'bigint') throw new Error('option fill without cashUnits/underlyingWei');
        const [from, to]: [Bucket, Bucket] = action.kind === 'optionDeposit' ? ['idle', 'options'] : ['options', 'idle'];
        move(from, to, tokens.cashToken, r.cashUnits);
        move(from, to, tokens.underlyingToken, r.underlyingWei);
        break;
      }
      case 'optionTrade': {
        // The premium stays in the account's cash (no bucket moves); it is named as a flow so the
        // account's change splits into premium and mark-to-market.
        const tokens = books.optionTokens;
        if (tokens === undefined) throw new Error('an optionTrade filled on a market without an option venue');
        const r = receipt.result as { premiumUnits?: unknown } | undefined;
        if (r === undefined || typeof r.premiumUnits !== 'bigint') throw new Error('option trade fill without premiumUnits');
        if (r.premiumUnits !== 0n) optionPremium.push({ token: tokens.cashToken, amount: -r.premiumUnits });
        break;
      }
      default:
        throw new Error(`the engine does not account for ${action.kind} fills`);
    }
  }
  return { transfers, gas, trades, deposits: [], ...(optionPremium.length === 0 ? {} : { optionPremium }) };
}
