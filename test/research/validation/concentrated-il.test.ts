import { describe, expect, it } from 'vitest';
import { impermanentLossConstantProduct } from '../../../src/amm/impermanent-loss.js';
import {
  CONCENTRATED_IL_DEFAULTS,
  runConcentratedIlExperiment,
  type ConcentratedIlExperimentParams,
} from '../../../src/research/validation/index.js';

// Test size: 3,000 blocks (10 hours) with a ±1 % range, so the price leaves it and comes back.
const SMALL: ConcentratedIlExperimentParams = { ...CONCENTRATED_IL_DEFAULTS, blocks: 3000, rangeHalfWidth: 0.01 };

describe('Concentrated impermanent loss experiment', () => {
  const report = runConcentratedIlExperiment(SMALL);

  it('matches the closed forms at every block, in and out of range', () => {
    expect(report.results.map((r) => r.id)).toEqual(['concentrated-il.curve', 'concentrated-il.erins']);
    for (const result of report.results) {
      expect(result.verdict).toBe('pass');
      // integer rounding and float evaluation only: far inside the 1e-9 tolerance
      expect(result.relativeError).toBeLessThan(1e-12);
      expect(result.details['burnMatchesValuation']).toBe(true);
    }
    const inRange = report.results[0]!.details['blocksInRange'] as number;
    expect(inRange).toBeGreaterThan(0);
    expect(inRange).toBeLessThan(3000);
    expect(report.results[1]!.details['blocksCompared']).toBe(inRange);
  });

  it('tells a range position from a full-range one (the check can fail)', () => {
    for (const result of report.results) {
      const priceRatio = result.details['worstPriceRatio'] as number;
      expect(priceRatio).not.toBe(1);
      // the constant-product loss at the same price is far from what the pool showed
      const fullRange = impermanentLossConstantProduct(priceRatio);
      expect(Math.abs((1 + result.simulated) / (1 + fullRange) - 1)).toBeGreaterThan(1e3 * result.tolerance);
    }
  });

  it('is deterministic', () => {
    expect(JSON.stringify(runConcentratedIlExperiment(SMALL))).toBe(JSON.stringify(report));
  });

  it('refuses a range wider than the price', () => {
    expect(() => runConcentratedIlExperiment({ ...SMALL, rangeHalfWidth: 1 })).toThrow('rangeHalfWidth');
  });
});
