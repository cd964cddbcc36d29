/**
 * Supply, withdraw, borrow, repay and the collateral switch, in the order Aave v3's
 * SupplyLogic/BorrowLogic run them: `updateState`, validation, debt mint/burn, then
 * `updateInterestRates` on the post-action liquidity, then the aToken mint/burn. Scaled
 * amounts are amount.rayDiv(index), rounded half up (aave-v3-core).
 */
import { InvalidInputError } from '../../errors.js';
import { HEALTH_FACTOR_LIQUIDATION_THRESHOLD, toBaseCurrency } from '../../lending/aave-liquidation.js';
import { percentDiv } from '../../lending/percentage-math.js';
import { UINT256_MAX } from '../../lending/uint256.js';
import { rayDiv, rayMul } from '../../lending/wad-ray-math.js';
import type { ResolvedReserveConfig } from './config.js';
import { LendingError } from './errors.js';
import { totalATokenSupply, totalVariableDebt, updateReserveRates } from './reserve.js';
import type { LendingTx } from './transaction.js';

/** `type(uint256).max`: withdraw the whole balance, repay the whole debt, cover all a liquidation allows. */
export const MAX_AMOUNT = UINT256_MAX;

export function requireAmount(field: string, amount: bigint): void {
  if (typeof amount !== 'bigint' || amount < 0n || amount > UINT256_MAX) {
    throw new InvalidInputError(field, amount, 'must be a bigint in [0, 2^256) (token base units)');
  }
}

export function supply(tx: LendingTx, user: string, asset: string, amount: bigint): bigint {
  requireAmount('amount', amount);
  const config = tx.config(asset);
  let reserve = tx.updateState(asset);
  if (amount === 0n) throw new LendingError('INVALID_AMOUNT', 'supply of 0');
  if (config.supplyCap !== 0n && totalATokenSupply(reserve) + amount > config.supplyCap) {
    throw new LendingError('SUPPLY_CAP_EXCEEDED', `${asset}: supply ${totalATokenSupply(reserve)} + ${amount} > cap ${config.supplyCap}`);
  }
  reserve = updateReserveRates(reserve, config, amount, 0n);
  const scaled = rayDiv(amount, reserve.liquidityIndexRay);
  if (scaled === 0n) throw new LendingError('INVALID_MINT_AMOUNT', `${amount} ${asset} is 0 scaled aTokens`);
  const position = tx.position(user, asset);
  const isFirstSupply = position.scaledATokenBalance === 0n;
  tx.putReserve(asset, { ...reserve, scaledATokenSupply: reserve.scaledATokenSupply + scaled });
  tx.putPosition(user, asset, {
    ...position,
    scaledATokenBalance: position.scaledATokenBalance + scaled,
    usingAsCollateral: position.usingAsCollateral || (isFirstSupply && config.ltvBps !== 0n),
  });
  return amount;
}

/** Returns the amount withdrawn (the whole balance for MAX_AMOUNT). */
export function withdraw(tx: LendingTx, user: string, asset: string, amount: bigint): bigint {
  requireAmount('amount', amount);
  const config = tx.config(asset);
  let reserve = tx.updateState(asset);
  const position = tx.position(user, asset);
  const userBalance = rayMul(position.scaledATokenBalance, reserve.liquidityIndexRay);
  const amountToWithdraw = amount === MAX_AMOUNT ? userBalance : amount;
  if (amountToWithdraw === 0n) throw new LendingError('INVALID_AMOUNT', `withdraw of 0 ${asset}`);
  if (amountToWithdraw > userBalance) {
    throw new LendingError('NOT_ENOUGH_AVAILABLE_USER_BALANCE', `${user} has ${userBalance} ${asset}, asked ${amountToWithdraw}`);
  }
  reserve = updateReserveRates(reserve, config, 0n, amountToWithdraw);
  const scaled = burnScaled(amountToWithdraw, reserve.liquidityIndexRay, position.scaledATokenBalance, asset);
  tx.putReserve(asset, { ...reserve, scaledATokenSupply: reserve.scaledATokenSupply - scaled });
  tx.putPosition(user, asset, {
    ...position,
    scaledATokenBalance: position.scaledATokenBalance - scaled,
    usingAsCollateral: position.usingAsCollateral && amountToWithdraw !== userBalance,
  });
  if (position.usingAsCollateral && isBorrowingAny(tx, user)) validateHealthFactorAndLtv(tx, user, config);
  return amountToWithdraw;
}

export function borrow(tx: LendingTx, user: string, asset: string, amount: bigint): bigint {
  requireAmount('amount', amount);
  const config = tx.config(asset);
  let reserve = tx.updateState(asset);
  if (amount === 0n) throw new LendingError('INVALID_AMOUNT', `borrow of 0 ${asset}`);
  if (!config.borrowingEnabled) throw new LendingError('BORROWING_NOT_ENABLED', `${asset} cannot be borrowed`);
  if (config.borrowCap !== 0n && totalVariableDebt(reserve) + amount > config.borrowCap) {
    throw new LendingError('BORROW_CAP_EXCEEDED', `${asset}: debt ${totalVariableDebt(reserve)} + ${amount} > cap ${config.borrowCap}`);
  }
  if (tx.enforceHealth) {
    const account = tx.accountData(user);
    if (account.totalCollateralBase === 0n) throw new LendingError('COLLATERAL_BALANCE_IS_ZERO', `${user} has no collateral enabled`);
    if (account.ltv === 0n) throw new LendingError('LTV_VALIDATION_FAILED', `${user}'s collateral has LTV 0`);
    if (account.healthFactor <= HEALTH_FACTOR_LIQUIDATION_THRESHOLD) {
      throw new LendingError('HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD', `${user}'s health factor is ${account.healthFactor} (wad)`);
    }
    const amountBase = toBaseCurrency(amount, tx.price(asset), config.decimals, 'down');
    const collateralNeededBase = percentDiv(account.totalDebtBase + amountBase, account.ltv);
    if (collateralNeededBase > account.totalCollateralBase) {
      throw new LendingError(
        'COLLATERAL_CANNOT_COVER_NEW_BORROW',
        `${user}: debt ${account.totalDebtBase} + ${amountBase} needs ${collateralNeededBase} of collateral at LTV ${account.ltv} bps, has ${account.totalCollateralBase} (base)`,
      );
    }
  }
  const scaled = rayDiv(amount, reserve.variableBorrowIndexRay);
  if (scaled === 0n) throw new LendingError('INVALID_MINT_AMOUNT', `${amount} ${asset} is 0 scaled debt`);
  reserve = updateReserveRates({ ...reserve, scaledVariableDebt: reserve.scaledVariableDebt + scaled }, config, 0n, amount);
  tx.putReserve(asset, reserve);
  const position = tx.position(user, asset);
  tx.putPosition(user, asset, { ...position, scaledVariableDebt: position.scaledVariableDebt + scaled });
  return amount;
}

/** Returns the amount repaid: at most the debt (the whole debt for MAX_AMOUNT). */
export function repay(tx: LendingTx, user: string, asset: string, amount: bigint): bigint {
  requireAmount('amount', amount);
  const config = tx.config(asset);
  let reserve = tx.updateState(asset);
  const position = tx.position(user, asset);
  const debt = rayMul(position.scaledVariableDebt, reserve.variableBorrowIndexRay);
  if (amount === 0n) throw new LendingError('INVALID_AMOUNT', `repay of 0 ${asset}`);
  if (debt === 0n) throw new LendingError('NO_DEBT_OF_SELECTED_TYPE', `${user} owes no ${asset}`);
  const paybackAmount = amount < debt ? amount : debt;
  const scaled = burnScaled(paybackAmount, reserve.variableBorrowIndexRay, position.scaledVariableDebt, asset);
  reserve = updateReserveRates({ ...reserve, scaledVariableDebt: reserve.scaledVariableDebt - scaled }, config, paybackAmount, 0n);
  tx.putReserve(asset, reserve);
  tx.putPosition(user, asset, { ...position, scaledVariableDebt: position.scaledVariableDebt - scaled });
  return paybackAmount;
}

/** `setUserUseReserveAsCollateral` (no reserve update, as in the contract). */
export function setUseReserveAsCollateral(tx: LendingTx, user: string, asset: string, useAsCollateral: boolean): void {
  if (typeof useAsCollateral !== 'boolean') throw new InvalidInputError('useAsCollateral', useAsCollateral, 'must be a boolean');
  const config = tx.config(asset);
  const position = tx.position(user, asset);
  if (position.scaledATokenBalance === 0n) throw new LendingError('UNDERLYING_BALANCE_ZERO', `${user} has no ${asset} supplied`);
  if (useAsCollateral === position.usingAsCollateral) return;
  if (useAsCollateral && config.ltvBps === 0n) {
    throw new LendingError('USER_IN_ISOLATION_MODE_OR_LTV_ZERO', `${asset} has LTV 0 and cannot be enabled as collateral`);
  }
  tx.putPosition(user, asset, { ...position, usingAsCollateral: useAsCollateral });
  if (!useAsCollateral) validateHealthFactorAndLtv(tx, user, config);
}

/** `ValidationLogic.validateHFAndLtv`, on the state after the action. */
function validateHealthFactorAndLtv(tx: LendingTx, user: string, config: ResolvedReserveConfig): void {
  if (!tx.enforceHealth) return;
  const account = tx.accountData(user);
  if (account.healthFactor < HEALTH_FACTOR_LIQUIDATION_THRESHOLD) {
    throw new LendingError('HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD', `${user}'s health factor would be ${account.healthFactor} (wad)`);
  }
  if (account.hasZeroLtvCollateral && config.ltvBps !== 0n) {
    throw new LendingError('LTV_VALIDATION_FAILED', `${user} holds LTV-0 collateral: withdraw that first`);
  }
}

function isBorrowingAny(tx: LendingTx, user: string): boolean {
  for (const position of tx.positions(user).values()) if (position.scaledVariableDebt !== 0n) return true;
  return false;
}

/** Scaled amount of a burn; Aave reverts on 0 and (by underflow) on more than the balance. */
export function burnScaled(amount: bigint, indexRay: bigint, scaledBalance: bigint, asset: string): bigint {
  const scaled = rayDiv(amount, indexRay);
  if (scaled === 0n) throw new LendingError('INVALID_BURN_AMOUNT', `${amount} ${asset} is 0 scaled`);
  if (scaled > scaledBalance) {
    throw new LendingError('NOT_ENOUGH_AVAILABLE_USER_BALANCE', `burning ${scaled} scaled ${asset} of ${scaledBalance}`);
  }
  return scaled;
}
