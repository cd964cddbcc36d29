/**
 * The HTML report of a run: one self-contained file (inline CSS and SVG, no scripts, nothing
 * fetched), deterministic (same input, same bytes: no generation time, no random ids).
 *
 * Sections, each with a stable id, present only when the run has their data:
 *   #summary, #table-metrics, #chart-equity, #chart-price, #chart-drawdown, #chart-range,
 *   #chart-hedge, #chart-greeks, #chart-overlay-<id>, #chart-pnl (+ #table-pnl),
 *   #table-trade-kinds and #table-trades (when there are trades), #definitions.
 */
import { drawdownSeries } from '../metrics/drawdown.js';
import type { PerformanceOptions } from '../metrics/performance.js';
import { computeRunMetrics, type RunMetrics } from '../metrics/run-metrics.js';
import { assertPnlAddsUp, checkReportInput, type ReportInput } from '../report-input.js';
import {
  escapeHtml,
  formatAmount,
  formatDateTimeUtc,
  formatDuration,
  formatFixed,
  formatPercent,
  formatSignificant,
} from './format.js';
import { PALETTE } from './palette.js';
import { renderPnlChart } from './pnl-chart.js';
import { REPORT_CSS } from './styles.js';
import { metricsTableHtml, paramsHtml, pnlTableHtml, tradesByKindHtml, tradesTableHtml } from './tables.js';
import { renderTimeChart } from './time-chart.js';

export interface HtmlReportOptions {
  readonly performance?: PerformanceOptions;
  /** Trades shown at each end of the trade log; default 25. */
  readonly tradeEdgeRows?: number;
}

function section(id: string, title: string, body: string, intro?: string): string {
  const lead = intro ? `<p class="muted">${escapeHtml(intro)}</p>` : '';
  return `<section class="card" id="${id}"><h2>${escapeHtml(title)}</h2>${lead}${body}</section>`;
}

function headerHtml(input: ReportInput, metrics: RunMetrics): string {
  const p = metrics.performance;
  const meta = [
    ['Strategy', input.strategy],
    ['Period', `${formatDateTimeUtc(p.startSeconds)} → ${formatDateTimeUtc(p.endSeconds)} (${formatDuration(p.endSeconds - p.startSeconds)})`],
    ['Marks', `${formatFixed(p.samples, 0)} every ${formatDuration(Math.round(p.samplingIntervalSeconds))}`],
    ['Numeraire', input.numeraire.symbol],
    ['Seed', String(input.seed)],
  ]
    .map(([label, value]) => `<li>${escapeHtml(label!)} <b>${escapeHtml(value!)}</b></li>`)
    .join('');
  const volModel = input.volatilityModel
    ? `<div class="vol-model"><b>Volatility model:</b> ${escapeHtml(input.volatilityModel)}</div>`
    : '';
  const notes = input.notes.length > 0 ? `<ul class="notes">${input.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>` : '';
  const params = paramsHtml(input.params);
  return (
    `<header class="report-header"><h1>${escapeHtml(input.title)}</h1>` +
    `<p class="subtitle">Backtest report · ${escapeHtml(input.strategy)}</p>` +
    `<ul class="meta">${meta}</ul>${params}${volModel}${notes}</header>`
  );
}

function kpi(label: string, value: string, sign: number | null = null): string {
  const tone = sign === null || sign === 0 ? '' : sign > 0 ? ' pos' : ' neg';
  return `<div class="kpi"><span class="label">${escapeHtml(label)}</span><span class="value${tone}">${value}</span></div>`;
}

function summaryHtml(input: ReportInput, metrics: RunMetrics): string {
  const p = metrics.performance;
  const { decimals, symbol } = input.numeraire;
  const navChange = input.pnl.navChange;
  return (
    `<div class="kpis" id="summary">` +
    kpi('Total return', formatPercent(p.totalReturn), Math.sign(p.totalReturn)) +
    kpi('APR', formatPercent(p.apr), p.apr === null ? null : Math.sign(p.apr)) +
    kpi('Sharpe', formatFixed(p.sharpe, 2)) +
    kpi('Max drawdown', formatPercent(p.maxDrawdown.depth), p.maxDrawdown.depth > 0 ? -1 : null) +
    kpi('NAV / share', formatSignificant(metrics.navPerShareEnd, 6)) +
    kpi(`NAV change (${symbol})`, escapeHtml(formatAmount(navChange, decimals, 2)), navChange > 0n ? 1 : navChange < 0n ? -1 : null) +
    `</div>`
  );
}

function chartsHtml(input: ReportInput, metrics: RunMetrics): string[] {
  const series = input.series;
  const times = series.timestampSeconds;
  const p = metrics.performance;
  const period = `from ${formatDateTimeUtc(p.startSeconds)} to ${formatDateTimeUtc(p.endSeconds)}`;
  const priceLabel = series.priceLabel ?? 'price';
  const numeraire = input.numeraire.symbol;
  const sections: string[] = [];

  const equity = renderTimeChart({
    id: 'chart-equity',
    title: 'NAV per share',
    unit: `${numeraire} per share`,
    ariaLabel: `NAV per share ${period}, from ${formatSignificant(metrics.navPerShareStart, 6)} to ${formatSignificant(metrics.navPerShareEnd, 6)}`,
    timestampSeconds: times,
    layers: [{ kind: 'line', label: 'NAV per share', color: PALETTE.nav, values: series.navPerShare, widthPx: 2 }],
    heightPx: 280,
    reference: { value: metrics.navPerShareStart, label: `at start (${formatSignificant(metrics.navPerShareStart, 6)})` },
  });
  const price = renderTimeChart({
    id: 'chart-price',
    title: priceLabel,
    unit: numeraire,
    ariaLabel: `${priceLabel} ${period}`,
    timestampSeconds: times,
    layers: [{ kind: 'line', label: priceLabel, color: PALETTE.price, values: series.price }],
    heightPx: 170,
  });
  sections.push(section('equity', 'Equity curve', equity + price, `NAV per share, with the ${priceLabel} it was exposed to below, on the same time axis (UTC).`));

  const drawdowns = drawdownSeries(series.navPerShare);
  const negated = new Float64Array(drawdowns.length);
  for (let index = 0; index < drawdowns.length; index++) negated[index] = drawdowns[index] === 0 ? 0 : -drawdowns[index]!;
  const drawdown = renderTimeChart({
    id: 'chart-drawdown',
    title: 'Drawdown of NAV per share',
    unit: 'from the running peak',
    ariaLabel: `Drawdown ${period}; deepest ${formatPercent(p.maxDrawdown.depth)} at ${formatDateTimeUtc(p.maxDrawdown.troughSeconds)}`,
    timestampSeconds: times,
    layers: [{ kind: 'area', label: 'drawdown', color: PALETTE.drawdown, values: negated, baseline: 0 }],
    heightPx: 190,
    format: 'percent',
    zeroLine: true,
    // A run that never fell still gets a downward axis, not one centred on 0.
    extendTo: [0, -0.01],
  });
  sections.push(section('drawdown', 'Drawdown', drawdown));

  if (series.ranges) {
    const range = renderTimeChart({
      id: 'chart-range',
      title: `Liquidity range and ${priceLabel}`,
      unit: numeraire,
      ariaLabel: `The position's price range as a shaded band with the ${priceLabel} as a line, ${period}`,
      timestampSeconds: times,
      layers: [
        { kind: 'band', label: 'range (lower–upper)', color: PALETTE.band, lower: series.ranges.lower, upper: series.ranges.upper },
        { kind: 'line', label: priceLabel, color: PALETTE.total, values: series.price, widthPx: 1.5 },
      ],
      heightPx: 300,
    });
    sections.push(section('range', 'Range against the price', range, 'The position earns fees while the price line is inside the shaded band.'));
  }

  if (series.hedge) {
    // hedge trades: so named by a strategy, or the engine's perp trades
    const hedgeTrades = input.trades.filter((trade) => /hedge|perp/i.test(trade.kind)).map((trade) => trade.timestampSeconds);
    const hedge = renderTimeChart({
      id: 'chart-hedge',
      title: `Hedge: ${series.hedge.label}`,
      unit: series.hedge.unit,
      ariaLabel: `Hedge position (${series.hedge.label}, in ${series.hedge.unit}) ${period}; negative is short`,
      timestampSeconds: times,
      layers: [{ kind: 'line', label: series.hedge.label, color: PALETTE.hedge, values: series.hedge.position }],
      ...(hedgeTrades.length > 0 ? { events: { timestampSeconds: hedgeTrades, label: `hedge trades (${formatFixed(hedgeTrades.length, 0)})`, color: PALETTE.total } } : {}),
      heightPx: 210,
      zeroLine: true,
      includeZero: true,
    });
    sections.push(section('hedge', 'Hedge position', hedge, 'Signed size of the hedge (below zero is short); ticks along the bottom mark hedge trades, whose costs are in the trades table.'));
  }

  if (series.greeks) {
    const greeks = series.greeks;
    const panels = (
      [
        ['delta', 'Delta', 'asset units'],
        ['gamma', 'Gamma', `asset units per ${numeraire}`],
        ['vega', 'Vega', `${numeraire} per 1.00 vol`],
        ['theta', 'Theta', `${numeraire} per year`],
      ] as const
    ).map(([key, title, unit], index) =>
      renderTimeChart({
        id: `chart-greek-${key}`,
        title,
        unit,
        ariaLabel: `Book ${key} (${unit}) ${period}`,
        timestampSeconds: times,
        layers: [{ kind: 'line', label: title, color: PALETTE.greeks[index]!, values: greeks[key] }],
        widthPx: 470,
        heightPx: 190,
        zeroLine: true,
      }),
    );
    sections.push(section('chart-greeks', 'Greeks of the book', `<div class="small-multiples">${panels.join('')}</div>`));
  }

  series.overlays?.forEach((overlay, index) => {
    const chart = renderTimeChart({
      id: `chart-overlay-${overlay.id}`,
      title: overlay.title,
      unit: overlay.unit,
      ariaLabel: `${overlay.title} (${overlay.unit}) ${period}`,
      timestampSeconds: times,
      layers: [{ kind: 'line', label: overlay.title, color: PALETTE.overlays[index % PALETTE.overlays.length]!, values: overlay.values }],
      heightPx: 210,
      zeroLine: true,
    });
    sections.push(section(`overlay-${overlay.id}`, overlay.title, chart));
  });
  return sections;
}

const DEFINITIONS: readonly [string, string][] = [
  ['Total return', 'NAV per share at the end over NAV per share at the start, minus 1.'],
  ['APR / APY', 'Total return over the run length in years of 365 days; APY compounds it: (1 + R)^(1/years) − 1.'],
  ['Volatility', 'Sample standard deviation of period returns, annualised by √(periods per year) at the mean sampling interval.'],
  ['Sharpe', 'Mean period return above the risk-free rate over its standard deviation, annualised the same way.'],
  ['Sortino', 'Mean period return above the target over the downside deviation (root mean square of shortfalls, all periods).'],
  ['Max drawdown', 'Largest fall of NAV per share from its running peak; Calmar is APY over it.'],
  ['Turnover', 'Traded notional over the mean NAV.'],
];

/**
 * Renders the report. Refuses (InvalidInputError) a run whose PnL components do not add up to
 * its NAV change: the report would contradict itself.
 */
export function renderHtmlReport(input: ReportInput, options: HtmlReportOptions = {}): string {
  checkReportInput(input);
  assertPnlAddsUp(input);
  const metrics = computeRunMetrics(input, options.performance);
  const unit = { decimals: input.numeraire.decimals, symbol: input.numeraire.symbol };
  const pnl =
    `<div class="pnl-layout"><div>${renderPnlChart(input.pnl, unit.decimals, unit.symbol)}</div>` +
    `<div>${pnlTableHtml(input.pnl, unit)}</div></div>`;
  const trades =
    input.trades.length > 0
      ? section('trades', `Trades (${formatFixed(input.trades.length, 0)})`, tradesByKindHtml(metrics.tradesByKind, unit) + '<h3 class="subhead">Trade log</h3>' + tradesTableHtml(input.trades, unit, options.tradeEdgeRows ?? 25))
      : section('trades', 'Trades', '<p class="muted">No trades in this run.</p>');
  const definitions =
    `<details id="definitions"><summary>How the metrics are defined</summary><dl class="definitions">` +
    DEFINITIONS.map(([term, text]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(text)}</dd>`).join('') +
    `</dl></details>`;
  const body = [
    headerHtml(input, metrics),
    summaryHtml(input, metrics),
    section('metrics', 'Metrics', metricsTableHtml(metrics, unit) + definitions),
    ...chartsHtml(input, metrics),
    section('pnl', 'PnL decomposition', pnl),
    trades,
    `<footer>Vaultwright · ${escapeHtml(input.strategy)} · seed ${escapeHtml(String(input.seed))} · amounts in ${escapeHtml(unit.symbol)}; times in UTC.</footer>`,
  ].join('\n');
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeHtml(input.title)} — Vaultwright report</title>\n` +
    `<style>\n${REPORT_CSS}\n</style>\n</head>\n<body>\n<main>\n${body}\n</main>\n</body>\n</html>\n`
  );
}
