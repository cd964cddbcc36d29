/**
 * The strike whose Black–Scholes–Merton delta equals a target: the covered-call and
 * cash-secured-put vaults choose strikes this way ("sell the 10-delta call"). Closed form, by
 * inverting Δ_call = e^{−qT}N(d1) and Δ_put = −e^{−qT}N(−d1) for d1, then d1 for K.
 */
import { InvalidInputError, requireFinite, requirePositive } from '../errors.js';
import { inverseNormCdf } from './normal.js';

export interface StrikeForDeltaInput {
  readonly kind: 'call' | 'put';
  /** Target delta: in (0, e^{−qT}) for a call, in (−e^{−qT}, 0) for a put. */
  readonly delta: number;
  readonly spot: number;
  readonly rate: number;
  readonly dividendYield: number;
  readonly volatility: number;
  /** Years to expiry. */
  readonly expiry: number;
}

export function strikeForDelta(input: StrikeForDeltaInput): number {
  requirePositive('spot', input.spot);
  requireFinite('rate', input.rate);
  requireFinite('dividendYield', input.dividendYield);
  requirePositive('volatility', input.volatility);
  requirePositive('expiry', input.expiry);
  const dividendDiscount = Math.exp(-input.dividendYield * input.expiry);
  const normalizedDelta = input.kind === 'call' ? input.delta / dividendDiscount : 1 + input.delta / dividendDiscount;
  if (!(normalizedDelta > 0 && normalizedDelta < 1)) {
    const bound = input.kind === 'call' ? '(0, e^(-qT))' : '(-e^(-qT), 0)';
    throw new InvalidInputError('delta', input.delta, `a ${input.kind} delta must lie in ${bound}`);
  }
  const d1 = inverseNormCdf(normalizedDelta);
  const sigmaSqrtT = input.volatility * Math.sqrt(input.expiry);
  const drift = (input.rate - input.dividendYield + 0.5 * input.volatility * input.volatility) * input.expiry;
  return input.spot * Math.exp(drift - d1 * sigmaSqrtT);
}
