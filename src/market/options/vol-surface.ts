/**
 * The venue's volatility surface, a parametric smile:
 *   σ(K, T) = level + skew · ln(K / F) + term · (√T − √T_ref),
 * F the forward, T in years. `level` is the at-the-money vol at the reference tenor T_ref
 * (30 days by default); √T gives the term structure the usual concave shape. The result is
 * clamped to [minVol, maxVol] so a steep skew far from the money never prices at a negative vol.
 *
 * `level` is a number or a hook (nowSeconds, spot) → volAnnual, to plug in a model: realized vol
 * plus a premium, a GARCH forecast, or the squeeth proxy (see `levelFromSeries`).
 */
import { InvalidInputError, requireFinite, requirePositive } from '../../errors.js';

export type VolLevelSource = (nowSeconds: number, spot: number) => number;

export interface VolSurfaceConfig {
  readonly level: number | VolLevelSource;
  /** Per unit of ln(K/F); negative = puts dearer (the usual equity/crypto skew). Default 0. */
  readonly skew?: number;
  /** Per unit of (√T − √T_ref); default 0 (flat term structure). */
  readonly term?: number;
  /** Default 30 / 365. */
  readonly termReferenceYears?: number;
  /** Default 0.01. */
  readonly minVol?: number;
  /** Default 5. */
  readonly maxVol?: number;
}

export class VolSurface {
  private readonly level: VolLevelSource;
  readonly skew: number;
  readonly term: number;
  readonly termReferenceYears: number;
  readonly minVol: number;
  readonly maxVol: number;

  constructor(config: VolSurfaceConfig) {
    if (typeof config.level === 'number') {
      requirePositive('level', config.level);
      const constant = config.level;
      this.level = () => constant;
    } else {
      this.level = config.level;
    }
    this.skew = config.skew ?? 0;
    requireFinite('skew', this.skew);
    this.term = config.term ?? 0;
    requireFinite('term', this.term);
    this.termReferenceYears = config.termReferenceYears ?? 30 / 365;
    requirePositive('termReferenceYears', this.termReferenceYears);
    this.minVol = config.minVol ?? 0.01;
    requirePositive('minVol', this.minVol);
    this.maxVol = config.maxVol ?? 5;
    if (!(Number.isFinite(this.maxVol) && this.maxVol >= this.minVol)) throw new InvalidInputError('maxVol', this.maxVol, `must be >= minVol = ${this.minVol}`);
  }

  /** The level the hook gives now (checked: a model that returns NaN is caught here). */
  levelAt(nowSeconds: number, spot: number): number {
    const level = this.level(nowSeconds, spot);
    if (!(Number.isFinite(level) && level > 0)) throw new InvalidInputError('volatility level', level, 'the level source must return a finite number > 0');
    return level;
  }

  /** σ(K, T) at nowSeconds, for a forward F and T in years. */
  volatility(strike: number, forward: number, expiryYears: number, nowSeconds: number, spot: number): number {
    requirePositive('strike', strike);
    requirePositive('forward', forward);
    if (!(Number.isFinite(expiryYears) && expiryYears >= 0)) throw new InvalidInputError('expiryYears', expiryYears, 'must be a finite number >= 0');
    const raw =
      this.levelAt(nowSeconds, spot) +
      this.skew * Math.log(strike / forward) +
      this.term * (Math.sqrt(expiryYears) - Math.sqrt(this.termReferenceYears));
    return Math.min(this.maxVol, Math.max(this.minVol, raw));
  }
}

/**
 * A level hook from a time series of vols (a GARCH forecast, realized vol plus a premium, the
 * smoothed squeeth proxy): the last value at or before nowSeconds, plus `premium`. Before the
 * first timestamp it is refused: a backtest that starts before its vol history is a mistake.
 */
export function levelFromSeries(timestampSeconds: ArrayLike<number>, volAnnual: ArrayLike<number>, premium = 0): VolLevelSource {
  if (timestampSeconds.length === 0 || timestampSeconds.length !== volAnnual.length) {
    throw new InvalidInputError('volAnnual.length', volAnnual.length, `must be > 0 and equal timestampSeconds.length = ${timestampSeconds.length}`);
  }
  requireFinite('premium', premium);
  return (nowSeconds: number) => {
    let lo = 0;
    let hi = timestampSeconds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (timestampSeconds[mid]! <= nowSeconds) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) throw new InvalidInputError('nowSeconds', nowSeconds, `is before the vol series starts (${timestampSeconds[0]})`);
    return volAnnual[lo - 1]! + premium;
  };
}
