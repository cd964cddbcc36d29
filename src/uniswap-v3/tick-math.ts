/**
 * TickMath (v3-core): sqrt(1.0001)^tick as a Q64.96, and back.
 *
 * getSqrtRatioAtTick runs the contract's magic-constant ladder. The ladder consumes the tick's
 * bits from the lowest up and truncates after every step, so the state after the low
 * LOW_BITS bits depends on those bits alone: it is tabulated once (by the ladder itself) and
 * the remaining high bits are applied exactly as in the contract. Same operations, same
 * truncations, same result; about half the bigint multiplications.
 *
 * getTickAtSqrtRatio returns the contract's answer, the largest tick whose ratio is ≤ the
 * price (the property TickMath.sol is built and fuzzed to satisfy), via a float estimate of
 * log_sqrt(1.0001)(p / 2^96). The estimate's error is below 1e-9 tick, and getSqrtRatioAtTick
 * is within 2.4e-10 relative (5e-6 tick) of the real power, so when the estimate lies further
 * than EDGE from an integer its floor is the answer; otherwise one exact getSqrtRatioAtTick
 * decides. The literal log2 port is in test/uniswap-v3/tick-math-literal.ts and the tests
 * compare the two at every tick boundary and over millions of random prices.
 */
import { MAX_UINT256 } from './constants.js';
import { UniswapV3Error } from './errors.js';

export const MIN_TICK = -887272;
export const MAX_TICK = 887272;
export const MIN_SQRT_RATIO = 4295128739n;
export const MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342n;

const ONE_X128 = 0x100000000000000000000000000000000n;
// The contract's multipliers, named by the tick bit they apply to.
const M0 = 0xfffcb933bd6fad37aa2d162d1a594001n;
const M11 = 0xe7159475a2c29b7443b29c7fa6e889d9n;
const M12 = 0xd097f3bdfd2022b8845ad8f792aa5825n;
const M13 = 0xa9f746462d870fdf8a65dc1f90e061e5n;
const M14 = 0x70d869a156d2a1b890bb3df62baf32f7n;
const M15 = 0x31be135f97d08fd981231505542fcfa6n;
const M16 = 0x9aa508b5b7a84e1c677de54f3e99bc9n;
const M17 = 0x5d6af8dedb81196699c329225ee604n;
const M18 = 0x2216e584f5fa1ea926041bedfe98n;
const M19 = 0x48a170391f7dc42444e8fa2n;
/** Multipliers for bits 1..10, used only to build LOW_TABLE (index = bit). */
const LOW_LADDER: readonly bigint[] = [
  0n,
  0xfff97272373d413259a46990580e213an,
  0xfff2e50f5f656932ef12357cf3c7fdccn,
  0xffe5caca7e10e4e61c3624eaa0941cd0n,
  0xffcb9843d60f6159c9db58835c926644n,
  0xff973b41fa98c081472e6896dfb254c0n,
  0xff2ea16466c96a3843ec78b326b52861n,
  0xfe5dee046a99a2a811c461f1969c3053n,
  0xfcbe86c7900a88aedcffc83b479aa3a4n,
  0xf987a7253ac413176f2b074cf7815e54n,
  0xf3392b0822b70005940c7a398e4b70f3n,
];

const LOW_BITS = 11;
const LOW_MASK = (1 << LOW_BITS) - 1;
/** LOW_TABLE[k] = the ladder's Q128.128 state after bits 0..LOW_BITS-1 of a tick whose low bits are k. */
const LOW_TABLE: bigint[] = new Array<bigint>(1 << LOW_BITS);
for (let k = 0; k <= LOW_MASK; k++) {
  let ratio = k & 1 ? M0 : ONE_X128;
  for (let bit = 1; bit < LOW_BITS; bit++) {
    if (k & (1 << bit)) ratio = (ratio * (LOW_LADDER[bit] as bigint)) >> 128n;
  }
  LOW_TABLE[k] = ratio;
}

const MASK_32 = 0xffffffffn;

export function getSqrtRatioAtTick(tick: number): bigint {
  const absTick = tick < 0 ? -tick : tick;
  // `!(<=)` also refuses NaN; int24 has no fractions.
  if (!(absTick <= MAX_TICK) || (absTick | 0) !== absTick) {
    throw new UniswapV3Error('T', `tick ${tick}`);
  }
  let ratio = LOW_TABLE[absTick & LOW_MASK] as bigint;
  // Bits LOW_BITS..19, exactly as the contract's ladder (LOW_BITS = 11).
  if (absTick & 0x800) ratio = (ratio * M11) >> 128n;
  if (absTick & 0x1000) ratio = (ratio * M12) >> 128n;
  if (absTick & 0x2000) ratio = (ratio * M13) >> 128n;
  if (absTick & 0x4000) ratio = (ratio * M14) >> 128n;
  if (absTick & 0x8000) ratio = (ratio * M15) >> 128n;
  if (absTick & 0x10000) ratio = (ratio * M16) >> 128n;
  if (absTick & 0x20000) ratio = (ratio * M17) >> 128n;
  if (absTick & 0x40000) ratio = (ratio * M18) >> 128n;
  if (absTick & 0x80000) ratio = (ratio * M19) >> 128n;
  if (tick > 0) ratio = MAX_UINT256 / ratio;
  // Q128.128 → Q64.96 rounding up, so getTickAtSqrtRatio of the result is the tick itself.
  return (ratio & MASK_32) === 0n ? ratio >> 32n : (ratio >> 32n) + 1n;
}

/**
 * getSqrtRatioAtTick through a memo: a swap asks for the same few ticks (the initialized ticks
 * and word ends it steps to) over and over. A pure function of the tick, so memoising changes no
 * result; the memo is dropped whole when it reaches MEMO_LIMIT entries, which bounds its memory.
 */
const MEMO_LIMIT = 1 << 16;
const ratioMemo = new Map<number, bigint>();

export function getSqrtRatioAtTickMemo(tick: number): bigint {
  let ratio = ratioMemo.get(tick);
  if (ratio === undefined) {
    ratio = getSqrtRatioAtTick(tick);
    if (ratioMemo.size >= MEMO_LIMIT) ratioMemo.clear();
    ratioMemo.set(tick, ratio);
  }
  return ratio;
}

const LN_Q96 = 96 * Math.LN2;
const TICKS_PER_LN = 2 / Math.log(1.0001);
const EDGE = 1e-4;

export function getTickAtSqrtRatio(sqrtPriceX96: bigint): number {
  // second inequality must be < because the price can never reach the price at the max tick
  if (!(sqrtPriceX96 >= MIN_SQRT_RATIO && sqrtPriceX96 < MAX_SQRT_RATIO)) {
    throw new UniswapV3Error('R', `sqrtPriceX96 ${sqrtPriceX96}`);
  }
  const x = (Math.log(Number(sqrtPriceX96)) - LN_Q96) * TICKS_PER_LN;
  const floor = Math.floor(x);
  const frac = x - floor;
  if (frac > EDGE && frac < 1 - EDGE) return floor;
  const near = Math.round(x);
  return getSqrtRatioAtTick(near) <= sqrtPriceX96 ? near : near - 1;
}
