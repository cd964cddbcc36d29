/**
 * Where funding comes from, for the perpetual venue: a replayed history or a seeded model, behind
 * one interface. Funding is settled DISCRETELY at the source's settlement times (as Binance every
 * 8 h, dYdX and Hyperliquid every hour): a position pays rate × size × index for each settlement
 * time it is open at. The rate is a decimal per interval; positive means longs pay shorts.
 */
import { requireFinite } from '../../errors.js';

export interface FundingSettlement {
  /** Settlement time, UTC seconds. */
  readonly timeSeconds: number;
  /** Decimal rate paid at this settlement (per funding interval). */
  readonly ratePerInterval: number;
}

export interface FundingSource {
  /** Nominal funding interval, for the mark-price premium (8 h = 28,800 s). */
  readonly intervalSeconds: number;
  /** Settlements with afterSeconds < time <= upToSeconds, in time order. */
  settlementsBetween(afterSeconds: number, upToSeconds: number): FundingSettlement[];
  /** The first settlement strictly after nowSeconds (its rate is the "predicted" rate), if any. */
  nextSettlement(nowSeconds: number): FundingSettlement | undefined;
}

/**
 * Mark price, by the first component of Binance's mark price ("Price 1"):
 *   mark = index × (1 + nextRate × timeUntilNextFunding / interval).
 * The premium of the mark over the index is the basis that the coming funding payment implies;
 * it decays to zero at the settlement, so funding paid at a settlement is on the index price.
 * Chosen because it ties mark and funding together with one documented exchange formula and needs
 * no order book.
 */
export function markPriceFromIndex(indexPrice: number, source: FundingSource, nowSeconds: number): number {
  requireFinite('nowSeconds', nowSeconds);
  const next = source.nextSettlement(nowSeconds);
  if (next === undefined) return indexPrice;
  const fractionOfInterval = Math.min(1, Math.max(0, (next.timeSeconds - nowSeconds) / source.intervalSeconds));
  return indexPrice * (1 + next.ratePerInterval * fractionOfInterval);
}
