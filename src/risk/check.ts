/**
 * The composite risk check: the rules of `rules/`, one pure function each, run in this order
 *
 *   circuit breaker → oracle staleness → oracle deviation → venue health → health factor →
 *   liquidation distance → leverage → asset concentration → venue concentration →
 *   liquidity buffer (may resize) → slippage (may resize)
 *
 * on every intent. The first refusal in that order wins. If none refuses, the resizes compose
 * by taking the smallest size, and the smaller intent is checked again by every rule (a second
 * round may shrink it further or refuse it); the loop ends when all approve. Every decision
 * carries `ruleId` and a reason with the numbers.
 *
 * Independence: each intent is checked against the same book (the one passed in), not against
 * the book as the earlier intents of the batch would leave it. So a batch's decisions do not
 * depend on the order of its intents. The price of that: several intents that each fit may
 * together exceed a limit by at most (n − 1) intents' worth; strategies that split an order to
 * get round a limit are caught at the next decision, whose book includes the fills.
 *
 * The check is stateful only through its circuit breaker, which tracks the peak NAV per share
 * across calls (circuit-breaker.ts).
 */
import { InvalidInputError } from '../errors.js';
import { getAmountsForLiquidity } from '../uniswap-v3/liquidity-amounts.js';
import { getSqrtRatioAtTick } from '../uniswap-v3/tick-math.js';
import { marksAt, type Marks } from '../engine/valuation.js';
import type { MarketView } from '../market/simulator/market-view.js';
import type { Book, Intent } from '../strategy/types.js';
import { CircuitBreaker, navPerShareWad } from './circuit-breaker.js';
import { parseRiskLimits, type RiskLimits } from './limits.js';
import { assetConcentrationRule, ASSET_CONCENTRATION } from './rules/asset-concentration.js';
import { healthFactorRule, HEALTH_FACTOR } from './rules/health-factor.js';
import { leverageRule, LEVERAGE } from './rules/leverage.js';
import { liquidationDistanceRule, LIQUIDATION_DISTANCE } from './rules/liquidation-distance.js';
import { liquidityBufferRule, LIQUIDITY_BUFFER } from './rules/liquidity-buffer.js';
import { oracleDeviationRule, ORACLE_DEVIATION } from './rules/oracle-deviation.js';
import { oracleStalenessRule, ORACLE_STALENESS } from './rules/oracle-staleness.js';
import { slippageRule, SLIPPAGE } from './rules/slippage.js';
import { venueConcentrationRule, VENUE_CONCENTRATION } from './rules/venue-concentration.js';
import { venueHealthRule, VENUE_HEALTH } from './rules/venue-health.js';
import { bpsText, lendingVenueName, sizeOf, type Exposure, type RiskCheck, type RiskContext, type RiskMarket, type RiskRule, type RuleTaggedDecision } from './types.js';
import { venueHealth } from './venue-health.js';

/** The documented order (see the header). */
export const RULES: readonly { readonly id: string; readonly rule: RiskRule }[] = [
  { id: ORACLE_STALENESS, rule: oracleStalenessRule },
  { id: ORACLE_DEVIATION, rule: oracleDeviationRule },
  { id: VENUE_HEALTH, rule: venueHealthRule },
  { id: HEALTH_FACTOR, rule: healthFactorRule },
  { id: LIQUIDATION_DISTANCE, rule: liquidationDistanceRule },
  { id: LEVERAGE, rule: leverageRule },
  { id: ASSET_CONCENTRATION, rule: assetConcentrationRule },
  { id: VENUE_CONCENTRATION, rule: venueConcentrationRule },
  { id: LIQUIDITY_BUFFER, rule: liquidityBufferRule },
  { id: SLIPPAGE, rule: slippageRule },
];

type Holdings = Map<string, bigint>;
const key = (venue: string, token: string, kind: 'long' | 'debt'): string => `${venue}|${token}|${kind}`;
function add(holdings: Holdings, venue: string, token: string, kind: 'long' | 'debt', amount: bigint): void {
  const k = key(venue, token, kind);
  holdings.set(k, (holdings.get(k) ?? 0n) + amount);
}

/** The venue name of the perp account in the exposures (venue concentration, venue value). */
const PERP_VENUE = 'perp';
/** The venue name of the option account in the exposures. */
const OPTION_VENUE = 'options';

function holdingsOf(book: Book, market: RiskMarket, view: MarketView): Holdings {
  const holdings: Holdings = new Map();
  for (const [token, amount] of Object.entries(book.idle)) add(holdings, 'idle', token, 'long', amount);
  for (const p of book.lp) {
    const info = market.pools[p.pool];
    if (info === undefined) continue;
    add(holdings, p.pool, info.token0, 'long', p.amount0 + p.feesOwed0 + p.principalOwed0);
    add(holdings, p.pool, info.token1, 'long', p.amount1 + p.feesOwed1 + p.principalOwed1);
  }
  for (const l of book.lending) {
    const lending = lendingVenueName(market, view, l.market);
    add(holdings, lending, l.asset, 'long', l.supplied);
    add(holdings, lending, l.asset, 'debt', l.debt);
  }
  // the perp account at its equity, in its collateral token (its size is exposure, not value)
  if (book.perp !== undefined) add(holdings, PERP_VENUE, book.perp.collateralToken, 'long', book.perp.equity);
  // the option account at its value: collateral (free and locked) plus the positions at the mid
  const options = book.options;
  if (options !== undefined) {
    add(holdings, OPTION_VENUE, options.cashToken, 'long', options.cash + options.lockedCash + options.positionsValue);
    add(holdings, OPTION_VENUE, options.underlyingToken, 'long', options.underlying + options.lockedUnderlying);
  }
  return holdings;
}


function markOf(marks: Marks, token: string): bigint {
  const mark = marks.get(token);
  if (mark === undefined) throw new Error(`risk: no mark for ${token}`);
  return mark;
}

function exposureOf(holdings: Holdings, market: RiskMarket, marks: Marks, lendingVenues: ReadonlySet<string>): Exposure {
  let navScaled = 0n;
  let grossScaled = 0n;
  let idleNumeraire = 0n;
  const assetValueScaled = new Map<string, bigint>();
  const venueValueScaled = new Map<string, bigint>();
  const supplied = new Map<string, bigint>();
  const debt = new Map<string, bigint>();
  const lendingByVenue = new Map<string, { supplied: Map<string, bigint>; debt: Map<string, bigint> }>();
  const accountOf = (venue: string): { supplied: Map<string, bigint>; debt: Map<string, bigint> } => {
    let account = lendingByVenue.get(venue);
    if (account === undefined) lendingByVenue.set(venue, (account = { supplied: new Map(), debt: new Map() }));
    return account;
  };
  for (const [k, amount] of [...holdings].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (amount === 0n) continue;
    const [venue, token, kind] = k.split('|') as [string, string, 'long' | 'debt'];
    const value = amount * markOf(marks, token);
    const signed = kind === 'debt' ? -value : value;
    navScaled += signed;
    assetValueScaled.set(token, (assetValueScaled.get(token) ?? 0n) + signed);
    if (kind === 'debt') {
      grossScaled += value;
      debt.set(token, (debt.get(token) ?? 0n) + amount);
      const account = accountOf(venue).debt;
      account.set(token, (account.get(token) ?? 0n) + amount);
      continue;
    }
    if (venue === 'idle' && token === market.numeraire) idleNumeraire += amount;
    else grossScaled += value;
    if (venue !== 'idle') venueValueScaled.set(venue, (venueValueScaled.get(venue) ?? 0n) + value);
    if (lendingVenues.has(venue)) {
      supplied.set(token, (supplied.get(token) ?? 0n) + amount);
      const account = accountOf(venue).supplied;
      account.set(token, (account.get(token) ?? 0n) + amount);
    }
  }
  return { navScaled, grossScaled, idleNumeraire, assetValueScaled, venueValueScaled, supplied, debt, lendingByVenue };
}

/** The holdings after the intent filled at the marks (a swap receives amountIn's value, floored). */
function applyIntent(holdings: Holdings, intent: Intent, context: { view: MarketView; book: Book; market: RiskMarket; marks: Marks }): Holdings {
  const next = new Map(holdings);
  const { market, marks } = context;
  const lending = intent.kind === 'supply' || intent.kind === 'withdraw' || intent.kind === 'borrow' || intent.kind === 'repay' ? lendingVenueName(market, context.view, intent.market) : '';
  const held = (venue: string, token: string, kind: 'long' | 'debt'): bigint => next.get(key(venue, token, kind)) ?? 0n;
  switch (intent.kind) {
    case 'swap': {
      const info = market.pools[intent.pool];
      if (info === undefined) return next;
      const [tokenIn, tokenOut] = intent.zeroForOne ? [info.token0, info.token1] : [info.token1, info.token0];
      add(next, 'idle', tokenIn, 'long', -intent.amountIn);
      const markOut = markOf(marks, tokenOut);
      // an unmarked output (no oracle) counts as nothing received: the conservative side
      add(next, 'idle', tokenOut, 'long', markOut === 0n ? 0n : (intent.amountIn * markOf(marks, tokenIn)) / markOut);
      return next;
    }
    case 'addLiquidity': {
      const info = market.pools[intent.pool];
      if (info === undefined) return next;
      const { amount0, amount1 } = getAmountsForLiquidity(
        context.view.pool(intent.pool).sqrtPriceX96,
        getSqrtRatioAtTick(intent.tickLower),
        getSqrtRatioAtTick(intent.tickUpper),
        intent.liquidity,
      );
      // mint rounds up: one base unit more per token than the floor
      const in0 = amount0 + (amount0 > 0n ? 1n : 0n);
      const in1 = amount1 + (amount1 > 0n ? 1n : 0n);
      add(next, 'idle', info.token0, 'long', -in0);
      add(next, 'idle', info.token1, 'long', -in1);
      add(next, intent.pool, info.token0, 'long', in0);
      add(next, intent.pool, info.token1, 'long', in1);
      return next;
    }
    case 'removeLiquidity':
      // burned principal stays owed by the pool until collected: same venue, same tokens
      return next;
    case 'collectFees': {
      const info = market.pools[intent.pool];
      const position = context.book.lp.find((p) => p.pool === intent.pool && p.tickLower === intent.tickLower && p.tickUpper === intent.tickUpper);
      if (info === undefined || position === undefined) return next;
      const owed0 = position.feesOwed0 + position.principalOwed0;
      const owed1 = position.feesOwed1 + position.principalOwed1;
      add(next, intent.pool, info.token0, 'long', -owed0);
      add(next, intent.pool, info.token1, 'long', -owed1);
      add(next, 'idle', info.token0, 'long', owed0);
      add(next, 'idle', info.token1, 'long', owed1);
      return next;
    }
    case 'supply':
      add(next, 'idle', intent.asset, 'long', -intent.amount);
      add(next, lending, intent.asset, 'long', intent.amount);
      return next;
    case 'withdraw': {
      const amount = intent.amount < held(lending, intent.asset, 'long') ? intent.amount : held(lending, intent.asset, 'long');
      add(next, lending, intent.asset, 'long', -amount);
      add(next, 'idle', intent.asset, 'long', amount);
      return next;
    }
    case 'borrow':
      add(next, 'idle', intent.asset, 'long', intent.amount);
      add(next, lending, intent.asset, 'debt', intent.amount);
      return next;
    case 'repay': {
      const amount = intent.amount < held(lending, intent.asset, 'debt') ? intent.amount : held(lending, intent.asset, 'debt');
      add(next, 'idle', intent.asset, 'long', -amount);
      add(next, lending, intent.asset, 'debt', -amount);
      return next;
    }
    case 'perpDeposit':
    case 'perpWithdraw': {
      const token = context.book.perp?.collateralToken ?? market.numeraire;
      const amount = intent.kind === 'perpDeposit' ? intent.amount : -intent.amount;
      add(next, 'idle', token, 'long', -amount);
      add(next, PERP_VENUE, token, 'long', amount);
      return next;
    }
    case 'perpTrade':
      // value moves only by fees and price: no rule prices a perp's size yet (follow-up)
      return next;
    case 'optionDeposit':
    case 'optionWithdraw': {
      const chain = context.view.options;
      if (chain === undefined) return next;
      const sign = intent.kind === 'optionDeposit' ? 1n : -1n;
      for (const [token, amount] of [
        [chain.cashToken, intent.cashUnits ?? 0n],
        [chain.underlyingToken, intent.underlyingWei ?? 0n],
      ] as const) {
        add(next, 'idle', token, 'long', -sign * amount);
        add(next, OPTION_VENUE, token, 'long', sign * amount);
      }
      return next;
    }
    case 'optionTrade':
      // premium in, liability out at about the same value: the written option's risk is bounded
      // by its locked collateral (the venue refuses a naked write), no rule prices it yet
      return next;
  }
}

/**
 * The marks the check values with: oracle answers (what a live keeper has), numeraire at par.
 * A token whose oracle has no answer is marked 0 and listed in `unmarked` instead of throwing:
 * a risk check must answer (refuse), not crash the loop. Its value then counts as nothing, the
 * staleness rule refuses every intent that needs its price, and the breaker sees the failure.
 */
export function riskMarks(view: MarketView, market: RiskMarket): { marks: Marks; unmarked: string[] } {
  const feedDecimals = (asset: string): number => {
    const decimals = market.feedDecimals[asset];
    if (decimals === undefined) throw new Error(`risk: no feed decimals for ${asset}`);
    return decimals;
  };
  const marks = new Map<string, bigint>();
  const unmarked: string[] = [];
  for (const token of Object.keys(market.decimals).sort()) {
    const source = { numeraire: market.numeraire, decimals: { [market.numeraire]: market.decimals[market.numeraire]!, [token]: market.decimals[token]! }, aliases: market.aliases };
    try {
      marks.set(token, marksAt(view, source, feedDecimals).get(token)!);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      marks.set(token, 0n);
      unmarked.push(token);
    }
  }
  return { marks, unmarked };
}

/** The context every rule reads. Pure: the same inputs give the same context. */
export function buildRiskContext(view: MarketView, book: Book, limits: RiskLimits, market: RiskMarket): RiskContext {
  const { marks, unmarked } = riskMarks(view, market);
  const holdings = holdingsOf(book, market, view);
  const lendingVenues = new Set([lendingVenueName(market, view, undefined), ...view.lendingMarketIds.map((id) => lendingVenueName(market, view, id))]);
  for (const l of book.lending) lendingVenues.add(lendingVenueName(market, view, l.market));
  const before = exposureOf(holdings, market, marks, lendingVenues);
  const base = { view, book, market, marks };
  return {
    view,
    book,
    limits,
    market,
    marks,
    unmarked,
    before,
    after: (intent) => exposureOf(applyIntent(holdings, intent, base), market, marks, lendingVenues),
    venueHealth: (venue) => venueHealth(venue, { view, market, marks, limits }),
  };
}

/** The headline numbers after the intent, for an approval's reason. */
function summary(intent: Intent, context: RiskContext): string {
  const after = context.after(intent);
  const scale = 10n ** 36n;
  return `after: NAV ${after.navScaled / scale}, leverage ${bpsText(after.grossScaled, after.navScaled)}, idle ${context.market.numeraire} ${after.idleNumeraire} base units`;
}

/** Runs the rules on one intent (no breaker): the first refusal wins, resizes take the smallest. */
export function checkIntent(intent: Intent, context: RiskContext, rules: readonly { readonly id: string; readonly rule: RiskRule }[] = RULES): RuleTaggedDecision {
  let current = intent;
  const reasons: string[] = [];
  let lastResizer = '';
  // Each round either ends or strictly shrinks the size, so this terminates; the bound is a guard.
  for (let round = 0; round < 64; round++) {
    let smallest: { intent: Intent; id: string; reason: string } | undefined;
    for (const { id, rule } of rules) {
      const verdict = rule(current, context);
      if (verdict.status === 'refused') {
        const why = `[${id}] ${verdict.reason}${reasons.length > 0 ? ` (after resize: ${reasons.join('; ')})` : ''}`;
        return { status: 'refused', original: intent, reason: why, ruleId: id };
      }
      if (verdict.status === 'resized' && (smallest === undefined || (sizeOf(verdict.intent) ?? 0n) < (sizeOf(smallest.intent) ?? 0n))) {
        smallest = { intent: verdict.intent, id, reason: verdict.reason };
      }
    }
    if (smallest === undefined) {
      if (current === intent) return { status: 'approved', intent, reason: `within every limit (${summary(intent, context)})`, ruleId: 'all' };
      return { status: 'resized', intent: current, original: intent, reason: reasons.join('; '), ruleId: lastResizer };
    }
    if ((sizeOf(smallest.intent) ?? 0n) <= 0n) return { status: 'refused', original: intent, reason: `[${smallest.id}] ${smallest.reason}`, ruleId: smallest.id };
    current = smallest.intent;
    lastResizer = smallest.id;
    reasons.push(`[${smallest.id}] ${smallest.reason}`);
  }
  return { status: 'refused', original: intent, reason: `[${lastResizer}] resizing did not settle`, ruleId: lastResizer };
}

export interface RiskCheckOptions {
  readonly market: RiskMarket;
  /** raw limits, parsed (and defaulted) by limits.ts */
  readonly limits?: unknown;
}

/** The engine's RiskCheck: the breaker gate, then `checkIntent` per intent. */
export interface ComposedRiskCheck extends RiskCheck {
  check(intents: readonly Intent[], book: Book, view: MarketView): readonly RuleTaggedDecision[];
  readonly breaker: CircuitBreaker;
  readonly limits: RiskLimits;
}

export function createRiskCheck(options: RiskCheckOptions): ComposedRiskCheck {
  const limits = parseRiskLimits(options.limits);
  const breaker = new CircuitBreaker(limits);
  return {
    breaker,
    limits,
    check(intents, book, view) {
      const context = buildRiskContext(view, book, limits, options.market);
      // a NAV with a token marked 0 for want of an oracle is no drawdown: the oracle fault pauses instead
      const perShare = context.unmarked.length > 0 ? undefined : navPerShareWad(context.before.navScaled, book.sharesOutstanding);
      breaker.observe({ navPerShareWad: perShare, oracleFault: breaker.oracleFault(context) });
      return intents.map((intent) => breaker.gate(intent) ?? checkIntent(intent, context));
    },
  };
}


