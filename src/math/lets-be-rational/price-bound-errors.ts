/**
 * The RangeErrors for prices outside the no-arbitrage bounds. The contract fixes RangeError (not
 * InvalidInputError) and the message names the bound that was crossed.
 */

export function priceBelowIntrinsicError(price: number, intrinsic: number, context: string): RangeError {
  return new RangeError(`${context}: price ${price} is below intrinsic value ${intrinsic}`);
}

export function priceAboveUpperBoundError(price: number, upperBound: number, context: string): RangeError {
  return new RangeError(
    `${context}: price ${price} is at or above the upper bound (discounted forward for a call, discounted strike for a put) ${upperBound}`,
  );
}

export function timeValueAtExpiryError(price: number, intrinsic: number, context: string): RangeError {
  return new RangeError(
    `${context}: price ${price} differs from intrinsic value ${intrinsic} at expiry 0, where no time value is possible`,
  );
}
