/**
 * Loss-versus-rebalancing (Milionis, Moallemi, Roughgarden & Zhang, arXiv:2208.06046): under
 * GBM with volatility σ the instantaneous LVR is ℓ = (σ²P²/2)|x*′(P)|, where x*(P) is the
 * pool's holding of the risky token. Results are fractions of position value, per year by
 * default (σ is annual), so they compare directly with a fee APR.
 */
import { requireNonNegative, requirePositive } from '../errors.js';
import { checkRange, type PriceRange } from './impermanent-loss.js';

export interface LvrHorizon {
  /** Horizon in years (1/365 for a day). Defaults to 1. */
  horizonYears?: number;
}

/** Constant product: x* = L/√P gives ℓ = σ²L√P/4 = (σ²/8)·V. */
export function lvrConstantProduct(input: { volAnnual: number } & LvrHorizon): number {
  requireNonNegative('volAnnual', input.volAnnual);
  return ((input.volAnnual * input.volAnnual) / 8) * horizonOf(input);
}

/**
 * A v3 range position: in range x*′ is the constant-product one, so ℓ = σ²L√P/4 and
 * ℓ/V = (σ²/4)·√P/(2√P − √p_a − P/√p_b); out of range the position holds one token and ℓ = 0.
 * The range is closed: at p_a or p_b the one-sided rate from inside applies.
 */
export function lvrConcentrated(input: { volAnnual: number; price: number } & PriceRange & LvrHorizon): number {
  requireNonNegative('volAnnual', input.volAnnual);
  requirePositive('price', input.price);
  checkRange(input);
  const horizon = horizonOf(input);
  const P = input.price;
  if (P < input.priceLower || P > input.priceUpper) return 0;
  const sqrtP = Math.sqrt(P);
  const valuePerLiquidity = 2 * sqrtP - Math.sqrt(input.priceLower) - P / Math.sqrt(input.priceUpper);
  return ((input.volAnnual * input.volAnnual) / 4) * (sqrtP / valuePerLiquidity) * horizon;
}

function horizonOf(input: LvrHorizon): number {
  const h = input.horizonYears ?? 1;
  requireNonNegative('horizonYears', h);
  return h;
}
