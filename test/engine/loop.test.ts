import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runBacktest } from '../../src/engine/backtest.js';
import { freezeView, sealableFrozenView, StaleViewError } from '../../src/engine/frozen-view.js';
import { intentKey } from '../../src/engine/loop.js';
import { oracleDeviation, threshold } from '../../src/engine/triggers.js';
import { buildSimulator } from '../../src/market/scenario/build.js';
import type { Scenario } from '../../src/market/scenario/schema.js';
import type { RiskCheck } from '../../src/risk/types.js';
import type { Book, Intent, Strategy } from '../../src/strategy/types.js';
import type { MarketView } from '../../src/market/simulator/market-view.js';
import { FUNDING, fixedRange, GBM, GUARDS, POOL } from './test-strategies.js';

const slowChain = (delay: number, ttl = 25): Scenario => ({ ...GBM, chain: { ...GBM.chain, inclusionDelayBlocks: delay, ttlBlocks: ttl } });

const swapIntent: Intent = { kind: 'swap', pool: POOL, zeroForOne: false, amountIn: 1_000_000_000n, reason: 'buy a little WETH' };

/** Asks for the same swap at every block, and records what it saw. */
function repeater(seen: { pending: number[]; frozen: boolean[] }): Strategy<Record<string, never>, { readonly n: number }> {
  return {
    name: 'test-repeater',
    paramsSchema: z.object({}) as unknown as z.ZodType<Record<string, never>>,
    initialMemory: () => ({ n: 0 }),
    decide: (view, book, _params, memory) => {
      seen.pending.push(book.pending.length);
      seen.frozen.push(Object.isFrozen(book) && Object.isFrozen(book.idle) && Object.isFrozen(view) && Object.isFrozen(memory));
      return { intents: [swapIntent], memory: { n: memory.n + 1 } };
    },
  };
}

describe('engine loop', () => {
  it('does not resubmit an intent while its transaction is pending, and shows it in Book.pending', () => {
    const seen = { pending: [] as number[], frozen: [] as boolean[] };
    const result = runBacktest({ scenario: slowChain(3), strategy: repeater(seen), params: {}, vault: FUNDING, blocks: 12, seed: 1, guards: { ...GUARDS, k: 50 } });
    const submitted = result.events.filter((e) => e.type === 'submitted');
    const fills = result.events.filter((e) => e.type === 'fill');
    // decided at every block, but one in flight at a time: sent, lands 3 blocks later, sent again
    expect(result.counters.decisions).toBe(12);
    expect(submitted.map((e) => e.blockNumber)).toEqual([1, 4, 7, 10]);
    expect(fills.length).toBe(3);
    for (const [i, fill] of fills.entries()) expect(fill.blockNumber).toBe(submitted[i]!.blockNumber + 3);
    expect(seen.pending.filter((n) => n === 1).length).toBeGreaterThan(0);
    expect(seen.frozen.every(Boolean)).toBe(true);
    expect(result.memory).toEqual({ n: 12 });
  });

  it('a deadline passed before inclusion reverts with gas paid; an expired transaction is dropped without gas', () => {
    const late = runBacktest({
      scenario: slowChain(3),
      strategy: repeater({ pending: [], frozen: [] }),
      params: {},
      vault: FUNDING,
      blocks: 5,
      seed: 1,
      guards: { ...GUARDS, k: 50, deadlineSeconds: 12 },
    });
    const revert = late.events.find((e) => e.type === 'revert');
    expect(revert?.type === 'revert' && revert.revertReason).toMatch(/Transaction too old/);
    expect(revert?.type === 'revert' && revert.gasCostWei).toBeGreaterThan(0n);

    const expired = runBacktest({ scenario: slowChain(3, 1), strategy: repeater({ pending: [], frozen: [] }), params: {}, vault: FUNDING, blocks: 6, seed: 1, guards: GUARDS });
    expect(expired.events.some((e) => e.type === 'dropped')).toBe(true);
    expect(expired.counters.gasPaidWei).toBe(0n);
    expect(expired.pnl.components.reduce((t, c) => t + c.amount, 0n)).toBe(expired.pnl.navChange);
  });

  it('records refused intents and sends nothing for them', () => {
    const refuseAll: RiskCheck = { check: (intents) => intents.map((original) => ({ status: 'refused', original, reason: 'test refusal' })) };
    const result = runBacktest({ scenario: GBM, strategy: repeater({ pending: [], frozen: [] }), params: {}, vault: FUNDING, blocks: 4, seed: 1, guards: GUARDS, risk: refuseAll });
    expect(result.events.filter((e) => e.type === 'risk')).toHaveLength(4);
    expect(result.events.some((e) => e.type === 'submitted')).toBe(false);
    expect(result.counters.gasPaidWei).toBe(0n);
  });

  it('decide is pure: the same frozen inputs give equal outputs', () => {
    const { simulator } = buildSimulator(GBM);
    simulator.run(3);
    const view = freezeView(simulator.view);
    const book: Book = Object.freeze({
      address: 'vault',
      blockNumber: 3,
      idle: Object.freeze({ USDC: 10_000_000_000n, WETH: 5_000_000_000_000_000_000n }),
      lp: Object.freeze([]),
      lending: Object.freeze([]),
      pending: Object.freeze([]),
      sharesOutstanding: 0n,
    });
    const params = Object.freeze({ halfWidthTicks: 600, fraction: 0.5, collectAtBlock: 100 });
    const memory = Object.freeze({ collected: false });
    const a = fixedRange.decide(view, book, params, memory);
    simulator.run(2); // the live market moves on; the frozen view does not
    const b = fixedRange.decide(view, book, params, memory);
    expect(b).toEqual(a);
    expect(a.intents).toHaveLength(1);
    expect(() => {
      (book.idle as Record<string, bigint>)['USDC'] = 0n;
    }).toThrow(TypeError);
    expect(view.blockNumber).toBe(3);
  });

  it("the loop's lazy view answers as the eager one while open, and refuses reads once sealed", () => {
    const { simulator } = buildSimulator(GBM);
    simulator.run(3);
    const eager = freezeView(simulator.view);
    const lazy = sealableFrozenView(simulator.view);
    const pool = eager.poolIds[0]!;
    expect(lazy.view.pool(pool)).toEqual(eager.pool(pool));
    expect(lazy.view.oracleRound('WETH')).toEqual(eager.oracleRound('WETH'));
    expect(lazy.view.pool(pool)).toBe(lazy.view.pool(pool));
    expect(Object.isFrozen(lazy.view.pool(pool))).toBe(true);
    lazy.seal();
    expect(() => lazy.view.pool(pool)).toThrow(StaleViewError);
    expect(() => lazy.view.oracle('WETH')).toThrow(/after its decision/);
    simulator.run(2);
    expect(eager.blockNumber).toBe(3);
  });

  it('intentKey ignores the reason only', () => {
    expect(intentKey(swapIntent)).toBe(intentKey({ ...swapIntent, reason: 'other words' }));
    expect(intentKey(swapIntent)).not.toBe(intentKey({ ...swapIntent, amountIn: 1n }));
  });
});

describe('triggers', () => {
  const fakeView = (answer: bigint): MarketView =>
    ({ oracleRound: () => ({ roundId: 1n, answer, startedAt: 0, updatedAt: 0, answeredInRound: 1n }), blockTimestampSeconds: 0 }) as unknown as MarketView;
  const book = {} as Book;

  it('oracleDeviation fires first, then only on a move of at least the threshold from the last decision', () => {
    const trigger = oracleDeviation('WETH', 50);
    expect(trigger.fires(fakeView(200_000n), book)).toBe(true);
    trigger.decided(fakeView(200_000n));
    expect(trigger.fires(fakeView(200_999n), book)).toBe(false);
    expect(trigger.fires(fakeView(201_000n), book)).toBe(true); // exactly 50 bps
    expect(trigger.fires(fakeView(199_000n), book)).toBe(true);
  });

  it('threshold fires on its predicate', () => {
    const trigger = threshold('idle USDC above 1', (_view, b) => (b.idle['USDC'] ?? 0n) > 1_000_000n);
    expect(trigger.fires(fakeView(1n), { idle: { USDC: 2_000_000n } } as unknown as Book)).toBe(true);
    expect(trigger.fires(fakeView(1n), { idle: {} } as unknown as Book)).toBe(false);
  });
});
