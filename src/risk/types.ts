/**
 * The risk layer's contract: for each intent, approved, resized (with the new intent) or refused,
 * always with a reason that lands in the ledger. The rules (pure, one per file) come in a later
 * session; until then the engine runs with `passThroughRisk`, which approves everything and
 * enforces NO limits — it is a placeholder, not a risk policy.
 */
import type { MarketView } from '../market/simulator/market-view.js';
import type { Book, Intent } from '../strategy/types.js';
import type { Marks } from '../engine/valuation.js';
import type { RiskLimits } from './limits.js';

export type RiskDecision =
  | { readonly status: 'approved'; readonly intent: Intent; readonly reason: string }
  | { readonly status: 'resized'; readonly intent: Intent; readonly original: Intent; readonly reason: string }
  | { readonly status: 'refused'; readonly original: Intent; readonly reason: string };

export interface RiskCheck {
  /** One decision per intent, in the same order. */
  check(intents: readonly Intent[], book: Book, view: MarketView): readonly RiskDecision[];
}

/** Approves every intent unchanged. No limits: use only until the risk rules exist. */
export const passThroughRisk: RiskCheck = {
  check: (intents) => intents.map((intent) => ({ status: 'approved', intent, reason: 'pass-through (no risk rules configured)' })),
};

// ---------------------------------------------------------------------------------------------
// The rule layer (issue 5): what a rule sees and what it answers. Added below the original
// contract, which stays as it was.

/** A decision as the composite check emits it: the id of the deciding rule travels with it. */
export type RuleTaggedDecision = RiskDecision & { readonly ruleId: string };

/** A rule's answer for one intent; a resize carries the smaller intent. */
export type RuleVerdict =
  | { readonly status: 'approved' }
  | { readonly status: 'resized'; readonly intent: Intent; readonly reason: string }
  | { readonly status: 'refused'; readonly reason: string };

/** Static facts about the market the view does not expose. */
export interface PoolInfo {
  readonly token0: string;
  readonly token1: string;
  /** the pool's swap fee, hundredths of a bip (500 = 0.05 %) */
  readonly feePips: number;
}

export interface RiskMarket {
  readonly numeraire: string;
  /** token → decimals, every token the vault can hold */
  readonly decimals: Readonly<Record<string, number>>;
  /** token → oracle asset pricing it when it has no feed (ETH → WETH) */
  readonly aliases: Readonly<Record<string, string>>;
  /** oracle asset → feed decimals */
  readonly feedDecimals: Readonly<Record<string, number>>;
  readonly pools: Readonly<Record<string, PoolInfo>>;
  /** lending asset → liquidation threshold, bps (the view does not expose the reserve config) */
  readonly liquidationThresholdBps: Readonly<Record<string, number>>;
  /**
   * the venue id the lending market with id "lending" (a one-market scenario's) is booked under
   * (default "lending"); every other lending market is booked under its own id
   */
  readonly lendingVenue?: string;
}

/** The default lending market's id when a market names none (`VenueSet.lending`). */
const DEFAULT_LENDING_ID = 'lending';

/**
 * The venue a lending market's exposure is booked under: its id (an intent without one goes to
 * the view's first market), except that the market "lending" takes `RiskMarket.lendingVenue`.
 */
export function lendingVenueName(market: RiskMarket, view: MarketView, id: string | undefined): string {
  const resolved = id ?? view.lendingMarketIds[0] ?? DEFAULT_LENDING_ID;
  return resolved === DEFAULT_LENDING_ID ? (market.lendingVenue ?? DEFAULT_LENDING_ID) : resolved;
}

/** The market id booked under a venue name, or undefined when the venue is no lending market of the view. */
export function lendingMarketOfVenue(market: RiskMarket, view: MarketView, venue: string): string | undefined {
  const ids = view.lendingMarketIds.length > 0 ? view.lendingMarketIds : [DEFAULT_LENDING_ID];
  return ids.find((id) => lendingVenueName(market, view, id) === venue);
}

/**
 * The vault's exposure at the marks. Values are scaled numeraire units (base units × 10^36,
 * valuation.ts), so they are exact integers.
 */
export interface Exposure {
  readonly navScaled: bigint;
  /** Σ long values of every holding but idle numeraire, plus Σ debt values */
  readonly grossScaled: bigint;
  /** idle numeraire, base units */
  readonly idleNumeraire: bigint;
  /** token → signed net value (held anywhere − debt) */
  readonly assetValueScaled: ReadonlyMap<string, bigint>;
  /** venue (pool id or the lending venue) → value deployed there */
  readonly venueValueScaled: ReadonlyMap<string, bigint>;
  /** lending: asset → supplied and debt amounts, base units, over every lending market */
  readonly supplied: ReadonlyMap<string, bigint>;
  readonly debt: ReadonlyMap<string, bigint>;
  /** the same per lending venue (`lendingVenueName`): each market is its own account */
  readonly lendingByVenue: ReadonlyMap<string, { readonly supplied: ReadonlyMap<string, bigint>; readonly debt: ReadonlyMap<string, bigint> }>;
}

export interface VenueHealth {
  /** in [0, 1]: the product of the components */
  readonly score: number;
  readonly components: Readonly<Record<string, number>>;
  readonly explain: string;
}

/** Everything a rule may read: plain data and pure helpers, built once per check. */
export interface RiskContext {
  readonly view: MarketView;
  readonly book: Book;
  readonly limits: RiskLimits;
  readonly market: RiskMarket;
  readonly marks: Marks;
  /** tokens without an oracle answer, marked 0 (check.ts riskMarks) */
  readonly unmarked: readonly string[];
  readonly before: Exposure;
  /** the exposure if the intent filled at the marks (a swap value-neutral at the marks) */
  after(intent: Intent): Exposure;
  venueHealth(venue: string): VenueHealth;
}

export type RiskRule = (intent: Intent, context: RiskContext) => RuleVerdict;

/** Kinds that only reduce risk: exposure rules and the paused circuit breaker let them through. */
export const DE_RISKING_KINDS: ReadonlySet<Intent['kind']> = new Set(['removeLiquidity', 'repay', 'collectFees', 'withdraw']);

/** The size a resize changes: swap input, liquidity, or lending amount; collectFees has none. */
export function sizeOf(intent: Intent): bigint | undefined {
  switch (intent.kind) {
    case 'swap':
      return intent.amountIn;
    case 'addLiquidity':
    case 'removeLiquidity':
      return intent.liquidity;
    case 'collectFees':
      return undefined;
    case 'perpTrade':
      // signed: a bisection over [0, max] cannot resize a sell; perp sizing is not a rule's yet
      return undefined;
    case 'optionDeposit':
    case 'optionWithdraw':
    case 'optionTrade':
      // two amounts (cash and underlying), or a contract size bound to its collateral: not resized
      return undefined;
    default:
      return intent.amount;
  }
}

export function withSize(intent: Intent, size: bigint): Intent {
  switch (intent.kind) {
    case 'swap':
      return { ...intent, amountIn: size };
    case 'addLiquidity':
    case 'removeLiquidity':
      return { ...intent, liquidity: size };
    case 'collectFees':
      return intent;
    case 'perpTrade':
    case 'optionDeposit':
    case 'optionWithdraw':
    case 'optionTrade':
      return intent;
    default:
      return { ...intent, amount: size };
  }
}


/** A ratio as bps for reasons: numerator / denominator × 10^4, two decimals. */
export function bpsText(numerator: bigint, denominator: bigint): string {
  if (denominator === 0n) return numerator === 0n ? '0 bps' : '∞ bps';
  const hundredths = (numerator * 1_000_000n) / denominator;
  const sign = hundredths < 0n ? '-' : '';
  const abs = hundredths < 0n ? -hundredths : hundredths;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')} bps`;
}
