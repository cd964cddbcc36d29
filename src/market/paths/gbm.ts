// Geometric Brownian motion stepped exactly: ln S moves by (μ − σ²/2)dt + σ√dt·Z, so the
// distribution of every price is exactly log-normal whatever dtYears is (no Euler bias).
import { createSeededRandom } from '../../math/stats.js';
import { type PathGrid, outputBuffer, validateDriftAndVol, validateGrid } from './types.js';

export interface GbmParams extends PathGrid {
  /** μ: the expected price grows as S₀·e^{μt}. */
  readonly driftAnnual: number;
  /** σ of log returns per √year. */
  readonly volAnnual: number;
}

/**
 * A seeded GBM path of steps + 1 prices. Pass `out` (length steps + 1) to reuse a buffer:
 * the loop allocates nothing else.
 */
export function generateGbmPath(params: GbmParams, out?: Float64Array): Float64Array {
  validateGrid(params);
  validateDriftAndVol(params.driftAnnual, params.volAnnual);
  const { steps, dtYears, driftAnnual, volAnnual } = params;
  const prices = outputBuffer('out', steps + 1, out);
  const random = createSeededRandom(params.seed);
  const drift = (driftAnnual - 0.5 * volAnnual * volAnnual) * dtYears;
  const diffusion = volAnnual * Math.sqrt(dtYears);
  // Accumulate the log price and exponentiate it, rather than multiplying price by price, so
  // rounding does not compound over millions of steps.
  const logStart = Math.log(params.initialPrice);
  let logPrice = logStart;
  prices[0] = params.initialPrice;
  for (let i = 1; i <= steps; i++) {
    logPrice += drift + diffusion * random.normal();
    prices[i] = Math.exp(logPrice);
  }
  return prices;
}
