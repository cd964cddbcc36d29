/**
 * The risk limits, validated by zod. Units are in the names: `Bps` is basis points of the
 * quantity named (1 bps = 0.01 %), `Wad` is a fixed-point 1e18 number as a bigint, `Seconds` is
 * wall-clock seconds of the chain clock. Every default is a conservative starting point for a
 * single-pool, single-lending-market vault, not a recommendation for any other book.
 */
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';

const bps = z.number().int().min(0);
const fractionBps = bps.max(10_000);

export const riskLimitsSchema = z
  .object({
    /** gross exposure / NAV, bps: 20000 = 2x. Gross = |value| of everything but idle numeraire. */
    maxLeverageBps: bps.default(20_000),
    /** |net value| of one non-numeraire asset / NAV after the intent, bps */
    maxAssetConcentrationBps: fractionBps.default(6_000),
    /** value deployed at one venue (a pool, or the lending market) / NAV after the intent, bps */
    maxVenueConcentrationBps: fractionBps.default(6_000),
    /** health factor the lending account must keep after a borrow or withdraw, wad (1.5) */
    minHealthFactorWad: z.bigint().min(10n ** 18n).default(1_500_000_000_000_000_000n),
    /** smallest uniform move of the non-numeraire prices that brings HF to 1, bps (30 %) */
    minLiquidationDistanceBps: fractionBps.default(3_000),
    /** a swap's execution vs the mark (fee and price impact included), bps */
    maxSlippageBps: fractionBps.default(100),
    /** oldest oracle answer a price-dependent intent may rely on, seconds (heartbeat 3600 + margin) */
    maxOracleAgeSeconds: z.number().int().positive().default(3_900),
    /** |pool spot − oracle| / oracle, bps, above which a trade at that pool is refused */
    maxOracleDeviationBps: fractionBps.default(200),
    /** idle numeraire the vault keeps, bps of NAV */
    minIdleBufferBps: fractionBps.default(1_000),
    /** venue-health score below which no exposure is added at the venue, in [0, 1] */
    minVenueHealth: z.number().min(0).max(1).default(0.5),
    /** circuit breaker: drawdown of NAV per share from its peak that pauses the vault, bps */
    maxDrawdownBps: fractionBps.default(2_000),
    /** circuit breaker: a paused vault resumes only once the drawdown is at most this, bps */
    resumeDrawdownBps: fractionBps.default(1_000),
    /** venue health: pool depth (numeraire base units to move the price by `depthMoveBps`) that scores 1 */
    referenceDepthBaseUnits: z.bigint().positive().default(1_000_000_000_000n),
    /** venue health: the price move over which depth is measured, bps */
    depthMoveBps: bps.min(1).max(10_000).default(200),
    /** venue health: utilization below which a lending reserve scores 1, bps; linear to 0 at 100 % */
    utilizationKinkBps: fractionBps.max(9_999).default(9_000),
    /** venue health: TWAP-vs-oracle disagreement that scores 0, bps (linear from 1 at 0) */
    twapDisagreementZeroBps: bps.min(1).default(500),
  })
  .strict()
  .refine((limits) => limits.resumeDrawdownBps <= limits.maxDrawdownBps, { message: 'resumeDrawdownBps must be <= maxDrawdownBps', path: ['resumeDrawdownBps'] });

export type RiskLimits = z.output<typeof riskLimitsSchema>;

/** Parses raw limits (defaults filled in); bad input raises InvalidInputError naming the field. */
export function parseRiskLimits(raw: unknown): RiskLimits {
  const parsed = riskLimitsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidInputError(`limits.${issue.path.join('.')}`, raw, issue.message);
  }
  return parsed.data;
}

export const DEFAULT_RISK_LIMITS: RiskLimits = parseRiskLimits({});
