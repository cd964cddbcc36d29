// Liquidation through the market: a price drop makes a user liquidatable, the close factor
// (50 % in (0.95, 1), 100 % at or below 0.95; v3.3's small-position rule), the bonus, the
// protocol fee to the treasury, the improved health factor, and the worked example of
// quant.json lending.aave.liquidation_examples reproduced end to end.
import { describe, expect, it } from 'vitest';
import { percentMul } from '../../../src/lending/percentage-math.js';
import { UINT256_MAX } from '../../../src/lending/uint256.js';
import { WAD } from '../../../src/lending/wad-ray-math.js';
import { LendingError, LendingMarket, MAX_AMOUNT, type LendingErrorCode, type LiquidationVersion, type ReserveConfig } from '../../../src/market/lending/index.js';
import { loadQuantVectors } from '../../vectors/load.js';

const liq = loadQuantVectors().lending.aave.liquidation_examples;
const T0 = 1_700_000_000;
const ETH = 10n ** 18n;
const USD = 10n ** 6n;
const price8 = (usd: number): bigint => BigInt(usd) * 10n ** 8n;

/** The vector's parameters: WETH LT 82.5 %, LB 105 %, protocol fee 10 %; USDC at $1. */
function newMarket(version: LiquidationVersion): LendingMarket {
  const weth: ReserveConfig = {
    symbol: 'WETH',
    decimals: 18,
    ltvBps: 8000,
    liquidationThresholdBps: Number(liq.params.liquidationThreshold),
    liquidationBonusBps: Number(liq.params.liquidationBonus),
    reserveFactorBps: 1500,
    liquidationProtocolFeeBps: Number(liq.params.liquidationProtocolFee),
    rateStrategy: { optimalUsageRatioBps: 9000, baseVariableBorrowRateBps: 0, variableRateSlope1Bps: 270, variableRateSlope2Bps: 8000 },
  };
  const usdc: ReserveConfig = {
    symbol: 'USDC',
    decimals: 6,
    ltvBps: 7500,
    liquidationThresholdBps: 7800,
    liquidationBonusBps: 10450,
    reserveFactorBps: 1000,
    liquidationProtocolFeeBps: 1000,
    rateStrategy: { optimalUsageRatioBps: 9200, baseVariableBorrowRateBps: 0, variableRateSlope1Bps: 550, variableRateSlope2Bps: 6000 },
  };
  const market = new LendingMarket({
    startSeconds: T0,
    reserves: [weth, usdc],
    pricesBase8: { WETH: price8(2500), USDC: price8(1) },
    liquidationVersion: version,
  });
  market.supply('lender', 'USDC', 1_000_000n * USD, T0);
  return market;
}

/** A user with `collateral` WETH who borrowed `debt` USDC at $2,500, then WETH fell to `priceUsd`. */
function position(version: LiquidationVersion, collateral: bigint, debt: bigint, priceUsd = 2000): LendingMarket {
  const market = newMarket(version);
  market.supply('user', 'WETH', collateral, T0);
  market.borrow('user', 'USDC', debt, T0);
  market.setPrice('WETH', price8(priceUsd));
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

describe('liquidation_examples end to end through the market (10 WETH at $2,000, LT 82.5 %, LB 105 %, fee 10 %)', () => {
  for (const version of ['v3.0', 'v3.3'] as const) {
    for (const ex of liq.examples) {
      it(`${ex.name} (${version})`, () => {
        const collateral = BigInt(ex.collateral);
        const debt = BigInt(ex.debt);
        const market = position(version, collateral, debt);
        expect(market.getUserAccountData('user', T0).healthFactor).toBe(BigInt(ex.HF_before));
        expect(market.getLiquidatableUsers(T0).map((u) => u.user)).toEqual(['user']);

        const receipt = market.liquidationCall('liquidator', 'WETH', 'USDC', 'user', MAX_AMOUNT, false, T0);
        expect(receipt.closeFactorBps).toBe(BigInt(ex.closeFactor_bps));
        expect(receipt.debtRepaid).toBe(BigInt(ex.debtToCover));
        expect(receipt.collateralSeized).toBe(BigInt(ex.collateralSeized));
        expect(receipt.bonusCollateral).toBe(BigInt(ex.bonusCollateral));
        expect(receipt.protocolFee).toBe(BigInt(ex.protocolFee));
        expect(receipt.protocolFeePaid).toBe(BigInt(ex.protocolFee));
        expect(receipt.collateralToLiquidator).toBe(BigInt(ex.collateralToLiquidator));

        expect(market.balanceOf('user', 'WETH', T0)).toBe(collateral - BigInt(ex.collateralSeized));
        expect(market.debtOf('user', 'USDC', T0)).toBe(debt - BigInt(ex.debtToCover));
        const weth = market.getReserveData('WETH', T0);
        expect(weth.treasuryBalance).toBe(BigInt(ex.protocolFee));
        expect(weth.availableLiquidity).toBe(collateral - BigInt(ex.collateralToLiquidator));
        expect(market.getReserveData('USDC', T0).availableLiquidity).toBe(1_000_000n * USD - debt + BigInt(ex.debtToCover));
        expect(market.getUserAccountData('user', T0).healthFactor).toBe(BigInt(ex.HF_after));
        expect(market.getLiquidatableUsers(T0)).toEqual([]);
      });
    }
  }
});

describe('liquidation rules', () => {
  it('a price drop makes a healthy user liquidatable', () => {
    const market = position('v3.3', 10n * ETH, 15_000n * USD, 2500);
    expect(market.getUserAccountData('user', T0).healthFactor).toBeGreaterThan(WAD);
    expectRefusal(() => market.liquidationCall('liq', 'WETH', 'USDC', 'user', MAX_AMOUNT, false, T0), 'HEALTH_FACTOR_NOT_BELOW_THRESHOLD');
    expect(market.getLiquidatableUsers(T0)).toEqual([]);
    market.setPrice('WETH', price8(1800));
    const [found] = market.getLiquidatableUsers(T0);
    expect(found?.user).toBe('user');
    expect(found!.healthFactor).toBeLessThan(WAD);
  });

  it('interest alone eventually makes a position liquidatable', () => {
    const market = position('v3.3', 10n * ETH, 16_000n * USD, 2000);
    // HF 16,500 / 16,000 at first; at 80 % utilization the debt compounds at ~4.8 % a year.
    market.withdraw('lender', 'USDC', 980_000n * USD, T0);
    expect(market.getLiquidatableUsers(T0)).toEqual([]);
    expect(market.getLiquidatableUsers(T0 + 180 * 86_400)).toEqual([]);
    expect(market.getLiquidatableUsers(T0 + 365 * 86_400).map((u) => u.user)).toEqual(['user']);
  });

  for (const version of ['v3.0', 'v3.3'] as const) {
    it(`${version}: HF in (0.95, 1) closes at most 50 %, HF <= 0.95 up to 100 %`, () => {
      const half = position(version, 10n * ETH, 17_000n * USD);
      const hfHalf = half.getUserAccountData('user', T0).healthFactor;
      expect(hfHalf > 95n * 10n ** 16n && hfHalf < WAD).toBe(true);
      const r1 = half.liquidationCall('liq', 'WETH', 'USDC', 'user', MAX_AMOUNT, false, T0);
      expect(r1.closeFactorBps).toBe(5000n);
      expect(r1.debtRepaid).toBe(8_500n * USD);

      const full = position(version, 10n * ETH, 17_500n * USD);
      expect(full.getUserAccountData('user', T0).healthFactor <= 95n * 10n ** 16n).toBe(true);
      const r2 = full.liquidationCall('liq', 'WETH', 'USDC', 'user', MAX_AMOUNT, false, T0);
      expect(r2.closeFactorBps).toBe(10_000n);
      expect(r2.debtRepaid).toBe(17_500n * USD);
      expect(full.debtOf('user', 'USDC', T0)).toBe(0n);
    });
  }

  it('v3.3 lifts the 50 % cap below $2,000 of debt; v3.0 does not', () => {
    for (const [version, expected] of [
      ['v3.3', 1_190n * USD],
      ['v3.0', 595n * USD],
    ] as const) {
      // 0.7 WETH, $1,190 of debt: HF = 1400·0.825/1190 ≈ 0.97.
      const market = position(version, 7n * 10n ** 17n, 1_190n * USD);
      const receipt = market.liquidationCall('liq', 'WETH', 'USDC', 'user', MAX_AMOUNT, false, T0);
      expect(receipt.debtRepaid).toBe(expected);
    }
  });

  it('v3.3 refuses a partial liquidation that leaves dust: MUST_NOT_LEAVE_DUST', () => {
    const market = position('v3.3', 10n * ETH, 17_500n * USD);
    expectRefusal(() => market.liquidationCall('liq', 'WETH', 'USDC', 'user', 17_000n * USD, false, T0), 'MUST_NOT_LEAVE_DUST');
    expect(market.debtOf('user', 'USDC', T0)).toBe(17_500n * USD);
  });

  it('the liquidator gets the repaid value times the bonus (less the fee); the HF improves', () => {
    const market = position('v3.0', 10n * ETH, 16_900n * USD, 2000);
    const before = market.getUserAccountData('user', T0).healthFactor;
    const receipt = market.liquidationCall('liq', 'WETH', 'USDC', 'user', 3_000n * USD, false, T0);
    expect(receipt.debtRepaid).toBe(3_000n * USD);
    // $3,000 at $2,000/WETH = 1.5 WETH, ×1.05.
    expect(receipt.collateralSeized).toBe(percentMul(15n * 10n ** 17n, 10_500n));
    expect(receipt.collateralToLiquidator + receipt.protocolFee).toBe(receipt.collateralSeized);
    expect(receipt.protocolFee).toBe(percentMul(receipt.collateralSeized - 15n * 10n ** 17n, 1000n));
    expect(market.getReserveData('WETH', T0).treasuryBalance).toBe(receipt.protocolFee);
    expect(market.getUserAccountData('user', T0).healthFactor).toBeGreaterThan(before);
  });

  it('receiveAToken moves aTokens to the liquidator (enabled as collateral) and leaves the cash', () => {
    const market = position('v3.3', 10n * ETH, 17_000n * USD);
    const receipt = market.liquidationCall('liq', 'WETH', 'USDC', 'user', MAX_AMOUNT, true, T0);
    expect(receipt.receivedAToken).toBe(true);
    expect(market.balanceOf('liq', 'WETH', T0)).toBe(receipt.collateralToLiquidator);
    expect(market.getUserReserve('liq', 'WETH').usingAsCollateral).toBe(true);
    const weth = market.getReserveData('WETH', T0);
    expect(weth.availableLiquidity).toBe(10n * ETH);
    expect(weth.totalSupply).toBe(10n * ETH);
    expect(weth.treasuryBalance).toBe(receipt.protocolFee);
  });

  it('when the collateral runs out the liquidator takes all of it and repays less', () => {
    const market = position('v3.3', 10n * ETH, 17_500n * USD, 1500);
    const receipt = market.liquidationCall('liq', 'WETH', 'USDC', 'user', MAX_AMOUNT, false, T0);
    expect(receipt.collateralSeized).toBe(10n * ETH);
    expect(market.balanceOf('user', 'WETH', T0)).toBe(0n);
    expect(market.getUserReserve('user', 'WETH').usingAsCollateral).toBe(false);
    expect(market.debtOf('user', 'USDC', T0)).toBe(17_500n * USD - receipt.debtRepaid);
    // Bad debt remains with no collateral: HF 0, still listed.
    expect(market.getUserAccountData('user', T0).healthFactor).toBe(0n);
  });

  it('refuses a collateral the user has not enabled and a debt the user does not have', () => {
    const market = position('v3.3', 10n * ETH, 17_000n * USD);
    expectRefusal(() => market.liquidationCall('liq', 'USDC', 'USDC', 'user', MAX_AMOUNT, false, T0), 'COLLATERAL_CANNOT_BE_LIQUIDATED');
    expectRefusal(() => market.liquidationCall('liq', 'WETH', 'WETH', 'user', MAX_AMOUNT, false, T0), 'SPECIFIED_CURRENCY_NOT_BORROWED_BY_USER');
  });

  it('liquidatable users are listed worst first', () => {
    const market = newMarket('v3.3');
    market.supply('a', 'WETH', 10n * ETH, T0);
    market.borrow('a', 'USDC', 17_000n * USD, T0);
    market.supply('b', 'WETH', 10n * ETH, T0);
    market.borrow('b', 'USDC', 17_500n * USD, T0);
    market.supply('c', 'WETH', 10n * ETH, T0);
    market.setPrice('WETH', price8(2000));
    expect(market.getLiquidatableUsers(T0).map((u) => u.user)).toEqual(['b', 'a']);
    expect(market.getUserAccountData('c', T0).healthFactor).toBe(UINT256_MAX);
  });
});
