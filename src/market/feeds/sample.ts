// Step-function lookups on a series: the value in force at time t is the last row at or before
// t. A replay never sees a row stamped after the block it is building (no look-ahead).
import { InvalidInputError } from '../../errors.js';
import type { CellOf, ColumnName, TimeSeries } from './series.js';

/** Index of the last timestamp <= t, or −1 if t is before the first; binary search, O(log n). */
export function indexAtOrBefore(timestampSeconds: Float64Array, t: number): number {
  let lo = 0;
  let hi = timestampSeconds.length;
  // Invariant: every index < lo is <= t, every index >= hi is > t.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timestampSeconds[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function requireTime(t: number, first: number): void {
  if (Number.isNaN(t)) throw new InvalidInputError('timestampSeconds', t, 'must be a number');
  if (t < first) throw new InvalidInputError('timestampSeconds', t, `is before the first row of the series (${first})`);
}

/** The value of `column` in force at t (last row at or before t); refuses t before the first row. */
export function sampleAt<S extends TimeSeries, K extends ColumnName<S>>(series: S, column: K, timestampSeconds: number): CellOf<S[K]> {
  const clock = series.timestampSeconds;
  requireTime(timestampSeconds, clock[0]!);
  const values = series[column] as unknown as ArrayLike<CellOf<S[K]>>;
  return values[indexAtOrBefore(clock, timestampSeconds)]!;
}

/** A forward-only reader for a replay driven by a block clock. */
export interface SeriesCursor<S extends TimeSeries> {
  /** Index of the last row at or before t; t must not decrease from one call to the next. */
  indexAt(timestampSeconds: number): number;
  /** The value of `column` in force at t; same rule on t. */
  sampleAt<K extends ColumnName<S>>(column: K, timestampSeconds: number): CellOf<S[K]>;
}

// Past this many rows in one move, a binary search over the rest beats walking.
const WALK_LIMIT = 16;

/**
 * A cursor that remembers where the last lookup landed: a monotone replay costs amortised O(1)
 * a lookup (a block clock advances a row or less per block), and a long jump costs O(log n).
 */
export function createCursor<S extends TimeSeries>(series: S): SeriesCursor<S> {
  const clock = series.timestampSeconds;
  const n = clock.length;
  let index = -1;
  let lastTime = Number.NEGATIVE_INFINITY;
  const indexAt = (t: number): number => {
    requireTime(t, clock[0]!);
    if (t < lastTime) throw new InvalidInputError('timestampSeconds', t, `went back in time (last lookup was at ${lastTime}); a cursor only moves forward`);
    lastTime = t;
    let walked = 0;
    while (index + 1 < n && clock[index + 1]! <= t) {
      index++;
      if (++walked === WALK_LIMIT) {
        const rest = clock.subarray(index + 1);
        index += 1 + indexAtOrBefore(rest, t);
        break;
      }
    }
    return index;
  };
  return {
    indexAt,
    sampleAt<K extends ColumnName<S>>(column: K, t: number): CellOf<S[K]> {
      const values = series[column] as unknown as ArrayLike<CellOf<S[K]>>;
      return values[indexAt(t)]!;
    },
  };
}
