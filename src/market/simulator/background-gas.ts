/**
 * The rest of the chain: gas used each block by transactions outside the simulation. Without
 * it a simulated block holds a handful of swaps, sits far below the EIP-1559 target, and the
 * base fee decays to zero within a few hundred blocks. Demand here is elastic: it wants
 * `targetFraction` of the gas limit at the reference base fee, less as the fee rises above it
 * (and more below), plus seeded noise; so the base fee mean-reverts around the reference and
 * fluctuates, with occasional seeded spikes (a mint, an airdrop) that push it up for a while.
 */
import { InvalidInputError } from '../../errors.js';
import { createSeededRandom, type SeededRandom } from '../../math/stats.js';

export interface BackgroundGasConfig {
  /** demand at the reference base fee, as a fraction of the gas limit (0.5 = the EIP target) */
  readonly targetFraction?: number;
  /** the base fee around which demand is at target, wei */
  readonly referenceBaseFeeWei: bigint;
  /** demand change per unit of ln(baseFee / reference) (fraction of the limit) */
  readonly elasticity?: number;
  /** standard deviation of the per-block demand noise (fraction of the limit) */
  readonly noiseFraction?: number;
  /** chance per block that a demand spike starts */
  readonly spikeProbabilityPerBlock?: number;
  readonly spikeDurationBlocks?: number;
  /** demand during a spike (fraction of the limit, up to 1 = full blocks) */
  readonly spikeFraction?: number;
}

export class BackgroundGas {
  private readonly random: SeededRandom;
  private readonly targetFraction: number;
  private readonly lnReference: number;
  private readonly elasticity: number;
  private readonly noiseFraction: number;
  private readonly spikeProbability: number;
  private readonly spikeDuration: number;
  private readonly spikeFraction: number;
  private spikeBlocksLeft = 0;

  constructor(config: BackgroundGasConfig, seed: number) {
    this.targetFraction = fraction('targetFraction', config.targetFraction ?? 0.5);
    if (config.referenceBaseFeeWei <= 0n) throw new InvalidInputError('referenceBaseFeeWei', config.referenceBaseFeeWei, 'must be > 0');
    this.lnReference = Math.log(Number(config.referenceBaseFeeWei));
    this.elasticity = nonNegative('elasticity', config.elasticity ?? 0.25);
    this.noiseFraction = nonNegative('noiseFraction', config.noiseFraction ?? 0.1);
    this.spikeProbability = fraction('spikeProbabilityPerBlock', config.spikeProbabilityPerBlock ?? 0);
    this.spikeDuration = nonNegative('spikeDurationBlocks', config.spikeDurationBlocks ?? 20);
    this.spikeFraction = fraction('spikeFraction', config.spikeFraction ?? 1);
    this.random = createSeededRandom(seed);
  }

  /** Gas the rest of the chain uses in a block with this base fee, given what is left of the limit. */
  gasUsed(baseFeeWei: bigint, gasLimit: bigint, gasLeft: bigint): bigint {
    let demand: number;
    if (this.spikeBlocksLeft > 0) {
      this.spikeBlocksLeft--;
      demand = this.spikeFraction;
    } else if (this.spikeProbability > 0 && this.random.uniform() < this.spikeProbability) {
      this.spikeBlocksLeft = this.spikeDuration - 1;
      demand = this.spikeFraction;
    } else {
      const lnFee = baseFeeWei > 0n ? Math.log(Number(baseFeeWei)) : this.lnReference - 10;
      demand = this.targetFraction - this.elasticity * (lnFee - this.lnReference) + this.noiseFraction * this.random.normal();
    }
    if (!(demand > 0)) return 0n;
    const gas = BigInt(Math.floor(Math.min(demand, 1) * Number(gasLimit)));
    return gas < gasLeft ? gas : gasLeft;
  }
}

function fraction(field: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0 && value <= 1)) throw new InvalidInputError(field, value, 'must be in [0, 1]');
  return value;
}

function nonNegative(field: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) throw new InvalidInputError(field, value, 'must be a finite number >= 0');
  return value;
}
