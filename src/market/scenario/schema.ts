/**
 * The scenario file: a plain JSON description of one simulated market (chain, price process,
 * venues, oracles, agents, funding, seed, length), validated with zod. Token amounts are whole
 * tokens as decimal strings or numbers (converted exactly with the token's decimals); fees are
 * gwei; fractions are decimals (0.005 = 0.5 %). Unknown keys are refused, so a typo never
 * silently falls back to a default.
 */
import { z } from 'zod';

const finite = z.number().finite();
const nonNegative = finite.min(0);
const positive = finite.positive();
const fraction = finite.min(0).max(1);
const integer = z.number().int();
const address = z.string().min(1);
/** whole tokens, e.g. "1000.5" or 1000.5 */
const tokenAmount = z.union([z.string().regex(/^\d+(\.\d+)?$/, 'must be a plain decimal number of whole tokens'), nonNegative]);

const chainSchema = z
  .object({
    blockSeconds: positive.default(12),
    genesisTimestampSeconds: integer.min(0).optional(),
    genesisBlockNumber: integer.min(0).default(0),
    jitterSeconds: nonNegative.default(0),
    gasLimit: integer.positive().default(30_000_000),
    initialBaseFeeGwei: nonNegative.default(20),
    /** A CSV (timestamp, base_fee_wei) to replay instead of the EIP-1559 rule; relative to the project root. */
    baseFeeHistory: z.string().min(1).optional(),
    inclusionDelayBlocks: integer.min(0).default(1),
    ttlBlocks: integer.min(0).default(25),
    swapTickAllowance: integer.min(0).default(10),
    backgroundGas: z
      .object({
        targetFraction: fraction.default(0.5),
        elasticity: nonNegative.default(0.25),
        noiseFraction: nonNegative.default(0.1),
        spikeProbabilityPerBlock: fraction.default(0),
        spikeDurationBlocks: integer.min(1).default(20),
        spikeFraction: fraction.default(1),
      })
      .strict()
      .optional(),
  })
  .strict()
  // Background demand only moves an EIP-1559 base fee; with a replayed history it would be ignored.
  .refine((chain) => chain.baseFeeHistory === undefined || chain.backgroundGas === undefined, {
    message: 'backgroundGas has no effect when baseFeeHistory replays the base fee',
    path: ['backgroundGas'],
  });

const gbm = z.object({ model: z.literal('gbm'), initialPrice: positive, driftAnnual: finite.default(0), volAnnual: nonNegative }).strict();
const heston = z
  .object({
    model: z.literal('heston'),
    initialPrice: positive,
    driftAnnual: finite.default(0),
    kappa: nonNegative,
    thetaVariance: nonNegative,
    volOfVol: nonNegative,
    rho: finite.min(-1).max(1),
    initialVariance: nonNegative,
  })
  .strict();
const merton = z
  .object({
    model: z.literal('merton'),
    initialPrice: positive,
    driftAnnual: finite.default(0),
    volAnnual: nonNegative,
    jumpIntensityAnnual: nonNegative,
    jumpMeanLog: finite,
    jumpVolLog: nonNegative,
  })
  .strict();
const regime = z
  .object({
    model: z.literal('regime'),
    initialPrice: positive,
    regimes: z.array(z.object({ driftAnnual: finite, volAnnual: nonNegative }).strict()).min(1),
    generatorAnnual: z.array(z.array(finite)),
    initialRegime: integer.min(0).default(0),
  })
  .strict();
const replay = z
  .object({
    model: z.literal('replay'),
    /** relative to the project root, e.g. data/prices/binance_ethusdt_1h_….csv */
    file: z.string().min(1),
    /** 'ohlcv' (column open/high/low/close) or 'tokenPrices' (a per-token USD column) */
    format: z.enum(['ohlcv', 'tokenPrices']).default('ohlcv'),
    column: z.string().min(1).default('close'),
  })
  .strict();
const priceSchema = z.discriminatedUnion('model', [gbm, heston, merton, regime, replay]);

const liquiditySchema = z
  .object({
    owner: address,
    /** the range as ± a fraction of the initial price (0.5: from price/1.5 to price·1.5) */
    rangeFraction: positive.optional(),
    tickLower: integer.optional(),
    tickUpper: integer.optional(),
    /** value deposited, numeraire (e.g. USD) */
    valueNumeraire: positive,
  })
  .strict();

const poolSchema = z
  .object({
    id: z.string().min(1),
    token0: z.string().min(1),
    token1: z.string().min(1),
    riskyIsToken0: z.boolean(),
    /** hundredths of a bip: 500 = 0.05 %, 3000 = 0.3 % */
    feePips: integer.min(0).max(999_999),
    tickSpacing: integer.min(1).max(16383),
    observationCardinality: integer.min(1).max(65535).default(1),
    twapWindowSeconds: integer.min(0).default(0),
    liquidity: z.array(liquiditySchema).default([]),
  })
  .strict();

const constantProductSchema = z
  .object({
    token0: z.string().min(1),
    token1: z.string().min(1),
    feeBps: integer.min(0).max(9999).default(30),
    owner: address,
    amount0: tokenAmount,
    amount1: tokenAmount,
  })
  .strict();

const rateStrategySchema = z
  .object({
    optimalUsageRatioBps: integer.min(0),
    baseVariableBorrowRateBps: integer.min(0),
    variableRateSlope1Bps: integer.min(0),
    variableRateSlope2Bps: integer.min(0),
  })
  .strict();

const reserveSchema = z
  .object({
    symbol: z.string().min(1),
    ltvBps: integer.min(0).max(10_000),
    liquidationThresholdBps: integer.min(0).max(10_000),
    liquidationBonusBps: integer.min(0).max(65_535),
    reserveFactorBps: integer.min(0).max(10_000),
    liquidationProtocolFeeBps: integer.min(0).max(10_000),
    /** the utilization model's rates (Aave's V2 strategy) ... */
    rateStrategy: rateStrategySchema.optional(),
    /**
     * ... or the rates AND liquidity index of a recorded Aave v3 reserve (data/lending/aave_v3_*.csv,
     * relative to the project root): suppliers earn the real recorded yield, flash-loan premiums
     * included, whatever the simulated borrowers do
     */
    replay: z.object({ file: z.string().min(1) }).strict().optional(),
  })
  .strict()
  .refine((reserve) => (reserve.rateStrategy === undefined) !== (reserve.replay === undefined), {
    message: 'give exactly one of rateStrategy and replay',
    path: ['rateStrategy'],
  });

const lendingFields = {
  reserves: z.array(reserveSchema).min(1),
  liquidationVersion: z.enum(['v3.0', 'v3.3']).default('v3.3'),
  suppliers: z.array(z.object({ address, asset: z.string().min(1), amount: tokenAmount }).strict()).default([]),
  borrowers: z
    .array(
      z
        .object({
          address,
          collateralAsset: z.string().min(1),
          collateralAmount: tokenAmount,
          debtAsset: z.string().min(1),
          debtAmount: tokenAmount,
        })
        .strict(),
    )
    .default([]),
};

/** One lending market; as the single object of `venues.lending` its id is "lending". */
const lendingSchema = z.object(lendingFields).strict();

/** A market of the `venues.lending` array: its own id (unique), reserves, suppliers and borrowers. */
const lendingMarketSchema = z.object({ id: z.string().min(1), ...lendingFields }).strict();

const lendingMarketsSchema = z
  .array(lendingMarketSchema)
  .min(1)
  .superRefine((markets, ctx) => {
    const seen = new Set<string>();
    markets.forEach((market, i) => {
      if (seen.has(market.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `market id "${market.id}" is used twice` });
      seen.add(market.id);
    });
  });

const perpSchema = z
  .object({
    collateralToken: z.string().min(1),
    /** 'seeded': the perp module's mean-reverting premium model; 'constant': a fixed rate; 'replay': a history file */
    funding: z.discriminatedUnion('model', [
      z.object({ model: z.literal('seeded'), intervalSeconds: positive.default(8 * 3600) }).strict(),
      z.object({ model: z.literal('constant'), ratePerInterval: finite, intervalSeconds: positive.default(8 * 3600) }).strict(),
      /**
       * 'replay': a funding history from data/funding/ (relative to the project root), one
       * settlement per row at its rate; `asset` picks the market of a multi-asset file
       * (Hyperliquid: BTC | ETH). No settlement outside the file's time span.
       */
      z
        .object({
          model: z.literal('replay'),
          file: z.string().min(1),
          intervalSeconds: integer.positive(),
          asset: z.string().regex(/^[A-Z0-9]+$/, 'must be an asset symbol such as ETH').optional(),
        })
        .strict(),
    ]),
    initialMarginRatio: fraction.optional(),
    maintenanceMarginRatio: fraction.optional(),
    takerFeeBps: nonNegative.optional(),
    priceImpactPerUnit: nonNegative.optional(),
    liquidationFeeRatio: fraction.optional(),
  })
  .strict();

const optionsSchema = z
  .object({
    cashToken: z.string().min(1),
    underlyingToken: z.string().min(1),
    /** implied-vol level of the surface (0.6 = 60 %) and its skew per unit of ln(K/F); with a volModel, the level until its window fills */
    volLevel: positive,
    /** the level from a model instead of the constant volLevel: trailing realized vol of the price path plus a premium */
    volModel: z
      .object({
        model: z.literal('realized'),
        windowDays: positive.default(30),
        sampleSeconds: integer.positive().default(3600),
        premiumVol: finite.default(0.05),
      })
      .strict()
      .optional(),
    skew: finite.default(0),
    /** half the bid/ask spread in vol points (0.01 = 1 point) */
    halfSpreadVol: nonNegative.default(0.01),
    /** the listing schedule (default: weeklies, Fridays 08:00 UTC, four live, strikes ±20 % in 5 % steps on a 50 grid) */
    schedule: z
      .object({
        expiryWeekdayUtc: integer.min(0).max(6).optional(),
        expiryHourUtc: integer.min(0).max(23).optional(),
        periodDays: integer.min(1).max(366).optional(),
        expiriesListed: integer.min(1).max(1000).optional(),
        minSecondsToExpiry: nonNegative.optional(),
        strikeOffsets: z.array(finite.gt(-1)).min(1).optional(),
        strikeStep: positive.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const oracleSchema = z
  .object({
    asset: z.string().min(1),
    /** 'external': the price process; a number: a fixed price (a stablecoin) */
    source: z.union([z.literal('external'), positive]),
    heartbeatSeconds: positive.default(3600),
    deviationThresholdBps: nonNegative.default(50),
    updateLatencySeconds: nonNegative.default(0),
    decimals: integer.min(0).max(36).default(8),
  })
  .strict();

const noiseSide = z.object({ arrivalsPerBlock: nonNegative, medianSize: positive, logSizeStd: nonNegative }).strict();

const arbitrageurAgent = z.object({ type: z.literal('arbitrageur'), address, pool: z.string().min(1), priorityFeeGwei: nonNegative.default(1) }).strict();
const noiseAgent = z
  .object({
    type: z.literal('noise'),
    address,
    pool: z.string().min(1),
    slippageTolerance: finite.min(0).max(0.99),
    priorityFeeGwei: nonNegative.default(1),
    tipJitter: nonNegative.default(0.5),
    /** sizes in whole tokens of the side's input token */
    side0: noiseSide.optional(),
    side1: noiseSide.optional(),
    /** fit both sides to a pool minute file instead (see calibrateNoiseFromPoolFile) */
    calibration: z
      .object({
        file: z.string().min(1),
        /** the file pool's token names, to map its sides onto this pool's */
        fileToken0: z.string().min(1),
        fileToken1: z.string().min(1),
        /** multiplies the fitted arrival rates (e.g. 0.1 for a lighter run) */
        rateScale: nonNegative.default(1),
      })
      .strict()
      .optional(),
  })
  .strict();
const searcherAgent = z
  .object({ type: z.literal('searcher'), address, pool: z.string().min(1), priorityFeeGwei: nonNegative.default(2), minProfit: nonNegative.default(0) })
  .strict();
const liquidatorAgent = z
  .object({ type: z.literal('liquidator'), address, priorityFeeGwei: nonNegative.default(2), scanIntervalBlocks: integer.min(1).default(300), minProfit: nonNegative.default(0) })
  .strict();
const agentSchema = z.discriminatedUnion('type', [arbitrageurAgent, noiseAgent, searcherAgent, liquidatorAgent]);

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    seed: integer,
    blocks: integer.min(0),
    chain: chainSchema.default(chainSchema.parse({})),
    /** token → decimals; the native gas token included */
    tokens: z.record(z.string().min(1), integer.min(0).max(36)),
    nativeToken: z.string().min(1).default('ETH'),
    price: priceSchema,
    venues: z
      .object({
        pools: z.array(poolSchema).default([]),
        constantProduct: constantProductSchema.optional(),
        /** one market (its id is "lending"), or several, each with a unique id */
        lending: z.union([lendingMarketsSchema, lendingSchema]).optional(),
        perp: perpSchema.optional(),
        options: optionsSchema.optional(),
      })
      .strict(),
    oracles: z.array(oracleSchema).default([]),
    agents: z.array(agentSchema).default([]),
    funding: z.array(z.object({ address, token: z.string().min(1), amount: tokenAmount }).strict()).default([]),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type PoolScenario = Scenario['venues']['pools'][number];
export type AgentScenario = Scenario['agents'][number];
export type PriceScenario = Scenario['price'];
export type LendingScenario = z.infer<typeof lendingSchema>;
export type LendingMarketScenario = z.infer<typeof lendingMarketSchema>;
export type ReserveScenario = LendingScenario['reserves'][number];

/** Every lending market of a scenario, in order, with its id and the field path of its config. */
export function scenarioLendingMarkets(scenario: Pick<Scenario, 'venues'>): { readonly market: LendingMarketScenario; readonly at: string }[] {
  const lending = scenario.venues.lending;
  if (lending === undefined) return [];
  if (Array.isArray(lending)) return lending.map((market, i) => ({ market, at: `scenario.venues.lending[${i}]` }));
  return [{ market: { id: 'lending', ...lending }, at: 'scenario.venues.lending' }];
}
