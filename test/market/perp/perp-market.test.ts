import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
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

function expectPerpError(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PerpError);
    expect((error as PerpError).code).toBe(code);
    return;
  }
  throw new Error(`expected PerpError ${code}`);
}

describe('PerpMarket: trading', () => {
  it('fills at the mark moved by the linear impact, charges the taker fee rounded up', () => {
    const m = market({ takerFeeBps: 5, priceImpactPerUnit: 0.0001 });
    m.setIndexPrice(0, 2000);
    m.deposit('a', 10_000n * USDC, 0);
    const fill = m.modifyPosition('a', 2n * ETH, 0);
    expect(fill.fillPrice).toBeCloseTo(2000 * (1 + 0.0002), 9);
    // notional 4000.8 USD → fee 0.05 % = 2.0004 USD, in base units rounded up.
    expect(fill.feeUnits).toBe(2_000_400n);
    const view = m.account('a');
    expect(view.sizeWei).toBe(2n * ETH);
    expect(view.entryPrice).toBeCloseTo(2000.4, 6);
    expect(view.collateralUnits).toBe(10_000n * USDC - 2_000_400n);
    const sell = m.modifyPosition('a', -ETH, 0);
    expect(sell.fillPrice).toBeCloseTo(2000 * (1 - 0.0001), 9);
  });

  it('round trip: PnL = price change × size − fees − funding, to at most 2 units against the trader (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 500, max: 5000 }),
        fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        fc.bigInt({ min: 10n ** 15n, max: 20n * ETH }),
        fc.boolean(),
        fc.array(fc.double({ min: -0.003, max: 0.003, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 10 }),
        (p0, move, size, isLong, rates, feeBps) => {
          const m = market({ fundingSource: hourlyHistory(rates), takerFeeBps: feeBps, priceImpactPerUnit: 0.00005, initialMarginRatio: 0.05, maintenanceMarginRatio: 0.03 });
          m.setIndexPrice(0, p0);
          const deposit = 10_000_000n * USDC;
          m.deposit('t', deposit, 0);
          const delta = isLong ? size : -size;
          const open = m.modifyPosition('t', delta, 0, p0);
          const p1 = p0 * (1 + move);
          m.setIndexPrice(rates.length * 3600, p1);
          const close = m.modifyPosition('t', -delta, rates.length * 3600, p1);
          const view = m.account('t', p1);
          expect(view.sizeWei).toBe(0n);
          const sizeUnits = Number(size) / 1e18;
          const side = isLong ? 1 : -1;
          const exactTradePnl = side * (close.fillPrice - open.fillPrice) * sizeUnits * 1e6;
          const tradePnl = view.collateralUnits - deposit + view.feesPaidUnits + view.fundingPaidUnits;
          expect(view.realizedPnlUnits).toBe(tradePnl);
          expect(Number(tradePnl)).toBeLessThanOrEqual(exactTradePnl + 1e-6 * Math.abs(exactTradePnl) + 1e-3);
          expect(Number(tradePnl)).toBeGreaterThanOrEqual(exactTradePnl - 2 - 1e-6 * Math.abs(exactTradePnl));
          expect(view.feesPaidUnits).toBe(open.feeUnits + close.feeUnits);
          expect(m.ledgerImbalanceUnits()).toBe(0n);
        },
      ),
      { seed: 2024, numRuns: 200 },
    );
  });

  it('refuses a fill that would leave equity below the initial margin, and changes nothing', () => {
    const m = market({ initialMarginRatio: 0.1 });
    m.setIndexPrice(0, 2000);
    m.deposit('a', 400n * USDC, 0);
    expectPerpError(() => m.modifyPosition('a', 2n * ETH + 1n, 0), 'INSUFFICIENT_MARGIN');
    expect(m.account('a').sizeWei).toBe(0n);
    m.modifyPosition('a', 2n * ETH, 0); // exactly 10 %: allowed
    expect(m.account('a').initialMarginUnits).toBe(400n * USDC);
  });

  it('refuses a withdrawal below the initial margin; allows one above it', () => {
    const m = market({ takerFeeBps: 5 });
    m.setIndexPrice(0, 2000);
    m.deposit('a', 1_000n * USDC, 0);
    m.modifyPosition('a', 2n * ETH, 0); // fee 2 USD, IM 400 USD
    expectPerpError(() => m.withdraw('a', 599n * USDC, 10), 'INSUFFICIENT_MARGIN');
    m.withdraw('a', 598n * USDC, 10);
    expect(m.account('a').equityUnits).toBe(400n * USDC);
    expectPerpError(() => m.withdraw('a', 1n, 10), 'INSUFFICIENT_MARGIN');
    m.closePosition('a', 20);
    m.withdraw('a', m.account('a').collateralUnits, 20);
    expect(m.account('a').collateralUnits).toBe(0n);
    expect(m.ledgerImbalanceUnits()).toBe(0n);
  });

  it('flips a position through zero: realizes the closed part, opens the rest at the fill price', () => {
    const m = market();
    m.setIndexPrice(0, 2000);
    m.deposit('a', 10_000n * USDC, 0);
    m.modifyPosition('a', 3n * ETH, 0);
    m.setIndexPrice(10, 2100);
    const fill = m.modifyPosition('a', -5n * ETH, 10);
    expect(fill.realizedPnlUnits).toBe(300n * USDC);
    const view = m.account('a');
    expect(view.sizeWei).toBe(-2n * ETH);
    expect(view.costBasisUnits).toBe(-4200n * USDC);
    expect(view.entryPrice).toBeCloseTo(2100, 9);
  });

  it('refuses bad input with InvalidInputError naming the field, and state errors with PerpError codes', () => {
    const m = market();
    expectPerpError(() => m.markPrice(), 'NO_INDEX_PRICE');
    m.setIndexPrice(100, 2000);
    expect(() => m.setIndexPrice(99, 2000)).toThrow(/nowSeconds/);
    expect(() => m.setIndexPrice(101, -1)).toThrow(InvalidInputError);
    expect(() => m.deposit('a', 0n, 101)).toThrow(/amountUnits/);
    expectPerpError(() => m.modifyPosition('nobody', ETH, 101), 'UNKNOWN_ACCOUNT');
    m.deposit('a', 100n * USDC, 101);
    expect(() => m.modifyPosition('a', 0n, 101)).toThrow(/sizeDeltaWei/);
    expectPerpError(() => m.withdraw('a', 101n * USDC, 101), 'INSUFFICIENT_COLLATERAL');
    expect(() => new PerpMarket({ fundingSource: hourlyHistory([0]), initialMarginRatio: 0.01, maintenanceMarginRatio: 0.05 })).toThrow(/initialMarginRatio/);
  });
});

describe('PerpMarket: funding', () => {
  it('longs pay shorts when the rate is positive, and the reverse', () => {
    const m = market({ fundingSource: hourlyHistory([0.001, -0.0005]) });
    m.setIndexPrice(0, 2000);
    m.deposit('long', 10_000n * USDC, 0);
    m.deposit('short', 10_000n * USDC, 0);
    m.modifyPosition('long', ETH, 0, 2000);
    m.modifyPosition('short', -ETH, 0, 2000);
    const [first] = m.setIndexPrice(3600, 2000);
    expect(first!.payments).toEqual([
      { account: 'long', paidUnits: 2n * USDC },
      { account: 'short', paidUnits: -2n * USDC },
    ]);
    const [second] = m.advanceTo(7200);
    expect(second!.payments.map((p) => p.paidUnits)).toEqual([-1n * USDC, 1n * USDC]);
    expect(m.account('long').fundingPaidUnits).toBe(1n * USDC);
  });

  it('transfers sum to zero across longs and shorts, to one unit per payment in favour of the venue (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -50n * ETH, max: 50n * ETH }).filter((x) => x !== 0n), { minLength: 1, maxLength: 6 }),
        fc.array(fc.double({ min: -0.01, max: 0.01, noNaN: true }), { minLength: 1, maxLength: 24 }),
        fc.array(fc.double({ min: 100, max: 10_000, noNaN: true }), { minLength: 24, maxLength: 24 }),
        (sizes, rates, prices) => {
          const m = market({ fundingSource: hourlyHistory(rates), initialMarginRatio: 0.01, maintenanceMarginRatio: 0.005 });
          m.setIndexPrice(0, 1000);
          const all = [...sizes, -sizes.reduce((a, b) => a + b, 0n)].filter((s) => s !== 0n);
          all.forEach((size, i) => {
            m.deposit(`acct${i}`, 100_000_000n * USDC, 0);
            m.modifyPosition(`acct${i}`, size, 0, 1000);
          });
          let payments = 0;
          for (let h = 1; h <= rates.length; h++) {
            for (const report of m.setIndexPrice(h * 3600, prices[h - 1]!)) {
              payments += report.payments.length;
              for (const p of report.payments) {
                const size = all[Number(p.account.slice(4))]!;
                const pays = size > 0n === report.ratePerInterval > 0;
                expect(pays ? p.paidUnits >= 0n : p.paidUnits <= 0n).toBe(true);
              }
            }
          }
          const t = m.totals();
          let sum = 0n;
          for (const id of m.accountIds()) sum += m.account(id, 1000).fundingPaidUnits;
          expect(sum).toBe(t.counterpartyFundingUnits);
          expect(sum >= 0n && sum <= BigInt(payments)).toBe(true);
          expect(m.ledgerImbalanceUnits()).toBe(0n);
        },
      ),
      { seed: 7, numRuns: 150 },
    );
  });
});
