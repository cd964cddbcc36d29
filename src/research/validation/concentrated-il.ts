/**
 * Experiment 3, impermanent loss of a concentrated (Uniswap v3 range) position: a range position
 * minted with LiquidityAmounts in an exact fee-0 pool (with a full-range background LP, so the
 * price keeps a counterparty when it leaves the range) is carried along a GBM path by the
 * arbitrageur, one block at a time. At every block the position's worth — the integer amounts
 * a burn would return at the pool's price, valued at that price — over the HODL value of the
 * amounts paid at mint is compared with the closed form at the same price:
 * - curve: `impermanentLossConcentrated` (the reserve curves; valid in and out of range);
 * - erins: `impermanentLossConcentratedClosedForm` (Erins 2021), at the blocks in range.
 *
 * The error is max over blocks of |(1 + IL_sim)/(1 + IL_theory) − 1|, a relative error of the
 * value ratio (IL itself is near 0 at first, so its own relative error means nothing). It is
 * not statistical: the pool rounds each amount down by less than one base unit (1e-21 of an
 * amount of 1e21), the mint rounds up as little, and the floats carry ~1e-15; 1e-9 leaves room
 * for positions down to ~1e10 base units. Fees are 0, so the position earns nothing to blur it.
 */
import { impermanentLossConcentrated, impermanentLossConcentratedClosedForm } from '../../amm/impermanent-loss.js';
import { requirePositive } from '../../errors.js';
import { Arbitrageur } from '../../market/agents/arbitrageur.js';
import { priceToSqrtPriceX96, sqrtPriceX96ToPrice } from '../../market/agents/exact-price.js';
import { generateGbmPath } from '../../market/paths/gbm.js';
import { getAmountsForLiquidity, getLiquidityForAmounts } from '../../uniswap-v3/liquidity-amounts.js';
import { UniswapV3Pool } from '../../uniswap-v3/pool.js';
import { getSqrtRatioAtTick, getTickAtSqrtRatio } from '../../uniswap-v3/tick-math.js';
import { fullRangeTicks } from './lvr.js';
import { requireFraction, requireInteger, requireVolatility, SECONDS_PER_YEAR } from './params.js';
import { progressTicker, verdictOf, type ExperimentReport, type ProgressCallback, type ValidationResult } from './result.js';

export interface ConcentratedIlExperimentParams {
  readonly volAnnual: number;
  readonly blocks: number;
  readonly blockSeconds: number;
  readonly seed: number;
  /** Token1 base units per token0 base unit. */
  readonly initialPrice: number;
  /** The range is [P₀/(1 + w), P₀·(1 + w)], widened outward to the tick spacing. */
  readonly rangeHalfWidth: number;
  /** Token0 offered to the position at mint (token1 as much in value); base units. */
  readonly amount0: bigint;
  readonly backgroundLiquidity: bigint;
  readonly tickSpacing: number;
}

/** Full size: 50,000 blocks (≈ 7 days; σ√T ≈ 11 %) leave a ±3 % range on both sides. */
export const CONCENTRATED_IL_DEFAULTS: ConcentratedIlExperimentParams = {
  volAnnual: 0.8,
  blocks: 50_000,
  blockSeconds: 12,
  seed: 1,
  initialPrice: 2000,
  rangeHalfWidth: 0.03,
  amount0: 10n ** 21n,
  backgroundLiquidity: 10n ** 24n,
  tickSpacing: 60,
};

export const CONCENTRATED_IL_TOLERANCE = 1e-9;

const OWNER = 'lp';

export function runConcentratedIlExperiment(
  params: ConcentratedIlExperimentParams = CONCENTRATED_IL_DEFAULTS,
  onProgress?: ProgressCallback,
): ExperimentReport {
  requireVolatility('volAnnual', params.volAnnual);
  requireInteger('blocks', params.blocks, 1, 100_000_000);
  requireInteger('blockSeconds', params.blockSeconds, 1, 86_400);
  requireInteger('seed', params.seed, -(2 ** 31), 2 ** 32 - 1);
  requirePositive('initialPrice', params.initialPrice);
  requireFraction('rangeHalfWidth', params.rangeHalfWidth, { open: true });
  requireInteger('tickSpacing', params.tickSpacing, 1, 16383);

  const { blocks, blockSeconds, tickSpacing } = params;
  const dtYears = blockSeconds / SECONDS_PER_YEAR;
  const prices = generateGbmPath({
    seed: params.seed,
    steps: blocks,
    dtYears,
    initialPrice: params.initialPrice,
    driftAnnual: 0,
    volAnnual: params.volAnnual,
  });

  const pool = new UniswapV3Pool({ fee: 0, tickSpacing, blockTimestamp: 1_700_000_000 });
  pool.initialize(priceToSqrtPriceX96(params.initialPrice));
  const full = fullRangeTicks(tickSpacing);
  if (params.backgroundLiquidity > 0n) pool.mint('background', full.tickLower, full.tickUpper, params.backgroundLiquidity);

  const tickLower =
    Math.floor(getTickAtSqrtRatio(priceToSqrtPriceX96(params.initialPrice / (1 + params.rangeHalfWidth))) / tickSpacing) * tickSpacing;
  const tickUpper =
    Math.ceil(getTickAtSqrtRatio(priceToSqrtPriceX96(params.initialPrice * (1 + params.rangeHalfWidth))) / tickSpacing) * tickSpacing;
  const sqrtLowerX96 = getSqrtRatioAtTick(tickLower);
  const sqrtUpperX96 = getSqrtRatioAtTick(tickUpper);
  const sqrtStartX96 = pool.slot0.sqrtPriceX96;
  const amount1Offered = BigInt(Math.round(Number(params.amount0) * params.initialPrice));
  const liquidity = getLiquidityForAmounts(sqrtStartX96, sqrtLowerX96, sqrtUpperX96, params.amount0, amount1Offered);
  const paid = pool.mint(OWNER, tickLower, tickUpper, liquidity);

  const range = { priceLower: sqrtPriceX96ToPrice(sqrtLowerX96), priceUpper: sqrtPriceX96ToPrice(sqrtUpperX96) };
  const priceInitial = sqrtPriceX96ToPrice(sqrtStartX96);
  const held0 = Number(paid.amount0);
  const held1 = Number(paid.amount1);
  const arbitrageur = new Arbitrageur();

  const curve = new WorstError();
  const erins = new WorstError();
  let blocksInRange = 0;
  const tick = progressTicker(blocks, onProgress);
  for (let block = 1; block <= blocks; block++) {
    pool.blockTimestamp += blockSeconds;
    arbitrageur.act(pool, prices[block]!);
    const sqrtPriceX96 = pool.slot0.sqrtPriceX96;
    const price = sqrtPriceX96ToPrice(sqrtPriceX96);
    const amounts = getAmountsForLiquidity(sqrtPriceX96, sqrtLowerX96, sqrtUpperX96, liquidity);
    const simulated = (Number(amounts.amount0) * price + Number(amounts.amount1)) / (held0 * price + held1) - 1;
    const input = { ...range, priceInitial, priceRatio: price / priceInitial };
    curve.observe(block, input.priceRatio, simulated, impermanentLossConcentrated(input));
    // the closed form checks P₀·k itself, which may sit an ulp from `price`
    const priceFinal = priceInitial * input.priceRatio;
    if (priceFinal >= range.priceLower && priceFinal <= range.priceUpper) {
      blocksInRange++;
      erins.observe(block, input.priceRatio, simulated, impermanentLossConcentratedClosedForm(input));
    }
    tick(block);
  }

  // what a real burn returns is what the loop valued: the same LiquidityAmounts rounding
  const finalAmounts = getAmountsForLiquidity(pool.slot0.sqrtPriceX96, sqrtLowerX96, sqrtUpperX96, liquidity);
  const burnt = pool.burn(OWNER, tickLower, tickUpper, liquidity);
  const burnMatches = burnt.amount0 === finalAmounts.amount0 && burnt.amount1 === finalAmounts.amount1;

  const shared = { tickLower, tickUpper, liquidity: liquidity.toString(), blocksInRange, blocks, burnMatchesValuation: burnMatches };
  return {
    id: 'concentrated-il',
    title: 'Impermanent loss of a v3 range position in the exact pool, every block',
    reference: 'Closed form of a range position (reserve curves; Erins 2021 in range)',
    params: {
      ...params,
      amount0: params.amount0.toString(),
      backgroundLiquidity: params.backgroundLiquidity.toString(),
    },
    results: [
      curve.result('concentrated-il.curve', 'IL at the worst block vs reserve-curve closed form', shared, burnMatches),
      erins.result('concentrated-il.erins', 'IL at the worst in-range block vs Erins closed form', shared, burnMatches),
    ],
  };
}

/** Tracks the block where simulated and closed-form value ratios differ most. */
class WorstError {
  private worst = -1;
  private block = 0;
  private simulated = 0;
  private theory = 0;
  private priceRatio = 1;
  private count = 0;

  observe(block: number, priceRatio: number, simulated: number, theory: number): void {
    this.count++;
    const error = Math.abs((1 + simulated) / (1 + theory) - 1);
    // NaN must surface: `!(error <= worst)` keeps it
    if (!(error <= this.worst)) {
      this.worst = error;
      this.block = block;
      this.simulated = simulated;
      this.theory = theory;
      this.priceRatio = priceRatio;
    }
  }

  result(id: string, quantity: string, shared: Record<string, number | string | boolean>, burnMatches: boolean): ValidationResult {
    // no block observed (never in range): nothing was shown, which is a failure to test
    const relativeError = this.count === 0 ? Infinity : this.worst;
    const verdict = burnMatches ? verdictOf(relativeError, CONCENTRATED_IL_TOLERANCE) : 'fail';
    return {
      id,
      quantity,
      theory: this.theory,
      simulated: this.simulated,
      relativeError,
      tolerance: CONCENTRATED_IL_TOLERANCE,
      verdict,
      details: { ...shared, worstBlock: this.block, worstPriceRatio: this.priceRatio, blocksCompared: this.count, errorMeasure: 'max |(1+IL_sim)/(1+IL_theory) − 1|' },
    };
  }
}
