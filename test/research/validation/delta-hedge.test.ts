import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blackScholes } from '../../../src/math/black-scholes.js';
import {
  callDelta,
  compareToTheory,
  DELTA_HEDGE_DEFAULTS,
  runDeltaHedgeExperiment,
  type DeltaHedgeExperimentParams,
} from '../../../src/research/validation/index.js';

// Test size: 2,000 paths of 25 hedges; the std's standard error is ~2 %, the tolerance ~12 %.
const SMALL: DeltaHedgeExperimentParams = { ...DELTA_HEDGE_DEFAULTS, paths: 2000, hedges: 25 };

describe('Discrete delta-hedging experiment (Kamal & Derman)', () => {
  const report = runDeltaHedgeExperiment(SMALL);
  const result = report.results[0]!;

  it('reproduces √(π/4)·σ·vega/√N at test size', () => {
    expect(result.id).toBe('delta-hedge.std');
    expect(result.verdict).toBe('pass');
    const atInception = blackScholes({ kind: 'call', spot: 2000, strike: 2000, rate: 0, dividendYield: 0, volatility: 0.8, expiry: 30 / 365 });
    expect(result.details['vega']).toBe(atInception.vega);
    expect(result.theory).toBeCloseTo((Math.sqrt(Math.PI / 4) * 0.8 * atInception.vega) / 5, 12);
    // a hedge at the right volatility has no edge: the mean P&L is within 4 standard errors of 0
    expect(Math.abs(result.details['meanPnl'] as number)).toBeLessThan(4 * (result.details['meanPnlStandardError'] as number));
  });

  it('discounts correctly with a non-zero rate', () => {
    expect(runDeltaHedgeExperiment({ ...SMALL, rate: 0.05 }).results[0]!.verdict).toBe('pass');
  });

  it('halves the error with four times the hedges', () => {
    const quarter = runDeltaHedgeExperiment({ ...SMALL, hedges: 100, paths: 1000 }).results[0]!;
    expect(quarter.simulated / result.simulated).toBeGreaterThan(0.4);
    expect(quarter.simulated / result.simulated).toBeLessThan(0.6);
  });

  it('would fail a wrong theory (σ·vega/√N without the √(π/4), doubled)', () => {
    const wrong = compareToTheory('wrong', 'wrong', (2 * result.theory) / Math.sqrt(Math.PI / 4), result.simulated, result.tolerance);
    expect(wrong.verdict).toBe('fail');
  });

  it('hedges with the Black–Scholes delta', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        fc.double({ min: 1e-3, max: 2, noNaN: true }),
        fc.double({ min: -0.05, max: 0.1, noNaN: true }),
        (moneyness, vol, expiry, rate) => {
          const delta = blackScholes({ kind: 'call', spot: 100 * moneyness, strike: 100, rate, dividendYield: 0, volatility: vol, expiry }).delta;
          expect(Math.abs(callDelta(100 * moneyness, 100, rate, vol, expiry) - delta)).toBeLessThanOrEqual(1e-15);
        },
      ),
      { seed: 21 },
    );
  });

  it('is deterministic', () => {
    expect(JSON.stringify(runDeltaHedgeExperiment(SMALL))).toBe(JSON.stringify(report));
  });

  it('refuses bad parameters naming them', () => {
    expect(() => runDeltaHedgeExperiment({ ...SMALL, paths: 1 })).toThrow('paths');
    expect(() => runDeltaHedgeExperiment({ ...SMALL, hedges: 0 })).toThrow('hedges');
    expect(() => runDeltaHedgeExperiment({ ...SMALL, rate: Number.NaN })).toThrow('rate');
  });
});
