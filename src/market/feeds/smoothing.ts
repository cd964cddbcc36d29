// Causal smoothers for noisy replay columns: each output uses only rows at or before its own
// time, so a backtest fed the smoothed value never peeks at the future. Non-finite inputs
// (e.g. a minute where a proxy is undefined) are skipped, not propagated.
import { InvalidInputError, requirePositive } from '../../errors.js';

/**
 * EWMA on an irregular clock: the weight of the past decays by half every `halfLifeSeconds`
 * of elapsed time, so a gap in the data ages the old average as it should. Starts at the
 * first finite value; NaN before it; holds its value across non-finite inputs.
 */
export function ewmaByTime(timestampSeconds: Float64Array, values: Float64Array, halfLifeSeconds: number): Float64Array {
  requirePositive('halfLifeSeconds', halfLifeSeconds);
  if (values.length !== timestampSeconds.length) throw new InvalidInputError('values.length', values.length, `must equal timestampSeconds.length ${timestampSeconds.length}`);
  const out = new Float64Array(values.length);
  let average = Number.NaN;
  let lastTime = Number.NaN;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    const t = timestampSeconds[i]!;
    if (Number.isFinite(x)) {
      if (Number.isNaN(average)) average = x;
      else {
        const keep = Math.pow(0.5, (t - lastTime) / halfLifeSeconds);
        average = keep * average + (1 - keep) * x;
      }
      lastTime = t;
    }
    out[i] = average;
  }
  return out;
}

/**
 * Median of the finite values among the last `windowRows` rows (the row itself included).
 * Robust to the single-minute spikes a median is for; holds its last value while the window
 * has no finite value; NaN before the first.
 */
export function rollingMedian(values: Float64Array, windowRows: number): Float64Array {
  if (!(Number.isInteger(windowRows) && windowRows >= 1)) throw new InvalidInputError('windowRows', windowRows, 'must be a positive integer');
  const out = new Float64Array(values.length);
  // A sorted copy of the window's finite values, updated by insertion and removal: O(w) a row.
  const window: number[] = [];
  let last = Number.NaN;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isFinite(x)) window.splice(lowerBound(window, x), 0, x);
    const leaving = i - windowRows;
    if (leaving >= 0) {
      const old = values[leaving]!;
      if (Number.isFinite(old)) window.splice(lowerBound(window, old), 1);
    }
    const n = window.length;
    if (n > 0) last = n % 2 === 1 ? window[(n - 1) / 2]! : 0.5 * (window[n / 2 - 1]! + window[n / 2]!);
    out[i] = last;
  }
  return out;
}

function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
