import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker, nextBreakerState, type BreakerState } from '../../src/risk/circuit-breaker.js';
import { createRiskCheck } from '../../src/risk/check.js';
import { DEFAULT_RISK_LIMITS } from '../../src/risk/limits.js';
import { DE_RISKING_KINDS } from '../../src/risk/types.js';
import type { Intent } from '../../src/strategy/types.js';
import { MARKET, makeBook, makeView, ORACLE_ANSWER, POOL, TICK, USDC, WETH } from './fixtures.js';

const PEAK = 10n ** 18n;
const fresh: BreakerState = { peakNavPerShareWad: PEAK, paused: false, reason: '' };
// default maxDrawdownBps 2000: the trip point is exactly 0.8 × peak
const TRIP = (PEAK * 8_000n) / 10_000n;

const INTENTS: Intent[] = [
  { kind: 'swap', pool: POOL, zeroForOne: true, amountIn: WETH, reason: 'x' },
  { kind: 'addLiquidity', pool: POOL, tickLower: TICK - 1_001, tickUpper: TICK + 999, liquidity: 1n, reason: 'x' },
  { kind: 'removeLiquidity', pool: POOL, tickLower: TICK - 1_001, tickUpper: TICK + 999, liquidity: 1n, reason: 'x' },
  { kind: 'collectFees', pool: POOL, tickLower: TICK - 1_001, tickUpper: TICK + 999, reason: 'x' },
  { kind: 'supply', asset: 'USDC', amount: USDC, reason: 'x' },
  { kind: 'withdraw', asset: 'USDC', amount: USDC, reason: 'x' },
  { kind: 'borrow', asset: 'USDC', amount: USDC, reason: 'x' },
  { kind: 'repay', asset: 'USDC', amount: USDC, reason: 'x' },
];

describe('circuit breaker', () => {
  it('trips at the drawdown threshold exactly, not one wei before', () => {
    expect(nextBreakerState(fresh, { navPerShareWad: TRIP + 1n, oracleFault: undefined }, DEFAULT_RISK_LIMITS).paused).toBe(false);
    const tripped = nextBreakerState(fresh, { navPerShareWad: TRIP, oracleFault: undefined }, DEFAULT_RISK_LIMITS);
    expect(tripped.paused).toBe(true);
    expect(tripped.reason).toContain('drawdown 2000 bps');
    expect(tripped.reason).toContain('≥ max 2000 bps');
  });

  it('trips on an oracle failure whatever the NAV', () => {
    const state = nextBreakerState(fresh, { navPerShareWad: PEAK * 2n, oracleFault: 'stale' }, DEFAULT_RISK_LIMITS);
    expect(state).toMatchObject({ paused: true, peakNavPerShareWad: PEAK * 2n });
    expect(state.reason).toContain('oracle failure: stale');
  });

  it('while paused lets only de-risking intents through', () => {
    const breaker = new CircuitBreaker(DEFAULT_RISK_LIMITS);
    breaker.observe({ navPerShareWad: PEAK, oracleFault: undefined });
    breaker.observe({ navPerShareWad: TRIP, oracleFault: undefined });
    for (const intent of INTENTS) {
      const gated = breaker.gate(intent);
      if (DE_RISKING_KINDS.has(intent.kind)) expect(gated).toBeUndefined();
      else expect(gated).toMatchObject({ status: 'refused', ruleId: 'circuit-breaker' });
    }
    expect([...DE_RISKING_KINDS].sort()).toEqual(['collectFees', 'removeLiquidity', 'repay', 'withdraw']);
  });

  it('resumes at the documented resume drawdown, or by an operator reset', () => {
    const limits = DEFAULT_RISK_LIMITS;
    const paused = nextBreakerState(fresh, { navPerShareWad: TRIP, oracleFault: undefined }, limits);
    const resumeAt = (PEAK * 9_000n) / 10_000n;
    expect(nextBreakerState(paused, { navPerShareWad: resumeAt - 1n, oracleFault: undefined }, limits).paused).toBe(true);
    expect(nextBreakerState(paused, { navPerShareWad: resumeAt, oracleFault: undefined }, limits).paused).toBe(false);
    expect(nextBreakerState(paused, { navPerShareWad: PEAK, oracleFault: 'stale' }, limits).paused).toBe(true);
    const breaker = new CircuitBreaker(limits);
    breaker.observe({ navPerShareWad: PEAK, oracleFault: undefined });
    breaker.observe({ navPerShareWad: TRIP, oracleFault: undefined });
    breaker.reset(TRIP);
    expect(breaker.state).toMatchObject({ paused: false, peakNavPerShareWad: TRIP });
  });

  it('property: paused iff drawdown from the running peak reached the limit (no oracle fault, never recovering)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: 10n ** 20n }), { minLength: 1, maxLength: 30 }), (navs) => {
        let state: BreakerState = { peakNavPerShareWad: undefined, paused: false, reason: '' };
        let peak = 0n;
        let everTripped = false;
        for (const nav of navs) {
          state = nextBreakerState(state, { navPerShareWad: nav, oracleFault: undefined }, DEFAULT_RISK_LIMITS);
          if (nav > peak) peak = nav;
          const trips = (peak - nav) * 10_000n >= 2_000n * peak;
          const recovered = (peak - nav) * 10_000n <= 1_000n * peak;
          everTripped = trips || (everTripped && !recovered);
          expect(state.paused).toBe(everTripped);
          expect(state.peakNavPerShareWad).toBe(peak);
        }
      }),
      { seed: 17, numRuns: 200 },
    );
  });

  it('inside the composite check: a 20 % fall in NAV per share pauses the vault', () => {
    const check = createRiskCheck({ market: MARKET });
    // the book: 100k USDC + 10 WETH; 120k·10^12 shares ≈ 1 USDC base unit per 10^12 share units
    const book = makeBook({ usdc: 0n, weth: 100n * WETH });
    check.check([], book, makeView());
    expect(check.breaker.state.paused).toBe(false);
    const fallen = makeView({ wethAnswer: (ORACLE_ANSWER * 80n) / 100n, tick: TICK - 2_232, twapTick: TICK - 2_232 });
    const decisions = check.check(INTENTS, book, fallen);
    expect(check.breaker.state.paused).toBe(true);
    INTENTS.forEach((intent, i) => {
      if (!DE_RISKING_KINDS.has(intent.kind)) expect(decisions[i]).toMatchObject({ status: 'refused', ruleId: 'circuit-breaker' });
      else expect(decisions[i]?.ruleId).not.toBe('circuit-breaker');
    });
  });
});
