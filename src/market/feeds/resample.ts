// Resampling puts a feed on the simulator's own grid (every block, every minute): each column
// takes the value in force at each grid time, so nothing from the future leaks in.
import { InvalidInputError, requireFinite, requirePositive } from '../../errors.js';
import { createCursor } from './sample.js';
import { type Column, type TimeSeries, columnsOf } from './series.js';

/**
 * A series of the same shape on the grid start + i·step (i < count), each column sampled as a
 * step function. The grid must start at or after the first row.
 */
export function resample<S extends TimeSeries>(series: S, startSeconds: number, stepSeconds: number, count: number): S {
  requireFinite('startSeconds', startSeconds);
  requirePositive('stepSeconds', stepSeconds);
  if (!(Number.isInteger(count) && count >= 1)) throw new InvalidInputError('count', count, 'must be a positive integer');
  const first = series.timestampSeconds[0]!;
  if (startSeconds < first) throw new InvalidInputError('startSeconds', startSeconds, `is before the first row of the series (${first})`);
  const cursor = createCursor(series);
  const rows = new Int32Array(count);
  const clock = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    clock[i] = startSeconds + i * stepSeconds;
    rows[i] = cursor.indexAt(clock[i]!);
  }
  const out: Record<string, Column> = {};
  for (const [name, column] of columnsOf(series)) {
    if (name === 'timestampSeconds') continue;
    out[name] = pickRows(column, rows);
  }
  out.timestampSeconds = clock;
  return { ...series, ...out } as S;
}

function pickRows(column: Column, rows: Int32Array): Column {
  if (Array.isArray(column)) return Array.from(rows, (r) => (column as readonly unknown[])[r]) as Column;
  const typed = column as Float64Array | Int32Array | Uint32Array;
  const out = new (typed.constructor as Float64ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor)(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = typed[rows[i]!]!;
  return out;
}
