// Parameters every synthetic path shares, and the checks at the edge that keep a bad value from
// turning into a silent NaN path millions of steps later.
import { InvalidInputError, requireFinite, requireNonNegative, requirePositive } from '../../errors.js';

/** What every generator needs: the seed, the grid (steps of dtYears) and the starting price. */
export interface PathGrid {
  /** Integer seed of `createSeededRandom`; the same seed gives the same bytes. */
  readonly seed: number;
  /** Number of steps; the path holds steps + 1 prices (index 0 is `initialPrice`). */
  readonly steps: number;
  /** Length of one step in years (365-day year: a 12-second block is 12 / 31_536_000). */
  readonly dtYears: number;
  readonly initialPrice: number;
}

/** One 12-second block in years, the step the simulator's block clock uses. */
export const BLOCK_12S_YEARS = 12 / (365 * 86_400);

// Typed arrays are capped near 2^32 elements on V8; a path longer than that is a mistake.
const MAX_STEPS = 2 ** 31 - 2;

export function validateGrid(grid: PathGrid): void {
  if (!Number.isInteger(grid.seed)) throw new InvalidInputError('seed', grid.seed, 'must be an integer');
  if (!(Number.isInteger(grid.steps) && grid.steps >= 1 && grid.steps <= MAX_STEPS)) {
    throw new InvalidInputError('steps', grid.steps, `must be a positive integer <= ${MAX_STEPS}`);
  }
  requirePositive('dtYears', grid.dtYears);
  requirePositive('initialPrice', grid.initialPrice);
}

export function validateDriftAndVol(driftAnnual: number, volAnnual: number): void {
  requireFinite('driftAnnual', driftAnnual);
  requireNonNegative('volAnnual', volAnnual);
}

/** Returns `out` if it has the right length, else a new array; refuses a wrong-sized buffer. */
export function outputBuffer(field: string, length: number, out: Float64Array | undefined): Float64Array {
  if (out === undefined) return new Float64Array(length);
  if (out.length !== length) throw new InvalidInputError(`${field}.length`, out.length, `must equal steps + 1 = ${length}`);
  return out;
}
