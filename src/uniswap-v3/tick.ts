/**
 * Tick (v3-core): per-tick liquidity and the "outside" accumulators that let a position compute
 * its fee growth and seconds inside its range.
 *
 * Storage is `Map<number, TickInfo>`; an absent key reads as the zero struct, as unset storage
 * does. TickInfo objects are never mutated once stored: every write puts a fresh object in the
 * map (copy-on-write), so a pool clone can share them and only copy the Map.
 *
 * Solidity 0.7 arithmetic on uint256/uint160/int56/uint32 is unchecked and wraps; the masks
 * below reproduce every such wrap. liquidityGross goes through LiquidityMath (checked), and
 * liquidityNet through LowGasSafeMath + SafeCast (checked).
 */
import { MAX_UINT256 } from './constants.js';
import { UniswapV3Error } from './errors.js';
import { addDelta } from './liquidity-math.js';
import { toInt128 } from './safe-cast.js';
import { MAX_TICK, MIN_TICK } from './tick-math.js';

export interface TickInfo {
  /** the total position liquidity that references this tick (uint128) */
  readonly liquidityGross: bigint;
  /** liquidity added (subtracted) when the tick is crossed left to right (right to left) (int128) */
  readonly liquidityNet: bigint;
  /** fee growth per unit of liquidity on the other side of this tick (uint256, relative meaning only) */
  readonly feeGrowthOutside0X128: bigint;
  readonly feeGrowthOutside1X128: bigint;
  /** the cumulative tick value on the other side of the tick (int56) */
  readonly tickCumulativeOutside: bigint;
  /** seconds per unit of liquidity on the other side of the tick (uint160) */
  readonly secondsPerLiquidityOutsideX128: bigint;
  /** seconds spent on the other side of the tick (uint32) */
  readonly secondsOutside: number;
  /** true iff liquidityGross != 0 */
  readonly initialized: boolean;
}

/** The pool's `ticks` storage. */
export type TickInfoMap = Map<number, TickInfo>;

export const EMPTY_TICK: TickInfo = Object.freeze({
  liquidityGross: 0n,
  liquidityNet: 0n,
  feeGrowthOutside0X128: 0n,
  feeGrowthOutside1X128: 0n,
  tickCumulativeOutside: 0n,
  secondsPerLiquidityOutsideX128: 0n,
  secondsOutside: 0,
  initialized: false,
});

const TWO_160 = 1n << 160n;
const TWO_256 = MAX_UINT256 + 1n;

/** `self[tick]`, the zero struct when unset. */
export function info(self: TickInfoMap, tick: number): TickInfo {
  return self.get(tick) ?? EMPTY_TICK;
}

/** Max liquidity per tick so that the sum over every usable tick fits in uint128. */
export function tickSpacingToMaxLiquidityPerTick(tickSpacing: number): bigint {
  // int24 division truncates toward zero.
  const minTick = Math.trunc(MIN_TICK / tickSpacing) * tickSpacing;
  const maxTick = Math.trunc(MAX_TICK / tickSpacing) * tickSpacing;
  const numTicks = (maxTick - minTick) / tickSpacing + 1;
  return ((1n << 128n) - 1n) / BigInt(numTicks);
}

/** All-time fee growth per unit of liquidity inside [tickLower, tickUpper), both tokens (uint256 wraps). */
export function getFeeGrowthInside(
  self: TickInfoMap,
  tickLower: number,
  tickUpper: number,
  tickCurrent: number,
  feeGrowthGlobal0X128: bigint,
  feeGrowthGlobal1X128: bigint,
): { feeGrowthInside0X128: bigint; feeGrowthInside1X128: bigint } {
  return getFeeGrowthInsideOf(
    info(self, tickLower),
    info(self, tickUpper),
    tickLower,
    tickUpper,
    tickCurrent,
    feeGrowthGlobal0X128,
    feeGrowthGlobal1X128,
  );
}

/**
 * getFeeGrowthInside on given tick records (not read from storage), so the pool can evaluate it
 * on the ticks' pending next states before committing them.
 */
export function getFeeGrowthInsideOf(
  lower: TickInfo,
  upper: TickInfo,
  tickLower: number,
  tickUpper: number,
  tickCurrent: number,
  feeGrowthGlobal0X128: bigint,
  feeGrowthGlobal1X128: bigint,
): { feeGrowthInside0X128: bigint; feeGrowthInside1X128: bigint } {

  // calculate fee growth below
  let feeGrowthBelow0X128: bigint;
  let feeGrowthBelow1X128: bigint;
  if (tickCurrent >= tickLower) {
    feeGrowthBelow0X128 = lower.feeGrowthOutside0X128;
    feeGrowthBelow1X128 = lower.feeGrowthOutside1X128;
  } else {
    feeGrowthBelow0X128 = feeGrowthGlobal0X128 - lower.feeGrowthOutside0X128;
    feeGrowthBelow1X128 = feeGrowthGlobal1X128 - lower.feeGrowthOutside1X128;
  }

  // calculate fee growth above
  let feeGrowthAbove0X128: bigint;
  let feeGrowthAbove1X128: bigint;
  if (tickCurrent < tickUpper) {
    feeGrowthAbove0X128 = upper.feeGrowthOutside0X128;
    feeGrowthAbove1X128 = upper.feeGrowthOutside1X128;
  } else {
    feeGrowthAbove0X128 = feeGrowthGlobal0X128 - upper.feeGrowthOutside0X128;
    feeGrowthAbove1X128 = feeGrowthGlobal1X128 - upper.feeGrowthOutside1X128;
  }

  // One mask at the end is the same as wrapping after each subtraction (arithmetic mod 2^256).
  return {
    feeGrowthInside0X128: (feeGrowthGlobal0X128 - feeGrowthBelow0X128 - feeGrowthAbove0X128) & MAX_UINT256,
    feeGrowthInside1X128: (feeGrowthGlobal1X128 - feeGrowthBelow1X128 - feeGrowthAbove1X128) & MAX_UINT256,
  };
}

/**
 * The pure half of `update`: the tick's next Info and whether it flipped between initialized and
 * uninitialized, without writing. Throws ('LS', 'LA', 'LO', 'SAFECAST_OVERFLOW') exactly where
 * the contract reverts; the pool computes both ticks of a position this way before writing either,
 * so a revert on the upper tick leaves the lower one untouched (the contract's atomicity).
 */
export function computeUpdate(
  self: TickInfoMap,
  tick: number,
  tickCurrent: number,
  liquidityDelta: bigint,
  feeGrowthGlobal0X128: bigint,
  feeGrowthGlobal1X128: bigint,
  secondsPerLiquidityCumulativeX128: bigint,
  tickCumulative: bigint,
  time: number,
  upper: boolean,
  maxLiquidity: bigint,
): { info: TickInfo; flipped: boolean } {
  const before = info(self, tick);

  const liquidityGrossBefore = before.liquidityGross;
  const liquidityGrossAfter = addDelta(liquidityGrossBefore, liquidityDelta);

  if (liquidityGrossAfter > maxLiquidity) {
    throw new UniswapV3Error('LO', `tick ${tick}: liquidityGross ${liquidityGrossAfter} > maxLiquidityPerTick ${maxLiquidity}`);
  }

  const flipped = (liquidityGrossAfter === 0n) !== (liquidityGrossBefore === 0n);

  let feeGrowthOutside0X128 = before.feeGrowthOutside0X128;
  let feeGrowthOutside1X128 = before.feeGrowthOutside1X128;
  let secondsPerLiquidityOutsideX128 = before.secondsPerLiquidityOutsideX128;
  let tickCumulativeOutside = before.tickCumulativeOutside;
  let secondsOutside = before.secondsOutside;
  let initialized = before.initialized;
  if (liquidityGrossBefore === 0n) {
    // by convention, we assume that all growth before a tick was initialized happened _below_ the tick
    if (tick <= tickCurrent) {
      feeGrowthOutside0X128 = feeGrowthGlobal0X128;
      feeGrowthOutside1X128 = feeGrowthGlobal1X128;
      secondsPerLiquidityOutsideX128 = secondsPerLiquidityCumulativeX128;
      tickCumulativeOutside = tickCumulative;
      secondsOutside = time;
    }
    initialized = true;
  }

  // when the lower (upper) tick is crossed left to right (right to left), liquidity must be added (removed)
  const liquidityNet = toInt128(upper ? before.liquidityNet - liquidityDelta : before.liquidityNet + liquidityDelta);

  return {
    info: {
      liquidityGross: liquidityGrossAfter,
      liquidityNet,
      feeGrowthOutside0X128,
      feeGrowthOutside1X128,
      tickCumulativeOutside,
      secondsPerLiquidityOutsideX128,
      secondsOutside,
      initialized,
    },
    flipped,
  };
}

/** Tick.update: writes the tick's next Info and returns whether it flipped. */
export function update(
  self: TickInfoMap,
  tick: number,
  tickCurrent: number,
  liquidityDelta: bigint,
  feeGrowthGlobal0X128: bigint,
  feeGrowthGlobal1X128: bigint,
  secondsPerLiquidityCumulativeX128: bigint,
  tickCumulative: bigint,
  time: number,
  upper: boolean,
  maxLiquidity: bigint,
): boolean {
  const r = computeUpdate(
    self,
    tick,
    tickCurrent,
    liquidityDelta,
    feeGrowthGlobal0X128,
    feeGrowthGlobal1X128,
    secondsPerLiquidityCumulativeX128,
    tickCumulative,
    time,
    upper,
    maxLiquidity,
  );
  self.set(tick, r.info);
  return r.flipped;
}

/** Tick.clear: `delete self[tick]`. */
export function clear(self: TickInfoMap, tick: number): void {
  self.delete(tick);
}

/**
 * Tick.cross: flips the outside accumulators to the other side as the price moves through the
 * tick, and returns its liquidityNet. All differences wrap in their Solidity type.
 */
export function cross(
  self: TickInfoMap,
  tick: number,
  feeGrowthGlobal0X128: bigint,
  feeGrowthGlobal1X128: bigint,
  secondsPerLiquidityCumulativeX128: bigint,
  tickCumulative: bigint,
  time: number,
  /** the tick's current record when the caller already holds it (saves re-reading the map) */
  current: TickInfo = info(self, tick),
): bigint {
  const i = current;
  // Each difference is of two values of its unsigned type, so it lies in (−2^n, 2^n): wrapping it
  // mod 2^n is adding 2^n when negative (what the masks `& (2^n − 1)` would do, without them).
  let feeGrowthOutside0X128 = feeGrowthGlobal0X128 - i.feeGrowthOutside0X128;
  if (feeGrowthOutside0X128 < 0n) feeGrowthOutside0X128 += TWO_256;
  let feeGrowthOutside1X128 = feeGrowthGlobal1X128 - i.feeGrowthOutside1X128;
  if (feeGrowthOutside1X128 < 0n) feeGrowthOutside1X128 += TWO_256;
  let secondsPerLiquidityOutsideX128 = secondsPerLiquidityCumulativeX128 - i.secondsPerLiquidityOutsideX128;
  if (secondsPerLiquidityOutsideX128 < 0n) secondsPerLiquidityOutsideX128 += TWO_160;
  self.set(tick, {
    liquidityGross: i.liquidityGross,
    liquidityNet: i.liquidityNet,
    feeGrowthOutside0X128,
    feeGrowthOutside1X128,
    secondsPerLiquidityOutsideX128,
    tickCumulativeOutside: BigInt.asIntN(56, tickCumulative - i.tickCumulativeOutside),
    secondsOutside: (time - i.secondsOutside) >>> 0,
    initialized: i.initialized,
  });
  return i.liquidityNet;
}
