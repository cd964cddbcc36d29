import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runBacktest } from '../../src/engine/backtest.js';
import { constantVolatility } from '../../src/engine/guards.js';
import type { LedgerEvent } from '../../src/engine/ledger.js';
import type { Searcher } from '../../src/market/agents/searcher.js';
import { buildSimulator } from '../../src/market/scenario/build.js';
import type { Intent, Strategy } from '../../src/strategy/types.js';
import { FUNDING, GBM, POOL } from './test-strategies.js';

/** Every `everyBlocks` blocks, a sizeable swap, alternating direction: prey for the searcher. */
const trader: Strategy<{ readonly everyBlocks: number }, { readonly next: number; readonly buy: boolean }> = {
  name: 'test-trader',
  paramsSchema: z.object({ everyBlocks: z.number().int().positive() }).strict(),
  initialMemory: () => ({ next: 0, buy: true }),
  decide: (view, book, params, memory) => {
    if (book.pending.length > 0 || view.blockNumber < memory.next) return { intents: [], memory };
    const intent: Intent = memory.buy
      ? { kind: 'swap', pool: POOL, zeroForOne: false, amountIn: 40_000_000_000n, reason: 'buy WETH for 40k USDC' }
      : { kind: 'swap', pool: POOL, zeroForOne: true, amountIn: 20n * 10n ** 18n, reason: 'sell 20 WETH' };
    return { intents: [intent], memory: { next: view.blockNumber + params.everyBlocks, buy: !memory.buy } };
  },
};

function run(k: number) {
  const built = buildSimulator({ ...GBM, seed: 5 });
  const result = runBacktest({
    simulator: built.simulator,
    tokenDecimals: GBM.tokens,
    strategy: trader,
    params: { everyBlocks: 6 },
    vault: { ...FUNDING, initialFunding: { ...FUNDING.initialFunding, USDC: 2_000_000_000_000n, WETH: 1_000n * 10n ** 18n, ETH: 10n * 10n ** 18n } },
    blocks: 400,
    seed: 5,
    guards: { k, confirmationSeconds: 24, deadlineSeconds: 120, volatility: constantVolatility(0.8) },
  });
  const searcher = built.agents.find((agent) => agent.name.includes('searcher')) as Searcher;
  return { result, searcher };
}

const fills = (events: readonly LedgerEvent[]) => events.filter((e) => e.type === 'fill') as (LedgerEvent & { type: 'fill' })[];

describe('MEV loss of the vault swaps', () => {
  it('equals, swap by swap, what the searcher itself computed the victim would get alone, and has its own PnL line', () => {
    // a loose guard (k = 20): the minimum output leaves room for a front-run
    const { result, searcher } = run(20);
    const sandwiched = fills(result.events).filter((e) => e.mevLossOut !== undefined);
    expect(sandwiched.length).toBeGreaterThan(3);
    for (const fill of sandwiched) {
      const plan = searcher.attacks.find((attack) => attack.victimId === fill.txId);
      expect(plan, `a plan for ${fill.txId}`).toBeDefined();
      const { amount0, amount1 } = fill.result as { amount0: bigint; amount1: bigint };
      const out = fill.action.kind === 'v3Swap' && fill.action.zeroForOne ? -amount1 : -amount0;
      expect(out).toBe(plan!.victimOut);
      expect(fill.mevLossOut).toBe(plan!.victimAloneOut - out);
      expect(fill.mevLossOut! > 0n).toBe(true);
    }
    const mev = result.pnl.components.find((c) => c.name === 'MEV loss')!.amount;
    expect(mev < 0n).toBe(true);
    expect(result.reportInput.counters.mevLost).toBe(-mev);
    expect(result.pnl.components.reduce((total, c) => total + c.amount, 0n)).toBe(result.pnl.navChange);
    // no swap the searcher did not attack is charged
    const attacked = new Set(searcher.attacks.map((attack) => attack.victimId));
    for (const fill of fills(result.events)) if (fill.mevLossOut !== undefined) expect(attacked.has(fill.txId)).toBe(true);
  });

  it('a tight guard leaves the searcher less to take', () => {
    const loose = run(20).result.reportInput.counters.mevLost;
    const tight = run(1).result.reportInput.counters.mevLost;
    expect(tight < loose).toBe(true);
  });
});
