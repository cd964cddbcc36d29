import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computePerformance,
  computeRunMetrics,
  drawdownSeries,
  formatMetricsJson,
  hitRate,
  maxDrawdown,
  periodReturns,
  stringifyMetricsJson,
  tradesByKind,
  turnover,
} from '../../src/report/metrics.js';
import { parseReportInput, type ReportInput, type TradeRecord } from '../../src/report/report-input.js';

const DAY = 86_400;
const T0 = 1_704_067_200; // 2024-01-01T00:00:00Z

function daily(count: number): number[] {
  return Array.from({ length: count }, (_, index) => T0 + index * DAY);
}

describe('performance of a hand-computed path', () => {
  // Returns exactly +10 %, −10 %, +10 % (up to rounding): r̄ = 1/30, s = 0.2/√3,
  // downside deviation = √(0.01/3) = 0.1/√3.
  const times = daily(4);
  const nav = [1, 1.1, 0.99, 1.089];
  const performance = computePerformance(times, nav);
  const years = 3 / 365;

  it('total return, APR and APY', () => {
    expect(performance.totalReturn).toBeCloseTo(0.089, 14);
    expect(performance.years).toBeCloseTo(years, 15);
    expect(performance.apr).toBeCloseTo(0.089 / years, 12);
    expect(performance.apy!).toBeCloseTo(1.089 ** (365 / 3) - 1, 9);
    expect(performance.samplingIntervalSeconds).toBe(DAY);
    expect(performance.samples).toBe(4);
  });

  it('volatility, Sharpe and Sortino annualised by the daily interval', () => {
    expect(performance.volatilityAnnual!).toBeCloseTo((0.2 / Math.sqrt(3)) * Math.sqrt(365), 12);
    expect(performance.sharpe!).toBeCloseTo((Math.sqrt(3) / 6) * Math.sqrt(365), 12);
    expect(performance.sortino!).toBeCloseTo((Math.sqrt(3) / 3) * Math.sqrt(365), 12);
  });

  it('Sharpe net of a risk-free rate and Sortino against a target', () => {
    const withRates = computePerformance(times, nav, { riskFreeRateAnnual: 0.0365, sortinoTargetAnnual: 0.0365 });
    // 3.65 % a year is 0.0001 a day.
    expect(withRates.sharpe!).toBeCloseTo(((1 / 30 - 1e-4) / (0.2 / Math.sqrt(3))) * Math.sqrt(365), 12);
    const shortfall = Math.sqrt(((-0.1 - 1e-4) ** 2) / 3);
    expect(withRates.sortino!).toBeCloseTo(((1 / 30 - 1e-4) / shortfall) * Math.sqrt(365), 10);
    expect(withRates.riskFreeRateAnnual).toBe(0.0365);
  });

  it('max drawdown with its peak, trough and Calmar on the APY', () => {
    expect(performance.maxDrawdown.depth).toBeCloseTo(0.1, 14);
    expect(performance.maxDrawdown.peakSeconds).toBe(times[1]);
    expect(performance.maxDrawdown.troughSeconds).toBe(times[2]);
    expect(performance.maxDrawdown.recoverySeconds).toBeNull(); // 1.089 < 1.1
    expect(performance.calmar!).toBeCloseTo(performance.apy! / performance.maxDrawdown.depth, 12);
  });
});

describe('max drawdown', () => {
  it('finds a known episode and its recovery', () => {
    const times = daily(8);
    const nav = [100, 120, 90, 60, 100, 119, 121, 80];
    const drawdown = maxDrawdown(times, nav);
    expect(drawdown.depth).toBeCloseTo(0.5, 15); // 120 → 60
    expect(drawdown.peakIndex).toBe(1);
    expect(drawdown.troughIndex).toBe(3);
    expect(drawdown.recoverySeconds).toBe(times[6]);
    // 121 → 80 is 33.9 %, smaller: the deeper, earlier episode stands.
    const series = drawdownSeries(nav);
    expect(series[7]).toBeCloseTo(1 - 80 / 121, 15);
    expect(Math.max(...series)).toBeCloseTo(0.5, 15);
  });

  it('is 0 for a path that never falls', () => {
    const drawdown = maxDrawdown(daily(3), [1, 1, 2]);
    expect(drawdown).toMatchObject({ depth: 0, recoverySeconds: null });
  });

  const positivePath = fc.array(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 200 });

  it('lies in [0, 1] and equals the maximum of the drawdown series (property)', () => {
    fc.assert(
      fc.property(positivePath, (nav) => {
        const drawdown = maxDrawdown(daily(nav.length), nav);
        expect(drawdown.depth).toBeGreaterThanOrEqual(0);
        expect(drawdown.depth).toBeLessThanOrEqual(1);
        expect(drawdown.depth).toBe(Math.max(...drawdownSeries(nav)));
        expect(drawdown.peakIndex).toBeLessThanOrEqual(drawdown.troughIndex);
      }),
    );
  });

  it('is 0 for any non-decreasing path (property)', () => {
    fc.assert(
      fc.property(positivePath, (values) => {
        const nav = [...values].sort((a, b) => a - b);
        expect(maxDrawdown(daily(nav.length), nav).depth).toBe(0);
        expect(computePerformance(daily(nav.length), nav).calmar).toBeNull();
      }),
    );
  });
});

describe('invariance and edge cases', () => {
  it('scaling NAV per share changes no return or risk figure (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.5, max: 2, noNaN: true }), { minLength: 3, maxLength: 100 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (nav, scale) => {
          const times = daily(nav.length);
          const base = computePerformance(times, nav);
          const scaled = computePerformance(times, nav.map((value) => value * scale));
          expect(scaled.totalReturn).toBeCloseTo(base.totalReturn, 9);
          expect(scaled.maxDrawdown.depth).toBeCloseTo(base.maxDrawdown.depth, 9);
          const sharpeBase = base.sharpe ?? 0;
          expect(scaled.sharpe ?? 0).toBeCloseTo(sharpeBase, Math.abs(sharpeBase) > 1e3 ? 0 : 6);
          const returns = periodReturns(nav);
          const scaledReturns = periodReturns(nav.map((value) => value * scale));
          returns.forEach((value, index) => expect(scaledReturns[index]).toBeCloseTo(value, 9));
        },
      ),
    );
  });

  it('a constant series has no Sharpe, Sortino or Calmar: null, never NaN or Infinity', () => {
    const times = daily(10);
    const performance = computePerformance(times, new Array(10).fill(1.25));
    expect(performance.totalReturn).toBe(0);
    expect(performance.apr).toBe(0);
    expect(performance.apy).toBe(0);
    expect(performance.volatilityAnnual).toBe(0);
    expect(performance.sharpe).toBeNull();
    expect(performance.sortino).toBeNull();
    expect(performance.maxDrawdown.depth).toBe(0);
    expect(performance.calmar).toBeNull();
  });

  it('a constant growth rate has no Sharpe (dispersion is rounding noise only)', () => {
    const nav = Array.from({ length: 50 }, (_, index) => 1.001 ** index);
    const performance = computePerformance(daily(50), nav);
    expect(performance.volatilityAnnual).toBe(0);
    expect(performance.sharpe).toBeNull();
    expect(performance.sortino).toBeNull();
  });

  it('two marks give a return but no volatility', () => {
    const performance = computePerformance([T0, T0 + DAY], [1, 0.9]);
    expect(performance.totalReturn).toBeCloseTo(-0.1, 15);
    expect(performance.volatilityAnnual).toBeNull();
    expect(performance.sharpe).toBeNull();
    expect(performance.sortino!).toBeCloseTo((-0.1 / 0.1) * Math.sqrt(365), 9);
  });

  it('an absurd APY over a short run is null, not Infinity', () => {
    const performance = computePerformance([T0, T0 + 1], [1, 2]);
    expect(performance.apy).toBeNull();
    expect(performance.apr).toBeCloseTo(365 * DAY, 3);
  });

  it('annualises by the observed interval: hourly marks use √(8760)', () => {
    const times = Array.from({ length: 4 }, (_, index) => T0 + index * 3600);
    const performance = computePerformance(times, [1, 1.1, 0.99, 1.089]);
    expect(performance.sharpe!).toBeCloseTo((Math.sqrt(3) / 6) * Math.sqrt(8760), 10);
  });
});

describe('trading figures', () => {
  const trades: TradeRecord[] = [
    { timestampSeconds: T0, kind: 'swap', description: '', amount: 1_000n, pnl: 10n },
    { timestampSeconds: T0, kind: 'swap', description: '', amount: -3_000n, pnl: -5n, gasCost: 7n },
    { timestampSeconds: T0, kind: 'hedge', description: '', amount: -500n, feeCost: 2n },
    { timestampSeconds: T0, kind: 'swap', description: '', pnl: 0n },
    { timestampSeconds: T0, kind: 'collect', description: '' },
  ];

  it('turnover is traded notional over mean NAV', () => {
    expect(turnover(4_000n, [1_000n, 3_000n])).toBe(2);
    expect(turnover(4_000n, [0n, 0n])).toBeNull();
  });

  it('hit rate counts only trades that carry a PnL; zero is not a hit', () => {
    expect(hitRate(trades)).toEqual({ rate: 1 / 3, wins: 1, counted: 3 });
    expect(hitRate([]).rate).toBeNull();
  });

  it('summarises trades by kind in a stable order', () => {
    expect(tradesByKind(trades)).toEqual([
      { kind: 'collect', count: 1, notional: 0n, fees: 0n, gas: 0n, pnl: 0n },
      { kind: 'hedge', count: 1, notional: 500n, fees: 2n, gas: 0n, pnl: 0n },
      { kind: 'swap', count: 3, notional: 4_000n, fees: 0n, gas: 7n, pnl: 5n },
    ]);
  });
});

function smallInput(nav: number[] = [1, 1.1, 0.99, 1.089]): ReportInput {
  const navTotal = nav.map((value) => BigInt(Math.round(value * 1_000)) * 1_000_000n);
  const navChange = navTotal[navTotal.length - 1]! - navTotal[0]!;
  return parseReportInput({
    title: 'small',
    strategy: 'hold',
    params: { b: 2, a: 'x' },
    notes: [],
    seed: 'abc',
    numeraire: { symbol: 'USDC', decimals: 6 },
    series: { timestampSeconds: daily(nav.length), navPerShare: nav, navTotal, price: nav.map((value) => value * 2000) },
    pnl: {
      components: [
        { name: 'price', amount: navChange + 1_500_000n, description: 'mark to market' },
        { name: 'gas', amount: -1_500_000n, description: 'gas' },
      ],
      navChange,
    },
    trades: [{ timestampSeconds: T0 + DAY, kind: 'swap', description: 'one', amount: 123_450_000n, pnl: 1n }],
    counters: { gasSpent: 1_500_000n, feesEarned: 0n, mevLost: 3n, tradedNotional: 123_450_000n },
  });
}

describe('formatMetricsJson', () => {
  it('encodes amounts as raw string, decimals and exact value', () => {
    const input = smallInput();
    const json = formatMetricsJson(input, computeRunMetrics(input));
    expect(json.metrics.tradedNotional).toEqual({ raw: '123450000', decimals: 6, value: '123.45' });
    expect(json.metrics.gasSpent).toEqual({ raw: '1500000', decimals: 6, value: '1.5' });
    expect(json.metrics.mevLost).toEqual({ raw: '3', decimals: 6, value: '0.000003' });
    expect(json.pnl.navChange).toEqual({ raw: '89000000', decimals: 6, value: '89' });
    expect(json.metrics.trades).toBe(1);
    expect(json.metrics.hitRate).toEqual({ rate: 1, wins: 1, tradesWithPnl: 1 });
    expect(json.assumptions.calmarBasis).toBe('apy');
    expect(json.period.start.iso).toBe('2024-01-01T00:00:00Z');
  });

  it('has a fixed key order, sorted params, and the same bytes every time', () => {
    const input = smallInput();
    const text = stringifyMetricsJson(formatMetricsJson(input, computeRunMetrics(input)));
    const again = stringifyMetricsJson(formatMetricsJson(smallInput(), computeRunMetrics(smallInput())));
    expect(again).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual([
      'title', 'strategy', 'params', 'volatilityModel', 'notes', 'seed', 'numeraire', 'period', 'assumptions', 'metrics', 'pnl', 'tradesByKind',
    ]);
    expect(Object.keys(parsed.params)).toEqual(['a', 'b']);
    expect(Object.keys(parsed.metrics)).toEqual([
      'totalReturn', 'apr', 'apy', 'volatilityAnnual', 'sharpe', 'sortino', 'maxDrawdown', 'calmar', 'turnover', 'turnoverAnnual',
      'hitRate', 'trades', 'feesEarned', 'gasSpent', 'mevLost', 'tradedNotional', 'navPerShare', 'navTotal',
    ]);
  });

  it('writes null, not NaN or Infinity, for figures a constant run does not have', () => {
    const input = smallInput([1, 1, 1, 1]);
    const text = stringifyMetricsJson(formatMetricsJson(input, computeRunMetrics(input)));
    expect(text).not.toMatch(/NaN|Infinity/);
    const parsed = JSON.parse(text);
    expect(parsed.metrics.sharpe).toBeNull();
    expect(parsed.metrics.sortino).toBeNull();
    expect(parsed.metrics.calmar).toBeNull();
    expect(parsed.metrics.maxDrawdown.recovery).toBeNull();
  });

  it('refuses a run whose PnL does not balance', () => {
    const input = smallInput();
    const broken: ReportInput = { ...input, pnl: { ...input.pnl, components: input.pnl.components.slice(1) } };
    expect(() => formatMetricsJson(broken, computeRunMetrics(broken))).toThrow(/off by -90500000 base units \(-90\.5 USDC\)/);
  });
});
