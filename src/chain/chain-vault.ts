/**
 * The TypeScript vault's verbs (src/vault/vault.ts) on the Solidity Vault's bytecode. Each write
 * is simulated first, so a refusal raises the same `VaultError` code the TypeScript vault would
 * (reverse of `SOLIDITY_ERROR`), or a `ChainRevertError` for reverts without a TypeScript
 * counterpart (roles, oracle); nothing is mined then. Return values come from the mined
 * transaction's events, so they are what the chain did, not a simulation at another time.
 *
 * Time: pass `atSeconds` to run a write in a block with that timestamp (anvil's next-block
 * timestamp; the simulation uses the same time through a block override) and to read views at
 * that time. Without it, writes run at whatever time the node picks and views read the latest
 * block.
 */
import {
  BaseError,
  decodeFunctionResult,
  encodeFunctionData,
  getContractError,
  parseEventLogs,
  type Address,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import { SOLIDITY_ERROR, VaultError, type VaultErrorCode } from '../vault/errors.js';
import type { VaultEvent } from '../vault/events.js';
import type { FeeConfig } from '../vault/fees.js';
import { latestBlockTimestamp, sendDevnetTransaction, setNextBlockTimestamp, type DevnetClients } from './clients.js';
import { ChainRevertError, revertErrorFrom } from './revert.js';
import { vaultAbi } from './vault-abis.js';

const NO_CAP = (1n << 256n) - 1n;
const DEFAULT_GAS = 3_000_000n;

const CODE_BY_SOLIDITY_ERROR: ReadonlyMap<string, VaultErrorCode> = new Map(
  (Object.entries(SOLIDITY_ERROR) as [VaultErrorCode, string][]).map(([code, name]) => [name, code]),
);

export interface VaultTxOptions {
  /** An unlocked account; default the driver's sender. */
  readonly from?: Address;
  readonly gas?: bigint;
  /** Block timestamp the transaction runs at (must not precede the latest block's). */
  readonly atSeconds?: bigint | number;
}

export interface ChainRedeemRequest {
  readonly requestId: bigint;
  readonly owner: Address;
  readonly shares: bigint;
  readonly requestedAtSeconds: bigint;
}

export interface ChainServedRequest {
  readonly requestId: bigint;
  readonly owner: Address;
  readonly shares: bigint;
  readonly assets: bigint;
}

export interface ChainFeeAccrual {
  readonly managementFeeAssets: bigint;
  readonly performanceFeeAssets: bigint;
  readonly feeShares: bigint;
  readonly highWaterMarkWad: bigint;
}

export interface OracleReading {
  /** 0 ok, 1 invalid answer, 2 stale, 3 deviation (OracleGuard.Status). */
  readonly status: number;
  readonly answer: bigint;
  readonly previousAnswer: bigint;
  readonly updatedAt: bigint;
  readonly deviationBps: bigint;
}

type ViewArgs = readonly unknown[];

export class ChainVault {
  readonly sender: Address;
  /** The receipt of the last write this driver mined (gas figures, logs). */
  lastReceipt: TransactionReceipt | undefined;

  constructor(
    readonly clients: DevnetClients,
    readonly address: Address,
    readonly asset: Address,
    options: { sender?: Address } = {},
  ) {
    this.sender = options.sender ?? clients.account.address;
  }

  // ── views (at `atSeconds` when given) ──────────────────────────────────────────────────

  /** Share decimals: the asset's plus the offset. */
  decimals(): Promise<number> {
    return this.view('decimals', []);
  }
  totalAssets(at?: bigint | number): Promise<bigint> {
    return this.view('totalAssets', [], at);
  }
  totalSupply(at?: bigint | number): Promise<bigint> {
    return this.view('totalSupply', [], at);
  }
  balanceOf(owner: Address, at?: bigint | number): Promise<bigint> {
    return this.view('balanceOf', [owner], at);
  }
  idleAssets(at?: bigint | number): Promise<bigint> {
    return this.view('idleAssets', [], at);
  }
  deployedAssets(at?: bigint | number): Promise<bigint> {
    return this.view('deployedAssets', [], at);
  }
  lockedShares(at?: bigint | number): Promise<bigint> {
    return this.view('lockedShares', [], at);
  }
  reservedAssets(at?: bigint | number): Promise<bigint> {
    return this.view('reservedAssets', [], at);
  }
  availableAssets(at?: bigint | number): Promise<bigint> {
    return this.view('availableAssets', [], at);
  }
  pendingFeeShares(at?: bigint | number): Promise<bigint> {
    return this.view('pendingFeeShares', [], at);
  }
  async pendingFees(at?: bigint | number): Promise<ChainFeeAccrual> {
    return this.view<ChainFeeAccrual>('pendingFees', [], at);
  }
  pricePerShareWad(at?: bigint | number): Promise<bigint> {
    return this.view('pricePerShareWad', [], at);
  }
  highWaterMarkWad(at?: bigint | number): Promise<bigint> {
    return this.view('highWaterMarkWad', [], at);
  }
  lastAccrualSeconds(at?: bigint | number): Promise<bigint> {
    return this.view('lastAccrualSeconds', [], at);
  }
  isPaused(at?: bigint | number): Promise<boolean> {
    return this.view('paused', [], at);
  }
  /** null when uncapped (the contract's NO_CAP), as src/vault. */
  async depositCapAssets(at?: bigint | number): Promise<bigint | null> {
    const cap = await this.view<bigint>('depositCapAssets', [], at);
    return cap === NO_CAP ? null : cap;
  }
  convertToShares(assets: bigint, at?: bigint | number): Promise<bigint> {
    return this.view('convertToShares', [assets], at);
  }
  convertToAssets(shares: bigint, at?: bigint | number): Promise<bigint> {
    return this.view('convertToAssets', [shares], at);
  }
  previewDeposit(assets: bigint, at?: bigint | number): Promise<bigint> {
    return this.view('previewDeposit', [assets], at);
  }
  previewMint(shares: bigint, at?: bigint | number): Promise<bigint> {
    return this.view('previewMint', [shares], at);
  }
  previewWithdraw(assets: bigint, at?: bigint | number): Promise<bigint> {
    return this.view('previewWithdraw', [assets], at);
  }
  previewRedeem(shares: bigint, at?: bigint | number): Promise<bigint> {
    return this.view('previewRedeem', [shares], at);
  }
  maxDeposit(receiver: Address, at?: bigint | number): Promise<bigint> {
    return this.view('maxDeposit', [receiver], at);
  }
  maxMint(receiver: Address, at?: bigint | number): Promise<bigint> {
    return this.view('maxMint', [receiver], at);
  }
  maxWithdraw(owner: Address, at?: bigint | number): Promise<bigint> {
    return this.view('maxWithdraw', [owner], at);
  }
  maxRedeem(owner: Address, at?: bigint | number): Promise<bigint> {
    return this.view('maxRedeem', [owner], at);
  }
  async pendingRequests(at?: bigint | number): Promise<ChainRedeemRequest[]> {
    const list = await this.view<readonly { requestId: bigint; owner: Address; shares: bigint; requestedAt: bigint }[]>('pendingRequests', [], at);
    return list.map((r) => ({ requestId: r.requestId, owner: r.owner, shares: r.shares, requestedAtSeconds: r.requestedAt }));
  }
  async checkUpkeep(at?: bigint | number): Promise<{ upkeepNeeded: boolean; performData: Hex }> {
    const [upkeepNeeded, performData] = await this.view<readonly [boolean, Hex]>('checkUpkeep', ['0x'], at);
    return { upkeepNeeded, performData };
  }
  upkeepActions(at?: bigint | number): Promise<bigint> {
    return this.view('upkeepActions', [], at);
  }
  oracleStatus(at?: bigint | number): Promise<OracleReading> {
    return this.view('oracleStatus', [], at);
  }
  checkedOracleAnswer(at?: bigint | number): Promise<bigint> {
    return this.view('checkedOracleAnswer', [], at);
  }
  hasRole(role: 'KEEPER_ROLE' | 'GUARDIAN_ROLE' | 'DEFAULT_ADMIN_ROLE', account: Address): Promise<boolean> {
    return this.roleId(role).then((id) => this.view<boolean>('hasRole', [id, account]));
  }
  roleId(role: 'KEEPER_ROLE' | 'GUARDIAN_ROLE' | 'DEFAULT_ADMIN_ROLE'): Promise<Hex> {
    return this.view(role, []);
  }

  // ── ERC-4626 verbs: the return value as in src/vault ───────────────────────────────────

  /** Returns the shares minted to `receiver`. */
  async deposit(assets: bigint, receiver: Address, options?: VaultTxOptions): Promise<bigint> {
    const receipt = await this.write('deposit', [assets, receiver], options);
    return first(parseEventLogs({ abi: vaultAbi, logs: this.logsOf(receipt), eventName: 'Deposit' }), 'Deposit', receipt).shares;
  }
  /** Returns the assets taken. */
  async mint(shares: bigint, receiver: Address, options?: VaultTxOptions): Promise<bigint> {
    const receipt = await this.write('mint', [shares, receiver], options);
    return first(parseEventLogs({ abi: vaultAbi, logs: this.logsOf(receipt), eventName: 'Deposit' }), 'Deposit', receipt).assets;
  }
  /** Returns the shares burned from `owner`. */
  async withdraw(assets: bigint, receiver: Address, owner: Address, options?: VaultTxOptions): Promise<bigint> {
    const receipt = await this.write('withdraw', [assets, receiver, owner], options);
    return first(parseEventLogs({ abi: vaultAbi, logs: this.logsOf(receipt), eventName: 'Withdraw' }), 'Withdraw', receipt).shares;
  }
  /** Returns the assets paid. */
  async redeem(shares: bigint, receiver: Address, owner: Address, options?: VaultTxOptions): Promise<bigint> {
    const receipt = await this.write('redeem', [shares, receiver, owner], options);
    return first(parseEventLogs({ abi: vaultAbi, logs: this.logsOf(receipt), eventName: 'Withdraw' }), 'Withdraw', receipt).assets;
  }

  // ── queue ──────────────────────────────────────────────────────────────────────────────

  /** The caller (`options.from`) locks `shares`. */
  async requestRedeem(shares: bigint, options?: VaultTxOptions): Promise<ChainRedeemRequest> {
    const receipt = await this.write('requestRedeem', [shares], options);
    const event = first(parseEventLogs({ abi: vaultAbi, logs: this.logsOf(receipt), eventName: 'RedeemRequested' }), 'RedeemRequested', receipt);
    const block = await this.clients.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    return { requestId: event.requestId, owner: event.owner, shares: event.shares, requestedAtSeconds: block.timestamp };
  }
  async cancelRequest(requestId: bigint, options?: VaultTxOptions): Promise<void> {
    await this.write('cancelRequest', [requestId], options);
  }
  /** Keeper only. The requests served, oldest first. */
  async processQueue(maxRequests: bigint = NO_CAP, options?: VaultTxOptions): Promise<ChainServedRequest[]> {
    const receipt = await this.write('processQueue', [maxRequests], options);
    return parseEventLogs({ abi: vaultAbi, logs: this.logsOf(receipt), eventName: 'RedeemProcessed' }).map(({ args: e }) => ({ requestId: e.requestId, owner: e.owner, shares: e.shares, assets: e.assets }));
  }

  // ── keeper, guardian, owner ────────────────────────────────────────────────────────────

  async reportStrategyAssets(deployedAssets: bigint, options?: VaultTxOptions): Promise<void> {
    await this.write('reportStrategyAssets', [deployedAssets], options);
  }
  async allocate(assets: bigint, options?: VaultTxOptions): Promise<void> {
    await this.write('allocate', [assets], options);
  }
  async deallocate(assets: bigint, options?: VaultTxOptions): Promise<void> {
    await this.write('deallocate', [assets], options);
  }
  /**
   * Keeper only. What the accrual computed, as src/vault's `accrueFees` returns it: read just
   * before the transaction at its own timestamp (a fee too small to mint a share moves the
   * high-water mark without a FeesAccrued log, so the log alone cannot tell). Without
   * `atSeconds` the transaction runs one second after the latest block.
   */
  async accrueFees(options: VaultTxOptions = {}): Promise<ChainFeeAccrual> {
    const at = options.atSeconds ?? (await latestBlockTimestamp(this.clients)) + 1n;
    const accrual = await this.view<ChainFeeAccrual>('pendingFees', [], at);
    await this.write('accrueFees', [], { ...options, atSeconds: at });
    const { managementFeeAssets, performanceFeeAssets, feeShares, highWaterMarkWad } = accrual;
    return { managementFeeAssets, performanceFeeAssets, feeShares, highWaterMarkWad };
  }
  async pause(options?: VaultTxOptions): Promise<void> {
    await this.write('pause', [], options);
  }
  async unpause(options?: VaultTxOptions): Promise<void> {
    await this.write('unpause', [], options);
  }
  /** `feeRecipient` must be an address here. */
  async setFeeConfig(config: FeeConfig, options?: VaultTxOptions): Promise<void> {
    await this.write('setFeeConfig', [config.managementFeeBps, config.performanceFeeBps, config.feeRecipient as Address], options);
  }
  async setDepositCap(depositCapAssets: bigint | null, options?: VaultTxOptions): Promise<void> {
    await this.write('setDepositCap', [depositCapAssets ?? NO_CAP], options);
  }
  async setDepositorPolicy(policy: Address, options?: VaultTxOptions): Promise<void> {
    await this.write('setDepositorPolicy', [policy], options);
  }
  async setStrategy(strategy: Address, options?: VaultTxOptions): Promise<void> {
    await this.write('setStrategy', [strategy], options);
  }
  async setOracle(feed: Address, heartbeatSeconds: number, maxDeviationBps: number, options?: VaultTxOptions): Promise<void> {
    await this.write('setOracle', [feed, heartbeatSeconds, maxDeviationBps], options);
  }
  async setFeeAccrualInterval(seconds: number, options?: VaultTxOptions): Promise<void> {
    await this.write('setFeeAccrualInterval', [seconds], options);
  }
  async grantRole(role: 'KEEPER_ROLE' | 'GUARDIAN_ROLE' | 'DEFAULT_ADMIN_ROLE', account: Address, options?: VaultTxOptions): Promise<void> {
    await this.write('grantRole', [await this.roleId(role), account], options);
  }
  /** Anyone. Returns the receipt so callers can inspect what it did. */
  performUpkeep(options?: VaultTxOptions): Promise<TransactionReceipt> {
    return this.write('performUpkeep', ['0x'], options);
  }

  // ── plumbing ───────────────────────────────────────────────────────────────────────────

  private async view<T>(functionName: string, args: ViewArgs, at?: bigint | number): Promise<T> {
    const data = encodeFunctionData({ abi: vaultAbi, functionName, args } as never);
    try {
      const result = await this.clients.publicClient.call({
        to: this.address,
        data,
        ...(at === undefined ? {} : { blockOverrides: { time: BigInt(at) } }),
      });
      return decodeFunctionResult({ abi: vaultAbi, functionName, data: result.data ?? '0x' } as never) as T;
    } catch (error) {
      throw this.typed(error, functionName, args, undefined);
    }
  }

  /** Simulate at the same time (typed refusal, nothing mined), then mine. */
  private async write(functionName: string, args: ViewArgs, options: VaultTxOptions = {}): Promise<TransactionReceipt> {
    const from = options.from ?? this.sender;
    const gas = options.gas ?? DEFAULT_GAS;
    const data = encodeFunctionData({ abi: vaultAbi, functionName, args } as never);
    const at = options.atSeconds;
    try {
      await this.clients.publicClient.call({
        account: from,
        to: this.address,
        data,
        gas,
        ...(at === undefined ? {} : { blockOverrides: { time: BigInt(at) } }),
      });
    } catch (error) {
      throw this.typed(error, functionName, args, from);
    }
    if (at !== undefined) await setNextBlockTimestamp(this.clients, at);
    const receipt = await sendDevnetTransaction(this.clients, { from, to: this.address, data, gas });
    this.lastReceipt = receipt;
    return receipt;
  }

  private typed(error: unknown, functionName: string, args: ViewArgs, sender: Address | undefined): unknown {
    const decoded =
      error instanceof BaseError
        ? getContractError(error, { abi: vaultAbi, functionName, args, address: this.address, ...(sender === undefined ? {} : { sender }) } as never)
        : error;
    const revert = revertErrorFrom(decoded, functionName);
    if (!(revert instanceof ChainRevertError)) return revert ?? error;
    // The asset and the shares are both OZ ERC-20s: the same error from the asset (a payer's
    // wallet, a strategy that cannot pay back) is no refusal of src/vault, which has no wallets.
    if (revert.reason === 'ERC20InsufficientBalance' && functionName !== 'requestRedeem') return revert;
    return toVaultError(revert) ?? revert;
  }

  private logsOf(receipt: TransactionReceipt): TransactionReceipt['logs'] {
    return receipt.logs.filter((log) => log.address.toLowerCase() === this.address.toLowerCase());
  }
}

function first<T>(items: readonly { args: T }[], eventName: string, receipt: TransactionReceipt): T {
  const found = items[0];
  if (found === undefined) throw new Error(`transaction ${receipt.transactionHash} emitted no ${eventName}`);
  return found.args;
}

/**
 * The vault's logs since `fromBlock`, as src/vault's `VaultEvent`s (what the TypeScript vault
 * logs for the same verbs). Logs without a TypeScript counterpart (ERC-20 Transfer/Approval,
 * role and oracle settings) are left out; a donation has no log on chain (no vault code runs).
 */
export async function readVaultEvents(clients: DevnetClients, address: Address, fromBlock: bigint): Promise<VaultEvent[]> {
  const logs = parseEventLogs({ abi: vaultAbi, logs: await clients.publicClient.getLogs({ address, fromBlock, toBlock: 'latest' }) });
  const timestamps = new Map<bigint, number>();
  for (const log of logs) {
    if (!timestamps.has(log.blockNumber)) {
      timestamps.set(log.blockNumber, Number((await clients.publicClient.getBlock({ blockNumber: log.blockNumber })).timestamp));
    }
  }
  const out: VaultEvent[] = [];
  for (const log of logs) {
    const timestampSeconds = timestamps.get(log.blockNumber)!;
    switch (log.eventName) {
      case 'Deposit':
        out.push({ type: 'Deposit', timestampSeconds, receiver: log.args.owner, assets: log.args.assets, shares: log.args.shares });
        break;
      case 'Withdraw':
        out.push({ type: 'Withdraw', timestampSeconds, receiver: log.args.receiver, owner: log.args.owner, assets: log.args.assets, shares: log.args.shares });
        break;
      case 'FeesAccrued':
        out.push({ type: 'FeesAccrued', timestampSeconds, ...log.args });
        break;
      case 'RedeemRequested':
        out.push({ type: 'RedeemRequested', timestampSeconds, requestId: Number(log.args.requestId), owner: log.args.owner, shares: log.args.shares });
        break;
      case 'RedeemProcessed':
        out.push({ type: 'RedeemProcessed', timestampSeconds, requestId: Number(log.args.requestId), owner: log.args.owner, assets: log.args.assets, shares: log.args.shares });
        break;
      case 'RedeemCancelled':
        out.push({ type: 'RedeemCancelled', timestampSeconds, requestId: Number(log.args.requestId), owner: log.args.owner, shares: log.args.shares });
        break;
      case 'StrategyReported':
        out.push({ type: 'StrategyReported', timestampSeconds, ...log.args });
        break;
      case 'Allocated':
        out.push({ type: 'Allocated', timestampSeconds, assets: log.args.assets });
        break;
      case 'Deallocated':
        out.push({ type: 'Deallocated', timestampSeconds, assets: log.args.assets });
        break;
      case 'Paused':
        out.push({ type: 'Paused', timestampSeconds });
        break;
      case 'Unpaused':
        out.push({ type: 'Unpaused', timestampSeconds });
        break;
      case 'FeeConfigChanged': {
        const { managementFeeBps, performanceFeeBps, feeRecipient } = log.args;
        out.push({ type: 'FeeConfigChanged', timestampSeconds, config: { managementFeeBps: Number(managementFeeBps), performanceFeeBps: Number(performanceFeeBps), feeRecipient } });
        break;
      }
      case 'DepositCapChanged':
        out.push({ type: 'DepositCapChanged', timestampSeconds, depositCapAssets: log.args.depositCapAssets === NO_CAP ? null : log.args.depositCapAssets });
        break;
      default:
        break;
    }
  }
  return out;
}

/**
 * The TypeScript vault's refusal for a contract revert, with the revert's arguments under the
 * Solidity parameter names; undefined for reverts that have no TypeScript counterpart.
 */
export function toVaultError(revert: ChainRevertError): VaultError | undefined {
  const code = CODE_BY_SOLIDITY_ERROR.get(revert.reason);
  if (code === undefined) return undefined;
  const abiError = vaultAbi.find((item) => item.type === 'error' && item.name === revert.reason) as
    | { inputs: readonly { name?: string }[] }
    | undefined;
  const details: Record<string, bigint | string | number> = {};
  revert.args.forEach((value, i) => {
    const name = abiError?.inputs[i]?.name ?? `arg${i}`;
    details[name] = typeof value === 'bigint' || typeof value === 'number' ? value : String(value);
  });
  return new VaultError(code, details);
}
