/**
 * SwapMath (v3-core): one swap step within a single tick range, as computeSwapStep.
 * amountRemaining > 0 is exact input, < 0 exact output; feePips in hundredths of a bip (uint24).
 */
import { MAX_UINT256 } from './constants.js';
import { UniswapV3Error } from './errors.js';
import { mulDiv, mulDivRoundingUp } from './full-math.js';
import {
  getAmount0Delta,
  getAmount1Delta,
  getNextSqrtPriceFromInput,
  getNextSqrtPriceFromOutput,
} from './sqrt-price-math.js';

export interface SwapStepResult {
  sqrtRatioNextX96: bigint;
  amountIn: bigint;
  amountOut: bigint;
  feeAmount: bigint;
}

const ONE_MILLION = 1_000_000n;
const TWO_256 = MAX_UINT256 + 1n;
const Q96_MASK = (1n << 96n) - 1n;

// A pool swaps at one fee, so the bigint forms of the last fee seen are memoised: the step
// then converts nothing. Invisible to callers (a pure function of its arguments).
let memoFeePips = -1;
let memoFee = 0n;
let memoFeeComplement = 0n;
let memoFeeComplementLessOne = 0n;

function setFee(feePips: number): void {
  if (!Number.isInteger(feePips) || feePips < 0 || feePips > 0xffffff) {
    throw new UniswapV3Error('SAFECAST_OVERFLOW', `feePips ${feePips} is not a uint24`);
  }
  memoFeePips = feePips;
  memoFee = BigInt(feePips);
  // `1e6 - feePips` is uint24 arithmetic in Solidity 0.7: it wraps for fees above 1e6.
  memoFeeComplement = BigInt((1_000_000 - feePips) & 0xffffff);
  memoFeeComplementLessOne = memoFeeComplement - 1n;
}

export function computeSwapStep(
  sqrtRatioCurrentX96: bigint,
  sqrtRatioTargetX96: bigint,
  liquidity: bigint,
  amountRemaining: bigint,
  feePips: number,
): SwapStepResult {
  return computeSwapStepInto(
    { sqrtRatioNextX96: 0n, amountIn: 0n, amountOut: 0n, feeAmount: 0n },
    sqrtRatioCurrentX96,
    sqrtRatioTargetX96,
    liquidity,
    amountRemaining,
    feePips,
    true,
  );
}

/**
 * computeSwapStep writing its result into `out` (returned): the pool's swap loop reuses one
 * object for every step instead of allocating one per step.
 * `likelyShort` is a hint that the step probably ends before its target (a swap's first step
 * usually does): a float estimate is then tried first, which may prove it and save computing the
 * exact amount to the target. It changes no result, only which work is done.
 */
export function computeSwapStepInto(
  out: SwapStepResult,
  sqrtRatioCurrentX96: bigint,
  sqrtRatioTargetX96: bigint,
  liquidity: bigint,
  amountRemaining: bigint,
  feePips: number,
  likelyShort = false,
): SwapStepResult {
  if (feePips !== memoFeePips) setFee(feePips);
  const fee = memoFee;
  const feeComplement = memoFeeComplement;

  const zeroForOne = sqrtRatioCurrentX96 >= sqrtRatioTargetX96;
  // The distance to the target, shared by both amount deltas of a step that reaches it.
  const span = zeroForOne ? sqrtRatioCurrentX96 - sqrtRatioTargetX96 : sqrtRatioTargetX96 - sqrtRatioCurrentX96;
  let sqrtRatioNextX96: bigint;
  let amountIn = 0n;
  let amountOut = 0n;
  let feeAmount: bigint;

  if (amountRemaining >= 0n) {
    // exact input
    // amountRemainingLessFee = mulDiv(amountRemaining, 1e6 - feePips, 1e6). Below a fee of 1e6 the
    // complement c = 1e6 − fee is positive and exact (no uint24 wrap), the quotient is
    // ≤ amountRemaining < 2^255 so mulDiv cannot revert, and for the integer amountIn
    //   ⌊a·c/1e6⌋ ≥ amountIn ⟺ a·c ≥ amountIn·(c + fee) ⟺ a − amountIn ≥ amountIn·fee/c
    //                       ⟺ a ≥ amountIn + ⌈amountIn·fee/c⌉ = amountIn + feeOn(amountIn):
    // the test needs only the fee that a step reaching its target charges anyway, and the
    // quotient is formed only when the target is not reached. feeOn cannot revert here (so
    // evaluating it for a step that then misses its target adds no revert): amountIn < 2^224
    // (token0: liquidity·2^96/√A) or < 2^192 (token1), and fee/c < 2^20. Otherwise (fee ≥ 1e6: the
    // complement wraps or is zero) mulDiv may revert: it is evaluated first, in the contract's order.
    const positiveComplement = feePips < 1_000_000;
    const lessFeeWide = positiveComplement ? 0n : mulDiv(amountRemaining, feeComplement, ONE_MILLION);
    // short: proven by the float estimate that a·c < amountIn·1e6, so the target is not reached
    // (only tried where computing amountIn exactly could not revert: token0's lower price ≠ 0)
    const short =
      likelyShort &&
      positiveComplement &&
      (!zeroForOne || sqrtRatioTargetX96 !== 0n) &&
      Number(amountRemaining) * (1_000_000 - feePips) * UP <
        (zeroForOne
          ? estimateAmount0(sqrtRatioTargetX96, sqrtRatioCurrentX96, span, liquidity)
          : estimateAmount1(span, liquidity)) *
          1e6 *
          DOWN;
    let reached = false;
    let feeIfReached = 0n;
    if (!short) {
      amountIn = zeroForOne
        ? amount0RoundingUp(sqrtRatioTargetX96, sqrtRatioCurrentX96, span, liquidity)
        : amount1RoundingUp(span, liquidity);
      if (positiveComplement) {
        feeIfReached = feeOn(amountIn, fee, feeComplement);
        reached = amountRemaining >= amountIn + feeIfReached;
      } else {
        reached = lessFeeWide >= amountIn;
      }
    }
    if (reached) {
      // The target is reached (max): amountIn stays, amountOut is taken over the same span, and
      // the fee is charged on top of amountIn.
      out.sqrtRatioNextX96 = sqrtRatioTargetX96;
      out.amountIn = amountIn;
      out.amountOut = zeroForOne
        ? amount1RoundingDown(span, liquidity)
        : amount0RoundingDown(sqrtRatioCurrentX96, sqrtRatioTargetX96, span, liquidity);
      out.feeAmount = positiveComplement ? feeIfReached : feeOn(amountIn, fee, feeComplement);
      return out;
    }
    const amountRemainingLessFee = positiveComplement ? (amountRemaining * feeComplement) / ONE_MILLION : lessFeeWide;
    sqrtRatioNextX96 = getNextSqrtPriceFromInput(sqrtRatioCurrentX96, liquidity, amountRemainingLessFee, zeroForOne);
    const max = sqrtRatioTargetX96 === sqrtRatioNextX96;
    // get the input/output amounts (amountIn is kept when the target was reached)
    // (when the target is hit after all and the estimate skipped it, the amount to it is formed now)
    if (zeroForOne) {
      if (!max) amountIn = getAmount0Delta(sqrtRatioNextX96, sqrtRatioCurrentX96, liquidity, true);
      else if (short) amountIn = amount0RoundingUp(sqrtRatioTargetX96, sqrtRatioCurrentX96, span, liquidity);
      amountOut = getAmount1Delta(sqrtRatioNextX96, sqrtRatioCurrentX96, liquidity, false);
    } else {
      if (!max) amountIn = getAmount1Delta(sqrtRatioCurrentX96, sqrtRatioNextX96, liquidity, true);
      else if (short) amountIn = amount1RoundingUp(span, liquidity);
      amountOut = getAmount0Delta(sqrtRatioCurrentX96, sqrtRatioNextX96, liquidity, false);
    }
    if (!max) {
      // we didn't reach the target, so take the remainder of the maximum input as fee
      // (an unchecked uint256 subtraction in the contract)
      feeAmount = amountRemaining - amountIn;
      if (feeAmount < 0n) feeAmount += TWO_256;
    } else {
      feeAmount = feeOn(amountIn, fee, feeComplement);
    }
  } else {
    // exact output
    // uint256(-amountRemaining): for int256.min Solidity's -x wraps to itself and the cast
    // reads 2^255, which is what bigint negation gives.
    const amountOutRemaining = -amountRemaining;
    // short: proven by the float estimate that amountOut ≥ amountOutRemaining + 1 (amountOut is a
    // floor, so the estimate must clear the next integer); only where the exact amount cannot revert
    const short =
      likelyShort &&
      (zeroForOne || sqrtRatioCurrentX96 !== 0n) &&
      Number(amountOutRemaining) * UP + 2 <
        (zeroForOne
          ? estimateAmount1(span, liquidity)
          : estimateAmount0(sqrtRatioCurrentX96, sqrtRatioTargetX96, span, liquidity)) *
          DOWN;
    if (!short) {
      amountOut = zeroForOne
        ? amount1RoundingDown(span, liquidity)
        : amount0RoundingDown(sqrtRatioCurrentX96, sqrtRatioTargetX96, span, liquidity);
    }
    if (!short && amountOutRemaining >= amountOut) {
      // The target is reached (max): amountOut stays (no cap: it is ≤ the remaining output),
      // amountIn is taken over the same span.
      amountIn = zeroForOne
        ? amount0RoundingUp(sqrtRatioTargetX96, sqrtRatioCurrentX96, span, liquidity)
        : amount1RoundingUp(span, liquidity);
      out.sqrtRatioNextX96 = sqrtRatioTargetX96;
      out.amountIn = amountIn;
      out.amountOut = amountOut;
      out.feeAmount = feeOn(amountIn, fee, feeComplement);
      return out;
    }
    sqrtRatioNextX96 = getNextSqrtPriceFromOutput(sqrtRatioCurrentX96, liquidity, amountOutRemaining, zeroForOne);
    const max = sqrtRatioTargetX96 === sqrtRatioNextX96;
    // get the input/output amounts (amountOut is kept when the target was reached)
    // (when the target is hit after all and the estimate skipped it, the amount to it is formed now)
    if (zeroForOne) {
      amountIn = getAmount0Delta(sqrtRatioNextX96, sqrtRatioCurrentX96, liquidity, true);
      if (!max) amountOut = getAmount1Delta(sqrtRatioNextX96, sqrtRatioCurrentX96, liquidity, false);
      else if (short) amountOut = amount1RoundingDown(span, liquidity);
    } else {
      amountIn = getAmount1Delta(sqrtRatioCurrentX96, sqrtRatioNextX96, liquidity, true);
      if (!max) amountOut = getAmount0Delta(sqrtRatioCurrentX96, sqrtRatioNextX96, liquidity, false);
      else if (short) amountOut = amount0RoundingDown(sqrtRatioCurrentX96, sqrtRatioTargetX96, span, liquidity);
    }
    // cap the output amount to not exceed the remaining output amount
    if (amountOut > amountOutRemaining) amountOut = amountOutRemaining;
    feeAmount = feeOn(amountIn, fee, feeComplement);
  }

  out.sqrtRatioNextX96 = sqrtRatioNextX96;
  out.amountIn = amountIn;
  out.amountOut = amountOut;
  out.feeAmount = feeAmount;
  return out;
}

// Float estimates of the amounts to the target, for the `likelyShort` test. Each of the at most
// five conversions and five operations rounds to nearest (relative error ≤ 2^-53 each, no overflow:
// every value is below 2^400, no underflow: integers), so an estimate is within 1e-14 of the exact
// real value; UP and DOWN widen that to 1e-12 so that a strict float comparison proves the exact
// one. A zero span estimates 0 and proves nothing.
const UP = 1 + 1e-12;
const DOWN = 1 - 1e-12;
const TWO_96 = 2 ** 96;

/** ≈ liquidity·2^96·span / (lower·upper) (lower > 0). */
function estimateAmount0(lower: bigint, upper: bigint, span: bigint, liquidity: bigint): number {
  return (Number(liquidity) * Number(span) * TWO_96) / (Number(lower) * Number(upper));
}

/** ≈ liquidity·span / 2^96. */
function estimateAmount1(span: bigint, liquidity: bigint): number {
  return (Number(liquidity) * Number(span)) / TWO_96;
}

// The amount deltas of SqrtPriceMath over a span already known (lower ≤ upper, span = upper − lower),
// for the steps that reach their target; the same formulas as getAmount0Delta / getAmount1Delta.

/** getAmount0Delta(lower, upper, liquidity, true): ⌈liquidity·2^96·span / (lower·upper)⌉. */
function amount0RoundingUp(lower: bigint, upper: bigint, span: bigint, liquidity: bigint): bigint {
  if (lower === 0n) throw new UniswapV3Error('SQRT_PRICE_ZERO');
  const numerator = (liquidity << 96n) * span;
  return numerator === 0n ? 0n : (numerator - 1n) / (lower * upper) + 1n;
}

/** getAmount0Delta(lower, upper, liquidity, false): ⌊liquidity·2^96·span / (lower·upper)⌋. */
function amount0RoundingDown(lower: bigint, upper: bigint, span: bigint, liquidity: bigint): bigint {
  if (lower === 0n) throw new UniswapV3Error('SQRT_PRICE_ZERO');
  return ((liquidity << 96n) * span) / (lower * upper);
}

/** getAmount1Delta(…, true): ⌈liquidity·span / 2^96⌉ = ⌊(liquidity·span + 2^96 − 1) / 2^96⌋. */
function amount1RoundingUp(span: bigint, liquidity: bigint): bigint {
  return (liquidity * span + Q96_MASK) >> 96n;
}

/** getAmount1Delta(…, false): ⌊liquidity·span / 2^96⌋. */
function amount1RoundingDown(span: bigint, liquidity: bigint): bigint {
  return (liquidity * span) >> 96n;
}

/**
 * The fee on an input that reaches its target: mulDivRoundingUp(amountIn, feePips, 1e6 − feePips).
 * For a non-zero complement ⌈p/c⌉ = ⌊(p + c − 1)/c⌋ (p ≥ 0), one division and no remainder test;
 * the overflow revert is kept. A zero complement (feePips = 1e6) goes through mulDivRoundingUp,
 * which reverts on it.
 */
function feeOn(amountIn: bigint, fee: bigint, feeComplement: bigint): bigint {
  if (feeComplement === 0n) return mulDivRoundingUp(amountIn, fee, feeComplement);
  const feeAmount = (amountIn * fee + memoFeeComplementLessOne) / feeComplement;
  if (feeAmount > MAX_UINT256) throw new UniswapV3Error('MULDIV_OVERFLOW');
  return feeAmount;
}
