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
import type { Action, Receipt } from '../market/simulator/actions.js';
import type { RiskCheck } from '../risk/types.js';
import type { Book, Intent, JsonValue, Strategy } from '../strategy/types.js';
import type { Vault } from '../vault/vault.js';
import type { SimExecutor } from '../execution/sim-executor.js';
import type { BookBuilder } from './book-builder.js';
import { freezeView } from './frozen-view.js';
import { flowsOfReceipts, type LedgerEvent, type PoolTokens } from './ledger.js';
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
  readonly executor: SimExecutor;
  readonly books: BookBuilder;
  readonly vault: Vault;
  readonly triggers: readonly Trigger[];
  readonly markSource: MarkSource;
  readonly poolTokens: PoolTokens;
  /** where ledger events go (the backtest keeps them; a live driver would persist them) */
  readonly record: (event: LedgerEvent) => void;
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
    const summary = sim.step();
    const now = summary.timestampSeconds;
    const marks = this.marksNow();
    const nativeMark = marks.get(sim.nativeToken) ?? 0n;
    const ownerFlows = this.ownerFlows;
    const landed: { receipt: Receipt; action: Action }[] = [];
    for (const receipt of summary.receipts) {
      if (receipt.sender !== books.address) continue;
      const action = executor.actionOf(receipt.txId);
      if (action === undefined) throw new Error(`receipt ${receipt.txId} of the vault was not sent by the engine`);
      landed.push({ receipt, action });
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
      });
    }
    const receiptFlows = flowsOfReceipts(landed, sim.nativeToken, this.parts.poolTokens, books);
    this.ownerFlows = [];
    for (const execution of executor.collect()) {
      if (execution.outcome === 'dropped') {
        record({ type: 'dropped', blockNumber: summary.blockNumber, timestampSeconds: now, txIds: execution.sent.txIds, reason: execution.sent.intent.reason });
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
    const { sim, strategy, params, risk, executor, triggers, record } = this.parts;
    const view = sim.view;
    if (!triggers.some((trigger) => trigger.fires(view, book))) return false;
    for (const trigger of triggers) trigger.decided(view);
    const frozenView = freezeView(view);
    const frozenBook = deepFreeze(book);
    const decision = strategy.decide(frozenView, frozenBook, params, this.memoryState);
    this.memoryState = deepFreeze(structuredClone(decision.memory));
    const timestampSeconds = view.blockTimestampSeconds;
    const blockNumber = view.blockNumber;
    const inFlight = new Set(executor.pending().map((sent) => intentKey(sent.intent)));
    const fresh = decision.intents.filter((intent) => !inFlight.has(intentKey(intent)));
    for (const intent of fresh) record({ type: 'intent', blockNumber, timestampSeconds, intent });
    if (fresh.length === 0) return true;
    const decisions = risk.check(fresh, frozenBook, frozenView);
    if (decisions.length !== fresh.length) throw new Error(`risk check returned ${decisions.length} decisions for ${fresh.length} intents`);
    for (const riskDecision of decisions) {
      record({ type: 'risk', blockNumber, timestampSeconds, decision: riskDecision });
      if (riskDecision.status === 'refused') continue;
      const sent = executor.submit(riskDecision.intent);
      record({ type: 'submitted', blockNumber, timestampSeconds, txIds: sent.txIds, actions: sent.actions, reason: riskDecision.intent.reason });
    }
    return true;
  }
}
