/**
 * Axis ticks a person can read: steps of 1, 2 or 5 × 10^k for values (after Heckbert's "nice
 * numbers", Graphics Gems, 1990), and calendar steps aligned to UTC boundaries for time.
 */

export interface ValueTicks {
  /** Axis bounds: the data range widened to whole steps. */
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly ticks: readonly number[];
}

/** The nice number near `value` (> 0): rounded to the nearest, or the next one up. */
export function niceNumber(value: number, round: boolean): number {
  const exponent = Math.floor(Math.log10(value));
  const power = 10 ** exponent;
  const fraction = value / power;
  let nice: number;
  if (round) nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  else nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Decimals needed to print multiples of `step` exactly (1 → 0, 0.25 → 2, 0.5 → 1). */
export function stepDecimals(step: number): number {
  let decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  while (decimals < 100 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6) decimals++;
  return decimals;
}

/**
 * Ticks covering [min, max] with about `targetCount` (at most 2 × targetCount) of them. A flat
 * range is widened around its value so a constant series still gets an axis.
 */
export function niceTicks(min: number, max: number, targetCount = 5): ValueTicks {
  let low = Number.isFinite(min) ? min : 0;
  let high = Number.isFinite(max) ? max : 1;
  if (high < low) [low, high] = [high, low];
  // Widths below 1e-12 of the values, or below any printable step, draw as flat.
  if (high - low <= Math.max(Math.abs(low), Math.abs(high)) * 1e-12 || high - low < 1e-90) {
    const scaled = Math.abs(low) * 0.01;
    const pad = scaled > 1e-90 ? scaled : 1;
    low -= pad;
    high += pad;
  }
  // Heckbert rounds the range up before dividing; dividing the raw range keeps the axis
  // tight around the data (1 900–5 100 gets 1 000–6 000, not 0–6 000).
  const count = Math.max(2, targetCount);
  const step = niceNumber((high - low) / (count - 1), true);
  const decimals = stepDecimals(step);
  const first = Math.floor(low / step + 1e-9);
  const last = Math.ceil(high / step - 1e-9);
  const ticks: number[] = [];
  for (let index = first; index <= last; index++) ticks.push(Number((index * step).toFixed(Math.min(100, decimals))));
  return { min: ticks[0]!, max: ticks[ticks.length - 1]!, step, ticks };
}

export interface TimeTicks {
  /** Nominal step in seconds (months count as 30 days, years as 365): picks the label form. */
  readonly stepSeconds: number;
  readonly ticks: readonly number[];
}

type TimeStep = { readonly seconds: number } | { readonly months: number };

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
const TIME_STEPS: readonly TimeStep[] = [
  { seconds: 1 },
  { seconds: 5 },
  { seconds: 15 },
  { seconds: 30 },
  { seconds: MINUTE },
  { seconds: 5 * MINUTE },
  { seconds: 15 * MINUTE },
  { seconds: 30 * MINUTE },
  { seconds: HOUR },
  { seconds: 3 * HOUR },
  { seconds: 6 * HOUR },
  { seconds: 12 * HOUR },
  { seconds: DAY },
  { seconds: 2 * DAY },
  { seconds: 7 * DAY },
  { seconds: 14 * DAY },
  { months: 1 },
  { months: 2 },
  { months: 3 },
  { months: 6 },
  { months: 12 },
  { months: 24 },
  { months: 60 },
  { months: 120 },
];

/** 1970-01-01 was a Thursday: weeks start on Monday, four days later. */
const MONDAY_OFFSET_SECONDS = 4 * DAY;

function nominalSeconds(step: TimeStep): number {
  return 'seconds' in step ? step.seconds : step.months >= 12 ? (step.months / 12) * 365 * DAY : step.months * 30 * DAY;
}

function monthTicks(start: number, end: number, months: number): number[] {
  const first = new Date(start * 1000);
  let year = first.getUTCFullYear();
  let month = first.getUTCMonth();
  const ticks: number[] = [];
  for (;;) {
    const tick = Date.UTC(year, month, 1) / 1000;
    if (tick > end) break;
    if (tick >= start && (year * 12 + month) % months === 0) ticks.push(tick);
    month++;
    if (month === 12) {
      month = 0;
      year++;
    }
  }
  return ticks;
}

function secondTicks(start: number, end: number, step: number): number[] {
  const offset = step % (7 * DAY) === 0 ? MONDAY_OFFSET_SECONDS : 0;
  const ticks: number[] = [];
  for (let tick = Math.ceil((start - offset) / step) * step + offset; tick <= end; tick += step) ticks.push(tick);
  return ticks;
}

/** Calendar-aligned UTC ticks over [start, end] (Unix seconds), at most `maxCount` of them. */
export function timeTicks(start: number, end: number, maxCount = 8): TimeTicks {
  const span = Math.max(1, end - start);
  for (const step of TIME_STEPS) {
    const seconds = nominalSeconds(step);
    if (span / seconds > maxCount + 1) continue;
    const ticks = 'seconds' in step ? secondTicks(start, end, step.seconds) : monthTicks(start, end, step.months);
    if (ticks.length <= maxCount) return { stepSeconds: seconds, ticks };
  }
  return { stepSeconds: span, ticks: [start] };
}
