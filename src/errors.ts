/**
 * Bad input anywhere in Vaultwright raises an InvalidInputError that names the field and the
 * value, so the CLI can print one clear line and exit with code 2.
 */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`invalid ${field}: ${formatValue(value)} (${reason})`);
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return String(JSON.stringify(value) ?? value);
  } catch {
    return String(value);
  }
}

/** Throws unless `value` is a finite number. */
export function requireFinite(field: string, value: number): void {
  if (!Number.isFinite(value)) throw new InvalidInputError(field, value, 'must be a finite number');
}

/** Throws unless `value` is a finite number >= 0. */
export function requireNonNegative(field: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) throw new InvalidInputError(field, value, 'must be a finite number >= 0');
}

/** Throws unless `value` is a finite number > 0. */
export function requirePositive(field: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw new InvalidInputError(field, value, 'must be a finite number > 0');
}

/**
 * A command ran correctly and found something the user must see as a failure (a validation that
 * did not pass, a risk check that refused): one line, exit code 1, no stack trace.
 */
export class CommandFindingError extends Error {
  override readonly name: string = 'CommandFindingError';
}
