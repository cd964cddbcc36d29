/**
 * Greeks of the book against the price of one risky asset (contract units: delta in risky
 * units, gamma in risky units per numeraire unit of price, vega per 1.00 of volatility, theta
 * per year). Analytics in `number`, never money.
 *
 * Delta is the NET risky exposure: the risky inventory wherever it sits (idle, LP principal and
 * fees, lending supply less debt: a borrowed WETH is a short) plus the perp position's size (the
 * simulator's perp index is the risky asset's external price); a v3 position's delta is exactly
 * the risky amount it holds. Gamma comes only
 * from v3 positions in range (closed form of the liquidity curve) and from option positions.
 * Options add their Black–Scholes–Merton delta, gamma, vega and theta at the venue's surface vol
 * (the Book carries them per position; the underlying they lock counts in the inventory delta).
 * Vega and theta come only from options (lending interest is carry, not theta).
 */
import type { PoolVenue } from '../market/simulator/venues.js';
import type { Book } from '../strategy/types.js';
import { BUCKETS, quantitiesOf } from './pnl.js';

export interface BookGreeks {
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
  readonly theta: number;
}

export interface GreekContext {
  /** tokens that ARE the risky asset (e.g. WETH and the native ETH marked by it) */
  readonly riskyTokens: ReadonlySet<string>;
  readonly decimals: Readonly<Record<string, number>>;
  readonly poolOf: (id: string) => PoolVenue;
}

/** d(risky amount in whole units)/d(price in whole numeraire units) of one v3 position. */
export function positionGamma(venue: PoolVenue, liquidity: bigint, tickLower: number, tickUpper: number): number {
  const { tick, sqrtPriceX96 } = venue.pool.slot0;
  if (liquidity === 0n || tick < tickLower || tick >= tickUpper) return 0;
  const root = Number(sqrtPriceX96) / 2 ** 96;
  const raw = root * root;
  const l = Number(liquidity);
  const scale = 10 ** (venue.decimals1 - venue.decimals0);
  if (venue.riskyIsToken0) {
    // amount0 = L(1/√p − 1/√pb); p = P·scale
    return ((-l / (2 * raw * root)) * scale) / 10 ** venue.decimals0;
  }
  // amount1 = L(√p − √pa); p = scale / P, so dp/dP = −p² / scale
  return ((l / (2 * root)) * (-(raw * raw) / scale)) / 10 ** venue.decimals1;
}

export function bookGreeks(book: Book, context: GreekContext): BookGreeks {
  const quantities = quantitiesOf(book, (id) => {
    const venue = context.poolOf(id);
    return [venue.token0, venue.token1];
  });
  let delta = 0;
  for (const bucket of BUCKETS) {
    for (const [token, amount] of quantities[bucket]) {
      if (context.riskyTokens.has(token)) delta += Number(amount) / 10 ** (context.decimals[token] ?? 0);
    }
  }
  // A perp's delta is its size in units of the underlying; its collateral (the stable) has none.
  if (book.perp !== undefined) delta += Number(book.perp.sizeWei) / 1e18;
  let gamma = 0;
  for (const position of book.lp) gamma += positionGamma(context.poolOf(position.pool), position.liquidity, position.tickLower, position.tickUpper);
  let vega = 0;
  let theta = 0;
  for (const option of book.options?.positions ?? []) {
    delta += option.delta;
    gamma += option.gamma;
    vega += option.vega;
    theta += option.theta;
  }
  return { delta, gamma, vega, theta };
}
