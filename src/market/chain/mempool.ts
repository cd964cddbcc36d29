/**
 * A deterministic mempool and block builder with EIP-1559 fees, inclusion delay, nonces,
 * replacement, expiry, public/private visibility and atomic bundles.
 *
 * Block building (`buildBlock`), in this order:
 *   1. Expire: a transaction may be included up to block `submittedAtBlock + ttlBlocks`; at a
 *      later block it is dropped ('expired'). Bundles aimed at an earlier block are dropped.
 *   2. Bundles aimed at this block go first, at the top of the block (as searcher bundles do on
 *      mainnet builders), best first by the bundle's priority fee per gas (its own
 *      transactions' tips, gas-weighted; referenced public transactions do not count, as in
 *      Flashbots' bundle scoring), ties by submission order. A bundle lands whole, in its given
 *      order, or not at all.
 *   3. Then the pool: among the transactions that are includable (block ≥ submittedAtBlock +
 *      delay) and can pay the base fee (maxFeePerGas ≥ baseFee), repeatedly the best sender
 *      head — the pending transaction whose nonce is the sender's next — by effective priority
 *      fee min(maxPriorityFeePerGas, maxFeePerGas − baseFee) descending, ties by arrival order.
 *      A head that does not fit the remaining gas is skipped with all its sender's later
 *      nonces (they cannot run before it); smaller transactions of others may still fill the
 *      block (greedy packing). Packing counts each transaction's `gasLimit`, the most it can
 *      use; the simulator sets gasLimit from the gas schedule so the two agree.
 *
 * Visibility: `publicPending()` is what a searcher can observe; private transactions (order-flow
 * protection, e.g. a private RPC) are included by the builder but never appear there, and a
 * bundle may not reference them.
 *
 * How a searcher places transactions around a victim it saw in `publicPending()`:
 *   - By tips, in the public pool: a front-run with a higher effective priority fee than the
 *     victim's lands before it, a back-run with a lower one lands after it. Both must be
 *     includable in the same block as the victim (submit them before it becomes includable:
 *     with delay d, a victim submitted at block s lands at s + d at the earliest; a searcher
 *     reacting at block s is also includable at s + d). This is NOT a guarantee: other
 *     transactions can sit between, the back-run may not fit, and nonce order still binds
 *     (give the back-run the next nonce after the front-run).
 *   - Guaranteed, by bundle: `submitBundle([front, victimId, back], targetBlockNumber)` puts
 *     the three contiguously at the top of the target block, all or nothing; the searcher's
 *     own transactions stay private and die with the bundle if it fails.
 *
 * Nonces: the pool keeps each sender's account nonce (0 for a new sender; `setAccountNonce`
 * seeds it). A transaction with the same sender and nonce as a pending one replaces it only if
 * both its maxFeePerGas and maxPriorityFeePerGas beat the old ones by `replacementBumpPercent`
 * (geth's txpool rule, 10 % by default). No wall clock anywhere: time is block numbers.
 */
import { InvalidInputError } from '../../errors.js';

export interface MempoolTransaction<P = unknown> {
  readonly id: string;
  readonly sender: string;
  readonly nonce: number;
  /** the most gas the transaction may use; what block packing counts */
  readonly gasLimit: bigint;
  /** wei per gas, base fee and tip together */
  readonly maxFeePerGas: bigint;
  /** wei per gas offered to the builder */
  readonly maxPriorityFeePerGas: bigint;
  /** the latest block number when the transaction was sent */
  readonly submittedAtBlock: number;
  /** raises the pool's inclusion delay for this transaction */
  readonly minInclusionDelayBlocks?: number;
  /** sent through a private channel: included normally, never visible in publicPending() */
  readonly isPrivate?: boolean;
  /** what the simulator executes when the transaction is included; opaque here */
  readonly payload: P;
}

export interface MempoolOptions {
  /** blocks between submission and the first block that may include a transaction (default 1) */
  readonly inclusionDelayBlocks?: number;
  /** a transaction still pending after block submittedAtBlock + ttlBlocks is dropped (default 25) */
  readonly ttlBlocks?: number;
  /** minimum fee bump to replace a pending transaction, in percent (default 10) */
  readonly replacementBumpPercent?: number;
}

export type SubmitResult =
  | { readonly status: 'accepted' }
  | { readonly status: 'replaced'; readonly replacedId: string }
  | { readonly status: 'rejected'; readonly reason: 'nonce-too-low' | 'replacement-underpriced' };

export interface IncludedTransaction<P = unknown> {
  readonly transaction: MempoolTransaction<P>;
  /** position in the block, from 0 */
  readonly index: number;
  readonly priorityFeePerGasWei: bigint;
  readonly effectiveGasPriceWei: bigint;
  /** set when the transaction landed as part of a bundle */
  readonly bundleId?: string;
}

export interface DroppedTransaction<P = unknown> {
  readonly transaction: MempoolTransaction<P>;
  readonly reason: 'expired' | 'nonce-too-low';
}

export type BundleFailureReason =
  | 'target-missed'
  | 'reference-not-pending'
  | 'not-includable-yet'
  | 'fee-below-base-fee'
  | 'nonce-mismatch'
  | 'exceeds-gas-limit';

export interface BundleOutcome {
  readonly bundleId: string;
  readonly included: boolean;
  readonly failureReason?: BundleFailureReason;
}

export interface BuiltBlock<P = unknown> {
  readonly blockNumber: number;
  readonly baseFeeWei: bigint;
  readonly gasLimit: bigint;
  /** sum of the included transactions' gasLimit */
  readonly gasPacked: bigint;
  readonly included: readonly IncludedTransaction<P>[];
  readonly dropped: readonly DroppedTransaction<P>[];
  readonly bundles: readonly BundleOutcome[];
}

/** A bundle item: a transaction of the searcher's own, or the id of a public pending one. */
export type BundleItem<P = unknown> = MempoolTransaction<P> | string;

interface Entry<P> {
  readonly transaction: MempoolTransaction<P>;
  /** arrival order, the deterministic tie-break */
  readonly sequence: number;
}

interface Bundle<P> {
  readonly bundleId: string;
  readonly items: readonly (Entry<P> | string)[];
  readonly targetBlockNumber: number;
  readonly sequence: number;
}

/**
 * The tip a transaction pays per gas at this base fee, or undefined when it cannot pay the base
 * fee (not includable in such a block).
 */
export function effectivePriorityFeePerGas(
  transaction: Pick<MempoolTransaction, 'maxFeePerGas' | 'maxPriorityFeePerGas'>,
  baseFeeWei: bigint,
): bigint | undefined {
  if (transaction.maxFeePerGas < baseFeeWei) return undefined;
  const headroom = transaction.maxFeePerGas - baseFeeWei;
  return transaction.maxPriorityFeePerGas < headroom ? transaction.maxPriorityFeePerGas : headroom;
}

export class Mempool<P = unknown> {
  readonly inclusionDelayBlocks: number;
  readonly ttlBlocks: number;
  readonly replacementBumpPercent: number;
  private readonly pending = new Map<string, Entry<P>>();
  private readonly bySender = new Map<string, Map<number, Entry<P>>>();
  private readonly accountNonces = new Map<string, number>();
  private readonly seenIds = new Set<string>();
  private bundles: Bundle<P>[] = [];
  private nextSequence = 0;
  private nextBundleNumber = 0;
  private lastBuiltBlockNumber: number | undefined;

  constructor(options: MempoolOptions = {}) {
    this.inclusionDelayBlocks = options.inclusionDelayBlocks ?? 1;
    this.ttlBlocks = options.ttlBlocks ?? 25;
    this.replacementBumpPercent = options.replacementBumpPercent ?? 10;
    requireCount('inclusionDelayBlocks', this.inclusionDelayBlocks);
    requireCount('ttlBlocks', this.ttlBlocks);
    requireCount('replacementBumpPercent', this.replacementBumpPercent);
  }

  /** The nonce the sender's next included transaction must carry. */
  accountNonce(sender: string): number {
    return this.accountNonces.get(sender) ?? 0;
  }

  /** Seeds a sender's account nonce (e.g. an account that already sent transactions). */
  setAccountNonce(sender: string, nonce: number): void {
    requireNonEmpty('sender', sender);
    requireCount('nonce', nonce);
    this.accountNonces.set(sender, nonce);
  }

  /**
   * Sends a transaction to the pool (public unless `isPrivate`). Malformed input throws; a
   * well-formed transaction the pool will not take is answered 'rejected', and its id is spent
   * all the same: ids are unique over the pool's life, so a log of ids is unambiguous.
   */
  submit(transaction: MempoolTransaction<P>): SubmitResult {
    this.validateTransaction(transaction, 'transaction');
    this.seenIds.add(transaction.id);
    if (transaction.nonce < this.accountNonce(transaction.sender)) {
      return { status: 'rejected', reason: 'nonce-too-low' };
    }
    const sameNonce = this.bySender.get(transaction.sender)?.get(transaction.nonce);
    if (sameNonce !== undefined && !this.outbids(transaction, sameNonce.transaction)) {
      return { status: 'rejected', reason: 'replacement-underpriced' };
    }
    if (sameNonce !== undefined) this.remove(sameNonce.transaction.id);
    const entry: Entry<P> = { transaction: Object.freeze({ ...transaction }), sequence: this.nextSequence++ };
    this.pending.set(transaction.id, entry);
    let senderMap = this.bySender.get(transaction.sender);
    if (senderMap === undefined) {
      senderMap = new Map();
      this.bySender.set(transaction.sender, senderMap);
    }
    senderMap.set(transaction.nonce, entry);
    return sameNonce === undefined ? { status: 'accepted' } : { status: 'replaced', replacedId: sameNonce.transaction.id };
  }

  /**
   * Sends an atomic bundle for one block: the items land contiguously, in this order, at the
   * top of block `targetBlockNumber`, or not at all. A string item is the id of a public
   * pending transaction (typically the victim); the others are the searcher's own transactions,
   * which stay private. Returns the bundle's id.
   */
  submitBundle(items: readonly BundleItem<P>[], targetBlockNumber: number): string {
    requireCount('targetBlockNumber', targetBlockNumber);
    if (this.lastBuiltBlockNumber !== undefined && targetBlockNumber <= this.lastBuiltBlockNumber) {
      throw new InvalidInputError(
        'targetBlockNumber',
        targetBlockNumber,
        `must be after the last built block ${this.lastBuiltBlockNumber}`,
      );
    }
    if (items.length === 0) throw new InvalidInputError('items', items, 'must not be empty');
    const idsInBundle = new Set<string>();
    let ownCount = 0;
    items.forEach((item, i) => {
      const id = typeof item === 'string' ? item : item.id;
      if (idsInBundle.has(id)) throw new InvalidInputError(`items[${i}]`, id, 'appears twice in the bundle');
      idsInBundle.add(id);
      if (typeof item === 'string') {
        const referenced = this.pending.get(item);
        if (referenced === undefined || referenced.transaction.isPrivate === true) {
          throw new InvalidInputError(`items[${i}]`, item, 'is not a public pending transaction');
        }
      } else {
        this.validateTransaction(item, `items[${i}]`);
        ownCount++;
      }
    });
    if (ownCount === 0) throw new InvalidInputError('items', items.length, 'need at least one own transaction');
    const resolved = items.map((item) => {
      if (typeof item === 'string') return item;
      this.seenIds.add(item.id);
      const transaction = Object.freeze({ ...item, isPrivate: true });
      return { transaction, sequence: this.nextSequence++ };
    });
    const bundleId = `bundle-${this.nextBundleNumber++}`;
    this.bundles.push({ bundleId, items: resolved, targetBlockNumber, sequence: this.nextSequence++ });
    return bundleId;
  }

  /** Public pending transactions in arrival order: what a searcher observes. */
  publicPending(): MempoolTransaction<P>[] {
    return [...this.pending.values()]
      .filter((entry) => entry.transaction.isPrivate !== true)
      .sort((a, b) => a.sequence - b.sequence)
      .map((entry) => entry.transaction);
  }

  /** Whether the transaction with this id is still waiting (public or private). */
  isPending(id: string): boolean {
    return this.pending.has(id);
  }

  /** Number of pending transactions, private ones included (bundles excluded). */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Builds block `blockNumber` (see the module comment for the rules) and removes what it took. */
  buildBlock(blockNumber: number, baseFeeWei: bigint, gasLimit: bigint): BuiltBlock<P> {
    requireCount('blockNumber', blockNumber);
    if (this.lastBuiltBlockNumber !== undefined && blockNumber <= this.lastBuiltBlockNumber) {
      throw new InvalidInputError('blockNumber', blockNumber, `must be after the last built block ${this.lastBuiltBlockNumber}`);
    }
    if (baseFeeWei < 0n) throw new InvalidInputError('baseFeeWei', baseFeeWei, 'must be >= 0');
    if (gasLimit <= 0n) throw new InvalidInputError('gasLimit', gasLimit, 'must be > 0');
    this.lastBuiltBlockNumber = blockNumber;

    const dropped: DroppedTransaction<P>[] = [];
    for (const entry of [...this.pending.values()].sort((a, b) => a.sequence - b.sequence)) {
      if (blockNumber > entry.transaction.submittedAtBlock + this.ttlBlocks) {
        this.remove(entry.transaction.id);
        dropped.push({ transaction: entry.transaction, reason: 'expired' });
      }
    }

    const included: IncludedTransaction<P>[] = [];
    const workingNonces = new Map<string, number>();
    const nonceOf = (sender: string): number => workingNonces.get(sender) ?? this.accountNonce(sender);
    let gasLeft = gasLimit;
    const take = (entry: Entry<P>, bundleId?: string): void => {
      const priorityFeePerGasWei = effectivePriorityFeePerGas(entry.transaction, baseFeeWei)!;
      included.push({
        transaction: entry.transaction,
        index: included.length,
        priorityFeePerGasWei,
        effectiveGasPriceWei: baseFeeWei + priorityFeePerGasWei,
        ...(bundleId === undefined ? {} : { bundleId }),
      });
      workingNonces.set(entry.transaction.sender, entry.transaction.nonce + 1);
      gasLeft -= entry.transaction.gasLimit;
      if (this.pending.has(entry.transaction.id)) this.remove(entry.transaction.id);
    };

    const bundles = this.runBundles(blockNumber, baseFeeWei, nonceOf, () => gasLeft, take);

    // The pool, best sender head first.
    const blockedSenders = new Set<string>();
    for (;;) {
      let best: Entry<P> | undefined;
      let bestTip = 0n;
      for (const [sender, byNonce] of this.bySender) {
        if (blockedSenders.has(sender)) continue;
        const head = byNonce.get(nonceOf(sender));
        const tip = head === undefined ? undefined : effectivePriorityFeePerGas(head.transaction, baseFeeWei);
        if (head === undefined || tip === undefined || !this.isIncludable(head.transaction, blockNumber)) {
          blockedSenders.add(sender);
          continue;
        }
        if (best === undefined || tip > bestTip || (tip === bestTip && head.sequence < best.sequence)) {
          best = head;
          bestTip = tip;
        }
      }
      if (best === undefined) break;
      if (best.transaction.gasLimit > gasLeft) {
        blockedSenders.add(best.transaction.sender);
        continue;
      }
      take(best);
    }

    for (const [sender, nonce] of workingNonces) this.accountNonces.set(sender, nonce);
    // Transactions whose nonce a bundle (or a replacement elsewhere) consumed can never run.
    for (const entry of [...this.pending.values()].sort((a, b) => a.sequence - b.sequence)) {
      if (entry.transaction.nonce < this.accountNonce(entry.transaction.sender)) {
        this.remove(entry.transaction.id);
        dropped.push({ transaction: entry.transaction, reason: 'nonce-too-low' });
      }
    }

    return { blockNumber, baseFeeWei, gasLimit, gasPacked: gasLimit - gasLeft, included, dropped, bundles };
  }

  private runBundles(
    blockNumber: number,
    baseFeeWei: bigint,
    nonceOf: (sender: string) => number,
    gasLeft: () => bigint,
    take: (entry: Entry<P>, bundleId: string) => void,
  ): BundleOutcome[] {
    const outcomes: BundleOutcome[] = [];
    const due = this.bundles.filter((b) => b.targetBlockNumber <= blockNumber);
    this.bundles = this.bundles.filter((b) => b.targetBlockNumber > blockNumber);
    const scored: { bundle: Bundle<P>; tipWei: bigint; gas: bigint }[] = [];
    for (const bundle of due) {
      if (bundle.targetBlockNumber < blockNumber) {
        outcomes.push({ bundleId: bundle.bundleId, included: false, failureReason: 'target-missed' });
        continue;
      }
      let tipWei = 0n;
      let gas = 0n;
      let payable = true;
      for (const item of bundle.items) {
        if (typeof item === 'string') continue;
        const tip = effectivePriorityFeePerGas(item.transaction, baseFeeWei);
        if (tip === undefined) payable = false;
        else tipWei += tip * item.transaction.gasLimit;
        gas += item.transaction.gasLimit;
      }
      if (payable) scored.push({ bundle, tipWei, gas });
      else outcomes.push({ bundleId: bundle.bundleId, included: false, failureReason: 'fee-below-base-fee' });
    }
    // Priority fee per gas, descending, compared exactly by cross-multiplication.
    scored.sort((a, b) => {
      const left = b.tipWei * a.gas;
      const right = a.tipWei * b.gas;
      if (left !== right) return left > right ? 1 : -1;
      return a.bundle.sequence - b.bundle.sequence;
    });
    for (const { bundle } of scored) {
      const failure = this.checkBundle(bundle, blockNumber, baseFeeWei, nonceOf, gasLeft());
      if (failure !== undefined) {
        outcomes.push({ bundleId: bundle.bundleId, included: false, failureReason: failure });
        continue;
      }
      for (const item of bundle.items) take(typeof item === 'string' ? this.pending.get(item)! : item, bundle.bundleId);
      outcomes.push({ bundleId: bundle.bundleId, included: true });
    }
    return outcomes;
  }

  private checkBundle(
    bundle: Bundle<P>,
    blockNumber: number,
    baseFeeWei: bigint,
    nonceOf: (sender: string) => number,
    gasLeft: bigint,
  ): BundleFailureReason | undefined {
    const nonces = new Map<string, number>();
    let gas = 0n;
    for (const item of bundle.items) {
      const entry = typeof item === 'string' ? this.pending.get(item) : item;
      if (entry === undefined) return 'reference-not-pending';
      const tx = entry.transaction;
      if (!this.isIncludable(tx, blockNumber)) return 'not-includable-yet';
      if (effectivePriorityFeePerGas(tx, baseFeeWei) === undefined) return 'fee-below-base-fee';
      if (tx.nonce !== (nonces.get(tx.sender) ?? nonceOf(tx.sender))) return 'nonce-mismatch';
      nonces.set(tx.sender, tx.nonce + 1);
      gas += tx.gasLimit;
    }
    return gas > gasLeft ? 'exceeds-gas-limit' : undefined;
  }

  private isIncludable(transaction: MempoolTransaction<P>, blockNumber: number): boolean {
    const delay = Math.max(this.inclusionDelayBlocks, transaction.minInclusionDelayBlocks ?? 0);
    return blockNumber >= transaction.submittedAtBlock + delay;
  }

  /** geth's replacement rule: both fee caps strictly higher and at least bumped by the percent. */
  private outbids(next: MempoolTransaction<P>, old: MempoolTransaction<P>): boolean {
    const bump = BigInt(100 + this.replacementBumpPercent);
    if (next.maxFeePerGas <= old.maxFeePerGas || next.maxPriorityFeePerGas <= old.maxPriorityFeePerGas) return false;
    return (
      next.maxFeePerGas >= (old.maxFeePerGas * bump) / 100n &&
      next.maxPriorityFeePerGas >= (old.maxPriorityFeePerGas * bump) / 100n
    );
  }

  private remove(id: string): void {
    const entry = this.pending.get(id);
    if (entry === undefined) return;
    this.pending.delete(id);
    const senderMap = this.bySender.get(entry.transaction.sender);
    senderMap?.delete(entry.transaction.nonce);
    if (senderMap !== undefined && senderMap.size === 0) this.bySender.delete(entry.transaction.sender);
  }

  // Runs for every transaction of the run: the field names are only put together for an error.
  private validateTransaction(tx: MempoolTransaction<P>, field: string): void {
    if (typeof tx.id !== 'string' || tx.id.length === 0) requireNonEmpty(`${field}.id`, tx.id);
    if (this.seenIds.has(tx.id)) throw new InvalidInputError(`${field}.id`, tx.id, 'was already submitted');
    if (typeof tx.sender !== 'string' || tx.sender.length === 0) requireNonEmpty(`${field}.sender`, tx.sender);
    if (!isCount(tx.nonce)) requireCount(`${field}.nonce`, tx.nonce);
    if (typeof tx.gasLimit !== 'bigint' || tx.gasLimit <= 0n) {
      throw new InvalidInputError(`${field}.gasLimit`, tx.gasLimit, 'must be a bigint > 0');
    }
    if (typeof tx.maxPriorityFeePerGas !== 'bigint' || tx.maxPriorityFeePerGas < 0n) {
      throw new InvalidInputError(`${field}.maxPriorityFeePerGas`, tx.maxPriorityFeePerGas, 'must be a bigint >= 0');
    }
    if (typeof tx.maxFeePerGas !== 'bigint' || tx.maxFeePerGas < tx.maxPriorityFeePerGas) {
      throw new InvalidInputError(`${field}.maxFeePerGas`, tx.maxFeePerGas, 'must be a bigint >= maxPriorityFeePerGas');
    }
    if (!isCount(tx.submittedAtBlock)) requireCount(`${field}.submittedAtBlock`, tx.submittedAtBlock);
    if (this.lastBuiltBlockNumber !== undefined && tx.submittedAtBlock < this.lastBuiltBlockNumber) {
      throw new InvalidInputError(
        `${field}.submittedAtBlock`,
        tx.submittedAtBlock,
        `must not precede the last built block ${this.lastBuiltBlockNumber}`,
      );
    }
    if (tx.minInclusionDelayBlocks !== undefined && !isCount(tx.minInclusionDelayBlocks)) requireCount(`${field}.minInclusionDelayBlocks`, tx.minInclusionDelayBlocks);
  }
}

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function requireCount(field: string, value: number): void {
  if (!(Number.isSafeInteger(value) && value >= 0)) {
    throw new InvalidInputError(field, value, 'must be a non-negative safe integer');
  }
}

function requireNonEmpty(field: string, value: string): void {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidInputError(field, value, 'must be a non-empty string');
}
