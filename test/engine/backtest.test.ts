import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backtestResultToJson, runBacktest, type BacktestResult } from '../../src/engine/backtest.js';
import { everyBlock, everySeconds } from '../../src/engine/triggers.js';
import { buildSimulator } from '../../src/market/scenario/build.js';
import { renderHtmlReport } from '../../src/report/html/render-report.js';
import type { JsonValue } from '../../src/strategy/types.js';
import { component, expectExact as expectExactWithin } from './pnl-assertions.js';
import { FUNDING, fixedRange, GBM, GUARDS, hold, lender, swapOnce } from './test-strategies.js';

// the only rounding is the two floors of the NAV and one truncation per component: these runs stay within 9
const expectExact = (result: BacktestResult<JsonValue>): void => expectExactWithin(result, 9n);

function sumOf(result: BacktestResult<JsonValue>): bigint {
  return result.pnl.components.reduce((total, c) => total + c.amount, 0n);
}

const hodl = (seed: number, blocks = 400) =>
  runBacktest({ scenario: GBM, strategy: hold, params: {}, vault: FUNDING, blocks, seed, guards: GUARDS }) as unknown as BacktestResult<JsonValue>;
const lp = (seed: number, blocks = 60, collectAtBlock = 40) =>
  runBacktest({
    scenario: GBM,
    strategy: fixedRange,
    params: { halfWidthTicks: 600, fraction: 0.5, collectAtBlock },
    vault: FUNDING,
    blocks,
    seed,
    guards: GUARDS,
  }) as unknown as BacktestResult<JsonValue>;

describe('runBacktest: hold', () => {
  it('has only a price effect, no gas, and the PnL adds up to the base unit', () => {
    const result = hodl(7);
    expectExact(result);
    expect(component(result, 'gas')).toBe(0n);
    expect(component(result, 'LP fees')).toBe(0n);
    expect(component(result, 'execution / slippage')).toBe(0n);
    expect(component(result, 'price effect (hodl)')).toBe(result.pnl.navChange);
    // 400 blocks pass the WETH feed's heartbeat, so the marks move
    expect(result.pnl.navChange).not.toBe(0n);
    expect(result.counters.gasPaidWei).toBe(0n);
    expect(result.events.filter((e) => e.type === 'deposit')).toHaveLength(3);
    expect(result.series.navTotal[0]).toBe(result.pnl.navStart);
    expect(result.series.navPerShare[0]).toBeCloseTo(1, 6);
  });

  it('is byte-identical for the same seed and differs for another', () => {
    const a = backtestResultToJson(lp(3, 30, 20));
    const b = backtestResultToJson(lp(3, 30, 20));
    expect(a).toBe(b);
    expect(backtestResultToJson(lp(4, 30, 20))).not.toBe(a);
  });

  it('runs on a ready simulator exactly as on its scenario', () => {
    const fromScenario = runBacktest({ scenario: GBM, strategy: fixedRange, params: { halfWidthTicks: 600, fraction: 0.5, collectAtBlock: 20 }, vault: FUNDING, blocks: 30, seed: GBM.seed, guards: GUARDS });
    const fromSimulator = runBacktest({
      simulator: buildSimulator(GBM).simulator,
      tokenDecimals: GBM.tokens,
      strategy: fixedRange,
      params: { halfWidthTicks: 600, fraction: 0.5, collectAtBlock: 20 },
      vault: FUNDING,
      blocks: 30,
      seed: GBM.seed,
      guards: GUARDS,
    });
    expect(backtestResultToJson(fromSimulator)).toBe(backtestResultToJson(fromScenario));
    expect(() => runBacktest({ simulator: buildSimulator(GBM).simulator, strategy: hold, params: {}, vault: FUNDING, blocks: 3, seed: 1, guards: GUARDS })).toThrow(/tokenDecimals/);
    expect(() => runBacktest({ scenario: GBM, strategy: fixedRange, params: { halfWidthTicks: -1 }, vault: FUNDING, blocks: 3, seed: 1, guards: GUARDS })).toThrow(/params\.halfWidthTicks/);
    expect(() => runBacktest({ scenario: GBM, strategy: hold, params: {}, vault: FUNDING, blocks: 0, seed: 1, guards: GUARDS })).toThrow(/blocks/);
  });

  it('samples the series every N blocks and keeps the last', () => {
    const result = runBacktest({ scenario: GBM, strategy: hold, params: {}, vault: FUNDING, blocks: 25, seed: 1, guards: GUARDS, sampleEveryBlocks: 10 });
    expect(result.series.blockNumber.length).toBe(4); // genesis, 10, 20, 25
    expect(result.series.navTotal.at(-1)).toBe(result.pnl.navEnd);
  });
});

describe('runBacktest: fixed-range LP', () => {
  const result = lp(11);

  it('adds up exactly and renders a report', () => {
    expectExact(result);
    const html = renderHtmlReport(result.reportInput);
    expect(html).toContain('<svg');
    expect(result.reportInput.series.ranges).toBeDefined();
    // no perp and no borrowed risky token: no hedge panel
    expect(result.reportInput.series.hedge).toBeUndefined();
    expect(result.series.hedge.every((h) => h === 0)).toBe(true);
  });

  it('lands the mint in a later block than it was decided, pays gas, and charges exactly that gas', () => {
    const submitted = result.events.find((e) => e.type === 'submitted')!;
    const fills = result.events.filter((e) => e.type === 'fill');
    const mint = fills.find((e) => e.type === 'fill' && e.action.kind === 'v3Mint')!;
    expect(mint.blockNumber).toBeGreaterThan(submitted.blockNumber);
    const gasWei = result.events.reduce((total, e) => total + (e.type === 'fill' || e.type === 'revert' ? e.gasCostWei : 0n), 0n);
    expect(gasWei).toBeGreaterThan(0n);
    expect(result.pnl.gasPaidTokens['ETH']).toBe(gasWei);
    expect(FUNDING.initialFunding.ETH - result.finalBook.idle['ETH']!).toBe(gasWei);
    const gasAtMarks = result.events.reduce((total, e) => total + (e.type === 'fill' || e.type === 'revert' ? e.gasCostBaseUnits : 0n), 0n);
    const gasComponent = -component(result, 'gas');
    // the component is the floor of the exact sum; the per-event figures are floored one by one
    expect(gasComponent >= gasAtMarks && gasComponent <= gasAtMarks + BigInt(fills.length)).toBe(true);
    expect(result.reportInput.counters.gasSpent).toBe(gasComponent);
  });

  it('counts as LP fees exactly what the pool pays on collect plus what it still owes', () => {
    const collect = result.events.find((e) => e.type === 'fill' && e.action.kind === 'v3Collect');
    expect(collect).toBeDefined();
    const paid = (collect as { result: { amount0: bigint; amount1: bigint } }).result;
    const position = result.finalBook.lp[0]!;
    expect(paid.amount0 + paid.amount1).toBeGreaterThan(0n);
    expect(result.pnl.feesEarnedTokens['WETH'] ?? 0n).toBe(paid.amount0 + position.feesOwed0);
    expect(result.pnl.feesEarnedTokens['USDC'] ?? 0n).toBe(paid.amount1 + position.feesOwed1);
    expect(component(result, 'LP fees')).toBeGreaterThan(0n);
    // one mint and one collect (poke + collect): nothing resubmitted while pending
    expect(result.events.filter((e) => e.type === 'submitted')).toHaveLength(2);
  });

  it('fires on a time trigger only when due', () => {
    const timed = runBacktest({
      scenario: GBM,
      strategy: hold,
      params: {},
      vault: FUNDING,
      blocks: 30,
      seed: 2,
      guards: GUARDS,
      triggers: [everySeconds(120)],
    });
    expect(timed.counters.decisions).toBe(3); // blocks 1, 11, 21 at 12 s blocks
    const every = runBacktest({ scenario: GBM, strategy: hold, params: {}, vault: FUNDING, blocks: 30, seed: 2, guards: GUARDS, triggers: [everyBlock()] });
    expect(every.counters.decisions).toBe(30);
  });
});

describe('runBacktest: LP exit', () => {
  it('burns, collects principal and fees apart, ends with no position, and adds up', () => {
    const result = runBacktest({
      scenario: GBM,
      strategy: fixedRange,
      params: { halfWidthTicks: 200, fraction: 0.8, collectAtBlock: 10_000, exitAtBlock: 250 },
      vault: FUNDING,
      blocks: 300,
      seed: 21,
      guards: GUARDS,
    }) as unknown as BacktestResult<JsonValue>;
    expectExact(result);
    const fills = result.events.filter((e) => e.type === 'fill');
    expect(fills.map((e) => (e.type === 'fill' ? e.action.kind : ''))).toEqual(['v3Mint', 'v3Burn', 'v3Collect']);
    expect(result.finalBook.lp).toHaveLength(0);
    const burn = fills[1] as { result: { amount0: bigint; amount1: bigint } };
    const collect = fills[2] as { result: { amount0: bigint; amount1: bigint } };
    // what the pool paid = burned principal + the fees the ledger counted, token by token
    expect(collect.result.amount0).toBe(burn.result.amount0 + (result.pnl.feesEarnedTokens['WETH'] ?? 0n));
    expect(collect.result.amount1).toBe(burn.result.amount1 + (result.pnl.feesEarnedTokens['USDC'] ?? 0n));
    expect(component(result, 'LP fees')).toBeGreaterThan(0n);
    expect(component(result, 'impermanent loss / LVR')).not.toBe(0n);
  });
});

describe('runBacktest: marks', () => {
  it('at the external price, a range LP shows the loss-versus-rebalancing sign; the sum stays exact either way', () => {
    const params = { halfWidthTicks: 600, fraction: 0.5, collectAtBlock: 1_900 };
    for (const seed of [42, 43]) {
      const external = runBacktest({ scenario: GBM, strategy: fixedRange, params, vault: FUNDING, blocks: 2_000, seed, guards: GUARDS, marks: 'external', sampleEveryBlocks: 100 }) as unknown as BacktestResult<JsonValue>;
      expectExact(external);
      expect(component(external, 'impermanent loss / LVR')).toBeLessThan(0n);
      const oracle = runBacktest({ scenario: GBM, strategy: fixedRange, params, vault: FUNDING, blocks: 2_000, seed, guards: GUARDS, marks: 'oracle', sampleEveryBlocks: 100 }) as unknown as BacktestResult<JsonValue>;
      expectExact(oracle);
      // same run, same fills: only the marks differ
      expect(oracle.pnl.feesEarnedTokens).toEqual(external.pnl.feesEarnedTokens);
      // the default marks are the external ones
      const byDefault = runBacktest({ scenario: GBM, strategy: fixedRange, params, vault: FUNDING, blocks: 2_000, seed, guards: GUARDS, sampleEveryBlocks: 100 }) as unknown as BacktestResult<JsonValue>;
      expect(component(byDefault, 'impermanent loss / LVR')).toBe(component(external, 'impermanent loss / LVR'));
    }
  });
});

describe('runBacktest: swaps and guards', () => {
  it('a swap lands later than decided; a too-tight minimum output reverts, still paying gas', () => {
    const result = runBacktest({
      scenario: GBM,
      strategy: swapOnce,
      params: { amountIn: '5000000000', count: 2, atBlock: 3 },
      vault: FUNDING,
      blocks: 12,
      seed: 5,
      guards: { ...GUARDS, k: 0 },
      maxPriorityFeePerGas: 10_000_000_000n,
    }) as unknown as BacktestResult<JsonValue>;
    expectExact(result);
    const intent = result.events.find((e) => e.type === 'intent')!;
    const landed = result.events.filter((e) => e.type === 'fill' || e.type === 'revert');
    expect(landed).toHaveLength(2);
    for (const e of landed) expect(e.blockNumber).toBeGreaterThan(intent.blockNumber);
    const reverts = landed.filter((e) => e.type === 'revert');
    expect(reverts.length).toBeGreaterThanOrEqual(1);
    for (const e of reverts) {
      expect(e.type === 'revert' && e.revertReason).toMatch(/Too little received/);
      expect(e.type === 'revert' && e.gasCostWei > 0n).toBe(true);
    }
    const gasWei = landed.reduce((total, e) => total + (e.type === 'fill' || e.type === 'revert' ? e.gasCostWei : 0n), 0n);
    expect(result.pnl.gasPaidTokens['ETH']).toBe(gasWei);
    if (reverts.length < 2) expect(component(result, 'execution / slippage')).toBeLessThan(0n);
  });
});

describe('runBacktest: vault', () => {
  it('the vault holds the NAV: idle is the numeraire balance, deployed the rest; fees dilute shares, not the NAV', () => {
    const plain = lp(13, 120, 100);
    expect(plain.vault.totalAssets).toBe(plain.pnl.navEnd);
    expect(plain.vault.idleAssets).toBe(plain.finalBook.idle['USDC']);
    expect(plain.vault.deployedAssets).toBe(plain.pnl.navEnd - plain.finalBook.idle['USDC']!);
    expect(plain.series.navPerShare.at(-1)).toBe(Number(plain.vault.pricePerShareWad) / 1e18);
    const charged = runBacktest({
      scenario: GBM,
      strategy: fixedRange,
      params: { halfWidthTicks: 600, fraction: 0.5, collectAtBlock: 100 },
      vault: { ...FUNDING, fees: { managementFeeBps: 200, performanceFeeBps: 0, feeRecipient: 'manager' } },
      blocks: 120,
      seed: 13,
      guards: GUARDS,
    });
    expect(charged.pnl.navEnd).toBe(plain.pnl.navEnd);
    expect(charged.series.navPerShare.at(-1)!).toBeLessThan(plain.series.navPerShare.at(-1)!);
  });
});

describe('runBacktest: owners\' deposits and withdrawals', () => {
  it('are not profit: they are their own component, priced at the NAV, and the PnL still adds up', () => {
    const base = { scenario: GBM, strategy: fixedRange, params: { halfWidthTicks: 600, fraction: 0.5, collectAtBlock: 500 }, vault: FUNDING, blocks: 300, seed: 17, guards: GUARDS };
    const none = runBacktest(base) as unknown as BacktestResult<JsonValue>;
    const flows = runBacktest({
      ...base,
      ownerFlows: [
        { afterBlock: 100, amount: 5_000_000_000n },
        { afterBlock: 200, amount: -2_000_000_000n },
      ],
    }) as unknown as BacktestResult<JsonValue>;
    expectExact(flows);
    expect(component(flows, 'deposits/withdrawals')).toBe(3_000_000_000n);
    expect(component(none, 'deposits/withdrawals')).toBe(0n);
    // the strategy minted before the deposit and never touches idle USDC afterwards: same PnL otherwise
    expect(flows.pnl.navChange - 3_000_000_000n).toBe(none.pnl.navChange);
    // deposits and withdrawals are priced at the NAV per share of the block before them
    const perShare100 = flows.series.navPerShare[100]!;
    const perShare200 = flows.series.navPerShare[200]!;
    const expectedShares = (5_000 / perShare100 - 2_000 / perShare200) * 1e12;
    const extraShares = Number(flows.vault.totalSupply - none.vault.totalSupply);
    expect(Math.abs(extraShares - expectedShares) / expectedShares).toBeLessThan(1e-9);
    expect(flows.events.filter((e) => e.type === 'deposit')).toHaveLength(5);
  });
});

describe('runBacktest: lending', () => {
  it('supplies, borrows, repays and withdraws; interest is its own component and the PnL adds up', () => {
    const result = runBacktest({ scenario: GBM, strategy: lender, params: { repayAtBlock: 300 }, vault: FUNDING, blocks: 320, seed: 9, guards: GUARDS }) as unknown as BacktestResult<JsonValue>;
    expectExact(result);
    const kinds = result.events.filter((e) => e.type === 'fill').map((e) => (e.type === 'fill' ? e.action.kind : ''));
    expect(kinds).toEqual(['lendingSupply', 'lendingSupply', 'lendingBorrow', 'lendingRepay', 'lendingWithdraw']);
    expect(component(result, 'interest')).not.toBe(0n);
    expect(result.finalBook.lending.length).toBeGreaterThan(0);
  });
});

describe('runBacktest: PnL adds up for any seed (property)', () => {
  it('components sum to the NAV change exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (seed) => {
        const result = lp(seed, 300, 200);
        expect(sumOf(result)).toBe(result.pnl.navChange);
        expect(Object.values(result.pnl.scaledComponents).reduce((a, b) => a + b, 0n)).toBe(result.pnl.navChangeScaled);
      }),
      { numRuns: 6 },
    );
  });
});

describe('runBacktest: onProgress', () => {
  it('is told every block in order, and the result is byte-identical with and without it', () => {
    const seen: number[] = [];
    const options = { scenario: GBM, strategy: fixedRange, params: { halfWidthTicks: 600, fraction: 0.5, collectAtBlock: 80 }, vault: FUNDING, blocks: 90, seed: 5, guards: GUARDS, sampleEveryBlocks: 7 };
    const withProgress = runBacktest({
      ...options,
      onProgress: (done, total) => {
        expect(total).toBe(90);
        seen.push(done);
      },
    });
    expect(seen).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
    expect(backtestResultToJson(withProgress)).toBe(backtestResultToJson(runBacktest(options)));
  });
});
