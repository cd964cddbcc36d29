// The simulated Aave v3 pool: round trips, per-second interest against the exact index math,
// account data against healthFactorWad, refusals with Aave's error names, time, caps, views,
// clones and what-ifs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import { healthFactorWad, toBaseCurrency } from '../../../src/lending/aave-liquidation.js';
import { calculateCompoundedInterest, calculateLinearInterest, SECONDS_PER_YEAR } from '../../../src/lending/aave-math-utils.js';
import { calculateInterestRatesV2 } from '../../../src/lending/aave-rate-strategy.js';
import { percentMul } from '../../../src/lending/percentage-math.js';
import { UINT256_MAX } from '../../../src/lending/uint256.js';
import { RAY, rayDiv, rayMul, WAD } from '../../../src/lending/wad-ray-math.js';
import { LendingError, LendingMarket, MAX_AMOUNT, type LendingErrorCode, type ReserveConfig } from '../../../src/market/lending/index.js';

const T0 = 1_700_000_000;
const YEAR = Number(SECONDS_PER_YEAR);
const ETH = 10n ** 18n;
const USD = 10n ** 6n;
const WETH_PRICE = 2000n * 10n ** 8n;
const USDC_PRICE = 10n ** 8n;

const WETH: ReserveConfig = {
  symbol: 'WETH',
  decimals: 18,
  ltvBps: 8000,
  liquidationThresholdBps: 8250,
  liquidationBonusBps: 10500,
  reserveFactorBps: 1500,
  liquidationProtocolFeeBps: 1000,
  rateStrategy: { optimalUsageRatioBps: 9000, baseVariableBorrowRateBps: 0, variableRateSlope1Bps: 270, variableRateSlope2Bps: 8000 },
};
const USDC: ReserveConfig = {
  symbol: 'USDC',
  decimals: 6,
  ltvBps: 7500,
  liquidationThresholdBps: 7800,
  liquidationBonusBps: 10450,
  reserveFactorBps: 1000,
  liquidationProtocolFeeBps: 1000,
  rateStrategy: { optimalUsageRatioBps: 9200, baseVariableBorrowRateBps: 0, variableRateSlope1Bps: 550, variableRateSlope2Bps: 6000 },
};

function newMarket(overrides: { weth?: Partial<ReserveConfig>; usdc?: Partial<ReserveConfig> } = {}): LendingMarket {
  return new LendingMarket({
    startSeconds: T0,
    reserves: [{ ...WETH, ...overrides.weth }, { ...USDC, ...overrides.usdc }],
    pricesBase8: { WETH: WETH_PRICE, USDC: USDC_PRICE },
  });
}

/** A market with a $1M USDC lender and a borrower holding WETH collateral (10 WETH = $20,000 by default). */
function fundedMarket(collateralWei = 10n * ETH): LendingMarket {
  const market = newMarket();
  market.supply('lender', 'USDC', 1_000_000n * USD, T0);
  market.supply('borrower', 'WETH', collateralWei, T0);
  return market;
}

function expectRefusal(action: () => unknown, code: LendingErrorCode): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(LendingError);
    expect((error as LendingError).code).toBe(code);
    return;
  }
  expect.fail(`expected ${code}`);
}

describe('round trips', () => {
  it('supply then withdraw MAX at the same second returns the amount and empties the reserve', () => {
    const market = newMarket();
    expect(market.supply('alice', 'USDC', 1234_567_891n, T0)).toBe(1234_567_891n);
    expect(market.balanceOf('alice', 'USDC', T0)).toBe(1234_567_891n);
    expect(market.getUserReserve('alice', 'USDC').usingAsCollateral).toBe(true);
    expect(market.withdraw('alice', 'USDC', MAX_AMOUNT, T0)).toBe(1234_567_891n);
    expect(market.balanceOf('alice', 'USDC', T0)).toBe(0n);
    expect(market.getUserReserve('alice', 'USDC').usingAsCollateral).toBe(false);
    const data = market.getReserveData('USDC', T0);
    expect(data.totalSupply).toBe(0n);
    expect(data.availableLiquidity).toBe(0n);
  });

  it('borrow then repay MAX clears the debt and restores the cash', () => {
    const market = fundedMarket();
    expect(market.borrow('borrower', 'USDC', 5_000n * USD, T0)).toBe(5_000n * USD);
    expect(market.debtOf('borrower', 'USDC', T0)).toBe(5_000n * USD);
    expect(market.getReserveData('USDC', T0).availableLiquidity).toBe(995_000n * USD);
    const t = T0 + 30 * 86_400;
    const owed = market.debtOf('borrower', 'USDC', t);
    expect(owed).toBeGreaterThan(5_000n * USD);
    expect(market.repay('borrower', 'USDC', MAX_AMOUNT, t)).toBe(owed);
    expect(market.debtOf('borrower', 'USDC', t)).toBe(0n);
    expect(market.getUserReserve('borrower', 'USDC').scaledVariableDebt).toBe(0n);
    expect(market.getReserveData('USDC', t).availableLiquidity).toBe(1_000_000n * USD + owed - 5_000n * USD);
    expect(market.getUserAccountData('borrower', t).healthFactor).toBe(UINT256_MAX);
  });

  it('a partial repay returns what was paid; an over-repay is clipped to the debt', () => {
    const market = fundedMarket();
    market.borrow('borrower', 'USDC', 1_000n * USD, T0);
    expect(market.repay('borrower', 'USDC', 400n * USD, T0)).toBe(400n * USD);
    expect(market.debtOf('borrower', 'USDC', T0)).toBe(600n * USD);
    expect(market.repay('borrower', 'USDC', 10_000n * USD, T0)).toBe(600n * USD);
    expectRefusal(() => market.repay('borrower', 'USDC', 1n, T0), 'NO_DEBT_OF_SELECTED_TYPE');
  });

  it('the supplier withdraws principal plus interest after a year', () => {
    const market = fundedMarket(1000n * ETH);
    market.borrow('borrower', 'USDC', 500_000n * USD, T0);
    const t = T0 + YEAR;
    market.repay('borrower', 'USDC', MAX_AMOUNT, t);
    const balance = market.balanceOf('lender', 'USDC', t);
    expect(balance).toBeGreaterThan(1_000_000n * USD);
    expect(market.withdraw('lender', 'USDC', MAX_AMOUNT, t)).toBe(balance);
  });

  it('refuses zero amounts and over-withdrawals with Aave codes', () => {
    const market = fundedMarket();
    expectRefusal(() => market.supply('x', 'USDC', 0n, T0), 'INVALID_AMOUNT');
    expectRefusal(() => market.borrow('borrower', 'USDC', 0n, T0), 'INVALID_AMOUNT');
    expectRefusal(() => market.withdraw('lender', 'USDC', 1_000_000n * USD + 1n, T0), 'NOT_ENOUGH_AVAILABLE_USER_BALANCE');
    expectRefusal(() => market.withdraw('nobody', 'USDC', MAX_AMOUNT, T0), 'INVALID_AMOUNT');
    expect(() => market.supply('x', 'USDC', -1n, T0)).toThrow(InvalidInputError);
    expect(() => market.supply('x', 'DAI', 1n, T0)).toThrow(InvalidInputError);
  });
});

describe('interest per second', () => {
  it("a borrower's debt after one year is the amount times the compounded index growth, exactly", () => {
    const market = fundedMarket(1000n * ETH);
    market.borrow('borrower', 'USDC', 500_000n * USD, T0);
    const rate = market.getReserveData('USDC', T0).variableBorrowRateRay;
    expect(rate).toBeGreaterThan(0n);
    const t1 = T0 + YEAR;
    const growth = calculateCompoundedInterest(rate, BigInt(T0), BigInt(t1));
    expect(market.debtOf('borrower', 'USDC', t1)).toBe(rayMul(500_000n * USD, growth));
    expect(market.getReserveData('USDC', t1).variableBorrowIndexRay).toBe(rayMul(growth, RAY));
  });

  it('with an index already above 1 ray the debt is scaled.rayMul(index), scaled = amount.rayDiv(index)', () => {
    const market = fundedMarket(1000n * ETH);
    market.borrow('borrower', 'USDC', 100_000n * USD, T0);
    const t1 = T0 + 97 * 86_400 + 13;
    market.borrow('borrower', 'USDC', 123_456_789n, t1);
    const reserve = market.getReserveData('USDC', t1);
    const scaledSecond = rayDiv(123_456_789n, reserve.variableBorrowIndexRay);
    const scaledFirst = rayDiv(100_000n * USD, RAY);
    expect(market.getUserReserve('borrower', 'USDC').scaledVariableDebt).toBe(scaledFirst + scaledSecond);
    const t2 = t1 + YEAR;
    const index2 = rayMul(calculateCompoundedInterest(reserve.variableBorrowRateRay, BigInt(t1), BigInt(t2)), reserve.variableBorrowIndexRay);
    expect(market.debtOf('borrower', 'USDC', t2)).toBe(rayMul(scaledFirst + scaledSecond, index2));
  });

  it('the supply side accrues linearly at the liquidity rate between updates', () => {
    const market = fundedMarket(1000n * ETH);
    market.borrow('borrower', 'USDC', 500_000n * USD, T0);
    const { liquidityRateRay } = market.getReserveData('USDC', T0);
    const t1 = T0 + 1234567;
    const index = rayMul(calculateLinearInterest(liquidityRateRay, BigInt(T0), BigInt(t1)), RAY);
    expect(market.balanceOf('lender', 'USDC', t1)).toBe(rayMul(1_000_000n * USD, index));
  });

  it('rates are the V2 strategy on the post-action liquidity and debt', () => {
    const market = fundedMarket(1000n * ETH);
    market.borrow('borrower', 'USDC', 500_000n * USD, T0);
    const expected = calculateInterestRatesV2(USDC.rateStrategy!, {
      availableLiquidity: 500_000n * USD,
      totalVariableDebt: 500_000n * USD,
      unbacked: 0n,
      reserveFactorBps: 1000n,
    });
    const data = market.getReserveData('USDC', T0);
    expect(data.variableBorrowRateRay).toBe(expected.variableBorrowRateRay);
    expect(data.liquidityRateRay).toBe(expected.liquidityRateRay);
    expect(data.utilizationRay).toBe(RAY / 2n);
  });

  it('the reserve factor of the debt interest accrues to the treasury', () => {
    const market = fundedMarket(1000n * ETH);
    market.borrow('borrower', 'USDC', 500_000n * USD, T0);
    const t1 = T0 + YEAR;
    const debtInterest = market.debtOf('borrower', 'USDC', t1) - 500_000n * USD;
    market.repay('borrower', 'USDC', MAX_AMOUNT, t1);
    const data = market.getReserveData('USDC', t1);
    const minted = percentMul(debtInterest, 1000n);
    expect(data.treasuryBalance - minted).toBeGreaterThanOrEqual(-1n);
    expect(data.treasuryBalance - minted).toBeLessThanOrEqual(1n);
    // Suppliers and the treasury together never hold more than the reserve has.
    expect(data.totalSupply).toBeLessThanOrEqual(data.availableLiquidity + data.totalDebt);
  });

  it('indexes never move backwards and views do not write', () => {
    const market = fundedMarket(1000n * ETH);
    market.borrow('borrower', 'USDC', 300_000n * USD, T0);
    const before = market.getReserveData('USDC', T0 + 100);
    market.getReserveData('USDC', T0 + 10 * YEAR);
    expect(market.getReserveData('USDC', T0 + 100)).toEqual(before);
    expect(market.getReserveData('USDC', T0 + 200).liquidityIndexRay).toBeGreaterThanOrEqual(before.liquidityIndexRay);
  });
});

describe('account data and health factor', () => {
  it('matches healthFactorWad on the base-currency values', () => {
    const market = fundedMarket();
    market.supply('borrower', 'USDC', 2_345n * USD, T0);
    market.borrow('borrower', 'USDC', 9_000n * USD, T0);
    const t = T0 + 45 * 86_400;
    const weth = toBaseCurrency(market.balanceOf('borrower', 'WETH', t), WETH_PRICE, 18);
    const usdc = toBaseCurrency(market.balanceOf('borrower', 'USDC', t), USDC_PRICE, 6);
    const debt = toBaseCurrency(market.debtOf('borrower', 'USDC', t), USDC_PRICE, 6);
    const data = market.getUserAccountData('borrower', t);
    expect(data.totalCollateralBase).toBe(weth + usdc);
    expect(data.totalDebtBase).toBe(debt);
    expect(data.healthFactor).toBe(
      healthFactorWad(
        [
          { valueBase: weth, liquidationThresholdBps: 8250n },
          { valueBase: usdc, liquidationThresholdBps: 7800n },
        ],
        debt,
      ),
    );
    expect(data.ltv).toBe((weth * 8000n + usdc * 7500n) / (weth + usdc));
    expect(data.currentLiquidationThreshold).toBe((weth * 8250n + usdc * 7800n) / (weth + usdc));
    expect(data.availableBorrowsBase).toBe(percentMul(weth + usdc, data.ltv) - debt);
  });

  it('property: any supply/borrow mix gives healthFactorWad of its own values', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 10n ** 15n, max: 1000n * ETH }),
        fc.bigInt({ min: 1n, max: 10_000_000n * USD }),
        fc.integer({ min: 0, max: 100 }),
        fc.bigInt({ min: 100n * 10n ** 8n, max: 10_000n * 10n ** 8n }),
        fc.integer({ min: 0, max: 10 * YEAR }),
        (wethAmount, usdcAmount, borrowPercent, newPrice, dt) => {
          const market = newMarket();
          market.supply('lender', 'USDC', 100_000_000n * USD, T0);
          market.supply('u', 'WETH', wethAmount, T0);
          market.supply('u', 'USDC', usdcAmount, T0);
          const available = market.getUserAccountData('u', T0).availableBorrowsBase;
          const borrowUsd = (available * BigInt(borrowPercent)) / 100n / 100n; // base 8 → 6 decimals
          if (borrowUsd > 0n) market.borrow('u', 'USDC', borrowUsd, T0);
          market.setPrice('WETH', newPrice);
          const t = T0 + dt;
          const weth = toBaseCurrency(market.balanceOf('u', 'WETH', t), newPrice, 18);
          const usdc = toBaseCurrency(market.balanceOf('u', 'USDC', t), USDC_PRICE, 6);
          const debt = toBaseCurrency(market.debtOf('u', 'USDC', t), USDC_PRICE, 6);
          const expected = healthFactorWad(
            [
              { valueBase: weth, liquidationThresholdBps: 8250n },
              { valueBase: usdc, liquidationThresholdBps: 7800n },
            ],
            debt,
          );
          expect(market.getUserAccountData('u', t).healthFactor).toBe(expected);
        },
      ),
      { seed: 61, numRuns: 150 },
    );
  });
});

describe('borrow and withdraw limits', () => {
  it('borrow beyond LTV is refused: COLLATERAL_CANNOT_COVER_NEW_BORROW', () => {
    const market = fundedMarket();
    // 10 WETH × $2,000 × 80 % = $16,000 of borrowing power.
    expectRefusal(() => market.borrow('borrower', 'USDC', 16_000n * USD + 1n, T0), 'COLLATERAL_CANNOT_COVER_NEW_BORROW');
    expect(market.borrow('borrower', 'USDC', 16_000n * USD, T0)).toBe(16_000n * USD);
    expect(market.getUserAccountData('borrower', T0).availableBorrowsBase).toBe(0n);
    expectRefusal(() => market.borrow('borrower', 'USDC', 1n, T0), 'COLLATERAL_CANNOT_COVER_NEW_BORROW');
  });

  it('borrow without collateral is refused: COLLATERAL_BALANCE_IS_ZERO', () => {
    const market = fundedMarket();
    expectRefusal(() => market.borrow('stranger', 'USDC', 1n, T0), 'COLLATERAL_BALANCE_IS_ZERO');
  });

  it('borrow with HF < 1 is refused: HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD', () => {
    const market = fundedMarket();
    market.borrow('borrower', 'USDC', 16_000n * USD, T0);
    market.setPrice('WETH', 1900n * 10n ** 8n);
    expectRefusal(() => market.borrow('borrower', 'USDC', 1n, T0), 'HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD');
  });

  it('borrow beyond the available liquidity is refused', () => {
    const market = newMarket();
    market.supply('lender', 'USDC', 1_000n * USD, T0);
    market.supply('borrower', 'WETH', 10n * ETH, T0);
    expectRefusal(() => market.borrow('borrower', 'USDC', 1_000n * USD + 1n, T0), 'CURRENT_AVAILABLE_LIQUIDITY_NOT_ENOUGH');
    expect(market.borrow('borrower', 'USDC', 1_000n * USD, T0)).toBe(1_000n * USD);
    expectRefusal(() => market.withdraw('lender', 'USDC', 1n, T0), 'CURRENT_AVAILABLE_LIQUIDITY_NOT_ENOUGH');
  });

  it('supply and borrow caps (base units) are enforced', () => {
    const market = newMarket({ usdc: { supplyCap: 1_000n * USD, borrowCap: 100n * USD } });
    market.supply('lender', 'USDC', 1_000n * USD, T0);
    expectRefusal(() => market.supply('lender', 'USDC', 1n, T0), 'SUPPLY_CAP_EXCEEDED');
    market.supply('borrower', 'WETH', 10n * ETH, T0);
    market.borrow('borrower', 'USDC', 100n * USD, T0);
    expectRefusal(() => market.borrow('borrower', 'USDC', 1n, T0), 'BORROW_CAP_EXCEEDED');
  });

  it('a withdraw that would make HF < 1 is refused and changes nothing', () => {
    const market = fundedMarket();
    market.borrow('borrower', 'USDC', 12_000n * USD, T0);
    // HF = C·0.825/12000 ≥ 1 ⇔ C ≥ $14,545.45 ⇔ at least 7.2727… WETH must stay.
    const before = market.getUserAccountData('borrower', T0);
    const reserveBefore = market.getReserveData('WETH', T0);
    expectRefusal(() => market.withdraw('borrower', 'WETH', 3n * ETH, T0), 'HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD');
    expect(market.getUserAccountData('borrower', T0)).toEqual(before);
    expect(market.getReserveData('WETH', T0)).toEqual(reserveBefore);
    expect(market.withdraw('borrower', 'WETH', 2n * ETH, T0)).toBe(2n * ETH);
    expect(market.getUserAccountData('borrower', T0).healthFactor).toBeGreaterThanOrEqual(WAD);
    expectRefusal(() => market.withdraw('borrower', 'WETH', MAX_AMOUNT, T0), 'HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD');
  });

  it('turning collateral off is refused when it would leave HF < 1; with no debt it is free', () => {
    const market = fundedMarket();
    market.borrow('borrower', 'USDC', 1_000n * USD, T0);
    expectRefusal(() => market.setUserUseReserveAsCollateral('borrower', 'WETH', false, T0), 'HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD');
    market.setUserUseReserveAsCollateral('lender', 'USDC', false, T0);
    expect(market.getUserAccountData('lender', T0).totalCollateralBase).toBe(0n);
    market.setUserUseReserveAsCollateral('lender', 'USDC', true, T0);
    expect(market.getUserAccountData('lender', T0).totalCollateralBase).toBe(1_000_000n * 10n ** 8n);
    expectRefusal(() => market.setUserUseReserveAsCollateral('nobody', 'USDC', true, T0), 'UNDERLYING_BALANCE_ZERO');
  });

  it('a reserve with borrowing disabled is collateral only: BORROWING_NOT_ENABLED', () => {
    const market = newMarket({ weth: { borrowingEnabled: false } });
    market.supply('lender', 'WETH', 10n * ETH, T0);
    market.supply('u', 'USDC', 100_000n * USD, T0);
    expectRefusal(() => market.borrow('u', 'WETH', ETH, T0), 'BORROWING_NOT_ENABLED');
  });

  it('an LTV-0 asset is not auto-enabled as collateral and cannot be enabled', () => {
    const market = newMarket({ usdc: { ltvBps: 0 } });
    market.supply('u', 'USDC', 100n * USD, T0);
    expect(market.getUserReserve('u', 'USDC').usingAsCollateral).toBe(false);
    expectRefusal(() => market.setUserUseReserveAsCollateral('u', 'USDC', true, T0), 'USER_IN_ISOLATION_MODE_OR_LTV_ZERO');
  });
});

describe('time', () => {
  it('refuses going back, for verbs and views, and a refused verb does not move the clock', () => {
    const market = fundedMarket();
    market.borrow('borrower', 'USDC', 100n * USD, T0 + 100);
    expect(market.nowSeconds).toBe(T0 + 100);
    expect(() => market.supply('lender', 'USDC', 1n, T0 + 99)).toThrow(InvalidInputError);
    expect(() => market.getUserAccountData('lender', T0 + 99)).toThrow(InvalidInputError);
    expect(() => market.balanceOf('lender', 'USDC', T0)).toThrow(/time cannot go back/);
    expectRefusal(() => market.borrow('borrower', 'USDC', 10n ** 12n, T0 + 500), 'COLLATERAL_CANNOT_COVER_NEW_BORROW');
    expect(market.nowSeconds).toBe(T0 + 100);
    expect(market.supply('lender', 'USDC', 1n, T0 + 100)).toBe(1n);
    expect(() => market.supply('lender', 'USDC', 1n, 1.5 + T0)).toThrow(InvalidInputError);
  });

  it('the same inputs give the same market, byte for byte', () => {
    const run = (): string => {
      const market = fundedMarket();
      market.borrow('borrower', 'USDC', 7_777n * USD, T0 + 5);
      market.repay('borrower', 'USDC', 1_234n * USD, T0 + 86_400);
      market.withdraw('lender', 'USDC', 5_000n * USD, T0 + 2 * 86_400);
      return JSON.stringify(
        [market.getReserveData('USDC', T0 + YEAR), market.getUserAccountData('borrower', T0 + YEAR)],
        (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
      );
    };
    expect(run()).toBe(run());
  });
});

describe('configuration and oracle', () => {
  it('refuses inconsistent reserve configurations', () => {
    const make = (weth: Partial<ReserveConfig>): LendingMarket => newMarket({ weth });
    expect(() => make({ ltvBps: 9000, liquidationThresholdBps: 8000 })).toThrow(InvalidInputError);
    expect(() => make({ liquidationBonusBps: 500 })).toThrow(/10000 \+ bonus/);
    expect(() => make({ liquidationThresholdBps: 9800, ltvBps: 9000, liquidationBonusBps: 10500 })).toThrow(InvalidInputError);
    expect(() => make({ rateStrategy: undefined })).toThrow(/exactly one/);
    expect(() => new LendingMarket({ startSeconds: T0, reserves: [WETH, WETH] })).toThrow(/listed twice/);
  });

  it('a pinned price wins over the price source; without either the oracle refuses', () => {
    const prices = new Map<string, bigint>([['WETH', 3000n * 10n ** 8n]]);
    const market = new LendingMarket({ startSeconds: T0, reserves: [WETH, USDC], priceSource: (asset) => prices.get(asset) });
    expect(market.getAssetPrice('WETH')).toBe(3000n * 10n ** 8n);
    expect(() => market.getAssetPrice('USDC')).toThrow(InvalidInputError);
    market.setPrice('WETH', 1n);
    expect(market.getAssetPrice('WETH')).toBe(1n);
    market.clearPrice('WETH');
    prices.set('WETH', 2500n * 10n ** 8n);
    expect(market.getAssetPrice('WETH')).toBe(2500n * 10n ** 8n);
  });
});

describe('clone and what-ifs', () => {
  it('a clone is independent of the original', () => {
    const market = fundedMarket();
    market.borrow('borrower', 'USDC', 1_000n * USD, T0);
    const copy = market.clone();
    copy.borrow('borrower', 'USDC', 5_000n * USD, T0 + 10);
    copy.setPrice('WETH', 1n);
    expect(market.debtOf('borrower', 'USDC', T0 + 10)).toBeLessThan(2_000n * USD);
    expect(market.getAssetPrice('WETH')).toBe(WETH_PRICE);
    expect(market.nowSeconds).toBe(T0);
    expect(copy.nowSeconds).toBe(T0 + 10);
    market.repay('borrower', 'USDC', MAX_AMOUNT, T0 + 20);
    expect(copy.debtOf('borrower', 'USDC', T0 + 20)).toBeGreaterThan(6_000n * USD);
  });

  it('healthFactorAfter reports the HF of an action without doing it, even one the market would refuse', () => {
    const market = fundedMarket();
    market.borrow('borrower', 'USDC', 10_000n * USD, T0);
    expect(market.healthFactorAfter('borrower', { kind: 'borrow', asset: 'USDC', amount: 2_000n * USD }, T0)).toBeCloseTo(16_500 / 12_000, 12);
    expect(market.healthFactorAfter('borrower', { kind: 'withdraw', asset: 'WETH', amount: 5n * ETH }, T0)).toBeCloseTo(8_250 / 10_000, 12);
    expect(market.healthFactorAfter('borrower', { kind: 'repay', asset: 'USDC', amount: MAX_AMOUNT }, T0)).toBe(Infinity);
    expect(market.healthFactorAfter('borrower', { kind: 'setPrice', asset: 'WETH', priceBase8: 1000n * 10n ** 8n }, T0)).toBeCloseTo(8_250 / 10_000, 12);
    expect(market.debtOf('borrower', 'USDC', T0)).toBe(10_000n * USD);
    expect(market.getAssetPrice('WETH')).toBe(WETH_PRICE);
    expect(() => market.healthFactorAfter('borrower', { kind: 'withdraw', asset: 'WETH', amount: 11n * ETH }, T0)).toThrow(LendingError);
  });

  it('liquidationPrice is the price at which HF = 1', () => {
    const market = fundedMarket();
    market.borrow('borrower', 'USDC', 10_000n * USD, T0);
    const price = market.liquidationPrice('borrower', 'WETH', T0)!;
    expect(price).toBeCloseTo(10_000 / (10 * 0.825), 9);
    const priceBase8 = BigInt(Math.round(price * 1e8));
    market.setPrice('WETH', priceBase8 + 10n);
    expect(market.getUserAccountData('borrower', T0).healthFactor).toBeGreaterThanOrEqual(WAD);
    market.setPrice('WETH', priceBase8 - 10n);
    expect(market.getUserAccountData('borrower', T0).healthFactor).toBeLessThan(WAD);
    expect(market.liquidationPrice('lender', 'USDC', T0)).toBeNull();
  });
});
