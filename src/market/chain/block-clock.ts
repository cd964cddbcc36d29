/**
 * The simulator's block clock: block numbers and timestamps, one block per `advance()`.
 *
 * Time is kept internally in integer milliseconds so that fractional block times (an L2 at
 * 0.25 s) accumulate without float drift; the timestamp a block carries is whole seconds, as on
 * every EVM chain, so several sub-second blocks can share one timestamp. With a block time of
 * at least one second and no jitter, timestamps strictly increase, as Ethereum requires.
 *
 * Jitter is optional and seeded (`createSeededRandom`): each interval is the block time plus a
 * uniform integer number of milliseconds in [−jitter, +jitter]. The jitter must stay below the
 * block time so time never stands still or runs backwards. The same seed gives the same clock.
 */
import { InvalidInputError } from '../../errors.js';
import { createSeededRandom, type SeededRandom } from '../../math/stats.js';

export const DEFAULT_BLOCK_TIME_SECONDS = 12;

export interface BlockHeader {
  readonly blockNumber: number;
  /** whole seconds since the Unix epoch, as in an EVM block header */
  readonly timestampSeconds: number;
}

export interface BlockClockOptions {
  /** the header of the block the clock starts at (default: block 0 at timestamp 0) */
  readonly genesisBlockNumber?: number;
  readonly genesisTimestampSeconds?: number;
  /** seconds between blocks (default 12, Ethereum's slot time); may be fractional */
  readonly blockTimeSeconds?: number;
  /** maximum absolute deviation of one interval from the block time, in seconds (default 0) */
  readonly jitterSeconds?: number;
  /** seed of the jitter; required when jitterSeconds > 0 so every run repeats */
  readonly seed?: number;
}

const MS_PER_SECOND = 1000;

export class BlockClock {
  readonly blockTimeSeconds: number;
  readonly jitterSeconds: number;
  private readonly blockTimeMs: number;
  private readonly jitterMs: number;
  private readonly random: SeededRandom | undefined;
  private blockNumberNow: number;
  private timeMs: number;

  constructor(options: BlockClockOptions = {}) {
    const genesisBlockNumber = options.genesisBlockNumber ?? 0;
    const genesisTimestampSeconds = options.genesisTimestampSeconds ?? 0;
    const blockTimeSeconds = options.blockTimeSeconds ?? DEFAULT_BLOCK_TIME_SECONDS;
    const jitterSeconds = options.jitterSeconds ?? 0;
    requireSafeNonNegativeInteger('genesisBlockNumber', genesisBlockNumber);
    requireSafeNonNegativeInteger('genesisTimestampSeconds', genesisTimestampSeconds);
    if (!(Number.isFinite(blockTimeSeconds) && blockTimeSeconds > 0)) {
      throw new InvalidInputError('blockTimeSeconds', blockTimeSeconds, 'must be a finite number > 0');
    }
    const blockTimeMs = Math.round(blockTimeSeconds * MS_PER_SECOND);
    if (blockTimeMs < 1) throw new InvalidInputError('blockTimeSeconds', blockTimeSeconds, 'must be at least 0.001');
    if (!(Number.isFinite(jitterSeconds) && jitterSeconds >= 0)) {
      throw new InvalidInputError('jitterSeconds', jitterSeconds, 'must be a finite number >= 0');
    }
    const jitterMs = Math.round(jitterSeconds * MS_PER_SECOND);
    if (jitterMs >= blockTimeMs) {
      throw new InvalidInputError('jitterSeconds', jitterSeconds, 'must be smaller than blockTimeSeconds');
    }
    if (jitterMs > 0 && options.seed === undefined) {
      throw new InvalidInputError('seed', options.seed, 'is required when jitterSeconds > 0');
    }
    this.blockTimeSeconds = blockTimeSeconds;
    this.jitterSeconds = jitterSeconds;
    this.blockTimeMs = blockTimeMs;
    this.jitterMs = jitterMs;
    this.random = jitterMs > 0 ? createSeededRandom(options.seed!) : undefined;
    this.blockNumberNow = genesisBlockNumber;
    this.timeMs = genesisTimestampSeconds * MS_PER_SECOND;
  }

  /** The header of the latest block. */
  current(): BlockHeader {
    return { blockNumber: this.blockNumberNow, timestampSeconds: Math.floor(this.timeMs / MS_PER_SECOND) };
  }

  /** Produces the next block and returns its header. */
  advance(): BlockHeader {
    let intervalMs = this.blockTimeMs;
    if (this.random !== undefined) {
      const span = 2 * this.jitterMs + 1;
      intervalMs += Math.floor(this.random.uniform() * span) - this.jitterMs;
    }
    this.blockNumberNow += 1;
    this.timeMs += intervalMs;
    return this.current();
  }

  /** Produces `count` blocks and returns their headers in order. */
  advanceBlocks(count: number): BlockHeader[] {
    requireSafeNonNegativeInteger('count', count);
    const headers: BlockHeader[] = [];
    for (let i = 0; i < count; i++) headers.push(this.advance());
    return headers;
  }

  /**
   * Produces blocks until the latest one's timestamp is ≥ `timestampSeconds` and returns them
   * (none when the clock is already there).
   */
  advanceUntil(timestampSeconds: number): BlockHeader[] {
    requireSafeNonNegativeInteger('timestampSeconds', timestampSeconds);
    const headers: BlockHeader[] = [];
    while (this.current().timestampSeconds < timestampSeconds) headers.push(this.advance());
    return headers;
  }
}

function requireSafeNonNegativeInteger(field: string, value: number): void {
  if (!(Number.isSafeInteger(value) && value >= 0)) {
    throw new InvalidInputError(field, value, 'must be a non-negative safe integer');
  }
}
