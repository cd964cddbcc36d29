// The names DESIGN.md marks as contract, reached through the package entry as users import them.
import { describe, expect, it } from 'vitest';
import * as vaultwright from '../src/index.js';

describe('package entry', () => {
  it('exports the contract names with their documented shapes', () => {
    const quote = vaultwright.blackScholes({ kind: 'call', spot: 100, strike: 100, rate: 0.05, dividendYield: 0, volatility: 0.2, expiry: 1 });
    expect(Object.keys(quote).sort()).toEqual(['delta', 'gamma', 'price', 'rho', 'theta', 'vega']);
    const vol = vaultwright.impliedVolatility({ kind: 'call', price: quote.price, spot: 100, strike: 100, rate: 0.05, dividendYield: 0, expiry: 1 });
    expect(vol).toBeCloseTo(0.2, 14);
    expect(() => vaultwright.impliedVolatility({ kind: 'call', price: 101, spot: 100, strike: 100, rate: 0.05, dividendYield: 0, expiry: 1 })).toThrow(RangeError);

    const sqrt = vaultwright.getSqrtRatioAtTick(0);
    expect(sqrt).toBe(1n << 96n);
    expect(vaultwright.getTickAtSqrtRatio(sqrt)).toBe(0);
    const upper = vaultwright.getSqrtRatioAtTick(60);
    expect(vaultwright.getAmount0Delta(sqrt, upper, 10n ** 18n, true)).toBeGreaterThan(0n);
    expect(vaultwright.getAmount1Delta(sqrt, upper, 10n ** 18n, false)).toBeGreaterThan(0n);
    const step = vaultwright.computeSwapStep(sqrt, upper, 10n ** 18n, 10n ** 15n, 3000);
    expect(Object.keys(step).sort()).toEqual(['amountIn', 'amountOut', 'feeAmount', 'sqrtRatioNextX96']);

    const pool = new vaultwright.UniswapV3Pool({ fee: 3000, tickSpacing: 60 });
    pool.initialize(sqrt);
    expect(pool.slot0.tick).toBe(0);
    for (const name of ['initialize', 'mint', 'burn', 'collect', 'swap', 'quoteSwap', 'clone', 'observe'] as const) {
      expect(typeof pool[name]).toBe('function');
    }
  });
});

describe('package entry: what a backtest and a user strategy need', () => {
  it('exports the built-in strategies, the backtest driver and the config reader', () => {
    expect(vaultwright.rangeManager.name).toBe('range-manager');
    expect(vaultwright.knownStrategyNames()).toContain(vaultwright.rangeManager.name);
    expect(vaultwright.BUILT_IN_STRATEGIES['range-manager']!.strategy).toBe(vaultwright.rangeManager);
    const builtIns = [vaultwright.rangeManager, vaultwright.deltaNeutral, vaultwright.yieldAggregator, vaultwright.coveredCall, vaultwright.putSelling, vaultwright.straddle, vaultwright.ironCondor];
    for (const strategy of builtIns) {
      expect(vaultwright.BUILT_IN_STRATEGIES[strategy.name]!.strategy).toBe(strategy);
    }
    expect(vaultwright.knownStrategyNames()).toEqual(['covered-call', 'delta-neutral', 'iron-condor', 'put-selling', 'range-manager', 'straddle', 'yield-aggregator']);
    for (const name of ['runBacktest', 'backtestResultToJson', 'parseBacktestConfig', 'loadBacktestConfig', 'resolveBacktestConfig'] as const) {
      expect(typeof vaultwright[name]).toBe('function');
    }
  });
});
