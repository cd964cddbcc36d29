export { Allowlist, openAccess, type AccessPolicy } from './access-policy.js';
export {
  convertToAssets,
  convertToShares,
  maxSharesRedeemableFor,
  mulDiv,
  pricePerShareWad,
  UINT256_MAX,
  virtualShares,
  WAD,
  type Rounding,
  type VaultTotals,
} from './erc4626-math.js';
export { SOLIDITY_ERROR, VaultError, type VaultErrorCode } from './errors.js';
export type { VaultEvent, VaultEventType } from './events.js';
export {
  BPS,
  computeFeeAccrual,
  MAX_MANAGEMENT_FEE_BPS,
  MAX_PERFORMANCE_FEE_BPS,
  NO_FEES,
  SECONDS_PER_YEAR,
  validateFeeConfig,
  type FeeAccrual,
  type FeeConfig,
  type FeeState,
} from './fees.js';
export { DEFAULT_DECIMALS_OFFSET, MAX_DECIMALS_OFFSET, Vault, type VaultOptions } from './vault.js';
export { serveFifo, WithdrawalQueue, type QueueServing, type RedeemRequest, type ServedRequest } from './withdrawal-queue.js';
