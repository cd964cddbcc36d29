/**
 * The CEX–DEX arbitrageur on the exact `UniswapV3Pool`: it sees a reference (external) price it
 * can trade at without impact and moves the pool to the edge of the no-arbitrage band around it.
 *
 * With fee f the last unit sold into the pool fetches P·(1 − f) and the last unit bought costs
 * P/(1 − f), so the profit-maximising swap stops where the pool price is P_ext/(1 − f) (selling
 * token0) or P_ext·(1 − f) (buying token0); with f = 0 that is the external price itself, the
 * setting of loss-versus-rebalancing. The target is computed exactly (⌊√(target)·2^96⌋ from the
 * float's exact rational value), the swap is an exact input of "everything" limited at that
 * price, and `quoteSwap` prices it before anything is written.
 *
 * Gas is a fixed cost per swap, so the full band-edge trade is also the best one net of gas; it
 * is made only when its profit at the external price, net of gas, is strictly positive — that
 * test is done in exact rational arithmetic, so the agent never trades at a loss, even by a wei.
 * With fee 0 and gas 0 it therefore trades every time the price has moved, unless the move is so
 * small that the pool's rounding (under one base unit of each token, charged to the trader)
 * outweighs the profit, or no liquidity lies in the way (a free move earns exactly nothing).
 *
 * Prices are token1 base units per token0 base unit (the pool's raw price); profits are in
 * token1 base units (the numeraire).
 */
import { InvalidInputError } from '../../errors.js';
import { MAX_INT256 } from '../../uniswap-v3/constants.js';
import type { SwapQuote, UniswapV3Pool } from '../../uniswap-v3/pool.js';
import { floatToRatio, ratioToNumber, ratioToSqrtPriceX96, type Ratio } from './exact-price.js';

const FEE_DENOMINATOR = 1_000_000n;

export interface ArbitrageurParams {
  /** Cost of one swap transaction in token1 base units (gas × gas price × token1 per ETH). Default 0. */
  readonly gasCostToken1?: bigint;
  /** Who receives the output (the pool's `recipient`). Default 'arbitrageur'. */
  readonly recipient?: string;
}

export interface ArbitrageTrade {
  /** true: sells token0 into the pool (the pool price falls). */
  readonly zeroForOne: boolean;
  /** The pool's deltas: > 0 paid in by the arbitrageur, < 0 paid out to it. */
  readonly amount0: bigint;
  readonly amount1: bigint;
  readonly sqrtPriceX96Before: bigint;
  /** The band edge the swap was limited at; the pool ends exactly here. */
  readonly targetSqrtPriceX96: bigint;
  readonly sqrtPriceX96After: bigint;
  readonly tickAfter: number;
  /** Value received minus value paid at the external price, before gas (token1 base units). */
  readonly grossProfitToken1: number;
  /** Gross profit minus gas (token1 base units); > 0 whenever the trade is made. */
  readonly netProfitToken1: number;
}

export type ArbitrageDecision =
  | { readonly action: 'trade'; readonly trade: ArbitrageTrade }
  /** The pool is already inside the no-arbitrage band (or exactly at the price). */
  | { readonly action: 'none'; readonly reason: 'in-band' }
  /** A band-edge trade exists but does not pay for its gas (or rounding eats it). */
  | { readonly action: 'none'; readonly reason: 'unprofitable'; readonly trade: ArbitrageTrade };

export class Arbitrageur {
  readonly gasCostToken1: bigint;
  readonly recipient: string;

  constructor(params: ArbitrageurParams = {}) {
    const gas = params.gasCostToken1 ?? 0n;
    if (typeof gas !== 'bigint' || gas < 0n) throw new InvalidInputError('gasCostToken1', gas, 'must be a bigint >= 0');
    const recipient = params.recipient ?? 'arbitrageur';
    if (recipient.length === 0) throw new InvalidInputError('recipient', recipient, 'must be a non-empty string');
    this.gasCostToken1 = gas;
    this.recipient = recipient;
  }

  /** What the arbitrageur would do at this external price, without touching the pool. */
  plan(pool: UniswapV3Pool, externalPrice: number): ArbitrageDecision {
    if (!(Number.isFinite(externalPrice) && externalPrice > 0)) {
      throw new InvalidInputError('externalPrice', externalPrice, 'must be a finite number > 0');
    }
    const price = floatToRatio(externalPrice);
    const current = pool.slot0.sqrtPriceX96;
    const feeComplement = FEE_DENOMINATOR - BigInt(pool.fee);

    // The pool price above P_ext/(1 − f): selling token0 pays until it gets there.
    const sellTarget = ratioToSqrtPriceX96({ num: price.num * FEE_DENOMINATOR, den: price.den * feeComplement });
    // The pool price below P_ext·(1 − f): buying token0 pays until it gets there.
    const buyTarget = ratioToSqrtPriceX96({ num: price.num * feeComplement, den: price.den * FEE_DENOMINATOR });
    let zeroForOne: boolean;
    let target: bigint;
    if (current > sellTarget) {
      zeroForOne = true;
      target = sellTarget;
    } else if (current < buyTarget) {
      zeroForOne = false;
      target = buyTarget;
    } else {
      return { action: 'none', reason: 'in-band' };
    }

    const quote = pool.quoteSwap(zeroForOne, MAX_INT256, target);
    const trade = this.priced(zeroForOne, quote, current, target, price);
    return exactNetProfitPositive(quote.amount0, quote.amount1, price, this.gasCostToken1)
      ? { action: 'trade', trade }
      : { action: 'none', reason: 'unprofitable', trade };
  }

  /** Plans, and swaps on the pool when the plan says trade. Returns the decision taken. */
  act(pool: UniswapV3Pool, externalPrice: number): ArbitrageDecision {
    const decision = this.plan(pool, externalPrice);
    if (decision.action !== 'trade') return decision;
    const { trade } = decision;
    const done = pool.swap(this.recipient, trade.zeroForOne, MAX_INT256, trade.targetSqrtPriceX96);
    // quoteSwap is the swap without the commit; a mismatch would be a bug in the pool.
    if (done.amount0 !== trade.amount0 || done.amount1 !== trade.amount1) {
      throw new Error(`swap (${done.amount0}, ${done.amount1}) differs from its quote (${trade.amount0}, ${trade.amount1})`);
    }
    return decision;
  }

  private priced(zeroForOne: boolean, quote: SwapQuote, before: bigint, target: bigint, price: Ratio): ArbitrageTrade {
    const { amount0, amount1 } = quote;
    // −(amount0·P + amount1) in token1, kept exact until the final division
    const grossNumerator = -(amount0 * price.num + amount1 * price.den);
    return {
      zeroForOne,
      amount0,
      amount1,
      sqrtPriceX96Before: before,
      targetSqrtPriceX96: target,
      sqrtPriceX96After: quote.sqrtPriceX96After,
      tickAfter: quote.tickAfter,
      grossProfitToken1: ratioToNumber(grossNumerator, price.den),
      netProfitToken1: ratioToNumber(grossNumerator - this.gasCostToken1 * price.den, price.den),
    };
  }
}

/** −(amount0·P + amount1) − gas > 0, decided exactly. */
function exactNetProfitPositive(amount0: bigint, amount1: bigint, price: Ratio, gasCostToken1: bigint): boolean {
  return -(amount0 * price.num + amount1 * price.den) - gasCostToken1 * price.den > 0n;
}
