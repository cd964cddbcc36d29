/**
 * A user's position in the market and Aave's GenericLogic.calculateUserAccountData over it.
 * Balances are scaled (aToken: amount.rayDiv(liquidityIndex); debt:
 * amount.rayDiv(variableBorrowIndex)); the index carries all interest. Values are converted to
 * the oracle's base currency rounding down (v3.0) and the health factor is `healthFactorWad`,
 * the latest releases' Σ(value·LT).wadDiv(debt)/1e4, which keeps the bps precision v3.0's
 * percentMul of the averaged threshold loses.
 */
import { healthFactorWad, toBaseCurrency, type CollateralInBase } from '../../lending/aave-liquidation.js';
import { percentMul } from '../../lending/percentage-math.js';
import { rayMul } from '../../lending/wad-ray-math.js';
import type { ResolvedReserveConfig } from './config.js';
import type { ReserveState } from './reserve.js';

export interface UserReserve {
  readonly scaledATokenBalance: bigint;
  readonly scaledVariableDebt: bigint;
  /** Aave's per-user collateral flag: on at the first supply when the LTV is not 0. */
  readonly usingAsCollateral: boolean;
}

export const EMPTY_USER_RESERVE: UserReserve = { scaledATokenBalance: 0n, scaledVariableDebt: 0n, usingAsCollateral: false };

/** What the account math needs of a reserve: its configuration, state at now and price. */
export interface ReserveAtNow {
  readonly config: ResolvedReserveConfig;
  /** Accrued to the time the account is valued at. */
  readonly state: ReserveState;
  readonly priceBase8: bigint;
}

export interface AccountPositionValue {
  readonly asset: string;
  readonly collateralBalance: bigint;
  /** 0 unless the reserve counts as collateral (flag on and liquidation threshold > 0). */
  readonly collateralBase: bigint;
  readonly debt: bigint;
  readonly debtBase: bigint;
  readonly priceBase8: bigint;
}

/** `Pool.getUserAccountData`'s six numbers (base currency, bps, wad). */
export interface UserAccountData {
  readonly totalCollateralBase: bigint;
  readonly totalDebtBase: bigint;
  readonly availableBorrowsBase: bigint;
  /** Collateral-weighted average liquidation threshold, bps. */
  readonly currentLiquidationThreshold: bigint;
  /** Collateral-weighted average LTV, bps. */
  readonly ltv: bigint;
  /** wad; uint256 max without debt. */
  readonly healthFactor: bigint;
}

export interface UserAccountDetail extends UserAccountData {
  /** A collateral with LTV 0 is enabled: Aave then blocks withdrawing other collateral. */
  readonly hasZeroLtvCollateral: boolean;
  readonly positions: readonly AccountPositionValue[];
}

export function aTokenBalance(position: UserReserve, state: ReserveState): bigint {
  return rayMul(position.scaledATokenBalance, state.liquidityIndexRay);
}

export function variableDebtBalance(position: UserReserve, state: ReserveState): bigint {
  return rayMul(position.scaledVariableDebt, state.variableBorrowIndexRay);
}

export function calculateUserAccountData(
  positions: ReadonlyMap<string, UserReserve>,
  reserveAt: (asset: string) => ReserveAtNow,
): UserAccountDetail {
  let totalCollateralBase = 0n;
  let totalDebtBase = 0n;
  let weightedLtv = 0n;
  let hasZeroLtvCollateral = false;
  const collateral: CollateralInBase[] = [];
  const values: AccountPositionValue[] = [];
  for (const [asset, position] of positions) {
    const isCollateral = position.usingAsCollateral && position.scaledATokenBalance !== 0n;
    if (!isCollateral && position.scaledVariableDebt === 0n) continue;
    const { config, state, priceBase8 } = reserveAt(asset);
    const collateralBalance = aTokenBalance(position, state);
    const debt = variableDebtBalance(position, state);
    let collateralBase = 0n;
    if (isCollateral && config.liquidationThresholdBps !== 0n) {
      collateralBase = toBaseCurrency(collateralBalance, priceBase8, config.decimals, 'down');
      totalCollateralBase += collateralBase;
      collateral.push({ valueBase: collateralBase, liquidationThresholdBps: config.liquidationThresholdBps });
      if (config.ltvBps !== 0n) weightedLtv += collateralBase * config.ltvBps;
      else hasZeroLtvCollateral = true;
    }
    const debtBase = debt === 0n ? 0n : toBaseCurrency(debt, priceBase8, config.decimals, 'down');
    totalDebtBase += debtBase;
    values.push({ asset, collateralBalance, collateralBase, debt, debtBase, priceBase8 });
  }
  const weightedThreshold = collateral.reduce((sum, c) => sum + c.valueBase * c.liquidationThresholdBps, 0n);
  const ltv = totalCollateralBase === 0n ? 0n : weightedLtv / totalCollateralBase;
  const currentLiquidationThreshold = totalCollateralBase === 0n ? 0n : weightedThreshold / totalCollateralBase;
  const borrowable = percentMul(totalCollateralBase, ltv);
  return {
    totalCollateralBase,
    totalDebtBase,
    availableBorrowsBase: borrowable > totalDebtBase ? borrowable - totalDebtBase : 0n,
    currentLiquidationThreshold,
    ltv,
    healthFactor: healthFactorWad(collateral, totalDebtBase),
    hasZeroLtvCollateral,
    positions: values,
  };
}
