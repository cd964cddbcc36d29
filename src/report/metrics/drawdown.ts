/**
 * Drawdown of a NAV-per-share path: how far below its running peak it stood.
 *
 *   drawdown_i = 1 − p_i / max_{j ≤ i} p_j          ∈ [0, 1) for p > 0
 *   max drawdown = max_i drawdown_i
 *
 * The episode of the maximum is reported by its peak (the step that set the running high),
 * trough (the step of the maximum) and recovery (the first later step back at or above the
 * peak; null if the run ended under water).
 */

export interface MaxDrawdown {
  /** Largest fall from a running peak, as a fraction of the peak (0.25 = 25 %); 0 if never down. */
  readonly depth: number;
  /** Step index and time (Unix seconds) of the peak the fall started from. */
  readonly peakIndex: number;
  readonly peakSeconds: number;
  /** Step index and time of the lowest point of that fall. */
  readonly troughIndex: number;
  readonly troughSeconds: number;
  /** First time at or above the peak after the trough; null when not recovered by the end. */
  readonly recoverySeconds: number | null;
}

/** Drawdown per step (0 at a new high), as fractions; the chart draws this. */
export function drawdownSeries(navPerShare: ArrayLike<number>): Float64Array {
  const drawdowns = new Float64Array(navPerShare.length);
  let peak = -Infinity;
  for (let index = 0; index < navPerShare.length; index++) {
    const value = navPerShare[index]!;
    if (value > peak) peak = value;
    drawdowns[index] = peak > 0 ? 1 - value / peak : 0;
  }
  return drawdowns;
}

/** The deepest drawdown and its episode; the earliest one wins a tie, so output is stable. */
export function maxDrawdown(timestampSeconds: ArrayLike<number>, navPerShare: ArrayLike<number>): MaxDrawdown {
  let peakIndex = 0;
  let best = { depth: 0, peakIndex: 0, troughIndex: 0 };
  for (let index = 0; index < navPerShare.length; index++) {
    const value = navPerShare[index]!;
    const peak = navPerShare[peakIndex]!;
    if (value > peak) {
      peakIndex = index;
      continue;
    }
    const depth = peak > 0 ? 1 - value / peak : 0;
    if (depth > best.depth) best = { depth, peakIndex, troughIndex: index };
  }
  const peakValue = navPerShare[best.peakIndex]!;
  let recoverySeconds: number | null = null;
  if (best.depth > 0) {
    for (let index = best.troughIndex + 1; index < navPerShare.length; index++) {
      if (navPerShare[index]! >= peakValue) {
        recoverySeconds = timestampSeconds[index]!;
        break;
      }
    }
  }
  return {
    depth: best.depth,
    peakIndex: best.peakIndex,
    peakSeconds: timestampSeconds[best.peakIndex]!,
    troughIndex: best.troughIndex,
    troughSeconds: timestampSeconds[best.troughIndex]!,
    recoverySeconds,
  };
}
