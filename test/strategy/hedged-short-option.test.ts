/**
 * The delta hedge attached to a single short option (small size: one at-the-money put, secured by
 * cash), hedged every hour on a perp without fees or funding: its PnL is the premium minus the
 * realized-versus-implied variance term, ½∫ΓS²(σ_imp² − σ_real²)dt ≈ vega·(σ_imp − σ_real) —
 * positive when the option was sold above the realized vol, negative below — and hedging takes
 * most of the variance out of the unhedged short's PnL.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runBacktest } from '../../src/engine/backtest.js';
import { blackScholesPrice } from '../../src/math/black-scholes.js';
import { scenarioSchema } from '../../src/market/scenario/schema.js';
import { deltaHedgeIntents, deltaHedgeParamsSchema } from '../../src/strategy/hedging/delta-hedge.js';
import type { Strategy } from '../../src/strategy/types.js';
import { gbmWithOptions, OPTION_GUARDS } from '../engine/option-strategies.js';

const ONE = 10n ** 18n;
const hedgeParams = deltaHedgeParamsSchema.parse({ bandUnits: 0.01, marginRatio: 0.5, riskyTokens: ['WETH'] });

/** Sells one at-the-money put on the first weekly expiry, then (optionally) hedges every block. */
const shortPut: Strategy<{ hedge: boolean }, { sold: boolean }> = {
  name: 'test-short-put',
  paramsSchema: z.object({ hedge: z.boolean() }).strict(),
  initialMemory: () => ({ sold: false }),
  decide: (view, book, params, memory) => {
    if (book.pending.length > 0) return { intents: [], memory };
    if (!memory.sold) {
      if ((book.options?.cash ?? 0n) === 0n) return { intents: [{ kind: 'optionDeposit', cashUnits: 5_000_000_000n, reason: 'secure the put' }], memory };
      const chain = view.options!;
      const expirySeconds = chain.expiries()[0]!;
      const strike = chain.strikes(expirySeconds).reduce((best, k) => (Math.abs(k - view.externalPrice) < Math.abs(best - view.externalPrice) ? k : best));
      return { intents: [{ kind: 'optionTrade', side: 'sell', optionKind: 'put', strike, expirySeconds, sizeWei: ONE, reason: 'write' }], memory: { sold: true } };
    }
    if (!params.hedge) return { intents: [], memory };
    // after the settlement the hedge has nothing left to hedge: close it
    if ((book.options?.positions.length ?? 0) === 0) {
      const size = book.perp?.sizeWei ?? 0n;
      return { intents: size === 0n ? [] : [{ kind: 'perpTrade', sizeDeltaWei: -size, reason: 'close the hedge' }], memory };
    }
    return { intents: deltaHedgeIntents(view, book, hedgeParams).intents, memory };
  },
};

function pnls(volAnnual: number, volLevel: number, hedge: boolean, seeds: number): number[] {
  const base = gbmWithOptions({ blockSeconds: 3600, periodDays: 7, volAnnual, volLevel, perp: true });
  const scenario = scenarioSchema.parse({ ...base, venues: { ...base.venues, perp: { collateralToken: 'USDC', funding: { model: 'constant', ratePerInterval: 0, intervalSeconds: 3600 }, takerFeeBps: 0 } } });
  const out: number[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const result = runBacktest({
      scenario,
      strategy: shortPut,
      params: { hedge },
      vault: { numeraire: 'USDC', initialFunding: { USDC: 20_000_000_000n, ETH: ONE } },
      blocks: 72, // past the first Friday 08:00 expiry (~58 h after genesis)
      seed,
      guards: { ...OPTION_GUARDS, confirmationSeconds: 3600 },
    });
    // the short option and its hedge: premium, settlement / mark-to-market, hedge PnL, funding (the
    // gas token's price effect and the gas are not the option's)
    const of = (name: string): bigint => result.pnl.components.find((c) => c.name === name)!.amount;
    out.push(Number(of('option premium') + of('option settlement / mark-to-market') + of('hedge PnL') + of('funding')) / 1e6);
  }
  return out;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: number[]): number => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

describe('delta hedge on a single short option', () => {
  it('earns the premium minus the variance term: positive when sold above realized vol, negative below; hedging cuts the PnL spread', () => {
    const rich = pnls(0.3, 0.9, true, 16);
    const cheap = pnls(0.9, 0.3, true, 16);
    const bare = pnls(0.3, 0.9, false, 16);
    // the variance term, independently: the ATM put (S = K = 2000, sold ~2 h after genesis, ~56 h
    // to the Friday 08:00 expiry) at the implied vol less at the realized vol
    const at = (volatility: number): number => blackScholesPrice({ kind: 'put', spot: 2000, strike: 2000, rate: 0, dividendYield: 0, volatility, expiry: 56 / 8760 });
    const term = at(0.9) - at(0.3);
    // hourly hedges that land an hour late and the bid/ask leave a gap: within half the term
    expect(mean(rich)).toBeGreaterThan(0.5 * term);
    expect(mean(rich)).toBeLessThan(1.2 * term);
    expect(mean(cheap)).toBeLessThan(-0.5 * term);
    expect(mean(cheap)).toBeGreaterThan(-1.5 * term);
    // hedging takes most of the variance out of the short's PnL (variance ratio < 0.36)
    expect(std(rich)).toBeLessThan(0.6 * std(bare));
  });
});
