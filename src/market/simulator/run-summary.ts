/**
 * What a simulator run did, in one plain object: the period, the external price, each pool
 * (final price against the external one, volume, LP fees, arbitrage, noise, sandwiches,
 * reverts), gas, lending, perp and options, the conservation audit and the state hash.
 *
 * Two halves. `RunCollector.observe(block)` is called once per block and keeps only counters
 * (no receipts are retained), plus a fixed-size histogram for the median base fee, so memory
 * does not grow with the run. `summariseRun(simulator, collected)` is pure: it reads the
 * simulator's final state and the counters and returns the summary, the same for the same
 * run (no clock, no randomness), so its JSON is byte-identical for the same seed.
 *
 * Values "in the numeraire" (USD with USDC standing for it) are marked at the external price of
 * the block the transaction landed in; gas is valued at that block's native-token price.
 */
import { getFeeGrowthInsideOf } from '../../uniswap-v3/tick.js';
import { MAX_UINT256 } from '../../uniswap-v3/constants.js';
import { unitValue } from '../agents/types.js';
import { auditConservation, stateHash } from './audit.js';
import type { MarketSimulator } from './simulator.js';
import { rawToExternalPrice, type PoolVenue } from './venues.js';
import { type CollectedRun, type PoolCounters, emptyPoolCounters } from './run-collector.js';
import { SECONDS_PER_YEAR } from '../../units.js';

const NATIVE_DECIMALS = 18;
const RAY = 1e27;
const GWEI = 1e9;
const Q128 = 1n << 128n;

export interface CountByKey {
  readonly key: string;
  readonly count: number;
}

export interface PoolRunSummary {
  readonly id: string;
  readonly token0: string;
  readonly token1: string;
  readonly feePips: number;
  /** the pool's mid price, numeraire per risky asset */
  readonly finalPrice: number;
  readonly externalPrice: number;
  /** (pool / external − 1) in basis points */
  readonly deviationBps: number;
  readonly swaps: number;
  readonly volume: { readonly token0In: bigint; readonly token1In: bigint; readonly numeraire: number };
  /** fees owed to the LP positions at the end (all earned in the run: positions open at genesis with none) */
  readonly lpFees: { readonly token0: bigint; readonly token1: bigint; readonly numeraire: number };
  readonly arbitrage: { readonly trades: number; readonly reverted: number; readonly grossProfitNumeraire: number; readonly gasNumeraire: number; readonly netProfitNumeraire: number };
  readonly noise: { readonly trades: number; readonly reverted: number; readonly volumeNumeraire: number };
  readonly sandwiches: {
    readonly count: number;
    readonly searcherGrossProfitNumeraire: number;
    readonly searcherGasNumeraire: number;
    readonly searcherNetProfitNumeraire: number;
    /** output the victims lost to the sandwich, over the `victimLossMeasured` sandwiches that could be replayed */
    readonly victimLossNumeraire: number;
    readonly victimLossMeasured: number;
  };
  readonly revertsByReason: readonly CountByKey[];
}

export interface ReserveRunSummary {
  readonly asset: string;
  readonly initialUtilization: number;
  readonly utilization: number;
  readonly supplyRateAnnual: number;
  readonly borrowRateAnnual: number;
  readonly totalSupply: bigint;
  readonly totalDebt: bigint;
}

export interface LiquidationRunSummary {
  /** the lending market, when not the first */
  readonly market?: string;
  readonly collateralAsset: string;
  readonly debtAsset: string;
  readonly count: number;
  readonly debtRepaid: bigint;
  readonly collateralSeized: bigint;
  readonly bonusCollateral: bigint;
  readonly protocolFee: bigint;
  readonly bonusNumeraire: number;
  readonly liquidatorProfitNumeraire: number;
}

export interface RunSummary {
  readonly period: {
    readonly blocks: number;
    readonly firstBlockNumber: number | null;
    readonly lastBlockNumber: number;
    readonly genesisTimestampSeconds: number;
    readonly firstTimestampSeconds: number | null;
    readonly lastTimestampSeconds: number;
    readonly firstTimestamp: string | null;
    readonly lastTimestamp: string;
    readonly simulatedSeconds: number;
    readonly simulatedDays: number;
  };
  readonly externalPrice: {
    readonly start: number;
    readonly end: number;
    readonly min: number;
    readonly max: number;
    /** √(Σ per-block log return² / years simulated): zero-mean realized volatility */
    readonly realizedVolAnnual: number | null;
  };
  readonly pools: readonly PoolRunSummary[];
  readonly transactions: {
    readonly included: number;
    readonly succeeded: number;
    readonly reverted: number;
    readonly byRole: readonly CountByKey[];
    readonly revertsByReason: readonly CountByKey[];
  };
  readonly gas: {
    readonly nativeToken: string;
    readonly gasUsed: bigint;
    readonly backgroundGasUsed: bigint;
    readonly baseFeeGwei: { readonly min: number | null; readonly median: number | null; readonly max: number | null };
    readonly burnedWei: bigint;
    readonly burnedNative: number;
    readonly tipsWei: bigint;
    readonly tipsNative: number;
    readonly costNumeraire: number;
  };
  readonly lending: {
    /** the first (default) market's reserves */
    readonly reserves: readonly ReserveRunSummary[];
    /** every lending market, in order (the first is the one `reserves` shows) */
    readonly markets: readonly { readonly id: string; readonly reserves: readonly ReserveRunSummary[] }[];
    readonly liquidations: number;
    readonly liquidationsReverted: number;
    readonly liquidationsByPair: readonly LiquidationRunSummary[];
  } | null;
  readonly perp: {
    readonly indexPrice: number;
    readonly markPrice: number;
    readonly openInterestLongWei: bigint;
    readonly openInterestShortWei: bigint;
    readonly accounts: number;
    readonly insuranceFundUnits: bigint;
    readonly feesCollectedUnits: bigint;
    readonly totalBadDebtUnits: bigint;
  } | null;
  readonly options: { readonly listedExpiries: number; readonly settledExpiries: number; readonly accounts: number; readonly cashUnits: bigint; readonly underlyingWei: bigint } | null;
  readonly constantProduct: { readonly token0: string; readonly token1: string; readonly reserve0: bigint; readonly reserve1: bigint } | null;
  readonly conservation: { readonly issues: number; readonly details: readonly { readonly what: string; readonly expected: bigint; readonly actual: bigint }[] };
  readonly stateHash: string;
}

/** The summary of a run from the simulator's final state and what the collector counted. Pure. */
export function summariseRun(simulator: MarketSimulator, collected: CollectedRun): RunSummary {
  const view = simulator.view;
  const endPrice = view.externalPrice;
  const elapsedSeconds = view.blockTimestampSeconds - collected.genesisTimestampSeconds;
  const median = collected.baseFees.medianWei();
  const succeeded = collected.transactions - collected.reverted;
  return {
    period: {
      blocks: collected.blocks,
      firstBlockNumber: collected.firstBlockNumber ?? null,
      lastBlockNumber: view.blockNumber,
      genesisTimestampSeconds: collected.genesisTimestampSeconds,
      firstTimestampSeconds: collected.firstTimestampSeconds ?? null,
      lastTimestampSeconds: view.blockTimestampSeconds,
      firstTimestamp: collected.firstTimestampSeconds === undefined ? null : isoTime(collected.firstTimestampSeconds),
      lastTimestamp: isoTime(view.blockTimestampSeconds),
      simulatedSeconds: elapsedSeconds,
      simulatedDays: elapsedSeconds / 86_400,
    },
    externalPrice: {
      start: collected.startPrice,
      end: endPrice,
      min: collected.minPrice,
      max: collected.maxPrice,
      realizedVolAnnual: elapsedSeconds > 0 && collected.blocks > 0 ? Math.sqrt(collected.sumSquaredLogReturns / (elapsedSeconds / SECONDS_PER_YEAR)) : null,
    },
    pools: [...simulator.venues.pools.values()].map((venue) => summarisePool(venue, collected.pools.get(venue.id), endPrice)),
    transactions: {
      included: collected.transactions,
      succeeded,
      reverted: collected.reverted,
      byRole: sortedCounts(collected.transactionsByRole),
      revertsByReason: sortedCounts(collected.revertsByReason),
    },
    gas: {
      nativeToken: simulator.nativeToken,
      gasUsed: collected.gasUsed,
      backgroundGasUsed: collected.backgroundGasUsed,
      baseFeeGwei: {
        min: collected.minBaseFeeWei === undefined ? null : Number(collected.minBaseFeeWei) / GWEI,
        // The histogram's bin centre, kept within the exact extremes.
        median: median === undefined ? null : Math.min(Math.max(median, Number(collected.minBaseFeeWei ?? 0n)), Number(collected.maxBaseFeeWei ?? 0n)) / GWEI,
        max: collected.maxBaseFeeWei === undefined ? null : Number(collected.maxBaseFeeWei) / GWEI,
      },
      burnedWei: collected.burnedWei,
      burnedNative: Number(collected.burnedWei) / Math.pow(10, NATIVE_DECIMALS),
      tipsWei: collected.tipsWei,
      tipsNative: Number(collected.tipsWei) / Math.pow(10, NATIVE_DECIMALS),
      costNumeraire: collected.gasCostNumeraire,
    },
    lending: summariseLending(simulator, collected),
    perp: summarisePerp(simulator),
    options: summariseOptions(simulator),
    constantProduct: summariseConstantProduct(simulator),
    conservation: (() => {
      const issues = auditConservation(simulator);
      return { issues: issues.length, details: issues.map((issue) => ({ what: issue.what, expected: issue.expected, actual: issue.actual })) };
    })(),
    stateHash: stateHash(simulator),
  };
}

function summarisePool(venue: PoolVenue, counters: PoolCounters | undefined, externalPrice: number): PoolRunSummary {
  const c = counters ?? emptyPoolCounters();
  const pool = venue.pool;
  const root = Number(pool.slot0.sqrtPriceX96) / 2 ** 96;
  const finalPrice = rawToExternalPrice(venue, root * root);
  const fees = lpFeesOwed(venue);
  const arbitrageNet = c.arbitrageGrossNumeraire - c.arbitrageGasNumeraire;
  return {
    id: venue.id,
    token0: venue.token0,
    token1: venue.token1,
    feePips: pool.fee,
    finalPrice,
    externalPrice,
    deviationBps: (finalPrice / externalPrice - 1) * 10_000,
    swaps: c.swaps,
    volume: { token0In: c.token0In, token1In: c.token1In, numeraire: c.volumeNumeraire },
    lpFees: { token0: fees.token0, token1: fees.token1, numeraire: Number(fees.token0) * unitValue(venue, 0, externalPrice) + Number(fees.token1) * unitValue(venue, 1, externalPrice) },
    arbitrage: { trades: c.arbitrageTrades, reverted: c.arbitrageReverted, grossProfitNumeraire: c.arbitrageGrossNumeraire, gasNumeraire: c.arbitrageGasNumeraire, netProfitNumeraire: arbitrageNet },
    noise: { trades: c.noiseTrades, reverted: c.noiseReverted, volumeNumeraire: c.noiseVolumeNumeraire },
    sandwiches: {
      count: c.sandwiches,
      searcherGrossProfitNumeraire: c.searcherGrossNumeraire,
      searcherGasNumeraire: c.searcherGasNumeraire,
      searcherNetProfitNumeraire: c.searcherGrossNumeraire - c.searcherGasNumeraire,
      victimLossNumeraire: c.victimLossNumeraire,
      victimLossMeasured: c.victimLossMeasured,
    },
    revertsByReason: sortedCounts(c.reverts),
  };
}

/** Σ over the pool's positions of tokensOwed plus the fees accrued since their last update (the pool's own formula). */
export function lpFeesOwed(venue: PoolVenue): { token0: bigint; token1: bigint } {
  const pool = venue.pool;
  const tick = pool.slot0.tick;
  let token0 = 0n;
  let token1 = 0n;
  for (const position of pool.allPositions()) {
    const info = position.info;
    const inside = getFeeGrowthInsideOf(
      pool.ticks(position.tickLower),
      pool.ticks(position.tickUpper),
      position.tickLower,
      position.tickUpper,
      tick,
      pool.feeGrowthGlobal0X128,
      pool.feeGrowthGlobal1X128,
    );
    token0 += info.tokensOwed0 + (((inside.feeGrowthInside0X128 - info.feeGrowthInside0LastX128) & MAX_UINT256) * info.liquidity) / Q128;
    token1 += info.tokensOwed1 + (((inside.feeGrowthInside1X128 - info.feeGrowthInside1LastX128) & MAX_UINT256) * info.liquidity) / Q128;
  }
  return { token0, token1 };
}

function summariseLending(simulator: MarketSimulator, collected: CollectedRun): RunSummary['lending'] {
  if (simulator.venues.lendingMarkets.size === 0) return null;
  const markets = [...simulator.venues.lendingMarkets].map(([id, lending]) => {
    const market = lending.market;
    // At the simulator's clock: a reserve no one touched still accrues (and a replayed one moves on its record).
    const now = Math.max(simulator.nowSeconds, market.nowSeconds);
    const reserves = market.assets.map((asset): ReserveRunSummary => {
      const r = market.getReserveData(asset, now);
      return {
        asset,
        initialUtilization: Number(collected.initialUtilizationRay.get(`${id}|${asset}`) ?? 0n) / RAY,
        utilization: Number(r.utilizationRay) / RAY,
        supplyRateAnnual: Number(r.liquidityRateRay) / RAY,
        borrowRateAnnual: Number(r.variableBorrowRateRay) / RAY,
        totalSupply: r.totalSupply,
        totalDebt: r.totalDebt,
      };
    });
    return { id, reserves };
  });
  const byPair = [...collected.liquidations.entries()]
    .sort((a, b) => compareText(a[0], b[0]))
    .map(([key, c]): LiquidationRunSummary => {
      // "collateral/debt", or "market:collateral/debt" outside the first market
      const colon = key.indexOf(':');
      const [collateralAsset = '', debtAsset = ''] = key.slice(colon + 1).split('/');
      return { ...(colon < 0 ? {} : { market: key.slice(0, colon) }), collateralAsset, debtAsset, ...c };
    });
  return {
    reserves: markets[0]!.reserves,
    markets,
    liquidations: byPair.reduce((sum, pair) => sum + pair.count, 0),
    liquidationsReverted: collected.liquidationsReverted,
    liquidationsByPair: byPair,
  };
}

function summarisePerp(simulator: MarketSimulator): RunSummary['perp'] {
  const perp = simulator.venues.perp;
  if (perp === undefined) return null;
  const market = perp.market;
  const interest = market.openInterest();
  const totals = market.totals();
  return {
    indexPrice: market.indexPrice(),
    markPrice: market.markPrice(),
    openInterestLongWei: interest.longWei,
    openInterestShortWei: interest.shortWei,
    accounts: market.accountIds().length,
    insuranceFundUnits: totals.insuranceFundUnits,
    feesCollectedUnits: totals.feesCollectedUnits,
    totalBadDebtUnits: totals.totalBadDebtUnits,
  };
}

function summariseOptions(simulator: MarketSimulator): RunSummary['options'] {
  const options = simulator.venues.options;
  if (options === undefined) return null;
  const venue = options.venue;
  const expiries = venue.listedExpiries();
  const books = venue.venueBooks();
  return {
    listedExpiries: expiries.length,
    settledExpiries: expiries.filter((expiry) => venue.settlementPrice(expiry) !== undefined).length,
    accounts: venue.accountIds().length,
    cashUnits: books.cashUnits,
    underlyingWei: books.underlyingWei,
  };
}

function summariseConstantProduct(simulator: MarketSimulator): RunSummary['constantProduct'] {
  const cp = simulator.venues.constantProduct;
  if (cp === undefined) return null;
  return { token0: cp.pool.token0, token1: cp.pool.token1, reserve0: cp.pool.reserve0, reserve1: cp.pool.reserve1 };
}

function sortedCounts(map: ReadonlyMap<string, number>): CountByKey[] {
  return [...map.entries()].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0])).map(([key, count]) => ({ key, count }));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}
