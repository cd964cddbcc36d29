/**
 * The PnL decomposition as a horizontal waterfall: each component is a bar from the running
 * total before it to the running total after it, and the last bar is the NAV change from 0,
 * so the eye sees the pieces add up to the whole. Exact amounts live in the table beside it;
 * bar positions use floats, which is fine for pixels.
 */
import type { PnlDecomposition } from '../report-input.js';
import { escapeHtml, formatAmount } from './format.js';
import { PALETTE } from './palette.js';
import { niceTicks } from './ticks.js';
import { formatValueTick, legendHtml } from './time-chart.js';

const WIDTH = 600;
const ROW_HEIGHT = 30;
const LABEL_WIDTH = 150;
const RIGHT_PAD = 16;
const TOP = 8;
const AXIS_HEIGHT = 26;
const MAX_LABEL_CHARS = 22;

function shorten(text: string): string {
  return text.length > MAX_LABEL_CHARS ? `${text.slice(0, MAX_LABEL_CHARS - 1)}…` : text;
}

export function renderPnlChart(pnl: PnlDecomposition, decimals: number, symbol: string): string {
  const unit = 10 ** decimals;
  const rows: { name: string; from: number; to: number; amount: bigint; total: boolean }[] = [];
  let running = 0n;
  for (const component of pnl.components) {
    const next = running + component.amount;
    rows.push({ name: component.name, from: Number(running) / unit, to: Number(next) / unit, amount: component.amount, total: false });
    running = next;
  }
  rows.push({ name: 'NAV change', from: 0, to: Number(pnl.navChange) / unit, amount: pnl.navChange, total: true });

  let low = 0;
  let high = 0;
  for (const row of rows) {
    low = Math.min(low, row.from, row.to);
    high = Math.max(high, row.from, row.to);
  }
  const ticks = niceTicks(low, high, 5);
  const plotLeft = LABEL_WIDTH;
  const plotRight = WIDTH - RIGHT_PAD;
  const xOf = (value: number): number => plotLeft + ((value - ticks.min) / (ticks.max - ticks.min)) * (plotRight - plotLeft);
  const height = TOP + rows.length * ROW_HEIGHT + AXIS_HEIGHT;
  const plotBottom = TOP + rows.length * ROW_HEIGHT;

  const parts: string[] = [];
  for (const tick of ticks.ticks) {
    const x = xOf(tick).toFixed(1);
    parts.push(`<line class="${tick === 0 ? 'axis-zero' : 'grid'}" x1="${x}" x2="${x}" y1="${TOP}" y2="${plotBottom}"/>`);
    parts.push(`<text class="tick" x="${x}" y="${plotBottom + 17}" text-anchor="middle">${escapeHtml(formatValueTick(tick, ticks.step, 'number'))}</text>`);
  }
  rows.forEach((row, index) => {
    const y = TOP + index * ROW_HEIGHT;
    const barTop = (y + 6).toFixed(1);
    const left = xOf(Math.min(row.from, row.to));
    // A component too small to see still gets a hairline, so it is not mistaken for missing.
    const barWidth = Math.max(1, Math.abs(xOf(row.to) - xOf(row.from)));
    const color = row.total ? PALETTE.total : row.amount >= 0n ? PALETTE.gain : PALETTE.loss;
    const amountText = `${formatAmount(row.amount, decimals)} ${symbol}`;
    parts.push(`<text class="bar-label${row.total ? ' bar-label-total' : ''}" x="${LABEL_WIDTH - 10}" y="${(y + ROW_HEIGHT / 2).toFixed(1)}" text-anchor="end" dominant-baseline="middle">${escapeHtml(shorten(row.name))}</text>`);
    parts.push(
      `<rect fill="${color}" x="${left.toFixed(1)}" y="${barTop}" width="${barWidth.toFixed(1)}" height="${ROW_HEIGHT - 12}" rx="2">` +
        `<title>${escapeHtml(`${row.name}: ${amountText}`)}</title></rect>`,
    );
    if (!row.total && index + 1 < rows.length) {
      const x = xOf(row.to).toFixed(1);
      parts.push(`<line class="connector" x1="${x}" x2="${x}" y1="${(y + ROW_HEIGHT - 6).toFixed(1)}" y2="${(y + ROW_HEIGHT + 6).toFixed(1)}"/>`);
    }
  });

  const legend = legendHtml([
    { label: 'adds to NAV', color: PALETTE.gain, kind: 'bar' },
    { label: 'takes from NAV', color: PALETTE.loss, kind: 'bar' },
    { label: 'NAV change', color: PALETTE.total, kind: 'bar' },
  ]);
  const aria = `Waterfall of ${pnl.components.length} PnL components adding up to a NAV change of ${formatAmount(pnl.navChange, decimals)} ${symbol}`;
  return (
    `<figure class="chart" id="chart-pnl">` +
    `<figcaption><span class="chart-title">Where the NAV change came from</span> <span class="unit">${escapeHtml(symbol)}</span>${legend}</figcaption>` +
    `<svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeHtml(aria)}" preserveAspectRatio="xMidYMid meet">` +
    `<title>PnL decomposition</title>${parts.join('')}</svg></figure>`
  );
}
