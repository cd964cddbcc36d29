import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import { blackScholes } from '../../../src/math/black-scholes.js';
import {
  levelFromSeries,
  OptionVenue,
  resolveListingSchedule,
  SECONDS_PER_YEAR,
  strikeGrid,
  upcomingExpiries,
  VolSurface,
} from '../../../src/market/options/index.js';

const WED_2024_01_03_NOON = Date.UTC(2024, 0, 3, 12) / 1000;

describe('listing schedule', () => {
  it('lists weekly Fridays 08:00 UTC after now', () => {
    const expiries = upcomingExpiries(resolveListingSchedule(), WED_2024_01_03_NOON);
    expect(expiries.map((t) => new Date(t * 1000).toISOString())).toEqual([
      '2024-01-05T08:00:00.000Z',
      '2024-01-12T08:00:00.000Z',
      '2024-01-19T08:00:00.000Z',
      '2024-01-26T08:00:00.000Z',
    ]);
    // At the expiry instant itself, that expiry is no longer upcoming.
    const atExpiry = upcomingExpiries(resolveListingSchedule({ expiriesListed: 1 }), Date.UTC(2024, 0, 5, 8) / 1000);
    expect(atExpiry).toEqual([Date.UTC(2024, 0, 12, 8) / 1000]);
    const dailies = upcomingExpiries(resolveListingSchedule({ periodDays: 1, expiriesListed: 2, minSecondsToExpiry: 86_400 }), WED_2024_01_03_NOON);
    expect(dailies).toEqual([Date.UTC(2024, 0, 5, 8) / 1000, Date.UTC(2024, 0, 6, 8) / 1000]);
  });

  it('sets strikes on the grid around spot at listing, once', () => {
    expect(strikeGrid(resolveListingSchedule(), 2013)).toEqual([1600, 1700, 1800, 1900, 2000, 2100, 2200, 2300, 2400]);
    const venue = new OptionVenue({ surface: { level: 0.6 } });
    const added = venue.listExpiries(WED_2024_01_03_NOON, 2013);
    expect(added).toHaveLength(4);
    expect(venue.listExpiries(WED_2024_01_03_NOON + 3600, 3000)).toHaveLength(0);
    expect(venue.listedStrikes(added[0]!.expirySeconds)).toEqual([1600, 1700, 1800, 1900, 2000, 2100, 2200, 2300, 2400]);
    // A week on, one new expiry is listed around the new spot.
    const later = venue.listExpiries(WED_2024_01_03_NOON + 7 * 86_400, 3000);
    expect(later).toHaveLength(1);
    expect(later[0]!.strikes[4]).toBe(3000);
  });

  it('refuses a bad schedule naming the field', () => {
    expect(() => resolveListingSchedule({ expiryWeekdayUtc: 7 })).toThrow(/expiryWeekdayUtc/);
    expect(() => resolveListingSchedule({ strikeOffsets: [-1.5] })).toThrow(/strikeOffsets\[0\]/);
  });
});

describe('volatility surface', () => {
  it('is level + skew·ln(K/F) + term·(√T − √T_ref), clamped', () => {
    const surface = new VolSurface({ level: 0.6, skew: -0.2, term: 0.1, termReferenceYears: 30 / 365 });
    const t = 7 / 365;
    expect(surface.volatility(2200, 2000, t, 0, 2000)).toBeCloseTo(0.6 - 0.2 * Math.log(1.1) + 0.1 * (Math.sqrt(t) - Math.sqrt(30 / 365)), 14);
    expect(surface.volatility(2000, 2000, 30 / 365, 0, 2000)).toBeCloseTo(0.6, 14);
    const steep = new VolSurface({ level: 0.1, skew: 5 });
    expect(steep.volatility(100, 2000, 0.1, 0, 2000)).toBe(0.01);
  });

  it('takes the level from a model hook (a vol series plus a premium)', () => {
    const level = levelFromSeries([0, 100, 200], [0.5, 0.7, 0.4], 0.05);
    const surface = new VolSurface({ level });
    expect(surface.volatility(2000, 2000, 30 / 365, 150, 2000)).toBeCloseTo(0.75, 14);
    expect(() => surface.volatility(2000, 2000, 30 / 365, -1, 2000)).toThrow(/nowSeconds/);
    const broken = new VolSurface({ level: () => Number.NaN });
    expect(() => broken.volatility(2000, 2000, 0.1, 0, 2000)).toThrow(InvalidInputError);
  });
});

describe('quotes', () => {
  const spreads = [
    { mode: 'vol', halfSpreadVol: 0.02 },
    { mode: 'fraction', halfSpreadFraction: 0.03 },
  ] as const;

  it.each(spreads)('bid < mid < ask on the tick grid, mid = BSM at the surface vol (%o, property)', (spread) => {
    const venue = new OptionVenue({ surface: { level: 0.7, skew: -0.15, term: 0.05 }, spread, tickSize: 0.05, rate: 0.04, dividendYield: 0.01 });
    venue.listExpiries(WED_2024_01_03_NOON, 2000);
    const expiries = venue.listedExpiries();
    fc.assert(
      fc.property(
        fc.constantFrom(...expiries),
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom('call' as const, 'put' as const),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.double({ min: 1200, max: 3000, noNaN: true }),
        (expiry, strikeIndex, kind, elapsedFraction, spot) => {
          const strike = venue.listedStrikes(expiry)[strikeIndex]!;
          const now = WED_2024_01_03_NOON + Math.floor(elapsedFraction * (expiry - WED_2024_01_03_NOON));
          const q = venue.quote(kind, strike, expiry, now, spot);
          const expiryYears = (expiry - now) / SECONDS_PER_YEAR;
          const forward = spot * Math.exp((0.04 - 0.01) * expiryYears);
          expect(q.volatility).toBe(venue.surface.volatility(strike, forward, expiryYears, now, spot));
          const bsm = blackScholes({ kind, spot, strike, rate: 0.04, dividendYield: 0.01, volatility: q.volatility, expiry: expiryYears });
          expect(q.mid).toBe(bsm.price);
          expect(q.greeks).toEqual({ delta: bsm.delta, gamma: bsm.gamma, vega: bsm.vega, theta: bsm.theta, rho: bsm.rho });
          // A mid that underflows to 0 (far out of the money, hours left) can only be bid at 0.
          if (q.mid > 0) expect(q.bid).toBeLessThan(q.mid);
          else expect(q.bid).toBe(0);
          expect(q.ask).toBeGreaterThan(q.mid);
          expect(q.bid).toBeGreaterThanOrEqual(0);
          expect(Math.abs(q.bid / 0.05 - Math.round(q.bid / 0.05))).toBeLessThan(1e-6);
          expect(Math.abs(q.ask / 0.05 - Math.round(q.ask / 0.05))).toBeLessThan(1e-6);
        },
      ),
      { seed: 3, numRuns: 400 },
    );
  });

  it('refuses an unlisted strike or expiry with an InvalidInputError naming the field and value', () => {
    const venue = new OptionVenue({ surface: { level: 0.6 } });
    venue.listExpiries(WED_2024_01_03_NOON, 2000);
    const expiry = venue.listedExpiries()[0]!;
    try {
      venue.quote('call', 2050, expiry, WED_2024_01_03_NOON, 2000);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe('strike');
      expect((error as InvalidInputError).value).toBe(2050);
    }
    try {
      venue.quote('call', 2000, expiry + 3600, WED_2024_01_03_NOON, 2000);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe('expirySeconds');
      expect((error as InvalidInputError).value).toBe(expiry + 3600);
    }
    expect(() => venue.quote('straddle' as 'call', 2000, expiry, WED_2024_01_03_NOON, 2000)).toThrow(/kind/);
    expect(() => venue.quote('call', 2000, expiry, expiry, 2000)).toThrow(/EXPIRED/);
  });
});
