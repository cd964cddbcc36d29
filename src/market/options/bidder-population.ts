/**
 * A seeded population of auction bidders for backtests: each values the option around a
 * reference price (the BSM mid) with log-normal noise, valuation = mid · exp(noise · Z), and
 * bids its valuation shaded down by `shadingFraction` (bidders in a uniform-price auction shade
 * a little). Quantities are uniform on a grid between min and max. Only createSeededRandom is
 * used, so one seed gives the same bids byte for byte.
 */
import { InvalidInputError, requireNonNegative, requirePositive } from '../../errors.js';
import { createSeededRandom } from '../../math/stats.js';
import type { BidInput } from './auction.js';

export interface BidderPopulationConfig {
  readonly seed: number;
  readonly count: number;
  readonly referencePrice: number;
  /** σ of ln(valuation / referencePrice), default 0.1. */
  readonly valuationNoise?: number;
  /** Bid = valuation × (1 − shading), default 0. */
  readonly shadingFraction?: number;
  readonly minQuantityWei: bigint;
  readonly maxQuantityWei: bigint;
  /** Quantities are multiples of this, default 1e16 (0.01 unit). */
  readonly quantityStepWei?: bigint;
}

export interface GeneratedBid extends BidInput {
  readonly valuation: number;
}

export function generateBidderPopulation(config: BidderPopulationConfig): GeneratedBid[] {
  if (!(Number.isInteger(config.count) && config.count >= 0)) throw new InvalidInputError('count', config.count, 'must be an integer >= 0');
  requirePositive('referencePrice', config.referencePrice);
  const noise = config.valuationNoise ?? 0.1;
  requireNonNegative('valuationNoise', noise);
  const shading = config.shadingFraction ?? 0;
  if (!(Number.isFinite(shading) && shading >= 0 && shading < 1)) throw new InvalidInputError('shadingFraction', shading, 'must be in [0, 1)');
  const step = config.quantityStepWei ?? 10n ** 16n;
  if (step <= 0n) throw new InvalidInputError('quantityStepWei', step, 'must be > 0');
  if (config.minQuantityWei <= 0n || config.minQuantityWei % step !== 0n) {
    throw new InvalidInputError('minQuantityWei', config.minQuantityWei, `must be > 0 and a multiple of quantityStepWei = ${step}`);
  }
  if (config.maxQuantityWei < config.minQuantityWei) {
    throw new InvalidInputError('maxQuantityWei', config.maxQuantityWei, `must be >= minQuantityWei = ${config.minQuantityWei}`);
  }
  const random = createSeededRandom(config.seed);
  const choices = (config.maxQuantityWei - config.minQuantityWei) / step + 1n;
  const out: GeneratedBid[] = [];
  for (let i = 0; i < config.count; i++) {
    const valuation = config.referencePrice * Math.exp(noise * random.normal());
    // uniform() < 1, so the index is < choices; Number() of a huge choice count only loses resolution.
    const pick = BigInt(Math.floor(random.uniform() * Number(choices)));
    out.push({
      bidder: `bidder-${i}`,
      quantityWei: config.minQuantityWei + (pick < choices ? pick : choices - 1n) * step,
      limitPrice: valuation * (1 - shading),
      valuation,
    });
  }
  return out;
}
