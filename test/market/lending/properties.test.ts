// Properties of the market over random action sequences (seeded): no action creates value
// (the reserve's cash is exactly what came in minus what went out, and what suppliers and
// the treasury hold never exceeds cash plus debt), balances sum to the reserve totals, indexes
// never decrease, and a refused action changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LendingError, LendingMarket, MAX_AMOUNT, type ReserveConfig } from '../../../src/market/lending/index.js';

const T0 = 1_700_000_000;
const USERS = ['alice', 'bob', 'carol', 'liq'] as const;
const ASSETS = ['WETH', 'USDC'] as const;
type Asset = (typeof ASSETS)[number];
const UNIT: Record<Asset, bigint> = { WETH: 10n ** 18n, USDC: 10n ** 6n };
const SUPPLY_SIZE: Record<Asset, bigint> = { WETH: 100n * 10n ** 18n, USDC: 200_000n * 10n ** 6n };

const RESERVES: ReserveConfig[] = [
  {
    symbol: 'WETH',
    decimals: 18,
    ltvBps: 8000,
    liquidationThresholdBps: 8250,
    liquidationBonusBps: 10500,
    reserveFactorBps: 1500,
    liquidationProtocolFeeBps: 1000,
    rateStrategy: { optimalUsageRatioBps: 9000, baseVariableBorrowRateBps: 100, variableRateSlope1Bps: 270, variableRateSlope2Bps: 8000 },
  },
  {
    symbol: 'USDC',
    decimals: 6,
    ltvBps: 7500,
    liquidationThresholdBps: 7800,
    liquidationBonusBps: 10450,
    reserveFactorBps: 1000,
    liquidationProtocolFeeBps: 1000,
    rateStrategy: { optimalUsageRatioBps: 9200, baseVariableBorrowRateBps: 0, variableRateSlope1Bps: 550, variableRateSlope2Bps: 6000 },
  },
];

const action = fc.record({
  kind: fc.constantFrom('supply', 'withdraw', 'borrow', 'borrow', 'borrow', 'repay', 'liquidate', 'liquidate', 'liquidate', 'price', 'price', 'collateral'),
  user: fc.integer({ min: 0, max: USERS.length - 1 }),
  other: fc.integer({ min: 0, max: USERS.length - 1 }),
  asset: fc.integer({ min: 0, max: 1 }),
  otherAsset: fc.integer({ min: 0, max: 1 }),
  /** Fraction of a natural size, in bps; above 10000 asks for more than is there. */
  fractionBps: fc.oneof(fc.integer({ min: 0, max: 12_000 }), fc.integer({ min: 9_000, max: 10_000 })),
  max: fc.boolean(),
  flag: fc.boolean(),
  dtSeconds: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 * 86_400 })),
  /** The WETH price moves by this factor, in bps of the current price. */
  priceMoveBps: fc.integer({ min: 4_000, max: 16_000 }),
});

interface Flows {
  in: bigint;
  out: bigint;
  supplied: bigint;
  withdrawn: bigint;
  borrowed: bigint;
  repaid: bigint;
}

const stringify = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

function snapshot(market: LendingMarket, t: number): string {
  return stringify([
    ASSETS.map((a) => market.getReserveData(a, t)),
    USERS.map((u) => ASSETS.map((a) => market.getUserReserve(u, a))),
    market.nowSeconds,
  ]);
}

function fraction(amount: bigint, bps: number): bigint {
  return (amount * BigInt(bps)) / 10_000n;
}

describe('random action sequences', () => {
  it('conserve value, keep balances within the reserve totals, never lower an index, and refuse atomically', () => {
    const accepted = new Map<string, number>();
    fc.assert(
      fc.property(fc.array(action, { minLength: 20, maxLength: 60, size: 'max' }), (actions) => {
        const market = new LendingMarket({ startSeconds: T0, reserves: RESERVES, pricesBase8: { WETH: 2000n * 10n ** 8n, USDC: 10n ** 8n } });
        const flows: Record<Asset, Flows> = {
          WETH: { in: 0n, out: 0n, supplied: 0n, withdrawn: 0n, borrowed: 0n, repaid: 0n },
          USDC: { in: 0n, out: 0n, supplied: 0n, withdrawn: 0n, borrowed: 0n, repaid: 0n },
        };
        // Alice holds WETH, Bob USDC, Carol both; the liquidator starts empty.
        for (const [user, asset, amount] of [
          ['alice', 'WETH', 50n * UNIT.WETH],
          ['bob', 'USDC', 200_000n * UNIT.USDC],
          ['carol', 'WETH', 20n * UNIT.WETH],
          ['carol', 'USDC', 50_000n * UNIT.USDC],
        ] as const) {
          market.supply(user, asset, amount, T0);
          flows[asset].in += amount;
          flows[asset].supplied += amount;
        }
        const lastIndexes = new Map<Asset, [bigint, bigint]>();
        let t = T0;
        let steps = 0;
        for (const a of actions) {
          t += a.dtSeconds;
          steps++;
          const user = USERS[a.user]!;
          const asset = ASSETS[a.asset]!;
          const before = snapshot(market, t);
          try {
            switch (a.kind) {
              case 'supply': {
                const amount = fraction(SUPPLY_SIZE[asset], a.fractionBps);
                market.supply(user, asset, amount, t);
                flows[asset].in += amount;
                flows[asset].supplied += amount;
                break;
              }
              case 'withdraw': {
                const amount = a.max ? MAX_AMOUNT : fraction(market.balanceOf(user, asset, t), a.fractionBps);
                const got = market.withdraw(user, asset, amount, t);
                flows[asset].out += got;
                flows[asset].withdrawn += got;
                break;
              }
              case 'borrow': {
                // Mostly against the other asset, so price moves can make the position liquidatable.
                const debtAsset = a.flag ? asset : market.balanceOf(user, 'WETH', t) > 0n ? 'USDC' : 'WETH';
                const available = market.getUserAccountData(user, t).availableBorrowsBase;
                const amount = fraction((available * UNIT[debtAsset]) / market.getAssetPrice(debtAsset), a.fractionBps);
                const got = market.borrow(user, debtAsset, amount, t);
                flows[debtAsset].out += got;
                flows[debtAsset].borrowed += got;
                break;
              }
              case 'repay': {
                const debtAsset = a.flag || market.debtOf(user, asset, t) > 0n ? asset : ASSETS[1 - a.asset]!;
                const amount = a.max ? MAX_AMOUNT : fraction(market.debtOf(user, debtAsset, t), a.fractionBps);
                const paid = market.repay(user, debtAsset, amount, t);
                flows[debtAsset].in += paid;
                flows[debtAsset].repaid += paid;
                break;
              }
              case 'liquidate': {
                // Like the liquidator agent: the worst listed user when there is one.
                const victim = market.getLiquidatableUsers(t)[0]?.user ?? USERS[a.other]!;
                const debtAsset = market.debtOf(victim, asset, t) > 0n ? asset : ASSETS[1 - a.asset]!;
                const collateral = ASSETS[a.otherAsset]!;
                const cover = a.max ? MAX_AMOUNT : fraction(market.debtOf(victim, debtAsset, t), a.fractionBps);
                const receipt = market.liquidationCall(user, collateral, debtAsset, victim, cover, a.flag, t);
                flows[debtAsset].in += receipt.debtRepaid;
                flows[debtAsset].repaid += receipt.debtRepaid;
                if (!a.flag) {
                  flows[collateral].out += receipt.collateralToLiquidator;
                  flows[collateral].withdrawn += receipt.collateralToLiquidator;
                }
                break;
              }
              case 'price':
                market.setPrice('WETH', fraction(market.getAssetPrice('WETH'), a.priceMoveBps) + 1n);
                break;
              case 'collateral':
                market.setUserUseReserveAsCollateral(user, asset, a.flag, t);
                break;
            }
            accepted.set(a.kind, (accepted.get(a.kind) ?? 0) + 1);
          } catch (error) {
            if (!(error instanceof LendingError)) throw error;
            expect(snapshot(market, t)).toBe(before);
          }

          for (const reserveAsset of ASSETS) {
            const data = market.getReserveData(reserveAsset, t);
            const f = flows[reserveAsset];
            // The cash is exactly what came in minus what went out.
            expect(data.availableLiquidity).toBe(f.in - f.out);
            // Balances add up to the totals (one unit of rounding per holder).
            const holders = USERS.length + 1;
            const balances = USERS.reduce((sum, u) => sum + market.balanceOf(u, reserveAsset, t), data.treasuryBalance);
            expect(balances - data.totalSupply <= BigInt(holders) && data.totalSupply - balances <= BigInt(holders)).toBe(true);
            const debts = USERS.reduce((sum, u) => sum + market.debtOf(u, reserveAsset, t), 0n);
            expect(debts - data.totalDebt <= BigInt(USERS.length) && data.totalDebt - debts <= BigInt(USERS.length)).toBe(true);
            // No value created: suppliers' (and treasury's) gains never exceed the interest owed.
            const earned = data.totalSupply - (f.supplied - f.withdrawn);
            const owed = data.totalDebt - (f.borrowed - f.repaid);
            expect(earned <= owed + 2n * BigInt(steps)).toBe(true);
            // Indexes never decrease.
            const previous = lastIndexes.get(reserveAsset);
            if (previous !== undefined) {
              expect(data.liquidityIndexRay >= previous[0]).toBe(true);
              expect(data.variableBorrowIndexRay >= previous[1]).toBe(true);
            }
            lastIndexes.set(reserveAsset, [data.liquidityIndexRay, data.variableBorrowIndexRay]);
          }
        }
      }),
      { seed: 71, numRuns: 200 },
    );
    // The sequences do reach every verb, liquidations included.
    for (const kind of ['supply', 'withdraw', 'borrow', 'repay', 'liquidate', 'collateral']) expect(accepted.get(kind) ?? 0).toBeGreaterThan(20);
  });

  it('an accepted borrow or withdraw never leaves the borrower below HF 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ borrowBps: fc.integer({ min: 1, max: 12_000 }), withdrawBps: fc.integer({ min: 1, max: 10_000 }), dt: fc.integer({ min: 0, max: 86_400 }) }), {
          minLength: 1,
          maxLength: 15,
        }),
        (steps) => {
          const market = new LendingMarket({ startSeconds: T0, reserves: RESERVES, pricesBase8: { WETH: 2000n * 10n ** 8n, USDC: 10n ** 8n } });
          market.supply('lender', 'USDC', 10_000_000n * 10n ** 6n, T0);
          market.supply('u', 'WETH', 50n * 10n ** 18n, T0);
          let t = T0;
          for (const step of steps) {
            t += step.dt;
            const available = market.getUserAccountData('u', t).availableBorrowsBase;
            try {
              market.borrow('u', 'USDC', fraction(available / 100n, step.borrowBps) + 1n, t);
              expect(market.getUserAccountData('u', t).healthFactor >= 10n ** 18n).toBe(true);
            } catch (error) {
              expect(error).toBeInstanceOf(LendingError);
            }
            try {
              market.withdraw('u', 'WETH', fraction(market.balanceOf('u', 'WETH', t), step.withdrawBps) + 1n, t);
              expect(market.getUserAccountData('u', t).healthFactor >= 10n ** 18n).toBe(true);
            } catch (error) {
              expect(error).toBeInstanceOf(LendingError);
            }
          }
        },
      ),
      { seed: 72, numRuns: 150 },
    );
  });
});
