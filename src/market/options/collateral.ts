/**
 * Full collateralization of option writers, so that a writer (a vault) never owes more than it
 * holds: a short call locks its size in the underlying (covered call), a short put locks
 * strike × size in cash (cash-secured put). A naked call is impossible by construction: its
 * payoff is unbounded in cash but never more than the underlying it covers.
 *
 * At settlement a long receives the cash payoff rounded down; a short put pays the cash payoff
 * rounded up, out of its lock; a short call delivers ⌈size × (S − K)/S⌉ wei of its locked
 * underlying, worth the cash payoff at the oracle price. Both obligations are at most the lock:
 * (K − S)⁺ ≤ K and (S − K)⁺/S < 1.
 */
import type { OptionKind } from '../../math/black-scholes.js';
import { notionalToBaseUnits, ratioToBaseUnits } from '../money.js';

export interface Collateral {
  readonly cashUnits: bigint;
  readonly underlyingWei: bigint;
}

export const NO_COLLATERAL: Collateral = { cashUnits: 0n, underlyingWei: 0n };

/** What a short of `shortWei` (>= 0) must keep locked. */
export function lockRequirement(kind: OptionKind, strike: number, shortWei: bigint, collateralDecimals: number): Collateral {
  if (shortWei === 0n) return NO_COLLATERAL;
  if (kind === 'call') return { cashUnits: 0n, underlyingWei: shortWei };
  return { cashUnits: notionalToBaseUnits('strike', strike, shortWei, collateralDecimals, 'userPays'), underlyingWei: 0n };
}

/** Intrinsic value per unit of underlying at the oracle price. */
export function intrinsicValue(kind: OptionKind, strike: number, oraclePrice: number): number {
  return Math.max(0, kind === 'call' ? oraclePrice - strike : strike - oraclePrice);
}

/** Cash a long of `sizeWei` receives at settlement (rounded down). */
export function holderPayoffUnits(kind: OptionKind, strike: number, oraclePrice: number, sizeWei: bigint, collateralDecimals: number): bigint {
  return notionalToBaseUnits('payoff', intrinsicValue(kind, strike, oraclePrice), sizeWei, collateralDecimals, 'userReceives');
}

/** What a short of `shortWei` gives up at settlement (rounded up), out of its lock. */
export function writerObligation(kind: OptionKind, strike: number, oraclePrice: number, shortWei: bigint, collateralDecimals: number): Collateral {
  const intrinsic = intrinsicValue(kind, strike, oraclePrice);
  if (intrinsic === 0 || shortWei === 0n) return NO_COLLATERAL;
  if (kind === 'put') {
    return { cashUnits: notionalToBaseUnits('payoff', intrinsic, shortWei, collateralDecimals, 'userPays'), underlyingWei: 0n };
  }
  // S − K rounds to at most S, and the ratio is taken exactly, so this never exceeds shortWei.
  return { cashUnits: 0n, underlyingWei: ratioToBaseUnits('payoff', intrinsic, oraclePrice, shortWei, 'userPays') };
}
