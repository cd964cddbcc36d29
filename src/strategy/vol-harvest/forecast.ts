/**
 * The realized-variance forecast a volatility seller compares implied variance against: RiskMetrics
 * EWMA (σ²_{t+1} = λσ²_t + (1 − λ)r²_t, src/math/ewma.ts's rule) on log returns of the external
 * price sampled every `sampleSeconds`, kept in the strategy's JSON memory so it is updated one
 * sample at a time and survives a restart. Annualised by the sample length.
 */
import { SECONDS_PER_YEAR } from '../../units.js';

export interface VarianceForecast {
  readonly [key: string]: number | null;
  /** the sample time and price the next return starts from; null before the first */
  readonly lastSampleSeconds: number | null;
  readonly lastPrice: number | null;
  /** per-sample variance; null before the first return */
  readonly variancePerSample: number | null;
  readonly samples: number;
}

export const EMPTY_FORECAST: VarianceForecast = Object.freeze({ lastSampleSeconds: null, lastPrice: null, variancePerSample: null, samples: 0 });

/** The forecast after observing `price` at `nowSeconds` (unchanged within a sample). */
export function observe(forecast: VarianceForecast, nowSeconds: number, price: number, sampleSeconds: number, lambda: number): VarianceForecast {
  if (forecast.lastSampleSeconds !== null && nowSeconds - forecast.lastSampleSeconds < sampleSeconds) return forecast;
  if (forecast.lastPrice === null) return { lastSampleSeconds: nowSeconds, lastPrice: price, variancePerSample: null, samples: 0 };
  const r = Math.log(price / forecast.lastPrice);
  const variancePerSample = forecast.variancePerSample === null ? r * r : lambda * forecast.variancePerSample + (1 - lambda) * r * r;
  return { lastSampleSeconds: nowSeconds, lastPrice: price, variancePerSample, samples: forecast.samples + 1 };
}

/** Annualised forecast variance; undefined before the first return. */
export function annualVariance(forecast: VarianceForecast, sampleSeconds: number): number | undefined {
  return forecast.variancePerSample === null ? undefined : (forecast.variancePerSample * SECONDS_PER_YEAR) / sampleSeconds;
}
