/**
 * Funding from a seeded model, by Binance's formula
 *   F = P + clamp(I − P, −c, +c),  then capped to ±cap,
 * where I is the interest rate per interval (0.01 % per 8 h on Binance), c the clamp (0.05 %)
 * and P the premium index. Binance measures P from its order book; the simulator has none, so P
 * follows a seeded mean-reverting (discrete Ornstein–Uhlenbeck) process, one step per interval:
 *   P_{n+1} = P_n + κ(θ − P_n) + σ·ε_n.
 * With c = 0 the formula is F = P: a plain mean-reverting funding model.
 *
 * Settlements fall on multiples of the interval since the epoch (00/08/16 UTC for 8 h), from the
 * first one after `startSeconds`. The premium of settlement n depends only on the seed and n, not
 * on how often the market asks, so a backtest run block by block or day by day pays the same.
 */
import { InvalidInputError, requireFinite, requireNonNegative, requirePositive } from '../../errors.js';
import { createSeededRandom, type SeededRandom } from '../../math/stats.js';
import type { FundingSettlement, FundingSource } from './funding-source.js';

export interface FundingModelConfig {
  readonly seed: number;
  /** No settlement at or before this time. */
  readonly startSeconds: number;
  /** Default 8 h. */
  readonly intervalSeconds?: number;
  /** I, default 0.0001 (0.01 % per 8 h, Binance). */
  readonly interestRatePerInterval?: number;
  /** c, default 0.0005 (0.05 %). */
  readonly clampPerInterval?: number;
  /** Final cap on |F|, default 0.0075 (Binance ETHUSDT). */
  readonly capPerInterval?: number;
  /** θ, long-run premium, default 0.0001. */
  readonly premiumMeanPerInterval?: number;
  /** κ in [0, 1], pull to θ per interval, default 0.1. */
  readonly premiumReversionPerInterval?: number;
  /** σ, standard deviation of the premium's step per interval, default 0.0002. */
  readonly premiumVolPerInterval?: number;
  /** P at the first settlement, default θ. */
  readonly initialPremiumPerInterval?: number;
}

/** Binance's funding formula on a premium index P (decimals per interval). */
export function clampFundingRate(premium: number, interestRate: number, clamp: number, cap: number): number {
  const spread = Math.min(clamp, Math.max(-clamp, interestRate - premium));
  return Math.min(cap, Math.max(-cap, premium + spread));
}

export class FundingModel implements FundingSource {
  readonly intervalSeconds: number;
  private readonly interestRate: number;
  private readonly clamp: number;
  private readonly cap: number;
  private readonly mean: number;
  private readonly reversion: number;
  private readonly vol: number;
  private readonly firstIndex: number;
  private readonly random: SeededRandom;
  /** Premiums of settlements firstIndex, firstIndex + 1, …, generated on demand in order. */
  private readonly premiums: number[];

  constructor(config: FundingModelConfig) {
    if (!Number.isInteger(config.seed)) throw new InvalidInputError('seed', config.seed, 'must be an integer');
    requireFinite('startSeconds', config.startSeconds);
    this.intervalSeconds = config.intervalSeconds ?? 8 * 3600;
    requirePositive('intervalSeconds', this.intervalSeconds);
    this.interestRate = config.interestRatePerInterval ?? 0.0001;
    requireFinite('interestRatePerInterval', this.interestRate);
    this.clamp = config.clampPerInterval ?? 0.0005;
    requireNonNegative('clampPerInterval', this.clamp);
    this.cap = config.capPerInterval ?? 0.0075;
    requireNonNegative('capPerInterval', this.cap);
    this.mean = config.premiumMeanPerInterval ?? 0.0001;
    requireFinite('premiumMeanPerInterval', this.mean);
    this.reversion = config.premiumReversionPerInterval ?? 0.1;
    if (!(Number.isFinite(this.reversion) && this.reversion >= 0 && this.reversion <= 1)) {
      throw new InvalidInputError('premiumReversionPerInterval', this.reversion, 'must be in [0, 1]');
    }
    this.vol = config.premiumVolPerInterval ?? 0.0002;
    requireNonNegative('premiumVolPerInterval', this.vol);
    const initial = config.initialPremiumPerInterval ?? this.mean;
    requireFinite('initialPremiumPerInterval', initial);
    this.firstIndex = Math.floor(config.startSeconds / this.intervalSeconds) + 1;
    this.random = createSeededRandom(config.seed);
    this.premiums = [initial];
  }

  private premiumAt(index: number): number {
    while (this.premiums.length <= index - this.firstIndex) {
      const last = this.premiums[this.premiums.length - 1]!;
      this.premiums.push(last + this.reversion * (this.mean - last) + this.vol * this.random.normal());
    }
    return this.premiums[index - this.firstIndex]!;
  }

  private settlement(index: number): FundingSettlement {
    return {
      timeSeconds: index * this.intervalSeconds,
      ratePerInterval: clampFundingRate(this.premiumAt(index), this.interestRate, this.clamp, this.cap),
    };
  }

  /** First settlement index with time > t. */
  private indexAfter(t: number): number {
    return Math.max(this.firstIndex, Math.floor(t / this.intervalSeconds) + 1);
  }

  settlementsBetween(afterSeconds: number, upToSeconds: number): FundingSettlement[] {
    requireFinite('afterSeconds', afterSeconds);
    requireFinite('upToSeconds', upToSeconds);
    const out: FundingSettlement[] = [];
    for (let i = this.indexAfter(afterSeconds); i * this.intervalSeconds <= upToSeconds; i++) out.push(this.settlement(i));
    return out;
  }

  nextSettlement(nowSeconds: number): FundingSettlement {
    requireFinite('nowSeconds', nowSeconds);
    return this.settlement(this.indexAfter(nowSeconds));
  }
}

/** A flat rate every interval (0 gives mark = index and no transfers): F = P = rate, no noise. */
export function constantFunding(ratePerInterval: number, intervalSeconds = 8 * 3600): FundingModel {
  return new FundingModel({
    seed: 0,
    startSeconds: 0,
    intervalSeconds,
    interestRatePerInterval: 0,
    clampPerInterval: 0,
    capPerInterval: Math.abs(ratePerInterval),
    premiumMeanPerInterval: ratePerInterval,
    premiumVolPerInterval: 0,
    initialPremiumPerInterval: ratePerInterval,
  });
}
