import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedSwapOutput } from '../../src/risk/rules/slippage.js';
import { UniswapV3Pool } from '../../src/uniswap-v3/pool.js';
import { makeBook, makeContext, makeView, POOL, SQRT_PRICE, TICK } from './fixtures.js';

const LIQUIDITY = 10n ** 19n;
// a wide position around the fixture's tick: no initialized tick is crossed by the swaps below
const LOWER = Math.floor(TICK / 10) * 10 - 20_000;
const UPPER = Math.floor(TICK / 10) * 10 + 20_000;

function exactPool(): UniswapV3Pool {
  const pool = new UniswapV3Pool({ fee: 500, tickSpacing: 10, blockTimestamp: 1_700_000_000 });
  pool.initialize(SQRT_PRICE);
  pool.mint('lp', LOWER, UPPER, LIQUIDITY);
  return pool;
}

describe('slippage rule output model', () => {
  it('equals the exact pool to the base unit for swaps inside the current tick range', () => {
    const pool = exactPool();
    const context = makeContext(makeBook(), makeView({ liquidity: pool.liquidity }));
    let compared = 0;
    fc.assert(
      fc.property(fc.boolean(), fc.bigInt({ min: 1n, max: 10n ** 21n }), (zeroForOne, rawIn) => {
        // WETH in ≤ 1000 WETH; USDC in ≤ 10^12 base units (1M USDC)
        const amountIn = zeroForOne ? rawIn : rawIn / 10n ** 9n + 1n;
        const quote = pool.quoteSwap(zeroForOne, amountIn);
        if (quote.initializedTicksCrossed > 0) return;
        const exactOut = zeroForOne ? -quote.amount1 : -quote.amount0;
        compared++;
        expect(expectedSwapOutput({ kind: 'swap', pool: POOL, zeroForOne, amountIn, reason: 'q' }, context)).toBe(exactOut);
      }),
      { seed: 23, numRuns: 200 },
    );
    expect(compared).toBeGreaterThan(150);
  });
});
