import { describe, expect, it } from 'vitest';
import { runBacktest, type BacktestResult } from '../../src/engine/backtest.js';
import { InvalidInputError } from '../../src/errors.js';
import type { MarketView } from '../../src/market/simulator/market-view.js';
import { ewmaVarianceSeries } from '../../src/math/ewma.js';
import { assertPnlAddsUp } from '../../src/report/report-input.js';
import { ironCondor } from '../../src/strategy/iron-condor.js';
import { straddle, type VolHarvestMemory, type VolHarvestParams } from '../../src/strategy/straddle.js';
import type { Book, Strategy } from '../../src/strategy/types.js';
import { EMPTY_FORECAST, observe } from '../../src/strategy/vol-harvest/forecast.js';
import { gbmWithOptions, OPTION_GUARDS } from '../engine/option-strategies.js';
import { FUNDING } from '../engine/test-strategies.js';

type Harvester = Strategy<VolHarvestParams, VolHarvestMemory>;
type Result = BacktestResult<VolHarvestMemory>;

/** Records, at every decision, whether the option account owes more than it holds at the spot. */
function audited(strategy: Harvester, failures: string[]): Harvester {
  return {
    ...strategy,
    decide: (view: MarketView, book: Book, params, memory) => {
      const a = book.options;
      if (a !== undefined) {
        const value = Number(a.cash + a.lockedCash + a.positionsValue) / 1e6 + (Number(a.underlying + a.lockedUnderlying) / 1e18) * view.externalPrice;
        if (value < 0) failures.push(`block ${view.blockNumber}: account value ${value}`);
        let calls = 0n;
        for (const p of a.positions) if (p.optionKind === 'call' && p.sizeWei < 0n) calls += -p.sizeWei;
        if (a.lockedUnderlying < calls) failures.push(`block ${view.blockNumber}: calls not covered`);
      }
      return strategy.decide(view, book, params, memory);
    },
  };
}

function run(strategy: Harvester, seed: number, market: { volAnnual: number; volLevel: number }, params: Record<string, unknown> = {}): Result {
  return runBacktest({
    scenario: gbmWithOptions({ blockSeconds: 3600, periodDays: 7, ...market }),
    strategy,
    params,
    vault: FUNDING,
    blocks: 3 * 168,
    seed,
    guards: { ...OPTION_GUARDS, confirmationSeconds: 3600 },
  });
}

const trades = (result: Result) =>
  result.events.flatMap((e) => (e.type === 'fill' && e.action.kind === 'optionTrade' ? [{ ...e.action, premium: -(e.result as { premiumUnits: bigint }).premiumUnits }] : []));

const RICH = { volAnnual: 0.4, volLevel: 0.8 }; // implied 0.64 vs realized ~0.16
const CHEAP = { volAnnual: 0.8, volLevel: 0.5 }; // implied 0.25 vs realized ~0.64

describe('volatility harvesting: short straddle and iron condor', () => {
  it('the forecast is RiskMetrics EWMA on the sampled log returns (math/ewma.ts)', () => {
    const prices = [2000, 2010, 1990, 2030, 2025, 1980];
    let f = EMPTY_FORECAST;
    prices.forEach((p, i) => {
      f = observe(f, i * 3600, p, 3600, 0.9);
      f = observe(f, i * 3600 + 1200, 1, 3600, 0.9); // within the sample: ignored
    });
    const returns = prices.slice(1).map((p, i) => Math.log(p / prices[i]!));
    const expected = ewmaVarianceSeries(returns, { lambda: 0.9, initialVariance: returns[0]! * returns[0]! }).at(-1)!;
    expect(f.variancePerSample).toBeCloseTo(expected, 15);
    expect(f.samples).toBe(returns.length);
  });

  it('straddle: writes the at-the-money call and put (same strike, same size) when implied variance is rich, and never owes more than it holds', () => {
    for (const seed of [1, 2, 3]) {
      const failures: string[] = [];
      const result = run(audited(straddle, failures), seed, RICH);
      expect(failures).toEqual([]);
      assertPnlAddsUp(result.reportInput);
      const sold = trades(result);
      expect(sold.length).toBeGreaterThanOrEqual(4);
      for (let i = 0; i + 1 < sold.length; i += 2) {
        expect(sold[i]!.side).toBe('sell');
        expect([sold[i]!.optionKind, sold[i + 1]!.optionKind]).toEqual(['call', 'put']);
        expect(sold[i + 1]!.strike).toBe(sold[i]!.strike);
        expect(sold[i + 1]!.sizeWei).toBe(sold[i]!.sizeWei);
        expect(sold[i]!.premium).toBeGreaterThan(0n);
      }
      expect(result.pnl.components.find((c) => c.name === 'option premium')!.amount).toBeGreaterThan(0n);
      expect(result.memory.roundsWritten).toBe(sold.length / 2);
    }
  });

  it('stays in cash when implied variance does not beat the forecast by the margin', () => {
    for (const strategy of [straddle, ironCondor]) {
      const result = run(strategy, 4, CHEAP);
      expect(result.events.some((e) => (e.type === 'fill' || e.type === 'submitted') && ('action' in e ? e.action.kind.startsWith('option') : e.actions.some((a) => a.kind.startsWith('option'))))).toBe(false);
      expect(result.finalBook.options).toBeUndefined();
    }
  });

  it('iron condor: short strikes inside long wings on both sides, wings bought, the account never owes more than it holds', () => {
    for (const seed of [5, 6]) {
      const failures: string[] = [];
      const result = run(audited(ironCondor, failures), seed, RICH);
      expect(failures).toEqual([]);
      assertPnlAddsUp(result.reportInput);
      // the legs are separate transactions: one may meet its limit and revert (never anything else)
      for (const event of result.events) if (event.type === 'revert') expect(event.revertReason).toMatch(/beyond limit/);
      const legs = trades(result);
      const expiries = [...new Set(legs.map((l) => l.expirySeconds))];
      const round = expiries.map((expiry) => legs.filter((l) => l.expirySeconds === expiry)).find((r) => r.length === 4)!;
      expect(round).toBeDefined();
      const leg = (side: string, kind: string) => round.find((l) => l.side === side && l.optionKind === kind)!;
      expect(leg('buy', 'call').strike).toBeGreaterThan(leg('sell', 'call').strike);
      expect(leg('buy', 'put').strike).toBeLessThan(leg('sell', 'put').strike);
      expect(leg('buy', 'call').premium).toBeLessThan(0n);
      // net credit: the shorts nearer the money are worth more than the wings
      expect(round.reduce((total, l) => total + l.premium, 0n)).toBeGreaterThan(0n);
    }
  });

  it('refuses bad parameters with InvalidInputError naming params.<field>', () => {
    for (const [params, field] of [
      [{ shortDelta: 0.1, wingDelta: 0.2 }, 'params.wingDelta'],
      [{ varianceMarginFraction: -1 }, 'params.varianceMarginFraction'],
      [{ ewmaLambda: 1 }, 'params.ewmaLambda'],
      [{ width: 3 }, 'params.width'],
    ] as const) {
      let caught: unknown;
      try {
        runBacktest({ scenario: gbmWithOptions(), strategy: ironCondor, params, vault: FUNDING, blocks: 1, seed: 1, guards: OPTION_GUARDS });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidInputError);
      expect((caught as InvalidInputError).field).toBe(field);
    }
  });
});
