/**
 * The parameters every option-selling round shares (covered call, cash-secured put, straddle,
 * iron condor): which expiry, the reserve price, how much collateral a round takes, the smallest
 * round worth its gas, and the optional delta hedge. One definition, spread into each schema.
 */
import { z } from 'zod';
import { SECONDS_PER_DAY } from '../../units.js';
import { deltaHedgeParamsSchema } from '../hedging/delta-hedge.js';

export const roundParamFields = {
  /** write the listed expiry nearest this far ahead (a weekly vault: 7 days) */
  tenorSeconds: z.number().int().positive().default(7 * SECONDS_PER_DAY),
  /** never write an expiry closer than this (a round would be all gas and no premium) */
  minSecondsToExpiry: z.number().int().nonnegative().default(SECONDS_PER_DAY),
  /** each sale's reserve price is the BSM premium (the venue's mid) × this: a sale never fills below it */
  reserveDiscount: z.number().gt(0).max(1).default(0.8),
  /** share of the idle collateral that goes into each round (the rest stays in the vault) */
  collateralFraction: z.number().gt(0).max(1).default(1),
  /** rounds smaller than this many contracts (units of the underlying) are not written */
  minContracts: z.number().positive().finite().default(0.01),
  /** attach the delta hedge (hedging/delta-hedge.ts): square the book's net delta on the perp venue between writes */
  hedge: deltaHedgeParamsSchema.optional(),
};
