// Aave health factor and liquidation amounts: lending.aave.liquidation_examples (exact) and
// the close-factor, bonus and dust rules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import {
  calculateLiquidation,
  healthFactorWad,
  toBaseCurrency,
  type LiquidationInput,
} from '../../src/lending/aave-liquidation.js';
import { UINT256_MAX } from '../../src/lending/uint256.js';
import { loadQuantVectors } from '../vectors/load.js';

const liq = loadQuantVectors().lending.aave.liquidation_examples;
const WETH_PRICE = 2000n * 10n ** 8n;
const USDC_PRICE = 10n ** 8n;
const LT = BigInt(liq.params.liquidationThreshold);

function hf(collateralWei: bigint, debtUsdc: bigint): bigint {
  return healthFactorWad(
    [{ valueBase: toBaseCurrency(collateralWei, WETH_PRICE, 18), liquidationThresholdBps: LT }],
    toBaseCurrency(debtUsdc, USDC_PRICE, 6),
  );
}

function position(collateral: bigint, debt: bigint, debtToCover: bigint = UINT256_MAX): LiquidationInput {
  return {
    collateralBalance: collateral,
    collateralPriceBase: WETH_PRICE,
    collateralDecimals: 18,
    debtBalance: debt,
    debtPriceBase: USDC_PRICE,
    debtDecimals: 6,
    liquidationBonusBps: BigInt(liq.params.liquidationBonus),
    liquidationProtocolFeeBps: BigInt(liq.params.liquidationProtocolFee),
    healthFactorWad: hf(collateral, debt),
    debtToCover,
  };
}

describe('liquidation_examples (10 WETH at $2,000, LT 82.5 %, LB 105 %, fee 10 %) — exact', () => {
  for (const ex of liq.examples) {
    it(ex.name, () => {
      const collateral = BigInt(ex.collateral);
      const debt = BigInt(ex.debt);
      expect(hf(collateral, debt)).toBe(BigInt(ex.HF_before));
      const r = calculateLiquidation(position(collateral, debt));
      expect(r.closeFactorBps).toBe(BigInt(ex.closeFactor_bps));
      expect(r.debtRepaid).toBe(BigInt(ex.debtToCover));
      expect(r.collateralSeized).toBe(BigInt(ex.collateralSeized));
      expect(r.bonusCollateral).toBe(BigInt(ex.bonusCollateral));
      expect(r.protocolFee).toBe(BigInt(ex.protocolFee));
      expect(r.collateralToLiquidator).toBe(BigInt(ex.collateralToLiquidator));
      expect(hf(collateral - r.collateralSeized, debt - r.debtRepaid)).toBe(BigInt(ex.HF_after));
    });
  }
});

describe('health factor', () => {
  it('is Σ collateral·LT / debt in wad, uint256 max without debt', () => {
    expect(healthFactorWad([{ valueBase: 100n * 10n ** 8n, liquidationThresholdBps: 8000n }], 80n * 10n ** 8n)).toBe(10n ** 18n);
    expect(
      healthFactorWad(
        [
          { valueBase: 100n * 10n ** 8n, liquidationThresholdBps: 8000n },
          { valueBase: 50n * 10n ** 8n, liquidationThresholdBps: 7000n },
        ],
        115n * 10n ** 8n,
      ),
    ).toBe(10n ** 18n);
    expect(healthFactorWad([], 0n)).toBe(UINT256_MAX);
  });

  it('is monotone: more collateral raises it, more debt lowers it', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 24n }), fc.bigInt({ min: 1n, max: 10n ** 14n }), fc.bigInt({ min: 0n, max: 10n ** 20n }), (c, d, extra) => {
        expect(hf(c + extra, d)).toBeGreaterThanOrEqual(hf(c, d));
        expect(hf(c, d + extra)).toBeLessThanOrEqual(hf(c, d));
      }),
      { seed: 51, numRuns: 200 },
    );
  });
});

describe('liquidation rules', () => {
  it('partial cover: debtToCover below the cap is repaid as asked, with bonus LB on the collateral', () => {
    const r = calculateLiquidation(position(10n * 10n ** 18n, 17_000n * 10n ** 6n, 1_000n * 10n ** 6n));
    expect(r.debtRepaid).toBe(1_000n * 10n ** 6n);
    expect(r.collateralSeized).toBe(525n * 10n ** 15n); // $1,000 / $2,000 × 1.05
  });

  it('never seizes more than the collateral; when short, repays only what the collateral covers', () => {
    // 1 WETH against $1,950 of debt: HF ≈ 0.846, full close factor, collateral runs out first.
    const r = calculateLiquidation(position(10n ** 18n, 1_950n * 10n ** 6n));
    expect(r.closeFactorBps).toBe(10_000n);
    expect(r.collateralSeized).toBe(10n ** 18n);
    expect(r.debtRepaid).toBe(1_904_761_905n); // $2,000 / 1.05, rounded half up
  });

  it('v3.3: small positions (< $2,000) may be liquidated in full even with HF above 0.95', () => {
    const small = position(9n * 10n ** 17n, 1_560n * 10n ** 6n); // $1,800 of collateral, HF 0.952
    expect(small.healthFactorWad).toBeGreaterThan(95n * 10n ** 16n);
    const r = calculateLiquidation(small);
    expect(r.closeFactorBps).toBe(10_000n);
    const large = { ...small, collateralBalance: 2n * 10n ** 18n, debtBalance: 2_100n * 10n ** 6n, healthFactorWad: 97n * 10n ** 16n };
    expect(calculateLiquidation(large).closeFactorBps).toBe(5_000n);
    const s = calculateLiquidation({ ...position(10n ** 18n, 1_700n * 10n ** 6n), healthFactorWad: 97n * 10n ** 16n });
    expect(s.closeFactorBps).toBe(10_000n); // $1,700 of debt is under the threshold
  });

  it('v3.3: refuses a partial liquidation that leaves dust', () => {
    // $30,000 of collateral, $25,500 of debt (HF 0.97): covering $24,600 would leave $900 < $1,000.
    const p = position(15n * 10n ** 18n, 25_500n * 10n ** 6n, 24_600n * 10n ** 6n);
    expect(calculateLiquidation({ ...p, debtToCover: 1_000n * 10n ** 6n }).debtRepaid).toBe(1_000n * 10n ** 6n);
    expect(() => calculateLiquidation({ ...p, totalDebtBase: 60_000n * 10n ** 8n })).toThrow(InvalidInputError);
  });

  it('v3.0: 50 % of the reserve debt above HF 0.95, 100 % at or below', () => {
    const above = calculateLiquidation({ ...position(10n * 10n ** 18n, 17_000n * 10n ** 6n), version: 'v3.0' });
    expect(above.closeFactorBps).toBe(5_000n);
    expect(above.debtRepaid).toBe(8_500n * 10n ** 6n);
    const at = calculateLiquidation({ ...position(10n * 10n ** 18n, 17_000n * 10n ** 6n), healthFactorWad: 95n * 10n ** 16n, version: 'v3.0' });
    expect(at.closeFactorBps).toBe(10_000n);
  });

  it('conserves collateral and keeps the bonus share fixed (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 10n ** 17n, max: 10n ** 22n }), fc.integer({ min: 8300, max: 20_000 }), (collateral, debtBps) => {
        // Debt between 0.83× and 2× the LT-weighted collateral value: always liquidatable.
        const collateralUsd = (collateral * 2000n) / 10n ** 18n;
        const debt = (collateralUsd * BigInt(debtBps) * 10n ** 6n) / 10_000n;
        let r;
        try {
          r = calculateLiquidation(position(collateral, debt));
        } catch (e) {
          expect((e as InvalidInputError).reason).toContain('MustNotLeaveDust');
          return;
        }
        expect(r.collateralSeized).toBeLessThanOrEqual(collateral);
        expect(r.debtRepaid).toBeLessThanOrEqual(debt);
        expect(r.collateralToLiquidator + r.protocolFee).toBe(r.collateralSeized);
        // bonus = seized · 0.05/1.05 and fee = 10 % of it, each to within half a wei.
        const abs = (x: bigint): bigint => (x < 0n ? -x : x);
        expect(abs(r.bonusCollateral * 10_500n - r.collateralSeized * 500n)).toBeLessThanOrEqual(5_250n);
        expect(abs(r.protocolFee * 10n - r.bonusCollateral)).toBeLessThanOrEqual(5n);
      }),
      { seed: 52, numRuns: 200 },
    );
  });

  it('refuses healthy positions and nonsense parameters', () => {
    const p = position(10n * 10n ** 18n, 17_000n * 10n ** 6n);
    expect(() => calculateLiquidation({ ...p, healthFactorWad: 10n ** 18n })).toThrow(InvalidInputError);
    expect(() => calculateLiquidation({ ...p, liquidationBonusBps: 9_000n })).toThrow(InvalidInputError);
    expect(() => calculateLiquidation({ ...p, debtBalance: 0n })).toThrow(InvalidInputError);
    expect(() => calculateLiquidation({ ...p, collateralPriceBase: 0n })).toThrow(InvalidInputError);
    expect(() => calculateLiquidation({ ...p, collateralDecimals: 1.5 })).toThrow(InvalidInputError);
  });
});
