import { describe, expect, it } from 'vitest';
import { dataPath } from '../../../src/data/project-paths.js';
import { priceToSqrtPriceX96 } from '../../../src/market/agents/exact-price.js';
import { calibrateNoiseFromPoolFile, NoiseTrader, noiseSideForBlocks } from '../../../src/market/agents/noise-trader.js';
import type { AgentApi, AgentOrder, MempoolReader } from '../../../src/market/agents/types.js';
import { DEFAULT_GAS_SCHEDULE } from '../../../src/market/chain/gas-schedule.js';
import { loadUniswapV3MinuteSeries } from '../../../src/market/feeds/uniswap-v3.js';
import type { MarketView, PoolVenue } from '../../../src/market/simulator/index.js';
import { createSeededRandom } from '../../../src/math/stats.js';
import { UniswapV3Pool } from '../../../src/uniswap-v3/pool.js';

/** Minute volumes of a compound Poisson–log-normal process, as a pool file would hold them. */
function syntheticMinutes(minutes: number, lambda: number, mu: number, sigma: number, seed: number): bigint[] {
  const random = createSeededRandom(seed);
  const out: bigint[] = [];
  for (let i = 0; i < minutes; i++) {
    let n = 0;
    for (let p = random.uniform(); p > Math.exp(-lambda); p *= random.uniform()) n++;
    let total = 0;
    for (let k = 0; k < n; k++) total += Math.exp(mu + sigma * random.normal());
    out.push(BigInt(Math.round(total)));
  }
  return out;
}

describe('calibrateNoiseFromPoolFile', () => {
  it('recovers the rate and size distribution of a synthetic series, per side', () => {
    const side0 = { lambda: 0.6, mu: Math.log(2000e6), sigma: 1.3 };
    const side1 = { lambda: 2.2, mu: Math.log(0.8e18), sigma: 0.9 };
    const fit = calibrateNoiseFromPoolFile({
      inAmount0: syntheticMinutes(40_000, side0.lambda, side0.mu, side0.sigma, 11),
      inAmount1: syntheticMinutes(40_000, side1.lambda, side1.mu, side1.sigma, 12),
    });
    for (const [got, want] of [
      [fit.side0, side0],
      [fit.side1, side1],
    ] as const) {
      expect(got.arrivalsPerMinute).toBeGreaterThan(want.lambda * 0.97);
      expect(got.arrivalsPerMinute).toBeLessThan(want.lambda * 1.03);
      expect(Math.abs(got.logSizeStd - want.sigma)).toBeLessThan(0.08);
      expect(Math.abs(got.logSizeMean - want.mu)).toBeLessThan(0.08);
    }
  });

  it('gives plausible values on the real Polygon USDC/WETH 0.05 % minute file', () => {
    const series = loadUniswapV3MinuteSeries(dataPath('uniswap_v3/polygon_univ3_usdc_weth_005_0x45dda9cb_1m_2022-07-19_2022-08-22.csv'));
    const fit = calibrateNoiseFromPoolFile(series);
    // Fitted (seed 1): USDC in ≈ 1.85 swaps/min, median ≈ $1,300, σ ≈ 2.7; WETH in ≈ 1.99/min,
    // median ≈ 0.62 WETH, σ ≈ 2.8 (heavy-tailed flow, from retail to whales).
    expect(fit.minutes).toBe(50_390);
    for (const side of [fit.side0, fit.side1]) {
      expect(side.arrivalsPerMinute).toBeGreaterThan(1.5);
      expect(side.arrivalsPerMinute).toBeLessThan(2.5);
      expect(side.logSizeStd).toBeGreaterThan(1.5);
      expect(side.logSizeStd).toBeLessThan(4);
    }
    const medianUsdc = Math.exp(fit.side0.logSizeMean) / 1e6;
    const medianWeth = Math.exp(fit.side1.logSizeMean) / 1e18;
    expect(medianUsdc).toBeGreaterThan(200);
    expect(medianUsdc).toBeLessThan(10_000);
    expect(medianWeth).toBeGreaterThan(0.1);
    expect(medianWeth).toBeLessThan(5);
    // Per 12-second block: a fifth of the per-minute rate.
    expect(noiseSideForBlocks(fit.side0, 12).arrivalsPerBlock).toBeCloseTo(fit.side0.arrivalsPerMinute / 5, 12);
  });
});

describe('NoiseTrader', () => {
  const pool = new UniswapV3Pool({ token0: 'WETH', token1: 'USDC', fee: 500, tickSpacing: 10 });
  pool.initialize(priceToSqrtPriceX96(2000e-12));
  pool.mint('lp', -887270, 887270, 10n ** 17n);
  const venue: PoolVenue = { id: 'p', pool, address: 'pool', token0: 'WETH', token1: 'USDC', decimals0: 18, decimals1: 6, riskyIsToken0: true, twapWindowSeconds: 0 };
  const api: AgentApi = { pool: () => venue, lending: () => undefined, balanceOf: () => 10n ** 40n, gasSchedule: DEFAULT_GAS_SCHEDULE, nativeToken: 'ETH', nativeDecimals: 18 };
  const mempool = {} as MempoolReader;

  it('arrives at its Poisson rate per side, with the slippage bound set from the quote', () => {
    const trader = new NoiseTrader({
      address: 'noise',
      pool: 'p',
      seed: 3,
      side0: { arrivalsPerBlock: 0.3, logSizeMean: Math.log(1e18), logSizeStd: 0.5 },
      side1: { arrivalsPerBlock: 0.1, logSizeMean: Math.log(2000e6), logSizeStd: 0.5 },
      slippageTolerance: 0.01,
      priorityFeePerGasWei: 1_000_000_000n,
    });
    const counts = [0, 0];
    let empty = 0;
    let checked = false;
    for (let block = 0; block < 20_000; block++) {
      const orders: readonly AgentOrder[] = trader.act({ blockNumber: block } as MarketView, mempool, api);
      if (orders.length === 0) empty++;
      for (const order of orders) {
        if (order.type !== 'tx' || order.tx.action.kind !== 'v3Swap') throw new Error('unexpected order');
        const action = order.tx.action;
        counts[action.zeroForOne ? 0 : 1]!++;
        if (!checked) {
          const q = pool.quoteSwap(action.zeroForOne, action.amountSpecified);
          const out = -(action.zeroForOne ? q.amount1 : q.amount0);
          expect(action.amountOutMinimum).toBe((out * 990_000n) / 1_000_000n);
          checked = true;
        }
      }
    }
    expect(counts[0]! / 20_000).toBeGreaterThan(0.3 * 0.95);
    expect(counts[0]! / 20_000).toBeLessThan(0.3 * 1.05);
    expect(counts[1]! / 20_000).toBeGreaterThan(0.1 * 0.92);
    expect(counts[1]! / 20_000).toBeLessThan(0.1 * 1.08);
    // P(no arrival in a block) = e^−0.4.
    expect(empty / 20_000).toBeCloseTo(Math.exp(-0.4), 1);
    expect(trader.submitted).toBe(counts[0]! + counts[1]!);
  });
});
