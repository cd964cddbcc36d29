/**
 * The chain executor: the engine's Uniswap v3 intents as real transactions, behind the same
 * contract as the simulator's executor (`AsyncExecutor`, executor.ts). It maps an intent to the
 * same guarded `Action`s as the simulated executor (the minimum output and the amount maxima
 * from `engine/guards.ts`, on a quote of the real pool), then each action to one transaction
 * from the keeper's key:
 *
 *   v3Swap    → UniswapV3PoolActions.swapExactInput (reverts TooLittleReceived / Expired)
 *   v3Mint    → UniswapV3PoolActions.mintBounded    (reverts TooMuchRequested / Expired)
 *   v3Burn    → pool.burn    (the keeper owns the position)
 *   v3Collect → pool.collect (everything owed, to the keeper)
 *
 * Gas limit = the node's estimate × (1 + margin); fees are EIP-1559 caps of 2 × the next base
 * fee + the tip; nonces are handed out locally (nonce-manager.ts), one sequence per sender;
 * every transaction is journaled before it is broadcast (send-journal.ts), and what happens
 * after is retry-policy.ts: never a new nonce for an intent that may have been broadcast.
 *
 * Deadline: the swap and the mint carry it in their calldata, so they cannot run late; burn and
 * collect cannot (the pool takes no deadline), so past the deadline the executor signs a 0-value
 * self-transfer at the same nonce. The intent is 'dropped' only once its nonce is consumed by
 * something else than its own versions, i.e. when it provably can never run.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeFunctionResult,
  encodeFunctionData,
  getContractError,
  keccak256,
  parseEventLogs,
  RpcError,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  type Abi,
  type Address,
  type Block,
  type Chain,
  type Hash,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
} from 'viem';
import { poolActionsAbi, poolOperationErrorsAbi, uniswapV3PoolAbi } from '../chain/abis.js';
import { positionKey, type RealPoolAddresses } from '../chain/real-pool.js';
import { revertErrorFrom, type ChainRevertError } from '../chain/revert.js';
import { maximumInput, minimumOutput, toleranceFor, validateGuardSettings, type GuardSettings } from '../engine/guards.js';
import { intentKey } from '../engine/loop.js';
import { InvalidInputError } from '../errors.js';
import type { Action, Receipt } from '../market/simulator/actions.js';
import type { MarketView } from '../market/simulator/market-view.js';
import type { Intent } from '../strategy/types.js';
import type { UniswapV3Error } from '../uniswap-v3/errors.js';
import type { AsyncExecutor, Execution, PreparedIntent, SentTransaction } from './executor.js';
import { bumpedFeeCaps, feeCapsFor, gasLimitWithMargin, nextBaseFeeWei, type FeeCaps } from './fee-caps.js';
import { NonceManager } from './nonce-manager.js';
import { DEFAULT_RETRY_POLICY, nextRetryStep, validateRetryPolicy, type RetryPolicy } from './retry-policy.js';
import { MemoryJournal, type JournalEntry, type JournalTx, type SendJournal } from './send-journal.js';

const MAX_UINT128 = (1n << 128n) - 1n;
const MAX_UINT256 = (1n << 256n) - 1n;
const actionsAbi = [...poolActionsAbi, ...poolOperationErrorsAbi] as const;
const poolAbi = [...uniswapV3PoolAbi, ...poolOperationErrorsAbi] as const;

export interface ChainExecutorOptions {
  readonly publicClient: PublicClient<Transport, Chain>;
  /** the keeper's key (see keeper-key.ts); it pays, owns the positions and receives the output */
  readonly account: LocalAccount;
  /** pool id (as in intents) → the real pool, its tokens and the callback contract */
  readonly pools: Readonly<Record<string, RealPoolAddresses>>;
  readonly guards: GuardSettings;
  /** the view the strategy decided on: the guards' volatility estimator reads it */
  readonly view: () => MarketView;
  /** tip offered, wei per gas */
  readonly maxPriorityFeePerGas: bigint;
  /** gas limit = estimate × (1 + margin); default 2000 bps (20 %) */
  readonly gasMarginBps?: bigint;
  readonly retry?: RetryPolicy;
  /** default: in memory (a restart then forgets what was in flight: use a FileJournal) */
  readonly journal?: SendJournal;
}

/** A receipt of the chain in the simulator's shape, with the decoded revert when it reverted. */
export interface ChainReceipt extends Receipt {
  readonly revertError?: UniswapV3Error | ChainRevertError;
}

interface Call {
  readonly to: Address;
  readonly data: Hex;
  readonly gas: bigint;
}

interface Plan {
  readonly calls: readonly Call[];
  readonly fees: FeeCaps;
  readonly decidedAtBlock: number;
  readonly deadlineSeconds: number;
}

/** The node answered the broadcast with an error: nothing of it is in the pool. */
export class ChainSendRejectedError extends Error {
  override readonly name = 'ChainSendRejectedError';
  constructor(
    readonly intent: Intent,
    cause: unknown,
  ) {
    super(`the node refused the transaction of ${intent.kind}: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`, { cause });
  }
}

export class ChainExecutor implements AsyncExecutor {
  private readonly nonces: NonceManager;
  private readonly journal: SendJournal;
  private readonly retry: RetryPolicy;
  private readonly gasMarginBps: bigint;
  private readonly plans = new WeakMap<PreparedIntent, Plan>();
  private readonly sentByKey = new Map<string, SentTransaction>();
  /** serializes nonce handling: sends and collects never interleave */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly options: ChainExecutorOptions) {
    validateGuardSettings(options.guards);
    if (options.maxPriorityFeePerGas < 0n) throw new InvalidInputError('maxPriorityFeePerGas', options.maxPriorityFeePerGas, 'must be >= 0');
    this.gasMarginBps = options.gasMarginBps ?? 2_000n;
    if (this.gasMarginBps < 0n) throw new InvalidInputError('gasMarginBps', this.gasMarginBps, 'must be >= 0');
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    validateRetryPolicy(this.retry);
    this.journal = options.journal ?? new MemoryJournal();
    this.nonces = new NonceManager(options.publicClient, options.account.address);
  }

  /**
   * Opens an executor: reads the node's pending nonce and adopts what the journal holds in
   * flight (a restart resumes the previous instance's transactions instead of resending them).
   */
  static async open(options: ChainExecutorOptions): Promise<ChainExecutor> {
    const executor = new ChainExecutor(options);
    for (const entry of executor.journal.entries()) executor.sentByKey.set(entry.key, sentOf(entry));
    await executor.reconcileNonces();
    return executor;
  }

  get sender(): string {
    return this.options.account.address;
  }

  pending(): readonly SentTransaction[] {
    return [...this.sentByKey.values()];
  }

  actionOf(txId: string): Action | undefined {
    for (const entry of this.journal.entries()) {
      const index = entry.txs.findIndex((tx) => tx.hashes.includes(txId as Hash));
      if (index >= 0) return entry.actions[index];
    }
    return undefined;
  }

  inFlightGasCeilingWei(): bigint {
    return this.pending().reduce((total, sent) => total + sent.gasCeilingWei, 0n);
  }

  /** The guarded actions of an intent on the chain's latest block, with gas limits and fee caps. */
  async prepare(intent: Intent): Promise<PreparedIntent> {
    const { publicClient } = this.options;
    const block = await publicClient.getBlock({ blockTag: 'latest' });
    const deadlineSeconds = Number(block.timestamp) + this.options.guards.deadlineSeconds;
    const actions = await this.actionsFor(intent, toleranceFor(this.options.guards, this.options.view()));
    const calls: Call[] = [];
    for (const action of actions) {
      const { to, data, abi, functionName } = this.callOf(action, deadlineSeconds);
      let estimated: bigint;
      try {
        estimated = await publicClient.estimateGas({ account: this.options.account.address, to, data });
      } catch (error) {
        throw decodedRevert(error, abi, functionName, to, this.options.account.address) ?? error;
      }
      calls.push({ to, data, gas: gasLimitWithMargin(estimated, this.gasMarginBps) });
    }
    const fees = this.feesAfter(block);
    const gasCeilingWei = calls.reduce((total, call) => total + call.gas * fees.maxFeePerGas, 0n);
    const prepared: PreparedIntent = Object.freeze({ intent, actions: Object.freeze(actions), gasCeilingWei });
    this.plans.set(prepared, { calls, fees, decidedAtBlock: Number(block.number), deadlineSeconds });
    return prepared;
  }

  async submit(intent: Intent): Promise<SentTransaction> {
    return this.send(await this.prepare(intent));
  }

  /**
   * Signs, journals, then broadcasts the transactions of a prepared intent, in nonce order. An
   * intent already in flight (same fields but the reason) is not sent again: its transaction
   * comes back instead. A refusal by the node throws `ChainSendRejectedError` (nothing sent);
   * a transport failure does not throw: the transaction may be in the pool, so it stays in
   * flight and `collect` rebroadcasts the same signed bytes if the node does not know it.
   */
  send(prepared: PreparedIntent): Promise<SentTransaction> {
    return this.serialized(() => this.sendNow(prepared));
  }

  /** After a block: what became of the transactions in flight, in send order. */
  collect(): Promise<Execution[]> {
    return this.serialized(() => this.collectNow());
  }

  // --- internals ------------------------------------------------------------------------------

  private async sendNow(prepared: PreparedIntent): Promise<SentTransaction> {
    const plan = this.plans.get(prepared);
    if (plan === undefined) throw new InvalidInputError('prepared', prepared.intent.kind, 'was not prepared by this chain executor');
    const key = intentKey(prepared.intent);
    const already = this.sentByKey.get(key);
    if (already !== undefined) return already;
    const blockNumber = Number(await this.options.publicClient.getBlockNumber());
    const entry: JournalEntry = {
      key,
      intent: prepared.intent,
      actions: prepared.actions,
      decidedAtBlock: plan.decidedAtBlock,
      submittedAtBlock: blockNumber,
      deadlineSeconds: plan.deadlineSeconds,
      gasCeilingWei: prepared.gasCeilingWei,
      txs: [],
    };
    for (const call of plan.calls) {
      const nonce = await this.nonces.take();
      const raw = await this.sign(nonce, call.to, call.data, call.gas, plan.fees);
      entry.txs.push({ nonce, to: call.to, data: call.data, gas: call.gas, fees: plan.fees, hashes: [keccak256(raw)], raw, broadcastAtBlock: blockNumber, replacements: 0 });
      this.journal.put(entry); // before the broadcast: a crash after it must find this entry
      const refused = await this.broadcast(raw);
      if (refused !== undefined) {
        entry.txs.pop();
        this.journal.put(entry);
        await this.reconcileNonces();
        if (entry.txs.length === 0) {
          this.journal.remove(key);
          throw new ChainSendRejectedError(prepared.intent, refused);
        }
        // Later transactions of the intent depend on the earlier ones: send none of them.
        break;
      }
    }
    const sent = sentOf(entry);
    this.journal.put(entry);
    this.sentByKey.set(key, sent);
    return sent;
  }

  private async collectNow(): Promise<Execution[]> {
    const { publicClient } = this.options;
    const address = this.options.account.address;
    const block = await publicClient.getBlock({ blockTag: 'latest' });
    const minedCount = await publicClient.getTransactionCount({ address, blockTag: 'latest' });
    const blockNumber = Number(block.number);
    const done: Execution[] = [];
    for (const entry of this.journal.entries()) {
      const receipts: ChainReceipt[] = [];
      let waiting = false;
      let dropped = false;
      let changed = false;
      for (const [index, tx] of entry.txs.entries()) {
        const receipt = await this.receiptOf(tx);
        const step = nextRetryStep(
          {
            mined: receipt !== undefined && receipt.transactionHash !== tx.cancelHash,
            nonceConsumed: tx.nonce < minedCount,
            knownToNode: await this.knownToNode(tx.hashes.at(-1)!),
            deadlinePassed: Number(block.timestamp) > entry.deadlineSeconds,
            cancelSent: tx.cancelHash !== undefined,
            blocksSinceBroadcast: blockNumber - tx.broadcastAtBlock,
            replacements: tx.replacements,
          },
          this.retry,
        );
        if (step === 'mined') receipts.push(await this.chainReceipt(receipt!, entry.actions[index]!));
        else if (step === 'dropped') dropped = true;
        else {
          waiting = true;
          if (step !== 'wait') {
            await this.retryTx(tx, step, block, blockNumber);
            changed = true;
          }
        }
      }
      if (changed) this.journal.put(entry);
      if (waiting) continue;
      const outcome = dropped || receipts.length < entry.actions.length ? 'dropped' : receipts.every((r) => r.status === 'success') ? 'filled' : 'reverted';
      done.push({ outcome, sent: this.sentByKey.get(entry.key) ?? sentOf(entry), receipts, atBlock: blockNumber });
      this.journal.remove(entry.key);
      this.sentByKey.delete(entry.key);
    }
    return done;
  }

  private async retryTx(tx: JournalTx, step: 'cancel' | 'rebroadcast' | 'replace', block: Block, blockNumber: number): Promise<void> {
    if (step === 'rebroadcast') {
      // The same bytes: the same hash, so it can only ever run once.
      await this.broadcast(tx.raw);
      return;
    }
    const fees = bumpedFeeCaps(tx.fees, this.feesAfter(block));
    const address = this.options.account.address;
    const raw =
      step === 'cancel'
        ? await this.sign(tx.nonce, address, '0x', 21_000n, fees)
        : await this.sign(tx.nonce, tx.to, tx.data, tx.gas, fees);
    const hash = keccak256(raw);
    tx.hashes.push(hash);
    tx.raw = raw;
    tx.fees = fees;
    tx.broadcastAtBlock = blockNumber;
    if (step === 'cancel') tx.cancelHash = hash;
    else tx.replacements += 1;
    this.journal.put(this.entryOf(tx));
    const refused = await this.broadcast(raw);
    // Refused (e.g. the original mined meanwhile: nonce too low): the next collect reads it.
    if (refused !== undefined) await this.reconcileNonces();
  }

  private entryOf(tx: JournalTx): JournalEntry {
    const entry = this.journal.entries().find((e) => e.txs.includes(tx));
    if (entry === undefined) throw new Error(`transaction at nonce ${tx.nonce} is in no journal entry`);
    return entry;
  }

  private async actionsFor(intent: Intent, tolerancePpm: bigint): Promise<Action[]> {
    const keeper = this.options.account.address;
    switch (intent.kind) {
      case 'swap': {
        if (intent.amountIn <= 0n) throw new InvalidInputError('intent.amountIn', intent.amountIn, 'must be > 0');
        const pool = this.poolOf(intent.pool);
        const [amount0, amount1] = await this.simulate(pool.actions, actionsAbi, 'swapExactInput', [
          pool.pool, keeper, intent.zeroForOne, intent.amountIn, 0n, MAX_UINT256,
        ]) as readonly [bigint, bigint];
        const quoteOut = -(intent.zeroForOne ? amount1 : amount0);
        return [{ kind: 'v3Swap', pool: intent.pool, zeroForOne: intent.zeroForOne, amountSpecified: intent.amountIn, amountOutMinimum: minimumOutput(quoteOut, tolerancePpm) }];
      }
      case 'addLiquidity': {
        if (intent.liquidity <= 0n) throw new InvalidInputError('intent.liquidity', intent.liquidity, 'must be > 0');
        const pool = this.poolOf(intent.pool);
        // What the pool's mint asks now, rounded as the pool rounds: its own answer.
        const [amount0, amount1] = await this.simulate(pool.actions, actionsAbi, 'mint', [
          pool.pool, keeper, intent.tickLower, intent.tickUpper, intent.liquidity,
        ]) as readonly [bigint, bigint];
        return [{
          kind: 'v3Mint', pool: intent.pool, tickLower: intent.tickLower, tickUpper: intent.tickUpper, liquidity: intent.liquidity,
          amount0Max: maximumInput(amount0, tolerancePpm), amount1Max: maximumInput(amount1, tolerancePpm),
        }];
      }
      case 'removeLiquidity':
        if (intent.liquidity <= 0n) throw new InvalidInputError('intent.liquidity', intent.liquidity, 'must be > 0');
        this.poolOf(intent.pool);
        return [{ kind: 'v3Burn', pool: intent.pool, tickLower: intent.tickLower, tickUpper: intent.tickUpper, liquidity: intent.liquidity }];
      case 'collectFees': {
        const pool = this.poolOf(intent.pool);
        const range = { pool: intent.pool, tickLower: intent.tickLower, tickUpper: intent.tickUpper };
        const position = await this.options.publicClient.readContract({
          address: pool.pool, abi: uniswapV3PoolAbi, functionName: 'positions', args: [positionKey(keeper, intent.tickLower, intent.tickUpper)],
        });
        // As the simulated executor: poke (burn 0) a live position so its fees are credited.
        return position[0] > 0n ? [{ kind: 'v3Burn', ...range, liquidity: 0n }, { kind: 'v3Collect', ...range }] : [{ kind: 'v3Collect', ...range }];
      }
      default:
        throw new InvalidInputError('intent.kind', intent.kind, 'the chain executor sends Uniswap v3 intents only (swap, addLiquidity, removeLiquidity, collectFees)');
    }
  }

  private callOf(action: Action, deadlineSeconds: number): { to: Address; data: Hex; abi: Abi; functionName: string } {
    const keeper = this.options.account.address;
    const deadline = BigInt(deadlineSeconds);
    switch (action.kind) {
      case 'v3Swap': {
        const pool = this.poolOf(action.pool);
        const args = [pool.pool, keeper, action.zeroForOne, action.amountSpecified, action.amountOutMinimum ?? 0n, deadline] as const;
        return { to: pool.actions, abi: actionsAbi, functionName: 'swapExactInput', data: encodeFunctionData({ abi: poolActionsAbi, functionName: 'swapExactInput', args }) };
      }
      case 'v3Mint': {
        const pool = this.poolOf(action.pool);
        const args = [pool.pool, keeper, action.tickLower, action.tickUpper, action.liquidity, action.amount0Max ?? MAX_UINT256, action.amount1Max ?? MAX_UINT256, deadline] as const;
        return { to: pool.actions, abi: actionsAbi, functionName: 'mintBounded', data: encodeFunctionData({ abi: poolActionsAbi, functionName: 'mintBounded', args }) };
      }
      case 'v3Burn': {
        const pool = this.poolOf(action.pool);
        const data = encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'burn', args: [action.tickLower, action.tickUpper, action.liquidity] });
        return { to: pool.pool, abi: poolAbi, functionName: 'burn', data };
      }
      case 'v3Collect': {
        const pool = this.poolOf(action.pool);
        const args = [keeper, action.tickLower, action.tickUpper, action.amount0Requested ?? MAX_UINT128, action.amount1Requested ?? MAX_UINT128] as const;
        return { to: pool.pool, abi: poolAbi, functionName: 'collect', data: encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'collect', args }) };
      }
      default:
        throw new InvalidInputError('action.kind', action.kind, 'has no chain transaction');
    }
  }

  private poolOf(id: string): RealPoolAddresses {
    const pool = this.options.pools[id];
    if (pool === undefined) throw new InvalidInputError('intent.pool', id, `is not a pool of this executor (${Object.keys(this.options.pools).join(', ')})`);
    return pool;
  }

  /** eth_call from the keeper: the function's return value now, or its typed revert. */
  private async simulate(to: Address, abi: Abi, functionName: string, args: readonly unknown[]): Promise<unknown> {
    const data = encodeFunctionData({ abi, functionName, args });
    try {
      const result = await this.options.publicClient.call({ account: this.options.account.address, to, data });
      return decodeFunctionResult({ abi, functionName, data: result.data ?? '0x' });
    } catch (error) {
      throw decodedRevert(error, abi, functionName, to, this.options.account.address, args) ?? error;
    }
  }

  private feesAfter(block: Block): FeeCaps {
    const baseFee = block.baseFeePerGas ?? 0n;
    return feeCapsFor(nextBaseFeeWei(baseFee, block.gasUsed, block.gasLimit), this.options.maxPriorityFeePerGas);
  }

  private async sign(nonce: number, to: Address, data: Hex, gas: bigint, fees: FeeCaps): Promise<Hex> {
    const { account, publicClient } = this.options;
    if (account.signTransaction === undefined) throw new InvalidInputError('account', account.address, 'cannot sign transactions');
    return account.signTransaction({ chainId: publicClient.chain.id, type: 'eip1559', nonce, to, data, gas, value: 0n, ...fees });
  }

  /** Broadcasts signed bytes; returns the node's refusal, or undefined (accepted, or maybe). */
  private async broadcast(raw: Hex): Promise<unknown> {
    try {
      await this.options.publicClient.request({ method: 'eth_sendRawTransaction', params: [raw] });
      return undefined;
    } catch (error) {
      // A JSON-RPC error is the node's answer: refused. Anything else (timeout, connection
      // reset) leaves it unknown whether the node took it: treat it as broadcast.
      const answered = error instanceof BaseError && error.walk((e) => e instanceof RpcError) !== null;
      if (answered && /already known|known transaction/i.test((error as Error).message)) return undefined;
      return answered ? error : undefined;
    }
  }

  private async receiptOf(tx: JournalTx): Promise<TransactionReceipt | undefined> {
    for (const hash of tx.hashes) {
      try {
        return await this.options.publicClient.getTransactionReceipt({ hash });
      } catch (error) {
        if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
      }
    }
    return undefined;
  }

  private async knownToNode(hash: Hash): Promise<boolean> {
    try {
      await this.options.publicClient.getTransaction({ hash });
      return true;
    } catch (error) {
      if (error instanceof TransactionNotFoundError) return false;
      throw error;
    }
  }

  private async chainReceipt(receipt: TransactionReceipt, action: Action): Promise<ChainReceipt> {
    const block = await this.options.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    const gasCostWei = receipt.gasUsed * receipt.effectiveGasPrice;
    const burnedWei = receipt.gasUsed * (block.baseFeePerGas ?? 0n);
    const base = {
      txId: receipt.transactionHash,
      sender: receipt.from,
      blockNumber: Number(receipt.blockNumber),
      index: receipt.transactionIndex,
      gasUsed: receipt.gasUsed,
      gasCostWei,
      burnedWei,
      tipWei: gasCostWei - burnedWei,
    };
    if (receipt.status === 'success') return { ...base, status: 'success', result: this.resultOf(receipt, action) };
    const { to, abi, functionName } = this.callOf(action, 0);
    const revertError = await this.revertOf(receipt, to, abi, functionName);
    return { ...base, status: 'reverted', revertReason: revertError?.reason ?? '', result: undefined, ...(revertError === undefined ? {} : { revertError }) };
  }

  /** The pool's own event in the receipt: what really happened, as the simulator reports it. */
  private resultOf(receipt: TransactionReceipt, action: Action): unknown {
    const pool = 'pool' in action && typeof action.pool === 'string' ? this.options.pools[action.pool]?.pool : undefined;
    const logs = receipt.logs.filter((log) => log.address.toLowerCase() === pool?.toLowerCase());
    const events = parseEventLogs({ abi: uniswapV3PoolAbi, logs });
    const wanted = { v3Swap: 'Swap', v3Mint: 'Mint', v3Burn: 'Burn', v3Collect: 'Collect' }[action.kind as 'v3Swap'];
    const event = events.find((e) => e.eventName === wanted);
    if (event === undefined) throw new Error(`transaction ${receipt.transactionHash} emitted no ${wanted} event`);
    if (event.eventName === 'Swap') {
      const { amount0, amount1, sqrtPriceX96, tick } = event.args;
      return { amount0, amount1, sqrtPriceX96After: sqrtPriceX96, tickAfter: tick };
    }
    const { amount0, amount1 } = event.args as { amount0: bigint; amount1: bigint };
    return { amount0, amount1 };
  }

  /**
   * Why a mined transaction reverted: its own revert data from a tracer of the node (geth's
   * `debug_traceTransaction` callTracer, else the parity-style `trace_transaction` that anvil
   * and erigon serve), else a replay at the parent block (exact only when nothing before it in
   * its block changed the state it read).
   */
  private async revertOf(receipt: TransactionReceipt, to: Address, abi: Abi, functionName: string): Promise<UniswapV3Error | ChainRevertError | undefined> {
    const output = await this.revertDataOf(receipt.transactionHash);
    if (output !== undefined) return revertErrorFrom(new ContractFunctionRevertedError({ abi, data: output, functionName }), functionName);
    const { publicClient } = this.options;
    const tx = await publicClient.getTransaction({ hash: receipt.transactionHash });
    try {
      await publicClient.call({ account: tx.from, to, data: tx.input, gas: tx.gas, blockNumber: receipt.blockNumber - 1n });
    } catch (error) {
      return decodedRevert(error, abi, functionName, to, tx.from);
    }
    return undefined;
  }

  private async revertDataOf(hash: Hash): Promise<Hex | undefined> {
    const request = this.options.publicClient.request as unknown as (args: { method: string; params: readonly unknown[] }) => Promise<unknown>;
    const hasData = (output: unknown): output is Hex => typeof output === 'string' && /^0x[0-9a-fA-F]{8,}$/.test(output);
    try {
      const trace = (await request({ method: 'debug_traceTransaction', params: [hash, { tracer: 'callTracer' }] })) as { output?: unknown };
      if (hasData(trace.output)) return trace.output;
    } catch {
      // no geth tracer here: try the parity one
    }
    try {
      const traces = (await request({ method: 'trace_transaction', params: [hash] })) as { traceAddress?: unknown[]; result?: { output?: unknown } }[];
      const top = traces.find((t) => t.traceAddress?.length === 0);
      if (hasData(top?.result?.output)) return top.result.output;
    } catch {
      // no tracer at all: the caller replays
    }
    return undefined;
  }

  /**
   * The node's pending count, but never below a nonce the journal holds: a transaction signed
   * and maybe never seen by the node (a transport failure, a crash) keeps its nonce, so another
   * intent can never take it.
   */
  private async reconcileNonces(): Promise<void> {
    await this.nonces.reconcile();
    const journaled = this.journal.entries().flatMap((entry) => entry.txs.map((tx) => tx.nonce));
    if (journaled.length === 0) return;
    const highest = Math.max(...journaled);
    while ((this.nonces.peek() ?? 0) <= highest) await this.nonces.take();
  }

  private serialized<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

function sentOf(entry: JournalEntry): SentTransaction {
  const txIds = entry.txs.map((tx) => tx.hashes[0]!);
  return Object.freeze({
    txId: txIds[txIds.length - 1]!,
    txIds: Object.freeze(txIds),
    intent: entry.intent,
    actions: Object.freeze([...entry.actions].slice(0, Math.max(entry.txs.length, 0))),
    deadlineSeconds: entry.deadlineSeconds,
    decidedAtBlock: entry.decidedAtBlock,
    submittedAtBlock: entry.submittedAtBlock,
    gasCeilingWei: entry.gasCeilingWei,
  });
}

function decodedRevert(error: unknown, abi: Abi, functionName: string, address: Address, sender: Address, args?: readonly unknown[]) {
  const decoded = error instanceof BaseError ? getContractError(error, { abi, functionName, args: args ?? [], address, sender }) : error;
  return revertErrorFrom(decoded, functionName);
}
