/**
 * Delta hedging as a component any strategy can attach (issue 6): it reads the book's net delta
 * against the risky asset and squares it on the perp venue when it leaves a band around a target.
 *
 *   net Δ = risky inventory (idle, option collateral free and locked, LP principal and fees,
 *           lending supply less debt) + Σ option Δ (BSM at the venue's surface vol) + perp size
 *
 * all in units of the risky asset. When |net Δ − target| > band, the perp trade is −(net Δ −
 * target). The perp account is kept at `marginRatio` of the hedge's notional: a deposit from the
 * idle collateral token comes first (its own decision, since the trade needs it landed), then the
 * trade. Pure; its costs (taker fees, funding, gas) land in the ledger as the perp's.
 */
import { z } from 'zod';
import type { MarketView } from '../../market/simulator/market-view.js';
import type { Book, Intent } from '../types.js';

export const deltaHedgeParamsSchema = z
  .object({
    /** the net delta the hedge aims at, units of the risky asset (0: neutral) */
    targetDelta: z.number().finite().default(0),
    /** no trade while |net Δ − target| is within this many units */
    bandUnits: z.number().positive().finite().default(0.5),
    /** perp collateral kept at this share of the hedge's notional at the spot (above the venue's initial margin) */
    marginRatio: z.number().gt(0).max(1).default(0.3),
    /** the perp venue's collateral token and its decimals */
    collateralToken: z.string().min(1).default('USDC'),
    collateralDecimals: z.number().int().min(0).max(36).default(6),
    /** tokens that are the risky asset (WETH; not the gas token, which the vault spends) */
    riskyTokens: z.array(z.string().min(1)).min(1).default(['WETH']),
  })
  .strict();

export type DeltaHedgeParams = z.infer<typeof deltaHedgeParamsSchema>;

function units(amount: bigint, decimals: number): number {
  return Number(amount) / 10 ** decimals;
}

/** The book's net delta in units of the risky asset (18-decimal risky tokens). */
export function netDeltaUnits(book: Book, riskyTokens: readonly string[], poolTokens?: (pool: string) => readonly [string, string]): number {
  const risky = new Set(riskyTokens);
  let delta = 0;
  for (const [token, amount] of Object.entries(book.idle)) if (risky.has(token)) delta += units(amount, 18);
  for (const p of book.lp) {
    const tokens = poolTokens?.(p.pool);
    if (tokens === undefined) continue;
    if (risky.has(tokens[0])) delta += units(p.amount0 + p.feesOwed0 + p.principalOwed0, 18);
    if (risky.has(tokens[1])) delta += units(p.amount1 + p.feesOwed1 + p.principalOwed1, 18);
  }
  for (const l of book.lending) if (risky.has(l.asset)) delta += units(l.supplied - l.debt, 18);
  const options = book.options;
  if (options !== undefined) {
    if (risky.has(options.underlyingToken)) delta += units(options.underlying + options.lockedUnderlying, 18);
    for (const p of options.positions) delta += p.delta;
  }
  if (book.perp !== undefined) delta += units(book.perp.sizeWei, 18);
  return delta;
}

/** What the hedge wants now: nothing inside the band, else a collateral top-up or the perp trade. */
export function deltaHedgeIntents(view: MarketView, book: Book, params: DeltaHedgeParams): { readonly intents: readonly Intent[]; readonly note: string } {
  const delta = netDeltaUnits(book, params.riskyTokens);
  const gap = delta - params.targetDelta;
  if (Math.abs(gap) <= params.bandUnits) return { intents: [], note: `net Δ ${delta.toFixed(3)} within ±${params.bandUnits} of ${params.targetDelta}` };
  const sizeDeltaWei = -BigInt(Math.round(gap * 1e6)) * 10n ** 12n;
  if (sizeDeltaWei === 0n) return { intents: [], note: `net Δ ${delta.toFixed(3)}: a hedge below a micro-unit` };
  const newSizeUnits = Math.abs(units((book.perp?.sizeWei ?? 0n) + sizeDeltaWei, 18));
  const needed = BigInt(Math.ceil(newSizeUnits * view.externalPrice * params.marginRatio * 10 ** params.collateralDecimals));
  const equity = book.perp?.equity ?? 0n;
  if (equity < needed) {
    const idle = book.idle[params.collateralToken] ?? 0n;
    const amount = needed - equity < idle ? needed - equity : idle;
    if (amount > 0n) return { intents: [{ kind: 'perpDeposit', amount, reason: `delta hedge: margin for a ${newSizeUnits.toFixed(3)}-unit perp at ${params.marginRatio}` }], note: 'depositing hedge margin' };
    if (equity === 0n) return { intents: [], note: `net Δ ${delta.toFixed(3)} but no ${params.collateralToken} for the hedge's margin` };
  }
  return {
    intents: [{ kind: 'perpTrade', sizeDeltaWei, reason: `delta hedge: net Δ ${delta.toFixed(3)} outside ±${params.bandUnits} of ${params.targetDelta}` }],
    note: `hedging ${(-gap).toFixed(3)} units on the perp`,
  };
}
