/**
 * Refusals of the option venue and the auction that are about state (not a malformed argument,
 * which is an InvalidInputError naming the field, as an unlisted strike or expiry is).
 */
export type OptionVenueErrorCode =
  | 'UNKNOWN_ACCOUNT'
  | 'INSUFFICIENT_CASH'
  | 'INSUFFICIENT_UNDERLYING'
  | 'EXPIRED'
  | 'NOT_EXPIRED'
  | 'ALREADY_SETTLED';

export class OptionVenueError extends Error {
  override readonly name = 'OptionVenueError';
  constructor(
    readonly code: OptionVenueErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export type AuctionErrorCode = 'BIDDING_NOT_OPEN' | 'BIDDING_CLOSED' | 'BIDDING_STILL_OPEN' | 'ALREADY_CLOSED';

export class AuctionError extends Error {
  override readonly name = 'AuctionError';
  constructor(
    readonly code: AuctionErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
