/**
 * Refusals of the perpetual-futures venue that are about state, not about a malformed argument
 * (those raise InvalidInputError): the code lets a strategy or the risk layer branch on the
 * reason without parsing a message.
 */
export type PerpErrorCode =
  | 'NO_INDEX_PRICE'
  | 'UNKNOWN_ACCOUNT'
  | 'INSUFFICIENT_MARGIN'
  | 'INSUFFICIENT_COLLATERAL'
  | 'LIQUIDATABLE'
  | 'NOT_LIQUIDATABLE'
  | 'NON_POSITIVE_FILL_PRICE';

export class PerpError extends Error {
  override readonly name = 'PerpError';
  constructor(
    readonly code: PerpErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
