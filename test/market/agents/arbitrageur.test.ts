import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import { Arbitrageur } from '../../../src/market/agents/arbitrageur.js';
import {
  floatToRatio,
  bitLength,
  isqrt,
  priceToSqrtPriceX96,
  ratioToNumber,
  sqrtPriceX96ToPrice,
} from '../../../src/market/agents/exact-price.js';
import { MAX_INT256 } from '../../../src/uniswap-v3/constants.js';
import { UniswapV3Pool } from '../../../src/uniswap-v3/pool.js';
import { getSqrtRatioAtTick, getTickAtSqrtRatio, MAX_TICK, MIN_TICK } from '../../../src/uniswap-v3/tick-math.js';

const FULL_LOWER = Math.ceil(MIN_TICK / 60) * 60;
const FULL_UPPER = Math.floor(MAX_TICK / 60) * 60;

function poolAt(price: number, fee: number, liquidity = 10n ** 24n): UniswapV3Pool {
  const pool = new UniswapV3Pool({ fee, tickSpacing: 60 });
  pool.initialize(priceToSqrtPriceX96(price));
  pool.mint('lp', FULL_LOWER, FULL_UPPER, liquidity);
  // a second, concentrated position so swaps cross initialized ticks
  const tickNear = (p: number): number => getTickAtSqrtRatio(priceToSqrtPriceX96(p)) / 60;
  pool.mint('lp', Math.floor(tickNear(price * 0.9)) * 60, Math.ceil(tickNear(price * 1.1)) * 60, liquidity);
  return pool;
}

/** −(amount0·P + amount1) − gas, exactly, as num/den. */
function exactNetProfit(amount0: bigint, amount1: bigint, price: number, gas: bigint): { num: bigint; den: bigint } {
  const p = floatToRatio(price);
  return { num: -(amount0 * p.num + amount1 * p.den) - gas * p.den, den: p.den };
}

/** The pool's tick is the one whose range holds the price (or the one below, landing on a boundary going down). */
function tickHoldsPrice(tick: number, sqrtPriceX96: bigint): boolean {
  return getSqrtRatioAtTick(tick) <= sqrtPriceX96 && sqrtPriceX96 <= getSqrtRatioAtTick(tick + 1);
}

describe('exact price conversions', () => {
  it('isqrt is the floor square root', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 400n }), (n) => {
        const r = isqrt(n);
        expect(r * r <= n && (r + 1n) * (r + 1n) > n).toBe(true);
      }),
      { seed: 1 },
    );
  });

  it("isqrt is exact at the float seed's worst cases: squares, their neighbours, powers of two, beyond the float range", () => {
    const cases: bigint[] = [];
    for (let bits = 1; bits <= 1100; bits += bits < 120 ? 1 : 37) {
      const p = 1n << BigInt(bits);
      cases.push(p - 1n, p, p + 1n);
      const root = (1n << BigInt(bits)) + 12345n;
      cases.push(root * root - 1n, root * root, root * root + 1n);
    }
    for (const n of cases) {
      const r = isqrt(n);
      expect(r * r <= n && (r + 1n) * (r + 1n) > n, `isqrt(${n})`).toBe(true);
    }
  });

  it('bitLength is the length of the binary numeral, near powers of two and beyond the float range', () => {
    const cases: bigint[] = [1n, 2n, 3n];
    for (let bits = 2; bits <= 1100; bits++) {
      const p = 1n << BigInt(bits);
      cases.push(p - 1n, p, p + 1n);
    }
    for (const n of cases) expect(bitLength(n), `bitLength(${n})`).toBe(n.toString(2).length);
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 1n << 1100n }), (n) => {
        expect(bitLength(n)).toBe(n.toString(2).length);
      }),
      { seed: 3 },
    );
  });

  it('floatToRatio is the exact value of the float, subnormals included', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e300, noNaN: true }), (x) => {
        const { num, den } = floatToRatio(x);
        expect(ratioToNumber(num, den)).toBe(x);
      }),
      { seed: 2 },
    );
    expect(floatToRatio(5e-324)).toEqual({ num: 1n, den: 1n << 1074n });
    // the 53-bit significand over a power of two, not reduced
    expect(floatToRatio(0.75)).toEqual({ num: 3n << 51n, den: 1n << 53n });
  });

  it('priceToSqrtPriceX96 is ⌊√price·2^96⌋ exactly', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-30, max: 1e30, noNaN: true }), (price) => {
        const root = priceToSqrtPriceX96(price);
        const { num, den } = floatToRatio(price);
        // root² ≤ price·2^192 < (root + 1)²
        expect(root * root * den <= num << 192n).toBe(true);
        expect((root + 1n) * (root + 1n) * den > num << 192n).toBe(true);
        // the floor costs up to one unit of the root: 2/root relative in the price
        expect(Math.abs(sqrtPriceX96ToPrice(root) / price - 1)).toBeLessThan(1e-15 + 2 / Number(root));
      }),
      { seed: 3 },
    );
  });

  it('refuses a price that is not a positive number', () => {
    expect(() => priceToSqrtPriceX96(0)).toThrow(InvalidInputError);
    expect(() => priceToSqrtPriceX96(Number.NaN)).toThrow(InvalidInputError);
    expect(() => priceToSqrtPriceX96(-1)).toThrow(InvalidInputError);
  });
});

describe('Arbitrageur', () => {
  it('with fee 0 and gas 0 moves the pool exactly to the external price, at a profit', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.double({ min: 0.7, max: 1.4, noNaN: true }).filter((k) => Math.abs(k - 1) > 1e-9),
        (initialPrice, moveRatio) => {
          const pool = poolAt(initialPrice, 0);
          const externalPrice = initialPrice * moveRatio;
          const before = pool.slot0.sqrtPriceX96;
          const decision = new Arbitrageur().act(pool, externalPrice);
          expect(decision.action).toBe('trade');
          if (decision.action !== 'trade') return;
          const target = priceToSqrtPriceX96(externalPrice);
          expect(decision.trade.targetSqrtPriceX96).toBe(target);
          expect(pool.slot0.sqrtPriceX96).toBe(target);
          expect(tickHoldsPrice(pool.slot0.tick, target)).toBe(true);
          expect(decision.trade.zeroForOne).toBe(target < before);
          expect(decision.trade.grossProfitToken1).toBeGreaterThan(0);
          expect(decision.trade.netProfitToken1).toBe(decision.trade.grossProfitToken1);
          // a second look finds nothing to do
          expect(new Arbitrageur().plan(pool, externalPrice)).toEqual({ action: 'none', reason: 'in-band' });
        },
      ),
      { seed: 11, numRuns: 60 },
    );
  });

  it('earns the continuous curve profit L(Δ√P)²/√P on a constant-product range', () => {
    const pool = new UniswapV3Pool({ fee: 0, tickSpacing: 60 });
    pool.initialize(priceToSqrtPriceX96(2000));
    const liquidity = 10n ** 25n;
    pool.mint('lp', FULL_LOWER, FULL_UPPER, liquidity);
    const decision = new Arbitrageur().act(pool, 2010);
    if (decision.action !== 'trade') throw new Error('expected a trade');
    const s0 = Math.sqrt(2000);
    const s1 = Math.sqrt(2010);
    expect(decision.trade.grossProfitToken1 / ((Number(liquidity) * (s1 - s0) ** 2) / s0) - 1).toBeLessThan(1e-9);
  });

  it('with a fee stops at the band edge P_ext/(1 − f) or P_ext·(1 − f), the profit-maximising size', () => {
    const fee = 3000;
    for (const externalPrice of [1900, 2100]) {
      const pool = poolAt(2000, fee);
      const decision = new Arbitrageur().act(pool, externalPrice);
      if (decision.action !== 'trade') throw new Error('expected a trade');
      const poolPrice = sqrtPriceX96ToPrice(pool.slot0.sqrtPriceX96);
      const edge = externalPrice < 2000 ? externalPrice / (1 - fee / 1e6) : externalPrice * (1 - fee / 1e6);
      expect(poolPrice / edge - 1).toBeLessThan(1e-12);
      // stopping half way, or going all the way to the external price, earns less
      const fresh = poolAt(2000, fee);
      const profitTo = (price: number): number => {
        const quote = fresh.quoteSwap(price < 2000, MAX_INT256, priceToSqrtPriceX96(price));
        const { num, den } = exactNetProfit(quote.amount0, quote.amount1, externalPrice, 0n);
        return ratioToNumber(num, den);
      };
      expect(profitTo((2000 + edge) / 2)).toBeLessThan(decision.trade.grossProfitToken1);
      expect(profitTo(externalPrice)).toBeLessThan(decision.trade.grossProfitToken1);
    }
  });

  it('never trades at a loss when fee and gas are positive, and leaves the pool alone when it does not trade', () => {
    const seen = { trade: 0, 'in-band': 0, unprofitable: 0 };
    fc.assert(
      fc.property(
        fc.constantFrom(100, 500, 3000, 10000),
        fc.bigInt({ min: 1n, max: 10n ** 22n }),
        fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (fee, gas, logMoves) => {
          const pool = poolAt(2000, fee, 10n ** 23n);
          const arbitrageur = new Arbitrageur({ gasCostToken1: gas });
          let price = 2000;
          for (const move of logMoves) {
            price *= Math.exp(move);
            const before = pool.slot0.sqrtPriceX96;
            const balances = [pool.balance0, pool.balance1];
            const decision = arbitrageur.act(pool, price);
            seen[decision.action === 'trade' ? 'trade' : decision.reason]++;
            if (decision.action === 'trade') {
              const { num } = exactNetProfit(decision.trade.amount0, decision.trade.amount1, price, gas);
              expect(num > 0n).toBe(true);
              expect(decision.trade.netProfitToken1).toBeGreaterThan(0);
              expect(pool.slot0.sqrtPriceX96).toBe(decision.trade.targetSqrtPriceX96);
            } else {
              expect(pool.slot0.sqrtPriceX96).toBe(before);
              expect([pool.balance0, pool.balance1]).toEqual(balances);
              if (decision.reason === 'unprofitable') expect(decision.trade.netProfitToken1).toBeLessThanOrEqual(0);
            }
          }
        },
      ),
      { seed: 12, numRuns: 80 },
    );
    // every branch was exercised
    expect(Math.min(seen.trade, seen['in-band'], seen.unprofitable)).toBeGreaterThan(0);
  });

  it('says why it does not trade', () => {
    const pool = poolAt(2000, 3000);
    expect(new Arbitrageur().plan(pool, 2001)).toEqual({ action: 'none', reason: 'in-band' });
    const expensive = new Arbitrageur({ gasCostToken1: 10n ** 30n }).plan(pool, 2100);
    expect(expensive.action).toBe('none');
    if (expensive.action === 'none' && expensive.reason === 'unprofitable') {
      expect(expensive.trade.grossProfitToken1).toBeGreaterThan(0);
      expect(expensive.trade.netProfitToken1).toBeLessThan(0);
    } else {
      throw new Error('expected an unprofitable trade');
    }
  });

  it('refuses bad input naming the field', () => {
    const pool = poolAt(2000, 0);
    expect(() => new Arbitrageur().plan(pool, 0)).toThrow(/externalPrice/);
    expect(() => new Arbitrageur().plan(pool, Number.POSITIVE_INFINITY)).toThrow(InvalidInputError);
    expect(() => new Arbitrageur({ gasCostToken1: -1n })).toThrow(/gasCostToken1/);
    expect(() => new Arbitrageur({ recipient: '' })).toThrow(/recipient/);
  });
});
