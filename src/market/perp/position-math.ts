/**
 * Pure arithmetic of one perpetual position, kept in integers like Perpetual Protocol's
 * (size, openNotional): `sizeWei` is signed (long > 0) and `costBasisUnits` is the signed quote
 * the open size cost (long: paid, > 0; short: received, < 0). Entry price = costBasis / size.
 * Every price → money step goes through money.ts, rounded in favour of the venue.
 */
import { notionalToBaseUnits } from '../money.js';

export interface PositionAmounts {
  readonly sizeWei: bigint;
  readonly costBasisUnits: bigint;
}

export interface FillAmounts extends PositionAmounts {
  /** PnL realized by the part of the fill that reduced the position (0 if it only added). */
  readonly realizedPnlUnits: bigint;
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

/** a / b rounded toward +∞, b > 0. */
function ceilDivSigned(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a > 0n && q * b !== a ? q + 1n : q;
}

/**
 * Signed quote of trading `deltaWei` at `price`: a buy pays the notional rounded up (> 0), a sell
 * receives it rounded down (< 0).
 */
export function signedTradeQuote(deltaWei: bigint, price: number, collateralDecimals: number): bigint {
  if (deltaWei > 0n) return notionalToBaseUnits('fillPrice', price, deltaWei, collateralDecimals, 'userPays');
  return -notionalToBaseUnits('fillPrice', price, -deltaWei, collateralDecimals, 'userReceives');
}

/**
 * Applies a fill of `deltaWei` at `price`. A fill against the position first closes (realizing
 * PnL on the proportional cost basis, rounded so the trader gets the smaller PnL), and what is
 * left of it opens the other side.
 */
export function applyFill(position: PositionAmounts, deltaWei: bigint, price: number, collateralDecimals: number): FillAmounts {
  let { sizeWei, costBasisUnits } = position;
  let openWei = deltaWei;
  let realizedPnlUnits = 0n;
  if (sizeWei !== 0n && deltaWei !== 0n && sizeWei > 0n !== deltaWei > 0n) {
    const closeMagnitude = abs(deltaWei) < abs(sizeWei) ? abs(deltaWei) : abs(sizeWei);
    const closeWei = deltaWei > 0n ? closeMagnitude : -closeMagnitude;
    // Rounded toward +∞: a long's closed cost up, a short's closed proceeds toward zero.
    const closedCost = ceilDivSigned(costBasisUnits * closeMagnitude, abs(sizeWei));
    realizedPnlUnits = -signedTradeQuote(closeWei, price, collateralDecimals) - closedCost;
    costBasisUnits -= closedCost;
    sizeWei += closeWei;
    openWei = deltaWei - closeWei;
  }
  if (openWei !== 0n) {
    costBasisUnits += signedTradeQuote(openWei, price, collateralDecimals);
    sizeWei += openWei;
  }
  return { sizeWei, costBasisUnits, realizedPnlUnits };
}

/** PnL of closing the whole position at `markPrice`, without fees or impact (venue-favoured). */
export function unrealizedPnl(position: PositionAmounts, markPrice: number, collateralDecimals: number): bigint {
  if (position.sizeWei === 0n) return 0n;
  return -signedTradeQuote(-position.sizeWei, markPrice, collateralDecimals) - position.costBasisUnits;
}
