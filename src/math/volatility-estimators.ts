/**
 * Realised-volatility estimators over OHLC bars, with exactly the conventions of TTR's
 * `volatility()` (J. Ulrich, R/volatility.R): a window of n bars, N periods per year, and the
 * value TTR reports at the last bar. Matching one widely used reference implementation
 * bar-for-bar matters more here than any one textbook's normalisation.
 */
import { InvalidInputError, requirePositive } from '../errors.js';

export interface OhlcBar {
  open: number;
  high: number;
  low: number;
  close: number;
}

export interface VolatilityOptions {
  /** Bars per year (N): 365 for daily crypto bars, 252 for exchange days, 8760 for hourly. */
  periodsPerYear: number;
  /**
   * Window length n in bars (TTR's `n`). Defaults to every usable bar. Estimators that need
   * the previous close (close-to-close excepted) also read the bar before the window.
   */
  window?: number;
}

export type VolatilityEstimator =
  | 'close'
  | 'parkinson'
  | 'garman-klass'
  | 'rogers-satchell'
  | 'gk-yz'
  | 'yang-zhang';

export interface CloseToCloseOptions extends VolatilityOptions {
  /** Use a zero mean instead of the sample mean (TTR `mean0`). */
  mean0?: boolean;
}

export interface YangZhangOptions extends VolatilityOptions {
  /** Yang–Zhang alpha; 1.34 as in the paper and TTR. Ignored when `k` is given. */
  alpha?: number;
  /** Override of the weight k on the open-to-close variance. */
  k?: number;
}

export interface YangZhangComponents {
  /** The weight k = (α − 1)/(α + (n + 1)/(n − 1)). */
  k: number;
  /** N · sample variance of the overnight log returns ln(O_i / C_{i−1}). */
  overnightVarianceAnnual: number;
  /** N · sample variance of the open-to-close log returns ln(C_i / O_i). */
  openToCloseVarianceAnnual: number;
  /** The Rogers–Satchell variance (annualised). */
  rogersSatchellVarianceAnnual: number;
  volAnnual: number;
}

const TWO_LN2_MINUS_1 = 2 * Math.LN2 - 1;

/** Close-to-close: √N · sd of the last n − 1 log returns (sample sd, or zero-mean with `mean0`). */
export function closeToCloseVolatility(bars: readonly OhlcBar[], options: CloseToCloseOptions): number {
  checkBars(bars);
  const n = windowOf(bars.length, options, 0, 3);
  const returns: number[] = [];
  for (let i = bars.length - n + 1; i < bars.length; i++) returns.push(Math.log(bars[i]!.close / bars[i - 1]!.close));
  let s2: number;
  if (options.mean0 === true) {
    let sumSq = 0;
    for (const r of returns) sumSq += r * r;
    s2 = sumSq / (n - 2);
  } else {
    s2 = variance(returns);
  }
  return Math.sqrt(options.periodsPerYear * s2);
}

/** Parkinson (1980): σ² = N/(4n ln 2) · Σ ln(H/L)². */
export function parkinsonVolatility(bars: readonly OhlcBar[], options: VolatilityOptions): number {
  return Math.sqrt(rangeSum(bars, options, 0, (b) => Math.log(b.high / b.low) ** 2, 1 / (4 * Math.LN2)));
}

/** Garman–Klass (1980): σ² = N/n · Σ[½ ln(H/L)² − (2 ln 2 − 1) ln(C/O)²]. */
export function garmanKlassVolatility(bars: readonly OhlcBar[], options: VolatilityOptions): number {
  return Math.sqrt(rangeSum(bars, options, 0, garmanKlassTerm, 1));
}

/** Rogers–Satchell (1991): σ² = N/n · Σ[ln(H/C) ln(H/O) + ln(L/C) ln(L/O)]. */
export function rogersSatchellVolatility(bars: readonly OhlcBar[], options: VolatilityOptions): number {
  return Math.sqrt(rogersSatchellVariance(bars, options));
}

/** Garman–Klass with Yang–Zhang's opening-gap term: adds ln(O_i / C_{i−1})² to each bar's GK term. */
export function garmanKlassYangZhangVolatility(bars: readonly OhlcBar[], options: VolatilityOptions): number {
  return Math.sqrt(
    rangeSum(bars, options, 1, (b, prev) => Math.log(b.open / prev!.close) ** 2 + garmanKlassTerm(b), 1),
  );
}

/** Yang–Zhang (2000): σ² = σ_o² + k σ_c² + (1 − k) σ_rs². */
export function yangZhangVolatility(bars: readonly OhlcBar[], options: YangZhangOptions): number {
  return yangZhangComponents(bars, options).volAnnual;
}

/** The pieces of the Yang–Zhang estimator, for inspection and testing. */
export function yangZhangComponents(bars: readonly OhlcBar[], options: YangZhangOptions): YangZhangComponents {
  checkBars(bars);
  const n = windowOf(bars.length, options, 1, 2);
  let k: number;
  if (options.k !== undefined) {
    if (!(Number.isFinite(options.k) && options.k >= 0 && options.k <= 1)) {
      throw new InvalidInputError('k', options.k, 'must be a number in [0, 1]');
    }
    k = options.k;
  } else {
    const alpha = options.alpha ?? 1.34;
    requirePositive('alpha', alpha);
    k = (alpha - 1) / (alpha + (n + 1) / (n - 1));
  }
  const overnight: number[] = [];
  const openToClose: number[] = [];
  for (let i = bars.length - n; i < bars.length; i++) {
    const b = bars[i]!;
    overnight.push(Math.log(b.open / bars[i - 1]!.close));
    openToClose.push(Math.log(b.close / b.open));
  }
  const N = options.periodsPerYear;
  const overnightVarianceAnnual = N * variance(overnight);
  const openToCloseVarianceAnnual = N * variance(openToClose);
  const rogersSatchellVarianceAnnual = rogersSatchellVariance(bars, { periodsPerYear: N, window: n });
  const total = overnightVarianceAnnual + k * openToCloseVarianceAnnual + (1 - k) * rogersSatchellVarianceAnnual;
  return {
    k,
    overnightVarianceAnnual,
    openToCloseVarianceAnnual,
    rogersSatchellVarianceAnnual,
    volAnnual: Math.sqrt(total),
  };
}

/** Any estimator by name; `mean0`, `alpha` and `k` are read only by the estimators that use them. */
export function realizedVolatility(
  bars: readonly OhlcBar[],
  estimator: VolatilityEstimator,
  options: VolatilityOptions & { mean0?: boolean; alpha?: number; k?: number },
): number {
  switch (estimator) {
    case 'close':
      return closeToCloseVolatility(bars, options);
    case 'parkinson':
      return parkinsonVolatility(bars, options);
    case 'garman-klass':
      return garmanKlassVolatility(bars, options);
    case 'rogers-satchell':
      return rogersSatchellVolatility(bars, options);
    case 'gk-yz':
      return garmanKlassYangZhangVolatility(bars, options);
    case 'yang-zhang':
      return yangZhangVolatility(bars, options);
    default:
      throw new InvalidInputError('estimator', estimator, 'unknown volatility estimator');
  }
}

/**
 * The estimator evaluated at every bar over the trailing window, aligned with `bars` like a TTR
 * series: NaN where the window does not fit yet.
 */
export function rollingVolatility(
  bars: readonly OhlcBar[],
  estimator: VolatilityEstimator,
  options: VolatilityOptions & { window: number; mean0?: boolean; alpha?: number; k?: number },
): number[] {
  checkBars(bars);
  const lookBack = estimator === 'gk-yz' || estimator === 'yang-zhang' ? 1 : 0;
  const out: number[] = [];
  for (let end = 1; end <= bars.length; end++) {
    if (end < options.window + lookBack) {
      out.push(Number.NaN);
      continue;
    }
    out.push(realizedVolatility(bars.slice(end - options.window - lookBack, end), estimator, options));
  }
  return out;
}

function garmanKlassTerm(b: OhlcBar): number {
  return 0.5 * Math.log(b.high / b.low) ** 2 - TWO_LN2_MINUS_1 * Math.log(b.close / b.open) ** 2;
}

function rogersSatchellVariance(bars: readonly OhlcBar[], options: VolatilityOptions): number {
  return rangeSum(
    bars,
    options,
    0,
    (b) => Math.log(b.high / b.close) * Math.log(b.high / b.open) + Math.log(b.low / b.close) * Math.log(b.low / b.open),
    1,
  );
}

/** N/n · scale · Σ term(bar, previous bar) over the last n bars. */
function rangeSum(
  bars: readonly OhlcBar[],
  options: VolatilityOptions,
  lookBack: 0 | 1,
  term: (bar: OhlcBar, previous: OhlcBar | undefined) => number,
  scale: number,
): number {
  checkBars(bars);
  const n = windowOf(bars.length, options, lookBack, 1);
  let total = 0;
  for (let i = bars.length - n; i < bars.length; i++) total += term(bars[i]!, bars[i - 1]);
  return (options.periodsPerYear / n) * scale * total;
}

function windowOf(available: number, options: VolatilityOptions, lookBack: 0 | 1, minWindow: number): number {
  requirePositive('periodsPerYear', options.periodsPerYear);
  const maxWindow = available - lookBack;
  const n = options.window ?? maxWindow;
  if (!Number.isInteger(n) || n < minWindow) {
    throw new InvalidInputError('window', n, `must be an integer >= ${minWindow}`);
  }
  if (n > maxWindow) {
    throw new InvalidInputError('window', n, `needs ${n + lookBack} bars, got ${available}`);
  }
  return n;
}

function checkBars(bars: readonly OhlcBar[]): void {
  for (let i = 0; i < bars.length; i++) {
    const b = bars[i]!;
    for (const field of ['open', 'high', 'low', 'close'] as const) {
      const v = b[field];
      if (!(Number.isFinite(v) && v > 0)) throw new InvalidInputError(`bars[${i}].${field}`, v, 'must be a finite number > 0');
    }
    // A bar whose high or low does not bracket its open and close would make the range
    // estimators silently negative (NaN after the square root); refuse it instead.
    if (b.high < Math.max(b.open, b.close)) {
      throw new InvalidInputError(`bars[${i}].high`, b.high, 'must be >= open and close');
    }
    if (b.low > Math.min(b.open, b.close)) {
      throw new InvalidInputError(`bars[${i}].low`, b.low, 'must be <= open and close');
    }
  }
}

/** Sample variance (n − 1), inlined to avoid re-validating already checked data. */
function variance(values: readonly number[]): number {
  let m = 0;
  for (const v of values) m += v;
  m /= values.length;
  let s = 0;
  for (const v of values) s += (v - m) * (v - m);
  return s / (values.length - 1);
}
