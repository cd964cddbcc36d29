// Merton jump diffusion: GBM plus a compound Poisson of log-normal jumps. The drift is
// compensated by λ·k (k = E[J − 1]) so that E[S_t] = S₀·e^{μt} exactly as with plain GBM:
// μ keeps one meaning across generators and a strategy's expected P&L is comparable.
import { InvalidInputError, requireFinite, requireNonNegative } from '../../errors.js';
import { createSeededRandom } from '../../math/stats.js';
import { type PathGrid, outputBuffer, validateDriftAndVol, validateGrid } from './types.js';

export interface MertonJumpParams extends PathGrid {
  readonly driftAnnual: number;
  /** σ of the diffusion part per √year. */
  readonly volAnnual: number;
  /** λ: expected number of jumps per year. */
  readonly jumpIntensityAnnual: number;
  /** Mean of ln J for one jump (−0.05 ≈ a 5 % drop). */
  readonly jumpMeanLog: number;
  /** Standard deviation of ln J for one jump. */
  readonly jumpVolLog: number;
}

export interface MertonJumpPath {
  readonly prices: Float64Array;
  /** Jumps during step i (from price i to price i + 1); `steps` values. */
  readonly jumpCounts: Uint32Array;
}

export interface MertonJumpBuffers {
  readonly prices: Float64Array;
  readonly jumpCounts: Uint32Array;
}

// Inversion walks the Poisson CDF one count at a time and e^{−λdt} underflows past ~745; steps
// with this many expected jumps are not a jump diffusion any more, so refuse them.
const MAX_JUMPS_PER_STEP = 100;

export function validateMertonJumpParams(params: MertonJumpParams): void {
  validateGrid(params);
  validateDriftAndVol(params.driftAnnual, params.volAnnual);
  requireNonNegative('jumpIntensityAnnual', params.jumpIntensityAnnual);
  requireFinite('jumpMeanLog', params.jumpMeanLog);
  requireNonNegative('jumpVolLog', params.jumpVolLog);
  const perStep = params.jumpIntensityAnnual * params.dtYears;
  if (perStep > MAX_JUMPS_PER_STEP) {
    throw new InvalidInputError('jumpIntensityAnnual', params.jumpIntensityAnnual, `expects ${perStep} jumps a step; at most ${MAX_JUMPS_PER_STEP}`);
  }
  // The compensator e^{m + δ²/2} must be finite for the drift to mean anything.
  const compensator = Math.expm1(params.jumpMeanLog + 0.5 * params.jumpVolLog * params.jumpVolLog);
  if (!Number.isFinite(compensator)) throw new InvalidInputError('jumpMeanLog', params.jumpMeanLog, 'jump sizes overflow');
}

export function generateMertonJumpPath(params: MertonJumpParams, buffers?: MertonJumpBuffers): MertonJumpPath {
  validateMertonJumpParams(params);
  const { steps, dtYears, driftAnnual, volAnnual, jumpIntensityAnnual, jumpMeanLog, jumpVolLog } = params;
  const prices = outputBuffer('buffers.prices', steps + 1, buffers?.prices);
  let jumpCounts = buffers?.jumpCounts;
  if (jumpCounts === undefined) jumpCounts = new Uint32Array(steps);
  else if (jumpCounts.length !== steps) throw new InvalidInputError('buffers.jumpCounts.length', jumpCounts.length, `must equal steps = ${steps}`);
  const random = createSeededRandom(params.seed);

  const meanJump = Math.expm1(jumpMeanLog + 0.5 * jumpVolLog * jumpVolLog);
  const drift = (driftAnnual - jumpIntensityAnnual * meanJump - 0.5 * volAnnual * volAnnual) * dtYears;
  const diffusion = volAnnual * Math.sqrt(dtYears);
  const lambdaDt = jumpIntensityAnnual * dtYears;
  const probabilityNone = Math.exp(-lambdaDt);

  let logPrice = Math.log(params.initialPrice);
  prices[0] = params.initialPrice;
  for (let i = 0; i < steps; i++) {
    logPrice += drift + diffusion * random.normal();
    // Poisson count by inversion of the CDF: one uniform, and nearly always no loop at all.
    const u = random.uniform();
    let count = 0;
    let term = probabilityNone;
    let cumulative = term;
    while (u >= cumulative && count < 10 * MAX_JUMPS_PER_STEP) {
      count++;
      term *= lambdaDt / count;
      // Past the float resolution of the CDF the remaining mass is rounding: stop there.
      if (cumulative + term === cumulative) break;
      cumulative += term;
    }
    if (count > 0) {
      // The sum of `count` i.i.d. N(m, δ²) log jumps is N(count·m, count·δ²): one draw.
      logPrice += count * jumpMeanLog + jumpVolLog * Math.sqrt(count) * random.normal();
    }
    jumpCounts[i] = count;
    prices[i + 1] = Math.exp(logPrice);
  }
  return { prices, jumpCounts };
}
