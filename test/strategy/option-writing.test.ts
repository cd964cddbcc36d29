import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backtestResultToJson, runBacktest, type BacktestResult } from '../../src/engine/backtest.js';
import { InvalidInputError } from '../../src/errors.js';
import { coveredCall } from '../../src/strategy/covered-call.js';
import type { OptionWritingMemory, OptionWritingParams } from '../../src/strategy/covered-call.js';
import { coveredSizeWei } from '../../src/strategy/option-writing/selection.js';
import { putSelling } from '../../src/strategy/put-selling.js';
import { lockRequirement } from '../../src/market/options/collateral.js';
import { assertPnlAddsUp } from '../../src/report/report-input.js';
import type { Book, Strategy } from '../../src/strategy/types.js';
import type { MarketView } from '../../src/market/simulator/market-view.js';
import { gbmWithOptions, OPTION_GUARDS } from '../engine/option-strategies.js';
import { FUNDING } from '../engine/test-strategies.js';
import { component } from '../engine/pnl-assertions.js';

type Writer = Strategy<OptionWritingParams, OptionWritingMemory>;
const WEEK = 7 * 86_400;
const HOURLY_WEEKLIES = { blockSeconds: 3600, periodDays: 7 };

/**
 * The strategy with a check of every book it is shown: the option account never owes more than
 * it holds — each written call is covered by locked underlying, each written put by locked cash
 * (K × size, rounded up), and the account's value at the spot is >= 0.
 */
function audited(strategy: Writer, failures: string[]): Writer {
  return {
    ...strategy,
    decide: (view: MarketView, book: Book, params, memory) => {
      const account = book.options;
      if (account !== undefined) {
        let callsWritten = 0n;
        let putLock = 0n;
        for (const p of account.positions) {
          if (p.sizeWei >= 0n) continue;
          if (p.optionKind === 'call') callsWritten += -p.sizeWei;
          else putLock += lockRequirement('put', p.strike, -p.sizeWei, 6).cashUnits;
        }
        const value = Number(account.cash + account.lockedCash + account.positionsValue) / 1e6 + (Number(account.underlying + account.lockedUnderlying) / 1e18) * view.externalPrice;
        if (account.lockedUnderlying < callsWritten) failures.push(`block ${view.blockNumber}: calls ${callsWritten} > locked ${account.lockedUnderlying}`);
        if (account.lockedCash < putLock) failures.push(`block ${view.blockNumber}: put lock ${putLock} > locked ${account.lockedCash}`);
        if (value < 0) failures.push(`block ${view.blockNumber}: account value ${value}`);
        if (account.cash < 0n || account.underlying < 0n) failures.push(`block ${view.blockNumber}: negative free balance`);
      }
      for (const [token, amount] of Object.entries(book.idle)) if (amount < 0n) failures.push(`block ${view.blockNumber}: idle ${token} ${amount}`);
      return strategy.decide(view, book, params, memory);
    },
  };
}

function backtest(strategy: Writer, seed: number, blocks: number, options: { params?: Record<string, unknown>; jumps?: boolean } = {}): BacktestResult<OptionWritingMemory> {
  return runBacktest({
    scenario: gbmWithOptions({ ...HOURLY_WEEKLIES, ...(options.jumps === true ? { jumps: true } : {}) }),
    strategy,
    params: options.params ?? {},
    vault: FUNDING,
    blocks,
    seed,
    guards: OPTION_GUARDS,
  });
}

function sales(result: BacktestResult<OptionWritingMemory>): { strike: number; expirySeconds: number; sizeWei: bigint; premium: bigint; atSeconds: number; atIndex: number }[] {
  const out = [];
  for (const event of result.events) {
    if (event.type !== 'fill' || event.action.kind !== 'optionTrade') continue;
    const atIndex = result.series.timestampSeconds.indexOf(event.timestampSeconds);
    out.push({ strike: event.action.strike, expirySeconds: event.action.expirySeconds, sizeWei: event.action.sizeWei, premium: -(event.result as { premiumUnits: bigint }).premiumUnits, atSeconds: event.timestampSeconds, atIndex });
  }
  return out;
}

describe('option-writing vaults: covered call and cash-secured put', () => {
  for (const [strategy, kind] of [
    [coveredCall, 'call'],
    [putSelling, 'put'],
  ] as const) {
    it(`${strategy.name}: writes out-of-the-money ${kind}s on consecutive weeklies, collects premium, and the PnL adds up`, () => {
      const result = backtest(strategy, 7, 4 * 168);
      assertPnlAddsUp(result.reportInput);
      const sold = sales(result);
      expect(sold.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < sold.length; i++) expect(sold[i]!.expirySeconds - sold[i - 1]!.expirySeconds).toBe(WEEK);
      // each round is written after the previous one settled (the roll), one round at a time
      for (let i = 1; i < sold.length; i++) expect(sold[i]!.atSeconds).toBeGreaterThanOrEqual(sold[i - 1]!.expirySeconds);
      for (const sale of sold) {
        const spot = result.series.price[sale.atIndex - 1] ?? result.series.price[0]!;
        if (kind === 'call') expect(sale.strike).toBeGreaterThan(spot);
        else expect(sale.strike).toBeLessThan(spot);
        expect(sale.premium).toBeGreaterThan(0n);
      }
      const premium = component(result, 'option premium');
      expect(premium).toBe(sold.reduce((total, sale) => total + sale.premium, 0n));
      expect(premium).toBeGreaterThan(0n);
      expect(result.memory.roundsWritten).toBe(sold.length);
      // the covered call writes what the vault holds of the underlying (10 WETH) in the first round
      if (kind === 'call') expect(sold[0]!.sizeWei).toBe(FUNDING.initialFunding.WETH);
      else expect(lockRequirement('put', sold[0]!.strike, sold[0]!.sizeWei, 6).cashUnits).toBeLessThanOrEqual(FUNDING.initialFunding.USDC);
    });

    it(`${strategy.name}: never owes more than it holds, over seeds and jump paths through the strikes (property)`, () => {
      let settledInTheMoney = 0;
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 100_000 }), fc.boolean(), fc.double({ min: 0.05, max: 0.45, noNaN: true }), (seed, jumps, targetDelta) => {
          const failures: string[] = [];
          const result = backtest(audited(strategy, failures), seed, 2 * 168, { jumps, params: { targetDelta } });
          expect(failures).toEqual([]);
          assertPnlAddsUp(result.reportInput);
          // a sale may land after the bid fell below its reserve (the price moved for an hour): the
          // limit refuses it; a write the collateral does not cover is never sent
          for (const event of result.events) if (event.type === 'revert') expect(event.revertReason).toMatch(/^premium .* beyond limit/);
          expect(result.halted).toBeNull();
          for (const sale of sales(result)) {
            const index = result.series.timestampSeconds.findIndex((t) => t >= sale.expirySeconds);
            if (index < 0) continue;
            const settle = result.series.price[index]!;
            if (kind === 'call' ? settle > sale.strike : settle < sale.strike) settledInTheMoney++;
          }
        }),
        { seed: 31, numRuns: 6 },
      );
      expect(settledInTheMoney).toBeGreaterThan(0); // the property did cover paths through the strike
    });
  }

  it('is byte-identical for the same seed', () => {
    expect(backtestResultToJson(backtest(coveredCall, 3, 300))).toBe(backtestResultToJson(backtest(coveredCall, 3, 300)));
  });

  it('a strike nearer the money (higher target delta) collects more premium per contract', () => {
    const perContract = (targetDelta: number): number => {
      const sold = sales(backtest(coveredCall, 5, 200, { params: { targetDelta } }));
      return Number(sold[0]!.premium) / Number(sold[0]!.sizeWei);
    };
    expect(perContract(0.3)).toBeGreaterThan(perContract(0.1));
  });

  it('the put size is the largest the cash covers under the venue lock rule', () => {
    for (const [strike, cash] of [
      [1850, 20_000_000_000n],
      [1733.33, 5_000_000_001n],
      [2000, 1n],
    ] as const) {
      const size = coveredSizeWei('put', strike, cash, 6);
      expect(lockRequirement('put', strike, size, 6).cashUnits).toBeLessThanOrEqual(cash);
      expect(lockRequirement('put', strike, size + size / 1_000_000n + 1n, 6).cashUnits).toBeGreaterThan(cash);
    }
    expect(coveredSizeWei('call', 2000, 7n, 6)).toBe(7n);
  });

  it('refuses bad parameters with InvalidInputError naming params.<field>', () => {
    const attempt = (params: Record<string, unknown>): unknown => {
      try {
        backtest(coveredCall, 1, 2, { params });
      } catch (error) {
        return error;
      }
      return undefined;
    };
    for (const [params, field] of [
      [{ targetDelta: 0.7 }, 'params.targetDelta'],
      [{ reserveDiscount: 0 }, 'params.reserveDiscount'],
      [{ tenorSeconds: -1 }, 'params.tenorSeconds'],
      [{ collateralFraction: 1.5 }, 'params.collateralFraction'],
      [{ strikes: [2000] }, 'params.strikes'],
    ] as const) {
      const error = attempt(params);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe(field);
    }
  });
});
