import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { blackScholes } from '../../src/math/black-scholes.js';
import { capture } from './capture.js';

describe('vaultwright analyze', () => {
  it('analyses the real ETH history as JSON, consistently with the math it reports', async () => {
    const io = capture();
    const code = await main(['analyze', '--json', '--window-days', '14', '--expiry-days', '7'], io);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(io.out);
    expect(report.history.bars).toBe(17521);
    expect(report.history.barSeconds).toBe(3600);
    for (const row of report.realizedVolatility) expect(row.volAnnual).toBeGreaterThan(0.05);
    const covered = report.options.quotes.find((q: { label: string }) => q.label.startsWith('covered call'));
    expect(covered.delta).toBeCloseTo(0.1, 12);
    expect(covered.strike).toBeGreaterThan(report.history.lastClose);
    const put = report.options.quotes.find((q: { label: string }) => q.label.startsWith('cash-secured put'));
    expect(put.delta).toBeCloseTo(-0.1, 12);
    for (const quote of report.options.quotes) {
      expect(quote.impliedVolRoundTripError).toBeLessThan(1e-12);
      const again = blackScholes({
        kind: quote.kind,
        spot: report.history.lastClose,
        strike: quote.strike,
        rate: report.params.rate,
        dividendYield: 0,
        volatility: report.options.volatility,
        expiry: report.options.expiryYears,
      });
      expect(quote.price).toBe(again.price);
    }
    // A negative skew makes OTM puts dearer than the ATM vol implies: fair variance above ATM.
    expect(report.varianceSwap.fairVolatility).toBeGreaterThan(report.varianceSwap.atmVolatility);
    expect(report.liquidity.impermanentLossRange).toBeLessThanOrEqual(report.liquidity.impermanentLossFullRange + 1e-15);
    expect(report.liquidity.lvrPerDayRange).toBeGreaterThan(report.liquidity.lvrPerDayFullRange);
  });

  it('prints the same analysis as tables for a person', async () => {
    const io = capture();
    expect(await main(['analyze'], io)).toBe(0);
    expect(io.out).toContain('Realized volatility');
    expect(io.out).toContain('yang-zhang');
    expect(io.out).toContain('covered call (0.1 delta)');
    expect(io.out).toContain('Variance swap');
  });

  it('is deterministic: the same input gives the same bytes', async () => {
    const a = capture();
    const b = capture();
    await main(['analyze', '--json'], a);
    await main(['analyze', '--json'], b);
    expect(a.out).toBe(b.out);
  });

  it.each([
    [['--window-days', 'abc'], '--window-days'],
    [['--expiry-days', '0'], '--expiry-days'],
    [['--range-width', '1.5'], '--range-width'],
    [['--window-days', '100000'], 'windowDays'],
  ])('refuses %j with exit code 2 naming the field', async (flags, field) => {
    const io = capture();
    expect(await main(['analyze', ...flags], io)).toBe(2);
    expect(io.err).toContain(field);
    expect(io.out).toBe('');
  });

  it('refuses a malformed data file with exit code 2 naming the line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vaultwright-'));
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'timestamp,open,high,low,close\n2024-01-01T00:00:00Z,1,2,0.5,1.5\n2024-01-01T01:00:00Z,1,2,x,1.5\n');
    const io = capture();
    expect(await main(['analyze', '--data', path], io)).toBe(2);
    expect(io.err).toContain(`${path}:3 column low`);
  });

  it('refuses a missing data file with exit code 2', async () => {
    const io = capture();
    expect(await main(['analyze', '--data', '/nonexistent/file.csv'], io)).toBe(2);
    expect(io.err).toContain('/nonexistent/file.csv');
  });

  it('refuses an unknown command or flag with exit code 2', async () => {
    expect(await main(['frobnicate'], capture())).toBe(2);
    expect(await main(['analyze', '--no-such-flag'], capture())).toBe(2);
  });
});
