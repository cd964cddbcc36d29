/** A scripted perp trader for the engine's perp tests only (not a built-in). */
import { z } from 'zod';
import { scenarioSchema, type Scenario } from '../../src/market/scenario/schema.js';
import type { Intent, Strategy } from '../../src/strategy/types.js';
import { GBM } from './test-strategies.js';

/** The GBM test market plus a perp venue (USDC collateral) whose seeded funding settles every 10 minutes. */
export function gbmWithPerp(overrides: { intervalSeconds?: number; takerFeeBps?: number; ratePerInterval?: number } = {}): Scenario {
  const funding =
    overrides.ratePerInterval === undefined
      ? { model: 'seeded' as const, intervalSeconds: overrides.intervalSeconds ?? 600 }
      : { model: 'constant' as const, ratePerInterval: overrides.ratePerInterval, intervalSeconds: overrides.intervalSeconds ?? 600 };
  return scenarioSchema.parse({
    ...GBM,
    venues: { ...GBM.venues, perp: { collateralToken: 'USDC', funding, takerFeeBps: overrides.takerFeeBps ?? 5 } },
    // The venue is every trade's counterparty: it needs USDC to pay out a profitable withdrawal.
    funding: [...GBM.funding, { address: 'perp-venue', token: 'USDC', amount: '10000000' }],
  });
}

export type PerpStep =
  | { readonly kind: 'perpDeposit' | 'perpWithdraw'; readonly amount: string }
  | { readonly kind: 'perpTrade'; readonly sizeDeltaWei: string }
  | { readonly kind: 'closeAll' };

export interface PerpScriptParams {
  /** one step per decision once nothing is in flight, from this block */
  readonly startBlock: number;
  readonly gapBlocks: number;
  readonly steps: readonly PerpStep[];
}

/**
 * Sends its steps one at a time, each `gapBlocks` after the previous landed. 'closeAll' closes the
 * position and then withdraws all the collateral (two decisions).
 */
export const perpScript: Strategy<PerpScriptParams, { readonly next: number; readonly lastBlock: number; readonly closing: boolean }> = {
  name: 'test-perp-script',
  paramsSchema: z
    .object({
      startBlock: z.number().int(),
      gapBlocks: z.number().int().nonnegative(),
      steps: z.array(
        z.union([
          z.object({ kind: z.enum(['perpDeposit', 'perpWithdraw']), amount: z.string() }),
          z.object({ kind: z.literal('perpTrade'), sizeDeltaWei: z.string() }),
          z.object({ kind: z.literal('closeAll') }),
        ]),
      ),
    })
    .strict(),
  initialMemory: () => ({ next: 0, lastBlock: -1, closing: false }),
  decide: (view, book, params, memory) => {
    if (book.pending.length > 0 || view.blockNumber < params.startBlock || view.blockNumber < memory.lastBlock + params.gapBlocks) return { intents: [], memory };
    if (memory.closing) {
      const collateral = book.perp?.collateral ?? 0n;
      const intents: Intent[] = collateral > 0n ? [{ kind: 'perpWithdraw', amount: collateral, reason: 'take all collateral home' }] : [];
      return { intents, memory: { ...memory, closing: false, lastBlock: view.blockNumber } };
    }
    const step = params.steps[memory.next];
    if (step === undefined) return { intents: [], memory };
    const advanced = { ...memory, next: memory.next + 1, lastBlock: view.blockNumber };
    switch (step.kind) {
      case 'closeAll': {
        const size = book.perp?.sizeWei ?? 0n;
        const intents: Intent[] = size !== 0n ? [{ kind: 'perpTrade', sizeDeltaWei: -size, reason: 'close' }] : [];
        return { intents, memory: { ...advanced, closing: true } };
      }
      case 'perpTrade':
        return { intents: [{ kind: 'perpTrade', sizeDeltaWei: BigInt(step.sizeDeltaWei), reason: 'scripted trade' }], memory: advanced };
      default:
        return { intents: [{ kind: step.kind, amount: BigInt(step.amount), reason: 'scripted collateral' }], memory: advanced };
    }
  },
};
