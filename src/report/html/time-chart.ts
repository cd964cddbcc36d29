/**
 * A time-series panel as inline SVG: UTC time on x, one value axis on y, and any number of
 * layers (lines, areas down from a baseline, shaded bands). Returns a `<figure>` whose caption
 * carries the title and legend in HTML (crisp text, wraps on small screens) and whose SVG has
 * `role="img"` and an `aria-label` saying what the chart shows.
 */
import { bandEnvelope, minMaxSegments } from './downsample.js';
import { escapeHtml, formatTimeTick } from './format.js';
import { niceTicks, stepDecimals, timeTicks, type ValueTicks } from './ticks.js';

export type ValueFormat = 'number' | 'percent';

export type Layer =
  | {
      readonly kind: 'line';
      readonly label: string;
      readonly color: string;
      readonly values: ArrayLike<number | null>;
      readonly widthPx?: number;
      readonly dashed?: boolean;
    }
  | {
      /** Filled between the values and the baseline. */
      readonly kind: 'area';
      readonly label: string;
      readonly color: string;
      readonly values: ArrayLike<number>;
      readonly baseline: number;
    }
  | {
      readonly kind: 'band';
      readonly label: string;
      readonly color: string;
      readonly lower: ArrayLike<number | null>;
      readonly upper: ArrayLike<number | null>;
    };

export interface TimeChartSpec {
  /** HTML id of the figure, e.g. "chart-equity". */
  readonly id: string;
  readonly title: string;
  /** Unit shown beside the title, e.g. "USDC per share". */
  readonly unit?: string;
  /** One sentence for screen readers. */
  readonly ariaLabel: string;
  readonly timestampSeconds: ArrayLike<number>;
  readonly layers: readonly Layer[];
  /** SVG user units; the SVG scales to the width of the page. */
  readonly widthPx?: number;
  readonly heightPx?: number;
  readonly format?: ValueFormat;
  /** Draw a stronger line at 0 when 0 is inside the axis. */
  readonly zeroLine?: boolean;
  /** Widen the axis to include 0. */
  readonly includeZero?: boolean;
  /** Values the axis must show even if the data does not reach them (e.g. 0 and −1 % for a drawdown). */
  readonly extendTo?: readonly number[];
  /** A dashed horizontal reference, e.g. the starting NAV per share. */
  readonly reference?: { readonly value: number; readonly label: string };
  /** Events drawn as a rug of short ticks along the bottom, e.g. hedge trades (one per pixel). */
  readonly events?: { readonly timestampSeconds: readonly number[]; readonly label: string; readonly color: string };
}

const MARGIN = { left: 64, right: 18, top: 12, bottom: 28 } as const;
const REFERENCE_COLOR = '#5b6472';

/** Pixel coordinates with one decimal: sharp enough, and a third of the bytes of full floats. */
function px(value: number): string {
  return value.toFixed(1);
}

function valueRange(layers: readonly Layer[], includeZero: boolean): [number, number] {
  let low = includeZero ? 0 : Infinity;
  let high = includeZero ? 0 : -Infinity;
  const scan = (values: ArrayLike<number | null>): void => {
    for (let index = 0; index < values.length; index++) {
      const value = values[index];
      if (value === null || value === undefined || !Number.isFinite(value)) continue;
      if (value < low) low = value;
      if (value > high) high = value;
    }
  };
  for (const layer of layers) {
    if (layer.kind === 'band') {
      scan(layer.lower);
      scan(layer.upper);
    } else {
      scan(layer.values);
      if (layer.kind === 'area') {
        low = Math.min(low, layer.baseline);
        high = Math.max(high, layer.baseline);
      }
    }
  }
  return low <= high ? [low, high] : [0, 1];
}

/** Compact tick label: thousands as k/M/B, decimals as the step needs, percent if asked. */
export function formatValueTick(value: number, step: number, format: ValueFormat): string {
  if (value === 0) return format === 'percent' ? '0%' : '0';
  if (format === 'percent') {
    const decimals = Math.min(20, stepDecimals(step * 100));
    const text = (value * 100).toFixed(decimals);
    return `${/^-0(\.0*)?$/.test(text) ? text.slice(1) : text.replace('-', '−')}%`;
  }
  // Steps this small have no readable fixed form: 1.2e-7 beats 0.00000012.
  if (step < 1e-4) return value === 0 ? '0' : value.toExponential(Math.max(0, stepDecimals(step / 10 ** Math.floor(Math.log10(Math.abs(value)))))).replace(/-/g, '−');
  const magnitude = Math.max(Math.abs(value), step);
  const [scale, suffix] = magnitude >= 1e9 ? [1e9, 'B'] : magnitude >= 1e6 ? [1e6, 'M'] : magnitude >= 1e4 ? [1e3, 'k'] : [1, ''];
  const text = (value / scale).toFixed(stepDecimals(step / scale));
  return `${/^-0(\.0*)?$/.test(text) ? text.slice(1) : text.replace('-', '−')}${suffix}`;
}

export interface LegendItem {
  readonly label: string;
  readonly color: string;
  readonly kind: 'line' | 'area' | 'band' | 'bar';
  readonly dashed?: boolean;
}

export function legendHtml(items: readonly LegendItem[]): string {
  const entries = items.map((item) => {
    const swatchClass = item.kind === 'line' ? (item.dashed ? 'swatch swatch-line swatch-dashed' : 'swatch swatch-line') : 'swatch swatch-fill';
    return `<span class="legend-item"><span class="${swatchClass}" style="--swatch:${item.color}"></span>${escapeHtml(item.label)}</span>`;
  });
  return `<span class="legend">${entries.join('')}</span>`;
}

interface Frame {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly xOf: (seconds: number) => number;
  readonly yOf: (value: number) => number;
}

function valueAxisSvg(frame: Frame, ticks: ValueTicks, format: ValueFormat, zeroLine: boolean): string {
  return ticks.ticks
    .map((tick) => {
      const y = px(frame.yOf(tick));
      const lineClass = zeroLine && tick === 0 ? 'axis-zero' : 'grid';
      const label = escapeHtml(formatValueTick(tick, ticks.step, format));
      return (
        `<line class="${lineClass}" x1="${frame.left}" x2="${frame.right}" y1="${y}" y2="${y}"/>` +
        `<text class="tick" x="${frame.left - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${label}</text>`
      );
    })
    .join('');
}

function timeAxisSvg(frame: Frame, start: number, end: number): string {
  // About one label per 85 px: "Sep 2024" at 11 px needs ~50 px plus air.
  const ticks = timeTicks(start, end, Math.max(2, Math.floor((frame.right - frame.left) / 85)));
  const parts = ticks.ticks.map((tick) => {
    const x = px(frame.xOf(tick));
    return (
      `<line class="grid grid-x" x1="${x}" x2="${x}" y1="${frame.top}" y2="${frame.bottom}"/>` +
      `<text class="tick" x="${x}" y="${frame.bottom + 18}" text-anchor="middle">${escapeHtml(formatTimeTick(tick, ticks.stepSeconds))}</text>`
    );
  });
  parts.push(`<line class="axis" x1="${frame.left}" x2="${frame.right}" y1="${frame.bottom}" y2="${frame.bottom}"/>`);
  return parts.join('');
}

/** A rug of 7 px ticks along the bottom; events in the same pixel column draw once. */
function eventRugSvg(frame: Frame, events: NonNullable<TimeChartSpec['events']>, start: number, end: number): string {
  let lastX = -1;
  const ticks: string[] = [];
  for (const seconds of events.timestampSeconds) {
    if (seconds < start || seconds > end) continue;
    const x = Math.round(frame.xOf(seconds));
    if (x === lastX) continue;
    lastX = x;
    ticks.push(`M${x} ${frame.bottom - 7}v7`);
  }
  return ticks.length > 0 ? `<path class="events" stroke="${events.color}" d="${ticks.join('')}"/>` : '';
}

function layerSvg(frame: Frame, times: ArrayLike<number>, layer: Layer, buckets: number): string {
  const { xOf, yOf } = frame;
  const parts: string[] = [];
  if (layer.kind === 'band') {
    for (const run of bandEnvelope(times, layer.lower, layer.upper, buckets)) {
      const upperEdge = run.flatMap((b) => [`${px(xOf(b.startSeconds))},${px(yOf(b.upper))}`, `${px(xOf(b.endSeconds))},${px(yOf(b.upper))}`]);
      const lowerEdge = run
        .slice()
        .reverse()
        .flatMap((b) => [`${px(xOf(b.endSeconds))},${px(yOf(b.lower))}`, `${px(xOf(b.startSeconds))},${px(yOf(b.lower))}`]);
      parts.push(`<polygon class="band" fill="${layer.color}" points="${[...upperEdge, ...lowerEdge].join(' ')}"/>`);
    }
    return parts.join('');
  }
  const values = layer.values;
  for (const segment of minMaxSegments(times, values, buckets)) {
    const points = segment.map((index) => `${px(xOf(times[index]!))},${px(yOf(values[index] as number))}`).join(' ');
    if (layer.kind === 'area') {
      const base = px(yOf(layer.baseline));
      const firstX = px(xOf(times[segment[0]!]!));
      const lastX = px(xOf(times[segment[segment.length - 1]!]!));
      parts.push(`<polygon class="area" fill="${layer.color}" points="${firstX},${base} ${points} ${lastX},${base}"/>`);
      parts.push(`<polyline class="line" stroke="${layer.color}" stroke-width="1.25" points="${points}"/>`);
    } else {
      const dash = layer.dashed ? ' stroke-dasharray="5 4"' : '';
      parts.push(`<polyline class="line" stroke="${layer.color}" stroke-width="${layer.widthPx ?? 1.75}"${dash} points="${points}"/>`);
    }
  }
  return parts.join('');
}

export function renderTimeChart(spec: TimeChartSpec): string {
  const width = spec.widthPx ?? 960;
  const height = spec.heightPx ?? 260;
  const times = spec.timestampSeconds;
  const start = times[0]!;
  const end = times[times.length - 1]!;
  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const top = MARGIN.top;
  const bottom = height - MARGIN.bottom;

  let [low, high] = valueRange(spec.layers, spec.includeZero ?? false);
  for (const value of [...(spec.extendTo ?? []), ...(spec.reference ? [spec.reference.value] : [])]) {
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  // About one gridline per 40 px of height.
  const yTicks = niceTicks(low, high, Math.max(4, Math.round((bottom - top) / 40)));
  const frame: Frame = {
    left,
    right,
    top,
    bottom,
    xOf: (seconds) => left + (end > start ? ((seconds - start) / (end - start)) * (right - left) : 0),
    yOf: (value) => bottom - ((value - yTicks.min) / (yTicks.max - yTicks.min)) * (bottom - top),
  };
  // One bucket per pixel column of the plot.
  const buckets = Math.max(1, Math.round(right - left));

  const parts = [valueAxisSvg(frame, yTicks, spec.format ?? 'number', spec.zeroLine ?? false), timeAxisSvg(frame, start, end)];
  if (spec.reference) {
    const y = px(frame.yOf(spec.reference.value));
    parts.push(`<line class="reference" x1="${left}" x2="${right}" y1="${y}" y2="${y}"/>`);
  }
  if (spec.events) parts.push(eventRugSvg(frame, spec.events, start, end));
  for (const layer of spec.layers) parts.push(layerSvg(frame, times, layer, buckets));

  const legendItems: LegendItem[] = spec.layers.map((layer) => ({
    label: layer.label,
    color: layer.color,
    kind: layer.kind,
    dashed: layer.kind === 'line' && layer.dashed === true,
  }));
  if (spec.reference) legendItems.push({ label: spec.reference.label, color: REFERENCE_COLOR, kind: 'line', dashed: true });
  if (spec.events) legendItems.push({ label: spec.events.label, color: spec.events.color, kind: 'bar' });
  const legend = legendItems.length > 1 ? legendHtml(legendItems) : '';
  const unit = spec.unit ? ` <span class="unit">${escapeHtml(spec.unit)}</span>` : '';
  return (
    `<figure class="chart" id="${escapeHtml(spec.id)}">` +
    `<figcaption><span class="chart-title">${escapeHtml(spec.title)}</span>${unit}${legend}</figcaption>` +
    `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(spec.ariaLabel)}" preserveAspectRatio="xMidYMid meet">` +
    `<title>${escapeHtml(spec.title)}</title>${parts.join('')}</svg></figure>`
  );
}
