/**
 * An implied-vol level from a model: trailing realized volatility of the price path plus a
 * premium (the variance risk premium option sellers are paid for). Causal by construction: it
 * reads a `PriceHistory` of the prices the simulator has already produced (the last one at or
 * before each sample time), every `sampleSeconds` over `windowSeconds`. Until the window holds
 * at least two returns the level is `fallbackVol`.
 *
 *   σ_level = √( Σ ln(p_k / p_{k−1})² / (n · Δt) ) + premiumVol,   Δt = sampleSeconds in years
 *
 * The last level is kept per sample bucket: a venue quotes many strikes a block, and the
 * window moves only once per sample.
 */
import { InvalidInputError, requireFinite, requirePositive } from '../../errors.js';
import { SECONDS_PER_YEAR } from '../../units.js';
import type { VolLevelSource } from './vol-surface.js';

/** The external prices seen so far, in time order: what a keeper watching the market would have. */
export class PriceHistory {
  private readonly times: number[] = [];
  private readonly prices: number[] = [];

  record(timestampSeconds: number, price: number): void {
    const last = this.times.length - 1;
    if (last >= 0 && timestampSeconds < this.times[last]!) throw new InvalidInputError('timestampSeconds', timestampSeconds, `is before the last recorded price (${this.times[last]})`);
    if (last >= 0 && timestampSeconds === this.times[last]) {
      this.prices[last] = price;
      return;
    }
    this.times.push(timestampSeconds);
    this.prices.push(price);
  }

  /** The last recorded price at or before the time; undefined before the first. */
  at(timestampSeconds: number): number | undefined {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! <= timestampSeconds) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? undefined : this.prices[lo - 1];
  }
}

export interface RealizedVolLevelConfig {
  readonly history: PriceHistory;
  readonly genesisSeconds: number;
  readonly windowSeconds: number;
  readonly sampleSeconds: number;
  /** added to the realized vol (0.05 = 5 vol points) */
  readonly premiumVol: number;
  /** the level before the window has two returns */
  readonly fallbackVol: number;
}

export function realizedVolLevel(config: RealizedVolLevelConfig): VolLevelSource {
  requirePositive('windowSeconds', config.windowSeconds);
  requirePositive('sampleSeconds', config.sampleSeconds);
  requireFinite('premiumVol', config.premiumVol);
  requirePositive('fallbackVol', config.fallbackVol);
  if (config.sampleSeconds > config.windowSeconds) throw new InvalidInputError('sampleSeconds', config.sampleSeconds, `must be <= windowSeconds = ${config.windowSeconds}`);
  const dtYears = config.sampleSeconds / SECONDS_PER_YEAR;
  let cachedBucket = Number.NaN;
  let cachedLevel = config.fallbackVol;
  return (nowSeconds: number) => {
    const bucket = Math.floor((nowSeconds - config.genesisSeconds) / config.sampleSeconds);
    if (bucket === cachedBucket) return cachedLevel;
    const end = config.genesisSeconds + bucket * config.sampleSeconds;
    const start = Math.max(config.genesisSeconds, end - config.windowSeconds);
    let sumSquares = 0;
    let returns = 0;
    let previous: number | undefined;
    for (let t = start; t <= end; t += config.sampleSeconds) {
      const price = config.history.at(t);
      if (price === undefined) continue;
      if (previous !== undefined) {
        const r = Math.log(price / previous);
        sumSquares += r * r;
        returns++;
      }
      previous = price;
    }
    cachedBucket = bucket;
    cachedLevel = returns < 2 ? config.fallbackVol : Math.sqrt(sumSquares / (returns * dtYears)) + config.premiumVol;
    return cachedLevel;
  };
}
