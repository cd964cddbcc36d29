// Parameter checks shared by the experiments: a bad value is an InvalidInputError naming it.
import { InvalidInputError, requirePositive } from '../../errors.js';

export { SECONDS_PER_YEAR } from '../../units.js';

export function requireInteger(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    throw new InvalidInputError(field, value, `must be a whole number in [${min}, ${max}]`);
  }
}

export function requireVolatility(field: string, volAnnual: number): void {
  requirePositive(field, volAnnual);
  if (volAnnual > 5) throw new InvalidInputError(field, volAnnual, 'must be <= 5 (500 % a year)');
}

export function requireFraction(field: string, value: number, { open = false } = {}): void {
  const ok = open ? value > 0 && value < 1 : value >= 0 && value <= 1;
  if (!(Number.isFinite(value) && ok)) throw new InvalidInputError(field, value, `must be in ${open ? '(0, 1)' : '[0, 1]'}`);
}

/**
 * A seed for sub-stream `index` of `seed`, hashed so that path i of seed s does not replay
 * path i − 1 of seed s + 1 (as seed + index would).
 */
export function deriveSeed(seed: number, index: number): number {
  let h = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}
