/**
 * The collecting half of a run summary: `RunCollector.observe(block)` is called once per block
 * and keeps only counters (no receipts are retained), plus a fixed-size histogram for the
 * median base fee, so memory does not grow with the run. `run-summary.ts` turns the counters
 * and the simulator's final state into the summary.
 */
import { Liquidator } from '../agents/liquidator.js';
import { NoiseTrader } from '../agents/noise-trader.js';
import { Searcher } from '../agents/searcher.js';
import { unitValue } from '../agents/types.js';
import type { LiquidationReceipt } from '../lending/liquidation.js';
import { ArbitrageAgent } from './arbitrage-agent.js';
import type { Receipt } from './actions.js';
import type { MarketSimulator, BlockSummary } from './simulator.js';
import { SwapReplica } from './swap-replica.js';
import { type PoolVenue } from './venues.js';

const NATIVE_DECIMALS = 18;

// ── the collector ───────────────────────────────────────────────────────────────────────────

type Role = 'arbitrageur' | 'noise' | 'searcher' | 'liquidator';

interface Participant {
  readonly role: Role;
  /** the pool the agent trades; undefined when the address trades several (not attributable) */
  readonly pool: string | undefined;
}

export interface PoolCounters {
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
  /** by `${market id}|${asset}` */
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
    for (const [id, lending] of simulator.venues.lendingMarkets) {
      for (const asset of lending.market.assets) initialUtilizationRay.set(`${id}|${asset}`, lending.market.getReserveData(asset, lending.market.nowSeconds).utilizationRay);
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
      const alone = new SwapReplica(venue.pool, pre.sqrtPriceX96, pre.tick, pre.liquidity).swap(victimZeroForOne, victimIn);
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
    const lending = plan?.market === undefined ? this.simulator.venues.lending : this.simulator.venues.lendingMarkets.get(plan.market);
    if (plan === undefined || result === undefined || lending === undefined || typeof result.debtRepaid !== 'bigint') return;
    const key = `${plan.market === undefined ? '' : `${plan.market}:`}${plan.collateralAsset}/${plan.debtAsset}`;
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

export function emptyPoolCounters(): PoolCounters {
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
