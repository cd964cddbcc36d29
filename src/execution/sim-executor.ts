/**
 * The simulated executor: intents become the simulator's `Action`s, with the guards of
 * `engine/guards.ts`, sent through the mempool like any other transaction (so they pay gas and
 * land in a later block), and receipts become fills or reverts. It keeps the list of its
 * transactions still in flight, which the engine shows the strategy as `Book.pending`.
 */
import { InvalidInputError } from '../errors.js';
import type { Action, Receipt } from '../market/simulator/actions.js';
import type { MarketSimulator } from '../market/simulator/simulator.js';
import type { PoolVenue } from '../market/simulator/venues.js';
import { getAmount0Delta, getAmount1Delta } from '../uniswap-v3/sqrt-price-math.js';
import { getSqrtRatioAtTick } from '../uniswap-v3/tick-math.js';
import { maximumInput, minimumOutput, toleranceFor, validateGuardSettings, type GuardSettings } from '../engine/guards.js';
import type { Intent, PendingIntent } from '../strategy/types.js';
import type { Executor } from './executor.js';

export interface SimExecutorOptions {
  /** the vault's ledger address: sender of every transaction */
  readonly sender: string;
  readonly guards: GuardSettings;
  /** tip offered to the builder, wei per gas */
  readonly maxPriorityFeePerGas: bigint;
}

/**
 * The transactions of one intent, sent back to back (nonce order binds them in that order):
 * one, except `collectFees` on a position with liquidity, which pokes it (burn 0) before
 * collecting, as the periphery's NonfungiblePositionManager does, because a bare `collect` pays
 * only what a previous burn or poke credited.
 */
export interface SentTransaction extends PendingIntent {
  readonly txIds: readonly string[];
  readonly actions: readonly Action[];
  readonly deadlineSeconds: number;
  readonly submittedAtBlock: number;
  /** Σ gasLimit × maxFeePerGas of its transactions: what the sender must hold to send them */
  readonly gasCeilingWei: bigint;
}

/** An intent turned into its guarded actions on the market now, not yet sent. */
export interface PreparedIntent {
  readonly intent: Intent;
  readonly actions: readonly Action[];
  /** Σ gasLimit × maxFeePerGas: a node's txpool refuses a sender holding less than this */
  readonly gasCeilingWei: bigint;
}

/**
 * What became of a sent intent: filled (every transaction succeeded), reverted (one reverted;
 * the others may have run), or dropped (a transaction left the mempool without a receipt, its
 * TTL ran out: it paid no gas). `receipts` are those that exist, in send order.
 */
export interface Execution {
  readonly outcome: 'filled' | 'reverted' | 'dropped';
  readonly sent: SentTransaction;
  readonly receipts: readonly Receipt[];
  readonly atBlock: number;
}

/** What an option trade's limit is set from: the venue's bid/ask now, the series' delta and the spot. */
export interface OptionQuoteForLimit {
  readonly bid: number;
  readonly ask: number;
  /** BSM delta per unit at the surface vol */
  readonly delta: number;
  readonly spot: number;
}
export type OptionQuoteSource = (kind: 'call' | 'put', strike: number, expirySeconds: number) => OptionQuoteForLimit | undefined;

/**
 * The limit premium of an option trade: the strategy's reserve when it gave one; otherwise the
 * bid (a sell) or ask (a buy) moved against the trader by |Δ|·S·tol, the premium's move when
 * the underlying moves by the swap guard's k·σ·√Δt. A sell's limit is never below 0.
 */
export function optionLimitPrice(side: 'buy' | 'sell', quote: OptionQuoteForLimit, tolerancePpm: bigint): number {
  const move = Math.abs(quote.delta) * quote.spot * (Number(tolerancePpm) / 1e6);
  return side === 'buy' ? quote.ask + move : Math.max(0, quote.bid - move);
}

function poolAmountsFor(venue: PoolVenue, tickLower: number, tickUpper: number, liquidity: bigint): [bigint, bigint] {
  // What the pool's mint would ask now (rounded up, as the pool does).
  const { sqrtPriceX96, tick } = venue.pool.slot0;
  const lower = getSqrtRatioAtTick(tickLower);
  const upper = getSqrtRatioAtTick(tickUpper);
  if (tick < tickLower) return [getAmount0Delta(lower, upper, liquidity, true), 0n];
  if (tick < tickUpper) return [getAmount0Delta(sqrtPriceX96, upper, liquidity, true), getAmount1Delta(lower, sqrtPriceX96, liquidity, true)];
  return [0n, getAmount1Delta(lower, upper, liquidity, true)];
}

/**
 * The guarded action for an intent, from the market state now (the end of the latest block).
 * `tolerancePpm` is k·σ·√Δt from `toleranceFor`.
 */
export function intentToActions(
  intent: Intent,
  owner: string,
  poolOf: (id: string) => PoolVenue,
  tolerancePpm: bigint,
  perpMarkPrice?: () => number,
  optionQuote?: OptionQuoteSource,
): Action[] {
  if (intent.kind === 'collectFees') {
    const range = { pool: intent.pool, tickLower: intent.tickLower, tickUpper: intent.tickUpper };
    // A position without liquidity cannot be poked ('NP'); its burn already credited its fees.
    const { liquidity } = poolOf(intent.pool).pool.positions(owner, intent.tickLower, intent.tickUpper);
    return liquidity > 0n ? [{ kind: 'v3Burn', ...range, liquidity: 0n }, { kind: 'v3Collect', ...range }] : [{ kind: 'v3Collect', ...range }];
  }
  return [intentToAction(intent, poolOf, tolerancePpm, perpMarkPrice, optionQuote)];
}

/**
 * The limit of a perp trade: the mark now moved against the trader by the tolerance (a buy may
 * fill up to mark × (1 + tol), a sell down to mark × (1 − tol)), the swap guard's k·σ·√Δt.
 */
export function perpLimitPrice(markPrice: number, sizeDeltaWei: bigint, tolerancePpm: bigint): number {
  const tolerance = Number(tolerancePpm) / 1e6;
  return sizeDeltaWei > 0n ? markPrice * (1 + tolerance) : markPrice * (1 - tolerance);
}

function intentToAction(
  intent: Exclude<Intent, { kind: 'collectFees' }>,
  poolOf: (id: string) => PoolVenue,
  tolerancePpm: bigint,
  perpMarkPrice: (() => number) | undefined,
  optionQuote?: OptionQuoteSource,
): Action {
  switch (intent.kind) {
    case 'swap': {
      if (intent.amountIn <= 0n) throw new InvalidInputError('intent.amountIn', intent.amountIn, 'must be > 0');
      const quote = poolOf(intent.pool).pool.quoteSwap(intent.zeroForOne, intent.amountIn);
      const quoteOut = -(intent.zeroForOne ? quote.amount1 : quote.amount0);
      return {
        kind: 'v3Swap',
        pool: intent.pool,
        zeroForOne: intent.zeroForOne,
        amountSpecified: intent.amountIn,
        amountOutMinimum: minimumOutput(quoteOut, tolerancePpm),
      };
    }
    case 'addLiquidity': {
      if (intent.liquidity <= 0n) throw new InvalidInputError('intent.liquidity', intent.liquidity, 'must be > 0');
      const [amount0, amount1] = poolAmountsFor(poolOf(intent.pool), intent.tickLower, intent.tickUpper, intent.liquidity);
      return {
        kind: 'v3Mint',
        pool: intent.pool,
        tickLower: intent.tickLower,
        tickUpper: intent.tickUpper,
        liquidity: intent.liquidity,
        amount0Max: maximumInput(amount0, tolerancePpm),
        amount1Max: maximumInput(amount1, tolerancePpm),
      };
    }
    case 'removeLiquidity':
      if (intent.liquidity <= 0n) throw new InvalidInputError('intent.liquidity', intent.liquidity, 'must be > 0');
      return { kind: 'v3Burn', pool: intent.pool, tickLower: intent.tickLower, tickUpper: intent.tickUpper, liquidity: intent.liquidity };
    case 'supply':
    case 'withdraw':
    case 'borrow':
    case 'repay': {
      if (intent.amount <= 0n) throw new InvalidInputError('intent.amount', intent.amount, 'must be > 0');
      const kinds = { supply: 'lendingSupply', withdraw: 'lendingWithdraw', borrow: 'lendingBorrow', repay: 'lendingRepay' } as const;
      return { kind: kinds[intent.kind], asset: intent.asset, amount: intent.amount, ...(intent.market === undefined ? {} : { market: intent.market }) };
    }
    case 'perpDeposit':
    case 'perpWithdraw':
      if (intent.amount <= 0n) throw new InvalidInputError('intent.amount', intent.amount, 'must be > 0');
      return { kind: intent.kind, amountUnits: intent.amount };
    case 'perpTrade': {
      if (intent.sizeDeltaWei === 0n) throw new InvalidInputError('intent.sizeDeltaWei', intent.sizeDeltaWei, 'must not be 0');
      if (perpMarkPrice === undefined) throw new InvalidInputError('intent.kind', intent.kind, 'the market has no perp venue');
      return { kind: 'perpTrade', sizeDeltaWei: intent.sizeDeltaWei, limitPrice: perpLimitPrice(perpMarkPrice(), intent.sizeDeltaWei, tolerancePpm) };
    }
    case 'optionDeposit':
    case 'optionWithdraw': {
      const cashUnits = intent.cashUnits ?? 0n;
      const underlyingWei = intent.underlyingWei ?? 0n;
      if (cashUnits < 0n) throw new InvalidInputError('intent.cashUnits', cashUnits, 'must be >= 0');
      if (underlyingWei < 0n) throw new InvalidInputError('intent.underlyingWei', underlyingWei, 'must be >= 0');
      if (cashUnits === 0n && underlyingWei === 0n) throw new InvalidInputError('intent.cashUnits', cashUnits, 'cash or underlying must be > 0');
      return { kind: intent.kind, ...(cashUnits === 0n ? {} : { cashUnits }), ...(underlyingWei === 0n ? {} : { underlyingWei }) };
    }
    case 'optionTrade': {
      if (intent.sizeWei <= 0n) throw new InvalidInputError('intent.sizeWei', intent.sizeWei, 'must be > 0');
      if (optionQuote === undefined) throw new InvalidInputError('intent.kind', intent.kind, 'the market has no option venue');
      const series = { optionKind: intent.optionKind, strike: intent.strike, expirySeconds: intent.expirySeconds };
      let limitPrice = intent.limitPrice;
      if (limitPrice === undefined) {
        const quote = optionQuote(intent.optionKind, intent.strike, intent.expirySeconds);
        if (quote === undefined) throw new InvalidInputError('intent.strike', intent.strike, `${intent.optionKind} ${intent.strike} @ ${intent.expirySeconds} is not a tradable listed series`);
        limitPrice = optionLimitPrice(intent.side, quote, tolerancePpm);
      }
      return { kind: 'optionTrade', side: intent.side, ...series, sizeWei: intent.sizeWei, limitPrice };
    }
  }
}

export class SimExecutor implements Executor {
  private readonly inFlight: SentTransaction[] = [];

  constructor(
    private readonly sim: MarketSimulator,
    private readonly options: SimExecutorOptions,
  ) {
    validateGuardSettings(options.guards);
    if (options.maxPriorityFeePerGas < 0n) throw new InvalidInputError('maxPriorityFeePerGas', options.maxPriorityFeePerGas, 'must be >= 0');
  }

  get sender(): string {
    return this.options.sender;
  }

  /** Transactions sent and not yet resolved, oldest first. */
  pending(): readonly SentTransaction[] {
    return this.inFlight;
  }

  /** The action of a transaction still in flight (the loop reads it when its receipt lands). */
  actionOf(txId: string): Action | undefined {
    for (const sent of this.inFlight) {
      const index = sent.txIds.indexOf(txId);
      if (index >= 0) return sent.actions[index];
    }
    return undefined;
  }

  /** The guarded actions of an intent on the current view, and the gas they may cost at most. */
  prepare(intent: Intent): PreparedIntent {
    const view = this.sim.view;
    const perp = this.sim.venues.perp;
    const chain = view.options;
    const actions = intentToActions(
      intent,
      this.options.sender,
      (id) => this.sim.pool(id),
      toleranceFor(this.options.guards, view),
      perp === undefined ? undefined : () => perp.market.markPrice(),
      chain === undefined
        ? undefined
        : (kind, strike, expirySeconds) => {
            const quote = chain.quote(kind, strike, expirySeconds);
            return quote === undefined ? undefined : { bid: quote.bid, ask: quote.ask, delta: quote.greeks.delta, spot: view.externalPrice };
          },
    );
    const maxFeePerGas = this.sim.defaultMaxFeePerGas(this.options.maxPriorityFeePerGas);
    const gasCeilingWei = actions.reduce((total, action) => total + this.sim.defaultGasLimit(action) * maxFeePerGas, 0n);
    return { intent, actions, gasCeilingWei };
  }

  /** Σ gas ceilings of the transactions still in flight. */
  inFlightGasCeilingWei(): bigint {
    return this.inFlight.reduce((total, sent) => total + sent.gasCeilingWei, 0n);
  }

  /** Sends the guarded transaction of an intent decided on the current view. */
  submit(intent: Intent): SentTransaction {
    return this.send(this.prepare(intent));
  }

  /** Sends a prepared intent (prepared on this same view). */
  send(prepared: PreparedIntent): SentTransaction {
    const view = this.sim.view;
    const deadlineSeconds = view.blockTimestampSeconds + this.options.guards.deadlineSeconds;
    const txIds = prepared.actions.map(
      (action) =>
        this.sim.submit({ sender: this.options.sender, action, maxPriorityFeePerGas: this.options.maxPriorityFeePerGas, deadlineSeconds }).txId,
    );
    const sent: SentTransaction = Object.freeze({
      txId: txIds[txIds.length - 1]!,
      txIds: Object.freeze(txIds),
      intent: prepared.intent,
      actions: Object.freeze([...prepared.actions]),
      deadlineSeconds,
      decidedAtBlock: view.blockNumber,
      submittedAtBlock: view.blockNumber,
      gasCeilingWei: prepared.gasCeilingWei,
    });
    this.inFlight.push(sent);
    return sent;
  }

  /** After a block: what happened to the transactions in flight, in send order. */
  collect(): Execution[] {
    const done: Execution[] = [];
    for (let index = 0; index < this.inFlight.length; ) {
      const sent = this.inFlight[index]!;
      const receipts: Receipt[] = [];
      let waiting = false;
      let dropped = false;
      for (const txId of sent.txIds) {
        const receipt = this.sim.receipt(txId);
        if (receipt !== undefined) receipts.push(receipt);
        else if (this.sim.mempool.isPending(txId)) waiting = true;
        else dropped = true;
      }
      if (waiting) {
        index++;
        continue;
      }
      const outcome = dropped ? 'dropped' : receipts.every((receipt) => receipt.status === 'success') ? 'filled' : 'reverted';
      done.push({ outcome, sent, receipts, atBlock: this.sim.blockNumber });
      this.inFlight.splice(index, 1);
    }
    return done;
  }
}
