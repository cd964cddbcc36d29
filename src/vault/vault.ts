/**
 * The vault: ERC-4626 accounting in bigint, as OpenZeppelin's ERC4626 computes it with a decimals
 * offset, plus a deposit cap, an access policy, fees minted as shares (fees.ts), a FIFO withdrawal
 * queue (withdrawal-queue.ts) and a pause. The later Solidity `Vault` must equal it to the wei on
 * the same sequence of operations.
 *
 * totalAssets = idle + deployed. `idle` is the asset balance the vault holds (deposits, freed
 * assets, donations); `deployed` is what the strategy last reported (`reportStrategyAssets`):
 * gains and losses enter only there.
 *
 * Every verb checks first and commits after, so a refused verb leaves no trace (not even a fee
 * accrual), as a revert would. Checks read the views at `nowSeconds`, which include the fees an
 * accrual at that time would mint, so they equal the state the verb then commits on.
 *
 * Pause freezes everything that moves value at the share price (deposit, mint, withdraw, redeem,
 * queue requests and processing): a guardian pauses when the price itself is suspect (a bad
 * strategy report), and an exit at a wrong price is as harmful as an entry. Cancelling a queued
 * request, strategy reports and fee accrual continue.
 *
 * The caller of withdraw/redeem is taken to be the owner: allowances (OZ's `_spendAllowance`)
 * belong to the Solidity vault and do not change any amount.
 *
 * Solidity port, on OZ ERC4626 + Pausable + AccessControl (owner, keeper, guardian):
 *   _decimalsOffset()    = immutable offset (default 6)
 *   totalAssets()        = asset.balanceOf(this) + deployedAssets
 *   pendingFeeShares     = the feeShares of fees.ts computed as a view at block.timestamp;
 *                          _convertToShares/_convertToAssets use totalSupply() + pendingFeeShares
 *                          (MetaMorpho's pattern), so previews and max* equal the verbs.
 *   deposit/mint         : whenNotPaused; if (!policy(receiver)) revert VaultDepositorNotAllowed;
 *                          _accrueFees(); super (ERC4626ExceededMaxDeposit/Mint as OZ)
 *   withdraw/redeem      : whenNotPaused; _accrueFees(); super (ERC4626ExceededMaxWithdraw/Redeem)
 *   maxDeposit(r)        = paused || !policy(r) ? 0 : cap == none ? type(uint256).max : saturatingSub(cap, totalAssets())
 *   maxMint(r)           = maxDeposit(r) == max ? max : _convertToShares(maxDeposit(r), Floor)
 *   reserved             = _convertToAssets(totalLockedShares, Ceil)       (a storage counter,
 *                          not balanceOf(this), so shares sent to the vault do not count)
 *   available            = saturatingSub(asset.balanceOf(this), reserved)
 *   maxWithdraw(o)       = paused ? 0 : min(_convertToAssets(shares(o), Floor), available)
 *   maxRedeem(o)         = paused ? 0 : min(shares(o), mulDiv(available + 1, S + V, A + 1, Ceil) − 1)
 *                          with shares(o) = balanceOf(o) + (o == feeRecipient ? pendingFeeShares : 0)
 *   reportStrategyAssets : keeper; _accrueFees(); deployedAssets = x; _accrueFees()
 *   allocate(x)          : keeper; x <= available else VaultInsufficientIdle; transfer to strategy
 *   deallocate(x)        : keeper; x <= deployedAssets else VaultInsufficientDeployed
 *   setFeeConfig         : owner; _accrueFees() first
 */
import { InvalidInputError } from '../errors.js';
import { openAccess, type AccessPolicy } from './access-policy.js';
import {
  convertToAssets,
  convertToShares,
  maxSharesRedeemableFor,
  pricePerShareWad,
  requireUint256,
  UINT256_MAX,
  WAD,
  type VaultTotals,
} from './erc4626-math.js';
import { VaultError } from './errors.js';
import type { VaultEvent } from './events.js';
import { computeFeeAccrual, NO_FEES, validateFeeConfig, type FeeAccrual, type FeeConfig } from './fees.js';
import { serveFifo, WithdrawalQueue, type RedeemRequest, type ServedRequest } from './withdrawal-queue.js';

/**
 * Share decimals = asset decimals + 6. The offset is the inflation attack's price: an attacker
 * must donate about 10^offset times what a victim can lose to rounding. 6 makes that a million
 * to one for every asset, and keeps supplies far inside uint256 even for 18-decimal assets.
 */
export const DEFAULT_DECIMALS_OFFSET = 6;
export const MAX_DECIMALS_OFFSET = 18;

export interface VaultOptions {
  /** Decimals of the underlying asset (6 for USDC, 18 for WETH). */
  readonly assetDecimals: number;
  readonly decimalsOffset?: number;
  /** Deposits may raise total assets up to this; null means no cap. */
  readonly depositCapAssets?: bigint | null;
  readonly fees?: FeeConfig;
  readonly accessPolicy?: AccessPolicy;
  /** Deployment time: the management fee runs from here. */
  readonly startSeconds?: number;
}

export class Vault {
  readonly assetDecimals: number;
  readonly decimalsOffset: number;
  /** Share decimals, as OpenZeppelin's `decimals()`: asset decimals + offset. */
  readonly decimals: number;

  private balances = new Map<string, bigint>();
  private supply = 0n;
  private idle = 0n;
  private deployed = 0n;
  private cap: bigint | null;
  private feeConfig: FeeConfig;
  private hwmWad = WAD;
  private lastAccrual: number;
  private paused = false;
  private policy: AccessPolicy;
  private queue = new WithdrawalQueue();
  private log: VaultEvent[] = [];

  constructor(options: VaultOptions) {
    const { assetDecimals, decimalsOffset = DEFAULT_DECIMALS_OFFSET } = options;
    if (!Number.isInteger(assetDecimals) || assetDecimals < 0 || assetDecimals > 255 - MAX_DECIMALS_OFFSET) {
      throw new InvalidInputError('assetDecimals', assetDecimals, `must be an integer in [0, ${255 - MAX_DECIMALS_OFFSET}]`);
    }
    if (!Number.isInteger(decimalsOffset) || decimalsOffset < 0 || decimalsOffset > MAX_DECIMALS_OFFSET) {
      throw new InvalidInputError('decimalsOffset', decimalsOffset, `must be an integer in [0, ${MAX_DECIMALS_OFFSET}]`);
    }
    const cap = options.depositCapAssets ?? null;
    if (cap !== null) requireUint256('depositCapAssets', cap);
    const fees = options.fees ?? NO_FEES;
    validateFeeConfig(fees);
    const startSeconds = options.startSeconds ?? 0;
    if (!Number.isSafeInteger(startSeconds) || startSeconds < 0) {
      throw new InvalidInputError('startSeconds', startSeconds, 'must be a non-negative integer');
    }
    this.assetDecimals = assetDecimals;
    this.decimalsOffset = decimalsOffset;
    this.decimals = assetDecimals + decimalsOffset;
    this.cap = cap;
    this.feeConfig = { ...fees };
    this.policy = options.accessPolicy ?? openAccess;
    this.lastAccrual = startSeconds;
  }

  // ── state ────────────────────────────────────────────────────────────────────────────────

  get totalAssets(): bigint {
    return this.idle + this.deployed;
  }
  /** Minted shares, including those locked in the queue; excludes fees not yet accrued. */
  get totalSupply(): bigint {
    return this.supply;
  }
  get idleAssets(): bigint {
    return this.idle;
  }
  get deployedAssets(): bigint {
    return this.deployed;
  }
  get lockedShares(): bigint {
    return this.queue.lockedShares;
  }
  get depositCapAssets(): bigint | null {
    return this.cap;
  }
  get fees(): FeeConfig {
    return this.feeConfig;
  }
  get highWaterMarkWad(): bigint {
    return this.hwmWad;
  }
  get lastAccrualSeconds(): number {
    return this.lastAccrual;
  }
  get isPaused(): boolean {
    return this.paused;
  }

  balanceOf(owner: string): bigint {
    return this.balances.get(owner) ?? 0n;
  }

  /** Every holder's minted balance (the queue's locked shares are not a holder). */
  holders(): ReadonlyMap<string, bigint> {
    return new Map(this.balances);
  }

  pendingRequests(): readonly RedeemRequest[] {
    return this.queue.pending();
  }

  events(): readonly VaultEvent[] {
    return this.log;
  }

  /** An independent copy (same policy hook), for what-if runs. */
  clone(): Vault {
    const copy = new Vault({
      assetDecimals: this.assetDecimals,
      decimalsOffset: this.decimalsOffset,
      depositCapAssets: this.cap,
      fees: this.feeConfig,
      accessPolicy: this.policy,
      startSeconds: this.lastAccrual,
    });
    copy.balances = new Map(this.balances);
    copy.supply = this.supply;
    copy.idle = this.idle;
    copy.deployed = this.deployed;
    copy.hwmWad = this.hwmWad;
    copy.paused = this.paused;
    copy.queue = this.queue.clone();
    copy.log = [...this.log];
    return copy;
  }

  // ── views at nowSeconds (default: the last accrual), fees pending until then included ──────

  /** What `accrueFees(nowSeconds)` would mint and set, without doing it. */
  pendingFees(nowSeconds: number = this.lastAccrual): FeeAccrual {
    return computeFeeAccrual(
      {
        totalAssets: this.totalAssets,
        totalSupply: this.supply,
        decimalsOffset: this.decimalsOffset,
        highWaterMarkWad: this.hwmWad,
        lastAccrualSeconds: this.lastAccrual,
      },
      this.feeConfig,
      nowSeconds,
    );
  }

  pricePerShareWad(nowSeconds?: number): bigint {
    return pricePerShareWad(this.totalsAt(nowSeconds));
  }

  convertToShares(assets: bigint, nowSeconds?: number): bigint {
    requireUint256('assets', assets);
    return convertToShares(assets, this.totalsAt(nowSeconds), 'floor');
  }

  convertToAssets(shares: bigint, nowSeconds?: number): bigint {
    requireUint256('shares', shares);
    return convertToAssets(shares, this.totalsAt(nowSeconds), 'floor');
  }

  previewDeposit(assets: bigint, nowSeconds?: number): bigint {
    requireUint256('assets', assets);
    return convertToShares(assets, this.totalsAt(nowSeconds), 'floor');
  }

  previewMint(shares: bigint, nowSeconds?: number): bigint {
    requireUint256('shares', shares);
    return convertToAssets(shares, this.totalsAt(nowSeconds), 'ceil');
  }

  previewWithdraw(assets: bigint, nowSeconds?: number): bigint {
    requireUint256('assets', assets);
    return convertToShares(assets, this.totalsAt(nowSeconds), 'ceil');
  }

  previewRedeem(shares: bigint, nowSeconds?: number): bigint {
    requireUint256('shares', shares);
    return convertToAssets(shares, this.totalsAt(nowSeconds), 'floor');
  }

  /** 0 when paused or the receiver is not allowed; else room under the cap (2²⁵⁶ − 1 if none). */
  maxDeposit(receiver: string, nowSeconds?: number): bigint {
    requireAddress('receiver', receiver);
    this.pendingFees(nowSeconds); // validates the clock like every view
    if (this.paused || !this.policy(receiver)) return 0n;
    if (this.cap === null) return UINT256_MAX;
    return this.cap > this.totalAssets ? this.cap - this.totalAssets : 0n;
  }

  /** The most shares whose `previewMint` fits `maxDeposit`: ⌊maxDeposit·(S+V)/(A+1)⌋. */
  maxMint(receiver: string, nowSeconds?: number): bigint {
    const maxAssets = this.maxDeposit(receiver, nowSeconds);
    if (maxAssets === UINT256_MAX) return UINT256_MAX;
    return convertToShares(maxAssets, this.totalsAt(nowSeconds), 'floor');
  }

  /**
   * Idle assets owed to the queue: its locked shares at the current price, rounded up. Instant
   * exits and allocations may not touch them, so a request made earlier is never overtaken by an
   * instant exit made later. (Serving the queue FIFO pays at most ⌊locked·(A+1)/(S+V)⌋ in total,
   * because each payout rounds down and so only raises the price for the next.)
   */
  reservedAssets(nowSeconds?: number): bigint {
    return convertToAssets(this.queue.lockedShares, this.totalsAt(nowSeconds), 'ceil');
  }

  /** Idle assets free for instant exits and allocation: idle − reserved, floored at 0. */
  availableAssets(nowSeconds?: number): bigint {
    const reserved = this.reservedAssets(nowSeconds);
    return this.idle > reserved ? this.idle - reserved : 0n;
  }

  /** min(what the owner's shares are worth, available idle assets): the queue serves the rest. */
  maxWithdraw(owner: string, nowSeconds?: number): bigint {
    requireAddress('owner', owner);
    const accrual = this.pendingFees(nowSeconds);
    if (this.paused) return 0n;
    const worth = convertToAssets(this.sharesOf(owner, accrual), this.totalsWith(accrual), 'floor');
    const available = this.availableAssets(nowSeconds);
    return worth < available ? worth : available;
  }

  /** min(owner's shares, the most shares the available idle assets can pay at floor). */
  maxRedeem(owner: string, nowSeconds?: number): bigint {
    requireAddress('owner', owner);
    const accrual = this.pendingFees(nowSeconds);
    if (this.paused) return 0n;
    const shares = this.sharesOf(owner, accrual);
    const payable = maxSharesRedeemableFor(this.availableAssets(nowSeconds), this.totalsWith(accrual));
    return shares < payable ? shares : payable;
  }

  // ── verbs ────────────────────────────────────────────────────────────────────────────────

  /** Mints the fee shares due at `nowSeconds` and moves the high-water mark (fees.ts). */
  accrueFees(nowSeconds: number): FeeAccrual {
    const accrual = this.pendingFees(nowSeconds);
    this.commitAccrual(accrual, nowSeconds);
    return accrual;
  }

  /** Returns the shares minted to `receiver` (floor). */
  deposit(assets: bigint, receiver: string, nowSeconds: number): bigint {
    requireUint256('assets', assets);
    this.requireDepositor(receiver, nowSeconds);
    const max = this.maxDeposit(receiver, nowSeconds);
    if (assets > max) throw new VaultError('ExceededMaxDeposit', { receiver, assets, max });
    const shares = this.previewDeposit(assets, nowSeconds);
    this.accrueFees(nowSeconds);
    this.enter(receiver, assets, shares, nowSeconds);
    return shares;
  }

  /** Returns the assets taken for `shares` (ceil). */
  mint(shares: bigint, receiver: string, nowSeconds: number): bigint {
    requireUint256('shares', shares);
    this.requireDepositor(receiver, nowSeconds);
    const max = this.maxMint(receiver, nowSeconds);
    if (shares > max) throw new VaultError('ExceededMaxMint', { receiver, shares, max });
    const assets = this.previewMint(shares, nowSeconds);
    this.accrueFees(nowSeconds);
    this.enter(receiver, assets, shares, nowSeconds);
    return assets;
  }

  /** Pays exactly `assets` from idle; returns the shares burned from `owner` (ceil). */
  withdraw(assets: bigint, receiver: string, owner: string, nowSeconds: number): bigint {
    requireUint256('assets', assets);
    requireAddress('receiver', receiver);
    this.requireUnpaused(nowSeconds);
    const max = this.maxWithdraw(owner, nowSeconds);
    if (assets > max) throw new VaultError('ExceededMaxWithdraw', { owner, assets, max });
    const shares = this.previewWithdraw(assets, nowSeconds);
    this.accrueFees(nowSeconds);
    this.settleWithdrawal(receiver, owner, assets, shares, nowSeconds);
    return shares;
  }

  /** Burns exactly `shares` of `owner`; returns the assets paid from idle (floor). */
  redeem(shares: bigint, receiver: string, owner: string, nowSeconds: number): bigint {
    requireUint256('shares', shares);
    requireAddress('receiver', receiver);
    this.requireUnpaused(nowSeconds);
    const max = this.maxRedeem(owner, nowSeconds);
    if (shares > max) throw new VaultError('ExceededMaxRedeem', { owner, shares, max });
    const assets = this.previewRedeem(shares, nowSeconds);
    this.accrueFees(nowSeconds);
    this.settleWithdrawal(receiver, owner, assets, shares, nowSeconds);
    return assets;
  }

  /** Locks `shares` of `owner` in the queue; they are paid to `owner` by `processQueue`. */
  requestRedeem(shares: bigint, owner: string, nowSeconds: number): RedeemRequest {
    requireUint256('shares', shares);
    if (shares === 0n) throw new InvalidInputError('shares', shares, 'a redeem request must lock at least one share');
    requireAddress('owner', owner);
    this.requireUnpaused(nowSeconds);
    const balance = this.sharesOf(owner, this.pendingFees(nowSeconds));
    if (shares > balance) throw new VaultError('InsufficientBalance', { owner, balance, needed: shares });
    this.accrueFees(nowSeconds);
    this.balances.set(owner, this.balanceOf(owner) - shares);
    const request = this.queue.enqueue(owner, shares, nowSeconds);
    this.log.push({ type: 'RedeemRequested', timestampSeconds: nowSeconds, requestId: request.requestId, owner, shares });
    return request;
  }

  /** Serves queued requests oldest first while idle assets allow, at the current price. */
  processQueue(nowSeconds: number, maxRequests: number = Number.MAX_SAFE_INTEGER): readonly ServedRequest[] {
    if (!Number.isSafeInteger(maxRequests) || maxRequests < 0) {
      throw new InvalidInputError('maxRequests', maxRequests, 'must be a non-negative integer');
    }
    this.requireUnpaused(nowSeconds);
    this.accrueFees(nowSeconds);
    const { served } = serveFifo(this.queue.pending(), this.totalsWith(undefined), this.idle, maxRequests);
    for (const { request, assets } of served) {
      this.queue.remove(request.requestId);
      this.supply -= request.shares;
      this.idle -= assets;
      this.log.push({
        type: 'RedeemProcessed',
        timestampSeconds: nowSeconds,
        requestId: request.requestId,
        owner: request.owner,
        assets,
        shares: request.shares,
      });
    }
    return served;
  }

  /** Returns the locked shares of a pending request to its owner (allowed while paused). */
  cancelRequest(requestId: number, owner: string, nowSeconds: number): RedeemRequest {
    requireAddress('owner', owner);
    this.requireClock(nowSeconds);
    const request = this.queue.find(requestId, owner);
    this.queue.remove(requestId);
    this.balances.set(owner, this.balanceOf(owner) + request.shares);
    this.log.push({ type: 'RedeemCancelled', timestampSeconds: nowSeconds, requestId, owner, shares: request.shares });
    return request;
  }

  /**
   * The strategy's harvest: `deployedAssets` is what it holds now (gains and losses included).
   * Fees accrue before (management on the old assets) and after (performance on the gain).
   */
  reportStrategyAssets(deployedAssets: bigint, nowSeconds: number): void {
    requireUint256('deployedAssets', deployedAssets);
    this.requireClock(nowSeconds);
    this.accrueFees(nowSeconds);
    const previousDeployedAssets = this.deployed;
    this.deployed = deployedAssets;
    this.log.push({ type: 'StrategyReported', timestampSeconds: nowSeconds, previousDeployedAssets, deployedAssets });
    this.accrueFees(nowSeconds);
  }

  /**
   * Moves available idle assets to the strategy (total assets unchanged, so no accrual); what the
   * queue is owed stays idle.
   */
  allocate(assets: bigint, nowSeconds: number): void {
    requireUint256('assets', assets);
    this.requireClock(nowSeconds);
    const available = this.availableAssets(nowSeconds);
    if (assets > available) throw new VaultError('InsufficientIdle', { assets, available });
    this.idle -= assets;
    this.deployed += assets;
    this.log.push({ type: 'Allocated', timestampSeconds: nowSeconds, assets });
  }

  /** The strategy frees assets back to idle, where exits and the queue can use them. */
  deallocate(assets: bigint, nowSeconds: number): void {
    requireUint256('assets', assets);
    this.requireClock(nowSeconds);
    if (assets > this.deployed) throw new VaultError('InsufficientDeployed', { assets, deployed: this.deployed });
    this.deployed -= assets;
    this.idle += assets;
    this.log.push({ type: 'Deallocated', timestampSeconds: nowSeconds, assets });
  }

  /** A raw asset transfer to the vault (on chain: no vault code runs, so no accrual). */
  donate(assets: bigint, nowSeconds: number): void {
    requireUint256('assets', assets);
    this.requireClock(nowSeconds);
    this.idle += assets;
    this.log.push({ type: 'Donated', timestampSeconds: nowSeconds, assets });
  }

  pause(nowSeconds: number): void {
    this.requireClock(nowSeconds);
    if (this.paused) return;
    this.paused = true;
    this.log.push({ type: 'Paused', timestampSeconds: nowSeconds });
  }

  unpause(nowSeconds: number): void {
    this.requireClock(nowSeconds);
    if (!this.paused) return;
    this.paused = false;
    this.log.push({ type: 'Unpaused', timestampSeconds: nowSeconds });
  }

  /** Fees due under the old config are accrued first, so a change never acts retroactively. */
  setFeeConfig(config: FeeConfig, nowSeconds: number): void {
    validateFeeConfig(config);
    this.accrueFees(nowSeconds);
    this.feeConfig = { ...config };
    this.log.push({ type: 'FeeConfigChanged', timestampSeconds: nowSeconds, config: this.feeConfig });
  }

  setDepositCap(depositCapAssets: bigint | null, nowSeconds: number): void {
    if (depositCapAssets !== null) requireUint256('depositCapAssets', depositCapAssets);
    this.requireClock(nowSeconds);
    this.cap = depositCapAssets;
    this.log.push({ type: 'DepositCapChanged', timestampSeconds: nowSeconds, depositCapAssets });
  }

  setAccessPolicy(policy: AccessPolicy): void {
    if (typeof policy !== 'function') throw new InvalidInputError('accessPolicy', policy, 'must be a function');
    this.policy = policy;
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────

  private totalsAt(nowSeconds: number | undefined): VaultTotals {
    return this.totalsWith(this.pendingFees(nowSeconds));
  }

  private totalsWith(accrual: FeeAccrual | undefined): VaultTotals {
    return {
      totalAssets: this.totalAssets,
      totalSupply: this.supply + (accrual?.feeShares ?? 0n),
      decimalsOffset: this.decimalsOffset,
    };
  }

  /** The owner's shares once pending fees are minted (only the fee recipient's change). */
  private sharesOf(owner: string, accrual: FeeAccrual): bigint {
    const pending = owner === this.feeConfig.feeRecipient ? accrual.feeShares : 0n;
    return this.balanceOf(owner) + pending;
  }

  private commitAccrual(accrual: FeeAccrual, nowSeconds: number): void {
    this.lastAccrual = nowSeconds;
    this.hwmWad = accrual.highWaterMarkWad;
    if (accrual.feeShares === 0n) return;
    const { feeRecipient } = this.feeConfig;
    this.balances.set(feeRecipient, this.balanceOf(feeRecipient) + accrual.feeShares);
    this.supply += accrual.feeShares;
    this.log.push({
      type: 'FeesAccrued',
      timestampSeconds: nowSeconds,
      feeRecipient,
      managementFeeAssets: accrual.managementFeeAssets,
      performanceFeeAssets: accrual.performanceFeeAssets,
      feeShares: accrual.feeShares,
      highWaterMarkWad: accrual.highWaterMarkWad,
    });
  }

  private enter(receiver: string, assets: bigint, shares: bigint, nowSeconds: number): void {
    this.idle += assets;
    this.supply += shares;
    this.balances.set(receiver, this.balanceOf(receiver) + shares);
    this.log.push({ type: 'Deposit', timestampSeconds: nowSeconds, receiver, assets, shares });
  }

  private settleWithdrawal(receiver: string, owner: string, assets: bigint, shares: bigint, nowSeconds: number): void {
    this.idle -= assets;
    this.supply -= shares;
    this.balances.set(owner, this.balanceOf(owner) - shares);
    this.log.push({ type: 'Withdraw', timestampSeconds: nowSeconds, receiver, owner, assets, shares });
  }

  /** Time never runs back before the last accrual. */
  private requireClock(nowSeconds: number): void {
    if (!Number.isSafeInteger(nowSeconds) || nowSeconds < this.lastAccrual) {
      throw new InvalidInputError('nowSeconds', nowSeconds, `must be an integer >= the last accrual (${this.lastAccrual})`);
    }
  }

  private requireUnpaused(nowSeconds: number): void {
    this.requireClock(nowSeconds);
    if (this.paused) throw new VaultError('Paused');
  }

  private requireDepositor(receiver: string, nowSeconds: number): void {
    requireAddress('receiver', receiver);
    this.requireUnpaused(nowSeconds);
    if (!this.policy(receiver)) throw new VaultError('NotAllowed', { receiver });
  }
}

function requireAddress(field: string, value: string): void {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidInputError(field, value, 'must be a non-empty address');
}
