/**
 * MEV loss of the vault's swaps, measured, not modelled. A searcher's sandwich lands as a bundle
 * [front, victim, back] at the top of a block, so the victim's counterfactual is the same swap
 * alone on the pool as the previous block left it: the pool's own loop from that price state
 * (`UniswapV3Pool.quoteSwapFrom`), exact. Its output minus what the swap received is the loss,
 * in the output token. Before each block the engine keeps the price state of every pool the
 * vault has a swap in flight on (three numbers a pool); the topology (ticks, bitmap) is read
 * after the block, which differs only if a mint or burn in the same block flipped a tick the
 * swap would cross.
 */
import type { Action, Receipt, V3SwapAction } from '../market/simulator/actions.js';
import type { UniswapV3Pool, SwapStartState } from '../uniswap-v3/pool.js';
import type { MevLossOf } from './ledger.js';

/** The price state of each pool a pending vault swap targets, before the block that may include it. */
export function preBlockSwapStates(pendingActions: Iterable<Action>, poolOf: (id: string) => UniswapV3Pool): Map<string, SwapStartState> {
  const states = new Map<string, SwapStartState>();
  for (const action of pendingActions) {
    if (action.kind !== 'v3Swap' || states.has(action.pool)) continue;
    const pool = poolOf(action.pool);
    states.set(action.pool, { sqrtPriceX96: pool.slot0.sqrtPriceX96, tick: pool.slot0.tick, liquidity: pool.liquidity });
  }
  return states;
}

/**
 * The loss of a vault swap that landed second in a bundle at the top of the block, after a
 * transaction of the same bundle; undefined for any other swap (not sandwiched, or a shape
 * this measure does not claim to price).
 */
export function sandwichLossOf(blockReceipts: readonly Receipt[], preStates: ReadonlyMap<string, SwapStartState>, poolOf: (id: string) => UniswapV3Pool): MevLossOf {
  return (receipt: Receipt, action: V3SwapAction, amountOut: bigint): bigint | undefined => {
    if (receipt.bundleId === undefined || receipt.index !== 1) return undefined;
    const front = blockReceipts[0];
    const back = blockReceipts[2];
    if (front?.bundleId !== receipt.bundleId || back?.bundleId !== receipt.bundleId || front.sender === receipt.sender) return undefined;
    const pre = preStates.get(action.pool);
    if (pre === undefined) return undefined;
    try {
      const alone = poolOf(action.pool).quoteSwapFrom(pre, action.zeroForOne, action.amountSpecified, action.sqrtPriceLimitX96);
      const aloneOut = -(action.zeroForOne ? alone.amount1 : alone.amount0);
      return aloneOut - amountOut;
    } catch {
      // alone it would not have run at all (a price limit behind the pre-block price): nothing to measure
      return undefined;
    }
  };
}
