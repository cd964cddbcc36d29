/** Intent builders the phases share: swaps in the pool's orientation, clearing the LP. */
import type { Book, Intent } from '../types.js';
import { poolSide } from './exposure.js';
import type { DeltaNeutralParams } from './params.js';

/** Exact-input swap of the stable token for the risky one. */
export function buyRisky(params: DeltaNeutralParams, stableIn: bigint, reason: string): Intent {
  return { kind: 'swap', pool: params.pool, zeroForOne: !poolSide(params).riskyIsToken0, amountIn: stableIn, reason };
}

/** Exact-input swap of the risky token for the stable one. */
export function sellRisky(params: DeltaNeutralParams, riskyIn: bigint, reason: string): Intent {
  return { kind: 'swap', pool: params.pool, zeroForOne: poolSide(params).riskyIsToken0, amountIn: riskyIn, reason };
}

/**
 * The next step of taking the LP apart: burn every position with liquidity, or (once burned)
 * collect what the pool owes. A burn and a collect of one position cannot share a decision (the
 * executor pokes a position with liquidity before collecting, and the poke reverts once the burn
 * has emptied it). Empty when nothing is left.
 */
export function clearLp(book: Book, params: DeltaNeutralParams, why: string): Intent[] {
  const open = book.lp.filter((p) => p.pool === params.pool && p.liquidity > 0n);
  if (open.length > 0) {
    return open.map((p) => ({ kind: 'removeLiquidity', pool: params.pool, tickLower: p.tickLower, tickUpper: p.tickUpper, liquidity: p.liquidity, reason: `${why}: burn [${p.tickLower}, ${p.tickUpper}]` }));
  }
  return book.lp
    .filter((p) => p.pool === params.pool && p.feesOwed0 + p.feesOwed1 + p.principalOwed0 + p.principalOwed1 > 0n)
    .map((p) => ({ kind: 'collectFees', pool: params.pool, tickLower: p.tickLower, tickUpper: p.tickUpper, reason: `${why}: collect [${p.tickLower}, ${p.tickUpper}]` }));
}
