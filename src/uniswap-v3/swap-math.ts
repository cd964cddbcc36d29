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

// A pool swaps at one fee, so the bigint forms of the last fee seen are memoised: the step
// then converts nothing. Invisible to callers (a pure function of its arguments).
let memoFeePips = -1;
let memoFee = 0n;
let memoFeeComplement = 0n;

function setFee(feePips: number): void {
  if (!Number.isInteger(feePips) || feePips < 0 || feePips > 0xffffff) {
    throw new UniswapV3Error('SAFECAST_OVERFLOW', `feePips ${feePips} is not a uint24`);
  }
  memoFeePips = feePips;
  memoFee = BigInt(feePips);
  // `1e6 - feePips` is uint24 arithmetic in Solidity 0.7: it wraps for fees above 1e6.
  memoFeeComplement = BigInt((1_000_000 - feePips) & 0xffffff);
}

export function computeSwapStep(
  sqrtRatioCurrentX96: bigint,
  sqrtRatioTargetX96: bigint,
  liquidity: bigint,
  amountRemaining: bigint,
  feePips: number,
): SwapStepResult {
  if (feePips !== memoFeePips) setFee(feePips);
  const fee = memoFee;
  const feeComplement = memoFeeComplement;

  const zeroForOne = sqrtRatioCurrentX96 >= sqrtRatioTargetX96;
  const exactIn = amountRemaining >= 0n;
  let sqrtRatioNextX96: bigint;
  let amountIn = 0n;
  let amountOut = 0n;

  if (exactIn) {
    const amountRemainingLessFee = mulDiv(amountRemaining, feeComplement, ONE_MILLION);
    amountIn = zeroForOne
      ? getAmount0Delta(sqrtRatioTargetX96, sqrtRatioCurrentX96, liquidity, true)
      : getAmount1Delta(sqrtRatioCurrentX96, sqrtRatioTargetX96, liquidity, true);
    sqrtRatioNextX96 =
      amountRemainingLessFee >= amountIn
        ? sqrtRatioTargetX96
        : getNextSqrtPriceFromInput(sqrtRatioCurrentX96, liquidity, amountRemainingLessFee, zeroForOne);
  } else {
    // uint256(-amountRemaining): for int256.min Solidity's -x wraps to itself and the cast
    // reads 2^255, which is what bigint negation gives.
    const amountOutRemaining = -amountRemaining;
    amountOut = zeroForOne
      ? getAmount1Delta(sqrtRatioTargetX96, sqrtRatioCurrentX96, liquidity, false)
      : getAmount0Delta(sqrtRatioCurrentX96, sqrtRatioTargetX96, liquidity, false);
    sqrtRatioNextX96 =
      amountOutRemaining >= amountOut
        ? sqrtRatioTargetX96
        : getNextSqrtPriceFromOutput(sqrtRatioCurrentX96, liquidity, amountOutRemaining, zeroForOne);
  }

  const max = sqrtRatioTargetX96 === sqrtRatioNextX96;

  // get the input/output amounts
  if (zeroForOne) {
    if (!(max && exactIn)) amountIn = getAmount0Delta(sqrtRatioNextX96, sqrtRatioCurrentX96, liquidity, true);
    if (!(max && !exactIn)) amountOut = getAmount1Delta(sqrtRatioNextX96, sqrtRatioCurrentX96, liquidity, false);
  } else {
    if (!(max && exactIn)) amountIn = getAmount1Delta(sqrtRatioCurrentX96, sqrtRatioNextX96, liquidity, true);
    if (!(max && !exactIn)) amountOut = getAmount0Delta(sqrtRatioCurrentX96, sqrtRatioNextX96, liquidity, false);
  }

  // cap the output amount to not exceed the remaining output amount
  if (!exactIn && amountOut > -amountRemaining) amountOut = -amountRemaining;

  let feeAmount: bigint;
  if (exactIn && sqrtRatioNextX96 !== sqrtRatioTargetX96) {
    // we didn't reach the target, so take the remainder of the maximum input as fee
    // (an unchecked uint256 subtraction in the contract)
    feeAmount = amountRemaining - amountIn;
    if (feeAmount < 0n) feeAmount += TWO_256;
  } else {
    feeAmount = mulDivRoundingUp(amountIn, fee, feeComplement);
  }
  return { sqrtRatioNextX96, amountIn, amountOut, feeAmount };
}
