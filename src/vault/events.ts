/**
 * The vault's event log: every state change appends one event with exact amounts, so a ledger
 * can rebuild balances, supply, idle and deployed assets from the log alone (a test does).
 * Names follow the Solidity events of the later contract (ERC-4626's Deposit/Withdraw).
 */
import type { FeeConfig } from './fees.js';

interface Stamped {
  readonly timestampSeconds: number;
}

export type VaultEvent = Stamped &
  (
    | { readonly type: 'Deposit'; readonly receiver: string; readonly assets: bigint; readonly shares: bigint }
    | { readonly type: 'Withdraw'; readonly receiver: string; readonly owner: string; readonly assets: bigint; readonly shares: bigint }
    | {
        readonly type: 'FeesAccrued';
        readonly feeRecipient: string;
        readonly managementFeeAssets: bigint;
        readonly performanceFeeAssets: bigint;
        readonly feeShares: bigint;
        readonly highWaterMarkWad: bigint;
      }
    | { readonly type: 'RedeemRequested'; readonly requestId: number; readonly owner: string; readonly shares: bigint }
    | { readonly type: 'RedeemProcessed'; readonly requestId: number; readonly owner: string; readonly assets: bigint; readonly shares: bigint }
    | { readonly type: 'RedeemCancelled'; readonly requestId: number; readonly owner: string; readonly shares: bigint }
    | { readonly type: 'StrategyReported'; readonly previousDeployedAssets: bigint; readonly deployedAssets: bigint }
    | { readonly type: 'Allocated'; readonly assets: bigint }
    | { readonly type: 'Deallocated'; readonly assets: bigint }
    | { readonly type: 'Donated'; readonly assets: bigint }
    | { readonly type: 'Paused' }
    | { readonly type: 'Unpaused' }
    | { readonly type: 'FeeConfigChanged'; readonly config: FeeConfig }
    | { readonly type: 'DepositCapChanged'; readonly depositCapAssets: bigint | null }
  );

export type VaultEventType = VaultEvent['type'];
