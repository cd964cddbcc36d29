// Aave v3 rate strategies: aave-v3-core rate-strategy.spec.ts vectors (exact, ray) and the
// V2 strategy's computed examples (exact), plus monotonicity in utilisation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import {
  calculateInterestRatesV2,
  calculateInterestRatesV30,
  type AaveV2StrategyRateData,
  type AaveV30RateStrategyParams,
} from '../../src/lending/aave-rate-strategy.js';
import { RAY } from '../../src/lending/wad-ray-math.js';
import { loadQuantVectors } from '../vectors/load.js';

const aave = loadQuantVectors().lending.aave;
const ray = (decimal: string): bigint => parseDecimal(decimal, 27);

/** Exact decimal string → fixed point with `decimals` digits. */
function parseDecimal(decimal: string, decimals: number): bigint {
  const [whole, fraction = ''] = decimal.split('.');
  return BigInt(whole! + fraction.padEnd(decimals, '0').slice(0, decimals));
}

/** rateStrategyStableTwo (@aave/deploy-v3 markets/test/rateStrategies.ts). */
const STABLE_TWO: AaveV30RateStrategyParams = {
  optimalUsageRatioRay: ray('0.8'),
  baseVariableBorrowRateRay: 0n,
  variableRateSlope1Ray: ray('0.04'),
  variableRateSlope2Ray: ray('0.75'),
  stableRateSlope1Ray: ray('0.02'),
  stableRateSlope2Ray: ray('0.75'),
  baseStableRateOffsetRay: ray('0.02'),
  stableRateExcessOffsetRay: ray('0.05'),
  optimalStableToTotalDebtRatioRay: ray('0.2'),
};

describe('v3.0 DefaultReserveInterestRateStrategy — lending.aave.v30_rate_strategy_tests (exact)', () => {
  for (const v of aave.v30_rate_strategy_tests) {
    it(v.name, () => {
      const rates = calculateInterestRatesV30(STABLE_TWO, {
        availableLiquidity: BigInt(v.inputs.availableLiquidity),
        totalStableDebt: BigInt(v.inputs.totalStableDebt),
        totalVariableDebt: BigInt(v.inputs.totalVariableDebt),
        averageStableBorrowRateRay: BigInt(v.inputs.averageStableBorrowRate),
        unbacked: BigInt(v.inputs.unbacked),
        reserveFactorBps: BigInt(v.reserveFactor),
      });
      expect(rates.liquidityRateRay).toBe(BigInt(v.expected.liquidityRate));
      expect(rates.stableBorrowRateRay).toBe(BigInt(v.expected.stableBorrowRate));
      expect(rates.variableBorrowRateRay).toBe(BigInt(v.expected.variableBorrowRate));
    });
  }
});

describe('v3.1+ DefaultReserveInterestRateStrategyV2 — lending.aave.computed_examples (exact)', () => {
  for (const v of aave.computed_examples) {
    it(`${v.asset} at U = ${v.utilization}`, () => {
      const debt = parseDecimal(v.utilization, 18);
      const data: AaveV2StrategyRateData = {
        optimalUsageRatioBps: v.params_bps.optimalUsageRatio,
        baseVariableBorrowRateBps: v.params_bps.baseVariableBorrowRate,
        variableRateSlope1Bps: v.params_bps.variableRateSlope1,
        variableRateSlope2Bps: v.params_bps.variableRateSlope2,
      };
      const rates = calculateInterestRatesV2(data, {
        availableLiquidity: 10n ** 18n - debt,
        totalVariableDebt: debt,
        unbacked: 0n,
        reserveFactorBps: BigInt(v.reserveFactor_bps_ASSUMED),
      });
      expect(rates.variableBorrowRateRay).toBe(BigInt(v.variableBorrowRate_ray));
      expect(rates.liquidityRateRay).toBe(BigInt(v.liquidityRate_ray));
      expect(rates.stableBorrowRateRay).toBe(0n);
    });
  }

  it('the mainnet snapshot parameters are all admissible and reach base + slope1 + slope2 at U = 1', () => {
    for (const [asset, p] of Object.entries(aave.mainnet_params_2024_09_11.params_bps) as [string, Record<string, number>][]) {
      const data = {
        optimalUsageRatioBps: p.optimalUsageRatio!,
        baseVariableBorrowRateBps: p.baseVariableBorrowRate!,
        variableRateSlope1Bps: p.variableRateSlope1!,
        variableRateSlope2Bps: p.variableRateSlope2!,
      };
      const full = calculateInterestRatesV2(data, { availableLiquidity: 0n, totalVariableDebt: 10n ** 18n, unbacked: 0n, reserveFactorBps: 0n });
      const max = BigInt(data.baseVariableBorrowRateBps + data.variableRateSlope1Bps + data.variableRateSlope2Bps) * 10n ** 23n;
      expect(full.variableBorrowRateRay, asset).toBe(max);
    }
  });

  it('mintable assets (no virtual balance) get the base rate and no supply rate', () => {
    const rates = calculateInterestRatesV2(
      { optimalUsageRatioBps: 9000, baseVariableBorrowRateBps: 250, variableRateSlope1Bps: 0, variableRateSlope2Bps: 0 },
      { availableLiquidity: 0n, totalVariableDebt: 10n ** 18n, unbacked: 0n, reserveFactorBps: 0n, usingVirtualBalance: false },
    );
    expect(rates).toEqual({ liquidityRateRay: 0n, stableBorrowRateRay: 0n, variableBorrowRateRay: 250n * 10n ** 23n });
  });
});

describe('rate monotonicity', () => {
  const WETH: AaveV2StrategyRateData = {
    optimalUsageRatioBps: 9000,
    baseVariableBorrowRateBps: 0,
    variableRateSlope1Bps: 270,
    variableRateSlope2Bps: 8000,
  };
  const state = (debt: bigint, total: bigint) => ({ availableLiquidity: total - debt, totalVariableDebt: debt, unbacked: 0n, reserveFactorBps: 1500n });

  it('borrow and supply rates are non-decreasing in utilisation (v2 and v3.0)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 30n }), fc.bigInt({ min: 0n, max: 10n ** 6n }), fc.bigInt({ min: 0n, max: 10n ** 6n }), (total, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const debtLo = (total * lo) / 10n ** 6n;
        const debtHi = (total * hi) / 10n ** 6n;
        const rLo = calculateInterestRatesV2(WETH, state(debtLo, total));
        const rHi = calculateInterestRatesV2(WETH, state(debtHi, total));
        expect(rHi.variableBorrowRateRay).toBeGreaterThanOrEqual(rLo.variableBorrowRateRay);
        expect(rHi.liquidityRateRay).toBeGreaterThanOrEqual(rLo.liquidityRateRay);
        expect(rHi.liquidityRateRay).toBeLessThanOrEqual(rHi.variableBorrowRateRay);
        const v30 = (debt: bigint) =>
          calculateInterestRatesV30(STABLE_TWO, { ...state(debt, total), totalStableDebt: 0n, averageStableBorrowRateRay: 0n });
        expect(v30(debtHi).variableBorrowRateRay).toBeGreaterThanOrEqual(v30(debtLo).variableBorrowRateRay);
        expect(v30(debtHi).stableBorrowRateRay).toBeGreaterThanOrEqual(v30(debtLo).stableBorrowRateRay);
        expect(v30(debtHi).liquidityRateRay).toBeGreaterThanOrEqual(v30(debtLo).liquidityRateRay);
      }),
      { seed: 31, numRuns: 300 },
    );
  });

  it('the kink is continuous: just above optimal the rate is base + slope1 + ε', () => {
    const at = (bps: bigint) => calculateInterestRatesV2(WETH, state(bps * 10n ** 14n, 10n ** 18n)).variableBorrowRateRay;
    expect(at(9000n)).toBe(270n * 10n ** 23n);
    expect(at(9001n) - at(9000n)).toBe(8000n * 10n ** 23n / 1000n); // slope2 · 0.0001/0.1
  });
});

describe('bad input', () => {
  it('refuses inadmissible parameters and state', () => {
    const ok = { optimalUsageRatioBps: 9000, baseVariableBorrowRateBps: 0, variableRateSlope1Bps: 270, variableRateSlope2Bps: 8000 };
    const s = { availableLiquidity: 1n, totalVariableDebt: 1n, unbacked: 0n, reserveFactorBps: 0n };
    expect(() => calculateInterestRatesV2({ ...ok, optimalUsageRatioBps: 9950 }, s)).toThrow(InvalidInputError);
    expect(() => calculateInterestRatesV2({ ...ok, variableRateSlope1Bps: 9000 }, s)).toThrow(InvalidInputError);
    expect(() => calculateInterestRatesV2({ ...ok, variableRateSlope2Bps: 100_000 }, s)).toThrow(InvalidInputError);
    expect(() => calculateInterestRatesV2(ok, { ...s, reserveFactorBps: 10_001n })).toThrow(InvalidInputError);
    expect(() => calculateInterestRatesV2(ok, { ...s, availableLiquidity: -1n })).toThrow(InvalidInputError);
    expect(() => calculateInterestRatesV30({ ...STABLE_TWO, optimalUsageRatioRay: RAY + 1n }, { ...s, totalStableDebt: 0n, averageStableBorrowRateRay: 0n })).toThrow(
      InvalidInputError,
    );
  });
});
