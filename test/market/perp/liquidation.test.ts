import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../src/math/stats.js';
import { constantFunding, FundingHistory, PerpError, PerpMarket, type PerpMarketConfig } from '../../../src/market/perp/index.js';

const ETH = 10n ** 18n;
const USDC = 10n ** 6n;

/** Hourly settlements at 3600·k (k = 1…n) with the given rates. */
function hourlyHistory(rates: readonly number[]): FundingHistory {
  return new FundingHistory({ timestampSeconds: rates.map((_, i) => (i + 1) * 3600), fundingRate: rates }, 3600);
}

/** No funding (mark = index) and no fee unless overridden. */
function market(overrides: Partial<PerpMarketConfig> = {}): PerpMarket {
  return new PerpMarket({ fundingSource: constantFunding(0), takerFeeBps: 0, ...overrides });
}

/**
 * Long 1 ETH from 2000 with 195 USDC, IM 9 %, MM 5 %, no fee: at index p, equity = 195 − (2000 − p)
 * and MM = 0.05·p, equal exactly at p = 1900 (95 = 95).
 */
function boundaryAccount(insuranceFundUnits = 0n) {
  const m = market({ initialMarginRatio: 0.09, maintenanceMarginRatio: 0.05, liquidationFeeRatio: 0.01, insuranceFundUnits });
  m.setIndexPrice(0, 2000);
  m.deposit('trader', 195n * USDC, 0);
  m.modifyPosition('trader', ETH, 0);
  return m;
}

describe('PerpMarket: liquidation', () => {
  it('triggers exactly when equity falls below the maintenance margin (strictly)', () => {
    const m = boundaryAccount();
    m.setIndexPrice(10, 1900);
    const at = m.account('trader');
    expect(at.equityUnits).toBe(95n * USDC);
    expect(at.maintenanceMarginUnits).toBe(95n * USDC);
    expect(m.isLiquidatable('trader')).toBe(false);
    expect(() => m.liquidate('trader', 'keeper', 10)).toThrow(PerpError);
    expect(at.liquidationPrice).toBeCloseTo(1900, 9);

    m.setIndexPrice(11, 1900.000001);
    expect(m.isLiquidatable('trader')).toBe(false);
    m.setIndexPrice(12, 1899.999999);
    expect(m.isLiquidatable('trader')).toBe(true);
    // The owner cannot trade out of it any more: the liquidator must act.
    expect(() => m.modifyPosition('trader', -ETH / 2n, 12)).toThrow(/LIQUIDATABLE/);
  });

  it('pays the liquidation fee to the liquidator and the rest to the insurance fund', () => {
    const m = boundaryAccount();
    m.setIndexPrice(10, 1890); // equity 85, MM 94.5
    const result = m.liquidate('trader', 'keeper', 10);
    expect(result.realizedPnlUnits).toBe(-110n * USDC);
    expect(result.liquidatorFeeUnits).toBe(18_900_000n); // 1 % of 1890
    expect(result.toInsuranceUnits).toBe(85n * USDC - 18_900_000n);
    expect(result.badDebtUnits).toBe(0n);
    expect(m.account('keeper').collateralUnits).toBe(18_900_000n);
    expect(m.account('trader').sizeWei).toBe(0n);
    expect(m.account('trader').collateralUnits).toBe(0n);
    expect(m.totals().insuranceFundUnits).toBe(66_100_000n);
    expect(m.ledgerImbalanceUnits()).toBe(0n);
  });

  it('accounts bad debt: the insurance fund covers what it can, the rest is tracked as uncovered', () => {
    const m = boundaryAccount(50n * USDC);
    m.setIndexPrice(10, 1700); // equity 195 − 300 = −105
    expect(m.account('trader').equityUnits).toBe(-105n * USDC);
    const result = m.liquidate('trader', 'keeper', 10);
    expect(result.badDebtUnits).toBe(105n * USDC);
    expect(result.badDebtCoveredByInsuranceUnits).toBe(50n * USDC);
    expect(result.liquidatorFeeUnits).toBe(0n);
    const totals = m.totals();
    expect(totals.insuranceFundUnits).toBe(0n);
    expect(totals.uncoveredBadDebtUnits).toBe(55n * USDC);
    expect(totals.totalBadDebtUnits).toBe(105n * USDC);
    expect(m.ledgerImbalanceUnits()).toBe(0n);
  });

  it('funding alone can push an account under maintenance and into bad debt', () => {
    const m = market({ fundingSource: hourlyHistory([0.2, 0.2]), initialMarginRatio: 0.1, maintenanceMarginRatio: 0.05 });
    m.setIndexPrice(0, 1000);
    m.deposit('long', 100n * USDC, 0);
    m.modifyPosition('long', ETH, 0, 1000);
    m.setIndexPrice(3600, 1000); // pays 200: collateral −100
    expect(m.account('long', 1000).collateralUnits).toBe(-100n * USDC);
    expect(m.isLiquidatable('long', 1000)).toBe(true);
  });

  it('isLiquidatable agrees with equity < maintenance margin at every step of random paths, and liquidate with it (property)', () => {
    let liquidations = 0;
    let badDebts = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.boolean(), fc.integer({ min: 2, max: 20 }), (seed, isLong, leverage) => {
        const random = createSeededRandom(seed);
        const m = market({ takerFeeBps: 3, initialMarginRatio: 0.05, maintenanceMarginRatio: 0.025, insuranceFundUnits: 1_000n * USDC });
        let price = 2000;
        m.setIndexPrice(0, price);
        const size = 5n * ETH;
        m.deposit('t', BigInt(Math.ceil((5 * 2000 * 1e6) / leverage)) + 10n * USDC, 0);
        m.modifyPosition('t', isLong ? size : -size, 0);
        for (let step = 1; step <= 200; step++) {
          // Diffusion with an occasional 10 % jump, so some paths gap straight into bad debt.
          const jump = random.uniform() < 0.02 ? (random.uniform() < 0.5 ? -0.1 : 0.1) : 0;
          price *= Math.exp(0.01 * random.normal() + jump);
          m.setIndexPrice(step * 12, price);
          const view = m.account('t');
          if (view.sizeWei === 0n) break;
          const below = view.equityUnits < view.maintenanceMarginUnits;
          expect(m.isLiquidatable('t')).toBe(below);
          if (below) {
            const result = m.liquidate('t', 'keeper', step * 12);
            liquidations += 1;
            if (result.badDebtUnits > 0n) badDebts += 1;
            const equity = view.equityUnits;
            expect(result.badDebtUnits).toBe(equity < 0n ? -equity : 0n);
            expect(result.liquidatorFeeUnits + result.toInsuranceUnits).toBe(equity > 0n ? equity : 0n);
          } else {
            expect(() => m.liquidate('t', 'keeper', step * 12)).toThrow(/NOT_LIQUIDATABLE/);
          }
          expect(m.ledgerImbalanceUnits()).toBe(0n);
        }
      }),
      { seed: 99, numRuns: 100 },
    );
    // The paths are meant to reach both outcomes.
    expect(liquidations).toBeGreaterThan(10);
    expect(badDebts).toBeGreaterThan(0);
  });
});
