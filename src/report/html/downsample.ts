/**
 * Downsampling for drawing: a chart is a few hundred pixels wide, a run can be half a million
 * steps. Points are grouped into one bucket per pixel column (by time, so irregular sampling
 * is placed correctly) and each bucket keeps its first, lowest, highest and last point, in
 * time order: every spike survives, the line looks the same as the full series, and the path
 * stays at most 4 points per pixel whatever the input length.
 */

/** A run of indices into the series, without gaps; a `null` value ends a segment. */
export type Segment = number[];

function bucketOf(time: number, start: number, span: number, buckets: number): number {
  if (span <= 0) return 0;
  return Math.min(buckets - 1, Math.floor(((time - start) / span) * buckets));
}

/**
 * Indices to draw of `values` (aligned with `times`), as gap-free segments: per bucket the
 * first, min, max and last non-null points, deduplicated and in index order.
 */
export function minMaxSegments(
  times: ArrayLike<number>,
  values: ArrayLike<number | null>,
  buckets: number,
): Segment[] {
  const count = times.length;
  const segments: Segment[] = [];
  if (count === 0) return segments;
  const start = times[0]!;
  const span = times[count - 1]! - start;
  let segment: Segment = [];
  let bucket = -1;
  let first = -1;
  let last = -1;
  let low = -1;
  let high = -1;
  const flush = (): void => {
    if (first < 0) return;
    const picked = [first, low, high, last].sort((a, b) => a - b);
    for (let index = 0; index < picked.length; index++) {
      if (index === 0 || picked[index] !== picked[index - 1]) segment.push(picked[index]!);
    }
    first = -1;
  };
  for (let index = 0; index < count; index++) {
    const value = values[index];
    if (value === null || value === undefined || !Number.isFinite(value)) {
      flush();
      if (segment.length > 0) segments.push(segment);
      segment = [];
      bucket = -1;
      continue;
    }
    const at = bucketOf(times[index]!, start, span, buckets);
    if (at !== bucket) {
      flush();
      bucket = at;
    }
    if (first < 0) {
      first = last = low = high = index;
      continue;
    }
    last = index;
    if (value < (values[low] as number)) low = index;
    if (value > (values[high] as number)) high = index;
  }
  flush();
  if (segment.length > 0) segments.push(segment);
  return segments;
}

/** One bucket of a band: its time extent and the envelope of the band inside it. */
export interface BandBucket {
  readonly startSeconds: number;
  readonly endSeconds: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * Envelope of a band (lower/upper per step) per bucket, split into gap-free runs where the
 * band is null: the union of every range open in that pixel column, so a brief range still
 * shows.
 */
export function bandEnvelope(
  times: ArrayLike<number>,
  lower: ArrayLike<number | null>,
  upper: ArrayLike<number | null>,
  buckets: number,
): BandBucket[][] {
  const count = times.length;
  const runs: BandBucket[][] = [];
  if (count === 0) return runs;
  const start = times[0]!;
  const span = times[count - 1]! - start;
  let run: BandBucket[] = [];
  let current: { bucket: number; startSeconds: number; endSeconds: number; lower: number; upper: number } | null = null;
  const flush = (): void => {
    if (current) run.push({ startSeconds: current.startSeconds, endSeconds: current.endSeconds, lower: current.lower, upper: current.upper });
    current = null;
  };
  for (let index = 0; index < count; index++) {
    const low = lower[index];
    const high = upper[index];
    const time = times[index]!;
    if (low === null || low === undefined || high === null || high === undefined) {
      flush();
      if (run.length > 0) runs.push(run);
      run = [];
      continue;
    }
    const at = bucketOf(time, start, span, buckets);
    if (current === null || current.bucket !== at) {
      flush();
      current = { bucket: at, startSeconds: time, endSeconds: time, lower: low, upper: high };
      continue;
    }
    current.endSeconds = time;
    current.lower = Math.min(current.lower, low);
    current.upper = Math.max(current.upper, high);
  }
  flush();
  if (run.length > 0) runs.push(run);
  return runs;
}
