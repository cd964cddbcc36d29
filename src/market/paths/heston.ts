// Heston stochastic volatility with Andersen's Quadratic-Exponential (QE) scheme (Andersen 2008,
// "Simple and efficient simulation of the Heston stochastic volatility model"): the variance
// step matches the exact conditional mean and variance of the CIR process and can never go
// negative, unlike Euler, which needs truncation and is biased at block-sized and larger steps.
// The log price uses Andersen's central discretisation (γ₁ = γ₂ = ½) with his martingale
// correction, so E[S_{t+dt} | S_t] = S_t·e^{μ·dt} holds step by step.
import { InvalidInputError, requireFinite, requireNonNegative, requirePositive } from '../../errors.js';
import { createSeededRandom } from '../../math/stats.js';
import { type PathGrid, outputBuffer, validateGrid } from './types.js';

export interface HestonParams extends PathGrid {
  readonly driftAnnual: number;
  /** κ: speed of mean reversion of the variance, per year. */
  readonly kappa: number;
  /** θ: long-run variance (annual; θ = 0.64 means a long-run vol of 80 %). */
  readonly thetaVariance: number;
  /**
   * ε (ξ): volatility of the variance, per √year: 0 (deterministic variance) or >= 1e-4,
   * because the QE price step divides by ε and a vanishing ε turns its rounding into jumps.
   */
  readonly volOfVol: number;
  /** ρ: correlation of the price and variance shocks, in [−1, 1]. */
  readonly rho: number;
  /** V₀: the annual variance at index 0. */
  readonly initialVariance: number;
}

export interface HestonPath {
  readonly prices: Float64Array;
  /** Annual variance at each price index (steps + 1 values, all >= 0). */
  readonly variances: Float64Array;
}

export interface HestonBuffers {
  readonly prices: Float64Array;
  readonly variances: Float64Array;
}

// Andersen's switching threshold between the quadratic and the exponential branch.
const PSI_CRITICAL = 1.5;
const MIN_VOL_OF_VOL = 1e-4;

export function validateHestonParams(params: HestonParams): void {
  validateGrid(params);
  requireFinite('driftAnnual', params.driftAnnual);
  requirePositive('kappa', params.kappa);
  requirePositive('thetaVariance', params.thetaVariance);
  requireNonNegative('volOfVol', params.volOfVol);
  if (params.volOfVol > 0 && params.volOfVol < MIN_VOL_OF_VOL) {
    throw new InvalidInputError('volOfVol', params.volOfVol, `must be 0 or >= ${MIN_VOL_OF_VOL}`);
  }
  requireNonNegative('initialVariance', params.initialVariance);
  if (!(Number.isFinite(params.rho) && params.rho >= -1 && params.rho <= 1)) {
    throw new InvalidInputError('rho', params.rho, 'must be a correlation in [-1, 1]');
  }
}

export function generateHestonPath(params: HestonParams, buffers?: HestonBuffers): HestonPath {
  validateHestonParams(params);
  const { steps, dtYears: dt, driftAnnual, kappa, thetaVariance: theta, volOfVol: eps, rho } = params;
  const prices = outputBuffer('buffers.prices', steps + 1, buffers?.prices);
  const variances = outputBuffer('buffers.variances', steps + 1, buffers?.variances);
  const random = createSeededRandom(params.seed);

  const decay = Math.exp(-kappa * dt);
  const oneMinusDecay = -Math.expm1(-kappa * dt);
  // Conditional variance of V_{t+dt} is s² = V·c1 + c2 (CIR moments).
  const c1 = (eps * eps * decay * oneMinusDecay) / kappa;
  const c2 = (theta * eps * eps * oneMinusDecay * oneMinusDecay) / (2 * kappa);
  const halfDt = 0.5 * dt;
  // With ε = 0 the variance is deterministic: there is no variance shock to correlate with, so
  // the price takes the whole diffusion (ρ plays no part).
  const rhoEff = eps > 0 ? rho : 0;
  const rhoOverEps = eps > 0 ? rho / eps : 0;
  const k0 = -rhoOverEps * kappa * theta * dt;
  const k1 = halfDt * (kappa * rhoOverEps - 0.5) - rhoOverEps;
  const k2 = halfDt * (kappa * rhoOverEps - 0.5) + rhoOverEps;
  const k3 = halfDt * (1 - rhoEff * rhoEff);
  const k4 = k3;
  // The martingale correction of the price step needs E[exp(A·V_{t+dt})].
  const a = k2 + 0.5 * k4;
  const muDt = driftAnnual * dt;

  let logPrice = Math.log(params.initialPrice);
  let v = params.initialVariance;
  prices[0] = params.initialPrice;
  variances[0] = v;
  for (let i = 1; i <= steps; i++) {
    const m = theta + (v - theta) * decay;
    const s2 = v * c1 + c2;
    let vNext: number;
    let k0Step: number;
    // ψ underflowing to 0 (a vanishing ε) would turn 2/ψ into ∞: the step is then deterministic.
    if (eps === 0 || s2 < 1e-300 * m * m) {
      vNext = m;
      k0Step = -(k1 + 0.5 * k3) * v - a * vNext;
    } else {
      const psi = s2 / (m * m);
      if (psi <= PSI_CRITICAL) {
        const twoOverPsi = 2 / psi;
        const b2 = twoOverPsi - 1 + Math.sqrt(twoOverPsi) * Math.sqrt(twoOverPsi - 1);
        const b = Math.sqrt(b2);
        const aq = m / (1 + b2);
        const z = b + random.normal();
        vNext = aq * z * z;
        k0Step = 1 - 2 * a * aq > 0 ? -((a * b2 * aq) / (1 - 2 * a * aq)) + 0.5 * Math.log(1 - 2 * a * aq) - (k1 + 0.5 * k3) * v : k0;
      } else {
        const p = (psi - 1) / (psi + 1);
        const beta = (1 - p) / m;
        const u = random.uniform();
        vNext = u <= p ? 0 : Math.log((1 - p) / (1 - u)) / beta;
        k0Step = a < beta ? -Math.log(p + (beta * (1 - p)) / (beta - a)) - (k1 + 0.5 * k3) * v : k0;
      }
    }
    logPrice += muDt + k0Step + k1 * v + k2 * vNext + Math.sqrt(k3 * v + k4 * vNext) * random.normal();
    prices[i] = Math.exp(logPrice);
    variances[i] = vNext;
    v = vNext;
  }
  return { prices, variances };
}
