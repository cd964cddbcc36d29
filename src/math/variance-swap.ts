/**
 * Variance-swap fair strike by static replication with a finite strip of OTM options:
 * Demeterfi, Derman, Kamal & Zou (1999), discretised as QuantLib's
 * ReplicatingVarianceSwapEngine does. The log payoff f(K) = (2/T)[(K − Sb)/Sb − ln(K/Sb)] is
 * replaced by the piecewise-linear interpolant through the strikes; each option's weight is
 * the change of slope at its strike. Weights include the 2/T factor (QuantLib's convention).
 */
import { InvalidInputError, requireFinite, requireNonNegative, requirePositive } from '../errors.js';
import { blackScholesPrice } from './black-scholes.js';

export interface QuotedOption {
  strike: number;
  /** Present value of the option, in the same units as the spot. */
  price: number;
}

export interface VarianceSwapReplicationInput {
  spot: number;
  /** Continuously compounded risk-free rate to expiry. */
  rate: number;
  /** Continuously compounded dividend (or, for crypto, borrow/staking) yield. */
  dividendYield: number;
  /** Years to expiry. */
  expiry: number;
  /** OTM puts; the highest put strike must equal the lowest call strike (the boundary Sb). */
  puts: readonly QuotedOption[];
  calls: readonly QuotedOption[];
  /**
   * Step used to add the strike beyond each end of the strip (QuantLib's `dk`). Defaults to
   * the spacing of the two outermost strikes on each side.
   */
  strikeStep?: number;
}

export interface ReplicationWeight {
  kind: 'call' | 'put';
  strike: number;
  weight: number;
}

export interface VarianceSwapReplication {
  /** Fair variance strike K_var (annualised variance). */
  fairVariance: number;
  /** √K_var, the variance strike quoted as a volatility. */
  fairVolatility: number;
  /** The put/call boundary Sb. */
  boundaryStrike: number;
  /** Calls by ascending strike, then puts by descending strike (QuantLib's order). */
  weights: ReplicationWeight[];
}

/**
 * K_var = 2(r − q) − (2/T)[(F − Sb)/Sb + ln(Sb/S₀)] + e^{rT} Σ wᵢ Oᵢ, with F = S₀e^{(r−q)T}.
 * QuantLib's engine drops q from the first two terms; with q = 0 the two agree exactly.
 */
export function varianceSwapFairVariance(input: VarianceSwapReplicationInput): VarianceSwapReplication {
  requirePositive('spot', input.spot);
  requireFinite('rate', input.rate);
  requireFinite('dividendYield', input.dividendYield);
  requirePositive('expiry', input.expiry);
  const calls = checkQuotes('calls', input.calls);
  const puts = checkQuotes('puts', input.puts);
  const boundary = Math.min(...calls.map((c) => c.strike));
  const maxPut = Math.max(...puts.map((p) => p.strike));
  if (boundary !== maxPut) {
    throw new InvalidInputError('puts', maxPut, `highest put strike must equal the lowest call strike (${boundary})`);
  }
  const T = input.expiry;
  const logPayoff = (k: number): number => (2 / T) * ((k - boundary) / boundary - Math.log(k / boundary));

  const sortedCalls = [...calls].sort((a, b) => a.strike - b.strike);
  const sortedPuts = [...puts].sort((a, b) => b.strike - a.strike);
  const weights: ReplicationWeight[] = [
    ...stripWeights('call', sortedCalls, endStep(sortedCalls, input.strikeStep), logPayoff),
    ...stripWeights('put', sortedPuts, endStep(sortedPuts, input.strikeStep), logPayoff),
  ];
  let optionsValue = 0;
  const priceOf = new Map<string, number>();
  for (const c of calls) priceOf.set(`call:${c.strike}`, c.price);
  for (const p of puts) priceOf.set(`put:${p.strike}`, p.price);
  for (const w of weights) optionsValue += w.weight * priceOf.get(`${w.kind}:${w.strike}`)!;

  const r = input.rate;
  const q = input.dividendYield;
  const forward = input.spot * Math.exp((r - q) * T);
  const fairVariance =
    2 * (r - q) -
    (2 / T) * ((forward - boundary) / boundary + Math.log(boundary / input.spot)) +
    optionsValue * Math.exp(r * T);
  return { fairVariance, fairVolatility: Math.sqrt(fairVariance), boundaryStrike: boundary, weights };
}

export interface VolatilityQuote {
  strike: number;
  /** Black–Scholes implied volatility at this strike. */
  volatility: number;
}

export interface VarianceSwapFromVolsInput extends Omit<VarianceSwapReplicationInput, 'puts' | 'calls'> {
  puts: readonly VolatilityQuote[];
  calls: readonly VolatilityQuote[];
}

/** The replication above with each option priced by Black–Scholes at its quoted volatility. */
export function varianceSwapFairVarianceFromVols(input: VarianceSwapFromVolsInput): VarianceSwapReplication {
  const price = (kind: 'call' | 'put', q: VolatilityQuote, i: number): QuotedOption => {
    requirePositive(`${kind}s[${i}].volatility`, q.volatility);
    const value = blackScholesPrice({
      kind,
      spot: input.spot,
      strike: q.strike,
      rate: input.rate,
      dividendYield: input.dividendYield,
      volatility: q.volatility,
      expiry: input.expiry,
    });
    return { strike: q.strike, price: value };
  };
  return varianceSwapFairVariance({
    ...input,
    puts: input.puts.map((q, i) => price('put', q, i)),
    calls: input.calls.map((q, i) => price('call', q, i)),
  });
}

function stripWeights(
  kind: 'call' | 'put',
  quotes: readonly QuotedOption[],
  step: number,
  logPayoff: (k: number) => number,
): ReplicationWeight[] {
  const strikes = quotes.map((q) => q.strike);
  const last = strikes[strikes.length - 1]!;
  const end = kind === 'call' ? last + step : last - step;
  if (!(end > 0)) {
    throw new InvalidInputError('strikeStep', step, `the strike beyond the lowest put (${last}) must stay > 0`);
  }
  strikes.push(end);
  const out: ReplicationWeight[] = [];
  let previousSlope = 0;
  for (let i = 0; i < strikes.length - 1; i++) {
    const k = strikes[i]!;
    const next = strikes[i + 1]!;
    const slope = Math.abs((logPayoff(next) - logPayoff(k)) / (next - k));
    out.push({ kind, strike: k, weight: i === 0 ? slope : slope - previousSlope });
    previousSlope = slope;
  }
  return out;
}

function endStep(sorted: readonly QuotedOption[], given: number | undefined): number {
  if (given !== undefined) {
    requirePositive('strikeStep', given);
    return given;
  }
  if (sorted.length < 2) {
    throw new InvalidInputError('strikeStep', given, 'required when a side of the strip has a single strike');
  }
  return Math.abs(sorted[sorted.length - 1]!.strike - sorted[sorted.length - 2]!.strike);
}

function checkQuotes(field: string, quotes: readonly QuotedOption[]): QuotedOption[] {
  if (quotes.length === 0) throw new InvalidInputError(field, quotes, 'need at least one option');
  const seen = new Set<number>();
  quotes.forEach((q, i) => {
    requirePositive(`${field}[${i}].strike`, q.strike);
    requireNonNegative(`${field}[${i}].price`, q.price);
    if (seen.has(q.strike)) throw new InvalidInputError(`${field}[${i}].strike`, q.strike, 'duplicate strike');
    seen.add(q.strike);
  });
  return [...quotes];
}
