/**
 * `LiquidationLogic.executeLiquidationCall` over the simulated market. The amounts (close
 * factor, bonus, protocol fee, and v3.3's dust rule) come from `calculateLiquidation`; this
 * file moves the balances as the contract does: the debt reserve is updated and its debt
 * burned, then the collateral either leaves the reserve as underlying (its reserve updated,
 * aTokens burned) or moves to the liquidator as aTokens, and the protocol fee moves to the
 * treasury as aTokens.
 */
import { InvalidInputError } from '../../errors.js';
import { calculateLiquidation, HEALTH_FACTOR_LIQUIDATION_THRESHOLD, type LiquidationResult } from '../../lending/aave-liquidation.js';
import { rayDiv, rayMul } from '../../lending/wad-ray-math.js';
import { burnScaled, requireAmount } from './actions.js';
import { LendingError } from './errors.js';
import { updateReserveRates } from './reserve.js';
import type { LendingTx } from './transaction.js';

export type LiquidationVersion = 'v3.0' | 'v3.3';

export interface LiquidationCallParams {
  readonly liquidator: string;
  readonly collateralAsset: string;
  readonly debtAsset: string;
  readonly user: string;
  /** Base units of the debt asset; MAX_AMOUNT for as much as the close factor allows. */
  readonly debtToCover: bigint;
  readonly receiveAToken: boolean;
  readonly version: LiquidationVersion;
}

export interface LiquidationReceipt extends LiquidationResult {
  /** The user's health factor before (wad). */
  readonly healthFactorBefore: bigint;
  /** The protocol fee actually moved (clipped to the user's balance, as the contract does). */
  readonly protocolFeePaid: bigint;
  readonly receivedAToken: boolean;
}

export function liquidationCall(tx: LendingTx, params: LiquidationCallParams): LiquidationReceipt {
  const { liquidator, collateralAsset, debtAsset, user } = params;
  requireAmount('debtToCover', params.debtToCover);
  const collateralConfig = tx.config(collateralAsset);
  const debtConfig = tx.config(debtAsset);
  let debtReserve = tx.updateState(debtAsset);
  const account = tx.accountData(user);
  const debtPosition = tx.position(user, debtAsset);
  const userDebt = rayMul(debtPosition.scaledVariableDebt, debtReserve.variableBorrowIndexRay);

  if (account.healthFactor >= HEALTH_FACTOR_LIQUIDATION_THRESHOLD) {
    throw new LendingError('HEALTH_FACTOR_NOT_BELOW_THRESHOLD', `${user}'s health factor is ${account.healthFactor} (wad)`);
  }
  const collateralPosition = tx.position(user, collateralAsset);
  if (!(collateralPosition.usingAsCollateral && collateralConfig.liquidationThresholdBps !== 0n)) {
    throw new LendingError('COLLATERAL_CANNOT_BE_LIQUIDATED', `${user}'s ${collateralAsset} is not collateral`);
  }
  if (userDebt === 0n) throw new LendingError('SPECIFIED_CURRENCY_NOT_BORROWED_BY_USER', `${user} owes no ${debtAsset}`);

  // The collateral reserve is read at its normalized income, not written (yet).
  const collateralIndexRay = tx.view(collateralAsset).liquidityIndexRay;
  const collateralBalance = rayMul(collateralPosition.scaledATokenBalance, collateralIndexRay);
  let result: LiquidationResult;
  try {
    result = calculateLiquidation({
      collateralBalance,
      collateralPriceBase: tx.price(collateralAsset),
      collateralDecimals: collateralConfig.decimals,
      debtBalance: userDebt,
      debtPriceBase: tx.price(debtAsset),
      debtDecimals: debtConfig.decimals,
      liquidationBonusBps: collateralConfig.liquidationBonusBps,
      liquidationProtocolFeeBps: collateralConfig.liquidationProtocolFeeBps,
      healthFactorWad: account.healthFactor,
      totalDebtBase: account.totalDebtBase,
      debtToCover: params.debtToCover,
      version: params.version,
    });
  } catch (error) {
    // The only refusal calculateLiquidation raises on validated inputs is v3.3's dust rule.
    if (error instanceof InvalidInputError && error.field === 'debtToCover') throw new LendingError('MUST_NOT_LEAVE_DUST', error.reason);
    throw error;
  }

  // Debt side: burn the repaid debt, the repayment comes into the reserve.
  const scaledDebtBurned = burnScaled(result.debtRepaid, debtReserve.variableBorrowIndexRay, debtPosition.scaledVariableDebt, debtAsset);
  debtReserve = updateReserveRates(
    { ...debtReserve, scaledVariableDebt: debtReserve.scaledVariableDebt - scaledDebtBurned },
    debtConfig,
    result.debtRepaid,
    0n,
  );
  tx.putReserve(debtAsset, debtReserve);
  tx.putPosition(user, debtAsset, { ...debtPosition, scaledVariableDebt: debtPosition.scaledVariableDebt - scaledDebtBurned });

  // Collateral side.
  const seizesAll = result.collateralToLiquidator + result.protocolFee === collateralBalance;
  let userCollateral = tx.position(user, collateralAsset);
  if (seizesAll) userCollateral = { ...userCollateral, usingAsCollateral: false };
  if (!params.receiveAToken) {
    let collateralReserve = tx.updateState(collateralAsset);
    collateralReserve = updateReserveRates(collateralReserve, collateralConfig, 0n, result.collateralToLiquidator);
    const scaledBurned = burnScaled(
      result.collateralToLiquidator,
      collateralReserve.liquidityIndexRay,
      userCollateral.scaledATokenBalance,
      collateralAsset,
    );
    tx.putReserve(collateralAsset, { ...collateralReserve, scaledATokenSupply: collateralReserve.scaledATokenSupply - scaledBurned });
    userCollateral = { ...userCollateral, scaledATokenBalance: userCollateral.scaledATokenBalance - scaledBurned };
    tx.putPosition(user, collateralAsset, userCollateral);
  } else {
    const scaledMoved = rayDiv(result.collateralToLiquidator, collateralIndexRay);
    if (scaledMoved > userCollateral.scaledATokenBalance) {
      throw new LendingError('NOT_ENOUGH_AVAILABLE_USER_BALANCE', `moving ${scaledMoved} scaled ${collateralAsset} of ${userCollateral.scaledATokenBalance}`);
    }
    userCollateral = { ...userCollateral, scaledATokenBalance: userCollateral.scaledATokenBalance - scaledMoved };
    tx.putPosition(user, collateralAsset, userCollateral);
    const liquidatorPosition = tx.position(liquidator, collateralAsset);
    tx.putPosition(liquidator, collateralAsset, {
      ...liquidatorPosition,
      scaledATokenBalance: liquidatorPosition.scaledATokenBalance + scaledMoved,
      usingAsCollateral:
        liquidatorPosition.usingAsCollateral || (liquidatorPosition.scaledATokenBalance === 0n && collateralConfig.ltvBps !== 0n),
    });
  }

  // Protocol fee, as aTokens to the treasury, clipped to what the user still holds.
  let protocolFeePaid = result.protocolFee;
  if (protocolFeePaid !== 0n) {
    userCollateral = tx.position(user, collateralAsset);
    if (rayDiv(protocolFeePaid, collateralIndexRay) > userCollateral.scaledATokenBalance) {
      protocolFeePaid = rayMul(userCollateral.scaledATokenBalance, collateralIndexRay);
    }
    const scaledFee = rayDiv(protocolFeePaid, collateralIndexRay);
    tx.putPosition(user, collateralAsset, { ...userCollateral, scaledATokenBalance: userCollateral.scaledATokenBalance - scaledFee });
    const collateralReserve = tx.stored(collateralAsset);
    tx.putReserve(collateralAsset, { ...collateralReserve, treasuryScaledBalance: collateralReserve.treasuryScaledBalance + scaledFee });
  }
  return { ...result, healthFactorBefore: account.healthFactor, protocolFeePaid, receivedAToken: params.receiveAToken };
}
