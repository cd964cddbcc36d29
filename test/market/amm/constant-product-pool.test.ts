// Uniswap v2 pair semantics: the library's amount formulas (997/1000 at 30 bps), the first
// mint's sqrt(k) − MINIMUM_LIQUIDITY, pro-rata mints and burns, exact-in/out swaps, and k never
// decreasing under random swaps and liquidity changes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import {
  ConstantProductPool,
  getAmountIn,
  getAmountOut,
  LOCKED_LIQUIDITY_OWNER,
  MINIMUM_LIQUIDITY,
  quote,
  sqrtFloor,
} from '../../../src/market/amm/constant-product-pool.js';

const E18 = 10n ** 18n;

/** UniswapV2Library's own formulas, verbatim. */
function v2AmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  const amountInWithFee = amountIn * 997n;
  return (amountInWithFee * reserveOut) / (reserveIn * 1000n + amountInWithFee);
}
function v2AmountIn(amountOut: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  return (reserveIn * amountOut * 1000n) / ((reserveOut - amountOut) * 997n) + 1n;
}

describe('library formulas', () => {
  it('equal UniswapV2Library at 30 bps, for any amounts', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 30n }),
        fc.bigInt({ min: 2n, max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 30n }),
        (amount, reserveIn, reserveOut, outSeed) => {
          expect(getAmountOut(amount, reserveIn, reserveOut)).toBe(v2AmountOut(amount, reserveIn, reserveOut));
          const amountOut = (outSeed % (reserveOut - 1n)) + 1n;
          expect(getAmountIn(amountOut, reserveIn, reserveOut)).toBe(v2AmountIn(amountOut, reserveIn, reserveOut));
        },
      ),
      { seed: 81, numRuns: 500 },
    );
  });

  it('a known case: 1 ETH into 100 ETH / 200,000 USDC', () => {
    // 1e18·997·200000e6 / (100e18·1000 + 1e18·997)
    expect(getAmountOut(E18, 100n * E18, 200_000n * 10n ** 6n)).toBe(1_974_316_068n);
    expect(getAmountOut(E18, 100n * E18, 200_000n * 10n ** 6n, 0)).toBe(1_980_198_019n);
    expect(quote(E18, 100n * E18, 200_000n * 10n ** 6n)).toBe(2_000n * 10n ** 6n);
  });

  it('getAmountIn is the least input that buys the output', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1000n, max: 10n ** 24n }),
        fc.bigInt({ min: 1000n, max: 10n ** 24n }),
        fc.integer({ min: 1, max: 9_999 }),
        fc.integer({ min: 0, max: 300 }),
        (reserveIn, reserveOut, outBps, feeBps) => {
          const amountOut = (reserveOut * BigInt(outBps)) / 10_000n;
          if (amountOut === 0n) return;
          const amountIn = getAmountIn(amountOut, reserveIn, reserveOut, feeBps);
          expect(getAmountOut(amountIn, reserveIn, reserveOut, feeBps)).toBeGreaterThanOrEqual(amountOut);
          if (amountIn > 1n) expect(getAmountOut(amountIn - 2n > 0n ? amountIn - 2n : 1n, reserveIn, reserveOut, feeBps)).toBeLessThanOrEqual(amountOut);
        },
      ),
      { seed: 82, numRuns: 300 },
    );
  });

  it('refuses what the library refuses', () => {
    expect(() => getAmountOut(0n, 1n, 1n)).toThrow(/INSUFFICIENT_INPUT_AMOUNT/);
    expect(() => getAmountOut(1n, 0n, 1n)).toThrow(/INSUFFICIENT_LIQUIDITY/);
    expect(() => getAmountIn(0n, 1n, 1n)).toThrow(/INSUFFICIENT_OUTPUT_AMOUNT/);
    expect(() => getAmountIn(10n, 100n, 10n)).toThrow(/INSUFFICIENT_LIQUIDITY/);
    expect(() => getAmountOut(-1n, 1n, 1n)).toThrow(InvalidInputError);
    expect(() => new ConstantProductPool({ feeBps: 10_000 })).toThrow(InvalidInputError);
  });

  it('sqrtFloor is the integer square root', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 200n }), (y) => {
        const r = sqrtFloor(y);
        expect(r * r <= y && (r + 1n) * (r + 1n) > y).toBe(true);
      }),
      { seed: 83, numRuns: 500 },
    );
  });
});

describe('liquidity', () => {
  it('the first mint is sqrt(x·y) − 1000, with 1000 shares locked forever', () => {
    const pool = new ConstantProductPool();
    const receipt = pool.addLiquidity('alice', 100n * E18, 200_000n * 10n ** 6n);
    const root = sqrtFloor(100n * E18 * 200_000n * 10n ** 6n);
    expect(receipt.liquidity).toBe(root - MINIMUM_LIQUIDITY);
    expect(pool.totalSupply).toBe(root);
    expect(pool.balanceOf(LOCKED_LIQUIDITY_OWNER)).toBe(MINIMUM_LIQUIDITY);
    expect(pool.spotPrice()).toBeCloseTo(2000e6 / 1e18, 20);
    expect(() => new ConstantProductPool().addLiquidity('a', 1000n, 1000n)).toThrow(/INSUFFICIENT_LIQUIDITY_MINTED/);
  });

  it('later mints deposit at the pool ratio and get pro-rata shares; burns return pro-rata reserves', () => {
    const pool = new ConstantProductPool();
    pool.addLiquidity('alice', 100n * E18, 200_000n * 10n ** 6n);
    const supply = pool.totalSupply;
    const receipt = pool.addLiquidity('bob', 10n * E18, 50_000n * 10n ** 6n);
    expect(receipt.amount0).toBe(10n * E18);
    expect(receipt.amount1).toBe(20_000n * 10n ** 6n);
    expect(receipt.liquidity).toBe((10n * E18 * supply) / (100n * E18));
    const out = pool.removeLiquidity('bob', receipt.liquidity);
    expect(out.amount0).toBeLessThanOrEqual(10n * E18);
    expect(out.amount1).toBeLessThanOrEqual(20_000n * 10n ** 6n);
    // Share rounding costs at most one share's worth of each token.
    expect(10n * E18 - out.amount0).toBeLessThanOrEqual(pool.reserve0 / pool.totalSupply + 1n);
    expect(pool.balanceOf('bob')).toBe(0n);
    expect(() => pool.removeLiquidity('bob', 1n)).toThrow(InvalidInputError);
    expect(() => pool.addLiquidity('carol', 10n * E18, 1n, 0n, 0n)).not.toThrow();
    expect(() => pool.addLiquidity('carol', 10n * E18, 20_000n * 10n ** 6n, 0n, 21_000n * 10n ** 6n)).toThrow(/INSUFFICIENT_B_AMOUNT/);
  });

  it('an LP earns the fees: after round-trip swaps a burn returns more than was deposited', () => {
    const pool = new ConstantProductPool();
    pool.addLiquidity('alice', 1_000n * E18, 1_000n * E18);
    const shares = pool.balanceOf('alice');
    for (let i = 0; i < 20; i++) {
      const out = pool.swapExactIn(0, 10n * E18);
      pool.swapExactIn(1, out);
    }
    const { amount0, amount1 } = pool.removeLiquidity('alice', shares);
    expect(amount0 * amount1).toBeGreaterThan(((1_000n * E18 - 1000n) * (1_000n * E18 - 1000n)));
  });
});

describe('swaps', () => {
  it('swapExactIn and swapExactOut move the reserves by the library amounts and respect the limits', () => {
    const pool = new ConstantProductPool({ token0: 'WETH', token1: 'USDC' });
    pool.addLiquidity('lp', 100n * E18, 200_000n * 10n ** 6n);
    const expectedOut = getAmountOut(E18, 100n * E18, 200_000n * 10n ** 6n);
    expect(() => pool.swapExactIn(0, E18, expectedOut + 1n)).toThrow(/INSUFFICIENT_OUTPUT_AMOUNT/);
    expect(pool.swapExactIn(0, E18, expectedOut)).toBe(expectedOut);
    expect(pool.reserve0).toBe(101n * E18);
    expect(pool.reserve1).toBe(200_000n * 10n ** 6n - expectedOut);
    const needed = pool.getAmountIn(1, E18);
    expect(() => pool.swapExactOut(1, E18, needed - 1n)).toThrow(/EXCESSIVE_INPUT_AMOUNT/);
    const r1 = pool.reserve1;
    expect(pool.swapExactOut(1, E18, needed)).toBe(needed);
    expect(pool.reserve0).toBe(100n * E18);
    expect(pool.reserve1).toBe(r1 + needed);
  });

  it('clone is independent', () => {
    const pool = new ConstantProductPool();
    pool.addLiquidity('lp', 100n * E18, 100n * E18);
    const copy = pool.clone();
    copy.swapExactIn(0, 10n * E18);
    copy.addLiquidity('x', E18, 10n * E18);
    expect(pool.reserve0).toBe(100n * E18);
    expect(pool.balanceOf('x')).toBe(0n);
    expect(copy.reserve0).toBeGreaterThan(100n * E18);
  });

  it('property: k never decreases under random swaps and mints; burns shrink k by at most their share', () => {
    const op = fc.record({
      kind: fc.constantFrom('in0', 'in1', 'out0', 'out1', 'add', 'remove'),
      bps: fc.integer({ min: 1, max: 9_000 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.array(op, { minLength: 1, maxLength: 40, size: 'max' }), (feeBps, ops) => {
        const pool = new ConstantProductPool({ feeBps });
        pool.addLiquidity('lp', 1_000n * E18, 3_000_000n * 10n ** 6n);
        for (const { kind, bps } of ops) {
          const kBefore = pool.k;
          const supplyBefore = pool.totalSupply;
          const size = (x: bigint): bigint => (x * BigInt(bps)) / 10_000n;
          try {
            if (kind === 'in0') pool.swapExactIn(0, size(pool.reserve0) + 1n);
            else if (kind === 'in1') pool.swapExactIn(1, size(pool.reserve1) + 1n);
            else if (kind === 'out0') pool.swapExactOut(1, size(pool.reserve0) + 1n);
            else if (kind === 'out1') pool.swapExactOut(0, size(pool.reserve1) + 1n);
            else if (kind === 'add') pool.addLiquidity('lp2', size(pool.reserve0) + 1n, size(pool.reserve1) + 1n);
            else pool.removeLiquidity('lp', size(pool.balanceOf('lp')) + 1n);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidInputError);
            expect(pool.k).toBe(kBefore);
            continue;
          }
          if (kind === 'remove') {
            // √k per share never decreases.
            const rootBefore = sqrtFloor(kBefore);
            const rootAfter = sqrtFloor(pool.k);
            expect(rootAfter * supplyBefore + supplyBefore >= rootBefore * pool.totalSupply).toBe(true);
          } else {
            expect(pool.k).toBeGreaterThanOrEqual(kBefore);
          }
        }
      }),
      { seed: 84, numRuns: 300 },
    );
  });
});
