/**
 * Parameters of the option-writing vaults (covered call, cash-secured put), validated with zod
 * at the edge (units in the names; unknown keys refused). See cycle.ts for what each one steers.
 */
import { z } from 'zod';
import { roundParamFields } from './round-params.js';

export const optionWritingParamsSchema = z
  .object({
    ...roundParamFields,
    /** |Δ| of the strike to write, by Black–Scholes–Merton at the venue's surface vol (0.10: the 10-delta option) */
    targetDelta: z.number().gt(0).lt(0.5).default(0.1),
  })
  .strict();

export type OptionWritingParams = z.infer<typeof optionWritingParamsSchema>;
