/**
 * Experiment 1, loss-versus-rebalancing (Milionis, Moallemi, Roughgarden & Zhang 2022,
 * arXiv:2208.06046): a full-range position is the only liquidity of an exact fee-0 Uniswap v3
 * pool; the external price follows GBM with volatility σ; an arbitrageur moves the pool to it
 * every block. The arbitrageur's profit, measured at the external price, is the LP's LVR, and
 * the paper's rate is ℓ_t = (σ²/8)·V_t per unit time.
 *
 * What is compared, and why it converges:
 * - pathwise: Σ profit_t against Σ (σ²/8)·V_{t−1}·dt along the same path. Weighting by the
 *   realised pool value removes the path's value noise. With no fee, a block's profit is exactly
 *   L(√P_t − √P_{t−1})²/√P_{t−1}, whose conditional mean is (σ²/8)·V_{t−1}·dt·(1 + O(σ²dt)): the
 *   discrete-time bias is ~σ²dt/16 ≈ 1e-8 for 12-second blocks, nothing. What remains is
 *   sampling noise: the profit is V·z²/8 with z the block's log return, so the ratio is the
 *   path's realised variance over σ²T, with relative standard error ≈ √(2/blocks). The
 *   tolerance is five of those standard errors, and at least 1 %.
 * - rate: Σ profit / (mean V × T) against σ²/8 per year, the paper's headline form.
 * - curve: Σ profit against Σ L(√P_t − √P_{t−1})²/√P_{t−1}, the continuous curve's own
 *   arbitrage profit: this checks the integer pool, not the theory (rounding is ≤ 1 base unit
 *   per token per swap against profits of ~1e19 base units), so its tolerance is 1e-9.
 */
import { Arbitrageur } from '../../market/agents/arbitrageur.js';
import { priceToSqrtPriceX96 } from '../../market/agents/exact-price.js';
import { generateGbmPath } from '../../market/paths/gbm.js';
import { requirePositive } from '../../errors.js';
import { UniswapV3Pool } from '../../uniswap-v3/pool.js';
import { MAX_TICK, MIN_TICK } from '../../uniswap-v3/tick-math.js';
import { requireInteger, requireVolatility, SECONDS_PER_YEAR } from './params.js';
import { compareToTheory, progressTicker, type ExperimentReport, type ProgressCallback } from './result.js';

export interface LvrExperimentParams {
  readonly volAnnual: number;
  readonly blocks: number;
  readonly blockSeconds: number;
  readonly seed: number;
  /** Token1 base units per token0 base unit (both 18 decimals: the human price). */
  readonly initialPrice: number;
  /** The full-range position's liquidity L (its value is 2L√P). */
  readonly liquidity: bigint;
  readonly tickSpacing: number;
}

/** Full size: 500,000 blocks (≈ 69 days) puts the standard error near 0.2 %. */
export const LVR_DEFAULTS: LvrExperimentParams = {
  volAnnual: 0.8,
  blocks: 500_000,
  blockSeconds: 12,
  seed: 1,
  initialPrice: 2000,
  liquidity: 10n ** 25n,
  tickSpacing: 60,
};

const Q96 = 2 ** 96;
const CURVE_TOLERANCE = 1e-9;

/** Relative standard error of Σ V z² / Σ V σ² dt over n blocks (z² is σ²dt·χ²₁: variance 2). */
export function lvrStandardError(blocks: number): number {
  return Math.sqrt(2 / blocks);
}

export function lvrTolerance(blocks: number): number {
  return Math.max(0.01, 5 * lvrStandardError(blocks));
}

/** The full-range ticks a spacing allows: the widest range a position can take. */
export function fullRangeTicks(tickSpacing: number): { tickLower: number; tickUpper: number } {
  // `+ 0` turns Math.ceil's −0 into 0 for a spacing that divides MIN_TICK (none does, but cheap)
  return {
    tickLower: Math.ceil(MIN_TICK / tickSpacing) * tickSpacing + 0,
    tickUpper: Math.floor(MAX_TICK / tickSpacing) * tickSpacing,
  };
}

export function runLvrExperiment(params: LvrExperimentParams = LVR_DEFAULTS, onProgress?: ProgressCallback): ExperimentReport {
  requireVolatility('volAnnual', params.volAnnual);
  requireInteger('blocks', params.blocks, 1, 100_000_000);
  requireInteger('blockSeconds', params.blockSeconds, 1, 86_400);
  requireInteger('seed', params.seed, -(2 ** 31), 2 ** 32 - 1);
  requirePositive('initialPrice', params.initialPrice);
  requireInteger('tickSpacing', params.tickSpacing, 1, 16383);

  const { volAnnual, blocks, blockSeconds } = params;
  const dtYears = blockSeconds / SECONDS_PER_YEAR;
  const { seed, initialPrice } = params;
  const prices = generateGbmPath({ seed, steps: blocks, dtYears, initialPrice, driftAnnual: 0, volAnnual });

  const pool = new UniswapV3Pool({ fee: 0, tickSpacing: params.tickSpacing, blockTimestamp: 1_700_000_000 });
  pool.initialize(priceToSqrtPriceX96(params.initialPrice));
  const { tickLower, tickUpper } = fullRangeTicks(params.tickSpacing);
  pool.mint('lp', tickLower, tickUpper, params.liquidity);
  const arbitrageur = new Arbitrageur();
  const liquidity = Number(params.liquidity);
  const lvrRatePerYear = (volAnnual * volAnnual) / 8;

  let profitSum = 0;
  let theorySum = 0;
  let curveSum = 0;
  let valueSum = 0;
  let squaredLogReturnSum = 0;
  let trades = 0;
  const tick = progressTicker(blocks, onProgress);
  for (let block = 1; block <= blocks; block++) {
    const previousPrice = prices[block - 1]!;
    const price = prices[block]!;
    // the pool holds exactly its position's reserves: its value at the price it was left at
    const value = Number(pool.balance0) * previousPrice + Number(pool.balance1);
    valueSum += value;
    theorySum += lvrRatePerYear * value * dtYears;
    squaredLogReturnSum += Math.log(price / previousPrice) ** 2;
    pool.blockTimestamp += blockSeconds;
    const decision = arbitrageur.act(pool, price);
    if (decision.action === 'trade') {
      const t = decision.trade;
      trades++;
      profitSum += t.grossProfitToken1;
      const sqrtBefore = Number(t.sqrtPriceX96Before) / Q96;
      const sqrtAfter = Number(t.sqrtPriceX96After) / Q96;
      curveSum += (liquidity * (sqrtAfter - sqrtBefore) ** 2) / sqrtBefore;
    }
    tick(block);
  }

  const years = blocks * dtYears;
  const meanValue = valueSum / blocks;
  const tolerance = lvrTolerance(blocks);
  const shared = {
    blocks,
    years,
    trades,
    standardError: lvrStandardError(blocks),
    realizedOverExpectedVariance: squaredLogReturnSum / (volAnnual * volAnnual * years),
  };
  return {
    id: 'lvr',
    title: 'Loss-versus-rebalancing of a full-range fee-0 pool under GBM',
    reference: 'Milionis, Moallemi, Roughgarden, Zhang (2022), arXiv:2208.06046: LVR rate = σ²/8 of pool value',
    params: { ...params, liquidity: params.liquidity.toString() },
    results: [
      compareToTheory('lvr.pathwise', 'Σ arbitrage profit vs Σ (σ²/8)·V·dt (token1)', theorySum, profitSum, tolerance, shared),
      compareToTheory('lvr.rate', 'LVR per year / mean pool value vs σ²/8', lvrRatePerYear, profitSum / (meanValue * years), tolerance, {
        ...shared,
        meanValueToken1: meanValue,
      }),
      compareToTheory('lvr.curve', 'Σ arbitrage profit vs Σ L(Δ√P)²/√P of the curve', curveSum, profitSum, CURVE_TOLERANCE, {
        note: 'integer pool against its continuous curve; not statistical',
      }),
    ],
  };
}
