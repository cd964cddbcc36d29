/**
 * Refusals of the simulated lending market. The codes are Aave v3's `Errors` names, so a
 * strategy that handles a refusal in the backtest handles the same revert reason on chain.
 * `CURRENT_AVAILABLE_LIQUIDITY_NOT_ENOUGH` is Aave v2's name: v3.0 has no code of its own
 * (the aToken's ERC-20 transfer reverts), v3.1+ reverts `INVALID_AMOUNT`; a named code tells
 * a strategy what actually went wrong.
 * Malformed arguments (negative amounts, unknown assets, time running backwards) are not
 * protocol refusals: they raise `InvalidInputError`.
 */
export type LendingErrorCode =
  | 'INVALID_AMOUNT'
  | 'INVALID_MINT_AMOUNT'
  | 'INVALID_BURN_AMOUNT'
  | 'SUPPLY_CAP_EXCEEDED'
  | 'BORROW_CAP_EXCEEDED'
  | 'BORROWING_NOT_ENABLED'
  | 'NOT_ENOUGH_AVAILABLE_USER_BALANCE'
  | 'CURRENT_AVAILABLE_LIQUIDITY_NOT_ENOUGH'
  | 'COLLATERAL_BALANCE_IS_ZERO'
  | 'LTV_VALIDATION_FAILED'
  | 'HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD'
  | 'COLLATERAL_CANNOT_COVER_NEW_BORROW'
  | 'NO_DEBT_OF_SELECTED_TYPE'
  | 'UNDERLYING_BALANCE_ZERO'
  | 'USER_IN_ISOLATION_MODE_OR_LTV_ZERO'
  | 'HEALTH_FACTOR_NOT_BELOW_THRESHOLD'
  | 'COLLATERAL_CANNOT_BE_LIQUIDATED'
  | 'SPECIFIED_CURRENCY_NOT_BORROWED_BY_USER'
  | 'MUST_NOT_LEAVE_DUST';

export class LendingError extends Error {
  override readonly name = 'LendingError';
  constructor(
    readonly code: LendingErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}
