import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runBacktest } from '../../src/engine/backtest.js';
import type { LedgerEvent } from '../../src/engine/ledger.js';
import type { Intent, Strategy } from '../../src/strategy/types.js';
import { FUNDING, GBM, GUARDS, POOL } from './test-strategies.js';

/**
 * Asks every block for a mint on ticks off the pool's spacing of 10 (the pool refuses it), or,
 * with `validFrom`, for a small valid swap from that block on.
 */
const stubborn: Strategy<{ readonly validFrom: number }, { readonly asked: number }> = {
  name: 'test-stubborn',
  paramsSchema: z.object({ validFrom: z.number().int() }).strict(),
  initialMemory: () => ({ asked: 0 }),
  decide: (view, book, params, memory) => {
    if (book.pending.length > 0) return { intents: [], memory };
    const intent: Intent =
      view.blockNumber >= params.validFrom
        ? { kind: 'swap', pool: POOL, zeroForOne: false, amountIn: 1_000_000n + BigInt(memory.asked), reason: 'a swap that lands' }
        : { kind: 'addLiquidity', pool: POOL, tickLower: -200_005, tickUpper: -199_995, liquidity: 10n ** 12n, reason: 'a mint off the spacing' };
    return { intents: [intent], memory: { asked: memory.asked + 1 } };
  },
};

const ofType = <T extends LedgerEvent['type']>(events: readonly LedgerEvent[], type: T) => events.filter((e) => e.type === type) as (LedgerEvent & { readonly type: T })[];

describe('the failure breaker', () => {
  it('halts after N reverts in a row: no intent after the halt, the market and the NAV run on', () => {
    for (const limit of [1, 3, 5]) {
      const result = runBacktest({ scenario: GBM, strategy: stubborn, params: { validFrom: 1e9 }, vault: FUNDING, blocks: 60, seed: 1, guards: GUARDS, haltAfterConsecutiveFailures: limit });
      const reverts = ofType(result.events, 'revert');
      const halted = ofType(result.events, 'halted');
      expect(reverts).toHaveLength(limit);
      expect(halted).toHaveLength(1);
      expect(result.halted).toEqual({ blockNumber: halted[0]!.blockNumber, timestampSeconds: halted[0]!.timestampSeconds, reason: halted[0]!.reason });
      expect(halted[0]!.reason).toContain(`${limit} failed sends in a row`);
      expect(halted[0]!.reason).toContain('v3Mint reverted');
      expect(ofType(result.events, 'intent').every((e) => e.blockNumber <= halted[0]!.blockNumber)).toBe(true);
      expect(result.series.blockNumber.at(-1)).toBe(GBM.chain.genesisBlockNumber + 60);
      expect(result.reportInput.notes.some((note) => note.startsWith('HALTED'))).toBe(true);
      // each revert still paid gas, and the PnL says so exactly
      const gasWei = reverts.reduce((total, e) => total + e.gasCostWei, 0n);
      expect(gasWei > 0n).toBe(true);
      expect(result.pnl.gasPaidTokens['ETH']).toBe(gasWei);
    }
  });

  it('0 never halts, and a fill resets the count', () => {
    const never = runBacktest({ scenario: GBM, strategy: stubborn, params: { validFrom: 1e9 }, vault: FUNDING, blocks: 40, seed: 2, guards: GUARDS, haltAfterConsecutiveFailures: 0 });
    expect(never.halted).toBeNull();
    expect(ofType(never.events, 'revert').length).toBeGreaterThan(10);
    // a few reverts, then swaps that land: with a limit of 5 it never trips
    const recovering = runBacktest({ scenario: GBM, strategy: stubborn, params: { validFrom: 4 }, vault: FUNDING, blocks: 40, seed: 2, guards: GUARDS, haltAfterConsecutiveFailures: 5 });
    // (the swaps that follow may revert on their own slippage guard now and then: not in a row)
    const mintReverts = ofType(recovering.events, 'revert').filter((e) => e.action.kind === 'v3Mint').length;
    expect(mintReverts >= 2 && mintReverts < 5).toBe(true);
    expect(ofType(recovering.events, 'fill').length).toBeGreaterThan(5);
    expect(recovering.halted).toBeNull();
  });

  it('refuses to send what the vault cannot pay gas for, in the ledger, and halts on it', () => {
    // enough ETH for some transactions, not for a run of them
    const result = runBacktest({
      scenario: GBM,
      strategy: stubborn,
      params: { validFrom: 0 },
      vault: { ...FUNDING, initialFunding: { ...FUNDING.initialFunding, ETH: 30_000_000_000_000_000n } },
      blocks: 200,
      seed: 3,
      guards: GUARDS,
    });
    const refusals = ofType(result.events, 'risk').filter((e) => e.decision.status === 'refused');
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    expect(refusals.every((e) => e.decision.reason.startsWith('[gas-budget]'))).toBe(true);
    expect(result.halted?.reason).toContain('[gas-budget]');
    // nothing the vault sent ran out of gas money at inclusion: the check is the txpool's rule
    expect(ofType(result.events, 'revert').some((e) => (e.revertReason ?? '').includes('insufficient funds'))).toBe(false);
    // the ETH left cannot pay for one more swap at the fee cap the refusal quoted
    const quoted = /sending needs (\d+) more/.exec(refusals.at(-1)!.decision.reason);
    expect(result.finalBook.idle['ETH']! < BigInt(quoted![1]!)).toBe(true);
    expect(result.finalBook.idle['ETH']! >= 0n).toBe(true);
    expect(ofType(result.events, 'fill').length).toBeGreaterThan(0);
  });

  it('refuses a negative or fractional limit naming the option', () => {
    expect(() => runBacktest({ scenario: GBM, strategy: stubborn, params: { validFrom: 0 }, vault: FUNDING, blocks: 5, seed: 1, guards: GUARDS, haltAfterConsecutiveFailures: -1 })).toThrow(
      /haltAfterConsecutiveFailures/,
    );
    expect(() => runBacktest({ scenario: GBM, strategy: stubborn, params: { validFrom: 0 }, vault: FUNDING, blocks: 5, seed: 1, guards: GUARDS, haltAfterConsecutiveFailures: 1.5 })).toThrow(
      /haltAfterConsecutiveFailures/,
    );
  });
});
