/**
 * Oracle (v3-core): the ring buffer of (timestamp, tickCumulative, secondsPerLiquidityCumulative)
 * observations behind `observe`, with the contract's wrap semantics:
 *   - timestamps are uint32 and compare "chronologically" across one 2^32 wrap (`lte`);
 *   - tickCumulative is int56 and secondsPerLiquidityCumulativeX128 uint160, both wrapping
 *     silently (Solidity 0.7 unchecked arithmetic); interpolation divides the wrapped int56
 *     difference with truncation toward zero, as the EVM's `sdiv` does.
 *
 * The contract's `Observation[65535]` is stored sparsely: only written slots are kept. `grow`
 * only writes `blockTimestamp = 1` into fresh slots (to pre-pay storage gas), so a slot that was
 * grown but never written reads as { blockTimestamp: 1, initialized: false }, one that was never
 * grown as the zero struct; `ObservationArray.get` reproduces both without storing 65535 objects.
 * Stored Observation objects are never mutated (copy-on-write), so `clone` copies one Map.
 */
import { UniswapV3Error } from './errors.js';

export interface Observation {
  /** the block timestamp of the observation (uint32) */
  readonly blockTimestamp: number;
  /** tick × seconds elapsed since the pool was first initialized (int56) */
  readonly tickCumulative: bigint;
  /** seconds elapsed / max(1, liquidity) since the pool was first initialized, Q128 (uint160) */
  readonly secondsPerLiquidityCumulativeX128: bigint;
  readonly initialized: boolean;
}

const MASK_160 = (1n << 160n) - 1n;
const TWO_32 = 2 ** 32;

const ZERO: Observation = Object.freeze({
  blockTimestamp: 0,
  tickCumulative: 0n,
  secondsPerLiquidityCumulativeX128: 0n,
  initialized: false,
});
const GROWN: Observation = Object.freeze({ ...ZERO, blockTimestamp: 1 });

/** The `observations` storage array (65535 slots), stored sparsely. */
export class ObservationArray {
  private readonly slots: Map<number, Observation>;
  /** Slots below this index were prepared by `grow` (read as blockTimestamp 1 until written). */
  private grownTo: number;

  constructor(slots?: Map<number, Observation>, grownTo = 0) {
    this.slots = slots ?? new Map();
    this.grownTo = grownTo;
  }

  /** `self[index]`. */
  get(index: number): Observation {
    return this.slots.get(index) ?? (index < this.grownTo ? GROWN : ZERO);
  }

  set(index: number, observation: Observation): void {
    this.slots.set(index, observation);
  }

  /** Marks [.., next) as grown: the contract's `self[i].blockTimestamp = 1` loop over fresh slots. */
  markGrown(next: number): void {
    if (next > this.grownTo) this.grownTo = next;
  }

  clone(): ObservationArray {
    return new ObservationArray(new Map(this.slots), this.grownTo);
  }
}

/**
 * Transforms a previous observation into a new one, given the passage of time and the current
 * tick and liquidity. `blockTimestamp` must be chronologically ≥ last.blockTimestamp (safe for
 * one uint32 overflow).
 */
export function transform(last: Observation, blockTimestamp: number, tick: number, liquidity: bigint): Observation {
  const delta = (blockTimestamp - last.blockTimestamp) >>> 0;
  return {
    blockTimestamp,
    tickCumulative: BigInt.asIntN(56, last.tickCumulative + BigInt(tick) * BigInt(delta)),
    secondsPerLiquidityCumulativeX128:
      (last.secondsPerLiquidityCumulativeX128 + (BigInt(delta) << 128n) / (liquidity > 0n ? liquidity : 1n)) & MASK_160,
    initialized: true,
  };
}

/** Writes the first slot; returns { cardinality: 1, cardinalityNext: 1 }. */
export function initialize(self: ObservationArray, time: number): { cardinality: number; cardinalityNext: number } {
  self.set(0, { blockTimestamp: time, tickCumulative: 0n, secondsPerLiquidityCumulativeX128: 0n, initialized: true });
  return { cardinality: 1, cardinalityNext: 1 };
}

/**
 * Writes an observation (at most once per block: a second write with the same timestamp is a
 * no-op). Bumps the cardinality to cardinalityNext when the index sits at the end of the ring.
 */
export function write(
  self: ObservationArray,
  index: number,
  blockTimestamp: number,
  tick: number,
  liquidity: bigint,
  cardinality: number,
  cardinalityNext: number,
): { indexUpdated: number; cardinalityUpdated: number } {
  const last = self.get(index);

  // early return if we've already written an observation this block
  if (last.blockTimestamp === blockTimestamp) return { indexUpdated: index, cardinalityUpdated: cardinality };

  // if the conditions are right, we can bump the cardinality
  const cardinalityUpdated = cardinalityNext > cardinality && index === cardinality - 1 ? cardinalityNext : cardinality;

  const indexUpdated = (index + 1) % cardinalityUpdated;
  self.set(indexUpdated, transform(last, blockTimestamp, tick, liquidity));
  return { indexUpdated, cardinalityUpdated };
}

/** Prepares the array to store up to `next` observations; returns the new cardinalityNext. */
export function grow(self: ObservationArray, current: number, next: number): number {
  if (!(current > 0)) throw new UniswapV3Error('I');
  // no-op if the passed next value isn't greater than the current next value
  if (next <= current) return current;
  self.markGrown(next);
  return next;
}

/** Whether `a` is chronologically ≤ `b`, both being at or before `time` (safe for one wrap). */
export function lte(time: number, a: number, b: number): boolean {
  // if there hasn't been overflow, no need to adjust
  if (a <= time && b <= time) return a <= b;
  const aAdjusted = a > time ? a : a + TWO_32;
  const bAdjusted = b > time ? b : b + TWO_32;
  return aAdjusted <= bAdjusted;
}

interface Surrounding {
  beforeOrAt: Observation;
  atOrAfter: Observation;
}

/** Binary search for the observations around `target`, which must lie inside the stored range. */
export function binarySearch(
  self: ObservationArray,
  time: number,
  target: number,
  index: number,
  cardinality: number,
): Surrounding {
  let l = (index + 1) % cardinality; // oldest observation
  let r = l + cardinality - 1; // newest observation
  for (;;) {
    // The caller's 'OLD' check guarantees an answer; never loop on a state that violates it.
    if (l > r) throw new Error('Oracle.binarySearch: target outside the stored observations');
    const i = Math.floor((l + r) / 2);

    const beforeOrAt = self.get(i % cardinality);

    // we've landed on an uninitialized tick, keep searching higher (more recently)
    if (!beforeOrAt.initialized) {
      l = i + 1;
      continue;
    }

    const atOrAfter = self.get((i + 1) % cardinality);

    const targetAtOrAfter = lte(time, beforeOrAt.blockTimestamp, target);

    // check if we've found the answer!
    if (targetAtOrAfter && lte(time, target, atOrAfter.blockTimestamp)) return { beforeOrAt, atOrAfter };

    if (!targetAtOrAfter) r = i - 1;
    else l = i + 1;
  }
}

/** The observations at or before and at or after `target`; reverts 'OLD' if target predates the oldest. */
export function getSurroundingObservations(
  self: ObservationArray,
  time: number,
  target: number,
  tick: number,
  index: number,
  liquidity: bigint,
  cardinality: number,
): Surrounding {
  // optimistically set before to the newest observation
  let beforeOrAt = self.get(index);

  // if the target is chronologically at or after the newest observation, we can early return
  if (lte(time, beforeOrAt.blockTimestamp, target)) {
    if (beforeOrAt.blockTimestamp === target) {
      // if newest observation equals target, we're in the same block, so we can ignore atOrAfter
      return { beforeOrAt, atOrAfter: ZERO };
    }
    // otherwise, we need to transform
    return { beforeOrAt, atOrAfter: transform(beforeOrAt, target, tick, liquidity) };
  }

  // now, set before to the oldest observation
  beforeOrAt = self.get((index + 1) % cardinality);
  if (!beforeOrAt.initialized) beforeOrAt = self.get(0);

  // ensure that the target is chronologically at or after the oldest observation
  if (!lte(time, beforeOrAt.blockTimestamp, target)) {
    throw new UniswapV3Error('OLD', `target ${target} is before the oldest observation ${beforeOrAt.blockTimestamp}`);
  }

  // if we've reached this point, we have to binary search
  return binarySearch(self, time, target, index, cardinality);
}

/**
 * The accumulators as of `secondsAgo` before `time` (0 = now, counterfactual if no observation
 * was written this block); interpolates between two observations. Reverts 'OLD'.
 */
export function observeSingle(
  self: ObservationArray,
  time: number,
  secondsAgo: number,
  tick: number,
  index: number,
  liquidity: bigint,
  cardinality: number,
): { tickCumulative: bigint; secondsPerLiquidityCumulativeX128: bigint } {
  if (secondsAgo === 0) {
    let last = self.get(index);
    if (last.blockTimestamp !== time) last = transform(last, time, tick, liquidity);
    return { tickCumulative: last.tickCumulative, secondsPerLiquidityCumulativeX128: last.secondsPerLiquidityCumulativeX128 };
  }

  const target = (time - secondsAgo) >>> 0;

  const { beforeOrAt, atOrAfter } = getSurroundingObservations(self, time, target, tick, index, liquidity, cardinality);

  if (target === beforeOrAt.blockTimestamp) {
    // we're at the left boundary
    return {
      tickCumulative: beforeOrAt.tickCumulative,
      secondsPerLiquidityCumulativeX128: beforeOrAt.secondsPerLiquidityCumulativeX128,
    };
  }
  if (target === atOrAfter.blockTimestamp) {
    // we're at the right boundary
    return {
      tickCumulative: atOrAfter.tickCumulative,
      secondsPerLiquidityCumulativeX128: atOrAfter.secondsPerLiquidityCumulativeX128,
    };
  }
  // we're in the middle
  const observationTimeDelta = BigInt((atOrAfter.blockTimestamp - beforeOrAt.blockTimestamp) >>> 0);
  const targetDelta = BigInt((target - beforeOrAt.blockTimestamp) >>> 0);
  // int56 difference wraps first, then divides truncating toward zero (bigint `/` does too)
  const tickSlope = BigInt.asIntN(56, atOrAfter.tickCumulative - beforeOrAt.tickCumulative) / observationTimeDelta;
  const splDiff = (atOrAfter.secondsPerLiquidityCumulativeX128 - beforeOrAt.secondsPerLiquidityCumulativeX128) & MASK_160;
  return {
    tickCumulative: BigInt.asIntN(56, beforeOrAt.tickCumulative + tickSlope * targetDelta),
    secondsPerLiquidityCumulativeX128:
      (beforeOrAt.secondsPerLiquidityCumulativeX128 + (((splDiff * targetDelta) / observationTimeDelta) & MASK_160)) &
      MASK_160,
  };
}

/** observeSingle for each of `secondsAgos`; reverts 'I' before initialization, 'OLD' if too old. */
export function observe(
  self: ObservationArray,
  time: number,
  secondsAgos: readonly number[],
  tick: number,
  index: number,
  liquidity: bigint,
  cardinality: number,
): { tickCumulatives: bigint[]; secondsPerLiquidityCumulativeX128s: bigint[] } {
  if (!(cardinality > 0)) throw new UniswapV3Error('I');

  const tickCumulatives: bigint[] = new Array<bigint>(secondsAgos.length);
  const secondsPerLiquidityCumulativeX128s: bigint[] = new Array<bigint>(secondsAgos.length);
  for (let i = 0; i < secondsAgos.length; i++) {
    const o = observeSingle(self, time, secondsAgos[i] as number, tick, index, liquidity, cardinality);
    tickCumulatives[i] = o.tickCumulative;
    secondsPerLiquidityCumulativeX128s[i] = o.secondsPerLiquidityCumulativeX128;
  }
  return { tickCumulatives, secondsPerLiquidityCumulativeX128s };
}
