/**
 * Analytics for strategies, in numbers rather than wei: a health factor as a plain ratio and
 * the oracle price at which a position becomes liquidatable. HF = Σ value_i·LT_i / debt is
 * linear in any one price, so the break-even price has a closed form; it ignores the
 * contract's floor roundings (a few base units), which is fine for a risk gauge and wrong
 * for nothing else since liquidation itself always re-checks with the integer math.
 */
import { UINT256_MAX } from '../../lending/uint256.js';
import type { ResolvedReserveConfig } from './config.js';
import type { UserAccountDetail } from './user-account.js';

const WAD_NUMBER = 1e18;
const BASE_UNIT = 1e8;

export function healthFactorToNumber(healthFactorWad: bigint): number {
  return healthFactorWad === UINT256_MAX ? Infinity : Number(healthFactorWad) / WAD_NUMBER;
}

/**
 * Solves Σ_{i≠k} w_i + p·c_k·LT_k = Σ_{i≠k} d_i + p·b_k for p, with w_i = collateral value ×
 * LT, c_k the collateral balance and b_k the debt in the asset k (per whole token).
 */
export function solveLiquidationPrice(
  account: UserAccountDetail,
  asset: string,
  configOf: (asset: string) => ResolvedReserveConfig,
): number | null {
  if (account.totalDebtBase === 0n) return null;
  let otherWeightedCollateral = 0;
  let otherDebt = 0;
  let collateralPerPrice = 0;
  let debtPerPrice = 0;
  for (const position of account.positions) {
    const config = configOf(position.asset);
    const threshold = Number(config.liquidationThresholdBps) / 10_000;
    if (position.asset === asset) {
      const unit = Number(config.unit);
      if (position.collateralBase !== 0n) collateralPerPrice = (Number(position.collateralBalance) / unit) * threshold;
      debtPerPrice = Number(position.debt) / unit;
    } else {
      otherWeightedCollateral += (Number(position.collateralBase) / BASE_UNIT) * threshold;
      otherDebt += Number(position.debtBase) / BASE_UNIT;
    }
  }
  const slope = collateralPerPrice - debtPerPrice;
  if (slope === 0) return null;
  const price = (otherDebt - otherWeightedCollateral) / slope;
  return Number.isFinite(price) && price > 0 ? price : null;
}
