/**
 * EIP-1559 base fee: the protocol's integer update rule, and a replay mode that reads the base
 * fee from a recorded history instead.
 *
 * `nextBaseFeeWei` is a line-by-line port of the EIP's reference Python (the `validate_block`
 * branch that computes `expected_base_fee_per_gas`), with bigint for Python's unbounded ints.
 * All operands are ≥ 0, so bigint `/` (truncation) is Python's `//` (floor). Note the asymmetry
 * the EIP specifies: a block above target raises the fee by at least 1 wei (so a fee of a few wei
 * can still climb), a block below target lowers it with no floor other than 0.
 *
 * A simulator drives either model through `BaseFeeModel`: ask `baseFeeWeiFor(header)` before
 * building a block, report `recordBlock(...)` after it. The EIP model evolves with block
 * fullness; the replay model ignores fullness and answers by timestamp.
 */
import { InvalidInputError } from '../../errors.js';
import type { BlockHeader } from './block-clock.js';

/** EIP-1559 constants (London). */
export const ELASTICITY_MULTIPLIER = 2n;
export const BASE_FEE_MAX_CHANGE_DENOMINATOR = 8n;
/** The base fee of the fork block (1 gwei). */
export const INITIAL_BASE_FEE_WEI = 1_000_000_000n;

export interface ParentBlockGas {
  readonly parentBaseFeeWei: bigint;
  readonly parentGasUsed: bigint;
  readonly parentGasLimit: bigint;
}

export interface BaseFeeParameters {
  readonly elasticityMultiplier?: bigint;
  readonly maxChangeDenominator?: bigint;
}

/** The base fee of the child block, exactly as the EIP's reference implementation computes it. */
export function nextBaseFeeWei(parent: ParentBlockGas, parameters: BaseFeeParameters = {}): bigint {
  const elasticityMultiplier = parameters.elasticityMultiplier ?? ELASTICITY_MULTIPLIER;
  const maxChangeDenominator = parameters.maxChangeDenominator ?? BASE_FEE_MAX_CHANGE_DENOMINATOR;
  const { parentBaseFeeWei, parentGasUsed, parentGasLimit } = parent;
  if (elasticityMultiplier < 1n) {
    throw new InvalidInputError('elasticityMultiplier', elasticityMultiplier, 'must be >= 1');
  }
  if (maxChangeDenominator < 1n) {
    throw new InvalidInputError('maxChangeDenominator', maxChangeDenominator, 'must be >= 1');
  }
  if (parentBaseFeeWei < 0n) throw new InvalidInputError('parentBaseFeeWei', parentBaseFeeWei, 'must be >= 0');
  if (parentGasUsed < 0n) throw new InvalidInputError('parentGasUsed', parentGasUsed, 'must be >= 0');
  if (parentGasUsed > parentGasLimit) {
    throw new InvalidInputError('parentGasUsed', parentGasUsed, `must not exceed parentGasLimit ${parentGasLimit}`);
  }
  const parentGasTarget = parentGasLimit / elasticityMultiplier;
  if (parentGasTarget < 1n) {
    throw new InvalidInputError('parentGasLimit', parentGasLimit, 'gas target (limit / elasticity) must be >= 1');
  }

  if (parentGasUsed === parentGasTarget) return parentBaseFeeWei;
  if (parentGasUsed > parentGasTarget) {
    const gasUsedDelta = parentGasUsed - parentGasTarget;
    const computed = (parentBaseFeeWei * gasUsedDelta) / parentGasTarget / maxChangeDenominator;
    const baseFeePerGasDelta = computed > 1n ? computed : 1n;
    return parentBaseFeeWei + baseFeePerGasDelta;
  }
  const gasUsedDelta = parentGasTarget - parentGasUsed;
  const baseFeePerGasDelta = (parentBaseFeeWei * gasUsedDelta) / parentGasTarget / maxChangeDenominator;
  return parentBaseFeeWei - baseFeePerGasDelta;
}

/** What a simulator needs from a base-fee source, whichever mode it runs in. */
export interface BaseFeeModel {
  /** The base fee of the block with this header (call before building it). */
  baseFeeWeiFor(header: BlockHeader): bigint;
  /** Reports how full the block just built was (the EIP model's input; replay ignores it). */
  recordBlock(gasUsed: bigint, gasLimit: bigint): void;
}

/** The live EIP-1559 dynamics, starting from a given base fee. */
export class Eip1559BaseFeeModel implements BaseFeeModel {
  private baseFeeWei: bigint;

  constructor(
    initialBaseFeeWei: bigint = INITIAL_BASE_FEE_WEI,
    private readonly parameters: BaseFeeParameters = {},
  ) {
    if (initialBaseFeeWei < 0n) throw new InvalidInputError('initialBaseFeeWei', initialBaseFeeWei, 'must be >= 0');
    this.baseFeeWei = initialBaseFeeWei;
  }

  /** The base fee the next block will carry. */
  get currentBaseFeeWei(): bigint {
    return this.baseFeeWei;
  }

  baseFeeWeiFor(_header: BlockHeader): bigint {
    return this.baseFeeWei;
  }

  recordBlock(gasUsed: bigint, gasLimit: bigint): void {
    this.baseFeeWei = nextBaseFeeWei(
      { parentBaseFeeWei: this.baseFeeWei, parentGasUsed: gasUsed, parentGasLimit: gasLimit },
      this.parameters,
    );
  }
}

export interface BaseFeeHistoryEntry {
  readonly timestampSeconds: number;
  readonly baseFeeWei: bigint;
}

/**
 * Replays a recorded base-fee history: the fee at time t is that of the latest entry at or
 * before t (a step function, as a chain's fee only changes at blocks). Asking before the first
 * entry is an error rather than a guess, so a misaligned history is caught at once.
 */
export class ReplayBaseFeeModel implements BaseFeeModel {
  private readonly entries: readonly BaseFeeHistoryEntry[];

  constructor(history: readonly BaseFeeHistoryEntry[]) {
    if (history.length === 0) throw new InvalidInputError('history', history, 'must not be empty');
    history.forEach((entry, i) => {
      if (!Number.isSafeInteger(entry.timestampSeconds)) {
        throw new InvalidInputError(`history[${i}].timestampSeconds`, entry.timestampSeconds, 'must be a safe integer');
      }
      if (entry.baseFeeWei < 0n) {
        throw new InvalidInputError(`history[${i}].baseFeeWei`, entry.baseFeeWei, 'must be >= 0');
      }
      const previous = history[i - 1];
      if (previous !== undefined && entry.timestampSeconds <= previous.timestampSeconds) {
        throw new InvalidInputError(
          `history[${i}].timestampSeconds`,
          entry.timestampSeconds,
          `must be greater than the previous entry's ${previous.timestampSeconds}`,
        );
      }
    });
    this.entries = history.map((e) => ({ timestampSeconds: e.timestampSeconds, baseFeeWei: e.baseFeeWei }));
  }

  /** The recorded base fee in force at `timestampSeconds`. */
  baseFeeWeiAt(timestampSeconds: number): bigint {
    const first = this.entries[0]!;
    if (!Number.isFinite(timestampSeconds) || timestampSeconds < first.timestampSeconds) {
      throw new InvalidInputError(
        'timestampSeconds',
        timestampSeconds,
        `must be at or after the history's first timestamp ${first.timestampSeconds}`,
      );
    }
    // Binary search for the last entry with timestamp ≤ t.
    let lo = 0;
    let hi = this.entries.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.entries[mid]!.timestampSeconds <= timestampSeconds) lo = mid;
      else hi = mid - 1;
    }
    return this.entries[lo]!.baseFeeWei;
  }

  baseFeeWeiFor(header: BlockHeader): bigint {
    return this.baseFeeWeiAt(header.timestampSeconds);
  }

  recordBlock(_gasUsed: bigint, _gasLimit: bigint): void {
    // The history already reflects the real chain's fullness.
  }
}
