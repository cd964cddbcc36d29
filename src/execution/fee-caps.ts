/**
 * Gas and fee arithmetic of the chain executor, pure: the next block's base fee by EIP-1559's
 * rule, the fee caps offered, the gas limit with a margin over the node's estimate, and the
 * bump a replacement needs to be accepted at the same nonce.
 */
import { InvalidInputError } from '../errors.js';

const BPS = 10_000n;
/** EIP-1559: the base fee moves by at most 1/8 per block, toward half-full blocks. */
const BASE_FEE_MAX_CHANGE_DENOMINATOR = 8n;
const ELASTICITY_MULTIPLIER = 2n;
/** geth and anvil refuse a same-nonce replacement that raises either fee by less than 10 %. */
export const MIN_REPLACEMENT_BUMP_BPS = 1_000n;

/** The base fee of the block after one with these figures (EIP-1559's formula, integer). */
export function nextBaseFeeWei(baseFeeWei: bigint, gasUsed: bigint, gasLimit: bigint): bigint {
  if (baseFeeWei < 0n) throw new InvalidInputError('baseFeeWei', baseFeeWei, 'must be >= 0');
  if (gasLimit <= 0n) throw new InvalidInputError('gasLimit', gasLimit, 'must be > 0');
  if (gasUsed < 0n || gasUsed > gasLimit) throw new InvalidInputError('gasUsed', gasUsed, `must be in [0, ${gasLimit}]`);
  const target = gasLimit / ELASTICITY_MULTIPLIER;
  if (gasUsed === target) return baseFeeWei;
  if (gasUsed > target) {
    const delta = (baseFeeWei * (gasUsed - target)) / target / BASE_FEE_MAX_CHANGE_DENOMINATOR;
    return baseFeeWei + (delta > 1n ? delta : 1n);
  }
  return baseFeeWei - (baseFeeWei * (target - gasUsed)) / target / BASE_FEE_MAX_CHANGE_DENOMINATOR;
}

export interface FeeCaps {
  readonly maxFeePerGas: bigint;
  readonly maxPriorityFeePerGas: bigint;
}

/**
 * maxFeePerGas = 2 × next base fee + tip: the transaction stays includable in each of the next
 * six blocks even if every block before it is full (each raises the base fee by at most 12.5 %,
 * 1.125^5 ≈ 1.80 < 2), and pays only the real base fee plus the tip.
 */
export function feeCapsFor(nextBaseFee: bigint, tipWei: bigint): FeeCaps {
  if (nextBaseFee < 0n) throw new InvalidInputError('nextBaseFeeWei', nextBaseFee, 'must be >= 0');
  if (tipWei < 0n) throw new InvalidInputError('maxPriorityFeePerGas', tipWei, 'must be >= 0');
  return { maxFeePerGas: 2n * nextBaseFee + tipWei, maxPriorityFeePerGas: tipWei };
}

/** estimate × (1 + margin), rounded up: estimates can come up short when state moves. */
export function gasLimitWithMargin(estimatedGas: bigint, marginBps: bigint): bigint {
  if (estimatedGas <= 0n) throw new InvalidInputError('estimatedGas', estimatedGas, 'must be > 0');
  if (marginBps < 0n) throw new InvalidInputError('gasMarginBps', marginBps, 'must be >= 0');
  return (estimatedGas * (BPS + marginBps) + BPS - 1n) / BPS;
}

/**
 * Fees for a replacement at the same nonce: each cap raised by at least `bumpBps` (rounded up,
 * +1 wei at the least) and never below what the market asks now (`current`).
 */
export function bumpedFeeCaps(previous: FeeCaps, current: FeeCaps, bumpBps: bigint = MIN_REPLACEMENT_BUMP_BPS + 250n): FeeCaps {
  if (bumpBps < MIN_REPLACEMENT_BUMP_BPS) throw new InvalidInputError('feeBumpBps', bumpBps, `must be >= ${MIN_REPLACEMENT_BUMP_BPS} (nodes refuse smaller replacements)`);
  const bump = (fee: bigint): bigint => {
    const raised = (fee * (BPS + bumpBps) + BPS - 1n) / BPS;
    return raised > fee ? raised : fee + 1n;
  };
  const tip = max(bump(previous.maxPriorityFeePerGas), current.maxPriorityFeePerGas);
  const cap = max(bump(previous.maxFeePerGas), current.maxFeePerGas);
  return { maxFeePerGas: cap > tip ? cap : tip, maxPriorityFeePerGas: tip };
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
