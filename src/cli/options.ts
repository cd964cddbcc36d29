// Parsers for numeric CLI options: a bad value is an InvalidInputError naming the flag.
import { InvalidInputError } from '../errors.js';

export function parseNumberOption(flag: string, raw: string, range: { min?: number; max?: number } = {}): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new InvalidInputError(flag, raw, 'must be a number');
  if (range.min !== undefined && value < range.min) throw new InvalidInputError(flag, raw, `must be >= ${range.min}`);
  if (range.max !== undefined && value > range.max) throw new InvalidInputError(flag, raw, `must be <= ${range.max}`);
  return value;
}

export function parseIntegerOption(flag: string, raw: string, range: { min?: number; max?: number } = {}): number {
  const value = parseNumberOption(flag, raw, range);
  if (!Number.isInteger(value)) throw new InvalidInputError(flag, raw, 'must be a whole number');
  return value;
}
