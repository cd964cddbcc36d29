import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import {
  computeFeeAccrual,
  convertToAssets,
  SECONDS_PER_YEAR,
  Vault,
  WAD,
  type FeeConfig,
} from '../../src/vault/index.js';

const USDC = 10n ** 6n;
const YEAR = Number(SECONDS_PER_YEAR);
const TREASURY = 'treasury';
const fees = (managementFeeBps: number, performanceFeeBps: number): FeeConfig => ({
  managementFeeBps,
  performanceFeeBps,
  feeRecipient: TREASURY,
});

/** The header's spec, transcribed line by line, independent of fees.ts. */
function specAccrual(A: bigint, S: bigint, off: number, hwm: bigint, dt: bigint, mBps: bigint, pBps: bigint) {
  const V = 10n ** BigInt(off);
  const pps = (a: bigint, s: bigint) => ((a + 1n) * WAD * V) / (s + V);
  const p0 = pps(A, S);
  if (S === 0n) return { mgmt: 0n, perf: 0n, feeShares: 0n, hwm: p0 };
  let mgmt = (A * mBps * dt) / (10_000n * 31_536_000n);
  if (mgmt > A) mgmt = A;
  const profit = p0 > hwm ? ((p0 - hwm) * S) / (WAD * V) : 0n;
  let perf = (profit * pBps) / 10_000n;
  if (perf > A - mgmt) perf = A - mgmt;
  const feeAssets = mgmt + perf;
  const feeShares = feeAssets === 0n ? 0n : (feeAssets * (S + V)) / (A - feeAssets + 1n);
  const p1 = pps(A, S + feeShares);
  return { mgmt, perf, feeShares, hwm: p1 > hwm ? p1 : hwm };
}

describe('fee accrual formula', () => {
  it('equals the spec in the file header for any state', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 24n }),
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.integer({ min: 0, max: 12 }),
        fc.bigInt({ min: WAD / 2n, max: 10n ** 30n }),
        fc.integer({ min: 0, max: 10 * YEAR }),
        fc.integer({ min: 0, max: 1_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        (A, S, off, hwm, dt, m, p) => {
          const got = computeFeeAccrual(
            { totalAssets: A, totalSupply: S, decimalsOffset: off, highWaterMarkWad: hwm, lastAccrualSeconds: 1_000 },
            fees(m, p),
            1_000 + dt,
          );
          const want = specAccrual(A, S, off, hwm, BigInt(dt), BigInt(m), BigInt(p));
          expect(got.managementFeeAssets).toBe(want.mgmt);
          expect(got.performanceFeeAssets).toBe(want.perf);
          expect(got.feeShares).toBe(want.feeShares);
          expect(got.highWaterMarkWad).toBe(want.hwm);
          expect(got.highWaterMarkWad >= (S === 0n ? 0n : hwm)).toBe(true);
        },
      ),
      { seed: 21, numRuns: 1_000 },
    );
  });

  it('mints fee shares worth the fee assets, short by less than one share unit and one wei', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 20n }),
        fc.bigInt({ min: 1n, max: 10n ** 26n }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 3 * YEAR }),
        fc.integer({ min: 1, max: 1_000 }),
        (A, S, off, dt, m) => {
          const accrual = computeFeeAccrual(
            { totalAssets: A, totalSupply: S, decimalsOffset: off, highWaterMarkWad: 10n ** 40n, lastAccrualSeconds: 0 },
            fees(m, 0),
            dt,
          );
          const after = { totalAssets: A, totalSupply: S + accrual.feeShares, decimalsOffset: off };
          const worth = convertToAssets(accrual.feeShares, after, 'floor');
          const oneShareUnit = (A + 1n) / (after.totalSupply + 10n ** BigInt(off)) + 1n;
          expect(worth <= accrual.managementFeeAssets).toBe(true);
          expect(accrual.managementFeeAssets - worth <= oneShareUnit + 1n).toBe(true);
        },
      ),
      { seed: 22, numRuns: 500 },
    );
  });

  it('refuses a clock that runs backwards and bad configs', () => {
    const state = { totalAssets: 1n, totalSupply: 1n, decimalsOffset: 0, highWaterMarkWad: WAD, lastAccrualSeconds: 10 };
    expect(() => computeFeeAccrual(state, fees(0, 0), 9)).toThrow(InvalidInputError);
    expect(() => computeFeeAccrual(state, fees(0, 0), 10.5)).toThrow(InvalidInputError);
    expect(() => new Vault({ assetDecimals: 6, fees: fees(1_001, 0) })).toThrow(/managementFeeBps/);
    expect(() => new Vault({ assetDecimals: 6, fees: fees(0, 5_001) })).toThrow(/performanceFeeBps/);
    expect(() => new Vault({ assetDecimals: 6, fees: fees(1.5, 0) })).toThrow(InvalidInputError);
    expect(() => new Vault({ assetDecimals: 6, fees: { ...fees(0, 0), feeRecipient: '' } })).toThrow(/feeRecipient/);
  });
});

describe('management fee', () => {
  it('over one year is exactly rate × assets, minted as shares worth that much', () => {
    const vault = new Vault({ assetDecimals: 6, fees: fees(200, 0) });
    const assets = 1_000_000n * USDC;
    vault.deposit(assets, 'alice', 0);
    const supplyBefore = vault.totalSupply;
    const accrual = vault.accrueFees(YEAR);
    expect(accrual.managementFeeAssets).toBe((assets * 200n) / 10_000n); // 20 000 USDC
    expect(accrual.feeShares).toBe((accrual.managementFeeAssets * (supplyBefore + 10n ** 6n)) / (assets - accrual.managementFeeAssets + 1n));
    expect(vault.balanceOf(TREASURY)).toBe(accrual.feeShares);
    const treasuryWorth = vault.convertToAssets(vault.balanceOf(TREASURY));
    const aliceWorth = vault.convertToAssets(vault.balanceOf('alice'));
    expect(treasuryWorth).toBeLessThanOrEqual(20_000n * USDC);
    expect(20_000n * USDC - treasuryWorth).toBeLessThanOrEqual(1n);
    expect(aliceWorth).toBeGreaterThanOrEqual(980_000n * USDC - 1n);
    expect(aliceWorth + treasuryWorth).toBeLessThanOrEqual(assets);
    expect(vault.events().at(-1)).toEqual({
      type: 'FeesAccrued',
      timestampSeconds: YEAR,
      feeRecipient: TREASURY,
      managementFeeAssets: 20_000n * USDC,
      performanceFeeAssets: 0n,
      feeShares: accrual.feeShares,
      highWaterMarkWad: vault.highWaterMarkWad,
    });
  });

  it('accrues linearly per second', () => {
    const vault = new Vault({ assetDecimals: 6, fees: fees(1_000, 0) });
    vault.deposit(10n ** 15n, 'alice', 0);
    expect(vault.pendingFees(1).managementFeeAssets).toBe((10n ** 15n * 1_000n) / (10_000n * SECONDS_PER_YEAR));
    expect(vault.pendingFees(86_400).managementFeeAssets).toBe((10n ** 15n * 1_000n * 86_400n) / (10_000n * SECONDS_PER_YEAR));
  });

  it('charges no more when accrued more often than once (depositors keep Π(1 − r·dt) ≥ 1 − r)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 60 * 86_400 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 1_000 }),
        (steps, bps) => {
          const often = new Vault({ assetDecimals: 6, fees: fees(bps, 0) });
          often.deposit(123_456_789n * USDC, 'alice', 0);
          const once = often.clone();
          let t = 0;
          for (const step of steps) often.accrueFees((t += step));
          once.accrueFees(t);
          expect(often.convertToAssets(often.balanceOf('alice'))).toBeGreaterThanOrEqual(once.convertToAssets(once.balanceOf('alice')));
        },
      ),
      { seed: 23, numRuns: 200 },
    );
  });

  it('is not charged on an empty vault, and a config change never acts retroactively', () => {
    const vault = new Vault({ assetDecimals: 6, fees: fees(1_000, 0) });
    expect(vault.accrueFees(YEAR).feeShares).toBe(0n);
    vault.deposit(1_000n * USDC, 'alice', YEAR);
    vault.setFeeConfig(fees(0, 0), 2 * YEAR); // the year under 10 % is charged at the change
    const charged = vault.balanceOf(TREASURY);
    expect(vault.convertToAssets(charged)).toBeGreaterThanOrEqual(100n * USDC - 1n);
    vault.accrueFees(3 * YEAR);
    expect(vault.balanceOf(TREASURY)).toBe(charged);
  });

  it('is included in previews at nowSeconds, so a preview equals the verb', () => {
    const vault = new Vault({ assetDecimals: 6, fees: fees(500, 2_000) });
    vault.deposit(1_000n * USDC, 'alice', 0);
    const t = 100 * 86_400;
    const preview = vault.previewDeposit(1_000n * USDC, t);
    expect(preview).toBeGreaterThan(vault.previewDeposit(1_000n * USDC)); // pending fee shares lower the price
    expect(vault.deposit(1_000n * USDC, 'bob', t)).toBe(preview);
  });
});

describe('performance fee and high-water mark', () => {
  function vaultWithGain(): Vault {
    const vault = new Vault({ assetDecimals: 6, fees: fees(0, 2_000) });
    vault.deposit(1_000_000n * USDC, 'alice', 0);
    vault.allocate(1_000_000n * USDC, 0);
    return vault;
  }
  const feeEvents = (vault: Vault) => vault.events().filter((e) => e.type === 'FeesAccrued');

  it('takes its share of a gain above the HWM once, and sets the HWM from the post-fee price', () => {
    const vault = vaultWithGain();
    vault.reportStrategyAssets(1_100_000n * USDC, 10);
    const [event] = feeEvents(vault);
    expect(event?.type === 'FeesAccrued' && event.performanceFeeAssets).toBe(20_000n * USDC - 1n); // 20 % of 100k, floor of the WAD price
    expect(vault.highWaterMarkWad).toBe(vault.pricePerShareWad());
    // 1.08 (gain 10 %, fee 2 %), above by the floors that favour depositors (< 1e-6 relative).
    expect(vault.pricePerShareWad()).toBeGreaterThanOrEqual((108n * WAD) / 100n);
    expect(vault.pricePerShareWad()).toBeLessThan((108n * WAD) / 100n + 10n ** 12n);
    // Never twice on the same gain: accruing again, later, or re-reporting the same value charges nothing.
    expect(vault.accrueFees(10).performanceFeeAssets).toBe(0n);
    expect(vault.accrueFees(1_000).performanceFeeAssets).toBe(0n);
    vault.reportStrategyAssets(1_100_000n * USDC, 2_000);
    expect(feeEvents(vault)).toHaveLength(1);
  });

  it('charges nothing while recovering a loss, then only on the rise above the old high', () => {
    const vault = vaultWithGain();
    vault.reportStrategyAssets(1_100_000n * USDC, 10);
    const hwm = vault.highWaterMarkWad;
    vault.reportStrategyAssets(900_000n * USDC, 20);
    expect(vault.highWaterMarkWad).toBe(hwm);
    vault.reportStrategyAssets(1_100_000n * USDC, 30); // back to the same assets: no new high
    expect(feeEvents(vault)).toHaveLength(1);
    const supply = vault.totalSupply;
    vault.reportStrategyAssets(1_210_000n * USDC, 40); // +10 % above the high
    const events = feeEvents(vault);
    expect(events).toHaveLength(2);
    const last = events[1];
    const newHigh = ((1_210_000n * USDC + 1n) * WAD * 10n ** 6n) / (supply + 10n ** 6n);
    const expected = (((newHigh - hwm) * supply) / (WAD * 10n ** 6n) * 2_000n) / 10_000n;
    expect(last?.type === 'FeesAccrued' && last.performanceFeeAssets).toBe(expected);
    expect(expected).toBeGreaterThan(21_000n * USDC); // ≈ 20 % of 110 000
  });

  it('does not charge past gains when switched on later (the HWM follows the price at 0 %)', () => {
    const vault = new Vault({ assetDecimals: 6, fees: fees(0, 0) });
    vault.deposit(1_000n * USDC, 'alice', 0);
    vault.allocate(1_000n * USDC, 0);
    vault.reportStrategyAssets(2_000n * USDC, 10);
    expect(vault.highWaterMarkWad).toBe(vault.pricePerShareWad());
    vault.setFeeConfig(fees(0, 5_000), 20);
    vault.accrueFees(30);
    expect(vault.balanceOf(TREASURY)).toBe(0n);
  });

  it('resets the HWM to the current price when the last share leaves', () => {
    const vault = new Vault({ assetDecimals: 6, fees: fees(0, 2_000) });
    vault.deposit(1_000n * USDC, 'alice', 0);
    vault.donate(500n * USDC, 0);
    vault.accrueFees(1);
    const highAfterGain = vault.highWaterMarkWad;
    vault.redeem(vault.maxRedeem('alice'), 'alice', 'alice', 2);
    vault.redeem(vault.maxRedeem(TREASURY), TREASURY, TREASURY, 2);
    expect(vault.totalSupply).toBe(0n);
    vault.accrueFees(3);
    expect(vault.highWaterMarkWad).toBe(vault.pricePerShareWad());
    expect(vault.highWaterMarkWad).not.toBe(highAfterGain);
  });
});
