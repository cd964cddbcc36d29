/**
 * The range arithmetic of Charm's alpha vaults (AlphaStrategy / PassiveStrategy, v1), in ticks.
 * Every function is pure integer arithmetic on `number` ticks (|tick| ≤ 887272, exact in a double).
 */
import { MAX_TICK, MIN_TICK } from '../../uniswap-v3/tick-math.js';

/** A Uniswap v3 range [tickLower, tickUpper), ticks. */
export type TickRange = { readonly tickLower: number; readonly tickUpper: number };

/**
 * Charm's `_floor`: the largest multiple of `tickSpacing` ≤ `tick`. Solidity's `/` truncates
 * toward zero, so Charm decrements for a negative tick that is not a multiple: -5 → -10, not 0.
 */
export function floorToSpacing(tick: number, tickSpacing: number): number {
  const compressed = Math.trunc(tick / tickSpacing);
  const adjusted = tick < 0 && tick % tickSpacing !== 0 ? compressed - 1 : compressed;
  // `+ 0` turns the -0 of (0 * -n) into 0, so JSON and Object.is comparisons stay clean.
  return adjusted * tickSpacing + 0;
}

/**
 * The base order [X − B, X + TS + B], X = floor(tick), TS = spacing, B = `baseThresholdTicks`.
 * It spans the whole spacing interval the price sits in plus B each side, so it is symmetric
 * around that interval (not around the tick itself), exactly as Charm places it.
 */
export function baseRange(tick: number, tickSpacing: number, baseThresholdTicks: number): TickRange {
  const tickFloor = floorToSpacing(tick, tickSpacing);
  return { tickLower: tickFloor - baseThresholdTicks, tickUpper: tickFloor + tickSpacing + baseThresholdTicks };
}

/** Charm's bid order [X − L, X]: entirely below the price, so it holds token1 only. */
export function bidRange(tick: number, tickSpacing: number, limitThresholdTicks: number): TickRange {
  const tickFloor = floorToSpacing(tick, tickSpacing);
  return { tickLower: tickFloor - limitThresholdTicks, tickUpper: tickFloor };
}

/** Charm's ask order [X + TS, X + TS + L]: entirely above the price, so it holds token0 only. */
export function askRange(tick: number, tickSpacing: number, limitThresholdTicks: number): TickRange {
  const tickCeil = floorToSpacing(tick, tickSpacing) + tickSpacing;
  return { tickLower: tickCeil, tickUpper: tickCeil + limitThresholdTicks };
}

/**
 * Charm's boundary check: the tick must be more than max(B, L) + TS from MIN_TICK and MAX_TICK,
 * so every range it would place stays inside the pool's usable ticks.
 */
export function tickWithinBounds(tick: number, tickSpacing: number, baseThresholdTicks: number, limitThresholdTicks: number): boolean {
  const maxThresholdTicks = Math.max(baseThresholdTicks, limitThresholdTicks);
  return tick > MIN_TICK + maxThresholdTicks + tickSpacing && tick < MAX_TICK - maxThresholdTicks - tickSpacing;
}

export function sameRange(a: TickRange, b: TickRange): boolean {
  return a.tickLower === b.tickLower && a.tickUpper === b.tickUpper;
}
