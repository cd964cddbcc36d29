import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import {
  compareToTheory,
  fullRangeTicks,
  LVR_DEFAULTS,
  lvrTolerance,
  runLvrExperiment,
  type LvrExperimentParams,
} from '../../../src/research/validation/index.js';

// Test size: 4,000 blocks (≈ 13 hours). The standard error is √(2/4000) ≈ 2.2 %, the tolerance 11 %.
const SMALL: LvrExperimentParams = { ...LVR_DEFAULTS, blocks: 4000 };

describe('LVR experiment (Milionis et al.)', () => {
  const report = runLvrExperiment(SMALL);
  const byId = Object.fromEntries(report.results.map((r) => [r.id, r]));

  it('reproduces σ²/8 of pool value per year at test size', () => {
    expect(report.results.map((r) => r.id)).toEqual(['lvr.pathwise', 'lvr.rate', 'lvr.curve']);
    for (const result of report.results) expect(result.verdict).toBe('pass');
    expect(byId['lvr.rate']!.theory).toBeCloseTo(0.8 ** 2 / 8, 15);
    expect(byId['lvr.pathwise']!.tolerance).toBeCloseTo(lvrTolerance(4000), 15);
    // the arbitrageur trades every block, and the pool matches its continuous curve to rounding
    expect(byId['lvr.pathwise']!.details['trades']).toBe(4000);
    expect(byId['lvr.curve']!.relativeError).toBeLessThan(1e-12);
  });

  it('tracks the path’s realised variance: that, not the pool, is the noise', () => {
    const realized = byId['lvr.pathwise']!.details['realizedOverExpectedVariance'] as number;
    const ratio = byId['lvr.pathwise']!.simulated / byId['lvr.pathwise']!.theory;
    // profit ≈ V·z²/8: the simulated/theory ratio follows Σz²/σ²T to well inside its own noise
    expect(Math.abs(ratio - realized)).toBeLessThan(0.01);
  });

  it('would fail a wrong theory: σ²/4 is twice the simulated loss', () => {
    const pathwise = byId['lvr.pathwise']!;
    const wrong = compareToTheory('lvr.wrong', 'σ²/4', pathwise.theory * 2, pathwise.simulated, pathwise.tolerance);
    expect(wrong.verdict).toBe('fail');
    expect(wrong.relativeError).toBeGreaterThan(0.4);
  });

  it('is deterministic: the same seed gives the same JSON, another seed another path', () => {
    expect(JSON.stringify(runLvrExperiment(SMALL))).toBe(JSON.stringify(report));
    expect(JSON.stringify(runLvrExperiment({ ...SMALL, seed: 2 }))).not.toBe(JSON.stringify(report));
  });

  it('reports progress from 0 to 1', () => {
    const seen: number[] = [];
    runLvrExperiment({ ...SMALL, blocks: 500 }, (fraction) => seen.push(fraction));
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('sizes its tolerance on the standard error, never below 1 %', () => {
    expect(lvrTolerance(500_000)).toBe(0.01);
    expect(lvrTolerance(4000)).toBeCloseTo(5 * Math.sqrt(2 / 4000), 15);
  });

  it('puts the position on the widest ticks the spacing allows', () => {
    expect(fullRangeTicks(60)).toEqual({ tickLower: -887220, tickUpper: 887220 });
    expect(fullRangeTicks(1)).toEqual({ tickLower: -887272, tickUpper: 887272 });
    expect(fullRangeTicks(200)).toEqual({ tickLower: -887200, tickUpper: 887200 });
  });

  it.each([
    [{ blocks: 0 }, 'blocks'],
    [{ volAnnual: 0 }, 'volAnnual'],
    [{ seed: 1.5 }, 'seed'],
    [{ initialPrice: -1 }, 'initialPrice'],
  ])('refuses %j naming the field', (bad, field) => {
    const run = () => runLvrExperiment({ ...SMALL, ...bad });
    expect(run).toThrow(InvalidInputError);
    expect(run).toThrow(field);
  });
});
