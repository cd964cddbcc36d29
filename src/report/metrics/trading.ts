/**
 * Trading activity figures.
 *
 *   turnover          = traded notional / mean NAV        (both in base units; 2.0 = the book
 *                                                           traded twice its average size)
 *   turnover (annual) = turnover / T                      (T in years of 365 days)
 *   hit rate          = #(trades with pnl > 0) / #(trades carrying a pnl)
 *
 * Trades without a `pnl` (mints, collects, hedges whose PnL is booked elsewhere) do not count
 * toward the hit rate; a zero-PnL trade counts as not a hit.
 */
import type { TradeRecord } from '../report-input.js';

export interface HitRate {
  /** Fraction of PnL-carrying trades that made money; null when no trade carries a PnL. */
  readonly rate: number | null;
  readonly wins: number;
  /** Number of trades that carry a PnL. */
  readonly counted: number;
}

export interface TradeKindSummary {
  readonly kind: string;
  readonly count: number;
  /** Sum of |amount|, base units. */
  readonly notional: bigint;
  /** Sum of feeCost, base units. */
  readonly fees: bigint;
  /** Sum of gasCost, base units. */
  readonly gas: bigint;
  /** Sum of pnl, base units. */
  readonly pnl: bigint;
}

/** Mean of a base-unit series, truncated toward zero (exact integer division). */
export function meanBaseUnits(values: readonly bigint[]): bigint {
  if (values.length === 0) return 0n;
  let sum = 0n;
  for (const value of values) sum += value;
  return sum / BigInt(values.length);
}

export function turnover(tradedNotional: bigint, navTotal: readonly bigint[]): number | null {
  const meanNav = meanBaseUnits(navTotal);
  if (meanNav <= 0n) return null;
  const ratio = Number(tradedNotional) / Number(meanNav);
  return Number.isFinite(ratio) ? ratio : null;
}

export function hitRate(trades: readonly TradeRecord[]): HitRate {
  let wins = 0;
  let counted = 0;
  for (const trade of trades) {
    if (trade.pnl === undefined) continue;
    counted++;
    if (trade.pnl > 0n) wins++;
  }
  return { rate: counted > 0 ? wins / counted : null, wins, counted };
}

/** Count and costs per kind of trade, sorted by kind (code-unit order, locale-free). */
export function tradesByKind(trades: readonly TradeRecord[]): TradeKindSummary[] {
  const byKind = new Map<string, { count: number; notional: bigint; fees: bigint; gas: bigint; pnl: bigint }>();
  for (const trade of trades) {
    let summary = byKind.get(trade.kind);
    if (!summary) {
      summary = { count: 0, notional: 0n, fees: 0n, gas: 0n, pnl: 0n };
      byKind.set(trade.kind, summary);
    }
    summary.count++;
    const amount = trade.amount ?? 0n;
    summary.notional += amount < 0n ? -amount : amount;
    summary.fees += trade.feeCost ?? 0n;
    summary.gas += trade.gasCost ?? 0n;
    summary.pnl += trade.pnl ?? 0n;
  }
  return [...byKind.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([kind, summary]) => ({ kind, ...summary }));
}
