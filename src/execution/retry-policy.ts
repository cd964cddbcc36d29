/**
 * The chain executor's retry policy, as one pure decision per transaction. The rule it keeps: an
 * intent whose transaction may have been broadcast is never sent again under a new nonce. Every
 * later step reuses the SAME nonce: the same signed bytes again (the node lost them), the same
 * call with higher fees (stuck), or a 0-value transfer to self (past the deadline: whichever of
 * the versions mines first consumes the nonce, and the others can then never mine).
 *
 * Not yet: a cancel that is itself stuck is rebroadcast but not re-bumped; the intent stays in
 * flight until the base fee comes back under its cap.
 */
import { InvalidInputError } from '../errors.js';

export interface RetryPolicy {
  /** replace a transaction still unmined after this many blocks (same nonce, fees bumped) */
  readonly replaceAfterBlocks: number;
  /** at most this many fee-bump replacements per transaction */
  readonly maxReplacements: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { replaceAfterBlocks: 3, maxReplacements: 3 };

export function validateRetryPolicy(policy: RetryPolicy): void {
  if (!(Number.isSafeInteger(policy.replaceAfterBlocks) && policy.replaceAfterBlocks > 0)) {
    throw new InvalidInputError('retry.replaceAfterBlocks', policy.replaceAfterBlocks, 'must be a positive integer');
  }
  if (!(Number.isSafeInteger(policy.maxReplacements) && policy.maxReplacements >= 0)) {
    throw new InvalidInputError('retry.maxReplacements', policy.maxReplacements, 'must be an integer >= 0');
  }
}

/** What the executor knows about one of its transactions after a block. */
export interface TxObservation {
  /** a receipt exists for one of its versions (original, replacements) */
  readonly mined: boolean;
  /** the chain's mined nonce count is past its nonce */
  readonly nonceConsumed: boolean;
  /** the node holds its latest version (in the pool) */
  readonly knownToNode: boolean;
  /** the latest block's timestamp is past the intent's deadline */
  readonly deadlinePassed: boolean;
  /** a cancelling self-transfer was already signed at its nonce */
  readonly cancelSent: boolean;
  /** blocks since its latest version was first broadcast (a rebroadcast of the same bytes does not count) */
  readonly blocksSinceBroadcast: number;
  readonly replacements: number;
}

export type RetryStep =
  /** one of its versions mined: read the receipt */
  | 'mined'
  /** its nonce was consumed by something else (the cancel): it will never run */
  | 'dropped'
  /** past the deadline: send a 0-value self-transfer at the same nonce */
  | 'cancel'
  /** the node lost it: send the same signed bytes again (same hash: cannot run twice) */
  | 'rebroadcast'
  /** stuck: the same call at the same nonce with bumped fees */
  | 'replace'
  | 'wait';

export function nextRetryStep(observed: TxObservation, policy: RetryPolicy): RetryStep {
  if (observed.mined) return 'mined';
  if (observed.nonceConsumed) return 'dropped';
  if (observed.deadlinePassed && !observed.cancelSent) return 'cancel';
  // A node may evict a transaction priced under the base fee: past the patience, a replacement
  // at the market's fees, whether the node still holds the old version or not.
  if (!observed.cancelSent && observed.blocksSinceBroadcast >= policy.replaceAfterBlocks && observed.replacements < policy.maxReplacements) {
    return 'replace';
  }
  if (!observed.knownToNode) return 'rebroadcast';
  return 'wait';
}
