// Gas per action, EIP-1559 effective gas price, burned/tip split, numeraire value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import {
  createGasSchedule,
  DEFAULT_GAS_SCHEDULE,
  effectiveGasPrice,
  gasUsedFor,
  INTRINSIC_GAS,
  transactionCost,
  weiToNumeraire,
} from '../../../src/market/chain/gas-schedule.js';

const GWEI = 1_000_000_000n;

describe('gas schedule', () => {
  it('has defaults in the documented mainnet ranges', () => {
    expect(DEFAULT_GAS_SCHEDULE.swap).toBeGreaterThanOrEqual(110_000n);
    expect(DEFAULT_GAS_SCHEDULE.swap).toBeLessThanOrEqual(130_000n);
    expect(DEFAULT_GAS_SCHEDULE.swapCrossTick).toBeGreaterThanOrEqual(20_000n);
    expect(DEFAULT_GAS_SCHEDULE.swapCrossTick).toBeLessThanOrEqual(30_000n);
    expect(DEFAULT_GAS_SCHEDULE.mint).toBe(350_000n);
    expect(DEFAULT_GAS_SCHEDULE.borrow).toBe(250_000n);
    for (const gas of Object.values(DEFAULT_GAS_SCHEDULE)) expect(gas).toBeGreaterThanOrEqual(INTRINSIC_GAS);
    expect(Object.isFrozen(DEFAULT_GAS_SCHEDULE)).toBe(true);
  });

  it('adds the per-tick cost to swaps only', () => {
    expect(gasUsedFor('swap')).toBe(120_000n);
    expect(gasUsedFor('swap', { initializedTicksCrossed: 3 })).toBe(120_000n + 3n * 25_000n);
    expect(gasUsedFor('borrow', { initializedTicksCrossed: 3 })).toBe(250_000n);
  });

  it('takes overrides and keeps the rest', () => {
    const schedule = createGasSchedule({ swap: 100_000n, swapCrossTick: 30_000n });
    expect(gasUsedFor('swap', { initializedTicksCrossed: 2, schedule })).toBe(160_000n);
    expect(schedule.mint).toBe(DEFAULT_GAS_SCHEDULE.mint);
    expect(DEFAULT_GAS_SCHEDULE.swap).toBe(120_000n);
  });

  it('refuses unknown kinds, negative figures and fractional tick counts', () => {
    expect(() => createGasSchedule({ flashLoan: 1n } as never)).toThrow(/overrides\.flashLoan/);
    expect(() => createGasSchedule({ swap: -1n })).toThrow(InvalidInputError);
    expect(() => gasUsedFor('swap', { initializedTicksCrossed: 1.5 })).toThrow(/initializedTicksCrossed/);
    expect(() => gasUsedFor('teleport' as never)).toThrow(/kind/);
  });
});

describe('effectiveGasPrice and transactionCost', () => {
  it('pays the full tip when the fee cap allows it', () => {
    const price = effectiveGasPrice({ baseFeeWei: 30n * GWEI, maxPriorityFeePerGas: 2n * GWEI, maxFeePerGas: 100n * GWEI });
    expect(price).toEqual({ priorityFeePerGasWei: 2n * GWEI, effectiveGasPriceWei: 32n * GWEI });
  });

  it('caps the tip at maxFeePerGas − baseFee', () => {
    const price = effectiveGasPrice({ baseFeeWei: 30n * GWEI, maxPriorityFeePerGas: 2n * GWEI, maxFeePerGas: 31n * GWEI });
    expect(price).toEqual({ priorityFeePerGasWei: 1n * GWEI, effectiveGasPriceWei: 31n * GWEI });
  });

  it('is uncapped without maxFeePerGas', () => {
    expect(effectiveGasPrice({ baseFeeWei: 5n, maxPriorityFeePerGas: 3n }).effectiveGasPriceWei).toBe(8n);
  });

  it('splits the cost into burned base fee and builder tip', () => {
    const cost = transactionCost(21_000n, { baseFeeWei: 30n * GWEI, maxPriorityFeePerGas: 2n * GWEI, maxFeePerGas: 31n * GWEI });
    expect(cost.burnedWei).toBe(630_000n * GWEI);
    expect(cost.tipWei).toBe(21_000n * GWEI);
    expect(cost.totalWei).toBe(651_000n * GWEI);
    expect(cost.gasUsed).toBe(21_000n);
  });

  it('always has total = burned + tip = gasUsed × effective price, never above the cap', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 30_000_000n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        (gasUsed, baseFeeWei, tip, headroom) => {
          const maxPriorityFeePerGas = tip;
          const maxFeePerGas = baseFeeWei + headroom > tip ? baseFeeWei + headroom : tip;
          const cost = transactionCost(gasUsed, { baseFeeWei, maxPriorityFeePerGas, maxFeePerGas });
          expect(cost.totalWei).toBe(cost.burnedWei + cost.tipWei);
          expect(cost.totalWei).toBe(gasUsed * cost.effectiveGasPriceWei);
          expect(cost.effectiveGasPriceWei).toBeLessThanOrEqual(maxFeePerGas);
          expect(cost.priorityFeePerGasWei).toBeLessThanOrEqual(maxPriorityFeePerGas);
        },
      ),
      { seed: 21_000, numRuns: 300 },
    );
  });

  it('refuses a fee cap below the base fee or below the tip', () => {
    expect(() => effectiveGasPrice({ baseFeeWei: 10n, maxPriorityFeePerGas: 1n, maxFeePerGas: 9n })).toThrow(/not includable/);
    expect(() => effectiveGasPrice({ baseFeeWei: 1n, maxPriorityFeePerGas: 5n, maxFeePerGas: 4n })).toThrow(/maxFeePerGas/);
    expect(() => transactionCost(-1n, { baseFeeWei: 1n, maxPriorityFeePerGas: 0n })).toThrow(/gasUsed/);
  });
});

describe('weiToNumeraire', () => {
  it('values wei at a native-token price', () => {
    // 21,000 gas at 30 gwei = 0.00063 ETH; at 3,000 USD = 1.89 USD.
    expect(weiToNumeraire(21_000n * 30n * GWEI, 3_000)).toBeCloseTo(1.89, 12);
    expect(weiToNumeraire(10n ** 18n, 2_500)).toBe(2_500);
    expect(weiToNumeraire(1_500_000n, 2, 6)).toBe(3);
  });

  it('keeps precision for amounts beyond 2^53 wei', () => {
    const amountWei = 1_234_567_890_123_456_789_012n;
    // The nearest doubles to 1234.567890123456789012 and twice it.
    expect(weiToNumeraire(amountWei, 1)).toBe(Number('1234.567890123456789012'));
    expect(weiToNumeraire(amountWei, 2)).toBe(Number('2469.135780246913578024'));
  });

  it('refuses a bad price or decimals', () => {
    expect(() => weiToNumeraire(1n, Number.NaN)).toThrow(/nativePrice/);
    expect(() => weiToNumeraire(1n, 1, 1.5)).toThrow(/nativeDecimals/);
  });
});
