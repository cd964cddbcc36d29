/**
 * Compound v2 interest-rate models as exact integer ports (mantissa 1e18, per block):
 * `JumpRateModel` (v1) and `JumpRateModelV2` / `LegacyJumpRateModelV2` (BaseJumpRateModelV2).
 * They differ only in how the per-block multiplier is derived from the yearly one: v1 divides
 * by blocksPerYear (slope per unit utilisation), v2 also divides by the kink (multiplierPerYear
 * is the rate added by the time utilisation reaches the kink).
 */
import { InvalidInputError } from '../errors.js';
import { requireUint256 } from './uint256.js';

export const MANTISSA_ONE = 10n ** 18n;
/** Both model versions assume 15-second blocks. */
export const COMPOUND_BLOCKS_PER_YEAR = 2_102_400n;

export interface JumpRateModelYearlyParams {
  baseRatePerYearMantissa: bigint;
  multiplierPerYearMantissa: bigint;
  jumpMultiplierPerYearMantissa: bigint;
  kinkMantissa: bigint;
}

/** The per-block parameters the contract stores. */
export interface JumpRateModelParams {
  baseRatePerBlockMantissa: bigint;
  multiplierPerBlockMantissa: bigint;
  jumpMultiplierPerBlockMantissa: bigint;
  kinkMantissa: bigint;
}

/** The v1 constructor: every yearly figure divided by blocksPerYear. */
export function jumpRateModelV1(params: JumpRateModelYearlyParams): JumpRateModelParams {
  checkYearly(params);
  return {
    baseRatePerBlockMantissa: params.baseRatePerYearMantissa / COMPOUND_BLOCKS_PER_YEAR,
    multiplierPerBlockMantissa: params.multiplierPerYearMantissa / COMPOUND_BLOCKS_PER_YEAR,
    jumpMultiplierPerBlockMantissa: params.jumpMultiplierPerYearMantissa / COMPOUND_BLOCKS_PER_YEAR,
    kinkMantissa: params.kinkMantissa,
  };
}

/** The v2 `updateJumpRateModelInternal`: multiplierPerBlock = multiplierPerYear·1e18/(blocksPerYear·kink). */
export function jumpRateModelV2(params: JumpRateModelYearlyParams): JumpRateModelParams {
  checkYearly(params);
  if (params.kinkMantissa === 0n) throw new InvalidInputError('kinkMantissa', 0n, 'must be > 0 in v2 (division by kink)');
  return {
    baseRatePerBlockMantissa: params.baseRatePerYearMantissa / COMPOUND_BLOCKS_PER_YEAR,
    multiplierPerBlockMantissa:
      (params.multiplierPerYearMantissa * MANTISSA_ONE) / (COMPOUND_BLOCKS_PER_YEAR * params.kinkMantissa),
    jumpMultiplierPerBlockMantissa: params.jumpMultiplierPerYearMantissa / COMPOUND_BLOCKS_PER_YEAR,
    kinkMantissa: params.kinkMantissa,
  };
}

/** borrows / (cash + borrows − reserves), or 0 without borrows. */
export function utilizationRateMantissa(cash: bigint, borrows: bigint, reserves: bigint): bigint {
  requireUint256('cash', cash);
  requireUint256('borrows', borrows);
  requireUint256('reserves', reserves);
  if (borrows === 0n) return 0n;
  const denominator = cash + borrows - reserves;
  if (denominator <= 0n) {
    throw new InvalidInputError('reserves', reserves, 'must be < cash + borrows (the contract reverts)');
  }
  return (borrows * MANTISSA_ONE) / denominator;
}

/** `getBorrowRate` per block. */
export function borrowRatePerBlockMantissa(
  model: JumpRateModelParams,
  cash: bigint,
  borrows: bigint,
  reserves: bigint,
): bigint {
  checkModel(model);
  const util = utilizationRateMantissa(cash, borrows, reserves);
  if (util <= model.kinkMantissa) {
    return (util * model.multiplierPerBlockMantissa) / MANTISSA_ONE + model.baseRatePerBlockMantissa;
  }
  const normalRate = (model.kinkMantissa * model.multiplierPerBlockMantissa) / MANTISSA_ONE + model.baseRatePerBlockMantissa;
  const excessUtil = util - model.kinkMantissa;
  return (excessUtil * model.jumpMultiplierPerBlockMantissa) / MANTISSA_ONE + normalRate;
}

/** `getSupplyRate` per block: util · borrowRate · (1 − reserveFactor), truncating as the contract does. */
export function supplyRatePerBlockMantissa(
  model: JumpRateModelParams,
  cash: bigint,
  borrows: bigint,
  reserves: bigint,
  reserveFactorMantissa: bigint,
): bigint {
  requireUint256('reserveFactorMantissa', reserveFactorMantissa);
  if (reserveFactorMantissa > MANTISSA_ONE) {
    throw new InvalidInputError('reserveFactorMantissa', reserveFactorMantissa, 'must be <= 1e18');
  }
  const oneMinusReserveFactor = MANTISSA_ONE - reserveFactorMantissa;
  const borrowRate = borrowRatePerBlockMantissa(model, cash, borrows, reserves);
  const rateToPool = (borrowRate * oneMinusReserveFactor) / MANTISSA_ONE;
  return (utilizationRateMantissa(cash, borrows, reserves) * rateToPool) / MANTISSA_ONE;
}

function checkYearly(params: JumpRateModelYearlyParams): void {
  for (const [field, value] of Object.entries(params)) requireUint256(field, value as bigint);
}

function checkModel(model: JumpRateModelParams): void {
  for (const [field, value] of Object.entries(model)) requireUint256(field, value as bigint);
}
