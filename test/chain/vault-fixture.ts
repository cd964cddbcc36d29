/**
 * A Solidity Vault on anvil next to its TypeScript twin (src/vault) configured alike, plus the
 * comparison helpers the vault chain tests share.
 */
import { encodeFunctionData, type Address } from 'viem';
import { expect } from 'vitest';
import { testErc20Abi } from '../../src/chain/abis.js';
import { DEVNET_ADDRESSES } from '../../src/chain/accounts.js';
import { latestBlockTimestamp, sendDevnetTransaction, setNextBlockTimestamp, type DevnetClients } from '../../src/chain/clients.js';
import { allowlistPolicyAbi } from '../../src/chain/vault-abis.js';
import { deployVault, fundAndApprove, type DeployVaultOptions, type VaultDeployment } from '../../src/chain/deploy-vault.js';
import { Vault, VaultError, type FeeConfig } from '../../src/vault/index.js';

export const OWNER = DEVNET_ADDRESSES[0];
export const KEEPER = DEVNET_ADDRESSES[1];
export const GUARDIAN = DEVNET_ADDRESSES[2];
export const STRATEGY = DEVNET_ADDRESSES[3];
export const FEE_RECIPIENT = DEVNET_ADDRESSES[4];
export const USERS = [DEVNET_ADDRESSES[5], DEVNET_ADDRESSES[6], DEVNET_ADDRESSES[7]] as const;
export const OUTSIDER = DEVNET_ADDRESSES[8];

export const FUNDING = 10n ** 30n;

export interface Twin {
  readonly clients: DevnetClients;
  readonly deployment: VaultDeployment;
  readonly ts: Vault;
  /** The shared clock: every chain write and view runs at this timestamp. */
  now: number;
}

export type TwinOptions = Partial<Pick<DeployVaultOptions, 'decimalsOffset' | 'managementFeeBps' | 'performanceFeeBps' | 'depositCapAssets' | 'allowlist' | 'oracle' | 'feeAccrualIntervalSeconds'>>;

/** Deploys the vault, funds users, fee recipient and strategy, and builds the TS twin. */
export async function deployTwin(clients: DevnetClients, options: TwinOptions = {}): Promise<Twin> {
  const deployment = await deployVault(clients, {
    owner: OWNER,
    keeper: KEEPER,
    guardian: GUARDIAN,
    strategy: STRATEGY,
    feeRecipient: FEE_RECIPIENT,
    assetDecimals: 6,
    ...options,
  });
  await fundAndApprove(clients, deployment.asset, deployment.vaultAddress, [...USERS, FEE_RECIPIENT, STRATEGY, OUTSIDER], FUNDING);
  const fees: FeeConfig = {
    managementFeeBps: options.managementFeeBps ?? 0,
    performanceFeeBps: options.performanceFeeBps ?? 0,
    feeRecipient: FEE_RECIPIENT,
  };
  const ts = new Vault({
    assetDecimals: 6,
    decimalsOffset: options.decimalsOffset ?? 6,
    depositCapAssets: options.depositCapAssets ?? null,
    fees,
    startSeconds: Number(deployment.deployedAtSeconds),
  });
  const now = Number(await latestBlockTimestamp(clients)) + 1;
  return { clients, deployment, ts, now };
}

/** A raw asset transfer to the vault at the twin's clock (no vault code runs). */
export async function donate(twin: Twin, from: Address, assets: bigint): Promise<void> {
  await setNextBlockTimestamp(twin.clients, twin.now);
  await sendDevnetTransaction(twin.clients, {
    from,
    to: twin.deployment.asset,
    data: encodeFunctionData({ abi: testErc20Abi, functionName: 'transfer', args: [twin.deployment.vaultAddress, assets] }),
    gas: 200_000n,
  });
}

/** The allowlist policy's owner (the vault owner) lists or unlists `who`, at the twin's clock. */
export async function setListed(twin: Twin, who: Address, listed: boolean): Promise<void> {
  const policy = twin.deployment.policy;
  if (policy === null) throw new Error('the twin has no allowlist policy');
  await setNextBlockTimestamp(twin.clients, twin.now);
  await sendDevnetTransaction(twin.clients, {
    from: OWNER,
    to: policy,
    data: encodeFunctionData({ abi: allowlistPolicyAbi, functionName: listed ? 'allow' : 'revoke', args: [who] }),
    gas: 200_000n,
  });
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs the same verb on both vaults. Both succeed with equal results, or both refuse with the
 * same VaultError code; anything else fails the test.
 */
export async function both<T, C>(
  label: string,
  tsVerb: () => T,
  chainVerb: () => Promise<C>,
  compare: (tsValue: T, chainValue: C) => void,
): Promise<Outcome<T>> {
  let tsOutcome: Outcome<T>;
  try {
    tsOutcome = { ok: true, value: tsVerb() };
  } catch (error) {
    tsOutcome = { ok: false, error };
  }
  let chainOutcome: Outcome<C>;
  try {
    chainOutcome = { ok: true, value: await chainVerb() };
  } catch (error) {
    chainOutcome = { ok: false, error };
  }
  if (!tsOutcome.ok) {
    if (!(tsOutcome.error instanceof VaultError)) throw tsOutcome.error;
    if (chainOutcome.ok) expect.fail(`${label}: TS refused (${tsOutcome.error.message}) but the contract accepted`);
    const chainError = chainOutcome.error;
    if (!(chainError instanceof VaultError)) throw chainError;
    expect(chainError.code, label).toBe(tsOutcome.error.code);
    return tsOutcome;
  }
  if (!chainOutcome.ok) throw new Error(`${label}: TS accepted but the contract refused: ${String(chainOutcome.error)}`, { cause: chainOutcome.error });
  compare(tsOutcome.value, chainOutcome.value);
  return tsOutcome;
}
