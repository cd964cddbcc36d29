import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { constantVolatility, maximumInput, minimumOutput, slippageTolerancePpm, validateGuardSettings } from '../../src/engine/guards.js';
import { InvalidInputError } from '../../src/errors.js';

describe('guards', () => {
  it('tolerance is k·σ·√Δt in ppm, rounded up and capped at 100 %', () => {
    // 3 × 0.8 × √(24 / 31,536,000) = 0.0020936...
    expect(slippageTolerancePpm(3, 0.8, 24)).toBe(2094n);
    expect(slippageTolerancePpm(0, 0.8, 24)).toBe(0n);
    expect(slippageTolerancePpm(1, 0, 24)).toBe(0n);
    expect(slippageTolerancePpm(1e6, 1, 31_536_000)).toBe(1_000_000n);
  });

  it('minimum output rounds down, maximum input rounds up', () => {
    expect(minimumOutput(1_000_000n, 2094n)).toBe(997_906n);
    expect(minimumOutput(999n, 1n)).toBe(998n); // 998.999 → 998
    expect(maximumInput(999n, 1n)).toBe(1000n); // 999.000999 → 1000
    expect(minimumOutput(5n, 0n)).toBe(5n);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.bigInt({ min: 0n, max: 1_000_000n }), (quote, ppm) => {
        const low = minimumOutput(quote, ppm);
        const high = maximumInput(quote, ppm);
        return low <= quote && quote <= high && low * 1_000_000n <= quote * (1_000_000n - ppm);
      }),
    );
  });

  it('refuses bad settings with InvalidInputError', () => {
    expect(() => constantVolatility(-1)).toThrow(InvalidInputError);
    expect(() => validateGuardSettings({ k: -1, confirmationSeconds: 24, deadlineSeconds: 60, volatility: constantVolatility(1) })).toThrow(/guards.k/);
    expect(() => validateGuardSettings({ k: 1, confirmationSeconds: 24, deadlineSeconds: 0, volatility: constantVolatility(1) })).toThrow(/deadlineSeconds/);
    expect(() => minimumOutput(-1n, 0n)).toThrow(InvalidInputError);
  });
});
