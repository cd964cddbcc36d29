/**
 * A swap-only replica of a v3 pool's price state, for searchers that try many what-ifs: the
 * swap loop of `UniswapV3Pool.computeSwap` (same steps, same word-by-word bitmap walk, same
 * computeSwapStep, same crossing rule), run on three numbers (√P, tick, liquidity) read from
 * the pool, with the pool's bitmap and liquidityNet read-only. Swaps never change the bitmap
 * or liquidityNet, so a chain of replica swaps returns exactly the amounts the pool would, at
 * the cost of a few bigint operations instead of a `clone()` that copies every map (the
 * observation ring above all). Fee growth, protocol fees and the oracle are not tracked: they
 * never change a swap's amounts. What it does not check: the pool's token balance ('TF').
 */
import { UniswapV3Error } from '../../uniswap-v3/errors.js';
import { addDelta } from '../../uniswap-v3/liquidity-math.js';
import type { UniswapV3Pool } from '../../uniswap-v3/pool.js';
import { computeSwapStep } from '../../uniswap-v3/swap-math.js';
import { nextInitializedTickWithinOneWord } from '../../uniswap-v3/tick-bitmap.js';
import { getSqrtRatioAtTick, getTickAtSqrtRatio, MAX_SQRT_RATIO, MAX_TICK, MIN_SQRT_RATIO, MIN_TICK } from '../../uniswap-v3/tick-math.js';

/** What the replica reads from the pool once: the bitmap and the ticks' liquidityNet. */
export class PoolSwapTopology {
  readonly fee: number;
  readonly tickSpacing: number;
  readonly bitmap: Map<number, bigint>;
  private readonly liquidityNets = new Map<number, bigint>();

  constructor(private readonly pool: UniswapV3Pool) {
    this.fee = pool.fee;
    this.tickSpacing = pool.tickSpacing;
    this.bitmap = new Map(pool.tickBitmapWords());
  }

  liquidityNet(tick: number): bigint {
    let net = this.liquidityNets.get(tick);
    if (net === undefined) {
      net = this.pool.ticks(tick).liquidityNet;
      this.liquidityNets.set(tick, net);
    }
    return net;
  }
}

export class SwapReplica {
  constructor(
    readonly topology: PoolSwapTopology,
    public sqrtPriceX96: bigint,
    public tick: number,
    public liquidity: bigint,
  ) {}

  static of(pool: UniswapV3Pool, topology: PoolSwapTopology = new PoolSwapTopology(pool)): SwapReplica {
    const { sqrtPriceX96, tick } = pool.slot0;
    return new SwapReplica(topology, sqrtPriceX96, tick, pool.liquidity);
  }

  copy(): SwapReplica {
    return new SwapReplica(this.topology, this.sqrtPriceX96, this.tick, this.liquidity);
  }

  /** The pool's swap deltas (amount0, amount1; > 0 paid in), applied to this replica. */
  swap(zeroForOne: boolean, amountSpecified: bigint, sqrtPriceLimitX96?: bigint): { amount0: bigint; amount1: bigint } {
    const limit = sqrtPriceLimitX96 ?? (zeroForOne ? MIN_SQRT_RATIO + 1n : MAX_SQRT_RATIO - 1n);
    if (amountSpecified === 0n) throw new UniswapV3Error('AS');
    if (zeroForOne ? !(limit < this.sqrtPriceX96 && limit > MIN_SQRT_RATIO) : !(limit > this.sqrtPriceX96 && limit < MAX_SQRT_RATIO)) {
      throw new UniswapV3Error('SPL');
    }
    const { fee, tickSpacing, bitmap } = this.topology;
    const exactInput = amountSpecified > 0n;
    let remaining = amountSpecified;
    let calculated = 0n;
    let sqrtPriceX96 = this.sqrtPriceX96;
    let tick = this.tick;
    let liquidity = this.liquidity;
    while (remaining !== 0n && sqrtPriceX96 !== limit) {
      const start = sqrtPriceX96;
      const next = nextInitializedTickWithinOneWord(bitmap, tick, tickSpacing, zeroForOne);
      let tickNext = next.next;
      if (tickNext < MIN_TICK) tickNext = MIN_TICK;
      else if (tickNext > MAX_TICK) tickNext = MAX_TICK;
      const sqrtNext = getSqrtRatioAtTick(tickNext);
      const step = computeSwapStep(sqrtPriceX96, (zeroForOne ? sqrtNext < limit : sqrtNext > limit) ? limit : sqrtNext, liquidity, remaining, fee);
      sqrtPriceX96 = step.sqrtRatioNextX96;
      if (exactInput) {
        remaining -= step.amountIn + step.feeAmount;
        calculated -= step.amountOut;
      } else {
        remaining += step.amountOut;
        calculated += step.amountIn + step.feeAmount;
      }
      if (sqrtPriceX96 === sqrtNext) {
        if (next.initialized) {
          const net = this.topology.liquidityNet(tickNext);
          liquidity = addDelta(liquidity, zeroForOne ? -net : net);
        }
        tick = zeroForOne ? tickNext - 1 : tickNext;
      } else if (sqrtPriceX96 !== start) {
        tick = getTickAtSqrtRatio(sqrtPriceX96);
      }
    }
    this.sqrtPriceX96 = sqrtPriceX96;
    this.tick = tick;
    this.liquidity = liquidity;
    return zeroForOne === exactInput
      ? { amount0: amountSpecified - remaining, amount1: calculated }
      : { amount0: calculated, amount1: amountSpecified - remaining };
  }
}
