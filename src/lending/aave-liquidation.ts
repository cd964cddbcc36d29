/**
 * Aave v3 health factor, close factor and liquidation amounts as pure integer functions
 * (GenericLogic.calculateUserAccountData, LiquidationLogic.executeLiquidationCall and
 * _calculateAvailableCollateralToLiquidate). Values "in base" are oracle base-currency units
 * (USD with 8 decimals on the Ethereum markets). Two close-factor regimes: v3.0–3.2 cap the
 * repayment at 50 % of the user's debt in that reserve while HF > 0.95; v3.3+ cap it at 50 % of
 * the user's total debt, lift the cap for positions under $2,000 and refuse dust leftovers.
 */
import { InvalidInputError } from '../errors.js';
import { percentDiv, percentMul } from './percentage-math.js';
import { requireUint256, UINT256_MAX } from './uint256.js';
import { WAD, wadDiv } from './wad-ray-math.js';

export const HEALTH_FACTOR_LIQUIDATION_THRESHOLD = WAD;
export const CLOSE_FACTOR_HF_THRESHOLD = 95n * 10n ** 16n;
export const DEFAULT_LIQUIDATION_CLOSE_FACTOR_BPS = 5_000n;
export const MAX_LIQUIDATION_CLOSE_FACTOR_BPS = 10_000n;
/** v3.3+: below this much collateral or debt (in base, 8 decimals) the whole debt is liquidatable. */
export const MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD = 2000n * 10n ** 8n;
/** v3.3+: a partial liquidation must leave at least this much debt and collateral (in base). */
export const MIN_LEFTOVER_BASE = MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD / 2n;

export interface CollateralInBase {
  valueBase: bigint;
  liquidationThresholdBps: bigint;
}

/** amount · price / 10^decimals, rounded down (collateral) or up (debt, in the latest releases). */
export function toBaseCurrency(amount: bigint, priceBase: bigint, decimals: number, rounding: 'down' | 'up' = 'down'): bigint {
  requireUint256('amount', amount);
  requireUint256('priceBase', priceBase);
  const unit = unitOf(decimals);
  const product = amount * priceBase;
  return rounding === 'down' ? product / unit : product / unit + (product % unit === 0n ? 0n : 1n);
}

/**
 * HF = Σ(collateral_i · LT_i).wadDiv(totalDebt) / 1e4, in wad; uint256 max with no debt.
 * (Algebraically Σ collateral·LT / debt; the integer form is the contract's.)
 */
export function healthFactorWad(collateral: readonly CollateralInBase[], totalDebtBase: bigint): bigint {
  requireUint256('totalDebtBase', totalDebtBase);
  let weighted = 0n;
  collateral.forEach((c, i) => {
    requireUint256(`collateral[${i}].valueBase`, c.valueBase);
    requireUint256(`collateral[${i}].liquidationThresholdBps`, c.liquidationThresholdBps);
    weighted += c.valueBase * c.liquidationThresholdBps;
  });
  if (totalDebtBase === 0n) return UINT256_MAX;
  return wadDiv(weighted, totalDebtBase) / 10_000n;
}

export interface LiquidationInput {
  /** The user's balance of the collateral asset being seized (its own decimals). */
  collateralBalance: bigint;
  collateralPriceBase: bigint;
  collateralDecimals: number;
  /** The user's debt in the reserve being repaid. */
  debtBalance: bigint;
  debtPriceBase: bigint;
  debtDecimals: number;
  /** e.g. 10500n for a 5 % bonus. */
  liquidationBonusBps: bigint;
  /** Share of the bonus sent to the treasury, e.g. 1000n = 10 %. */
  liquidationProtocolFeeBps: bigint;
  /** The user's health factor before the liquidation (wad). */
  healthFactorWad: bigint;
  /** The user's total debt over all reserves, in base (v3.3+ close factor). Defaults to this reserve's. */
  totalDebtBase?: bigint;
  /** What the liquidator offers to repay; pass UINT256_MAX for "as much as allowed". */
  debtToCover: bigint;
  version?: 'v3.0' | 'v3.3';
}

export interface LiquidationResult {
  /** 5000 when the 50 % cap applied, 10000 otherwise. */
  closeFactorBps: bigint;
  maxLiquidatableDebt: bigint;
  /** Debt actually repaid (actualDebtToLiquidate). */
  debtRepaid: bigint;
  /** Collateral taken from the user, protocol fee included. */
  collateralSeized: bigint;
  /** The bonus part of the seized collateral: seized − seized/LB. */
  bonusCollateral: bigint;
  protocolFee: bigint;
  /** seized − protocol fee. */
  collateralToLiquidator: bigint;
}

export function calculateLiquidation(input: LiquidationInput): LiquidationResult {
  const version = input.version ?? 'v3.3';
  for (const field of [
    'collateralBalance',
    'collateralPriceBase',
    'debtBalance',
    'debtPriceBase',
    'liquidationBonusBps',
    'liquidationProtocolFeeBps',
    'healthFactorWad',
    'debtToCover',
  ] as const) {
    requireUint256(field, input[field]);
  }
  if (input.collateralPriceBase === 0n) throw new InvalidInputError('collateralPriceBase', 0n, 'must be > 0');
  if (input.debtPriceBase === 0n) throw new InvalidInputError('debtPriceBase', 0n, 'must be > 0');
  if (input.liquidationBonusBps < 10_000n) {
    throw new InvalidInputError('liquidationBonusBps', input.liquidationBonusBps, 'must be >= 10000 (bonus >= 0)');
  }
  if (input.liquidationProtocolFeeBps > 10_000n) {
    throw new InvalidInputError('liquidationProtocolFeeBps', input.liquidationProtocolFeeBps, 'must be <= 10000');
  }
  if (input.healthFactorWad >= HEALTH_FACTOR_LIQUIDATION_THRESHOLD) {
    throw new InvalidInputError('healthFactorWad', input.healthFactorWad, 'must be < 1e18 to liquidate');
  }
  if (input.debtBalance === 0n) throw new InvalidInputError('debtBalance', 0n, 'no debt to liquidate');
  const collateralUnit = unitOf(input.collateralDecimals);
  const debtUnit = unitOf(input.debtDecimals);
  const debtBase = (input.debtBalance * input.debtPriceBase) / debtUnit;
  const collateralBase = (input.collateralBalance * input.collateralPriceBase) / collateralUnit;

  let maxLiquidatableDebt: bigint;
  let closeFactorBps = MAX_LIQUIDATION_CLOSE_FACTOR_BPS;
  if (version === 'v3.0') {
    if (input.healthFactorWad > CLOSE_FACTOR_HF_THRESHOLD) closeFactorBps = DEFAULT_LIQUIDATION_CLOSE_FACTOR_BPS;
    maxLiquidatableDebt = percentMul(input.debtBalance, closeFactorBps);
  } else {
    maxLiquidatableDebt = input.debtBalance;
    if (
      collateralBase >= MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD &&
      debtBase >= MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD &&
      input.healthFactorWad > CLOSE_FACTOR_HF_THRESHOLD
    ) {
      closeFactorBps = DEFAULT_LIQUIDATION_CLOSE_FACTOR_BPS;
      const totalDebtBase = input.totalDebtBase ?? debtBase;
      requireUint256('totalDebtBase', totalDebtBase);
      const capBase = percentMul(totalDebtBase, DEFAULT_LIQUIDATION_CLOSE_FACTOR_BPS);
      if (debtBase > capBase) maxLiquidatableDebt = (capBase * debtUnit) / input.debtPriceBase;
    }
  }
  const requested = input.debtToCover > maxLiquidatableDebt ? maxLiquidatableDebt : input.debtToCover;

  // _calculateAvailableCollateralToLiquidate
  const baseCollateral =
    (input.debtPriceBase * requested * collateralUnit) / (input.collateralPriceBase * debtUnit);
  const maxCollateralToLiquidate = percentMul(baseCollateral, input.liquidationBonusBps);
  let collateralSeized: bigint;
  let debtRepaid: bigint;
  if (maxCollateralToLiquidate > input.collateralBalance) {
    collateralSeized = input.collateralBalance;
    debtRepaid = percentDiv(
      (input.collateralPriceBase * collateralSeized * debtUnit) / (input.debtPriceBase * collateralUnit),
      input.liquidationBonusBps,
    );
  } else {
    collateralSeized = maxCollateralToLiquidate;
    debtRepaid = requested;
  }
  const bonusCollateral = collateralSeized - percentDiv(collateralSeized, input.liquidationBonusBps);
  const protocolFee = percentMul(bonusCollateral, input.liquidationProtocolFeeBps);
  const collateralToLiquidator = collateralSeized - protocolFee;

  if (version === 'v3.3' && debtRepaid < input.debtBalance && collateralSeized < input.collateralBalance) {
    const debtLeftBase = ((input.debtBalance - debtRepaid) * input.debtPriceBase) / debtUnit;
    // The contract measures the collateral left as balance − liquidator's share (fee not deducted).
    const collateralLeftBase =
      ((input.collateralBalance - collateralToLiquidator) * input.collateralPriceBase) / collateralUnit;
    if (debtLeftBase < MIN_LEFTOVER_BASE || collateralLeftBase < MIN_LEFTOVER_BASE) {
      throw new InvalidInputError(
        'debtToCover',
        input.debtToCover,
        'would leave less than MIN_LEFTOVER_BASE of debt or collateral (MustNotLeaveDust)',
      );
    }
  }
  return {
    closeFactorBps,
    maxLiquidatableDebt,
    debtRepaid,
    collateralSeized,
    bonusCollateral,
    protocolFee,
    collateralToLiquidator,
  };
}

function unitOf(decimals: number): bigint {
  if (!(Number.isInteger(decimals) && decimals >= 0 && decimals <= 77)) {
    throw new InvalidInputError('decimals', decimals, 'must be an integer in [0, 77]');
  }
  return 10n ** BigInt(decimals);
}
