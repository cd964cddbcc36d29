/**
 * Parameters of the option-writing vaults (covered call, cash-secured put), validated with zod
 * at the edge (units in the names; unknown keys refused). See cycle.ts for what each one steers.
 */
import { z } from 'zod';
import { deltaHedgeParamsSchema } from '../hedging/delta-hedge.js';

const SECONDS_PER_DAY = 86_400;

export const optionWritingParamsSchema = z
  .object({
    /** |Δ| of the strike to write, by Black–Scholes–Merton at the venue's surface vol (0.10: the 10-delta option) */
    targetDelta: z.number().gt(0).lt(0.5).default(0.1),
    /** write the listed expiry nearest this far ahead (a weekly vault: 7 days) */
    tenorSeconds: z.number().int().positive().default(7 * SECONDS_PER_DAY),
    /** never write an expiry closer than this (a round would be all gas and no premium) */
    minSecondsToExpiry: z.number().int().nonnegative().default(SECONDS_PER_DAY),
    /** the reserve price is the BSM premium (the venue's mid) × this: a sale never fills below it */
    reserveDiscount: z.number().gt(0).max(1).default(0.8),
    /** share of the collateral token held idle that goes into each round (the rest stays in the vault) */
    collateralFraction: z.number().gt(0).max(1).default(1),
    /** rounds smaller than this many contracts (units of the underlying) are not written */
    minContracts: z.number().positive().finite().default(0.01),
    /** attach the delta hedge (hedging/delta-hedge.ts): square the book's net delta on the perp venue between writes */
    hedge: deltaHedgeParamsSchema.optional(),
  })
  .strict();

export type OptionWritingParams = z.infer<typeof optionWritingParamsSchema>;
