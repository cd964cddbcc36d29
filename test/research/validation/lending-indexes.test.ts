import { describe, expect, it } from 'vitest';
import { RAY } from '../../../src/lending/wad-ray-math.js';
import {
  compareIndexToClosedForm,
  LENDING_INDEXES_DEFAULTS,
  runLendingIndexesExperiment,
} from '../../../src/research/validation/index.js';

describe('Lending indexes experiment (Aave v3 accrual)', () => {
  // Test size: a year of hourly updates (8,760) instead of 2,628,000 twelve-second blocks.
  const report = runLendingIndexesExperiment({ ...LENDING_INDEXES_DEFAULTS, blocks: 8760, blockSeconds: 3600 });
  const [liquidity, borrow] = report.results;

  it('equals the closed-form compounding up to the contract’s own rounding, proven in integers', () => {
    expect(report.params['years']).toBe(1);
    for (const result of [liquidity!, borrow!]) {
      expect(result.verdict).toBe('pass');
      const difference = Math.abs(result.details['differenceRayUnits'] as number);
      const bound = result.details['roundingBoundRayUnits'] as number;
      expect(difference).toBeLessThanOrEqual(bound);
      expect(bound).toBeLessThan(8760);
    }
    expect(liquidity!.details['factorMatchesContract']).toBe(true);
  });

  it('reports how per-block compounding differs from continuous and from a lazy reserve', () => {
    const rate = liquidity!.details['liquidityRateAnnual'] as number;
    // per-block linear accrual compounds to e^{rT}(1 − r²Tδt/2): hourly, a few parts in 1e8
    expect(Math.abs(liquidity!.details['perBlockVsContinuous'] as number)).toBeLessThan(1e-7);
    // a reserve nobody touches for a year earns 1 + r, not e^r: short by ≈ r²/2
    expect(liquidity!.details['perBlockVsLazy'] as number).toBeCloseTo(Math.exp(rate) / (1 + rate) - 1, 6);
    expect(Math.abs(borrow!.details['perBlockVsContinuous'] as number)).toBeLessThan(1e-9);
  });

  it('fails an index beyond the rounding bound, and passes one ray unit away', () => {
    const factorRay = BigInt(liquidity!.details['factorRay'] as string);
    const indexRay = BigInt(liquidity!.details['indexRay'] as string);
    const n = 8760n;
    const initial = LENDING_INDEXES_DEFAULTS.initialLiquidityIndexRay;
    const bound = BigInt(Math.ceil(liquidity!.details['roundingBoundRayUnits'] as number));
    expect(compareIndexToClosedForm('x', 'x', indexRay + 1n, initial, factorRay, n).verdict).toBe('pass');
    expect(compareIndexToClosedForm('x', 'x', indexRay + bound + 1n, initial, factorRay, n).verdict).toBe('fail');
    expect(compareIndexToClosedForm('x', 'x', indexRay - 2n * bound, initial, factorRay, n).verdict).toBe('fail');
  });

  it('holds for 12-second blocks too', () => {
    const short = runLendingIndexesExperiment({ ...LENDING_INDEXES_DEFAULTS, blocks: 20_000 });
    for (const result of short.results) expect(result.verdict).toBe('pass');
  });

  it('refuses an index below one ray', () => {
    expect(() => runLendingIndexesExperiment({ ...LENDING_INDEXES_DEFAULTS, blocks: 10, initialLiquidityIndexRay: RAY - 1n })).toThrow(
      'initialLiquidityIndexRay',
    );
  });
});
