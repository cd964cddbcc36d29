/**
 * A swap-only replica of a v3 pool's price state (√P, tick, liquidity), for searchers that try
 * many what-ifs: each swap is the pool's own loop (`UniswapV3Pool.quoteSwapFrom`) started from
 * the replica's state, and moves the replica to where the pool would be. Swaps never change the
 * bitmap or any tick's liquidityNet, so a chain of replica swaps returns exactly the amounts the
 * pool would, without a `clone()` that copies every map (the observation ring above all). Fee
 * growth, protocol fees and the oracle are not tracked: they never change a swap's amounts. Not
 * checked: the pool's token balance ('TF').
 */
import type { UniswapV3Pool } from '../../uniswap-v3/pool.js';

export class SwapReplica {
  constructor(
    readonly pool: UniswapV3Pool,
    public sqrtPriceX96: bigint,
    public tick: number,
    public liquidity: bigint,
  ) {}

  static of(pool: UniswapV3Pool): SwapReplica {
    const { sqrtPriceX96, tick } = pool.slot0;
    return new SwapReplica(pool, sqrtPriceX96, tick, pool.liquidity);
  }

  copy(): SwapReplica {
    return new SwapReplica(this.pool, this.sqrtPriceX96, this.tick, this.liquidity);
  }

  /** The pool's swap deltas (amount0, amount1; > 0 paid in), applied to this replica. */
  swap(zeroForOne: boolean, amountSpecified: bigint, sqrtPriceLimitX96?: bigint): { amount0: bigint; amount1: bigint } {
    const end = this.pool.quoteSwapFrom(this, zeroForOne, amountSpecified, sqrtPriceLimitX96);
    this.sqrtPriceX96 = end.sqrtPriceX96;
    this.tick = end.tick;
    this.liquidity = end.liquidity;
    return { amount0: end.amount0, amount1: end.amount1 };
  }
}
