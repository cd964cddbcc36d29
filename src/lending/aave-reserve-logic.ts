/**
 * Aave ReserveLogic index updates (v3.0 `_updateIndexes`, `getNormalizedIncome`,
 * `getNormalizedDebt`): the liquidity index grows linearly at the liquidity rate between
 * updates, the variable borrow index compounds at the variable rate. Balances are
 * scaled-balance × index, so these two numbers carry all interest accrual.
 */
import { InvalidInputError } from '../errors.js';
import { calculateCompoundedInterest, calculateLinearInterest } from './aave-math-utils.js';
import { requireUint256 } from './uint256.js';
import { rayMul } from './wad-ray-math.js';

const UINT128_MAX = (1n << 128n) - 1n;

export interface AaveReserveIndexState {
  liquidityIndexRay: bigint;
  variableBorrowIndexRay: bigint;
  currentLiquidityRateRay: bigint;
  currentVariableBorrowRateRay: bigint;
  /** Scaled total variable debt; the borrow index only moves while it is non-zero. */
  scaledVariableDebt: bigint;
  lastUpdateTimestampSeconds: bigint;
}

export interface AaveIndexes {
  liquidityIndexRay: bigint;
  variableBorrowIndexRay: bigint;
  lastUpdateTimestampSeconds: bigint;
}

/** `updateState`'s index part: the indexes as of `currentTimestampSeconds`. */
export function updateIndexes(reserve: AaveReserveIndexState, currentTimestampSeconds: bigint): AaveIndexes {
  for (const [field, value] of Object.entries(reserve)) requireUint256(field, value as bigint);
  if (currentTimestampSeconds === reserve.lastUpdateTimestampSeconds) {
    return {
      liquidityIndexRay: reserve.liquidityIndexRay,
      variableBorrowIndexRay: reserve.variableBorrowIndexRay,
      lastUpdateTimestampSeconds: reserve.lastUpdateTimestampSeconds,
    };
  }
  let liquidityIndex = reserve.liquidityIndexRay;
  let variableBorrowIndex = reserve.variableBorrowIndexRay;
  // Supply only accrues while there is income; the borrow index only while there is debt.
  if (reserve.currentLiquidityRateRay !== 0n) {
    const cumulated = calculateLinearInterest(
      reserve.currentLiquidityRateRay,
      reserve.lastUpdateTimestampSeconds,
      currentTimestampSeconds,
    );
    liquidityIndex = toUint128('liquidityIndexRay', rayMul(cumulated, reserve.liquidityIndexRay));
  }
  if (reserve.scaledVariableDebt !== 0n) {
    const cumulated = calculateCompoundedInterest(
      reserve.currentVariableBorrowRateRay,
      reserve.lastUpdateTimestampSeconds,
      currentTimestampSeconds,
    );
    variableBorrowIndex = toUint128('variableBorrowIndexRay', rayMul(cumulated, reserve.variableBorrowIndexRay));
  }
  return {
    liquidityIndexRay: liquidityIndex,
    variableBorrowIndexRay: variableBorrowIndex,
    lastUpdateTimestampSeconds: currentTimestampSeconds,
  };
}

/** `getNormalizedIncome`: the liquidity index as of now without writing it. */
export function getNormalizedIncome(
  reserve: Pick<AaveReserveIndexState, 'liquidityIndexRay' | 'currentLiquidityRateRay' | 'lastUpdateTimestampSeconds'>,
  currentTimestampSeconds: bigint,
): bigint {
  if (currentTimestampSeconds === reserve.lastUpdateTimestampSeconds) return reserve.liquidityIndexRay;
  return rayMul(
    calculateLinearInterest(reserve.currentLiquidityRateRay, reserve.lastUpdateTimestampSeconds, currentTimestampSeconds),
    reserve.liquidityIndexRay,
  );
}

/** `getNormalizedDebt`: the variable borrow index as of now without writing it. */
export function getNormalizedDebt(
  reserve: Pick<AaveReserveIndexState, 'variableBorrowIndexRay' | 'currentVariableBorrowRateRay' | 'lastUpdateTimestampSeconds'>,
  currentTimestampSeconds: bigint,
): bigint {
  if (currentTimestampSeconds === reserve.lastUpdateTimestampSeconds) return reserve.variableBorrowIndexRay;
  return rayMul(
    calculateCompoundedInterest(
      reserve.currentVariableBorrowRateRay,
      reserve.lastUpdateTimestampSeconds,
      currentTimestampSeconds,
    ),
    reserve.variableBorrowIndexRay,
  );
}

function toUint128(field: string, value: bigint): bigint {
  if (value > UINT128_MAX) throw new InvalidInputError(field, value, 'exceeds uint128 (SafeCast reverts)');
  return value;
}
