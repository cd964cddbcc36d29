import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/engine/backtest.js';
import type { MarketView } from '../../src/market/simulator/market-view.js';
import { assertPnlAddsUp } from '../../src/report/report-input.js';
import { coveredCall, type OptionWritingMemory, type OptionWritingParams } from '../../src/strategy/covered-call.js';
import { deltaHedgeIntents, deltaHedgeParamsSchema, netDeltaUnits } from '../../src/strategy/hedging/delta-hedge.js';
import type { Book, BookOptionPosition, BookPerpPosition, Strategy } from '../../src/strategy/types.js';
import { gbmWithOptions, OPTION_GUARDS } from '../engine/option-strategies.js';
import { FUNDING } from '../engine/test-strategies.js';

const ONE = 10n ** 18n;
const params = deltaHedgeParamsSchema.parse({ bandUnits: 0.5, marginRatio: 0.3 });
const view = { externalPrice: 2000 } as MarketView;

function book(overrides: Partial<Book> = {}): Book {
  const call: BookOptionPosition = { optionKind: 'call', strike: 2200, expirySeconds: 1, sizeWei: -ONE, markPrice: 10, volatility: 0.8, value: -10_000_000n, delta: -0.3, gamma: -0.001, vega: -5, theta: 900 };
  return {
    address: 'vault',
    blockNumber: 1,
    idle: { WETH: 2n * ONE, ETH: 5n * ONE, USDC: 50_000_000_000n },
    lp: [],
    lending: [{ market: 'lending', asset: 'WETH', supplied: ONE / 2n, debt: ONE / 4n }],
    options: { cashToken: 'USDC', underlyingToken: 'WETH', cash: 0n, underlying: 0n, lockedCash: 0n, lockedUnderlying: ONE, positions: [call], positionsValue: -10_000_000n },
    pending: [],
    sharesOutstanding: 0n,
    ...overrides,
  };
}

describe('delta hedge component', () => {
  it('net Δ = risky inventory + option collateral + option Δ + perp size (the gas token is not the risky asset)', () => {
    // 2 idle + 0.25 lent net + 1 locked − 0.3 written call
    expect(netDeltaUnits(book(), ['WETH'])).toBeCloseTo(2 + 0.25 + 1 - 0.3, 12);
    const perp = { sizeWei: -ONE, equity: 10_000_000_000n } as BookPerpPosition;
    expect(netDeltaUnits(book({ perp }), ['WETH'])).toBeCloseTo(2.95 - 1, 12);
  });

  it('does nothing inside the band, posts margin first, then trades −(Δ − target)', () => {
    const inside = book({ idle: { WETH: 0n, USDC: 50_000_000_000n } }); // Δ = 0.25 lent + 1 locked − 0.3 written = 0.95
    expect(deltaHedgeIntents(view, inside, { ...params, bandUnits: 1 }).intents).toEqual([]);
    const [deposit] = deltaHedgeIntents(view, book(), params).intents;
    // 2.95 units short at 2000 × 0.3 = 1770 USDC of margin
    expect(deposit).toMatchObject({ kind: 'perpDeposit', amount: 1_770_000_000n });
    const funded = book({ perp: { sizeWei: 0n, equity: 1_770_000_000n } as BookPerpPosition });
    const [trade] = deltaHedgeIntents(view, funded, params).intents;
    expect(trade).toMatchObject({ kind: 'perpTrade', sizeDeltaWei: -2_950_000_000_000_000_000n });
    const [towardTarget] = deltaHedgeIntents(view, funded, { ...params, targetDelta: 2 }).intents;
    expect(towardTarget).toMatchObject({ kind: 'perpTrade', sizeDeltaWei: -950_000_000_000_000_000n });
  });

  it('attached to the covered call: the perp shorts the vault to near-neutral between writes, the hedge costs land in the ledger, and the PnL adds up', () => {
    const seen: { hedged: number[]; bare: number[] } = { hedged: [], bare: [] };
    const watch = (into: number[]): Strategy<OptionWritingParams, OptionWritingMemory> => ({
      ...coveredCall,
      decide: (v: MarketView, b: Book, p, m) => {
        if (b.pending.length === 0 && b.options?.positions.length) into.push(netDeltaUnits(b, ['WETH']));
        return coveredCall.decide(v, b, p, m);
      },
    });
    const run = (strategy: Strategy<OptionWritingParams, OptionWritingMemory>, hedge: boolean) =>
      runBacktest({
        scenario: gbmWithOptions({ blockSeconds: 3600, periodDays: 7, perp: true }),
        strategy,
        params: hedge ? { hedge: { bandUnits: 0.5 } } : {},
        vault: FUNDING,
        blocks: 2 * 168,
        seed: 12,
        // hourly blocks: a transaction lands an hour after its decision, the guard's Δt
        guards: { ...OPTION_GUARDS, confirmationSeconds: 3600 },
      });
    const hedged = run(watch(seen.hedged), true);
    run(watch(seen.bare), false);
    assertPnlAddsUp(hedged.reportInput);
    expect(hedged.halted).toBeNull();
    // a perp trade may still meet its k·σ·√Δt limit after a 3σ hour: never anything else
    for (const event of hedged.events) if (event.type === 'revert') expect(event.revertReason).toMatch(/beyond limit/);
    expect(hedged.counters.reverts).toBeLessThanOrEqual(1);
    expect(hedged.finalBook.perp!.sizeWei).toBeLessThan(0n);
    expect(hedged.pnl.components.find((c) => c.name === 'hedge PnL')!.amount).not.toBe(0n);
    expect(hedged.pnl.components.find((c) => c.name === 'option premium')!.amount).toBeGreaterThan(0n);
    const meanAbs = (xs: number[]): number => xs.reduce((a, x) => a + Math.abs(x), 0) / xs.length;
    // the bare covered call is ~10 − 10·Δ_call long; the hedge keeps it within a few tenths of zero
    expect(meanAbs(seen.bare)).toBeGreaterThan(5);
    expect(meanAbs(seen.hedged.slice(seen.hedged.length / 4))).toBeLessThan(0.75);
  });
});
