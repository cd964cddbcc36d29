/**
 * Quotes of the venue: the mid is Black–Scholes–Merton at the surface vol; the spread is either
 * in vol points (bid at σ − h, ask at σ + h: the spread widens with vega, as market makers quote)
 * or a fraction of the mid. Bid and ask then go onto the tick grid, outward (bid down, ask up),
 * and never touch the mid, so bid < mid < ask whenever mid > 0, and the spread is at least a tick.
 * Prices are collateral per ONE unit of the underlying.
 */
import { InvalidInputError, requireNonNegative, requirePositive } from '../../errors.js';
import { blackScholes, blackScholesPrice, type BlackScholesResult, type OptionKind } from '../../math/black-scholes.js';
import type { VolSurface } from './vol-surface.js';

export type SpreadConfig =
  | { readonly mode: 'vol'; /** half spread in vol points (0.01 = 1 vol point) */ readonly halfSpreadVol: number }
  | { readonly mode: 'fraction'; /** half spread as a fraction of the mid */ readonly halfSpreadFraction: number };

export interface QuoteParameters {
  readonly surface: VolSurface;
  readonly spread: SpreadConfig;
  /** Price grid of bid and ask (collateral per unit of underlying), > 0. */
  readonly tickSize: number;
  readonly rate: number;
  readonly dividendYield: number;
}

export interface OptionQuote {
  readonly bid: number;
  readonly ask: number;
  readonly mid: number;
  /** The surface vol the mid is priced at. */
  readonly volatility: number;
  readonly expiryYears: number;
  readonly forward: number;
  /** BSM Greeks at the surface vol (vega per 1.00 vol, theta per year, rho per 1.00 rate). */
  readonly greeks: Omit<BlackScholesResult, 'price'>;
}

export function validateSpread(spread: SpreadConfig): void {
  if (spread.mode === 'vol') requireNonNegative('halfSpreadVol', spread.halfSpreadVol);
  else if (spread.mode === 'fraction') {
    if (!(Number.isFinite(spread.halfSpreadFraction) && spread.halfSpreadFraction >= 0 && spread.halfSpreadFraction < 1)) {
      throw new InvalidInputError('halfSpreadFraction', spread.halfSpreadFraction, 'must be in [0, 1)');
    }
  } else throw new InvalidInputError('spread.mode', (spread as { mode: unknown }).mode, "must be 'vol' or 'fraction'");
}

/** Bid on the grid, strictly below a positive mid (0 at worst). */
function bidOnGrid(rawBid: number, mid: number, tick: number): number {
  let ticks = Math.floor(rawBid / tick);
  if (ticks * tick >= mid) ticks = Math.ceil(mid / tick) - 1;
  while (ticks > 0 && ticks * tick >= mid) ticks -= 1;
  return Math.max(0, ticks) * tick;
}

/** Ask on the grid, strictly above the mid. */
function askOnGrid(rawAsk: number, mid: number, tick: number): number {
  let ticks = Math.ceil(rawAsk / tick);
  if (ticks * tick <= mid) ticks = Math.floor(mid / tick) + 1;
  while (ticks * tick <= mid) ticks += 1;
  return ticks * tick;
}

export function quoteOption(
  params: QuoteParameters,
  kind: OptionKind,
  strike: number,
  expiryYears: number,
  nowSeconds: number,
  spot: number,
): OptionQuote {
  requirePositive('spot', spot);
  requirePositive('expiryYears', expiryYears);
  const { surface, spread, tickSize, rate, dividendYield } = params;
  const forward = spot * Math.exp((rate - dividendYield) * expiryYears);
  const volatility = surface.volatility(strike, forward, expiryYears, nowSeconds, spot);
  const input = { kind, spot, strike, rate, dividendYield, volatility, expiry: expiryYears };
  const { price: mid, ...greeks } = blackScholes(input);
  let rawBid: number;
  let rawAsk: number;
  if (spread.mode === 'vol') {
    rawBid = blackScholesPrice({ ...input, volatility: Math.max(0, volatility - spread.halfSpreadVol) });
    rawAsk = blackScholesPrice({ ...input, volatility: volatility + spread.halfSpreadVol });
  } else {
    rawBid = mid * (1 - spread.halfSpreadFraction);
    rawAsk = mid * (1 + spread.halfSpreadFraction);
  }
  return {
    bid: bidOnGrid(rawBid, mid, tickSize),
    ask: askOnGrid(rawAsk, mid, tickSize),
    mid,
    volatility,
    expiryYears,
    forward,
    greeks,
  };
}
