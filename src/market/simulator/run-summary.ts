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
import { Liquidator } from '../agents/liquidator.js';
import { NoiseTrader } from '../agents/noise-trader.js';
import { Searcher } from '../agents/searcher.js';
import { unitValue } from '../agents/types.js';
import type { LiquidationReceipt } from '../lending/liquidation.js';
import { ArbitrageAgent } from './arbitrage-agent.js';
import type { Receipt } from './actions.js';
import { auditConservation, stateHash } from './audit.js';
import type { MarketSimulator, BlockSummary } from './simulator.js';
import { PoolSwapTopology, SwapReplica } from './swap-replica.js';
import { rawToExternalPrice, type PoolVenue } from './venues.js';

const SECONDS_PER_YEAR = 365 * 86_400;
const NATIVE_DECIMALS = 18;
const RAY = 1e27;
const GWEI = 1e9;
const Q128 = 1n << 128n;

// ── the collector ───────────────────────────────────────────────────────────────────────────

type Role = 'arbitrageur' | 'noise' | 'searcher' | 'liquidator';

interface Participant {
  readonly role: Role;
  /** the pool the agent trades; undefined when the address trades several (not attributable) */
  readonly pool: string | undefined;
}

interface PoolCounters {
  swaps: number;
  token0In: bigint;
  token1In: bigint;
  volumeNumeraire: number;
  arbitrageTrades: number;
  arbitrageReverted: number;
  /** marked-to-external value of the arbitrageur's token flows, gas not included */
  arbitrageGrossNumeraire: number;
  arbitrageGasNumeraire: number;
  noiseTrades: number;
  noiseReverted: number;
  noiseVolumeNumeraire: number;
  sandwiches: number;
  searcherGrossNumeraire: number;
  searcherGasNumeraire: number;
  victimLossNumeraire: number;
  victimLossMeasured: number;
  reverts: Map<string, number>;
}

interface LiquidationCounters {
  count: number;
  debtRepaid: bigint;
  collateralSeized: bigint;
  bonusCollateral: bigint;
  protocolFee: bigint;
  bonusNumeraire: number;
  liquidatorProfitNumeraire: number;
}

/**
 * Base fees on a log scale, bins 0.1 % wide from 1 wei to 10^15 wei (10^6 gwei), so the
 * median is known to within 0.05 % in fixed memory (about 140 kB) whatever the run's length.
 */
export class BaseFeeHistogram {
  static readonly RATIO = 1.001;
  private static readonly LOG_RATIO = Math.log(BaseFeeHistogram.RATIO);
  private readonly bins = new Uint32Array(Math.ceil(Math.log(1e15) / BaseFeeHistogram.LOG_RATIO) + 1);
  private zeros = 0;
  count = 0;

  add(baseFeeWei: bigint): void {
    this.count++;
    if (baseFeeWei <= 0n) {
      this.zeros++;
      return;
    }
    const index = Math.floor(Math.log(Number(baseFeeWei)) / BaseFeeHistogram.LOG_RATIO);
    this.bins[Math.min(Math.max(index, 0), this.bins.length - 1)]!++;
  }

  /** The geometric centre of the bin holding the median sample (the lower median for an even count), wei. */
  medianWei(): number | undefined {
    if (this.count === 0) return undefined;
    const rank = Math.floor((this.count - 1) / 2);
    if (rank < this.zeros) return 0;
    let seen = this.zeros;
    for (let i = 0; i < this.bins.length; i++) {
      seen += this.bins[i]!;
      if (seen > rank) return Math.exp((i + 0.5) * BaseFeeHistogram.LOG_RATIO);
    }
    return undefined;
  }
}

/** The counters a run accumulates (read it through `RunCollector.collected`). */
export interface CollectedRun {
  readonly genesisBlockNumber: number;
  readonly genesisTimestampSeconds: number;
  readonly blocks: number;
  readonly firstBlockNumber: number | undefined;
  readonly firstTimestampSeconds: number | undefined;
  readonly startPrice: number;
  readonly minPrice: number;
  readonly maxPrice: number;
  readonly sumSquaredLogReturns: number;
  readonly transactions: number;
  readonly reverted: number;
  readonly revertsByReason: ReadonlyMap<string, number>;
  readonly transactionsByRole: ReadonlyMap<string, number>;
  readonly gasUsed: bigint;
  readonly backgroundGasUsed: bigint;
  readonly burnedWei: bigint;
  readonly tipsWei: bigint;
  readonly gasCostNumeraire: number;
  readonly minBaseFeeWei: bigint | undefined;
  readonly maxBaseFeeWei: bigint | undefined;
  readonly baseFees: BaseFeeHistogram;
  readonly pools: ReadonlyMap<string, PoolCounters>;
  readonly liquidationsReverted: number;
  /** by "collateral/debt" */
  readonly liquidations: ReadonlyMap<string, LiquidationCounters>;
  readonly initialUtilizationRay: ReadonlyMap<string, bigint>;
}

/**
 * Watches a simulator's blocks: create it before the first `step()`, pass every BlockSummary
 * to `observe`. The agents' roles are read from the simulator's agents (arbitrageur, noise
 * trader, searcher, liquidator); other senders count as 'other'.
 */
export class RunCollector {
  private readonly simulator: MarketSimulator;
  private readonly participants = new Map<string, Participant>();
  private readonly liquidators = new Map<string, { agent: Liquidator; next: number }>();
  /** each searched pool's price state at the end of the latest block: a sandwich's pre-state */
  private readonly preState = new Map<string, { sqrtPriceX96: bigint; tick: number; liquidity: bigint }>();
  private readonly data: {
    -readonly [K in keyof CollectedRun]: CollectedRun[K];
  };
  private readonly poolCounters = new Map<string, PoolCounters>();
  private readonly reverts = new Map<string, number>();
  private readonly byRole = new Map<string, number>();
  private readonly liquidationCounters = new Map<string, LiquidationCounters>();
  private lastPrice: number;

  constructor(simulator: MarketSimulator) {
    this.simulator = simulator;
    const register = (address: string, role: Role, pool: string | undefined): void => {
      const known = this.participants.get(address);
      this.participants.set(address, known === undefined ? { role, pool } : { role: known.role, pool: known.pool === pool ? pool : undefined });
    };
    for (const agent of simulator.agents) {
      if (agent instanceof ArbitrageAgent) register(agent.address, 'arbitrageur', agent.poolId);
      else if (agent instanceof NoiseTrader) register(agent.address, 'noise', agent.poolId);
      else if (agent instanceof Searcher) register(agent.address, 'searcher', agent.poolId);
      else if (agent instanceof Liquidator) {
        register(agent.address, 'liquidator', undefined);
        // Its transactions land in nonce order, which is the order of its `sent` plans.
        this.liquidators.set(agent.address, { agent, next: agent.sent.length });
      }
    }
    for (const id of simulator.venues.pools.keys()) this.poolCounters.set(id, emptyPoolCounters());
    const view = simulator.view;
    const initialUtilizationRay = new Map<string, bigint>();
    const lending = simulator.venues.lending;
    if (lending !== undefined) {
      for (const asset of lending.market.assets) initialUtilizationRay.set(asset, lending.market.getReserveData(asset, lending.market.nowSeconds).utilizationRay);
    }
    this.lastPrice = view.externalPrice;
    this.data = {
      genesisBlockNumber: view.blockNumber,
      genesisTimestampSeconds: view.blockTimestampSeconds,
      blocks: 0,
      firstBlockNumber: undefined,
      firstTimestampSeconds: undefined,
      startPrice: view.externalPrice,
      minPrice: view.externalPrice,
      maxPrice: view.externalPrice,
      sumSquaredLogReturns: 0,
      transactions: 0,
      reverted: 0,
      revertsByReason: this.reverts,
      transactionsByRole: this.byRole,
      gasUsed: 0n,
      backgroundGasUsed: 0n,
      burnedWei: 0n,
      tipsWei: 0n,
      gasCostNumeraire: 0,
      minBaseFeeWei: undefined,
      maxBaseFeeWei: undefined,
      baseFees: new BaseFeeHistogram(),
      pools: this.poolCounters,
      liquidationsReverted: 0,
      liquidations: this.liquidationCounters,
      initialUtilizationRay,
    };
    this.snapshotSearchedPools();
  }

  get collected(): CollectedRun {
    return this.data;
  }

  /** Folds one block into the counters; call it right after `step()`, before the next. */
  observe(block: BlockSummary): void {
    const d = this.data;
    if (d.blocks === 0) {
      d.firstBlockNumber = block.blockNumber;
      d.firstTimestampSeconds = block.timestampSeconds;
    }
    d.blocks++;
    const price = block.externalPrice;
    if (price < d.minPrice) d.minPrice = price;
    if (price > d.maxPrice) d.maxPrice = price;
    const logReturn = Math.log(price / this.lastPrice);
    d.sumSquaredLogReturns += logReturn * logReturn;
    this.lastPrice = price;
    d.gasUsed += block.gasUsed;
    d.backgroundGasUsed += block.backgroundGasUsed;
    d.baseFees.add(block.baseFeeWei);
    if (d.minBaseFeeWei === undefined || block.baseFeeWei < d.minBaseFeeWei) d.minBaseFeeWei = block.baseFeeWei;
    if (d.maxBaseFeeWei === undefined || block.baseFeeWei > d.maxBaseFeeWei) d.maxBaseFeeWei = block.baseFeeWei;
    // The view still shows this block's prices (the next step has not started).
    const nativePrice = this.simulator.view.nativePrice;
    const receipts = block.receipts;
    for (let i = 0; i < receipts.length; i++) {
      const receipt = receipts[i]!;
      d.transactions++;
      d.burnedWei += receipt.burnedWei;
      d.tipsWei += receipt.tipWei;
      const gasNumeraire = weiToNumeraire(receipt.gasCostWei, nativePrice);
      d.gasCostNumeraire += gasNumeraire;
      const participant = this.participants.get(receipt.sender);
      increment(this.byRole, participant?.role ?? 'other');
      const poolId = participant?.pool ?? (this.poolCounters.size === 1 && participant?.role !== 'liquidator' ? this.poolCounters.keys().next().value : undefined);
      const counters = poolId === undefined ? undefined : this.poolCounters.get(poolId);
      if (receipt.status === 'reverted') {
        d.reverted++;
        const reason = reasonKey(receipt.revertReason);
        increment(this.reverts, reason);
        if (counters !== undefined && participant?.role !== 'liquidator') increment(counters.reverts, reason);
      }
      if (participant?.role === 'liquidator') {
        this.observeLiquidation(receipt, gasNumeraire);
        continue;
      }
      if (counters === undefined || poolId === undefined) continue;
      const venue = this.simulator.venues.pools.get(poolId)!;
      const swap = swapResultOf(receipt);
      if (swap !== undefined) this.countSwap(venue, counters, swap, price);
      if (participant?.role === 'arbitrageur') {
        if (swap !== undefined) {
          counters.arbitrageTrades++;
          counters.arbitrageGrossNumeraire += -Number(swap.amount0) * unitValue(venue, 0, price) - Number(swap.amount1) * unitValue(venue, 1, price);
        } else if (receipt.status === 'reverted') counters.arbitrageReverted++;
        counters.arbitrageGasNumeraire += gasNumeraire;
      } else if (participant?.role === 'noise') {
        if (swap !== undefined) {
          counters.noiseTrades++;
          counters.noiseVolumeNumeraire += inputValue(venue, swap, price);
        } else if (receipt.status === 'reverted') counters.noiseReverted++;
      } else if (participant?.role === 'searcher') {
        counters.searcherGasNumeraire += gasNumeraire;
        if (receipt.bundleId !== undefined && receipts[i + 1]?.bundleId === receipt.bundleId && receipts[i - 1]?.bundleId !== receipt.bundleId) {
          this.observeSandwich(venue, counters, receipts, i, price);
        }
      }
    }
    this.snapshotSearchedPools();
  }

  private countSwap(venue: PoolVenue, counters: PoolCounters, swap: SwapResult, price: number): void {
    counters.swaps++;
    if (swap.amount0 > 0n) counters.token0In += swap.amount0;
    if (swap.amount1 > 0n) counters.token1In += swap.amount1;
    counters.volumeNumeraire += inputValue(venue, swap, price);
  }

  /** A searcher bundle [front, victim, back] starting at `start`: its gain and the victim's loss. */
  private observeSandwich(venue: PoolVenue, counters: PoolCounters, receipts: readonly Receipt[], start: number, price: number): void {
    const front = receipts[start]!;
    const victim = receipts[start + 1];
    const back = receipts[start + 2];
    if (victim === undefined || back === undefined || back.bundleId !== front.bundleId || back.sender !== front.sender) return;
    const f = swapResultOf(front);
    const v = swapResultOf(victim);
    const b = swapResultOf(back);
    if (f === undefined || v === undefined || b === undefined) return;
    counters.sandwiches++;
    const zeroForOne = f.amount0 > 0n;
    const frontIn = zeroForOne ? f.amount0 : f.amount1;
    const backOut = zeroForOne ? -b.amount0 : -b.amount1;
    counters.searcherGrossNumeraire += Number(backOut - frontIn) * unitValue(venue, zeroForOne ? 0 : 1, price);
    // The bundle at the top of the block ran on the pool as the previous block left it: replay
    // the victim's swap there alone for what it would have received.
    const pre = this.preState.get(venue.id);
    if (start !== 0 || pre === undefined) return;
    const victimZeroForOne = v.amount0 > 0n;
    const victimIn = victimZeroForOne ? v.amount0 : v.amount1;
    const victimOut = victimZeroForOne ? -v.amount1 : -v.amount0;
    try {
      const alone = new SwapReplica(new PoolSwapTopology(venue.pool), pre.sqrtPriceX96, pre.tick, pre.liquidity).swap(victimZeroForOne, victimIn);
      const aloneOut = victimZeroForOne ? -alone.amount1 : -alone.amount0;
      counters.victimLossNumeraire += Number(aloneOut - victimOut) * unitValue(venue, victimZeroForOne ? 1 : 0, price);
      counters.victimLossMeasured++;
    } catch {
      // The pool refuses the swap alone (cannot happen for a landed victim): leave it unmeasured.
    }
  }

  private observeLiquidation(receipt: Receipt, gasNumeraire: number): void {
    const entry = this.liquidators.get(receipt.sender);
    const plan = entry?.agent.sent[entry.next];
    if (entry !== undefined) entry.next++;
    if (receipt.status === 'reverted') {
      this.data.liquidationsReverted++;
      return;
    }
    const result = receipt.result as LiquidationReceipt | undefined;
    const lending = this.simulator.venues.lending;
    if (plan === undefined || result === undefined || lending === undefined || typeof result.debtRepaid !== 'bigint') return;
    const key = `${plan.collateralAsset}/${plan.debtAsset}`;
    let counters = this.liquidationCounters.get(key);
    if (counters === undefined) {
      counters = { count: 0, debtRepaid: 0n, collateralSeized: 0n, bonusCollateral: 0n, protocolFee: 0n, bonusNumeraire: 0, liquidatorProfitNumeraire: 0 };
      this.liquidationCounters.set(key, counters);
    }
    const valueOf = (asset: string, amount: bigint): number => {
      const priceBase8 = this.simulator.oraclePriceBase8(asset) ?? 0n;
      return (Number(amount) / Math.pow(10, lending.market.getReserveConfig(asset).decimals)) * (Number(priceBase8) / 1e8);
    };
    counters.count++;
    counters.debtRepaid += result.debtRepaid;
    counters.collateralSeized += result.collateralSeized;
    counters.bonusCollateral += result.bonusCollateral;
    counters.protocolFee += result.protocolFeePaid;
    counters.bonusNumeraire += valueOf(plan.collateralAsset, result.bonusCollateral);
    counters.liquidatorProfitNumeraire += valueOf(plan.collateralAsset, result.collateralToLiquidator) - valueOf(plan.debtAsset, result.debtRepaid) - gasNumeraire;
  }

  private snapshotSearchedPools(): void {
    for (const participant of this.participants.values()) {
      if (participant.role !== 'searcher' || participant.pool === undefined) continue;
      const venue = this.simulator.venues.pools.get(participant.pool);
      if (venue === undefined) continue;
      const { sqrtPriceX96, tick } = venue.pool.slot0;
      this.preState.set(venue.id, { sqrtPriceX96, tick, liquidity: venue.pool.liquidity });
    }
  }
}

interface SwapResult {
  readonly amount0: bigint;
  readonly amount1: bigint;
}

/** A v3 swap's pool deltas from a successful receipt, or undefined for anything else. */
function swapResultOf(receipt: Receipt): SwapResult | undefined {
  if (receipt.status !== 'success') return undefined;
  const result = receipt.result as { amount0?: unknown; amount1?: unknown; sqrtPriceX96After?: unknown } | undefined;
  if (result === undefined || result === null || typeof result.sqrtPriceX96After !== 'bigint') return undefined;
  if (typeof result.amount0 !== 'bigint' || typeof result.amount1 !== 'bigint') return undefined;
  return { amount0: result.amount0, amount1: result.amount1 };
}

function inputValue(venue: PoolVenue, swap: SwapResult, price: number): number {
  return swap.amount0 > 0n ? Number(swap.amount0) * unitValue(venue, 0, price) : Number(swap.amount1) * unitValue(venue, 1, price);
}

function weiToNumeraire(wei: bigint, nativePrice: number): number {
  return (Number(wei) / Math.pow(10, NATIVE_DECIMALS)) * nativePrice;
}

/** A revert reason without its numbers ('Too little received: 123 < 456' → 'Too little received'), so reasons group. */
export function reasonKey(reason: string | undefined): string {
  if (reason === undefined || reason.length === 0) return 'unknown';
  const colon = reason.indexOf(':');
  return (colon > 0 ? reason.slice(0, colon) : reason).trim().slice(0, 80);
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function emptyPoolCounters(): PoolCounters {
  return {
    swaps: 0,
    token0In: 0n,
    token1In: 0n,
    volumeNumeraire: 0,
    arbitrageTrades: 0,
    arbitrageReverted: 0,
    arbitrageGrossNumeraire: 0,
    arbitrageGasNumeraire: 0,
    noiseTrades: 0,
    noiseReverted: 0,
    noiseVolumeNumeraire: 0,
    sandwiches: 0,
    searcherGrossNumeraire: 0,
    searcherGasNumeraire: 0,
    victimLossNumeraire: 0,
    victimLossMeasured: 0,
    reverts: new Map(),
  };
}

// ── the summary ─────────────────────────────────────────────────────────────────────────────

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
    readonly reserves: readonly ReserveRunSummary[];
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
  const lending = simulator.venues.lending;
  if (lending === undefined) return null;
  const market = lending.market;
  const reserves = market.assets.map((asset): ReserveRunSummary => {
    const r = market.getReserveData(asset, market.nowSeconds);
    return {
      asset,
      initialUtilization: Number(collected.initialUtilizationRay.get(asset) ?? 0n) / RAY,
      utilization: Number(r.utilizationRay) / RAY,
      supplyRateAnnual: Number(r.liquidityRateRay) / RAY,
      borrowRateAnnual: Number(r.variableBorrowRateRay) / RAY,
      totalSupply: r.totalSupply,
      totalDebt: r.totalDebt,
    };
  });
  const byPair = [...collected.liquidations.entries()]
    .sort((a, b) => compareText(a[0], b[0]))
    .map(([key, c]): LiquidationRunSummary => {
      const [collateralAsset = '', debtAsset = ''] = key.split('/');
      return { collateralAsset, debtAsset, ...c };
    });
  return { reserves, liquidations: byPair.reduce((sum, pair) => sum + pair.count, 0), liquidationsReverted: collected.liquidationsReverted, liquidationsByPair: byPair };
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
