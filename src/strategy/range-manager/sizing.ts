/**
 * How much liquidity the balances buy, as Charm's vault sizes its orders: the periphery's
 * `LiquidityAmounts.getLiquidityForAmounts` (rounding down) at the pool's current √P.
 */
import { getLiquidityForAmounts } from '../../uniswap-v3/liquidity-amounts.js';
import { getSqrtRatioAtTick } from '../../uniswap-v3/tick-math.js';
import { askRange, bidRange, type TickRange } from './ranges.js';

const BPS = 10_000n;

/** The most liquidity `amount0`, `amount1` (base units) can back in `range` at √P (Charm's `_liquidityForAmounts`). */
export function liquidityForAmounts(sqrtPriceX96: bigint, range: TickRange, amount0: bigint, amount1: bigint): bigint {
  return getLiquidityForAmounts(sqrtPriceX96, getSqrtRatioAtTick(range.tickLower), getSqrtRatioAtTick(range.tickUpper), amount0, amount1);
}

/**
 * A balance less a safety margin, rounded down. Charm mints in the same transaction as it reads
 * the price; here the mint lands a block or more later, and the executor lets it pull up to
 * k·σ·√Δt more than quoted. Sizing on (1 − buffer) of the balance keeps that pull covered.
 */
export function spendable(balance: bigint, bufferBps: number): bigint {
  if (balance <= 0n) return 0n;
  return (balance * (BPS - BigInt(bufferBps))) / BPS;
}

export type LimitChoice = { readonly side: 'bid' | 'ask'; readonly range: TickRange; readonly liquidity: bigint };

/**
 * Charm's choice of the limit order: size both the bid [X − L, X] and the ask [X + TS, X + TS + L]
 * on the leftover balances and place the one with more liquidity. Charm writes
 * `bidLiquidity > askLiquidity ? bid : ask`, so a tie (e.g. nothing left) goes to the ask.
 * `tickFloorSource` is the tick the base order was centred on, so both orders share one X.
 */
export function chooseLimitOrder(
  sqrtPriceX96: bigint,
  tickFloorSource: number,
  tickSpacing: number,
  limitThresholdTicks: number,
  amount0: bigint,
  amount1: bigint,
): LimitChoice {
  const bid = bidRange(tickFloorSource, tickSpacing, limitThresholdTicks);
  const ask = askRange(tickFloorSource, tickSpacing, limitThresholdTicks);
  const bidLiquidity = liquidityForAmounts(sqrtPriceX96, bid, amount0, amount1);
  const askLiquidity = liquidityForAmounts(sqrtPriceX96, ask, amount0, amount1);
  return bidLiquidity > askLiquidity ? { side: 'bid', range: bid, liquidity: bidLiquidity } : { side: 'ask', range: ask, liquidity: askLiquidity };
}
