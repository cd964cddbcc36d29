/**
 * Noise traders: uninformed swaps on a v3 pool. Per side (token0 in / token1 in) arrivals are a
 * Poisson process (rate per block) and input sizes are log-normal; each trade sets its
 * slippage bound `amountOutMinimum` = quote × (1 − tolerance) on the pool as of the previous
 * block, the way a wallet does, which is what a sandwich searcher feeds on.
 *
 * Arrivals are sampled as exponential waiting times in continuous block time, so an idle block
 * costs one comparison per side. `calibrateNoiseFromPoolFile` fits the per-side rate and size
 * distribution to a pool's minute history (see its comment).
 */
import { InvalidInputError } from '../../errors.js';
import { createSeededRandom, type SeededRandom } from '../../math/stats.js';
import type { UniswapV3MinuteSeries } from '../feeds/uniswap-v3.js';
import type { MarketView } from '../simulator/market-view.js';
import { NO_ORDERS, type Agent, type AgentApi, type AgentOrder, type MempoolReader } from './types.js';

export interface NoiseSideParams {
  /** Poisson arrivals per block */
  readonly arrivalsPerBlock: number;
  /** mean and standard deviation of ln(input size in token base units) */
  readonly logSizeMean: number;
  readonly logSizeStd: number;
}

export interface NoiseTraderConfig {
  readonly name?: string;
  readonly address: string;
  readonly pool: string;
  readonly seed: number;
  /** token0 in (zeroForOne) */
  readonly side0: NoiseSideParams;
  /** token1 in */
  readonly side1: NoiseSideParams;
  /** the slippage bound: amountOutMinimum = quote × (1 − tolerance) */
  readonly slippageTolerance: number;
  readonly priorityFeePerGasWei: bigint;
  /** each tip is priorityFee × (1 + jitter × U[0, 1)), so traders do not tie (default 0.5) */
  readonly tipJitter?: number;
}

const PPM = 1_000_000n;

export class NoiseTrader implements Agent {
  readonly name: string;
  readonly address: string;
  readonly poolId: string;
  readonly slippageTolerance: number;
  /** trades sent so far */
  submitted = 0;
  private readonly random: SeededRandom;
  private readonly sides: readonly [NoiseSideParams, NoiseSideParams];
  private readonly nextArrival: [number, number] = [Number.NaN, Number.NaN];
  private readonly minOutPpm: bigint;
  private readonly tipWei: number;
  private readonly tipJitter: number;
  private sequence = 0;

  constructor(config: NoiseTraderConfig) {
    if (config.address.length === 0) throw new InvalidInputError('address', config.address, 'must be a non-empty string');
    validateSide('side0', config.side0);
    validateSide('side1', config.side1);
    const tolerance = config.slippageTolerance;
    if (!(Number.isFinite(tolerance) && tolerance >= 0 && tolerance < 1)) throw new InvalidInputError('slippageTolerance', tolerance, 'must be in [0, 1)');
    if (config.priorityFeePerGasWei < 0n) throw new InvalidInputError('priorityFeePerGasWei', config.priorityFeePerGasWei, 'must be >= 0');
    const jitter = config.tipJitter ?? 0.5;
    if (!(Number.isFinite(jitter) && jitter >= 0)) throw new InvalidInputError('tipJitter', jitter, 'must be a finite number >= 0');
    this.name = config.name ?? `noise:${config.address}`;
    this.address = config.address;
    this.poolId = config.pool;
    this.slippageTolerance = tolerance;
    this.sides = [config.side0, config.side1];
    this.random = createSeededRandom(config.seed);
    this.minOutPpm = BigInt(Math.floor((1 - tolerance) * 1e6));
    this.tipWei = Number(config.priorityFeePerGasWei);
    this.tipJitter = jitter;
  }

  act(view: MarketView, _mempool: MempoolReader, api: AgentApi): readonly AgentOrder[] {
    // Continuous block time: block b covers (b − 1, b]; the first call starts the clocks.
    const building = view.blockNumber + 1;
    let orders: AgentOrder[] | undefined;
    for (let side = 0; side < 2; side++) {
      if (Number.isNaN(this.nextArrival[side])) this.nextArrival[side] = view.blockNumber + this.waiting(side);
      while (this.nextArrival[side]! <= building) {
        this.nextArrival[side] = this.nextArrival[side]! + this.waiting(side);
        const order = this.trade(side === 0, api);
        if (order !== undefined) (orders ??= []).push(order);
      }
    }
    return orders ?? NO_ORDERS;
  }

  private waiting(side: number): number {
    const rate = this.sides[side]!.arrivalsPerBlock;
    if (rate === 0) return Number.POSITIVE_INFINITY;
    // 1 − U is in (0, 1], so the log is finite.
    return -Math.log(1 - this.random.uniform()) / rate;
  }

  private trade(zeroForOne: boolean, api: AgentApi): AgentOrder | undefined {
    const params = this.sides[zeroForOne ? 0 : 1]!;
    const size = Math.exp(params.logSizeMean + params.logSizeStd * this.random.normal());
    const tip = BigInt(Math.floor(this.tipWei * (1 + this.tipJitter * this.random.uniform())));
    if (!(size >= 1 && size < 1e36)) return undefined;
    const amountIn = BigInt(Math.floor(size));
    const venue = api.pool(this.poolId);
    if (api.balanceOf(this.address, zeroForOne ? venue.token0 : venue.token1) < amountIn) return undefined;
    let expectedOut: bigint;
    try {
      const quote = venue.pool.quoteSwap(zeroForOne, amountIn);
      expectedOut = -(zeroForOne ? quote.amount1 : quote.amount0);
    } catch {
      // A pool that cannot take the trade (no liquidity that way): the wallet would not send it.
      return undefined;
    }
    if (expectedOut <= 0n) return undefined;
    this.submitted++;
    return {
      type: 'tx',
      tx: {
        id: `${this.address}/n${this.sequence++}`,
        sender: this.address,
        maxPriorityFeePerGas: tip,
        action: { kind: 'v3Swap', pool: this.poolId, zeroForOne, amountSpecified: amountIn, amountOutMinimum: (expectedOut * this.minOutPpm) / PPM },
      },
    };
  }
}

function validateSide(field: string, side: NoiseSideParams): void {
  if (!(Number.isFinite(side.arrivalsPerBlock) && side.arrivalsPerBlock >= 0)) {
    throw new InvalidInputError(`${field}.arrivalsPerBlock`, side.arrivalsPerBlock, 'must be a finite number >= 0');
  }
  if (!Number.isFinite(side.logSizeMean)) throw new InvalidInputError(`${field}.logSizeMean`, side.logSizeMean, 'must be a finite number');
  if (!(Number.isFinite(side.logSizeStd) && side.logSizeStd >= 0)) throw new InvalidInputError(`${field}.logSizeStd`, side.logSizeStd, 'must be a finite number >= 0');
}

// ── calibration ─────────────────────────────────────────────────────────────────────────────

export interface NoiseSideFit {
  /** Poisson arrivals per minute */
  readonly arrivalsPerMinute: number;
  readonly logSizeMean: number;
  readonly logSizeStd: number;
  /** minutes with / without a swap on this side */
  readonly activeMinutes: number;
  readonly idleMinutes: number;
}

export interface NoiseCalibration {
  readonly minutes: number;
  readonly side0: NoiseSideFit;
  readonly side1: NoiseSideFit;
}

export interface CalibrationOptions {
  /** seed of the simulated compound sums the size fit matches (default 1) */
  readonly seed?: number;
  /** simulated minutes per evaluation (default 20,000) */
  readonly simulatedMinutes?: number;
}

/**
 * Fits the noise model to a pool's minute history, per side, from the swap input volumes
 * (`inAmount0`, `inAmount1`: the sum of the inputs of the minute's swaps).
 *
 * A minute's volume is a compound Poisson sum S = X₁ + … + X_N, N ~ Poisson(λ), ln X ~ N(μ, σ²).
 * - λ from the share of idle minutes: P(N = 0) = e^−λ, so λ = −ln(idle / minutes) (the MLE
 *   given only idle/active, which is all the file tells about counts).
 * - σ and μ by matching robust statistics of ln S over active minutes, because a minute with
 *   two swaps is not one bigger swap: the interquartile range of ln S fixes σ (bisection on a
 *   seeded simulation of the compound sum at μ = 0, with common random numbers so the
 *   simulated IQR is smooth in σ), and then μ shifts the simulated median onto the data's
 *   (ln S moves one for one with μ). Quantiles, not moments, because real volumes are heavy-
 *   tailed and a few whale minutes would dominate a variance.
 */
export function calibrateNoiseFromPoolFile(series: Pick<UniswapV3MinuteSeries, 'inAmount0' | 'inAmount1'>, options: CalibrationOptions = {}): NoiseCalibration {
  const minutes = series.inAmount0.length;
  if (minutes < 10 || series.inAmount1.length !== minutes) throw new InvalidInputError('series.inAmount0.length', minutes, 'need at least 10 minutes on both sides');
  const seed = options.seed ?? 1;
  const simulated = options.simulatedMinutes ?? 20_000;
  return {
    minutes,
    side0: fitSide('inAmount0', series.inAmount0, seed, simulated),
    side1: fitSide('inAmount1', series.inAmount1, seed + 1, simulated),
  };
}

/** Per-minute rates as per-block noise parameters for blocks of `blockSeconds`. */
export function noiseSideForBlocks(fit: NoiseSideFit, blockSeconds: number): NoiseSideParams {
  return { arrivalsPerBlock: (fit.arrivalsPerMinute * blockSeconds) / 60, logSizeMean: fit.logSizeMean, logSizeStd: fit.logSizeStd };
}

function fitSide(field: string, volumes: readonly bigint[], seed: number, simulatedMinutes: number): NoiseSideFit {
  const logs: number[] = [];
  for (const volume of volumes) if (volume > 0n) logs.push(Math.log(Number(volume)));
  const activeMinutes = logs.length;
  const idleMinutes = volumes.length - activeMinutes;
  if (activeMinutes < 4) throw new InvalidInputError(`series.${field}`, activeMinutes, 'need at least 4 minutes with swaps');
  // With no idle minute the MLE is infinite; half a minute is the usual continuity correction.
  const lambda = -Math.log(Math.max(idleMinutes, 0.5) / volumes.length);
  logs.sort((a, b) => a - b);
  const dataIqr = quantile(logs, 0.75) - quantile(logs, 0.25);
  const dataMedian = quantile(logs, 0.5);

  // Common random numbers: the same counts and normals for every σ tried.
  const random = createSeededRandom(seed);
  const counts = new Int32Array(simulatedMinutes);
  const normals: number[] = [];
  for (let i = 0; i < simulatedMinutes; i++) {
    let n = poisson(lambda, random);
    // Condition on an active minute (N >= 1), as the data's statistics are.
    while (n === 0) n = poisson(lambda, random);
    counts[i] = n;
    for (let k = 0; k < n; k++) normals.push(random.normal());
  }
  const simulatedLogs = (sigma: number): number[] => {
    const out = new Array<number>(simulatedMinutes);
    let j = 0;
    for (let i = 0; i < simulatedMinutes; i++) {
      let sum = 0;
      for (let k = 0; k < counts[i]!; k++) sum += Math.exp(sigma * normals[j++]!);
      out[i] = Math.log(sum);
    }
    return out.sort((a, b) => a - b);
  };
  const iqrAt = (sigma: number): number => {
    const s = simulatedLogs(sigma);
    return quantile(s, 0.75) - quantile(s, 0.25);
  };
  let lo = 0;
  let hi = 8;
  if (iqrAt(lo) >= dataIqr) hi = 0;
  for (let i = 0; i < 50 && hi - lo > 1e-6; i++) {
    const mid = (lo + hi) / 2;
    if (iqrAt(mid) < dataIqr) lo = mid;
    else hi = mid;
  }
  const sigma = (lo + hi) / 2;
  const mu = dataMedian - quantile(simulatedLogs(sigma), 0.5);
  return { arrivalsPerMinute: lambda, logSizeMean: mu, logSizeStd: sigma, activeMinutes, idleMinutes };
}

/** Linear-interpolated quantile of sorted values (R's type 7). */
function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return a + (h - lo) * (b - a);
}

/** Knuth's multiplication method: fine for the small rates of per-minute swap counts. */
function poisson(lambda: number, random: SeededRandom): number {
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * random.normal()));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random.uniform();
  while (p > limit) {
    k++;
    p *= random.uniform();
  }
  return k;
}
