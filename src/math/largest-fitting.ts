/**
 * The largest integer x in [0, max] with fits(x), for a test that holds up to a boundary and not
 * beyond (monotone), by bisection with the invariant fits(lo) and !fits(hi): the answer fits and
 * answer + 1 does not. 0 when nothing above 0 fits (0 itself is not tested: callers treat "no
 * size" as always allowed). Exact for any bigint range, in log2(max) tests.
 */
export function largestFitting(max: bigint, fits: (x: bigint) => boolean): bigint {
  if (max <= 0n) return 0n;
  if (fits(max)) return max;
  let lo = 0n;
  let hi = max;
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
