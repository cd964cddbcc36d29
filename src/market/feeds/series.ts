// The shape every replay feed returns: one Float64Array of UTC seconds, strictly increasing,
// and parallel columns of the same length. Columnar because the simulator walks one column
// per venue for millions of blocks, and typed arrays keep that walk cache-friendly.
import { InvalidInputError } from '../../errors.js';

export type Column = Float64Array | Int32Array | Uint32Array | readonly bigint[] | readonly string[];

export interface TimeSeries {
  readonly timestampSeconds: Float64Array;
}

/** Names of the columns of a series (every property holding a column, the clock included). */
export type ColumnName<S extends TimeSeries> = {
  [K in keyof S]-?: S[K] extends Column ? K : never;
}[keyof S] &
  string;

/** The type of one cell of a column. */
export type CellOf<C> = C extends Float64Array | Int32Array | Uint32Array ? number : C extends readonly (infer T)[] ? T : never;

/** What to do with rows whose time is not after the previous row's. */
export interface OrderOptions {
  /**
   * 'refuse' (default): the file must already be strictly increasing. 'sort': order the rows by
   * time (a file with a few rows swapped); equal timestamps are refused either way, since
   * there is no telling which row is right.
   */
  readonly outOfOrder?: 'refuse' | 'sort';
}

/**
 * The order in which to take the rows so time strictly increases, or refuses the file naming
 * the line (`lineOf(i)`) where order breaks.
 */
export function timeOrder(
  path: string,
  timeColumn: string,
  timestampSeconds: Float64Array,
  lineOf: (row: number) => number,
  options: OrderOptions = {},
): Int32Array {
  const where = (row: number): string => `${path}:${lineOf(row)} column ${timeColumn === '' ? '1 (unnamed)' : timeColumn}`;
  const n = timestampSeconds.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if (!(timestampSeconds[i]! > timestampSeconds[i - 1]!)) {
      if (options.outOfOrder !== 'sort' || timestampSeconds[i] === timestampSeconds[i - 1]) {
        throw new InvalidInputError(where(i), timestampSeconds[i], 'timestamps must increase');
      }
      sorted = false;
    }
  }
  if (sorted) return order;
  order.sort((a, b) => timestampSeconds[a]! - timestampSeconds[b]!);
  for (let i = 1; i < n; i++) {
    if (timestampSeconds[order[i]!] === timestampSeconds[order[i - 1]!]) {
      throw new InvalidInputError(where(order[i]!), timestampSeconds[order[i]!], 'timestamp repeats an earlier row');
    }
  }
  return order;
}

export function float64Column<Row>(rows: readonly Row[], order: Int32Array, pick: (row: Row) => number): Float64Array {
  const out = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = pick(rows[order[i]!]!);
  return out;
}

export function int32Column<Row>(rows: readonly Row[], order: Int32Array, pick: (row: Row) => number): Int32Array {
  const out = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = pick(rows[order[i]!]!);
  return out;
}

export function arrayColumn<Row, T>(rows: readonly Row[], order: Int32Array, pick: (row: Row) => T): T[] {
  const out: T[] = new Array<T>(order.length);
  for (let i = 0; i < order.length; i++) out[i] = pick(rows[order[i]!]!);
  return out;
}

/** The columns of a series (own properties holding arrays), clock included. */
export function columnsOf(series: TimeSeries): [string, Column][] {
  return Object.entries(series).filter((entry): entry is [string, Column] => ArrayBuffer.isView(entry[1]) || Array.isArray(entry[1]));
}

/** Refuses a series whose columns differ in length or whose clock does not strictly increase. */
export function validateSeries(series: TimeSeries): void {
  const n = series.timestampSeconds.length;
  if (n === 0) throw new InvalidInputError('series.timestampSeconds.length', 0, 'a series needs at least one row');
  for (const [name, column] of columnsOf(series)) {
    if (column.length !== n) throw new InvalidInputError(`series.${name}.length`, column.length, `must equal the row count ${n}`);
  }
  for (let i = 0; i < n; i++) {
    const t = series.timestampSeconds[i]!;
    if (!Number.isFinite(t) || (i > 0 && !(t > series.timestampSeconds[i - 1]!))) {
      throw new InvalidInputError(`series.timestampSeconds[${i}]`, t, 'timestamps must be finite and strictly increasing');
    }
  }
}
