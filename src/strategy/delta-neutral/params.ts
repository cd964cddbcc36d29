/**
 * Parameters of the delta-neutral liquidity strategy, validated with zod at the edge (units in
 * the names; unknown keys refused). See delta-neutral.ts for what each one steers.
 */
import { z } from 'zod';

const positiveInt = z.number().int().positive();
const bps = z.number().int().min(0).max(10_000);

export const deltaNeutralParamsSchema = z
  .object({
    pool: z.string().min(1),
    token0: z.string().min(1),
    token1: z.string().min(1),
    /** the volatile token of the pool (WETH); the other is the stable one the NAV is counted in */
    riskyToken: z.string().min(1),
    riskyDecimals: z.number().int().min(0).max(36),
    stableDecimals: z.number().int().min(0).max(36),
    /** tokens the book delta counts as the risky asset too (the native gas token ETH marked as WETH) */
    riskyAliases: z.array(z.string().min(1)).default([]),
    /** the oracle asset that prices the risky token for the health factor (default: riskyToken) */
    riskyOracleAsset: z.string().min(1).optional(),
    tickSpacing: positiveInt,
    /** the range is [X − B, X + spacing + B] around the spot tick's floor X (as the range manager's base order) */
    baseThresholdTicks: positiveInt,
    /** no re-range before this long after the last one, even out of range */
    minRerangePeriodSeconds: z.number().nonnegative().finite(),
    /** minted amounts are the balances less this buffer (the mint lands later and may pull more) */
    mintBufferBps: bps.max(9_999),
    hedge: z.enum(['perp', 'borrow']),
    /** rehedge when |net delta| × price exceeds this share of the NAV */
    deltaBandBps: bps.min(1),
    /** perp hedge: share of the NAV kept as perp collateral (the rest goes into the LP) */
    perpCollateralBps: bps.min(1).default(2_500),
    /** perp hedge: margin ratio (equity / notional) never to fall below at a decision */
    minMarginRatio: z.number().positive().finite().default(0.15),
    /** perp hedge: margin ratio a top-up restores */
    targetMarginRatio: z.number().positive().finite().default(0.3),
    /** borrow hedge: liquidation threshold of the stable collateral on the lending market */
    collateralLiquidationThresholdBps: bps.min(1).default(8_000),
    /** borrow hedge: health factor never to fall below at a decision */
    minHealthFactor: z.number().finite().min(1).default(1.3),
    /** borrow hedge: health factor the borrow is sized at and a deleveraging restores */
    targetHealthFactor: z.number().finite().min(1).default(1.7),
    /** no swap or mint while the pool price is further than this from the oracle (a passing trade the arbitrageur has not yet taken back) */
    maxPoolOracleDeviationBps: bps.min(1).default(150),
    /** close everything and hold the stable token from this view time on */
    unwindAtSeconds: z.number().nonnegative().finite().optional(),
    /** close everything now (a keeper's switch) */
    unwind: z.boolean().default(false),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.token0 === p.token1) ctx.addIssue({ code: 'custom', path: ['token1'], message: 'must differ from token0' });
    if (p.riskyToken !== p.token0 && p.riskyToken !== p.token1) ctx.addIssue({ code: 'custom', path: ['riskyToken'], message: 'must be token0 or token1' });
    if (p.baseThresholdTicks % p.tickSpacing !== 0) ctx.addIssue({ code: 'custom', path: ['baseThresholdTicks'], message: 'must be a multiple of tickSpacing' });
    if (!(p.targetMarginRatio > p.minMarginRatio)) ctx.addIssue({ code: 'custom', path: ['targetMarginRatio'], message: 'must exceed minMarginRatio' });
    if (!(p.targetHealthFactor > p.minHealthFactor)) ctx.addIssue({ code: 'custom', path: ['targetHealthFactor'], message: 'must exceed minHealthFactor' });
    if (p.riskyAliases.includes(p.token0) || p.riskyAliases.includes(p.token1)) ctx.addIssue({ code: 'custom', path: ['riskyAliases'], message: 'must not name a pool token' });
  });

export type DeltaNeutralParams = z.output<typeof deltaNeutralParamsSchema>;
