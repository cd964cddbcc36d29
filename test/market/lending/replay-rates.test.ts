// Replay reserves against the project's real Aave v3 Polygon history (4 days, one row a
// minute). The file's indices are the truth.
//
// Measured (2023-08-14 00:00 → 08-17 23:59, the reserve started at the file's own indices):
//   variable borrow index, rates only: growth off by +1.5e-4 (USDC) / −9.5e-5 (WETH) of the
//     growth, 9e-8 / 2e-8 of the index — per-minute sampling of when the rate changed;
//   liquidity index, rates only: growth short by 2.33 % (USDC) / 7.70 % (WETH) — not sampling:
//     40 jumps per file that no rate explains, Aave's flash-loan premiums added to the index;
//   liquidity index, following the recorded index: growth within +1.8e-5 / +3.4e-5, at most
//     one minute of interest above the file's final stored index (which lags by up to a
//     minute); along the way never below the stored index and above it by at most the interest
//     since its last write plus 4.5e-8 of the index (sampling over-accruals max() keeps).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import { rayMul } from '../../../src/lending/wad-ray-math.js';
import {
  createRecordedRateSeries,
  LendingMarket,
  loadAaveRecordedReserve,
  MAX_AMOUNT,
  recordedRatesAt,
  type AaveRecordedReserve,
} from '../../../src/market/lending/index.js';

const file = (asset: string): string =>
  fileURLToPath(new URL(`../../../data/lending/aave_v3_polygon_${asset}_1m_2023-08-14_2023-08-17.csv`, import.meta.url));
const YEAR_SECONDS = 31_536_000;
const SAMPLE_SECONDS = 60;

function replayMarket(recorded: AaveRecordedReserve, decimals: number): LendingMarket {
  const first = recorded.rows[0]!;
  return new LendingMarket({
    startSeconds: first.timestampSeconds,
    pricesBase8: { X: 10n ** 8n },
    reserves: [
      {
        symbol: 'X',
        decimals,
        ltvBps: 5000,
        liquidationThresholdBps: 6000,
        liquidationBonusBps: 10500,
        reserveFactorBps: 1000,
        liquidationProtocolFeeBps: 1000,
        replayRates: recorded.series,
        initialLiquidityIndexRay: first.liquidityIndexRay,
        initialVariableBorrowIndexRay: first.variableBorrowIndexRay,
      },
    ],
  });
}

function relative(ours: bigint, truth: bigint, base: bigint): number {
  return Number(ours - truth) / Number(base);
}

const cases = [
  { asset: 'usdc', decimals: 6, rateOnlySupplyShortfall: [0.02, 0.027] },
  { asset: 'weth', decimals: 18, rateOnlySupplyShortfall: [0.07, 0.085] },
] as const;

describe('replay of the recorded Aave v3 Polygon rates (data/lending)', () => {
  for (const { asset, decimals, rateOnlySupplyShortfall } of cases) {
    describe(asset, () => {
      const following = loadAaveRecordedReserve(file(asset));
      const ratesOnly = loadAaveRecordedReserve(file(asset), { followLiquidityIndex: false });
      const first = following.rows[0]!;
      const last = following.rows[following.rows.length - 1]!;

      it('reads the file exactly: 5,760 rows, ray rates and indices', () => {
        expect(following.rows).toHaveLength(5760);
        expect(last.timestampSeconds - first.timestampSeconds).toBe(4 * 86_400 - 60);
        expect(recordedRatesAt(following.series, first.timestampSeconds).liquidityRateRay).toBe(first.liquidityRateRay);
        expect(recordedRatesAt(following.series, last.timestampSeconds + 10).variableBorrowRateRay).toBe(last.variableBorrowRateRay);
      });

      it('following the recorded index, 4 days of accrual reproduce the liquidity_index growth', () => {
        const market = replayMarket(following, decimals);
        const ours = market.getReserveData('X', last.timestampSeconds).liquidityIndexRay;
        const growth = last.liquidityIndexRay - first.liquidityIndexRay;
        // Never below the truth, and above it by at most one sampling interval of interest.
        expect(ours).toBeGreaterThanOrEqual(last.liquidityIndexRay);
        const oneSample = (Number(last.liquidityRateRay) / 1e27) * (SAMPLE_SECONDS / YEAR_SECONDS);
        expect(relative(ours, last.liquidityIndexRay, last.liquidityIndexRay)).toBeLessThanOrEqual(oneSample);
        expect(relative(ours, last.liquidityIndexRay, growth)).toBeLessThan(1e-4);
      });

      it('along the way it stays at or above the recorded index, by no more than the interest since its last write', () => {
        const market = replayMarket(following, decimals);
        let previous = 0n;
        let lastWriteSeconds = first.timestampSeconds;
        for (let i = 0; i < following.rows.length; i++) {
          const row = following.rows[i]!;
          if (i > 0 && row.liquidityIndexRay !== following.rows[i - 1]!.liquidityIndexRay) lastWriteSeconds = row.timestampSeconds;
          if (i % 37 !== 0) continue;
          const ours = market.getReserveData('X', row.timestampSeconds).liquidityIndexRay;
          expect(ours).toBeGreaterThanOrEqual(previous);
          expect(ours).toBeGreaterThanOrEqual(row.liquidityIndexRay);
          // The stored index was written somewhere in the minute before `lastWriteSeconds`; on
          // top of that, max(accrued, recorded) keeps the over-accruals of per-minute sampling
          // (measured at most 4.5e-8 of the index, USDC).
          const lagSeconds = row.timestampSeconds - lastWriteSeconds + SAMPLE_SECONDS;
          const bound = (Number(row.liquidityRateRay) / 1e27) * (lagSeconds / YEAR_SECONDS) + 1e-7;
          expect(relative(ours, row.liquidityIndexRay, row.liquidityIndexRay)).toBeLessThanOrEqual(bound);
          previous = ours;
        }
      });

      it('rates only: the borrow index follows the file to 5e-4 of its growth; the supply side misses the flash-loan premiums', () => {
        const market = replayMarket(ratesOnly, decimals);
        const unit = 10n ** BigInt(decimals);
        // Some debt, so the borrow index moves (Aave only compounds it while there is debt).
        market.supply('u', 'X', 1_000n * unit, first.timestampSeconds);
        market.borrow('u', 'X', 100n * unit, first.timestampSeconds);
        const data = market.getReserveData('X', last.timestampSeconds);
        const borrowGrowth = last.variableBorrowIndexRay - first.variableBorrowIndexRay;
        expect(Math.abs(relative(data.variableBorrowIndexRay, last.variableBorrowIndexRay, borrowGrowth))).toBeLessThan(5e-4);
        const supplyGrowth = last.liquidityIndexRay - first.liquidityIndexRay;
        const shortfall = -relative(data.liquidityIndexRay, last.liquidityIndexRay, supplyGrowth);
        expect(shortfall).toBeGreaterThan(rateOnlySupplyShortfall[0]);
        expect(shortfall).toBeLessThan(rateOnlySupplyShortfall[1]);
      });

      it('a supplier earns the historical yield, paid in from outside, and can withdraw it', () => {
        const market = replayMarket(following, decimals);
        const unit = 10n ** BigInt(decimals);
        const amount = 1_000_000n * unit;
        market.supply('vault', 'X', amount, first.timestampSeconds);
        const scaled = market.getUserReserve('vault', 'X').scaledATokenBalance;
        const balance = market.balanceOf('vault', 'X', last.timestampSeconds);
        const historical = rayMul(scaled, last.liquidityIndexRay);
        expect(balance).toBeGreaterThanOrEqual(historical);
        expect(Number(balance - historical) / Number(historical - amount)).toBeLessThan(1e-3);
        expect(market.withdraw('vault', 'X', MAX_AMOUNT, last.timestampSeconds)).toBe(balance);
        const data = market.getReserveData('X', last.timestampSeconds);
        expect(data.externalYield).toBe(balance - amount);
        expect(data.availableLiquidity).toBe(0n);
      });

      it('reading the reserve often gives exactly what one read gives (checkpoints change nothing)', () => {
        const often = replayMarket(following, decimals);
        for (let t = first.timestampSeconds; t <= last.timestampSeconds; t += 600) often.getReserveData('X', t);
        const once = replayMarket(following, decimals);
        expect(often.getReserveData('X', last.timestampSeconds)).toEqual(once.getReserveData('X', last.timestampSeconds));
        expect(often.getReserveData('X', first.timestampSeconds + 7_777)).toEqual(once.getReserveData('X', first.timestampSeconds + 7_777));
      });

      it('does not depend on how often the reserve is touched', () => {
        const once = replayMarket(following, decimals);
        const often = replayMarket(following, decimals);
        const unit = 10n ** BigInt(decimals);
        once.supply('u', 'X', 100n * unit, first.timestampSeconds);
        often.supply('u', 'X', 100n * unit, first.timestampSeconds);
        for (let t = first.timestampSeconds + 3_600; t < last.timestampSeconds; t += 3_600) often.supply('v', 'X', unit, t);
        // Touching writes the index at extra points, which changes only its rounding path.
        const a = once.getReserveData('X', last.timestampSeconds).liquidityIndexRay;
        const b = often.getReserveData('X', last.timestampSeconds).liquidityIndexRay;
        expect(Math.abs(relative(a, b, b))).toBeLessThan(1e-20);
      });
    });
  }

  it('validates a hand-made series', () => {
    expect(() => createRecordedRateSeries([])).toThrow(InvalidInputError);
    expect(() =>
      createRecordedRateSeries([
        { timestampSeconds: 10, liquidityRateRay: 1n, variableBorrowRateRay: 2n },
        { timestampSeconds: 10, liquidityRateRay: 1n, variableBorrowRateRay: 2n },
      ]),
    ).toThrow(/must be >/);
    const series = createRecordedRateSeries([
      { timestampSeconds: 10, liquidityRateRay: 1n, variableBorrowRateRay: 2n },
      { timestampSeconds: 20, liquidityRateRay: 1n, variableBorrowRateRay: 2n },
      { timestampSeconds: 30, liquidityRateRay: 3n, variableBorrowRateRay: 4n },
    ]);
    expect(series.timestampsSeconds).toEqual([10, 30]);
    expect(recordedRatesAt(series, 5).liquidityRateRay).toBe(1n);
    expect(recordedRatesAt(series, 29).liquidityRateRay).toBe(1n);
    expect(recordedRatesAt(series, 30).liquidityRateRay).toBe(3n);
    expect(recordedRatesAt(series, 1e9).variableBorrowRateRay).toBe(4n);
  });
});
