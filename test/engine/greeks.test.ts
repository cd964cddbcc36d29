import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/engine/backtest.js';
import { positionGamma } from '../../src/engine/greeks.js';
import type { PoolVenue } from '../../src/market/simulator/venues.js';
import { getAmountsForLiquidity } from '../../src/uniswap-v3/liquidity-amounts.js';
import { getSqrtRatioAtTick } from '../../src/uniswap-v3/tick-math.js';
import { FUNDING, fixedRange, GBM, GUARDS, hold } from './test-strategies.js';

/** A pool venue stub at a given external price: only slot0 and the token layout are read. */
function venueAt(priceExternal: number, riskyIsToken0: boolean): PoolVenue {
  const d0 = riskyIsToken0 ? 18 : 6;
  const d1 = riskyIsToken0 ? 6 : 18;
  const scale = 10 ** (d1 - d0);
  const raw = riskyIsToken0 ? priceExternal * scale : scale / priceExternal;
  const sqrtPriceX96 = BigInt(Math.round(Math.sqrt(raw) * 2 ** 96));
  const tick = Math.floor(Math.log(raw) / Math.log(1.0001));
  return { pool: { slot0: { sqrtPriceX96, tick } }, decimals0: d0, decimals1: d1, riskyIsToken0 } as unknown as PoolVenue;
}

function riskyAmount(venue: PoolVenue, liquidity: bigint, lower: number, upper: number): number {
  const { amount0, amount1 } = getAmountsForLiquidity(venue.pool.slot0.sqrtPriceX96, getSqrtRatioAtTick(lower), getSqrtRatioAtTick(upper), liquidity);
  return venue.riskyIsToken0 ? Number(amount0) / 1e18 : Number(amount1) / 1e18;
}

describe('greeks', () => {
  for (const riskyIsToken0 of [true, false]) {
    it(`v3 gamma matches the derivative of the risky amount (risky is token${riskyIsToken0 ? 0 : 1})`, () => {
      const center = venueAt(2000, riskyIsToken0).pool.slot0.tick;
      const lower = Math.floor(center / 10) * 10 - 2000;
      const upper = lower + 4000;
      const liquidity = 10n ** 18n;
      const h = 1;
      const numeric = (riskyAmount(venueAt(2000 + h, riskyIsToken0), liquidity, lower, upper) - riskyAmount(venueAt(2000 - h, riskyIsToken0), liquidity, lower, upper)) / (2 * h);
      const analytic = positionGamma(venueAt(2000, riskyIsToken0), liquidity, lower, upper);
      expect(analytic).toBeLessThan(0);
      expect(Math.abs(analytic - numeric) / Math.abs(numeric)).toBeLessThan(1e-3);
      expect(positionGamma(venueAt(2000, riskyIsToken0), liquidity, upper + 10, upper + 20)).toBe(0);
    });
  }

  it('a held book has the delta of its risky inventory and no gamma; an LP in range has negative gamma', () => {
    const held = runBacktest({ scenario: GBM, strategy: hold, params: {}, vault: FUNDING, blocks: 5, seed: 1, guards: GUARDS });
    expect(held.series.delta.every((d) => d === 11)).toBe(true); // 10 WETH + 1 ETH (marked as WETH)
    expect(held.series.gamma.every((g) => g === 0)).toBe(true);
    const lp = runBacktest({ scenario: GBM, strategy: fixedRange, params: { halfWidthTicks: 600, fraction: 0.5, collectAtBlock: 99 }, vault: FUNDING, blocks: 5, seed: 1, guards: GUARDS });
    expect(lp.series.gamma.at(-1)).toBeLessThan(0);
    expect(lp.series.delta.at(-1)).toBeGreaterThan(10); // LP holds WETH too; gas spent a little ETH
    expect(lp.reportInput.series.greeks?.gamma.at(-1)).toBe(lp.series.gamma.at(-1));
  });
});
