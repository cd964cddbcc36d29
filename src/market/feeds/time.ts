// The history files write times as "2024-01-21 07:00:00+00:00", "2022-07-19 00:00:00" or
// "2020-01-01T00:00:00Z". Date.parse reads the offset-less form as LOCAL time, which would
// shift every replay by the machine's zone: parse explicitly, offset-less meaning UTC.
import { z } from 'zod';

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/** UTC seconds since the epoch of an ISO-like timestamp, or NaN if it is not one. */
export function parseUtcTimestampSeconds(text: string): number {
  const match = PATTERN.exec(text);
  if (match === null) return Number.NaN;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  const millis = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2023-02-30 over into March: a date that does not round-trip is invalid.
  if (new Date(millis).getUTCDate() !== day) return Number.NaN;
  let offsetSeconds = 0;
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetSeconds = sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2)) * 60);
  }
  const fractionSeconds = fraction === undefined ? 0 : Number(`0.${fraction}`);
  return millis / 1000 - offsetSeconds + fractionSeconds;
}

/** A CSV cell holding a UTC timestamp, parsed to seconds. */
export const utcTimestampCell = z.string().transform((text, context) => {
  const seconds = parseUtcTimestampSeconds(text);
  if (Number.isNaN(seconds)) {
    context.addIssue({ code: 'custom', message: 'not a UTC timestamp (YYYY-MM-DD HH:MM:SS[Z|±HH:MM])' });
    return z.NEVER;
  }
  return seconds;
});
