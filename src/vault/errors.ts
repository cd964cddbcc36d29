/**
 * The vault's refusals, as typed errors. Each code maps to the custom error the Solidity vault
 * reverts with (`SOLIDITY_ERROR`), so a parity test can compare a TypeScript refusal with the
 * bytecode's. Malformed input (negative, non-integer, out of uint256) is not a refusal: it raises
 * `InvalidInputError` from `src/errors.ts`.
 */
export type VaultErrorCode =
  | 'ExceededMaxDeposit'
  | 'ExceededMaxMint'
  | 'ExceededMaxWithdraw'
  | 'ExceededMaxRedeem'
  | 'Paused'
  | 'NotAllowed'
  | 'InsufficientBalance'
  | 'InsufficientIdle'
  | 'InsufficientDeployed'
  | 'UnknownRequest'
  | 'NotRequestOwner'
  | 'MathOverflow'
  | 'DivisionByZero';

/** The Solidity name of each refusal (OpenZeppelin's where one exists). */
export const SOLIDITY_ERROR: Readonly<Record<VaultErrorCode, string>> = {
  ExceededMaxDeposit: 'ERC4626ExceededMaxDeposit',
  ExceededMaxMint: 'ERC4626ExceededMaxMint',
  ExceededMaxWithdraw: 'ERC4626ExceededMaxWithdraw',
  ExceededMaxRedeem: 'ERC4626ExceededMaxRedeem',
  Paused: 'EnforcedPause',
  NotAllowed: 'VaultDepositorNotAllowed',
  InsufficientBalance: 'ERC20InsufficientBalance',
  InsufficientIdle: 'VaultInsufficientIdle',
  InsufficientDeployed: 'VaultInsufficientDeployed',
  UnknownRequest: 'VaultUnknownRequest',
  NotRequestOwner: 'VaultNotRequestOwner',
  MathOverflow: 'Panic(0x11)',
  DivisionByZero: 'Panic(0x12)',
};

export class VaultError extends Error {
  override readonly name = 'VaultError';
  constructor(
    readonly code: VaultErrorCode,
    readonly details: Readonly<Record<string, bigint | string | number>> = {},
  ) {
    super(`${code}${formatDetails(details)}`);
  }

  /** The custom error the Solidity vault reverts with for the same refusal. */
  get solidityError(): string {
    return SOLIDITY_ERROR[this.code];
  }
}

function formatDetails(details: Readonly<Record<string, bigint | string | number>>): string {
  const parts = Object.entries(details).map(([key, value]) => `${key}=${String(value)}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}
