/**
 * The `--json` form of a run's metrics: a plain object whose key order is fixed here, so that
 * `JSON.stringify` of it is the same bytes for the same run.
 *
 * Encoding choices:
 * - a numeraire amount is `{ "raw": "123450000", "decimals": 6, "value": "123.45" }`: `raw` is
 *   the exact base-unit integer as a string (JSON numbers cannot hold 2^53+), `value` the same
 *   amount as an exact decimal string (trailing zeros trimmed), so a reader needs no bigint
 *   library for either;
 * - ratios are plain JSON numbers (0.05 = 5 %); a figure that does not exist is `null`;
 * - times are Unix seconds plus an ISO-8601 UTC string;
 * - params are listed with their keys sorted; components and trades keep the run's order.
 */
import type { ParamValue, ReportInput } from '../report-input.js';
import { assertPnlAddsUp, baseUnitsToDecimal } from '../report-input.js';
import type { RunMetrics } from './run-metrics.js';

export interface AmountJson {
  readonly raw: string;
  readonly decimals: number;
  readonly value: string;
}

export interface TimeJson {
  readonly seconds: number;
  readonly iso: string;
}

export function amountJson(amount: bigint, decimals: number): AmountJson {
  return { raw: amount.toString(), decimals, value: baseUnitsToDecimal(amount, decimals) };
}

/** "2024-03-05T14:00:00Z": UTC, whole seconds. */
export function isoUtc(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function timeJson(seconds: number): TimeJson {
  return { seconds, iso: isoUtc(seconds) };
}

function sortedParams(params: Readonly<Record<string, ParamValue>>): Record<string, ParamValue> {
  const sorted: Record<string, ParamValue> = {};
  for (const key of Object.keys(params).sort()) sorted[key] = params[key]!;
  return sorted;
}

/**
 * The metrics object `vaultwright backtest --json` prints. Refuses (InvalidInputError) a run
 * whose PnL components do not add up to its NAV change.
 */
export function formatMetricsJson(input: ReportInput, metrics: RunMetrics) {
  assertPnlAddsUp(input);
  const decimals = input.numeraire.decimals;
  const amount = (value: bigint) => amountJson(value, decimals);
  const performance = metrics.performance;
  const drawdown = performance.maxDrawdown;
  return {
    title: input.title,
    strategy: input.strategy,
    params: sortedParams(input.params),
    volatilityModel: input.volatilityModel ?? null,
    notes: [...input.notes],
    seed: input.seed,
    numeraire: { symbol: input.numeraire.symbol, decimals },
    period: {
      start: timeJson(performance.startSeconds),
      end: timeJson(performance.endSeconds),
      years: performance.years,
      samples: performance.samples,
      samplingIntervalSeconds: performance.samplingIntervalSeconds,
    },
    assumptions: {
      yearDays: 365,
      riskFreeRateAnnual: performance.riskFreeRateAnnual,
      sortinoTargetAnnual: performance.sortinoTargetAnnual,
      calmarBasis: 'apy',
      returnsFrom: 'navPerShare',
    },
    metrics: {
      totalReturn: performance.totalReturn,
      apr: performance.apr,
      apy: performance.apy,
      volatilityAnnual: performance.volatilityAnnual,
      sharpe: performance.sharpe,
      sortino: performance.sortino,
      maxDrawdown: {
        depth: drawdown.depth,
        peak: timeJson(drawdown.peakSeconds),
        trough: timeJson(drawdown.troughSeconds),
        recovery: drawdown.recoverySeconds === null ? null : timeJson(drawdown.recoverySeconds),
      },
      calmar: performance.calmar,
      turnover: metrics.turnover,
      turnoverAnnual: metrics.turnoverAnnual,
      hitRate: { rate: metrics.hitRate.rate, wins: metrics.hitRate.wins, tradesWithPnl: metrics.hitRate.counted },
      trades: metrics.trades,
      feesEarned: amount(metrics.feesEarned),
      gasSpent: amount(metrics.gasSpent),
      mevLost: amount(metrics.mevLost),
      tradedNotional: amount(metrics.tradedNotional),
      navPerShare: { start: metrics.navPerShareStart, end: metrics.navPerShareEnd },
      navTotal: { start: amount(metrics.navTotalStart), end: amount(metrics.navTotalEnd) },
    },
    pnl: {
      components: input.pnl.components.map((component) => ({
        name: component.name,
        amount: amount(component.amount),
        description: component.description,
      })),
      navChange: amount(input.pnl.navChange),
    },
    tradesByKind: metrics.tradesByKind.map((summary) => ({
      kind: summary.kind,
      count: summary.count,
      notional: amount(summary.notional),
      fees: amount(summary.fees),
      gas: amount(summary.gas),
      pnl: amount(summary.pnl),
    })),
  };
}

export type MetricsJson = ReturnType<typeof formatMetricsJson>;

/** The exact text `--json` prints: two-space indent and a final newline. */
export function stringifyMetricsJson(json: MetricsJson): string {
  return `${JSON.stringify(json, null, 2)}\n`;
}
