/**
 * One step of the engine's loop, the same for every driver:
 *
 *   sim.step() → the vault's receipts → ledger (fills, reverts, gas) and PnL flows → Book →
 *   valuation at the block's marks → triggers → Strategy.decide (frozen inputs) → risk.check →
 *   executor submits (the transaction lands in a later block and pays gas).
 *
 * Reporting the NAV to the vault (`syncVault`) is the driver's cadence, not every block: each
 * report is a vault event, and a report per block would grow the vault's log with the run.
 *
 * Intents equal to one still in flight are not sent again; the strategy also sees them in
 * `Book.pending`, so it need not ask twice.
 */
import { InvalidInputError } from '../errors.js';
import type { MarketSimulator } from '../market/simulator/simulator.js';
import type { MarketView } from '../market/simulator/market-view.js';
import type { Action, Receipt } from '../market/simulator/actions.js';
import type { RiskCheck } from '../risk/types.js';
import type { Book, Intent, JsonValue, Strategy } from '../strategy/types.js';
import type { Vault } from '../vault/vault.js';
import type { Executor } from '../execution/executor.js';
import type { BookBuilder } from './book-builder.js';
import { sealableFrozenView } from './frozen-view.js';
import { flowsOfReceipts, type LedgerEvent, type PoolTokens } from './ledger.js';
import { preBlockSwapStates, sandwichLossOf } from './mev.js';
import { PnlAccumulator, quantitiesOf, totalValue, type Quantities } from './pnl.js';
import type { Trigger } from './triggers.js';
import { marksAt, scaledToBaseUnits, type Marks, type MarkSource } from './valuation.js';

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** An intent's identity for "already in flight": every field but the reason. */
export function intentKey(intent: Intent): string {
  const { reason: _reason, ...rest } = intent;
  return JSON.stringify(rest, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
}

export interface EngineParts<Params, Memory extends JsonValue> {
  readonly sim: MarketSimulator;
  readonly strategy: Strategy<Params, Memory>;
  readonly params: Params;
  readonly memory: Memory;
  readonly risk: RiskCheck;
  readonly executor: Executor;
  readonly books: BookBuilder;
  readonly vault: Vault;
  readonly triggers: readonly Trigger[];
  readonly markSource: MarkSource;
  readonly poolTokens: PoolTokens;
  /** where ledger events go (the backtest keeps them; a live driver would persist them) */
  readonly record: (event: LedgerEvent) => void;
  /**
   * Stop deciding after this many failed sends in a row — reverted or dropped transactions, and
   * intents the vault cannot pay gas for — until a person looks (default 5; 0 never stops). A
   * strategy that retries what keeps failing would otherwise pay gas, or spam the ledger, every
   * block for the rest of the run.
   */
  readonly haltAfterConsecutiveFailures?: number;
}

/** Why and when the engine stopped deciding. */
export interface HaltState {
  readonly blockNumber: number;
  readonly timestampSeconds: number;
  readonly reason: string;
}

export interface StepOutcome {
  readonly blockNumber: number;
  readonly timestampSeconds: number;
  readonly book: Book;
  readonly marks: Marks;
  /** NAV in scaled units (exact) and in numeraire base units (floored) */
  readonly navScaled: bigint;
  readonly navBaseUnits: bigint;
  readonly decided: boolean;
}

export class EngineLoop<Params, Memory extends JsonValue> {
  readonly pnl = new PnlAccumulator();
  private memoryState: Memory;
  private quantities: Quantities;
  private marks: Marks;
  private navScaledNow: bigint;
  /** the perp account's cumulative funding at the previous block (collateral base units) */
  private perpFundingPaid: bigint;
  /** owners' deposits (> 0) and withdrawals (< 0) since the last block, numeraire base units */
  private ownerFlows: { token: string; amount: bigint }[] = [];
  private consecutiveFailures = 0;
  private lastNote: string | undefined;
  private haltState: HaltState | undefined;

  constructor(private readonly parts: EngineParts<Params, Memory>) {
    this.memoryState = deepFreeze(structuredClone(parts.memory));
    const book = parts.books.build([], parts.vault.totalSupply);
    this.marks = this.marksNow();
    this.quantities = quantitiesOf(book, parts.poolTokens);
    this.navScaledNow = totalValue(this.quantities, this.marks);
    this.perpFundingPaid = book.perp?.fundingPaid ?? 0n;
  }

  get memory(): Memory {
    return this.memoryState;
  }
  get navScaled(): bigint {
    return this.navScaledNow;
  }
  get currentMarks(): Marks {
    return this.marks;
  }
  /** What the strategy said of its latest decision (for people watching; not persisted). */
  get note(): string | undefined {
    return this.lastNote;
  }
  /** Set once the failure breaker tripped: the engine no longer asks the strategy. */
  get halted(): HaltState | undefined {
    return this.haltState;
  }

  private noteSuccess(): void {
    this.consecutiveFailures = 0;
  }

  private noteFailure(blockNumber: number, timestampSeconds: number, what: string): void {
    this.consecutiveFailures++;
    const limit = this.parts.haltAfterConsecutiveFailures ?? 5;
    if (limit > 0 && this.consecutiveFailures >= limit && this.haltState === undefined) {
      this.haltState = { blockNumber, timestampSeconds, reason: `${this.consecutiveFailures} failed sends in a row; the last: ${what}` };
      this.parts.record({ type: 'halted', ...this.haltState });
    }
  }

  private marksNow(): Marks {
    const sim = this.parts.sim;
    return marksAt(sim.view, this.parts.markSource, (asset) => sim.feed(asset)!.decimals);
  }

  /**
   * The keeper's report: the vault's idle = the numeraire the address holds, deployed = the rest
   * of the NAV, so totalAssets = NAV.
   */
  syncVault(navBaseUnits: bigint, nowSeconds: number): void {
    const { vault, sim, books, markSource } = this.parts;
    const idle = sim.ledger.balanceOf(books.address, markSource.numeraire);
    if (navBaseUnits < idle) {
      // ERC-4626 cannot carry negative deployed assets: debts larger than every non-idle position.
      throw new InvalidInputError('book', navBaseUnits, `NAV ${navBaseUnits} is below the idle ${markSource.numeraire} ${idle}: the vault cannot report negative strategy assets`);
    }
    if (vault.idleAssets > idle) vault.allocate(vault.idleAssets - idle, nowSeconds);
    if (vault.idleAssets < idle) {
      vault.reportStrategyAssets(navBaseUnits - vault.idleAssets, nowSeconds);
      vault.deallocate(idle - vault.idleAssets, nowSeconds);
    }
    vault.reportStrategyAssets(navBaseUnits - idle, nowSeconds);
  }

  /**
   * An owner deposits (> 0) or withdraws (< 0) numeraire between blocks, at the NAV of the
   * latest block: the vault is brought up to date first so the shares are priced on it. The
   * flow enters the next block's PnL as "deposits/withdrawals", never as profit.
   */
  ownerFlow(amount: bigint, owner: string): bigint {
    const { sim, vault, books, markSource, record } = this.parts;
    const now = sim.view.blockTimestampSeconds;
    this.syncVault(scaledToBaseUnits(this.navScaledNow), now);
    let shares: bigint;
    if (amount >= 0n) {
      shares = vault.deposit(amount, owner, now);
      sim.fund(books.address, markSource.numeraire, amount);
    } else {
      shares = -vault.withdraw(-amount, owner, owner, now);
      sim.ledger.transfer(books.address, owner, markSource.numeraire, -amount);
    }
    this.ownerFlows.push({ token: markSource.numeraire, amount });
    record({ type: 'deposit', blockNumber: sim.blockNumber, timestampSeconds: now, token: markSource.numeraire, amount });
    return shares;
  }

  step(): StepOutcome {
    const { sim, executor, books, vault, record } = this.parts;
    const inFlight = executor.pending();
    const preSwapStates = inFlight.length === 0 ? undefined : preBlockSwapStates(inFlight.flatMap((sent) => sent.actions), (id) => sim.pool(id).pool);
    const summary = sim.step();
    const now = summary.timestampSeconds;
    const marks = this.marksNow();
    const nativeMark = marks.get(sim.nativeToken) ?? 0n;
    const ownerFlows = this.ownerFlows;
    const landed: { receipt: Receipt; action: Action }[] = [];
    const sandwichLoss = preSwapStates === undefined || preSwapStates.size === 0 ? undefined : sandwichLossOf(summary.receipts, preSwapStates, (id) => sim.pool(id).pool);
    const mevLossByTx = new Map<string, bigint>();
    for (const receipt of summary.receipts) {
      if (receipt.sender !== books.address) continue;
      const action = executor.actionOf(receipt.txId);
      if (action === undefined) throw new Error(`receipt ${receipt.txId} of the vault was not sent by the engine`);
      landed.push({ receipt, action });
      if (sandwichLoss !== undefined && receipt.status === 'success' && action.kind === 'v3Swap') {
        const { amount0, amount1 } = receipt.result as { amount0: bigint; amount1: bigint };
        const loss = sandwichLoss(receipt, action, action.zeroForOne ? -amount1 : -amount0);
        if (loss !== undefined) mevLossByTx.set(receipt.txId, loss);
      }
      const mevLossOut = mevLossByTx.get(receipt.txId);
      record({
        type: receipt.status === 'success' ? 'fill' : 'revert',
        blockNumber: summary.blockNumber,
        timestampSeconds: now,
        txId: receipt.txId,
        action,
        gasCostWei: receipt.gasCostWei,
        gasCostBaseUnits: scaledToBaseUnits(receipt.gasCostWei * nativeMark),
        ...(receipt.revertReason === undefined ? {} : { revertReason: receipt.revertReason }),
        ...(receipt.status === 'success' ? { result: receipt.result } : {}),
        ...(mevLossOut === undefined ? {} : { mevLossOut }),
      });
      if (receipt.status === 'success') this.noteSuccess();
      else this.noteFailure(summary.blockNumber, now, `${action.kind} reverted: ${receipt.revertReason ?? 'no reason'}`);
    }
    const receiptFlows = flowsOfReceipts(landed, sim.nativeToken, this.parts.poolTokens, books, mevLossByTx.size === 0 ? undefined : (receipt) => mevLossByTx.get(receipt.txId));
    this.ownerFlows = [];
    for (const execution of executor.collect()) {
      if (execution.outcome === 'dropped') {
        record({ type: 'dropped', blockNumber: summary.blockNumber, timestampSeconds: now, txIds: execution.sent.txIds, reason: execution.sent.intent.reason });
        this.noteFailure(summary.blockNumber, now, `${execution.sent.intent.kind} dropped without a receipt (deadline or mempool TTL)`);
      }
    }
    let book = books.build(executor.pending(), vault.totalSupply);
    // The venue's per-account cumulative funding is exact: its change is this block's funding.
    const fundingPaid = book.perp?.fundingPaid ?? 0n;
    const perpFunding = fundingPaid === this.perpFundingPaid ? [] : [{ token: books.perpCollateralToken!, amount: fundingPaid - this.perpFundingPaid }];
    this.perpFundingPaid = fundingPaid;
    const flows = { ...receiptFlows, deposits: ownerFlows, perpFunding };
    const quantities = quantitiesOf(book, this.parts.poolTokens);
    this.pnl.record(this.quantities, this.marks, quantities, marks, flows, summary.blockNumber);
    this.quantities = quantities;
    this.marks = marks;
    this.navScaledNow = totalValue(quantities, marks);
    const navBaseUnits = scaledToBaseUnits(this.navScaledNow);

    const decided = this.decideAndSubmit(book);
    if (decided) book = books.build(executor.pending(), vault.totalSupply);
    return { blockNumber: summary.blockNumber, timestampSeconds: now, book, marks, navScaled: this.navScaledNow, navBaseUnits, decided };
  }

  private decideAndSubmit(book: Book): boolean {
    const { sim, triggers } = this.parts;
    const view = sim.view;
    if (this.haltState !== undefined) return false;
    if (!triggers.some((trigger) => trigger.fires(view, book))) return false;
    for (const trigger of triggers) trigger.decided(view);
    const frozen = sealableFrozenView(view);
    try {
      this.decideOn(frozen.view, deepFreeze(book));
    } finally {
      frozen.seal();
    }
    return true;
  }

  private decideOn(frozenView: MarketView, frozenBook: Book): void {
    const { strategy, params, risk, executor, record } = this.parts;
    const decision = strategy.decide(frozenView, frozenBook, params, this.memoryState);
    // A strategy that returns its memory unchanged returns the frozen object it was given.
    if (decision.memory !== this.memoryState) this.memoryState = deepFreeze(structuredClone(decision.memory));
    this.lastNote = decision.note;
    if (decision.intents.length === 0) return;
    const timestampSeconds = frozenView.blockTimestampSeconds;
    const blockNumber = frozenView.blockNumber;
    const inFlight = new Set(executor.pending().map((sent) => intentKey(sent.intent)));
    const fresh = decision.intents.filter((intent) => !inFlight.has(intentKey(intent)));
    for (const intent of fresh) record({ type: 'intent', blockNumber, timestampSeconds, intent });
    if (fresh.length === 0) return;
    const decisions = risk.check(fresh, frozenBook, frozenView);
    if (decisions.length !== fresh.length) throw new Error(`risk check returned ${decisions.length} decisions for ${fresh.length} intents`);
    const { sim, books } = this.parts;
    for (const riskDecision of decisions) {
      if (riskDecision.status === 'refused') {
        record({ type: 'risk', blockNumber, timestampSeconds, decision: riskDecision });
        continue;
      }
      // A node's txpool refuses a sender who cannot cover gasLimit × maxFeePerGas of everything
      // it has pending: refuse here, in the ledger, instead of sending what cannot land.
      const prepared = executor.prepare(riskDecision.intent);
      const heldWei = sim.ledger.balanceOf(books.address, sim.nativeToken);
      const inFlightWei = executor.inFlightGasCeilingWei();
      if (heldWei < inFlightWei + prepared.gasCeilingWei) {
        const reason = `[gas-budget] the vault holds ${heldWei} wei of ${sim.nativeToken}; sending needs ${prepared.gasCeilingWei} more than the ${inFlightWei} its pending transactions may use`;
        record({ type: 'risk', blockNumber, timestampSeconds, decision: { status: 'refused', original: riskDecision.intent, reason } });
        this.noteFailure(blockNumber, timestampSeconds, `${riskDecision.intent.kind}: ${reason}`);
        if (this.haltState !== undefined) return;
        continue;
      }
      record({ type: 'risk', blockNumber, timestampSeconds, decision: riskDecision });
      const sent = executor.send(prepared);
      record({ type: 'submitted', blockNumber, timestampSeconds, txIds: sent.txIds, actions: sent.actions, reason: riskDecision.intent.reason });
    }
  }
}
