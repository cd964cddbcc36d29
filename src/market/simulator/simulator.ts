/**
 * MarketSimulator: a deterministic, block-by-block DeFi market. `step()` builds ONE block, in
 * this fixed order:
 *
 *   (a) the clock advances to block N + 1; the external price is read for its timestamp, and
 *       the base fee it will carry is fixed (known from its parent, as on chain);
 *   (b) the oracles observe the external price (Chainlink-style feeds); the perp's index follows
 *       it; expired option series settle at it and new expiries are listed;
 *   (c) the agents, in their configured order, see the venues as of block N, the public mempool
 *       and the new price and oracles, and submit transactions and bundles (submittedAtBlock =
 *       N, so with the default inclusion delay of 1 they can land in N + 1). External
 *       submitters (an executor) call `submit` between steps, also at block N;
 *   (d) the mempool builds block N + 1: bundles at the top, then the public/private pool by
 *       effective priority fee;
 *   (e) each included transaction executes in order against the venues (every v3 pool's
 *       `blockTimestamp` set to the block's), checking its own guards, and reverts on refusal
 *       (a revert changes nothing but the sender's gas);
 *   (f) gas is charged to the sender in the native token: gasUsed × effective gas price, the
 *       base-fee part burned, the tip to the builder; a receipt is written;
 *   (g) the base-fee model records the block's gas (simulated + the rest of the chain's).
 *
 * Accounts are a token ledger (`ledger`): bigint balances per address and token, the native gas
 * token included; venues hold their tokens there under their own address, so PnL and
 * conservation are exact (`auditConservation`). Every included transaction gets a `Receipt`;
 * those sent through `submit` stay readable with `receipt(txId)`.
 *
 * Everything is seeded; no wall clock is read.
 */
import { InvalidInputError } from '../../errors.js';
import type { Agent, AgentApi, AgentOrder, BundleItemRequest, MempoolReader } from '../agents/types.js';
import type { BaseFeeModel } from '../chain/base-fee.js';
import type { BlockClock, BlockHeader } from '../chain/block-clock.js';
import { DEFAULT_GAS_SCHEDULE, type GasSchedule } from '../chain/gas-schedule.js';
import { Mempool, type IncludedTransaction, type MempoolTransaction, type SubmitResult } from '../chain/mempool.js';
import { PerpError } from '../perp/errors.js';
import { LendingError } from '../lending/errors.js';
import { OptionVenueError } from '../options/errors.js';
import type { PriceFeed } from '../oracle/price-feed.js';
import { UniswapV3Error } from '../../uniswap-v3/errors.js';
import { GAS_KIND_OF, type Action, type Receipt, type SimPayload, type SimTransactionRequest } from './actions.js';
import type { BackgroundGas } from './background-gas.js';
import { DEFAULT_EXECUTORS, executeAction, OUT_OF_GAS, Revert, type ExecutionOutcome, type Executor } from './executors.js';
import { InsufficientBalanceError, TokenLedger } from './ledger.js';
import { LiveMarketView, type MarketView, type ViewClock } from './market-view.js';
import type { PriceProcess } from './price-process.js';
import { withLendingMarkets, type PoolVenue, type ResolvedVenueSet, type VenueSet } from './venues.js';

/** An oracle feed and what it is shown each block. */
export interface OracleBinding {
  readonly asset: string;
  readonly feed: PriceFeed;
  /** 'external': the external price process; a number: a fixed price (a stablecoin's 1) */
  readonly source: 'external' | number;
}

export interface MarketSimulatorOptions {
  readonly clock: BlockClock;
  readonly baseFees: BaseFeeModel;
  readonly priceProcess: PriceProcess;
  readonly venues: VenueSet;
  readonly mempool?: Mempool<SimPayload>;
  readonly oracles?: readonly OracleBinding[];
  readonly agents?: readonly Agent[];
  /** default 30,000,000 */
  readonly blockGasLimit?: bigint;
  readonly gasSchedule?: GasSchedule;
  /** gas limit room for a v3 swap's tick crossings when the sender gives none (default 10) */
  readonly swapTickAllowance?: number;
  readonly backgroundGas?: BackgroundGas;
  /** default 'ETH' (18 decimals) */
  readonly nativeToken?: string;
  /** numeraire per native token: 'external' (the external price is the native's) or a fixed number */
  readonly nativePrice?: 'external' | number;
  /** who receives the tips (default 'builder') */
  readonly builder?: string;
  /** which receipts to keep for `receipt(id)`: the ones `submit` sent (default) or all */
  readonly retainReceipts?: 'submitted' | 'all';
  /** extra or replacement action executors (with the gas line of each new kind) */
  readonly executors?: Readonly<Record<string, Executor<never>>>;
  readonly gasKinds?: Readonly<Record<string, keyof GasSchedule>>;
}

export interface BlockSummary {
  readonly blockNumber: number;
  readonly timestampSeconds: number;
  readonly externalPrice: number;
  readonly baseFeeWei: bigint;
  /** gas used by the simulated transactions */
  readonly gasUsed: bigint;
  /** gas used by the rest of the chain (background demand) */
  readonly backgroundGasUsed: bigint;
  readonly receipts: readonly Receipt[];
}

const NATIVE_DECIMALS = 18;
const NO_RECEIPTS: readonly Receipt[] = Object.freeze([]);

export class MarketSimulator {
  readonly ledger = new TokenLedger();
  readonly mempool: Mempool<SimPayload>;
  /** the venues, with every lending market listed in `lendingMarkets` */
  readonly venues: ResolvedVenueSet;
  readonly view: MarketView;
  readonly clock: BlockClock;
  readonly baseFees: BaseFeeModel;
  readonly blockGasLimit: bigint;
  readonly gasSchedule: GasSchedule;
  readonly nativeToken: string;
  readonly builder: string;
  readonly agents: readonly Agent[];
  private readonly priceProcess: PriceProcess;
  private readonly oracles: readonly OracleBinding[];
  private readonly feedsByAsset: Map<string, PriceFeed>;
  private readonly background: BackgroundGas | undefined;
  private readonly nativePriceSource: 'external' | number;
  private readonly swapTickAllowance: bigint;
  private readonly retainAll: boolean;
  private readonly executors: Readonly<Record<string, Executor<never>>>;
  private readonly gasKinds: Readonly<Record<string, keyof GasSchedule>>;
  private readonly poolList: readonly PoolVenue[];
  private readonly state: ViewClock;
  private readonly api: AgentApi;
  private readonly reader: MempoolReader;
  private blockIndex = 0;
  private txSequence = 0;
  /** public/private pending transactions the simulator sent, per sender (nonce assignment) */
  private readonly pendingPerSender = new Map<string, number>();
  private readonly pendingSender = new Map<string, string>();
  private readonly trackedIds = new Set<string>();
  private readonly receipts = new Map<string, Receipt>();
  private lastReceipts: readonly Receipt[] = NO_RECEIPTS;
  /** replay reserves' external yield paid into each lending venue's account, `${address}|${asset}` */
  private readonly externalYieldPaidByReserve = new Map<string, bigint>();
  private readonly context: {
    ledger: TokenLedger;
    venues: ResolvedVenueSet;
    nowSeconds: number;
    externalPrice: number;
    maxTicksCrossed: number | undefined;
    externalYieldPaid: Map<string, bigint>;
  };

  constructor(options: MarketSimulatorOptions) {
    this.clock = options.clock;
    this.baseFees = options.baseFees;
    this.priceProcess = options.priceProcess;
    this.venues = withLendingMarkets(options.venues);
    this.mempool = options.mempool ?? new Mempool<SimPayload>();
    this.oracles = options.oracles ?? [];
    this.agents = options.agents ?? [];
    this.blockGasLimit = options.blockGasLimit ?? 30_000_000n;
    if (this.blockGasLimit <= 0n) throw new InvalidInputError('blockGasLimit', this.blockGasLimit, 'must be > 0');
    this.gasSchedule = options.gasSchedule ?? DEFAULT_GAS_SCHEDULE;
    const allowance = options.swapTickAllowance ?? 10;
    if (!(Number.isInteger(allowance) && allowance >= 0)) throw new InvalidInputError('swapTickAllowance', allowance, 'must be an integer >= 0');
    this.swapTickAllowance = BigInt(allowance);
    this.background = options.backgroundGas;
    this.nativeToken = options.nativeToken ?? 'ETH';
    this.nativePriceSource = options.nativePrice ?? 'external';
    this.builder = options.builder ?? 'builder';
    this.retainAll = options.retainReceipts === 'all';
    this.executors = { ...DEFAULT_EXECUTORS, ...(options.executors ?? {}) };
    this.gasKinds = { ...GAS_KIND_OF, ...(options.gasKinds ?? {}) };
    this.poolList = [...this.venues.pools.values()];
    this.feedsByAsset = new Map();
    for (const [i, binding] of this.oracles.entries()) {
      if (this.feedsByAsset.has(binding.asset)) throw new InvalidInputError(`oracles[${i}].asset`, binding.asset, 'has two feeds');
      this.feedsByAsset.set(binding.asset, binding.feed);
    }
    const names = new Set<string>();
    for (const [i, agent] of this.agents.entries()) {
      if (names.has(agent.name)) throw new InvalidInputError(`agents[${i}].name`, agent.name, 'is used twice');
      names.add(agent.name);
    }

    const genesis = this.clock.current();
    const initialPrice = this.priceProcess.initialPrice;
    const firstBaseFee = this.baseFees.baseFeeWeiFor({ blockNumber: genesis.blockNumber + 1, timestampSeconds: genesis.timestampSeconds });
    this.state = {
      blockNumber: genesis.blockNumber,
      blockTimestampSeconds: genesis.timestampSeconds,
      nowSeconds: genesis.timestampSeconds,
      externalPrice: initialPrice,
      nativePrice: this.nativePriceSource === 'external' ? initialPrice : this.nativePriceSource,
      baseFeeWei: firstBaseFee,
    };
    for (const venue of this.poolList) venue.pool.blockTimestamp = genesis.timestampSeconds;
    this.view = new LiveMarketView(this.state, this.venues, this.feedsByAsset);
    this.context = {
      ledger: this.ledger,
      venues: this.venues,
      nowSeconds: genesis.timestampSeconds,
      externalPrice: initialPrice,
      maxTicksCrossed: undefined,
      externalYieldPaid: this.externalYieldPaidByReserve,
    };
    if (this.feedsByAsset.size > 0) {
      // Aave reads its oracle (8 decimals) at the time of each call: the feed's latest published round.
      for (const lending of this.venues.lendingMarkets.values()) lending.market.setPriceSource((asset) => this.oraclePriceBase8(asset));
    }
    const venues = this.venues;
    const ledger = this.ledger;
    this.api = {
      pool: (id) => {
        const venue = venues.pools.get(id);
        if (venue === undefined) throw new InvalidInputError('pool', id, `no such pool (${[...venues.pools.keys()].join(', ')})`);
        return venue;
      },
      lending: (market) => (market === undefined ? venues.lending : venues.lendingMarkets.get(market))?.market,
      lendingMarketIds: Object.freeze([...venues.lendingMarkets.keys()]),
      balanceOf: (address, token) => ledger.balanceOf(address, token),
      gasSchedule: this.gasSchedule,
      nativeToken: this.nativeToken,
      nativeDecimals: NATIVE_DECIMALS,
    };
    const mempool = this.mempool;
    this.reader = {
      get pendingCount() {
        return mempool.pendingCount;
      },
      publicPending: () => mempool.publicPending(),
      isPending: (id) => mempool.isPending(id),
      accountNonce: (sender) => mempool.accountNonce(sender),
    };
    // Oracles see the genesis price early enough (their latency before genesis) that the first
    // block, and genesis set-up such as opening loans, already read a published answer.
    for (const binding of this.oracles) {
      const seenAt = Math.max(0, genesis.timestampSeconds - binding.feed.updateLatencySeconds);
      binding.feed.observe(seenAt, binding.source === 'external' ? initialPrice : binding.source);
    }
    this.venues.perp?.market.setIndexPrice(genesis.timestampSeconds, initialPrice);
    this.venues.options?.venue.listExpiries(genesis.timestampSeconds, initialPrice);
  }

  /** The latest built block number. */
  get blockNumber(): number {
    return this.state.blockNumber;
  }

  get nowSeconds(): number {
    return this.state.nowSeconds;
  }

  /** Blocks built since genesis. */
  get blocksBuilt(): number {
    return this.blockIndex;
  }

  /** Receipts of the latest block, in block order. */
  get latestReceipts(): readonly Receipt[] {
    return this.lastReceipts;
  }

  /** The receipt of a transaction sent with `submit` (or any, with retainReceipts 'all'), once included. */
  receipt(txId: string): Receipt | undefined {
    return this.receipts.get(txId);
  }

  /** Replay reserves: external yield paid so far into a lending venue's ledger account (the audit's inflow). */
  externalYieldPaid(address: string, asset: string): bigint {
    return this.externalYieldPaidByReserve.get(`${address}|${asset}`) ?? 0n;
  }

  feed(asset: string): PriceFeed | undefined {
    return this.feedsByAsset.get(asset);
  }

  pool(id: string): PoolVenue {
    return this.api.pool(id);
  }

  /** Genesis funding (or a faucet): creates tokens in an account. */
  fund(address: string, token: string, amount: bigint): void {
    this.ledger.mint(address, token, amount);
  }

  /**
   * Runs an action at once, outside any block and without gas: for setting up positions at
   * genesis (seeding liquidity, opening a loan). Throws on refusal.
   */
  executeNow(sender: string, action: Action): ExecutionOutcome {
    for (const venue of this.poolList) venue.pool.blockTimestamp = this.state.nowSeconds;
    this.context.nowSeconds = this.state.nowSeconds;
    this.context.externalPrice = this.state.externalPrice;
    this.context.maxTicksCrossed = undefined;
    return executeAction(this.executors, this.context, sender, action);
  }

  /**
   * Sends a transaction to the mempool as of the latest block; its receipt is kept for
   * `receipt(txId)`. The nonce is assigned (the sender's next after its pending ones).
   */
  submit(request: SimTransactionRequest): { txId: string; status: SubmitResult } {
    const sent = this.send(request);
    this.trackedIds.add(sent.txId);
    return sent;
  }

  /**
   * Sends an atomic bundle for `targetBlockNumber` (default: the next block). String items are
   * ids of public pending transactions. Returns the bundle id.
   */
  submitBundle(items: readonly BundleItemRequest[], targetBlockNumber: number = this.state.blockNumber + 1): string {
    const offsets = new Map<string, number>();
    const resolved = items.map((item) => {
      if (typeof item === 'string') return item;
      const offset = offsets.get(item.sender) ?? 0;
      offsets.set(item.sender, offset + 1);
      return this.toMempoolTransaction(item, this.nextNonce(item.sender) + offset);
    });
    return this.mempool.submitBundle(resolved, targetBlockNumber);
  }

  /** Builds one block (see the module comment for the order) and returns what happened. */
  step(): BlockSummary {
    // (a)
    const header = this.clock.advance();
    this.blockIndex++;
    const now = header.timestampSeconds;
    const price = this.priceProcess.priceAt(this.blockIndex, now);
    if (!(Number.isFinite(price) && price > 0)) throw new InvalidInputError('externalPrice', price, `block ${header.blockNumber}: must be a finite number > 0`);
    const baseFeeWei = this.baseFees.baseFeeWeiFor(header);
    const state = this.state;
    state.nowSeconds = now;
    state.externalPrice = price;
    if (this.nativePriceSource === 'external') state.nativePrice = price;
    state.baseFeeWei = baseFeeWei;
    // (b)
    this.observeOracles(now, price);
    // (c)
    for (const agent of this.agents) {
      const orders = agent.act(this.view, this.reader, this.api);
      if (orders.length > 0) this.place(orders);
    }
    // (d)
    const block = this.mempool.buildBlock(header.blockNumber, baseFeeWei, this.blockGasLimit);
    for (const dropped of block.dropped) this.forget(dropped.transaction.id);
    // (e), (f)
    let gasUsed = 0n;
    let receipts: Receipt[] | undefined;
    // Every block, so the pool's TWAP reads run to the latest block even when no one trades.
    for (const venue of this.poolList) venue.pool.blockTimestamp = now;
    if (block.included.length > 0) {
      this.context.nowSeconds = now;
      this.context.externalPrice = price;
      receipts = [];
      for (const included of block.included) {
        const receipt = this.execute(included, header, baseFeeWei);
        gasUsed += receipt.gasUsed;
        receipts.push(receipt);
        if (this.retainAll || this.trackedIds.delete(receipt.txId)) this.receipts.set(receipt.txId, receipt);
      }
    }
    // (g)
    const backgroundGasUsed = this.background?.gasUsed(baseFeeWei, this.blockGasLimit, this.blockGasLimit - gasUsed) ?? 0n;
    this.baseFees.recordBlock(gasUsed + backgroundGasUsed, this.blockGasLimit);
    state.blockNumber = header.blockNumber;
    state.blockTimestampSeconds = now;
    state.baseFeeWei = this.baseFees.baseFeeWeiFor({ blockNumber: header.blockNumber + 1, timestampSeconds: now });
    this.lastReceipts = receipts ?? NO_RECEIPTS;
    return { blockNumber: header.blockNumber, timestampSeconds: now, externalPrice: price, baseFeeWei, gasUsed, backgroundGasUsed, receipts: this.lastReceipts };
  }

  /** Builds `count` blocks; returns the last summary. */
  run(count: number): BlockSummary | undefined {
    if (!(Number.isSafeInteger(count) && count >= 0)) throw new InvalidInputError('count', count, 'must be a non-negative integer');
    let last: BlockSummary | undefined;
    for (let i = 0; i < count; i++) last = this.step();
    return last;
  }

  /** The oracle price of an asset in 8 decimals at the simulator's clock (Aave's price source). */
  oraclePriceBase8(asset: string): bigint | undefined {
    const feed = this.feedsByAsset.get(asset);
    if (feed === undefined) return undefined;
    const round = feed.latestRoundData(this.state.nowSeconds);
    const decimals = feed.decimals;
    if (decimals === 8) return round.answer;
    return decimals > 8 ? round.answer / 10n ** BigInt(decimals - 8) : round.answer * 10n ** BigInt(8 - decimals);
  }

  private observeOracles(now: number, price: number): void {
    for (const binding of this.oracles) binding.feed.observe(now, binding.source === 'external' ? price : binding.source);
    const perp = this.venues.perp;
    if (perp !== undefined) perp.market.setIndexPrice(now, price);
    const options = this.venues.options;
    if (options !== undefined) {
      // Expired series settle at the external price of the first block at or after expiry;
      // new expiries are listed as the schedule rolls.
      for (const expirySeconds of options.venue.listedExpiries()) {
        if (expirySeconds <= now && options.venue.settlementPrice(expirySeconds) === undefined) options.venue.settle(expirySeconds, price, now);
      }
      options.venue.listExpiries(now, price);
    }
  }

  private place(orders: readonly AgentOrder[]): void {
    for (const order of orders) {
      if (order.type === 'tx') this.send(order.tx);
      else this.submitBundle(order.items, order.targetBlockNumber);
    }
  }

  private nextNonce(sender: string): number {
    return this.mempool.accountNonce(sender) + (this.pendingPerSender.get(sender) ?? 0);
  }

  private send(request: SimTransactionRequest): { txId: string; status: SubmitResult } {
    const tx = this.toMempoolTransaction(request, this.nextNonce(request.sender));
    const status = this.mempool.submit(tx);
    if (status.status !== 'rejected') {
      this.pendingPerSender.set(tx.sender, (this.pendingPerSender.get(tx.sender) ?? 0) + 1);
      this.pendingSender.set(tx.id, tx.sender);
      if (status.status === 'replaced') this.forget(status.replacedId);
    }
    return { txId: tx.id, status };
  }

  private forget(id: string): void {
    const sender = this.pendingSender.get(id);
    if (sender === undefined) return;
    this.pendingSender.delete(id);
    const count = (this.pendingPerSender.get(sender) ?? 1) - 1;
    if (count > 0) this.pendingPerSender.set(sender, count);
    else this.pendingPerSender.delete(sender);
  }

  /** The gas limit a transaction of this action gets by default (a swap: room for its tick allowance). */
  defaultGasLimit(action: Action): bigint {
    const gasKind = this.gasKinds[action.kind];
    if (gasKind === undefined) throw new InvalidInputError('action.kind', action.kind, 'has no gas line');
    const baseGas = this.gasSchedule[gasKind];
    return action.kind === 'v3Swap' ? baseGas + this.swapTickAllowance * this.gasSchedule.swapCrossTick : baseGas;
  }

  /** The fee cap a transaction gets by default: 2 × the next base fee + the tip (what wallets send). */
  defaultMaxFeePerGas(maxPriorityFeePerGas: bigint): bigint {
    return 2n * this.state.baseFeeWei + maxPriorityFeePerGas;
  }

  private toMempoolTransaction(request: SimTransactionRequest, nonce: number): MempoolTransaction<SimPayload> {
    const tip = request.maxPriorityFeePerGas;
    const gasLimit = request.gasLimit ?? this.defaultGasLimit(request.action);
    const payload: SimPayload = request.deadlineSeconds === undefined ? { action: request.action } : { action: request.action, deadlineSeconds: request.deadlineSeconds };
    return {
      id: request.id ?? `tx${this.txSequence++}`,
      sender: request.sender,
      nonce,
      gasLimit,
      maxFeePerGas: request.maxFeePerGas ?? this.defaultMaxFeePerGas(tip),
      maxPriorityFeePerGas: tip,
      submittedAtBlock: this.state.blockNumber,
      ...(request.isPrivate === true ? { isPrivate: true } : {}),
      payload,
    };
  }

  private execute(included: IncludedTransaction<SimPayload>, header: BlockHeader, baseFeeWei: bigint): Receipt {
    const tx = included.transaction;
    this.forget(tx.id);
    const { action, deadlineSeconds } = tx.payload;
    const native = this.nativeToken;
    const baseGas = this.gasSchedule[this.gasKinds[action.kind]!];
    // The EVM refuses to start a transaction whose sender cannot pay gasLimit × price up front.
    const upfront = tx.gasLimit * included.effectiveGasPriceWei;
    let status: 'success' | 'reverted' = 'success';
    let revertReason: string | undefined;
    let result: unknown;
    let gasUsed = baseGas;
    if (this.ledger.balanceOf(tx.sender, native) < upfront) {
      status = 'reverted';
      revertReason = `insufficient funds for gas * price: ${tx.sender} holds ${this.ledger.balanceOf(tx.sender, native)} wei, needs ${upfront}`;
      gasUsed = 0n;
    } else if (deadlineSeconds !== undefined && header.timestampSeconds > deadlineSeconds) {
      status = 'reverted';
      revertReason = 'Transaction too old';
    } else {
      this.context.maxTicksCrossed = action.kind === 'v3Swap' ? Number((tx.gasLimit - baseGas) / this.gasSchedule.swapCrossTick) : undefined;
      try {
        const outcome = executeAction(this.executors, this.context, tx.sender, action);
        result = outcome.result;
        if (outcome.initializedTicksCrossed !== undefined) gasUsed = baseGas + BigInt(outcome.initializedTicksCrossed) * this.gasSchedule.swapCrossTick;
      } catch (error) {
        const reason = revertReasonOf(error);
        if (reason === undefined) throw error;
        status = 'reverted';
        revertReason = reason;
        // Running out of gas consumes all of it.
        if (reason === OUT_OF_GAS) gasUsed = tx.gasLimit;
      }
    }
    if (gasUsed > tx.gasLimit) gasUsed = tx.gasLimit;
    // transactionCost's split, inline: the base-fee part is burned, the tip goes to the builder.
    const burnedWei = gasUsed * baseFeeWei;
    const tipWei = gasUsed * included.priorityFeePerGasWei;
    if (burnedWei > 0n) this.ledger.burn(tx.sender, native, burnedWei);
    if (tipWei > 0n) this.ledger.transfer(tx.sender, this.builder, native, tipWei);
    return {
      txId: tx.id,
      sender: tx.sender,
      blockNumber: header.blockNumber,
      index: included.index,
      status,
      ...(revertReason === undefined ? {} : { revertReason }),
      gasUsed,
      gasCostWei: burnedWei + tipWei,
      burnedWei,
      tipWei,
      ...(included.bundleId === undefined ? {} : { bundleId: included.bundleId }),
      result,
    };
  }
}

/** The revert string of a refusal, or undefined for an error that is a bug (rethrown). */
export function revertReasonOf(error: unknown): string | undefined {
  if (error instanceof Revert) return error.reason;
  if (error instanceof UniswapV3Error) return error.reason;
  if (error instanceof LendingError) return error.code;
  if (error instanceof PerpError) return error.code;
  if (error instanceof OptionVenueError) return error.code;
  if (error instanceof InsufficientBalanceError) return `STF: ${error.message}`;
  if (error instanceof InvalidInputError) return error.message;
  return undefined;
}
