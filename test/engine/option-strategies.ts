/** A scripted option trader and an option market for the engine's option tests only (not built-ins). */
import { z } from 'zod';
import { scenarioSchema, type Scenario } from '../../src/market/scenario/schema.js';
import type { Intent, Strategy } from '../../src/strategy/types.js';
import type { GuardSettings } from '../../src/engine/guards.js';
import { GBM, GUARDS } from './test-strategies.js';

/**
 * The GBM test market with 10-minute blocks and an option venue (USDC cash, WETH underlying)
 * listing dailies at 08:00 UTC (genesis is 22:13 UTC, so the first expiry is ~10 h = 59 blocks
 * away), or weeklies with hourly blocks for the strategies' rolls.
 */
export function gbmWithOptions(overrides: { blockSeconds?: number; periodDays?: number; volAnnual?: number; volLevel?: number; jumps?: boolean; perp?: boolean } = {}): Scenario {
  const price =
    overrides.jumps === true
      ? { model: 'merton', initialPrice: 2000, driftAnnual: 0, volAnnual: overrides.volAnnual ?? 0.8, jumpIntensityAnnual: 50, jumpMeanLog: 0, jumpVolLog: 0.08 }
      : { ...GBM.price, ...(overrides.volAnnual === undefined ? {} : { volAnnual: overrides.volAnnual }) };
  return scenarioSchema.parse({
    ...GBM,
    price,
    chain: { ...GBM.chain, blockSeconds: overrides.blockSeconds ?? 600 },
    venues: {
      ...GBM.venues,
      options: {
        cashToken: 'USDC',
        underlyingToken: 'WETH',
        volLevel: overrides.volLevel ?? 0.8,
        schedule: { periodDays: overrides.periodDays ?? 1, expiryHourUtc: 8, expiriesListed: 3 },
      },
      ...(overrides.perp === true ? { perp: { collateralToken: 'USDC', funding: { model: 'seeded', intervalSeconds: 3600 }, takerFeeBps: 5 } } : {}),
    },
    // The venue buys what the vault writes: it needs USDC to pay the premium out on a withdrawal.
    funding: [
      ...GBM.funding,
      { address: 'option-venue', token: 'USDC', amount: '10000000' },
      ...(overrides.perp === true ? [{ address: 'perp-venue', token: 'USDC', amount: '10000000' }] : []),
    ],
  });
}

export type OptionStep =
  | { readonly kind: 'deposit'; readonly cashUnits: string; readonly underlyingWei: string }
  | {
      readonly kind: 'trade';
      readonly side: 'buy' | 'sell';
      readonly optionKind: 'call' | 'put';
      /** index into the listed strikes (modulo their count) */
      readonly strikeIndex: number;
      /** index into the tradable expiries (modulo their count) */
      readonly expiryIndex: number;
      readonly sizeWei: string;
    }
  | { readonly kind: 'withdrawFree' };

export interface OptionScriptParams {
  readonly gapBlocks: number;
  readonly steps: readonly OptionStep[];
}

/** Sends its steps one at a time, each `gapBlocks` after the previous decision, once nothing is in flight. */
export const optionScript: Strategy<OptionScriptParams, { readonly next: number; readonly lastBlock: number }> = {
  name: 'test-option-script',
  paramsSchema: z
    .object({
      gapBlocks: z.number().int().nonnegative(),
      steps: z.array(
        z.union([
          z.object({ kind: z.literal('deposit'), cashUnits: z.string(), underlyingWei: z.string() }).strict(),
          z
            .object({
              kind: z.literal('trade'),
              side: z.enum(['buy', 'sell']),
              optionKind: z.enum(['call', 'put']),
              strikeIndex: z.number().int().nonnegative(),
              expiryIndex: z.number().int().nonnegative(),
              sizeWei: z.string(),
            })
            .strict(),
          z.object({ kind: z.literal('withdrawFree') }).strict(),
        ]),
      ),
    })
    .strict(),
  initialMemory: () => ({ next: 0, lastBlock: -1 }),
  decide: (view, book, params, memory) => {
    if (book.pending.length > 0 || view.blockNumber < memory.lastBlock + params.gapBlocks) return { intents: [], memory };
    const step = params.steps[memory.next];
    if (step === undefined) return { intents: [], memory };
    const advanced = { next: memory.next + 1, lastBlock: view.blockNumber };
    const intents: Intent[] = [];
    if (step.kind === 'deposit') {
      const cashUnits = BigInt(step.cashUnits);
      const underlyingWei = BigInt(step.underlyingWei);
      if (cashUnits + underlyingWei > 0n) intents.push({ kind: 'optionDeposit', cashUnits, underlyingWei, reason: 'scripted collateral' });
    } else if (step.kind === 'withdrawFree') {
      const options = book.options;
      if (options !== undefined && options.cash + options.underlying > 0n) {
        intents.push({ kind: 'optionWithdraw', cashUnits: options.cash, underlyingWei: options.underlying, reason: 'take the free collateral home' });
      }
    } else {
      const chain = view.options!;
      const expiries = chain.expiries();
      const expirySeconds = expiries[step.expiryIndex % expiries.length]!;
      const strikes = chain.strikes(expirySeconds);
      const strike = strikes[step.strikeIndex % strikes.length]!;
      intents.push({ kind: 'optionTrade', side: step.side, optionKind: step.optionKind, strike, expirySeconds, sizeWei: BigInt(step.sizeWei), reason: 'scripted trade' });
    }
    return { intents, memory: advanced };
  },
};

/** Guards for 10-minute (or hourly) blocks: a transaction needs a block or two to land. */
export const OPTION_GUARDS: GuardSettings = { ...GUARDS, confirmationSeconds: 600, deadlineSeconds: 7200 };
