/**
 * The circuit breaker: pauses the vault when
 *   - NAV per share has fallen from its peak by at least `maxDrawdownBps`
 *     ((peak − now) · 10^4 ≥ maxDrawdownBps · peak, exactly in integers), or
 *   - an oracle fails: a pool's risky-token oracle is missing, older than `maxOracleAgeSeconds`,
 *     or the pool's spot deviates from it by more than `maxOracleDeviationBps`.
 * While paused only de-risking intents (removeLiquidity, repay, collectFees, withdraw of supplied
 * assets) pass on to the rules; everything else is refused with rule id "circuit-breaker".
 *
 * Resume rule: at an observation with no oracle fault and a drawdown at or below
 * `resumeDrawdownBps` from the (unchanged) peak, the breaker resumes by itself. The peak is a
 * high-water mark and is not lowered by a pause; an operator who accepts the loss calls
 * `reset(navPerShareWad)`, which re-bases the peak to the current NAV per share and resumes.
 *
 * It observes when the risk check runs (when a trigger fires), not every block: a drawdown
 * between decisions is seen at the next decision, which is the first moment it could matter.
 */
import { SCALE } from '../engine/valuation.js';
import type { Intent } from '../strategy/types.js';
import type { RiskLimits } from './limits.js';
import { poolOracleDeviationBps } from './rules/oracle-deviation.js';
import { oracleAssetOf } from './rules/oracle-staleness.js';
import { DE_RISKING_KINDS, type RiskContext, type RuleTaggedDecision } from './types.js';

export const CIRCUIT_BREAKER = 'circuit-breaker';
const WAD = 10n ** 18n;

/** NAV per share base unit, wad; undefined before any share exists. */
export function navPerShareWad(navScaled: bigint, sharesOutstanding: bigint): bigint | undefined {
  return sharesOutstanding <= 0n ? undefined : (navScaled * WAD) / (sharesOutstanding * SCALE);
}

export interface BreakerState {
  readonly peakNavPerShareWad: bigint | undefined;
  readonly paused: boolean;
  readonly reason: string;
}

export interface BreakerObservation {
  readonly navPerShareWad: bigint | undefined;
  /** why the oracles are not to be trusted, or undefined when they are */
  readonly oracleFault: string | undefined;
}

/** Drawdown from the peak, bps of the peak (floored). */
export function drawdownBps(peak: bigint, now: bigint): bigint {
  return peak <= 0n || now >= peak ? 0n : ((peak - now) * 10_000n) / peak;
}

/** The pure transition: the state after one observation. */
export function nextBreakerState(state: BreakerState, observation: BreakerObservation, limits: RiskLimits): BreakerState {
  const now = observation.navPerShareWad;
  const peak = now === undefined ? state.peakNavPerShareWad : state.peakNavPerShareWad === undefined || now > state.peakNavPerShareWad ? now : state.peakNavPerShareWad;
  const tripped = peak !== undefined && now !== undefined && (peak - now) * 10_000n >= BigInt(limits.maxDrawdownBps) * peak;
  const ddText = peak !== undefined && now !== undefined ? `drawdown ${drawdownBps(peak, now)} bps (NAV/share ${now} vs peak ${peak}, wad)` : 'no NAV per share yet';
  if (observation.oracleFault !== undefined) return { peakNavPerShareWad: peak, paused: true, reason: `oracle failure: ${observation.oracleFault}` };
  if (tripped) return { peakNavPerShareWad: peak, paused: true, reason: `${ddText} ≥ max ${limits.maxDrawdownBps} bps` };
  if (state.paused) {
    const recovered = peak === undefined || now === undefined || (peak - now) * 10_000n <= BigInt(limits.resumeDrawdownBps) * peak;
    if (!recovered) return { peakNavPerShareWad: peak, paused: true, reason: `${state.reason}; still ${ddText} > resume ${limits.resumeDrawdownBps} bps` };
    return { peakNavPerShareWad: peak, paused: false, reason: `resumed: ${ddText} ≤ resume ${limits.resumeDrawdownBps} bps, oracles healthy` };
  }
  return { peakNavPerShareWad: peak, paused: false, reason: ddText };
}

export class CircuitBreaker {
  private current: BreakerState = { peakNavPerShareWad: undefined, paused: false, reason: 'not observed yet' };

  constructor(private readonly limits: RiskLimits) {}

  get state(): BreakerState {
    return this.current;
  }

  observe(observation: BreakerObservation): BreakerState {
    this.current = nextBreakerState(this.current, observation, this.limits);
    return this.current;
  }

  /** The operator accepts the loss: the peak becomes the current NAV per share and trading resumes. */
  reset(navPerShareWadNow: bigint): void {
    this.current = { peakNavPerShareWad: navPerShareWadNow, paused: false, reason: `reset by operator at NAV/share ${navPerShareWadNow} wad` };
  }

  /** A refusal while paused for anything but a de-risking intent; undefined lets the rules decide. */
  gate(intent: Intent): RuleTaggedDecision | undefined {
    if (!this.current.paused || DE_RISKING_KINDS.has(intent.kind)) return undefined;
    return { status: 'refused', original: intent, reason: `[${CIRCUIT_BREAKER}] vault paused (${this.current.reason}); only de-risking intents pass`, ruleId: CIRCUIT_BREAKER };
  }

  /** The first oracle failure among the pools' risky tokens, or undefined. */
  oracleFault(context: RiskContext): string | undefined {
    for (const pool of Object.keys(context.market.pools).sort()) {
      const info = context.market.pools[pool]!;
      if (!context.view.poolIds.includes(pool)) continue;
      const risky = info.token0 === context.market.numeraire ? info.token1 : info.token0;
      const asset = oracleAssetOf(risky, context);
      const answer = asset === undefined ? undefined : context.view.oracle(asset);
      if (answer === undefined) return `no oracle answer for ${risky}`;
      const ageSeconds = context.view.nowSeconds - answer.updatedAt;
      if (ageSeconds > this.limits.maxOracleAgeSeconds) return `oracle ${asset} is ${ageSeconds}s old > max ${this.limits.maxOracleAgeSeconds}s`;
      const deviation = poolOracleDeviationBps(pool, context);
      if (deviation !== undefined && deviation.deviationBps > this.limits.maxOracleDeviationBps) {
        return `pool ${pool} deviates ${deviation.deviationBps.toFixed(2)} bps from oracle > max ${this.limits.maxOracleDeviationBps} bps`;
      }
    }
    return undefined;
  }
}
