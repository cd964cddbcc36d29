/**
 * Deploys the project's Vault (contracts/vault/Vault.sol) on a devnet whose accounts are
 * unlocked: an asset (a TestERC20 unless one is given), optionally an AllowlistPolicy and a
 * DevnetAggregator, and the vault with its roles. Returns the addresses and a typed driver.
 */
import { encodeAbiParameters, encodeDeployData, encodeFunctionData, getAddress, zeroAddress, type Address, type Hex } from 'viem';
import { InvalidInputError } from '../errors.js';
import { DEFAULT_DECIMALS_OFFSET, MAX_DECIMALS_OFFSET } from '../vault/vault.js';
import { MAX_MANAGEMENT_FEE_BPS, MAX_PERFORMANCE_FEE_BPS } from '../vault/fees.js';
import { testErc20Abi } from './abis.js';
import { loadProjectArtifact } from './artifacts.js';
import { ChainVault } from './chain-vault.js';
import { sendDevnetTransaction, type DevnetClients } from './clients.js';
import type { CompileOptions } from './compile.js';
import { devnetAggregatorAbi } from './vault-abis.js';

export const NO_CAP = (1n << 256n) - 1n;

export interface DeployVaultOptions {
  /** Owner (DEFAULT_ADMIN_ROLE) and deployer; an unlocked account. */
  readonly owner: Address;
  readonly keeper: Address;
  readonly guardian: Address;
  /** Where `allocate` sends assets and `deallocate` pulls them from (it must approve the vault). */
  readonly strategy: Address;
  readonly feeRecipient: Address;
  /** An existing ERC-20; default: a fresh TestERC20 with `assetDecimals`. */
  readonly asset?: Address;
  readonly assetDecimals?: number;
  readonly decimalsOffset?: number;
  readonly managementFeeBps?: number;
  readonly performanceFeeBps?: number;
  /** null (default): no cap. */
  readonly depositCapAssets?: bigint | null;
  /** Deploy an AllowlistPolicy owned by `owner` and install it (default false: open vault). */
  readonly allowlist?: boolean;
  /** Deploy a DevnetAggregator owned by `owner` and install it with these limits. */
  readonly oracle?: { readonly decimals: number; readonly heartbeatSeconds: number; readonly maxDeviationBps: number };
  /** performUpkeep accrues fees at most this often; 0 = never. Default one day. */
  readonly feeAccrualIntervalSeconds?: number;
  readonly name?: string;
  readonly symbol?: string;
  readonly compile?: CompileOptions;
}

export interface VaultDeployment {
  readonly vault: ChainVault;
  readonly vaultAddress: Address;
  readonly asset: Address;
  readonly policy: Address | null;
  readonly aggregator: Address | null;
  /** Block timestamp of the vault's creation: its first `lastAccrualSeconds`. */
  readonly deployedAtSeconds: bigint;
  readonly deployedAtBlock: bigint;
}

const DEPLOY_GAS = 12_000_000n;
const CALL_GAS = 1_000_000n;

export async function deployVault(clients: DevnetClients, options: DeployVaultOptions): Promise<VaultDeployment> {
  const offset = options.decimalsOffset ?? DEFAULT_DECIMALS_OFFSET;
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_DECIMALS_OFFSET) {
    throw new InvalidInputError('decimalsOffset', offset, `must be an integer in [0, ${MAX_DECIMALS_OFFSET}]`);
  }
  const managementFeeBps = options.managementFeeBps ?? 0;
  const performanceFeeBps = options.performanceFeeBps ?? 0;
  if (!Number.isInteger(managementFeeBps) || managementFeeBps < 0 || managementFeeBps > MAX_MANAGEMENT_FEE_BPS) {
    throw new InvalidInputError('managementFeeBps', managementFeeBps, `must be an integer in [0, ${MAX_MANAGEMENT_FEE_BPS}]`);
  }
  if (!Number.isInteger(performanceFeeBps) || performanceFeeBps < 0 || performanceFeeBps > MAX_PERFORMANCE_FEE_BPS) {
    throw new InvalidInputError('performanceFeeBps', performanceFeeBps, `must be an integer in [0, ${MAX_PERFORMANCE_FEE_BPS}]`);
  }
  const cap = options.depositCapAssets ?? null;
  if (cap !== null && (cap < 0n || cap >= NO_CAP)) {
    throw new InvalidInputError('depositCapAssets', cap, 'must be null (no cap) or a uint256 below 2^256 - 1');
  }
  const interval = options.feeAccrualIntervalSeconds ?? 86_400;
  if (!Number.isInteger(interval) || interval < 0 || interval > 0xffffffff) {
    throw new InvalidInputError('feeAccrualIntervalSeconds', interval, 'must be a uint32');
  }
  const { owner } = options;
  const deploy = async (data: Hex, what: string): Promise<{ address: Address; blockNumber: bigint }> => {
    const receipt = await sendDevnetTransaction(clients, { from: owner, data, gas: DEPLOY_GAS });
    if (receipt.contractAddress === null || receipt.contractAddress === undefined) {
      throw new Error(`deploying ${what} created no contract (tx ${receipt.transactionHash})`);
    }
    return { address: getAddress(receipt.contractAddress), blockNumber: receipt.blockNumber };
  };

  let asset = options.asset;
  if (asset === undefined) {
    const decimals = options.assetDecimals ?? 6;
    const erc20 = loadProjectArtifact('TestERC20', options.compile);
    const args = encodeAbiParameters([{ type: 'string' }, { type: 'string' }, { type: 'uint8' }], ['Test USD Coin', 'tUSDC', decimals]);
    asset = (await deploy(`${erc20.bytecode}${args.slice(2)}` as Hex, 'TestERC20')).address;
  }

  let policy: Address | null = null;
  if (options.allowlist === true) {
    const artifact = loadProjectArtifact('AllowlistPolicy', options.compile);
    policy = (await deploy(encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode, args: [owner] }), 'AllowlistPolicy')).address;
  }

  const vaultArtifact = loadProjectArtifact('Vault', options.compile);
  const config = {
    asset,
    name: options.name ?? 'Vaultwright Vault',
    symbol: options.symbol ?? 'vwV',
    decimalsOffset: offset,
    owner,
    keeper: options.keeper,
    guardian: options.guardian,
    strategy: options.strategy,
    feeRecipient: options.feeRecipient,
    managementFeeBps,
    performanceFeeBps,
    depositCapAssets: cap ?? NO_CAP,
    depositorPolicy: policy ?? zeroAddress,
    feeAccrualIntervalSeconds: interval,
  };
  const created = await deploy(encodeDeployData({ abi: vaultArtifact.abi, bytecode: vaultArtifact.bytecode, args: [config] }), 'Vault');
  const block = await clients.publicClient.getBlock({ blockNumber: created.blockNumber });
  const vault = new ChainVault(clients, created.address, asset, { sender: owner });

  let aggregator: Address | null = null;
  if (options.oracle !== undefined) {
    const { decimals, heartbeatSeconds, maxDeviationBps } = options.oracle;
    const artifact = loadProjectArtifact('DevnetAggregator', options.compile);
    aggregator = (
      await deploy(encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode, args: [decimals, 'devnet / USD', owner] }), 'DevnetAggregator')
    ).address;
    await vault.setOracle(aggregator, heartbeatSeconds, maxDeviationBps, { from: owner });
  }
  return { vault, vaultAddress: created.address, asset, policy, aggregator, deployedAtSeconds: block.timestamp, deployedAtBlock: created.blockNumber };
}

/** Mints `amount` of a TestERC20 to each account and has it approve `spender` without limit. */
export async function fundAndApprove(
  clients: DevnetClients,
  token: Address,
  spender: Address,
  accounts: readonly Address[],
  amount: bigint,
): Promise<void> {
  for (const account of accounts) {
    if (amount > 0n) {
      await sendDevnetTransaction(clients, {
        from: account,
        to: token,
        data: encodeFunctionData({ abi: testErc20Abi, functionName: 'mint', args: [account, amount] }),
        gas: CALL_GAS,
      });
    }
    await sendDevnetTransaction(clients, {
      from: account,
      to: token,
      data: encodeFunctionData({ abi: testErc20Abi, functionName: 'approve', args: [spender, NO_CAP] }),
      gas: CALL_GAS,
    });
  }
}

/** The owner of a DevnetAggregator publishes a round. */
export async function pushOracleAnswer(
  clients: DevnetClients,
  aggregator: Address,
  owner: Address,
  answer: bigint,
  updatedAtSeconds: bigint,
): Promise<void> {
  await sendDevnetTransaction(clients, {
    from: owner,
    to: aggregator,
    data: encodeFunctionData({ abi: devnetAggregatorAbi, functionName: 'pushAnswer', args: [answer, updatedAtSeconds] }),
    gas: CALL_GAS,
  });
}
