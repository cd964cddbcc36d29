/**
 * Every figure of a run in one object: the performance of the NAV-per-share path, trading
 * activity, and the engine's counters. Pure: a `ReportInput` in, numbers out.
 */
import { checkReportInput, type ReportInput } from '../report-input.js';
import { computePerformance, type Performance, type PerformanceOptions } from './performance.js';
import { hitRate, tradesByKind, turnover, type HitRate, type TradeKindSummary } from './trading.js';

export interface RunMetrics {
  readonly performance: Performance;
  /** Traded notional / mean NAV; null when the mean NAV is 0. */
  readonly turnover: number | null;
  /** Turnover per year of 365 days; null when the run has no length. */
  readonly turnoverAnnual: number | null;
  readonly hitRate: HitRate;
  /** Number of trade records. */
  readonly trades: number;
  readonly tradesByKind: readonly TradeKindSummary[];
  /** Counters, numeraire base units. */
  readonly feesEarned: bigint;
  readonly gasSpent: bigint;
  readonly mevLost: bigint;
  readonly tradedNotional: bigint;
  /** NAV per share at the first and last mark, whole numeraire units per share. */
  readonly navPerShareStart: number;
  readonly navPerShareEnd: number;
  /** Total NAV at the first and last mark, numeraire base units. */
  readonly navTotalStart: bigint;
  readonly navTotalEnd: bigint;
}

export function computeRunMetrics(input: ReportInput, options: PerformanceOptions = {}): RunMetrics {
  checkReportInput(input);
  const { series, counters } = input;
  const performance = computePerformance(series.timestampSeconds, series.navPerShare, options);
  const turnoverRatio = turnover(counters.tradedNotional, series.navTotal);
  const last = series.timestampSeconds.length - 1;
  return {
    performance,
    turnover: turnoverRatio,
    turnoverAnnual: turnoverRatio !== null && performance.years > 0 ? turnoverRatio / performance.years : null,
    hitRate: hitRate(input.trades),
    trades: input.trades.length,
    tradesByKind: tradesByKind(input.trades),
    feesEarned: counters.feesEarned,
    gasSpent: counters.gasSpent,
    mevLost: counters.mevLost,
    tradedNotional: counters.tradedNotional,
    navPerShareStart: series.navPerShare[0]!,
    navPerShareEnd: series.navPerShare[last]!,
    navTotalStart: series.navTotal[0]!,
    navTotalEnd: series.navTotal[last]!,
  };
}
