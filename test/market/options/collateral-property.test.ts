import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../src/math/stats.js';
import { lockRequirement, OptionVenueError, writerObligation, OptionVenue, type OptionVenueConfig } from '../../../src/market/options/index.js';

const USDC = 10n ** 6n;
const START = Date.UTC(2024, 0, 3, 12) / 1000; // a Wednesday

function listedVenue(overrides: Partial<OptionVenueConfig> = {}): { venue: OptionVenue; expiry: number } {
  const venue = new OptionVenue({ surface: { level: 0.6, skew: -0.1 }, ...overrides });
  venue.listExpiries(START, 2000);
  return { venue, expiry: venue.listedExpiries()[0]! };
}

describe('writers are fully collateralized', () => {
  it('the lock covers the obligation at any oracle price (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('call' as const, 'put' as const),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-9, max: 1e9, noNaN: true }),
        fc.bigInt({ min: 1n, max: 10n ** 24n }),
        fc.integer({ min: 0, max: 18 }),
        (kind, strike, oracle, shortWei, decimals) => {
          const lock = lockRequirement(kind, strike, shortWei, decimals);
          const owed = writerObligation(kind, strike, oracle, shortWei, decimals);
          expect(owed.cashUnits <= lock.cashUnits).toBe(true);
          expect(owed.underlyingWei <= lock.underlyingWei).toBe(true);
        },
      ),
      { seed: 17, numRuns: 1000 },
    );
  });

  it('over random paths with jumps through the strikes, the venue never takes more than a writer locked (property)', () => {
    const strikesSeen = { itmCalls: 0, itmPuts: 0 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const random = createSeededRandom(seed);
        const { venue, expiry } = listedVenue({ spread: { mode: 'fraction', halfSpreadFraction: 0.05 } });
        const strikes = venue.listedStrikes(expiry);
        const accounts = ['w0', 'w1', 'w2', 'b0', 'b1'];
        for (const id of accounts) venue.deposit(id, { cashUnits: BigInt(Math.floor(random.uniform() * 20_000)) * USDC, underlyingWei: BigInt(Math.floor(random.uniform() * 5e6)) * 10n ** 12n });
        let spot = 2000;
        const steps = 40;
        for (let step = 0; step < steps; step++) {
          const now = START + Math.floor(((expiry - START) * step) / steps);
          // Diffusion plus jumps of ±15 %, which cross several 5 % strikes at once.
          const jump = random.uniform() < 0.1 ? (random.uniform() < 0.5 ? -0.15 : 0.15) : 0;
          spot *= Math.exp(0.03 * random.normal() + jump);
          const account = accounts[Math.floor(random.uniform() * accounts.length)]!;
          const kind = random.uniform() < 0.5 ? 'call' : 'put';
          const strike = strikes[Math.floor(random.uniform() * strikes.length)]!;
          const size = BigInt(1 + Math.floor(random.uniform() * 300)) * 10n ** 16n;
          try {
            if (random.uniform() < 0.5) venue.sell(account, kind, strike, expiry, size, now, spot);
            else venue.buy(account, kind, strike, expiry, size, now, spot);
          } catch (error) {
            // Refusals (not enough collateral or cash) are part of the game; nothing else is.
            expect(error).toBeInstanceOf(OptionVenueError);
          }
          for (const id of accounts) {
            const b = venue.balances(id);
            expect(b.cashUnits >= 0n && b.underlyingWei >= 0n).toBe(true);
          }
        }
        const oracle = spot * Math.exp(random.uniform() < 0.3 ? (random.uniform() < 0.5 ? -0.3 : 0.3) : 0);
        const report = venue.settle(expiry, oracle, expiry);
        for (const entry of report.entries) {
          if (entry.sizeWei < 0n) {
            expect(entry.paid.cashUnits <= entry.locked.cashUnits).toBe(true);
            expect(entry.paid.underlyingWei <= entry.locked.underlyingWei).toBe(true);
            if (entry.paid.underlyingWei > 0n) strikesSeen.itmCalls += 1;
            if (entry.paid.cashUnits > 0n) strikesSeen.itmPuts += 1;
          }
        }
        for (const id of accounts) {
          const b = venue.balances(id);
          expect(b.cashUnits >= 0n && b.underlyingWei >= 0n).toBe(true);
          expect(b.lockedCashUnits + b.lockedUnderlyingWei).toBe(0n);
        }
        expect(venue.ledgerImbalance()).toEqual({ cashUnits: 0n, underlyingWei: 0n });
      }),
      { seed: 2025, numRuns: 150 },
    );
    // The paths do end in the money on both sides, so the bound is exercised.
    expect(strikesSeen.itmCalls).toBeGreaterThan(5);
    expect(strikesSeen.itmPuts).toBeGreaterThan(5);
  });
});
