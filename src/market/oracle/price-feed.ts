/**
 * A Chainlink-style price feed (an OCR aggregator read through AggregatorV3Interface).
 *
 * Each block the simulator shows the feed the true market price (`observe`). A new round is
 * triggered when the price deviates from the latest triggered answer by at least the threshold,
 * or when `heartbeatSeconds` have passed since that answer's trigger. The round carries the
 * market price at trigger time (rounded to `decimals`) and becomes visible `updateLatencySeconds`
 * later, like an OCR report that is observed off-chain and transmitted on-chain afterwards:
 * `startedAt` is the observation (trigger) time and `updatedAt` the transmission time, as
 * OCR2Aggregator's latestRoundData returns (observationsTimestamp, transmissionTimestamp).
 * Deviation and heartbeat are measured against the latest triggered round, even while it is
 * still in flight, so one move triggers one round rather than one per block of latency; with
 * a flat market a round starts every heartbeat.
 *
 * Round ids: with `phaseId` 0 (default) they count 1, 2, 3…, as the aggregator itself numbers
 * them; with a phaseId > 0 they are encoded as the proxy does, (phaseId << 64) | aggregatorRound.
 * `answeredInRound` equals `roundId`, as in every OCR aggregator.
 *
 * Fault injection, for tests of consumers: `freeze()` stops new rounds (rounds already in flight
 * still land, they were transmitted), `forceAnswer(price)` replaces the market price with a fixed
 * one, `setBias(f)` reports market × (1 + f); the normal trigger rules still apply to the
 * distorted price (a push within the deviation threshold publishes only at the heartbeat).
 * `resume()` clears all three.
 */
import { InvalidInputError, requireFinite, requireNonNegative } from '../../errors.js';
import { exactBinaryFraction, unitScale } from '../money.js';

export interface PriceFeedConfig {
  readonly heartbeatSeconds: number;
  /** relative move that triggers a round, in basis points (50 = 0.5 %) */
  readonly deviationThresholdBps: number;
  /** delay between a round's trigger and its publication */
  readonly updateLatencySeconds: number;
  /** answer decimals (default 8, as USD feeds) */
  readonly decimals?: number;
  /** 0 reads like the aggregator (round ids 1, 2, …); > 0 encodes ids like the proxy */
  readonly phaseId?: number;
  readonly description?: string;
}

export interface RoundData {
  readonly roundId: bigint;
  readonly answer: bigint;
  readonly startedAt: number;
  readonly updatedAt: number;
  readonly answeredInRound: bigint;
}

/** Thrown when a round is asked for that has not been published (Chainlink reverts likewise). */
export class NoRoundDataError extends Error {
  override readonly name = 'NoRoundDataError';
  constructor(readonly roundId: bigint | undefined) {
    super(roundId === undefined ? 'No data present: the feed has not published a round yet' : `No data present for round ${roundId}`);
  }
}

const MAX_DECIMALS = 36;
/** Number.prototype.toFixed switches to exponent notation from 1e21 on. */
const MAX_PRICE = 1e21;

/** A price as a feed answer with `decimals` decimals, rounded to the nearest unit. */
export function priceToAnswer(price: number, decimals: number): bigint {
  requireDecimals(decimals);
  if (!(Number.isFinite(price) && price > 0 && price < MAX_PRICE)) {
    throw new InvalidInputError('price', price, `must be a finite number in (0, ${MAX_PRICE})`);
  }
  // The double's exact value × 10^d, rounded half up: what toFixed(d) prints (it rounds the exact
  // decimal expansion, which Math.round(price * 10^d) does not), without a string per answer.
  const { numerator, denominator } = exactBinaryFraction(price);
  const answer = (2n * numerator * unitScale('decimals', decimals) + denominator) / (2n * denominator);
  if (answer === 0n) throw new InvalidInputError('price', price, `rounds to 0 with ${decimals} decimals`);
  return answer;
}

/** A feed answer back as a number. */
export function answerToPrice(answer: bigint, decimals: number): number {
  requireDecimals(decimals);
  const unit = 10n ** BigInt(decimals);
  return Number(answer / unit) + Number(answer % unit) / Number(unit);
}

export class PriceFeed {
  readonly decimals: number;
  readonly heartbeatSeconds: number;
  readonly deviationThresholdBps: number;
  readonly updateLatencySeconds: number;
  readonly phaseId: number;
  readonly description: string;
  private readonly rounds: RoundData[] = [];
  private lastObservedSeconds: number | undefined;
  private frozen = false;
  private forcedPrice: number | undefined;
  private bias = 0;

  constructor(config: PriceFeedConfig) {
    requireNonNegative('heartbeatSeconds', config.heartbeatSeconds);
    if (config.heartbeatSeconds === 0) throw new InvalidInputError('heartbeatSeconds', 0, 'must be > 0');
    requireNonNegative('deviationThresholdBps', config.deviationThresholdBps);
    requireNonNegative('updateLatencySeconds', config.updateLatencySeconds);
    const decimals = config.decimals ?? 8;
    requireDecimals(decimals);
    const phaseId = config.phaseId ?? 0;
    if (!(Number.isInteger(phaseId) && phaseId >= 0 && phaseId <= 0xffff)) {
      throw new InvalidInputError('phaseId', phaseId, 'must be an integer in [0, 65535]');
    }
    this.heartbeatSeconds = config.heartbeatSeconds;
    this.deviationThresholdBps = config.deviationThresholdBps;
    this.updateLatencySeconds = config.updateLatencySeconds;
    this.decimals = decimals;
    this.phaseId = phaseId;
    this.description = config.description ?? '';
  }

  /**
   * Shows the feed the market price at this time (non-decreasing across calls). Returns the
   * round it triggered, if any (visible from its `updatedAt`).
   */
  observe(timestampSeconds: number, marketPrice: number): RoundData | undefined {
    requireNonNegative('timestampSeconds', timestampSeconds);
    if (this.lastObservedSeconds !== undefined && timestampSeconds < this.lastObservedSeconds) {
      throw new InvalidInputError('timestampSeconds', timestampSeconds, `must not precede the last observation ${this.lastObservedSeconds}`);
    }
    if (!(Number.isFinite(marketPrice) && marketPrice > 0)) {
      throw new InvalidInputError('marketPrice', marketPrice, 'must be a finite number > 0');
    }
    this.lastObservedSeconds = timestampSeconds;
    if (this.frozen) return undefined;
    const reported = this.forcedPrice ?? marketPrice * (1 + this.bias);
    const answer = priceToAnswer(reported, this.decimals);
    const last = this.rounds[this.rounds.length - 1];
    if (last !== undefined && !this.deviates(answer, last.answer) && timestampSeconds - last.startedAt < this.heartbeatSeconds) {
      return undefined;
    }
    const roundId = this.encodeRoundId(this.rounds.length + 1);
    const round: RoundData = Object.freeze({
      roundId,
      answer,
      startedAt: timestampSeconds,
      updatedAt: timestampSeconds + this.updateLatencySeconds,
      answeredInRound: roundId,
    });
    this.rounds.push(round);
    return round;
  }

  /** AggregatorV3Interface.latestRoundData as read at `nowSeconds`. */
  latestRoundData(nowSeconds: number): RoundData {
    requireFinite('nowSeconds', nowSeconds);
    // Rounds land in trigger order (constant latency), so scan back from the newest.
    for (let i = this.rounds.length - 1; i >= 0; i--) {
      const round = this.rounds[i]!;
      if (round.updatedAt <= nowSeconds) return round;
    }
    throw new NoRoundDataError(undefined);
  }

  /**
   * AggregatorV3Interface.getRoundData: a published round by id. A round is published once
   * `nowSeconds` (default: the latest observation time) reaches its updatedAt.
   */
  getRoundData(roundId: bigint, nowSeconds: number | undefined = this.lastObservedSeconds): RoundData {
    const aggregatorRound = this.decodeRoundId(roundId);
    const round = aggregatorRound === undefined ? undefined : this.rounds[aggregatorRound - 1];
    if (round === undefined || nowSeconds === undefined || round.updatedAt > nowSeconds) throw new NoRoundDataError(roundId);
    return round;
  }

  /** True when no round is published at `nowSeconds` or the latest is older than maxAgeSeconds. */
  isStale(nowSeconds: number, maxAgeSeconds: number): boolean {
    requireNonNegative('maxAgeSeconds', maxAgeSeconds);
    try {
      return nowSeconds - this.latestRoundData(nowSeconds).updatedAt > maxAgeSeconds;
    } catch (error) {
      if (error instanceof NoRoundDataError) return true;
      throw error;
    }
  }

  /** The latest published answer as a number. */
  latestPrice(nowSeconds: number): number {
    return answerToPrice(this.latestRoundData(nowSeconds).answer, this.decimals);
  }

  /** (published − reference) / reference: how far the feed sits from a reference price. */
  deviationFrom(referencePrice: number, nowSeconds: number): number {
    if (!(Number.isFinite(referencePrice) && referencePrice > 0)) {
      throw new InvalidInputError('referencePrice', referencePrice, 'must be a finite number > 0');
    }
    return (this.latestPrice(nowSeconds) - referencePrice) / referencePrice;
  }

  /** Every triggered round so far, in order (including those still in flight). */
  allRounds(): readonly RoundData[] {
    return [...this.rounds];
  }

  /** Stops new rounds: the feed goes stale. */
  freeze(): void {
    this.frozen = true;
  }

  /** Reports this price instead of the market's (still subject to the trigger rules). */
  forceAnswer(price: number): void {
    if (!(Number.isFinite(price) && price > 0)) throw new InvalidInputError('price', price, 'must be a finite number > 0');
    this.forcedPrice = price;
  }

  /** Reports market × (1 + fraction). */
  setBias(fraction: number): void {
    if (!(Number.isFinite(fraction) && fraction > -1)) {
      throw new InvalidInputError('fraction', fraction, 'must be a finite number > -1');
    }
    this.bias = fraction;
  }

  /** Clears freeze, forced answer and bias. */
  resume(): void {
    this.frozen = false;
    this.forcedPrice = undefined;
    this.bias = 0;
  }

  private deviates(answer: bigint, lastAnswer: bigint): boolean {
    const difference = answer > lastAnswer ? answer - lastAnswer : lastAnswer - answer;
    // |Δ| / last ≥ bps / 10⁴, exactly for thresholds given to 1/100 bp.
    const thresholdCentiBps = BigInt(Math.round(this.deviationThresholdBps * 100));
    return difference * 1_000_000n >= thresholdCentiBps * lastAnswer;
  }

  private encodeRoundId(aggregatorRound: number): bigint {
    return (BigInt(this.phaseId) << 64n) | BigInt(aggregatorRound);
  }

  private decodeRoundId(roundId: bigint): number | undefined {
    if (roundId >> 64n !== BigInt(this.phaseId)) return undefined;
    const aggregatorRound = roundId & ((1n << 64n) - 1n);
    if (aggregatorRound < 1n || aggregatorRound > BigInt(this.rounds.length)) return undefined;
    return Number(aggregatorRound);
  }
}

function requireDecimals(decimals: number): void {
  if (!(Number.isInteger(decimals) && decimals >= 0 && decimals <= MAX_DECIMALS)) {
    throw new InvalidInputError('decimals', decimals, `must be an integer in [0, ${MAX_DECIMALS}]`);
  }
}
