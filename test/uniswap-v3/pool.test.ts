// UniswapV3Pool: scenarios from v3-core's UniswapV3Pool.spec.ts (values the contract produces),
// revert cases with "a revert changes nothing", seeded random operation sequences checked against
// the pool's invariants after every step, and a differential test against @uniswap/v3-sdk's Pool.
import { CurrencyAmount, Token } from '@uniswap/sdk-core';
import { type FeeAmount, Pool as SdkPool, Tick as SdkTick, TickListDataProvider } from '@uniswap/v3-sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UniswapV3Error } from '../../src/uniswap-v3/errors.js';
import { mulDiv } from '../../src/uniswap-v3/full-math.js';
import { type SwapQuote, UniswapV3Pool } from '../../src/uniswap-v3/pool.js';
import { positionKey } from '../../src/uniswap-v3/position.js';
import { getAmount0Delta, getAmount1Delta } from '../../src/uniswap-v3/sqrt-price-math.js';
import { EMPTY_TICK, getFeeGrowthInside, tickSpacingToMaxLiquidityPerTick } from '../../src/uniswap-v3/tick.js';
import {
  getSqrtRatioAtTick,
  MAX_SQRT_RATIO,
  MAX_TICK,
  MIN_SQRT_RATIO,
  MIN_TICK,
} from '../../src/uniswap-v3/tick-math.js';

// ---------------------------------------------------------------------------------------------
// Helpers: v3-core's test utilities, a full state dump, the pool invariants

const E18 = 10n ** 18n;
const MAX_UINT128 = (1n << 128n) - 1n;
const MAX_INT256 = (1n << 255n) - 1n;
const Q128 = 1n << 128n;

/**
 * v3-core's encodePriceSqrt(reserve1, reserve0) (bignumber.js, DECIMAL_PLACES 40, floor),
 * precomputed: sqrt(reserve1 / reserve0) · 2^96.
 */
const PRICE = {
  '1:10': 25054144837504793118641380156n,
  '1:2': 56022770974786139918731938227n,
  '1:1': 79228162514264337593543950336n,
  '2:1': 112045541949572279837463876454n,
  '10:1': 250541448375047931186413801569n,
} as const;

/** Test start time of MockTimeUniswapV3Pool. */
const TEST_POOL_START_TIME = 1601906400;

const getMinTick = (tickSpacing: number): number => Math.ceil(MIN_TICK / tickSpacing) * tickSpacing;
const getMaxTick = (tickSpacing: number): number => Math.floor(MAX_TICK / tickSpacing) * tickSpacing;

const FEE = { LOW: 500, MEDIUM: 3000, HIGH: 10000 } as const;
const TICK_SPACINGS = { 500: 10, 3000: 60, 10000: 200 } as const;

function createPool(fee: 500 | 3000 | 10000 = FEE.MEDIUM): UniswapV3Pool {
  return new UniswapV3Pool({ fee, tickSpacing: TICK_SPACINGS[fee], blockTimestamp: TEST_POOL_START_TIME });
}

/** v3-core's initializeAtZeroTick: price 1:1 and 2e18 liquidity over the full range. */
function initializeAtZeroTick(pool: UniswapV3Pool): void {
  pool.initialize(PRICE['1:1']);
  pool.mint('wallet', getMinTick(pool.tickSpacing), getMaxTick(pool.tickSpacing), 2n * E18);
}

// TestUniswapV3Callee's swap helpers (recipient is irrelevant to the state).
const swapExact0For1 = (pool: UniswapV3Pool, amount: bigint) => pool.swap('trader', true, amount);
const swapExact1For0 = (pool: UniswapV3Pool, amount: bigint) => pool.swap('trader', false, amount);
const swap0ForExact1 = (pool: UniswapV3Pool, amount: bigint) => pool.swap('trader', true, -amount);
const swap1ForExact0 = (pool: UniswapV3Pool, amount: bigint) => pool.swap('trader', false, -amount);
const swapToLowerPrice = (pool: UniswapV3Pool, sqrtPriceX96: bigint) =>
  pool.swap('trader', true, MAX_INT256, sqrtPriceX96);
const swapToHigherPrice = (pool: UniswapV3Pool, sqrtPriceX96: bigint) =>
  pool.swap('trader', false, MAX_INT256, sqrtPriceX96);

/** The revert reason of `f`, or undefined if it does not throw; anything but a UniswapV3Error fails. */
function reason(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof UniswapV3Error) return e.reason;
    throw e;
  }
  return undefined;
}

/** Everything a pool stores, through its public views. */
function dump(pool: UniswapV3Pool): unknown {
  const s0 = pool.slot0;
  const slots = Math.max(s0.observationCardinalityNext, 1) + 1;
  return {
    slot0: s0,
    liquidity: pool.liquidity,
    fg0: pool.feeGrowthGlobal0X128,
    fg1: pool.feeGrowthGlobal1X128,
    protocolFees: pool.protocolFees,
    balance0: pool.balance0,
    balance1: pool.balance1,
    ticks: pool.initializedTicks().map((t) => [t, pool.ticks(t)]),
    bitmap: pool.tickBitmapWords(),
    positions: pool.allPositions().sort((a, b) => (a.key < b.key ? -1 : 1)),
    observations: Array.from({ length: Math.min(slots, 65535) }, (_, i) => pool.observations(i)),
  };
}

/** Runs `f`; it must revert with `expected` and leave the pool exactly as it was. */
function expectRevertNoChange(pool: UniswapV3Pool, expected: string, f: () => unknown): void {
  const before = dump(pool);
  expect(reason(f)).toBe(expected);
  expect(dump(pool)).toEqual(before);
}

/**
 * The pool's invariants, from the outside:
 * - liquidity is the sum of the in-range positions' liquidity;
 * - each initialized tick's liquidityGross/liquidityNet are the sums over positions bounded by it,
 *   the initialized ticks are exactly the bounds of live positions, and the bitmap flags exactly them;
 * - the price lies within the current tick: ratio(tick) ≤ sqrtP ≤ ratio(tick + 1);
 * - solvency: each balance covers what everyone could take out now — every position burned at
 *   the current price (rounded down), its uncollected fees, its tokensOwed, and the protocol fees.
 */
function checkInvariants(pool: UniswapV3Pool): void {
  const s0 = pool.slot0;
  const positions = pool.allPositions();
  let inRange = 0n;
  const gross = new Map<number, bigint>();
  const net = new Map<number, bigint>();
  let need0 = pool.protocolFees.token0;
  let need1 = pool.protocolFees.token1;
  for (const p of positions) {
    const L = p.info.liquidity;
    need0 += p.info.tokensOwed0;
    need1 += p.info.tokensOwed1;
    if (L === 0n) continue;
    if (s0.tick >= p.tickLower && s0.tick < p.tickUpper) inRange += L;
    gross.set(p.tickLower, (gross.get(p.tickLower) ?? 0n) + L);
    gross.set(p.tickUpper, (gross.get(p.tickUpper) ?? 0n) + L);
    net.set(p.tickLower, (net.get(p.tickLower) ?? 0n) + L);
    net.set(p.tickUpper, (net.get(p.tickUpper) ?? 0n) - L);

    const sa = getSqrtRatioAtTick(p.tickLower);
    const sb = getSqrtRatioAtTick(p.tickUpper);
    if (s0.tick < p.tickLower) need0 += getAmount0Delta(sa, sb, L, false);
    else if (s0.tick < p.tickUpper) {
      need0 += getAmount0Delta(s0.sqrtPriceX96, sb, L, false);
      need1 += getAmount1Delta(sa, s0.sqrtPriceX96, L, false);
    } else need1 += getAmount1Delta(sa, sb, L, false);

    const ticks = new Map(pool.initializedTicks().map((t) => [t, pool.ticks(t)]));
    const inside = getFeeGrowthInside(
      ticks,
      p.tickLower,
      p.tickUpper,
      s0.tick,
      pool.feeGrowthGlobal0X128,
      pool.feeGrowthGlobal1X128,
    );
    need0 += mulDiv(BigInt.asUintN(256, inside.feeGrowthInside0X128 - p.info.feeGrowthInside0LastX128), L, Q128);
    need1 += mulDiv(BigInt.asUintN(256, inside.feeGrowthInside1X128 - p.info.feeGrowthInside1LastX128), L, Q128);
  }
  expect(pool.liquidity).toBe(inRange);
  expect(pool.initializedTicks()).toEqual([...gross.keys()].sort((a, b) => a - b));
  for (const [t, g] of gross) {
    const info = pool.ticks(t);
    expect(info.liquidityGross).toBe(g);
    expect(info.liquidityNet).toBe(net.get(t));
    expect(info.initialized).toBe(true);
  }
  // bitmap flags exactly the initialized ticks
  const flagged: number[] = [];
  for (const [wordPos, word] of pool.tickBitmapWords()) {
    for (let bit = 0; bit < 256; bit++) {
      if ((word >> BigInt(bit)) & 1n) flagged.push((wordPos * 256 + bit) * pool.tickSpacing);
    }
  }
  expect(flagged.sort((a, b) => a - b)).toEqual(pool.initializedTicks());
  if (s0.sqrtPriceX96 !== 0n) {
    expect(getSqrtRatioAtTick(s0.tick) <= s0.sqrtPriceX96).toBe(true);
    if (s0.tick < MAX_TICK) expect(s0.sqrtPriceX96 <= getSqrtRatioAtTick(s0.tick + 1)).toBe(true);
  }
  expect(pool.balance0 >= need0).toBe(true);
  expect(pool.balance1 >= need1).toBe(true);
}

// ---------------------------------------------------------------------------------------------
// Scenarios from v3-core's UniswapV3Pool.spec.ts and Tick.spec.ts

describe('Tick.tickSpacingToMaxLiquidityPerTick (Tick.spec)', () => {
  it('returns the contract values', () => {
    expect(tickSpacingToMaxLiquidityPerTick(10)).toBe(1917569901783203986719870431555990n);
    expect(tickSpacingToMaxLiquidityPerTick(60)).toBe(11505743598341114571880798222544994n);
    expect(tickSpacingToMaxLiquidityPerTick(200)).toBe(38350317471085141830651933667504588n);
    expect(tickSpacingToMaxLiquidityPerTick(887272)).toBe(MAX_UINT128 / 3n);
    expect(tickSpacingToMaxLiquidityPerTick(2302)).toBe(441351967472034323558203122479595605n);
  });
  it('the pool derives maxLiquidityPerTick from its spacing', () => {
    expect(createPool(FEE.MEDIUM).maxLiquidityPerTick).toBe(11505743598341114571880798222544994n);
  });
});

describe('UniswapV3Pool #initialize', () => {
  it('fails if already initialized', () => {
    const pool = createPool();
    pool.initialize(PRICE['1:1']);
    expectRevertNoChange(pool, 'AI', () => pool.initialize(PRICE['1:1']));
  });
  it("fails if starting price is too low or too high ('R')", () => {
    const pool = createPool();
    expectRevertNoChange(pool, 'R', () => pool.initialize(1n));
    expectRevertNoChange(pool, 'R', () => pool.initialize(MIN_SQRT_RATIO - 1n));
    expectRevertNoChange(pool, 'R', () => pool.initialize(MAX_SQRT_RATIO));
    expectRevertNoChange(pool, 'R', () => pool.initialize(0n));
  });
  it('can be initialized at MIN_SQRT_RATIO and MAX_SQRT_RATIO - 1', () => {
    const a = createPool();
    a.initialize(MIN_SQRT_RATIO);
    expect(a.slot0.tick).toBe(MIN_TICK);
    const b = createPool();
    b.initialize(MAX_SQRT_RATIO - 1n);
    expect(b.slot0.tick).toBe(MAX_TICK - 1);
  });
  it('sets initial variables', () => {
    const pool = createPool();
    pool.initialize(PRICE['1:2']);
    expect(pool.slot0).toEqual({
      sqrtPriceX96: PRICE['1:2'],
      tick: -6932,
      observationIndex: 0,
      observationCardinality: 1,
      observationCardinalityNext: 1,
      feeProtocol: 0,
      unlocked: true,
    });
  });
  it('initializes the first observations slot', () => {
    const pool = createPool();
    pool.initialize(PRICE['1:1']);
    expect(pool.observations(0)).toEqual({
      secondsPerLiquidityCumulativeX128: 0n,
      tickCumulative: 0n,
      initialized: true,
      blockTimestamp: TEST_POOL_START_TIME,
    });
  });
});

describe('UniswapV3Pool #increaseObservationCardinalityNext', () => {
  it('can only be called after initialize', () => {
    const pool = createPool();
    expectRevertNoChange(pool, 'LOK', () => pool.increaseObservationCardinalityNext(2));
  });
  it('sets the cardinality next, and is a no-op below the current value', () => {
    const pool = createPool();
    pool.initialize(PRICE['1:1']);
    pool.increaseObservationCardinalityNext(2);
    expect(pool.slot0.observationCardinalityNext).toBe(2);
    expect(pool.slot0.observationCardinality).toBe(1);
    pool.increaseObservationCardinalityNext(5);
    pool.increaseObservationCardinalityNext(3);
    expect(pool.slot0.observationCardinalityNext).toBe(5);
    expect(pool.observations(4)).toEqual({
      blockTimestamp: 1,
      tickCumulative: 0n,
      secondsPerLiquidityCumulativeX128: 0n,
      initialized: false,
    });
  });
});

describe('UniswapV3Pool #mint', () => {
  it('fails if not initialized', () => {
    const pool = createPool();
    expectRevertNoChange(pool, 'LOK', () => pool.mint('wallet', -60, 60, 1n));
  });

  describe('after initialization at 1:10 with 3161 full-range liquidity', () => {
    const tickSpacing = 60;
    const minTick = getMinTick(tickSpacing);
    const maxTick = getMaxTick(tickSpacing);
    const setup = () => {
      const pool = createPool();
      pool.initialize(PRICE['1:10']);
      pool.mint('wallet', minTick, maxTick, 3161n);
      return pool;
    };

    it('initial balances and tick', () => {
      const pool = setup();
      expect([pool.balance0, pool.balance1]).toEqual([9996n, 1000n]);
      expect(pool.slot0.tick).toBe(-23028);
    });

    describe('failure cases', () => {
      it('fails if tickLower greater than tickUpper', () => {
        const pool = setup();
        expectRevertNoChange(pool, 'TLU', () => pool.mint('wallet', 1, 0, 1n));
        expectRevertNoChange(pool, 'TLU', () => pool.mint('wallet', 0, 0, 1n));
      });
      it('fails if tickLower less than min tick', () => {
        const pool = setup();
        expectRevertNoChange(pool, 'TLM', () => pool.mint('wallet', -887273, 0, 1n));
      });
      it('fails if tickUpper greater than max tick', () => {
        const pool = setup();
        expectRevertNoChange(pool, 'TUM', () => pool.mint('wallet', 0, 887273, 1n));
      });
      it('fails if amount exceeds the max', () => {
        const pool = setup();
        const max = pool.maxLiquidityPerTick;
        expectRevertNoChange(pool, 'LO', () => pool.mint('wallet', minTick + tickSpacing, maxTick - tickSpacing, max + 1n));
        pool.mint('wallet', minTick + tickSpacing, maxTick - tickSpacing, max);
      });
      it('fails if total amount at tick exceeds the max', () => {
        const pool = setup();
        const max = pool.maxLiquidityPerTick;
        pool.mint('wallet', minTick + tickSpacing, maxTick - tickSpacing, 1000n);
        expectRevertNoChange(pool, 'LO', () =>
          pool.mint('wallet', minTick + tickSpacing, maxTick - tickSpacing, max - 1000n + 1n),
        );
        expectRevertNoChange(pool, 'LO', () =>
          pool.mint('wallet', minTick + tickSpacing * 2, maxTick - tickSpacing, max - 1000n + 1n),
        );
        // the lower tick passes, the upper one fails: nothing is written (atomic)
        expectRevertNoChange(pool, 'LO', () =>
          pool.mint('wallet', minTick + tickSpacing * 2, maxTick - tickSpacing, max - 1000n + 1n),
        );
        expectRevertNoChange(pool, 'LO', () =>
          pool.mint('wallet', minTick + tickSpacing, maxTick - tickSpacing * 2, max - 1000n + 1n),
        );
        pool.mint('wallet', minTick + tickSpacing, maxTick - tickSpacing, max - 1000n);
      });
      it('fails if amount is 0 (bare require)', () => {
        const pool = setup();
        expectRevertNoChange(pool, 'AMOUNT_ZERO', () => pool.mint('wallet', minTick + tickSpacing, maxTick - tickSpacing, 0n));
      });
      it('fails if amount does not fit int128', () => {
        const pool = setup();
        expectRevertNoChange(pool, 'SAFECAST_OVERFLOW', () => pool.mint('wallet', -60, 60, 1n << 127n));
      });
      it('fails if a tick is not a multiple of the spacing (TickBitmap.flipTick)', () => {
        const pool = setup();
        expectRevertNoChange(pool, 'TICK_SPACING', () => pool.mint('wallet', -61, 60, 1n));
        expectRevertNoChange(pool, 'TICK_SPACING', () => pool.mint('wallet', -60, 61, 1n));
      });
    });

    describe('success cases', () => {
      describe('above current price', () => {
        it('transfers token0 only', () => {
          const pool = setup();
          expect(pool.mint('wallet', -22980, 0, 10000n)).toEqual({ amount0: 21549n, amount1: 0n });
          expect([pool.balance0, pool.balance1]).toEqual([9996n + 21549n, 1000n]);
        });
        it('max tick with max leverage', () => {
          const pool = setup();
          pool.mint('wallet', maxTick - tickSpacing, maxTick, 2n ** 102n);
          expect([pool.balance0, pool.balance1]).toEqual([9996n + 828011525n, 1000n]);
        });
        it('works for max tick', () => {
          const pool = setup();
          pool.mint('wallet', -22980, maxTick, 10000n);
          expect([pool.balance0, pool.balance1]).toEqual([9996n + 31549n, 1000n]);
        });
        it('removing works', () => {
          const pool = setup();
          pool.mint('wallet', -240, 0, 10000n);
          pool.burn('wallet', -240, 0, 10000n);
          expect(pool.collect('wallet', 'wallet', -240, 0, MAX_UINT128, MAX_UINT128)).toEqual({ amount0: 120n, amount1: 0n });
        });
        it('adds liquidity to liquidityGross', () => {
          const pool = setup();
          pool.mint('wallet', -240, 0, 100n);
          expect(pool.ticks(-240).liquidityGross).toBe(100n);
          expect(pool.ticks(0).liquidityGross).toBe(100n);
          expect(pool.ticks(tickSpacing).liquidityGross).toBe(0n);
          expect(pool.ticks(tickSpacing * 2).liquidityGross).toBe(0n);
          pool.mint('wallet', -240, tickSpacing, 150n);
          expect(pool.ticks(-240).liquidityGross).toBe(250n);
          expect(pool.ticks(0).liquidityGross).toBe(100n);
          expect(pool.ticks(tickSpacing).liquidityGross).toBe(150n);
          pool.mint('wallet', 0, tickSpacing * 2, 60n);
          expect(pool.ticks(-240).liquidityGross).toBe(250n);
          expect(pool.ticks(0).liquidityGross).toBe(160n);
          expect(pool.ticks(tickSpacing).liquidityGross).toBe(150n);
          expect(pool.ticks(tickSpacing * 2).liquidityGross).toBe(60n);
        });
        it('removes liquidity from liquidityGross', () => {
          const pool = setup();
          pool.mint('wallet', -240, 0, 100n);
          pool.mint('wallet', -240, 0, 40n);
          pool.burn('wallet', -240, 0, 90n);
          expect(pool.ticks(-240).liquidityGross).toBe(50n);
          expect(pool.ticks(0).liquidityGross).toBe(50n);
        });
        it('clears tick lower and upper if last position is removed', () => {
          const pool = setup();
          pool.mint('wallet', -240, 0, 100n);
          pool.burn('wallet', -240, 0, 100n);
          expect(pool.ticks(-240)).toEqual(EMPTY_TICK);
          expect(pool.ticks(0)).toEqual(EMPTY_TICK);
          expect(pool.initializedTicks()).toEqual([minTick, maxTick]);
        });
        it('only clears the tick that is not used at all', () => {
          const pool = setup();
          pool.mint('wallet', -240, 0, 100n);
          pool.mint('wallet', -tickSpacing, 0, 250n);
          pool.burn('wallet', -240, 0, 100n);
          expect(pool.ticks(-240)).toEqual(EMPTY_TICK);
          expect(pool.ticks(-tickSpacing).liquidityGross).toBe(250n);
          expect(pool.ticks(0).liquidityGross).toBe(250n);
        });
        it('does not write an observation', () => {
          const pool = setup();
          const before = pool.observations(0);
          pool.advanceTime(1);
          pool.mint('wallet', -240, 0, 100n);
          expect(pool.observations(0)).toEqual(before);
        });
      });

      describe('including current price', () => {
        it('price within range: transfers current price of both tokens', () => {
          const pool = setup();
          expect(pool.mint('wallet', minTick + tickSpacing, maxTick - tickSpacing, 100n)).toEqual({ amount0: 317n, amount1: 32n });
          expect([pool.balance0, pool.balance1]).toEqual([9996n + 317n, 1000n + 32n]);
        });
        it('initializes lower and upper tick', () => {
          const pool = setup();
          pool.mint('wallet', minTick + tickSpacing, maxTick - tickSpacing, 100n);
          expect(pool.ticks(minTick + tickSpacing).liquidityGross).toBe(100n);
          expect(pool.ticks(maxTick - tickSpacing).liquidityGross).toBe(100n);
        });
        it('works for min/max tick', () => {
          const pool = setup();
          pool.mint('wallet', minTick, maxTick, 10000n);
          expect([pool.balance0, pool.balance1]).toEqual([9996n + 31623n, 1000n + 3163n]);
        });
        it('removing works', () => {
          const pool = setup();
          pool.mint('wallet', minTick + tickSpacing, maxTick - tickSpacing, 100n);
          pool.burn('wallet', minTick + tickSpacing, maxTick - tickSpacing, 100n);
          expect(pool.collect('wallet', 'wallet', minTick + tickSpacing, maxTick - tickSpacing, MAX_UINT128, MAX_UINT128)).toEqual({
            amount0: 316n,
            amount1: 31n,
          });
        });
        it('writes an observation', () => {
          const pool = setup();
          expect(pool.observations(0)).toEqual({
            tickCumulative: 0n,
            blockTimestamp: TEST_POOL_START_TIME,
            initialized: true,
            secondsPerLiquidityCumulativeX128: 0n,
          });
          pool.advanceTime(1);
          pool.mint('wallet', minTick, maxTick, 100n);
          expect(pool.observations(0)).toEqual({
            tickCumulative: -23028n,
            blockTimestamp: TEST_POOL_START_TIME + 1,
            initialized: true,
            secondsPerLiquidityCumulativeX128: 107650226801941937191829992860413859n,
          });
        });
      });

      describe('below current price', () => {
        it('transfers token1 only', () => {
          const pool = setup();
          expect(pool.mint('wallet', -46080, -23040, 10000n)).toEqual({ amount0: 0n, amount1: 2162n });
          expect([pool.balance0, pool.balance1]).toEqual([9996n, 1000n + 2162n]);
        });
        it('min tick with max leverage', () => {
          const pool = setup();
          pool.mint('wallet', minTick, minTick + tickSpacing, 2n ** 102n);
          expect([pool.balance0, pool.balance1]).toEqual([9996n, 1000n + 828011520n]);
        });
        it('works for min tick', () => {
          const pool = setup();
          pool.mint('wallet', minTick, -23040, 10000n);
          expect([pool.balance0, pool.balance1]).toEqual([9996n, 1000n + 3161n]);
        });
        it('removing works', () => {
          const pool = setup();
          pool.mint('wallet', -46080, -46020, 10000n);
          pool.burn('wallet', -46080, -46020, 10000n);
          expect(pool.collect('wallet', 'wallet', -46080, -46020, MAX_UINT128, MAX_UINT128)).toEqual({ amount0: 0n, amount1: 3n });
        });
        it('does not write an observation', () => {
          const pool = setup();
          const before = pool.observations(0);
          pool.advanceTime(1);
          pool.mint('wallet', -46080, -23040, 100n);
          expect(pool.observations(0)).toEqual(before);
        });
      });
    });

    it('protocol fees accumulate as expected during swap', () => {
      const pool = setup();
      pool.setFeeProtocol(6, 6);
      pool.mint('wallet', minTick + tickSpacing, maxTick - tickSpacing, E18);
      swapExact0For1(pool, E18 / 10n);
      swapExact1For0(pool, E18 / 100n);
      expect(pool.protocolFees).toEqual({ token0: 50000000000000n, token1: 5000000000000n });
    });

    it('positions are protected before protocol fee is turned on', () => {
      const pool = setup();
      pool.mint('wallet', minTick + tickSpacing, maxTick - tickSpacing, E18);
      swapExact0For1(pool, E18 / 10n);
      swapExact1For0(pool, E18 / 100n);
      expect(pool.protocolFees).toEqual({ token0: 0n, token1: 0n });
      pool.setFeeProtocol(6, 6);
      expect(pool.protocolFees).toEqual({ token0: 0n, token1: 0n });
    });

    it('poke is not allowed on uninitialized position', () => {
      const pool = setup();
      pool.mint('other', minTick + tickSpacing, maxTick - tickSpacing, E18);
      swapExact0For1(pool, E18 / 10n);
      swapExact1For0(pool, E18 / 100n);
      expectRevertNoChange(pool, 'NP', () => pool.burn('wallet', minTick + tickSpacing, maxTick - tickSpacing, 0n));
      pool.mint('wallet', minTick + tickSpacing, maxTick - tickSpacing, 1n);
      let p = pool.positions('wallet', minTick + tickSpacing, maxTick - tickSpacing);
      expect(p.liquidity).toBe(1n);
      expect(p.feeGrowthInside0LastX128).toBe(102084710076281216349243831104605583n);
      expect(p.feeGrowthInside1LastX128).toBe(10208471007628121634924383110460558n);
      expect([p.tokensOwed0, p.tokensOwed1]).toEqual([0n, 0n]);
      pool.burn('wallet', minTick + tickSpacing, maxTick - tickSpacing, 1n);
      p = pool.positions('wallet', minTick + tickSpacing, maxTick - tickSpacing);
      expect(p.liquidity).toBe(0n);
      expect(p.feeGrowthInside0LastX128).toBe(102084710076281216349243831104605583n);
      expect(p.feeGrowthInside1LastX128).toBe(10208471007628121634924383110460558n);
      expect([p.tokensOwed0, p.tokensOwed1]).toEqual([3n, 0n]);
    });
  });
});

describe('UniswapV3Pool #burn', () => {
  const tickSpacing = 60;
  const minTick = getMinTick(tickSpacing);
  const maxTick = getMaxTick(tickSpacing);
  const setup = () => {
    const pool = createPool();
    initializeAtZeroTick(pool);
    return pool;
  };

  it('does not clear the position fee growth snapshot if no more liquidity', () => {
    const pool = setup();
    // some activity that would make the ticks non-zero
    pool.advanceTime(10);
    pool.mint('other', minTick, maxTick, E18);
    swapExact0For1(pool, E18);
    swapExact1For0(pool, E18);
    pool.burn('other', minTick, maxTick, E18);
    const p = pool.positions('other', minTick, maxTick);
    expect(p.liquidity).toBe(0n);
    expect(p.tokensOwed0).not.toBe(0n);
    expect(p.tokensOwed1).not.toBe(0n);
    expect(p.feeGrowthInside0LastX128).toBe(340282366920938463463374607431768211n);
    expect(p.feeGrowthInside1LastX128).toBe(340282366920938576890830247744589365n);
  });

  it('clears the tick if its the last position using it', () => {
    const pool = setup();
    const tickLower = minTick + tickSpacing;
    const tickUpper = maxTick - tickSpacing;
    pool.advanceTime(10);
    pool.mint('wallet', tickLower, tickUpper, 1n);
    swapExact0For1(pool, E18);
    pool.burn('wallet', tickLower, tickUpper, 1n);
    expect(pool.ticks(tickLower)).toEqual(EMPTY_TICK);
    expect(pool.ticks(tickUpper)).toEqual(EMPTY_TICK);
  });

  it('clears only the lower tick if upper is still used', () => {
    const pool = setup();
    const tickLower = minTick + tickSpacing;
    const tickUpper = maxTick - tickSpacing;
    pool.advanceTime(10);
    pool.mint('wallet', tickLower, tickUpper, 1n);
    pool.mint('wallet', tickLower + tickSpacing, tickUpper, 1n);
    swapExact0For1(pool, E18);
    pool.burn('wallet', tickLower, tickUpper, 1n);
    expect(pool.ticks(tickLower)).toEqual(EMPTY_TICK);
    expect(pool.ticks(tickUpper).initialized).toBe(true);
  });

  it('clears only the upper tick if lower is still used', () => {
    const pool = setup();
    const tickLower = minTick + tickSpacing;
    const tickUpper = maxTick - tickSpacing;
    pool.advanceTime(10);
    pool.mint('wallet', tickLower, tickUpper, 1n);
    pool.mint('wallet', tickLower, tickUpper - tickSpacing, 1n);
    swapExact0For1(pool, E18);
    pool.burn('wallet', tickLower, tickUpper, 1n);
    expect(pool.ticks(tickLower).initialized).toBe(true);
    expect(pool.ticks(tickUpper)).toEqual(EMPTY_TICK);
  });

  it("burning more than the position holds reverts 'LS' and changes nothing", () => {
    const pool = setup();
    pool.mint('other', minTick, maxTick, 5n);
    // the ticks hold 2e18 + 5, so the tick update passes and the position update fails
    expectRevertNoChange(pool, 'LS', () => pool.burn('other', minTick, maxTick, 6n));
    // a range nobody holds fails at the lower tick
    expectRevertNoChange(pool, 'LS', () => pool.burn('other', -60, 60, 1n));
  });
});

describe('UniswapV3Pool liquidity', () => {
  const setup = () => {
    const pool = createPool();
    initializeAtZeroTick(pool);
    return pool;
  };
  it('returns 0 before initialization', () => {
    expect(createPool().liquidity).toBe(0n);
  });
  it('returns in supply in range, excludes supply outside', () => {
    const pool = setup();
    expect(pool.liquidity).toBe(2n * E18);
    pool.mint('wallet', -60, 60, 3n * E18);
    expect(pool.liquidity).toBe(5n * E18);
    pool.mint('wallet', 60, 120, 3n * E18);
    pool.mint('wallet', -120, -60, 3n * E18);
    expect(pool.liquidity).toBe(5n * E18);
  });
  it('updates correctly when exiting range', () => {
    const pool = setup();
    pool.mint('wallet', 0, 60, E18);
    expect(pool.liquidity).toBe(3n * E18);
    // swap toward the left (just enough for the tick transition function to trigger)
    swapExact0For1(pool, 1n);
    expect(pool.slot0.tick).toBe(-1);
    expect(pool.liquidity).toBe(2n * E18);
  });
  it('updates correctly when entering range', () => {
    const pool = setup();
    pool.mint('wallet', -60, 0, E18);
    expect(pool.liquidity).toBe(2n * E18);
    swapExact0For1(pool, 1n);
    expect(pool.slot0.tick).toBe(-1);
    expect(pool.liquidity).toBe(3n * E18);
  });
});

describe('UniswapV3Pool limit orders', () => {
  const setup = () => {
    const pool = createPool();
    initializeAtZeroTick(pool);
    return pool;
  };
  it('limit selling 0 for 1 at tick 0 thru 1', () => {
    const pool = setup();
    expect(pool.mint('wallet', 0, 120, E18)).toEqual({ amount0: 5981737760509663n, amount1: 0n });
    // somebody takes the limit order
    swapExact1For0(pool, 2n * E18);
    expect(pool.burn('wallet', 0, 120, E18)).toEqual({ amount0: 0n, amount1: 6017734268818165n });
    expect(pool.collect('wallet', 'wallet', 0, 120, MAX_UINT128, MAX_UINT128)).toEqual({
      amount0: 0n,
      amount1: 6017734268818165n + 18107525382602n,
    });
    expect(pool.slot0.tick >= 120).toBe(true);
  });
  it('limit selling 1 for 0 at tick 0 thru -1', () => {
    const pool = setup();
    expect(pool.mint('wallet', -120, 0, E18)).toEqual({ amount0: 0n, amount1: 5981737760509663n });
    swapExact0For1(pool, 2n * E18);
    expect(pool.burn('wallet', -120, 0, E18)).toEqual({ amount0: 6017734268818165n, amount1: 0n });
    expect(pool.collect('wallet', 'wallet', -120, 0, MAX_UINT128, MAX_UINT128)).toEqual({
      amount0: 6017734268818165n + 18107525382602n,
      amount1: 0n,
    });
    expect(pool.slot0.tick < -120).toBe(true);
  });
  it('limit selling 0 for 1 at tick 0 thru 1, with protocol fee', () => {
    const pool = setup();
    pool.setFeeProtocol(6, 6);
    pool.mint('wallet', 0, 120, E18);
    swapExact1For0(pool, 2n * E18);
    expect(pool.burn('wallet', 0, 120, E18)).toEqual({ amount0: 0n, amount1: 6017734268818165n });
    // roughly 1/6 of the 18107525382602 fee went to the protocol
    expect(pool.collect('wallet', 'wallet', 0, 120, MAX_UINT128, MAX_UINT128)).toEqual({
      amount0: 0n,
      amount1: 6017734268818165n + 15089604485501n,
    });
  });
  it('limit selling 1 for 0 at tick 0 thru -1, with protocol fee', () => {
    const pool = setup();
    pool.setFeeProtocol(6, 6);
    pool.mint('wallet', -120, 0, E18);
    swapExact0For1(pool, 2n * E18);
    expect(pool.burn('wallet', -120, 0, E18)).toEqual({ amount0: 6017734268818165n, amount1: 0n });
    expect(pool.collect('wallet', 'wallet', -120, 0, MAX_UINT128, MAX_UINT128)).toEqual({
      amount0: 6017734268818165n + 15089604485501n,
      amount1: 0n,
    });
  });
});

describe('UniswapV3Pool swapping across gaps', () => {
  it('works in 1 for 0 direction', () => {
    const pool = createPool();
    pool.initialize(PRICE['1:1']);
    const liquidityAmount = E18 / 4n;
    pool.mint('wallet', 120000, 121200, liquidityAmount);
    swapExact1For0(pool, E18);
    expect(pool.burn('wallet', 120000, 121200, liquidityAmount)).toEqual({
      amount0: 30027458295511n,
      amount1: 996999999999999999n,
    });
    expect(pool.slot0.tick).toBe(120196);
  });
  it('works in 0 for 1 direction', () => {
    const pool = createPool();
    pool.initialize(PRICE['1:1']);
    const liquidityAmount = E18 / 4n;
    pool.mint('wallet', -121200, -120000, liquidityAmount);
    swapExact0For1(pool, E18);
    expect(pool.burn('wallet', -121200, -120000, liquidityAmount)).toEqual({
      amount0: 996999999999999999n,
      amount1: 30027458295511n,
    });
    expect(pool.slot0.tick).toBe(-120197);
  });
});

describe('UniswapV3Pool #collect (fee 0.05 %)', () => {
  it('works with multiple LPs', () => {
    const pool = createPool(FEE.LOW);
    const minTick = getMinTick(10);
    const maxTick = getMaxTick(10);
    pool.initialize(PRICE['1:1']);
    pool.mint('wallet', minTick, maxTick, E18);
    pool.mint('wallet', minTick + 10, maxTick - 10, 2n * E18);
    swapExact0For1(pool, E18);
    // poke positions
    pool.burn('wallet', minTick, maxTick, 0n);
    pool.burn('wallet', minTick + 10, maxTick - 10, 0n);
    expect(pool.positions('wallet', minTick, maxTick).tokensOwed0).toBe(166666666666667n);
    expect(pool.positions('wallet', minTick + 10, maxTick - 10).tokensOwed0).toBe(333333333333334n);
  });

  it('collect of an untouched position returns zero; collect does not check ticks', () => {
    const pool = createPool(FEE.LOW);
    pool.initialize(PRICE['1:1']);
    expect(pool.collect('wallet', 'wallet', 5, 1, MAX_UINT128, MAX_UINT128)).toEqual({ amount0: 0n, amount1: 0n });
  });

  describe('works across large increases (flash donations instead of setFeeGrowthGlobal0X128)', () => {
    const min = getMinTick(10);
    const max = getMaxTick(10);
    const setup = () => {
      const pool = createPool(FEE.LOW);
      pool.initialize(PRICE['1:1']);
      pool.mint('wallet', min, max, E18);
      return pool;
    };
    // (2^128 - 1) * 2^128 / 1e18: a donation of 2^128 - 1 over 1e18 liquidity lands exactly here
    const magicNumber = 115792089237316195423570985008687907852929702298719625575994n;
    it('works just before the cap binds', () => {
      const pool = setup();
      pool.flash('wallet', 0n, 0n, { paid0: MAX_UINT128, paid1: 0n });
      expect(pool.feeGrowthGlobal0X128).toBe(magicNumber);
      pool.burn('wallet', min, max, 0n);
      const p = pool.positions('wallet', min, max);
      expect([p.tokensOwed0, p.tokensOwed1]).toEqual([MAX_UINT128 - 1n, 0n]);
    });
    it('tokensOwed wraps silently in uint128 past the cap', () => {
      const pool = setup();
      pool.flash('wallet', 0n, 0n, { paid0: MAX_UINT128, paid1: 0n });
      pool.burn('wallet', min, max, 0n);
      pool.flash('wallet', 0n, 0n, { paid0: MAX_UINT128, paid1: 0n });
      pool.burn('wallet', min, max, 0n);
      // (2^128 - 2) + (2^128 - 2) mod 2^128
      expect(pool.positions('wallet', min, max).tokensOwed0).toBe(MAX_UINT128 - 3n);
    });
  });
});

describe('UniswapV3Pool fees overflow scenarios (flash donations)', () => {
  const setup = () => {
    const pool = createPool();
    pool.initialize(PRICE['1:1']);
    const minTick = getMinTick(60);
    const maxTick = getMaxTick(60);
    pool.mint('wallet', minTick, maxTick, 1n);
    return { pool, minTick, maxTick };
  };

  it('up to max uint 128', () => {
    const { pool, minTick, maxTick } = setup();
    pool.flash('wallet', 0n, 0n, { paid0: MAX_UINT128, paid1: MAX_UINT128 });
    // all 1s in first 128 bits
    expect(pool.feeGrowthGlobal0X128).toBe(MAX_UINT128 << 128n);
    expect(pool.feeGrowthGlobal1X128).toBe(MAX_UINT128 << 128n);
    pool.burn('wallet', minTick, maxTick, 0n);
    expect(pool.clone().collect('wallet', 'wallet', minTick, maxTick, MAX_UINT128, MAX_UINT128)).toEqual({
      amount0: MAX_UINT128,
      amount1: MAX_UINT128,
    });
  });

  it('overflow max uint 128: feeGrowthGlobal wraps to 0 and the fees are lost', () => {
    const { pool, minTick, maxTick } = setup();
    pool.flash('wallet', 0n, 0n, { paid0: MAX_UINT128, paid1: MAX_UINT128 });
    pool.flash('wallet', 0n, 0n, { paid0: 1n, paid1: 1n });
    expect(pool.feeGrowthGlobal0X128).toBe(0n);
    expect(pool.feeGrowthGlobal1X128).toBe(0n);
    pool.burn('wallet', minTick, maxTick, 0n);
    expect(pool.collect('wallet', 'wallet', minTick, maxTick, MAX_UINT128, MAX_UINT128)).toEqual({ amount0: 0n, amount1: 0n });
  });

  it('overflow max uint 128 after poke burns fees owed to 0 (tokensOwed wraps in uint128)', () => {
    const { pool, minTick, maxTick } = setup();
    pool.flash('wallet', 0n, 0n, { paid0: MAX_UINT128, paid1: MAX_UINT128 });
    pool.burn('wallet', minTick, maxTick, 0n);
    pool.flash('wallet', 0n, 0n, { paid0: 1n, paid1: 1n });
    pool.burn('wallet', minTick, maxTick, 0n);
    expect(pool.collect('wallet', 'wallet', minTick, maxTick, MAX_UINT128, MAX_UINT128)).toEqual({ amount0: 0n, amount1: 0n });
  });

  it('two positions at the same snapshot', () => {
    const { pool, minTick, maxTick } = setup();
    pool.mint('other', minTick, maxTick, 1n);
    pool.flash('wallet', 0n, 0n, { paid0: MAX_UINT128, paid1: 0n });
    pool.flash('wallet', 0n, 0n, { paid0: MAX_UINT128, paid1: 0n });
    expect(pool.feeGrowthGlobal0X128).toBe(MAX_UINT128 << 128n);
    pool.flash('wallet', 0n, 0n, { paid0: 2n, paid1: 0n });
    pool.burn('wallet', minTick, maxTick, 0n);
    pool.burn('other', minTick, maxTick, 0n);
    expect(pool.collect('wallet', 'wallet', minTick, maxTick, MAX_UINT128, MAX_UINT128).amount0).toBe(0n);
    expect(pool.collect('other', 'other', minTick, maxTick, MAX_UINT128, MAX_UINT128).amount0).toBe(0n);
  });

  it('two positions 1 wei of fees apart overflows exactly once', () => {
    const { pool, minTick, maxTick } = setup();
    pool.flash('wallet', 0n, 0n, { paid0: 1n, paid1: 0n });
    pool.mint('other', minTick, maxTick, 1n);
    pool.flash('wallet', 0n, 0n, { paid0: MAX_UINT128, paid1: 0n });
    pool.flash('wallet', 0n, 0n, { paid0: MAX_UINT128, paid1: 0n });
    expect(pool.feeGrowthGlobal0X128).toBe(0n);
    pool.flash('wallet', 0n, 0n, { paid0: 2n, paid1: 0n });
    pool.burn('wallet', minTick, maxTick, 0n);
    pool.burn('other', minTick, maxTick, 0n);
    expect(pool.collect('wallet', 'wallet', minTick, maxTick, MAX_UINT128, MAX_UINT128).amount0).toBe(1n);
    expect(pool.collect('other', 'other', minTick, maxTick, MAX_UINT128, MAX_UINT128).amount0).toBe(0n);
  });
});

describe('UniswapV3Pool #flash', () => {
  it("fails with 'LOK' before initialize and 'L' without in-range liquidity", () => {
    const pool = createPool();
    expectRevertNoChange(pool, 'LOK', () => pool.flash('wallet', 0n, 0n));
    pool.initialize(PRICE['1:1']);
    expectRevertNoChange(pool, 'L', () => pool.flash('wallet', 0n, 0n));
  });
  it("charges the fee rounded up; paying less reverts 'F0'/'F1'; borrowing more than held reverts 'TF'", () => {
    const pool = createPool();
    initializeAtZeroTick(pool);
    const b0 = pool.balance0;
    expectRevertNoChange(pool, 'F0', () => pool.flash('wallet', 1001n, 0n, { paid0: 3n }));
    expectRevertNoChange(pool, 'F1', () => pool.flash('wallet', 0n, 2002n, { paid1: 6n }));
    expectRevertNoChange(pool, 'TF', () => pool.flash('wallet', b0 + 1n, 0n));
    expect(pool.flash('wallet', 1001n, 2002n)).toEqual({ fee0: 4n, fee1: 7n, paid0: 4n, paid1: 7n });
    expect(pool.balance0).toBe(b0 + 4n);
    expect(pool.feeGrowthGlobal0X128).toBe((4n * Q128) / (2n * E18));
  });
  it('the protocol takes its share of flash fees', () => {
    const pool = createPool();
    initializeAtZeroTick(pool);
    pool.setFeeProtocol(4, 5);
    pool.flash('wallet', 0n, 0n, { paid0: 1000n, paid1: 1000n });
    expect(pool.protocolFees).toEqual({ token0: 250n, token1: 200n });
    expect(pool.feeGrowthGlobal0X128).toBe((750n * Q128) / (2n * E18));
  });
});

describe('UniswapV3Pool #feeProtocol (fee 0.05 %, 1000e18 full range)', () => {
  const minTick = getMinTick(10);
  const maxTick = getMaxTick(10);
  const setup = () => {
    const pool = createPool(FEE.LOW);
    pool.initialize(PRICE['1:1']);
    pool.mint('wallet', minTick, maxTick, 1000n * E18);
    return pool;
  };
  const swapAndGetFeesOwed = (pool: UniswapV3Pool, amount: bigint, zeroForOne: boolean, poke: boolean) => {
    if (zeroForOne) swapExact0For1(pool, amount);
    else swapExact1For0(pool, amount);
    if (poke) pool.burn('wallet', minTick, maxTick, 0n);
    // callStatic: collect on a clone
    const { amount0, amount1 } = pool.clone().collect('wallet', 'wallet', minTick, maxTick, MAX_UINT128, MAX_UINT128);
    return { token0Fees: amount0, token1Fees: amount1 };
  };

  it('is initially set to 0 and can be changed', () => {
    const pool = setup();
    expect(pool.slot0.feeProtocol).toBe(0);
    pool.setFeeProtocol(6, 6);
    expect(pool.slot0.feeProtocol).toBe(102);
    pool.setFeeProtocol(4, 10);
    expect(pool.slot0.feeProtocol).toBe(4 + (10 << 4));
    pool.setFeeProtocol(0, 0);
    expect(pool.slot0.feeProtocol).toBe(0);
  });
  it('cannot be changed out of bounds (bare require)', () => {
    const pool = setup();
    expectRevertNoChange(pool, 'FEE_PROTOCOL', () => pool.setFeeProtocol(3, 3));
    expectRevertNoChange(pool, 'FEE_PROTOCOL', () => pool.setFeeProtocol(11, 11));
    expectRevertNoChange(pool, 'FEE_PROTOCOL', () => pool.setFeeProtocol(6, 3));
    expectRevertNoChange(pool, 'FEE_PROTOCOL', () => pool.setFeeProtocol(11, 6));
    expectRevertNoChange(pool, 'LOK', () => createPool().setFeeProtocol(6, 6));
  });
  it('position owner gets full fees when protocol fee is off', () => {
    const pool = setup();
    expect(swapAndGetFeesOwed(pool, E18, true, true)).toEqual({ token0Fees: 499999999999999n, token1Fees: 0n });
  });
  it('swap fees accumulate as expected (0 for 1)', () => {
    const pool = setup();
    expect(swapAndGetFeesOwed(pool, E18, true, true).token0Fees).toBe(499999999999999n);
    expect(swapAndGetFeesOwed(pool, E18, true, true).token0Fees).toBe(999999999999998n);
    expect(swapAndGetFeesOwed(pool, E18, true, true).token0Fees).toBe(1499999999999997n);
  });
  it('swap fees accumulate as expected (1 for 0)', () => {
    const pool = setup();
    expect(swapAndGetFeesOwed(pool, E18, false, true)).toEqual({ token0Fees: 0n, token1Fees: 499999999999999n });
    expect(swapAndGetFeesOwed(pool, E18, false, true).token1Fees).toBe(999999999999998n);
    expect(swapAndGetFeesOwed(pool, E18, false, true).token1Fees).toBe(1499999999999997n);
  });
  it('position owner gets partial fees when protocol fee is on', () => {
    const pool = setup();
    pool.setFeeProtocol(6, 6);
    expect(swapAndGetFeesOwed(pool, E18, true, true)).toEqual({ token0Fees: 416666666666666n, token1Fees: 0n });
  });
  it('#collectProtocol returns 0 if no fees, can collect fees, leaves 1 wei', () => {
    const pool = setup();
    pool.setFeeProtocol(6, 6);
    expect(pool.collectProtocol('other', MAX_UINT128, MAX_UINT128)).toEqual({ amount0: 0n, amount1: 0n });
    swapAndGetFeesOwed(pool, E18, true, true);
    expect(pool.protocolFees.token0).toBe(83333333333333n);
    expect(pool.collectProtocol('other', MAX_UINT128, MAX_UINT128)).toEqual({ amount0: 83333333333332n, amount1: 0n });
    expect(pool.protocolFees.token0).toBe(1n);
    expect(pool.collectProtocol('other', MAX_UINT128, MAX_UINT128)).toEqual({ amount0: 0n, amount1: 0n });
  });
  it('#collectProtocol takes less than requested when asked', () => {
    const pool = setup();
    pool.setFeeProtocol(6, 6);
    swapAndGetFeesOwed(pool, E18, false, true);
    expect(pool.collectProtocol('other', 0n, 1000n)).toEqual({ amount0: 0n, amount1: 1000n });
    expect(pool.protocolFees.token1).toBe(83333333333333n - 1000n);
  });
  it('fees collected by lp after two swaps should be double one swap', () => {
    const pool = setup();
    swapAndGetFeesOwed(pool, E18, true, true);
    expect(swapAndGetFeesOwed(pool, E18, true, true).token0Fees).toBe(999999999999998n);
  });
  it('fees collected after two swaps with fee turned on in middle are fees from last swap (not confiscatory)', () => {
    const pool = setup();
    swapAndGetFeesOwed(pool, E18, true, false);
    pool.setFeeProtocol(6, 6);
    expect(swapAndGetFeesOwed(pool, E18, true, true).token0Fees).toBe(916666666666666n);
  });
  it('fees collected by lp after two swaps with intermediate withdrawal', () => {
    const pool = setup();
    pool.setFeeProtocol(6, 6);
    expect(swapAndGetFeesOwed(pool, E18, true, true).token0Fees).toBe(416666666666666n);
    pool.collect('wallet', 'wallet', minTick, maxTick, MAX_UINT128, MAX_UINT128);
    expect(swapAndGetFeesOwed(pool, E18, true, false)).toEqual({ token0Fees: 0n, token1Fees: 0n });
    expect(pool.protocolFees).toEqual({ token0: 166666666666666n, token1: 0n });
    pool.burn('wallet', minTick, maxTick, 0n); // poke to update fees
    expect(pool.collect('wallet', 'wallet', minTick, maxTick, MAX_UINT128, MAX_UINT128).amount0).toBe(416666666666666n);
    expect(pool.protocolFees).toEqual({ token0: 166666666666666n, token1: 0n });
  });
});

describe('UniswapV3Pool #swap', () => {
  const setup = () => {
    const pool = createPool();
    initializeAtZeroTick(pool);
    return pool;
  };
  it("reverts 'AS' on a zero amount (checked before the lock)", () => {
    const pool = createPool();
    expectRevertNoChange(pool, 'AS', () => pool.swap('trader', true, 0n, MIN_SQRT_RATIO + 1n));
    expectRevertNoChange(pool, 'LOK', () => pool.swap('trader', true, 1n, MIN_SQRT_RATIO + 1n));
    const p = setup();
    expectRevertNoChange(p, 'AS', () => p.swap('trader', false, 0n, MAX_SQRT_RATIO - 1n));
  });
  it("reverts 'SPL' on a limit on the wrong side or out of range", () => {
    const pool = setup();
    const price = pool.slot0.sqrtPriceX96;
    expectRevertNoChange(pool, 'SPL', () => pool.swap('trader', true, 1n, price));
    expectRevertNoChange(pool, 'SPL', () => pool.swap('trader', true, 1n, price + 1n));
    expectRevertNoChange(pool, 'SPL', () => pool.swap('trader', true, 1n, MIN_SQRT_RATIO));
    expectRevertNoChange(pool, 'SPL', () => pool.swap('trader', false, 1n, price));
    expectRevertNoChange(pool, 'SPL', () => pool.swap('trader', false, 1n, price - 1n));
    expectRevertNoChange(pool, 'SPL', () => pool.swap('trader', false, 1n, MAX_SQRT_RATIO));
    expectRevertNoChange(pool, 'SPL', () => pool.quoteSwap(false, 1n, MAX_SQRT_RATIO));
  });
  it('exact input stops at the price limit and returns the partial amounts', () => {
    const pool = setup();
    const { amount0, amount1 } = swapToLowerPrice(pool, PRICE['1:2']);
    expect(pool.slot0.sqrtPriceX96).toBe(PRICE['1:2']);
    expect(amount0 > 0n && amount1 < 0n).toBe(true);
    expect(amount0 < MAX_INT256).toBe(true);
  });
  it('exact output returns exactly the requested output', () => {
    const pool = setup();
    const r = swap0ForExact1(pool, 12345678901234n);
    expect(r.amount1).toBe(-12345678901234n);
    const s = swap1ForExact0(pool, 10n ** 15n);
    expect(s.amount0).toBe(-(10n ** 15n));
  });
  it('a swap with zero liquidity moves the price without charging anything', () => {
    const pool = createPool();
    pool.initialize(PRICE['1:1']);
    expect(swapToLowerPrice(pool, PRICE['1:2'])).toEqual({ amount0: 0n, amount1: 0n });
    expect(pool.slot0.sqrtPriceX96).toBe(PRICE['1:2']);
    expect(pool.slot0.tick).toBe(-6932);
  });
  it('crosses many initialized ticks; each crossing flips feeGrowthOutside, later crossings see more growth', () => {
    const pool = setup();
    for (let i = 1; i <= 20; i++) pool.mint('lp', -60 * i, 60 * i, BigInt(i) * 10n ** 16n);
    // every lower tick was initialized at tick 0 (≤ current), so its outside growth starts at the global, 0
    expect(pool.ticks(-600).feeGrowthOutside0X128).toBe(0n);
    const q = pool.quoteSwap(true, 5n * E18);
    expect(q.initializedTicksCrossed).toBeGreaterThan(10);
    const r = swapExact0For1(pool, 5n * E18);
    expect(r).toEqual({ amount0: q.amount0, amount1: q.amount1 });
    expect(pool.slot0.tick).toBe(q.tickAfter);
    expect(pool.liquidity).toBe(q.liquidityAfter);
    // crossing down: outside = global at the crossing − 0, growing with each deeper tick
    let last = 0n;
    for (let i = 1; i <= q.initializedTicksCrossed; i++) {
      const outside = pool.ticks(-60 * i).feeGrowthOutside0X128;
      expect(outside > last).toBe(true);
      expect(outside <= pool.feeGrowthGlobal0X128).toBe(true);
      expect(pool.ticks(-60 * i).feeGrowthOutside1X128).toBe(0n);
      last = outside;
    }
    checkInvariants(pool);
  });
});

describe('UniswapV3Pool #observe', () => {
  const setup = () => {
    const pool = createPool();
    initializeAtZeroTick(pool);
    return pool;
  };
  it("reverts 'I' before initialize", () => {
    expect(reason(() => createPool().observe([0]))).toBe('I');
  });
  it('current tick accumulator increases by tick over time', () => {
    const pool = setup();
    expect(pool.observe([0]).tickCumulatives[0]).toBe(0n);
    pool.advanceTime(10);
    expect(pool.observe([0]).tickCumulatives[0]).toBe(0n);
  });
  it('current tick accumulator after single swap', () => {
    const pool = setup();
    // moves to tick -1
    swapExact0For1(pool, 1000n);
    pool.advanceTime(4);
    expect(pool.observe([0]).tickCumulatives[0]).toBe(-4n);
  });
  it('current tick accumulator after two swaps', () => {
    const pool = setup();
    swapExact0For1(pool, E18 / 2n);
    // 0.5e18 of token0 (less 0.3 %) into 2e18 liquidity at price 1: sqrtP = 2 / 2.4985
    expect(pool.slot0.tick).toBe(Math.floor(Math.log((2 / 2.4985) ** 2) / Math.log(1.0001)));
    const t1 = pool.slot0.tick;
    pool.advanceTime(4);
    swapExact1For0(pool, E18 / 4n);
    const t2 = pool.slot0.tick;
    pool.advanceTime(6);
    expect(pool.observe([0]).tickCumulatives[0]).toBe(BigInt(t1 * 4 + t2 * 6));
    // cardinality 1: only the observation written by the second swap (4 s in) is kept
    expect(pool.observe([6, 0]).tickCumulatives).toEqual([BigInt(t1 * 4), BigInt(t1 * 4 + t2 * 6)]);
    expect(reason(() => pool.observe([7]))).toBe('OLD');
  });
  it('secondsPerLiquidity accumulates 1 / liquidity per second', () => {
    const pool = setup();
    pool.advanceTime(7);
    expect(pool.observe([0]).secondsPerLiquidityCumulativeX128s[0]).toBe((7n << 128n) / (2n * E18));
  });
  it('observations grow with increaseObservationCardinalityNext and keep history', () => {
    const pool = setup();
    pool.increaseObservationCardinalityNext(4);
    const ticks: number[] = [];
    for (let i = 0; i < 6; i++) {
      pool.advanceTime(10);
      swapExact0For1(pool, 10n ** 15n);
      ticks.push(pool.slot0.tick);
    }
    expect(pool.slot0.observationCardinality).toBe(4);
    // the ring holds the last 4 writes: seconds 30..60 are observable, 29 is too old
    expect(reason(() => pool.observe([31]))).toBe('OLD');
    expect(reason(() => pool.observe([30]))).toBeUndefined();
  });
});

describe('UniswapV3Pool #snapshotCumulativesInside', () => {
  const tickLower = -60;
  const tickUpper = 60;
  const tickSpacing = 60;
  const setup = () => {
    const pool = createPool();
    pool.initialize(PRICE['1:1']);
    pool.mint('wallet', tickLower, tickUpper, 10n);
    // liquidity far outside so price moves are cheap but possible
    pool.mint('wallet', getMinTick(60), getMaxTick(60), 10n);
    return pool;
  };
  it('throws if ticks are in reverse order, equal, or out of bounds', () => {
    const pool = setup();
    expect(reason(() => pool.snapshotCumulativesInside(tickUpper, tickLower))).toBe('TLU');
    expect(reason(() => pool.snapshotCumulativesInside(tickLower, tickLower))).toBe('TLU');
    expect(reason(() => pool.snapshotCumulativesInside(getMinTick(tickSpacing) - tickSpacing, tickUpper))).toBe('TLM');
    expect(reason(() => pool.snapshotCumulativesInside(tickLower, getMaxTick(tickSpacing) + tickSpacing))).toBe('TUM');
  });
  it('throws if tick lower or upper is not initialized (bare require)', () => {
    const pool = setup();
    expect(reason(() => pool.snapshotCumulativesInside(tickLower - tickSpacing, tickUpper))).toBe('TICK_NOT_INITIALIZED');
    expect(reason(() => pool.snapshotCumulativesInside(tickLower, tickUpper + tickSpacing))).toBe('TICK_NOT_INITIALIZED');
  });
  it('is zero immediately after initialize', () => {
    const pool = setup();
    expect(pool.snapshotCumulativesInside(tickLower, tickUpper)).toEqual({
      tickCumulativeInside: 0n,
      secondsPerLiquidityInsideX128: 0n,
      secondsInside: 0,
    });
  });
  it('increases by expected amount when time elapses in the range', () => {
    const pool = setup();
    pool.advanceTime(5);
    expect(pool.snapshotCumulativesInside(tickLower, tickUpper)).toEqual({
      tickCumulativeInside: 0n,
      secondsPerLiquidityInsideX128: (5n << 128n) / 20n,
      secondsInside: 5,
    });
  });
  it('does not account for time increase above range', () => {
    const pool = setup();
    pool.advanceTime(5);
    swapToHigherPrice(pool, PRICE['2:1']);
    pool.advanceTime(7);
    expect(pool.snapshotCumulativesInside(tickLower, tickUpper)).toEqual({
      tickCumulativeInside: 0n,
      secondsPerLiquidityInsideX128: (5n << 128n) / 20n,
      secondsInside: 5,
    });
  });
  it('does not account for time increase below range', () => {
    const pool = setup();
    pool.advanceTime(5);
    swapToLowerPrice(pool, PRICE['1:2']);
    pool.advanceTime(7);
    expect(pool.snapshotCumulativesInside(tickLower, tickUpper)).toEqual({
      // tick is 0 for 5 seconds, then not in range
      tickCumulativeInside: 0n,
      secondsPerLiquidityInsideX128: (5n << 128n) / 20n,
      secondsInside: 5,
    });
  });
  it('time increase below range is not counted (back to exactly 1:1 from below: tick 0)', () => {
    const pool = setup();
    swapToLowerPrice(pool, PRICE['1:2']);
    pool.advanceTime(5);
    swapToHigherPrice(pool, PRICE['1:1']);
    expect(pool.slot0.tick).toBe(0);
    pool.advanceTime(7);
    expect(pool.snapshotCumulativesInside(tickLower, tickUpper)).toEqual({
      tickCumulativeInside: 0n,
      secondsPerLiquidityInsideX128: (7n << 128n) / 20n,
      secondsInside: 7,
    });
  });
  it('time increase above range is not counted (back to exactly 1:1 from above: tick -1)', () => {
    const pool = setup();
    swapToHigherPrice(pool, PRICE['2:1']);
    pool.advanceTime(5);
    swapToLowerPrice(pool, PRICE['1:1']);
    // landing exactly on an (uninitialized) tick boundary going down leaves the tick one below
    expect(pool.slot0.tick).toBe(-1);
    pool.advanceTime(7);
    expect(pool.snapshotCumulativesInside(tickLower, tickUpper)).toEqual({
      tickCumulativeInside: -7n,
      secondsPerLiquidityInsideX128: (7n << 128n) / 20n,
      secondsInside: 7,
    });
  });
  it('positions minted after time spent', () => {
    const pool = setup();
    pool.advanceTime(5);
    pool.mint('wallet', tickUpper, getMaxTick(tickSpacing), 15n);
    swapToHigherPrice(pool, PRICE['2:1']);
    pool.advanceTime(8);
    expect(pool.snapshotCumulativesInside(tickUpper, getMaxTick(tickSpacing))).toEqual({
      tickCumulativeInside: BigInt(pool.slot0.tick * 8),
      secondsPerLiquidityInsideX128: (8n << 128n) / 25n,
      secondsInside: 8,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Reverts change nothing; argument types

describe('UniswapV3Pool reverts', () => {
  it("every locked verb reverts 'LOK' before initialize", () => {
    const pool = createPool();
    expectRevertNoChange(pool, 'LOK', () => pool.mint('w', -60, 60, 1n));
    expectRevertNoChange(pool, 'LOK', () => pool.burn('w', -60, 60, 1n));
    expectRevertNoChange(pool, 'LOK', () => pool.collect('w', 'w', -60, 60, 1n, 1n));
    expectRevertNoChange(pool, 'LOK', () => pool.swap('w', true, 1n, 1n << 90n));
    expectRevertNoChange(pool, 'LOK', () => pool.setFeeProtocol(4, 4));
    expectRevertNoChange(pool, 'LOK', () => pool.collectProtocol('w', 1n, 1n));
    expectRevertNoChange(pool, 'LOK', () => pool.increaseObservationCardinalityNext(3));
  });
  it("burn of 0 on an empty position reverts 'NP'; ticks are checked first", () => {
    const pool = createPool();
    initializeAtZeroTick(pool);
    expectRevertNoChange(pool, 'NP', () => pool.burn('nobody', -60, 60, 0n));
    expectRevertNoChange(pool, 'TLU', () => pool.burn('nobody', 60, -60, 0n));
    expectRevertNoChange(pool, 'TLM', () => pool.burn('nobody', MIN_TICK - 1, 60, 0n));
    expectRevertNoChange(pool, 'TUM', () => pool.burn('nobody', -60, MAX_TICK + 1, 0n));
  });
  it("arguments outside their ABI type throw 'INVALID_INPUT' naming the field", () => {
    const pool = createPool();
    initializeAtZeroTick(pool);
    expectRevertNoChange(pool, 'INVALID_INPUT', () => pool.mint('w', 1.5, 60, 1n));
    expectRevertNoChange(pool, 'INVALID_INPUT', () => pool.mint('w', -60, 2 ** 23, 1n));
    expectRevertNoChange(pool, 'INVALID_INPUT', () => pool.mint('w', -60, 60, -1n));
    expectRevertNoChange(pool, 'INVALID_INPUT', () => pool.mint('w', -60, 60, 1n << 128n));
    expectRevertNoChange(pool, 'INVALID_INPUT', () => pool.swap('w', true, 1n << 255n));
    expectRevertNoChange(pool, 'INVALID_INPUT', () => pool.observe([-1]));
    expectRevertNoChange(pool, 'INVALID_INPUT', () => pool.increaseObservationCardinalityNext(65536));
    expect(() => pool.mint('w', 1.5, 60, 1n)).toThrow(/tickLower=1.5/);
    expect(() => new UniswapV3Pool({ fee: 3000, tickSpacing: 0 })).toThrow(UniswapV3Error);
    expect(() => {
      pool.blockTimestamp = -1;
    }).toThrow(/blockTimestamp/);
  });
  it('positions are keyed case-insensitively for hex addresses', () => {
    const pool = createPool();
    initializeAtZeroTick(pool);
    const a = '0xAbCdEf0123456789aBcDeF0123456789AbCdEf01';
    pool.mint(a, -60, 60, 100n);
    expect(pool.positions(a.toLowerCase(), -60, 60).liquidity).toBe(100n);
    expect(pool.positions(positionKey(a, -60, 60)).liquidity).toBe(100n);
    pool.burn(a.toLowerCase(), -60, 60, 100n);
    expect(pool.positions(a, -60, 60).liquidity).toBe(0n);
  });
});

// ---------------------------------------------------------------------------------------------
// clone / quoteSwap

describe('UniswapV3Pool clone and quoteSwap', () => {
  it('a clone is independent in both directions', () => {
    const pool = createPool();
    initializeAtZeroTick(pool);
    pool.mint('lp', -120, 120, E18);
    const before = dump(pool);
    const c = pool.clone();
    expect(dump(c)).toEqual(before);
    swapExact0For1(c, E18);
    c.mint('lp', -600, 600, E18);
    c.burn('lp', -120, 120, E18 / 2n);
    c.advanceTime(100);
    c.increaseObservationCardinalityNext(10);
    c.setFeeProtocol(5, 5);
    expect(dump(pool)).toEqual(before);
    swapExact1For0(pool, E18);
    expect(c.slot0.tick < 0).toBe(true);
    expect(c.blockTimestamp).toBe(TEST_POOL_START_TIME + 100);
    expect(pool.blockTimestamp).toBe(TEST_POOL_START_TIME);
  });
  it('quoteSwap leaves the pool unchanged and equals the swap', () => {
    const pool = createPool();
    initializeAtZeroTick(pool);
    pool.mint('lp', -120, 120, E18);
    const before = dump(pool);
    const q = pool.quoteSwap(true, -(10n ** 17n));
    expect(dump(pool)).toEqual(before);
    const r = pool.swap('t', true, -(10n ** 17n));
    expect([r.amount0, r.amount1]).toEqual([q.amount0, q.amount1]);
    expect([pool.slot0.sqrtPriceX96, pool.slot0.tick, pool.liquidity]).toEqual([q.sqrtPriceX96After, q.tickAfter, q.liquidityAfter]);
  });
  it('quoteSwapFrom chains equal the swaps of a twin, crossing ticks, and never write', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }).filter((x) => x !== 0n)), { minLength: 1, maxLength: 5 }),
        (swaps) => {
          const pool = createPool();
          initializeAtZeroTick(pool);
          pool.mint('lp', -600, 600, E18);
          pool.mint('lp', -120, 60, E18);
          pool.mint('lp', 60, 240, E18 / 3n);
          const twin = pool.clone();
          const before = dump(pool);
          let state = { sqrtPriceX96: pool.slot0.sqrtPriceX96, tick: pool.slot0.tick, liquidity: pool.liquidity };
          for (const [zeroForOne, amount] of swaps) {
            let real: { amount0: bigint; amount1: bigint } | string;
            try {
              real = twin.swap('t', zeroForOne, amount);
            } catch (error) {
              real = (error as UniswapV3Error).reason;
            }
            let quoted: ReturnType<UniswapV3Pool['quoteSwapFrom']> | string;
            try {
              quoted = pool.quoteSwapFrom(state, zeroForOne, amount);
            } catch (error) {
              quoted = (error as UniswapV3Error).reason;
            }
            if (typeof real === 'string') {
              // the twin cannot pay out ('TF') or the limit is behind the price ('SPL'): the quote checks only the latter
              if (real === 'SPL') expect(quoted).toBe('SPL');
              return;
            }
            if (typeof quoted === 'string') throw new Error(`quote refused (${quoted}) a swap the pool ran`);
            expect([quoted.amount0, quoted.amount1]).toEqual([real.amount0, real.amount1]);
            expect([quoted.sqrtPriceX96, quoted.tick, quoted.liquidity]).toEqual([twin.slot0.sqrtPriceX96, twin.slot0.tick, twin.liquidity]);
            state = quoted;
          }
          expect(dump(pool)).toEqual(before);
        },
      ),
      { seed: 3, numRuns: 150 },
    );
  });
  it('swapIf shows the check the exact outcome, commits it like swap, and refusing changes nothing', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }).filter((x) => x !== 0n), (zeroForOne, amount) => {
        const pool = createPool();
        initializeAtZeroTick(pool);
        pool.mint('lp', -600, 600, E18);
        pool.mint('lp', -120, 60, E18);
        const twin = pool.clone();
        const before = dump(pool);
        expect(() =>
          pool.swapIf('t', zeroForOne, amount, undefined, () => {
            throw new Error('refused by the check');
          }),
        ).toThrow('refused by the check');
        expect(dump(pool)).toEqual(before);
        let seen: SwapQuote | undefined;
        const committed = pool.swapIf('t', zeroForOne, amount, undefined, (quote) => {
          seen = quote;
        });
        const plain = twin.swap('t', zeroForOne, amount);
        expect(seen).toEqual(committed);
        expect([committed.amount0, committed.amount1]).toEqual([plain.amount0, plain.amount1]);
        expect(dump(pool)).toEqual(dump(twin));
      }),
      { seed: 4626, numRuns: 60 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Random operation sequences (seeded): invariants after every step, reverts change nothing,
// quoteSwap == swap, clones replay identically.

type Op =
  | { kind: 'mint'; owner: number; lo: number; hi: number; amount: bigint }
  | { kind: 'burn'; pick: number | null; owner: number; lo: number; hi: number; fraction: number; extra: bigint }
  | { kind: 'collect'; pick: number | null; owner: number; lo: number; hi: number; a0: bigint; a1: bigint }
  | { kind: 'swap'; zeroForOne: boolean; amount: bigint; exactOut: boolean; limitTicks: number | null }
  | { kind: 'time'; dt: number }
  | { kind: 'feeProtocol'; p0: number; p1: number }
  | { kind: 'collectProtocol'; a0: bigint; a1: bigint }
  | { kind: 'grow'; n: number }
  | { kind: 'flash'; a0: bigint; a1: bigint; extra0: bigint; extra1: bigint };

const OWNERS = ['alice', 'bob', '0x00000000000000000000000000000000000000Aa'];

function arbOp(tickSpacing: number): fc.Arbitrary<Op> {
  const minT = getMinTick(tickSpacing);
  const maxT = getMaxTick(tickSpacing);
  // mostly a small grid around the price, sometimes the edges, rarely an unspaced or invalid tick
  const tick = fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: -30, max: 30 }).map((i) => i * tickSpacing) },
    { weight: 2, arbitrary: fc.constantFrom(minT, maxT) },
    { weight: 1, arbitrary: fc.constantFrom(7, MIN_TICK - 1, MAX_TICK + 1) },
  );
  const amount = fc.oneof(
    { weight: 3, arbitrary: fc.bigInt({ min: 1n, max: 10n ** 6n }) },
    { weight: 8, arbitrary: fc.bigInt({ min: 1n, max: 10n ** 21n }) },
    { weight: 1, arbitrary: fc.constant(0n) },
  );
  // a range: usually lo < hi on the grid, sometimes anything (reverts TLU/TLM/TUM/TICK_SPACING)
  const range = fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(tick, fc.integer({ min: 1, max: 40 }))
        .map(([lo, w]) => ({ lo, hi: Math.min(lo + w * tickSpacing, maxT) }))
        .map((r) => (r.lo >= r.hi ? { lo: minT, hi: maxT } : r)),
    },
    { weight: 1, arbitrary: fc.record({ lo: tick, hi: tick }) },
  );
  // an existing position (by index into allPositions()), or a random range
  const pick = fc.option(fc.nat(50), { nil: null, freq: 5 });
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .record({ owner: fc.nat(2), r: range, amount })
        .map(({ owner, r, amount: a }) => ({ kind: 'mint' as const, owner, lo: r.lo, hi: r.hi, amount: a })),
    },
    {
      weight: 4,
      arbitrary: fc
        .record({
          pick,
          owner: fc.nat(2),
          r: range,
          fraction: fc.constantFrom(0, 0.3, 0.5, 1, 1, 2),
          extra: fc.bigInt({ min: -2n, max: 2n }),
        })
        .map(({ r, ...x }) => ({ kind: 'burn' as const, lo: r.lo, hi: r.hi, ...x })),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('collect' as const),
        pick,
        owner: fc.nat(2),
        lo: tick,
        hi: tick,
        a0: fc.oneof(fc.constant(MAX_UINT128), fc.bigInt({ min: 0n, max: 10n ** 15n })),
        a1: fc.oneof(fc.constant(MAX_UINT128), fc.bigInt({ min: 0n, max: 10n ** 15n })),
      }),
    },
    {
      weight: 8,
      arbitrary: fc.record({
        kind: fc.constant('swap' as const),
        zeroForOne: fc.boolean(),
        amount,
        exactOut: fc.boolean(),
        limitTicks: fc.option(fc.integer({ min: -1500, max: 1500 }), { nil: null }),
      }),
    },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('time' as const), dt: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3600 })) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('feeProtocol' as const),
        p0: fc.constantFrom(0, 3, 4, 6, 10, 11),
        p1: fc.constantFrom(0, 4, 5, 10),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('collectProtocol' as const),
        a0: fc.oneof(fc.constant(MAX_UINT128), fc.bigInt({ min: 0n, max: 1000n })),
        a1: fc.oneof(fc.constant(MAX_UINT128), fc.bigInt({ min: 0n, max: 1000n })),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('grow' as const), n: fc.integer({ min: 0, max: 12 }) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('flash' as const),
        a0: fc.bigInt({ min: 0n, max: 10n ** 18n }),
        a1: fc.bigInt({ min: 0n, max: 10n ** 18n }),
        extra0: fc.bigInt({ min: -1n, max: 10n ** 12n }),
        extra1: fc.bigInt({ min: -1n, max: 10n ** 12n }),
      }),
    },
  );
}

/** Applies `op`; a swap is first quoted and the quote must match. */
function apply(pool: UniswapV3Pool, op: Op): void {
  const owner = (i: number) => OWNERS[i] as string;
  switch (op.kind) {
    case 'mint':
      pool.mint(owner(op.owner), op.lo, op.hi, op.amount);
      return;
    case 'burn': {
      const all = pool.allPositions();
      const p = op.pick !== null && all.length > 0 ? all[op.pick % all.length] : undefined;
      const [o, lo, hi] = p ? [p.owner, p.tickLower, p.tickUpper] : [owner(op.owner), op.lo, op.hi];
      const held = pool.positions(o, lo, hi).liquidity;
      const amt = (held * BigInt(Math.round(op.fraction * 10))) / 10n + op.extra;
      pool.burn(o, lo, hi, amt < 0n ? 0n : amt);
      return;
    }
    case 'collect': {
      const all = pool.allPositions();
      const p = op.pick !== null && all.length > 0 ? all[op.pick % all.length] : undefined;
      if (p) pool.collect(p.owner, 'someone', p.tickLower, p.tickUpper, op.a0, op.a1);
      else pool.collect(owner(op.owner), 'someone', op.lo, op.hi, op.a0, op.a1);
      return;
    }
    case 'swap': {
      const amountSpecified = op.exactOut ? -op.amount : op.amount;
      const t = pool.slot0.tick;
      const limit =
        op.limitTicks === null
          ? undefined
          : getSqrtRatioAtTick(Math.max(MIN_TICK, Math.min(MAX_TICK, t + (op.zeroForOne ? -Math.abs(op.limitTicks) : Math.abs(op.limitTicks)))));
      let quote: SwapQuote | undefined;
      let quoteError: string | undefined;
      try {
        quote = pool.quoteSwap(op.zeroForOne, amountSpecified, limit);
      } catch (e) {
        quoteError = (e as UniswapV3Error).reason;
      }
      let r: { amount0: bigint; amount1: bigint };
      try {
        r = pool.swap('trader', op.zeroForOne, amountSpecified, limit);
      } catch (e) {
        expect((e as UniswapV3Error).reason).toBe(quoteError);
        throw e;
      }
      expect(quote).toEqual({
        amount0: r.amount0,
        amount1: r.amount1,
        sqrtPriceX96After: pool.slot0.sqrtPriceX96,
        tickAfter: pool.slot0.tick,
        liquidityAfter: pool.liquidity,
        initializedTicksCrossed: quote?.initializedTicksCrossed,
      });
      // exact input spends at most the amount, exact output delivers at most the amount
      const input = op.zeroForOne ? r.amount0 : r.amount1;
      const output = op.zeroForOne ? r.amount1 : r.amount0;
      expect(input >= 0n && output <= 0n).toBe(true);
      if (op.exactOut) expect(-output <= op.amount).toBe(true);
      else expect(input <= op.amount).toBe(true);
      return;
    }
    case 'time':
      pool.advanceTime(op.dt);
      return;
    case 'feeProtocol':
      pool.setFeeProtocol(op.p0, op.p1);
      return;
    case 'collectProtocol':
      pool.collectProtocol('protocol', op.a0, op.a1);
      return;
    case 'grow':
      pool.increaseObservationCardinalityNext(op.n);
      return;
    case 'flash': {
      const fee0 = (op.a0 * BigInt(pool.fee) + 999_999n) / 1_000_000n;
      const fee1 = (op.a1 * BigInt(pool.fee) + 999_999n) / 1_000_000n;
      const paid0 = fee0 + op.extra0 < 0n ? 0n : fee0 + op.extra0;
      const paid1 = fee1 + op.extra1 < 0n ? 0n : fee1 + op.extra1;
      pool.flash('borrower', op.a0, op.a1, { paid0, paid1 });
      return;
    }
  }
}

describe('UniswapV3Pool random operation sequences', () => {
  for (const fee of [FEE.MEDIUM, FEE.LOW] as const) {
    it(`keeps its invariants; reverts change nothing; quote = swap; clones replay identically (fee ${fee})`, () => {
      const tickSpacing = TICK_SPACINGS[fee];
      fc.assert(
        fc.property(
          fc.integer({ min: -2000, max: 2000 }),
          fc.array(arbOp(tickSpacing), { minLength: 1, maxLength: 60, size: 'medium' }),
          fc.nat(59),
          (startTick, ops, cloneAt) => {
            const pool = createPool(fee);
            pool.initialize(getSqrtRatioAtTick(startTick) + 12345n);
            // some liquidity around the start, so swaps and flashes have something to work with
            const around = Math.floor(startTick / tickSpacing) * tickSpacing;
            pool.mint('alice', around - 10 * tickSpacing, around + 10 * tickSpacing, 10n ** 20n);
            let reverted = 0;
            ops.forEach((op, i) => {
              // replay on a clone too: a clone must behave exactly like the original
              const twin = i === cloneAt ? pool.clone() : undefined;
              const before = dump(pool);
              let failed: string | undefined;
              try {
                apply(pool, op);
              } catch (e) {
                if (!(e instanceof UniswapV3Error)) throw e;
                failed = e.reason;
                reverted++;
                expect(dump(pool)).toEqual(before);
              }
              if (twin) {
                expect(reason(() => apply(twin, op))).toBe(failed);
                expect(dump(twin)).toEqual(dump(pool));
                // and what happens to the twin afterwards never touches the original
                const after = dump(pool);
                if (twin.slot0.unlocked) twin.mint('twin', -tickSpacing, tickSpacing, 10n ** 18n);
                expect(dump(pool)).toEqual(after);
              }
              checkInvariants(pool);
            });
            // wind down: every position burned and collected, the protocol paid; no transfer fails
            for (const p of pool.allPositions()) {
              if (p.info.liquidity > 0n) pool.burn(p.owner, p.tickLower, p.tickUpper, p.info.liquidity);
              pool.collect(p.owner, p.owner, p.tickLower, p.tickUpper, MAX_UINT128, MAX_UINT128);
            }
            pool.collectProtocol('protocol', MAX_UINT128, MAX_UINT128);
            expect(pool.liquidity).toBe(0n);
            expect(pool.initializedTicks()).toEqual([]);
            expect(pool.balance0 >= 0n && pool.balance1 >= 0n).toBe(true);
            return reverted >= 0;
          },
        ),
        { seed: fee === FEE.MEDIUM ? 7_000_001 : 7_000_002, numRuns: 150 },
      );
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Differential: @uniswap/v3-sdk's Pool on a static set of ticks

describe('UniswapV3Pool agrees with @uniswap/v3-sdk Pool', () => {
  const tokenA = new Token(1, '0x' + '11'.repeat(20), 18);
  const tokenB = new Token(1, '0x' + '22'.repeat(20), 18);

  function sdkPoolOf(pool: UniswapV3Pool): SdkPool {
    const ticks = pool
      .initializedTicks()
      .map((t) => new SdkTick({ index: t, liquidityGross: pool.ticks(t).liquidityGross.toString(), liquidityNet: pool.ticks(t).liquidityNet.toString() }));
    const s0 = pool.slot0;
    return new SdkPool(
      tokenA,
      tokenB,
      pool.fee as FeeAmount,
      s0.sqrtPriceX96.toString(),
      pool.liquidity.toString(),
      s0.tick,
      new TickListDataProvider(ticks, pool.tickSpacing),
    );
  }

  it('exact input and exact output swaps, both directions, crossing ticks', async () => {
    const rng = fc.sample(
      fc.record({
        fee: fc.constantFrom(FEE.LOW, FEE.MEDIUM, FEE.HIGH),
        positions: fc.array(
          fc.record({ a: fc.integer({ min: -40, max: 40 }), w: fc.integer({ min: 1, max: 30 }), l: fc.bigInt({ min: 10n ** 15n, max: 10n ** 21n }) }),
          { minLength: 1, maxLength: 25 },
        ),
        swaps: fc.array(
          fc.record({ zeroForOne: fc.boolean(), exactOut: fc.boolean(), amount: fc.bigInt({ min: 1n, max: 10n ** 21n }) }),
          { minLength: 1, maxLength: 8 },
        ),
      }),
      { seed: 31337, numRuns: 25 },
    );
    let compared = 0;
    for (const c of rng) {
      const ts = TICK_SPACINGS[c.fee];
      const pool = createPool(c.fee);
      pool.initialize(PRICE['1:1']);
      pool.mint('lp', getMinTick(ts), getMaxTick(ts), 10n ** 18n);
      for (const p of c.positions) pool.mint('lp', p.a * ts, (p.a + p.w) * ts, p.l);
      const sdk = sdkPoolOf(pool);
      for (const s of c.swaps) {
        const token = s.zeroForOne ? tokenA : tokenB;
        const out = s.zeroForOne ? tokenB : tokenA;
        let sdkAmount: string;
        let sdkAfter: SdkPool;
        try {
          if (s.exactOut) {
            // the SDK refuses an exact output the pool cannot deliver; the contract would return less
            const [i, after] = await sdk.getInputAmount(CurrencyAmount.fromRawAmount(out, s.amount.toString()));
            sdkAmount = i.quotient.toString();
            sdkAfter = after;
          } else {
            const [o, after] = await sdk.getOutputAmount(CurrencyAmount.fromRawAmount(token, s.amount.toString()));
            sdkAmount = o.quotient.toString();
            sdkAfter = after;
          }
        } catch {
          continue;
        }
        const q = pool.quoteSwap(s.zeroForOne, s.exactOut ? -s.amount : s.amount);
        const ours = s.exactOut ? (s.zeroForOne ? q.amount0 : q.amount1) : -(s.zeroForOne ? q.amount1 : q.amount0);
        expect(ours.toString()).toBe(sdkAmount);
        expect(q.sqrtPriceX96After.toString()).toBe(sdkAfter.sqrtRatioX96.toString());
        expect(q.tickAfter).toBe(sdkAfter.tickCurrent);
        expect(q.liquidityAfter.toString()).toBe(sdkAfter.liquidity.toString());
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });
});
