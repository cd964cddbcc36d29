// Exact decimal text → fixed-point bigint. Aave's indices are ray values (×1e27) that the
// history writes as decimals with up to 27 digits; a double keeps only ~16 of them, so exact
// checks against the lending math must go through the text.
import { z } from 'zod';
import { InvalidInputError } from '../../errors.js';

export const RAY_DECIMALS = 27;

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** `text` × 10^decimals as a bigint; refuses text with more fraction digits than that. */
export function parseFixedDecimal(text: string, decimals: number): bigint {
  const match = DECIMAL.exec(text);
  if (match === null) throw new InvalidInputError('decimal', text, 'not a plain decimal number');
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > decimals) throw new InvalidInputError('decimal', text, `has more than ${decimals} fraction digits: not exact`);
  const magnitude = BigInt(whole! + fraction.padEnd(decimals, '0'));
  return sign === '-' ? -magnitude : magnitude;
}

/** A CSV cell holding a decimal with at most 27 fraction digits, kept as its text. */
export const rayDecimalCell = z.string().regex(/^\d+(\.\d{1,27})?$/, 'not a decimal with at most 27 fraction digits');

/** A CSV cell holding a signed integer of any size, as bigint. */
export const bigintCell = z
  .string()
  .regex(/^-?\d+$/, 'not an integer')
  .transform((text) => BigInt(text));
