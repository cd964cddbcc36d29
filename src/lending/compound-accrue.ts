/**
 * Compound v2 `CToken.accrueInterest` as a pure function: simple interest over the blocks since
 * the last accrual (compounding happens only between accruals), applied to total borrows,
 * reserves and the borrow index, with the contract's truncations.
 */
import { InvalidInputError } from '../errors.js';
import { borrowRatePerBlockMantissa, MANTISSA_ONE, type JumpRateModelParams } from './compound-jump-rate.js';
import { requireUint256 } from './uint256.js';

/** `borrowRateMaxMantissa` = 0.0005e16 per block; the contract refuses to accrue above it. */
export const BORROW_RATE_MAX_MANTISSA = 5n * 10n ** 12n;

export interface CTokenMarketState {
  cash: bigint;
  totalBorrows: bigint;
  totalReserves: bigint;
  borrowIndexMantissa: bigint;
  accrualBlockNumber: bigint;
  reserveFactorMantissa: bigint;
}

export interface AccrueInterestResult extends CTokenMarketState {
  interestAccumulated: bigint;
  borrowRatePerBlockMantissa: bigint;
}

export function accrueInterest(
  model: JumpRateModelParams,
  market: CTokenMarketState,
  currentBlockNumber: bigint,
): AccrueInterestResult {
  for (const [field, value] of Object.entries(market)) requireUint256(field, value as bigint);
  requireUint256('currentBlockNumber', currentBlockNumber);
  if (currentBlockNumber < market.accrualBlockNumber) {
    throw new InvalidInputError('currentBlockNumber', currentBlockNumber, `must be >= accrualBlockNumber (${market.accrualBlockNumber})`);
  }
  const borrowRate = borrowRatePerBlockMantissa(model, market.cash, market.totalBorrows, market.totalReserves);
  if (currentBlockNumber === market.accrualBlockNumber) {
    return { ...market, interestAccumulated: 0n, borrowRatePerBlockMantissa: borrowRate };
  }
  if (borrowRate > BORROW_RATE_MAX_MANTISSA) {
    throw new InvalidInputError('borrowRatePerBlockMantissa', borrowRate, 'borrow rate is absurdly high (the contract reverts)');
  }
  const blockDelta = currentBlockNumber - market.accrualBlockNumber;
  const simpleInterestFactor = borrowRate * blockDelta;
  const interestAccumulated = (simpleInterestFactor * market.totalBorrows) / MANTISSA_ONE;
  return {
    cash: market.cash,
    totalBorrows: market.totalBorrows + interestAccumulated,
    totalReserves: (market.reserveFactorMantissa * interestAccumulated) / MANTISSA_ONE + market.totalReserves,
    borrowIndexMantissa: (simpleInterestFactor * market.borrowIndexMantissa) / MANTISSA_ONE + market.borrowIndexMantissa,
    accrualBlockNumber: currentBlockNumber,
    reserveFactorMantissa: market.reserveFactorMantissa,
    interestAccumulated,
    borrowRatePerBlockMantissa: borrowRate,
  };
}
