/**
 * The listing schedule: which expiries and strikes the venue lists. Expiries recur every
 * `periodDays` at a fixed weekday and hour UTC (Deribit's weeklies: Fridays 08:00 UTC); strikes
 * are set ONCE, when an expiry is listed, on a grid relative to the spot at that moment
 * (spot × (1 + offset), rounded to `strikeStep`), as venues do: a listed series never moves.
 */
import { InvalidInputError, requireNonNegative, requirePositive } from '../../errors.js';

export { SECONDS_PER_DAY, SECONDS_PER_YEAR } from '../../units.js';
import { SECONDS_PER_DAY } from '../../units.js';

export interface ListingScheduleConfig {
  /** 0 = Sunday … 5 = Friday (default) … 6 = Saturday. */
  readonly expiryWeekdayUtc?: number;
  /** Default 8 (08:00 UTC). */
  readonly expiryHourUtc?: number;
  /** Days between expiries, default 7 (weekly); 1 lists dailies (the weekday is then moot). */
  readonly periodDays?: number;
  /** How many upcoming expiries are live at once, default 4. */
  readonly expiriesListed?: number;
  /** An expiry this close or closer is not newly listed, default 0. */
  readonly minSecondsToExpiry?: number;
  /** Strike offsets relative to spot at listing, default −20 % … +20 % in 5 % steps. */
  readonly strikeOffsets?: readonly number[];
  /** Strikes are multiples of this (collateral per unit of underlying), default 50. */
  readonly strikeStep?: number;
}

export interface ListingSchedule {
  readonly expiryWeekdayUtc: number;
  readonly expiryHourUtc: number;
  readonly periodDays: number;
  readonly expiriesListed: number;
  readonly minSecondsToExpiry: number;
  readonly strikeOffsets: readonly number[];
  readonly strikeStep: number;
}

const DEFAULT_OFFSETS = [-0.2, -0.15, -0.1, -0.05, 0, 0.05, 0.1, 0.15, 0.2];

function requireIntegerIn(field: string, value: number, low: number, high: number): void {
  if (!(Number.isInteger(value) && value >= low && value <= high)) {
    throw new InvalidInputError(field, value, `must be an integer in [${low}, ${high}]`);
  }
}

export function resolveListingSchedule(config: ListingScheduleConfig = {}): ListingSchedule {
  const schedule: ListingSchedule = {
    expiryWeekdayUtc: config.expiryWeekdayUtc ?? 5,
    expiryHourUtc: config.expiryHourUtc ?? 8,
    periodDays: config.periodDays ?? 7,
    expiriesListed: config.expiriesListed ?? 4,
    minSecondsToExpiry: config.minSecondsToExpiry ?? 0,
    strikeOffsets: config.strikeOffsets ?? DEFAULT_OFFSETS,
    strikeStep: config.strikeStep ?? 50,
  };
  requireIntegerIn('expiryWeekdayUtc', schedule.expiryWeekdayUtc, 0, 6);
  requireIntegerIn('expiryHourUtc', schedule.expiryHourUtc, 0, 23);
  requireIntegerIn('periodDays', schedule.periodDays, 1, 366);
  requireIntegerIn('expiriesListed', schedule.expiriesListed, 1, 1000);
  requireNonNegative('minSecondsToExpiry', schedule.minSecondsToExpiry);
  requirePositive('strikeStep', schedule.strikeStep);
  if (schedule.strikeOffsets.length === 0) throw new InvalidInputError('strikeOffsets', schedule.strikeOffsets, 'must not be empty');
  schedule.strikeOffsets.forEach((offset, i) => {
    if (!(Number.isFinite(offset) && offset > -1)) throw new InvalidInputError(`strikeOffsets[${i}]`, offset, 'must be a finite number > -1');
  });
  return schedule;
}

/** The first expiry of the cycle after the epoch (1970-01-01 was a Thursday, weekday 4). */
function anchorSeconds(schedule: ListingSchedule): number {
  const daysToWeekday = (schedule.expiryWeekdayUtc - 4 + 7) % 7;
  return daysToWeekday * SECONDS_PER_DAY + schedule.expiryHourUtc * 3600;
}

/** The next `expiriesListed` expiries strictly more than minSecondsToExpiry after nowSeconds. */
export function upcomingExpiries(schedule: ListingSchedule, nowSeconds: number): number[] {
  const period = schedule.periodDays * SECONDS_PER_DAY;
  const anchor = anchorSeconds(schedule);
  const earliest = nowSeconds + schedule.minSecondsToExpiry;
  const k = Math.floor((earliest - anchor) / period) + 1;
  const out: number[] = [];
  for (let i = 0; i < schedule.expiriesListed; i++) out.push(anchor + (k + i) * period);
  return out;
}

/** Strikes for a new expiry: spot × (1 + offset) rounded to the grid, distinct, > 0, ascending. */
export function strikeGrid(schedule: ListingSchedule, spot: number): number[] {
  requirePositive('spot', spot);
  const strikes = new Set<number>();
  for (const offset of schedule.strikeOffsets) {
    const steps = Math.round((spot * (1 + offset)) / schedule.strikeStep);
    if (steps > 0) strikes.add(steps * schedule.strikeStep);
  }
  return [...strikes].sort((a, b) => a - b);
}
