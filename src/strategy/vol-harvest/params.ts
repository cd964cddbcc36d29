/**
 * Parameters of the volatility-harvesting vaults (short straddle, iron condor), validated with
 * zod at the edge (units in the names; unknown keys refused). See vol-harvest/cycle.ts.
 */
import { z } from 'zod';
import { roundParamFields } from '../option-writing/round-params.js';

export const volHarvestParamsSchema = z
  .object({
    ...roundParamFields,
    /** write only when implied variance > forecast realized variance × (1 + this) */
    varianceMarginFraction: z.number().min(0).finite().default(0.2),
    /** EWMA decay of the realized-variance forecast, per sample */
    ewmaLambda: z.number().gt(0).lt(1).default(0.97),
    /** the forecast samples the external price this often */
    sampleSeconds: z.number().int().positive().default(3600),
    /** no writing before this many samples fed the forecast */
    minSamples: z.number().int().min(2).default(48),
    /** iron condor: |Δ| of the short strikes and of the long wings */
    shortDelta: z.number().gt(0).lt(0.5).default(0.2),
    wingDelta: z.number().gt(0).lt(0.5).default(0.05),
  })
  .strict()
  .refine((p) => p.wingDelta < p.shortDelta, { message: 'wingDelta must be below shortDelta (the wings are further out of the money)', path: ['wingDelta'] });

export type VolHarvestParams = z.infer<typeof volHarvestParamsSchema>;
