/**
 * From a finished backtest to the engine-independent `ReportInput` (src/report): the trade
 * table and counters from the ledger events, the series, the PnL components.
 */
import type { PnlDecomposition, ReportInput, RunCounters, TradeRecord } from '../report/report-input.js';
import type { BacktestSeries } from './backtest.js';
import type { LedgerEvent, PoolTokens } from './ledger.js';
import { scaledToBaseUnits, valueOf, type Marks } from './valuation.js';

export interface EventTally {
  readonly intents: number;
  readonly fills: number;
  readonly reverts: number;
  readonly dropped: number;
  readonly gasPaidWei: bigint;
  readonly trades: TradeRecord[];
  /** Σ swap inputs at `marks`, numeraire base units (turnover analytics only) */
  readonly tradedNotional: bigint;
}

export function tallyEvents(events: readonly LedgerEvent[], marks: Marks, poolTokens: PoolTokens): EventTally {
  let intents = 0;
  let fills = 0;
  let reverts = 0;
  let dropped = 0;
  let gasPaidWei = 0n;
  let tradedNotional = 0n;
  const trades: TradeRecord[] = [];
  for (const event of events) {
    if (event.type === 'intent') intents++;
    if (event.type === 'dropped') dropped++;
    if (event.type !== 'fill' && event.type !== 'revert') continue;
    gasPaidWei += event.gasCostWei;
    if (event.type === 'fill') fills++;
    else reverts++;
    trades.push({
      timestampSeconds: event.timestampSeconds,
      kind: event.type === 'revert' ? `${event.action.kind} (reverted)` : event.action.kind,
      description: event.type === 'revert' ? `${event.txId}: ${event.revertReason ?? 'reverted'}` : event.txId,
      gasCost: event.gasCostBaseUnits,
    });
    if (event.type === 'fill' && event.action.kind === 'v3Swap') {
      const [token0, token1] = poolTokens(event.action.pool);
      const tokenIn = event.action.zeroForOne ? token0 : token1;
      tradedNotional += scaledToBaseUnits(valueOf(new Map([[tokenIn, event.action.amountSpecified]]), marks));
    }
  }
  return { intents, fills, reverts, dropped, gasPaidWei, trades, tradedNotional };
}

/** The backtest's sampled series as the report takes them (block numbers stay in the result). */
export type ReportSeriesColumns = Omit<BacktestSeries, 'blockNumber'>;

export interface BacktestReportParts {
  readonly title: string;
  readonly strategy: string;
  readonly params: unknown;
  readonly notes: readonly string[];
  readonly seed: number;
  readonly numeraire: { readonly symbol: string; readonly decimals: number };
  readonly priceLabel: string;
  readonly series: ReportSeriesColumns;
  /** what the hedge series is, when the book ever held one */
  readonly hedge?: { readonly label: string; readonly unit: string };
  readonly pnl: PnlDecomposition;
  readonly trades: readonly TradeRecord[];
  readonly counters: RunCounters;
}

/** Report parameters are JSON scalars: anything else is shown as text, absent values are left out. */
function reportParams(params: unknown): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  if (typeof params !== 'object' || params === null) return out;
  for (const [key, value] of Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (value === undefined) continue;
    out[key] = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? value : String(value);
  }
  return out;
}

export function backtestReportInput(parts: BacktestReportParts): ReportInput {
  const { series } = parts;
  const hasRanges = series.rangeLower.some((value) => value !== null);
  return {
    title: parts.title,
    strategy: parts.strategy,
    params: reportParams(parts.params),
    notes: parts.notes,
    seed: parts.seed,
    numeraire: parts.numeraire,
    series: {
      timestampSeconds: series.timestampSeconds,
      navPerShare: series.navPerShare,
      navTotal: series.navTotal,
      price: series.price,
      priceLabel: parts.priceLabel,
      ...(hasRanges ? { ranges: { lower: series.rangeLower, upper: series.rangeUpper } } : {}),
      ...(parts.hedge === undefined ? {} : { hedge: { ...parts.hedge, position: series.hedge } }),
      greeks: { delta: series.delta, gamma: series.gamma, vega: series.vega, theta: series.theta },
    },
    pnl: parts.pnl,
    trades: parts.trades,
    counters: parts.counters,
  };
}
