/**
 * The report's tables: metrics, parameters, the exact PnL decomposition, trades by kind, and
 * the trade log (head and tail with the count between, so a year of trades stays readable).
 */
import type { RunMetrics } from '../metrics/run-metrics.js';
import type { ParamValue, PnlDecomposition, TradeRecord } from '../report-input.js';
import { escapeHtml, formatAmount, formatDateTimeUtc, formatFixed, formatPercent, formatSignificant } from './format.js';
import { PALETTE } from './palette.js';

interface Money {
  readonly decimals: number;
  readonly symbol: string;
}

function money(amount: bigint, unit: Money, maxDecimals = unit.decimals): string {
  return `${formatAmount(amount, unit.decimals, maxDecimals)} ${escapeHtml(unit.symbol)}`;
}

function row(label: string, value: string, title?: string): string {
  const hint = title ? ` title="${escapeHtml(title)}"` : '';
  return `<tr><td${hint}>${escapeHtml(label)}</td><td class="num">${value}</td></tr>`;
}

function group(title: string, rows: readonly string[]): string {
  return `<div><h3>${escapeHtml(title)}</h3><table><tbody>${rows.join('')}</tbody></table></div>`;
}

export function metricsTableHtml(metrics: RunMetrics, unit: Money): string {
  const p = metrics.performance;
  const dd = p.maxDrawdown;
  const when = (seconds: number | null): string => (seconds === null ? 'not recovered' : escapeHtml(formatDateTimeUtc(seconds)));
  const returns = group('Returns', [
    row('Total return', formatPercent(p.totalReturn), 'NAV per share, last / first − 1'),
    row('APR (simple)', formatPercent(p.apr), 'total return / years'),
    row('APY (compounded)', formatPercent(p.apy), '(1 + total return)^(1/years) − 1'),
    row('NAV per share', `${formatSignificant(metrics.navPerShareStart, 6)} → ${formatSignificant(metrics.navPerShareEnd, 6)}`),
    row('NAV at start', money(metrics.navTotalStart, unit, 2)),
    row('NAV at end', money(metrics.navTotalEnd, unit, 2)),
  ]);
  const risk = group('Risk', [
    row('Volatility (annual)', formatPercent(p.volatilityAnnual), 'sample st. dev. of period returns × √(periods per year)'),
    row(`Sharpe (r_f ${formatPercent(p.riskFreeRateAnnual, 1)})`, formatFixed(p.sharpe, 2), 'annualised by the mean sampling interval'),
    row(`Sortino (target ${formatPercent(p.sortinoTargetAnnual, 1)})`, formatFixed(p.sortino, 2), 'downside deviation over all periods'),
    row('Max drawdown', formatPercent(dd.depth), 'largest fall of NAV per share from a running peak'),
    row('Drawdown peak', escapeHtml(formatDateTimeUtc(dd.peakSeconds))),
    row('Drawdown trough', escapeHtml(formatDateTimeUtc(dd.troughSeconds))),
    row('Recovered', dd.depth > 0 ? when(dd.recoverySeconds) : 'never under water'),
    row('Calmar (APY / max DD)', formatFixed(p.calmar, 2)),
  ]);
  const activity = group('Activity and costs', [
    row('Trades', formatFixed(metrics.trades, 0)),
    row('Hit rate', metrics.hitRate.counted > 0 ? `${formatPercent(metrics.hitRate.rate, 1)} of ${formatFixed(metrics.hitRate.counted, 0)}` : 'n/a', 'trades with PnL > 0 / trades carrying a PnL'),
    row('Turnover', metrics.turnover === null ? 'n/a' : `${formatFixed(metrics.turnover, 2)}×`, 'traded notional / mean NAV'),
    row('Turnover (annual)', metrics.turnoverAnnual === null ? 'n/a' : `${formatFixed(metrics.turnoverAnnual, 2)}×`),
    row('Fees earned', money(metrics.feesEarned, unit)),
    row('Gas spent', money(metrics.gasSpent, unit)),
    row('MEV lost', money(metrics.mevLost, unit)),
  ]);
  return `<div class="metric-groups" id="table-metrics">${returns}${risk}${activity}</div>`;
}

function formatParam(value: ParamValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  return String(value);
}

/** Parameters as `key value` chips, sorted by key: visible at a glance, wrapping as needed. */
export function paramsHtml(params: Readonly<Record<string, ParamValue>>): string {
  const keys = Object.keys(params).sort();
  if (keys.length === 0) return '<p class="muted" id="params">No parameters.</p>';
  const items = keys.map((key) => `<li><span class="param-key">${escapeHtml(key)}</span> ${escapeHtml(formatParam(params[key]!))}</li>`);
  return `<ul class="params" id="params">${items.join('')}</ul>`;
}

export function pnlTableHtml(pnl: PnlDecomposition, unit: Money): string {
  const rows = pnl.components.map((component) => {
    const color = component.amount >= 0n ? PALETTE.gain : PALETTE.loss;
    return (
      `<tr><td><span class="swatch swatch-fill" style="--swatch:${color}"></span> ${escapeHtml(component.name)}` +
      `<div class="desc">${escapeHtml(component.description)}</div></td>` +
      `<td class="num">${money(component.amount, unit)}</td></tr>`
    );
  });
  rows.push(`<tr class="total"><td>NAV change</td><td class="num">${money(pnl.navChange, unit)}</td></tr>`);
  return (
    `<table id="table-pnl"><thead><tr><th>Component</th><th class="num">Amount</th></tr></thead><tbody>${rows.join('')}</tbody></table>` +
    `<p class="balanced">Components add up to the NAV change exactly, to the base unit (10<sup>−${unit.decimals}</sup> ${escapeHtml(unit.symbol)}).</p>`
  );
}

export function tradesByKindHtml(summaries: RunMetrics['tradesByKind'], unit: Money): string {
  const rows = summaries.map(
    (summary) =>
      `<tr><td>${escapeHtml(summary.kind)}</td><td class="num">${formatFixed(summary.count, 0)}</td>` +
      `<td class="num">${money(summary.notional, unit, 2)}</td><td class="num">${money(summary.fees, unit)}</td>` +
      `<td class="num">${money(summary.gas, unit)}</td><td class="num">${money(summary.pnl, unit)}</td></tr>`,
  );
  return (
    `<table id="table-trade-kinds"><thead><tr><th>Kind</th><th class="num">Count</th><th class="num">Notional</th>` +
    `<th class="num">Fees paid</th><th class="num">Gas</th><th class="num">PnL</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

function optionalMoney(amount: bigint | undefined, unit: Money, maxDecimals?: number): string {
  return amount === undefined ? '<span class="muted">—</span>' : money(amount, unit, maxDecimals);
}

function tradeRow(trade: TradeRecord, unit: Money): string {
  return (
    `<tr><td class="num">${escapeHtml(formatDateTimeUtc(trade.timestampSeconds))}</td><td>${escapeHtml(trade.kind)}</td>` +
    `<td>${escapeHtml(trade.description)}</td><td class="num">${optionalMoney(trade.amount, unit, 2)}</td>` +
    `<td class="num">${optionalMoney(trade.feeCost, unit)}</td><td class="num">${optionalMoney(trade.gasCost, unit)}</td>` +
    `<td class="num">${optionalMoney(trade.pnl, unit)}</td></tr>`
  );
}

/** The first and last `edgeRows` trades, with a row saying how many are not shown. */
export function tradesTableHtml(trades: readonly TradeRecord[], unit: Money, edgeRows: number): string {
  const shown =
    trades.length <= 2 * edgeRows
      ? trades.map((trade) => tradeRow(trade, unit))
      : [
          ...trades.slice(0, edgeRows).map((trade) => tradeRow(trade, unit)),
          `<tr class="gap"><td colspan="7">… ${formatFixed(trades.length - 2 * edgeRows, 0)} more trades …</td></tr>`,
          ...trades.slice(trades.length - edgeRows).map((trade) => tradeRow(trade, unit)),
        ];
  return (
    `<table id="table-trades"><thead><tr><th class="num">Time</th><th>Kind</th><th>Description</th>` +
    `<th class="num">Notional</th><th class="num">Fees</th><th class="num">Gas</th><th class="num">PnL</th></tr></thead>` +
    `<tbody>${shown.join('')}</tbody></table>`
  );
}
