import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import { renderHtmlReport } from '../../src/report/html/render-report.js';
import { parseReportInput, type ReportInput } from '../../src/report/report-input.js';

const T0 = 1_704_067_200; // 2024-01-01T00:00:00Z

/** A seeded linear congruential generator: the same seed, the same synthetic run. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

interface SyntheticOptions {
  readonly steps: number;
  readonly stepSeconds: number;
  readonly ranges?: boolean;
  readonly hedge?: boolean;
  readonly greeks?: boolean;
  readonly overlays?: boolean;
  readonly trades?: number;
}

/** A synthetic run: a random-walk price, a NAV that follows it loosely, balanced books. */
function synthetic(options: SyntheticOptions): ReportInput {
  const random = generator(42);
  const steps = options.steps;
  const timestampSeconds = new Array<number>(steps);
  const navPerShare = new Array<number>(steps);
  const navTotal = new Array<bigint>(steps);
  const price = new Array<number>(steps);
  const lower = new Array<number | null>(steps);
  const upper = new Array<number | null>(steps);
  const hedge = new Array<number>(steps);
  const delta = new Array<number>(steps);
  const premium = new Array<number | null>(steps);
  let spot = 2300;
  let nav = 1;
  let low = 2100;
  let high = 2500;
  for (let index = 0; index < steps; index++) {
    if (index > 0) {
      spot *= 1 + (random() - 0.5) * 0.004;
      nav *= 1 + (random() - 0.49) * 0.001;
    }
    if (spot < low || spot > high) {
      low = spot * 0.92;
      high = spot * 1.08;
    }
    timestampSeconds[index] = T0 + index * options.stepSeconds;
    navPerShare[index] = nav;
    price[index] = spot;
    navTotal[index] = BigInt(Math.round(nav * 1e6)) * 1_000_000n;
    const closed = index > steps * 0.5 && index < steps * 0.55;
    lower[index] = closed ? null : low;
    upper[index] = closed ? null : high;
    hedge[index] = -1.5 - Math.sin(index / 50);
    delta[index] = Math.cos(index / 70);
    premium[index] = index < 3 ? null : index * 0.5;
  }
  const navChange = navTotal[steps - 1]! - navTotal[0]!;
  const fees = 12_345_678_901n;
  const gas = -234_567_890n;
  const trades = Array.from({ length: options.trades ?? 0 }, (_, k) => ({
    timestampSeconds: timestampSeconds[Math.floor(((k + 0.5) / (options.trades ?? 1)) * steps)]!,
    kind: k % 2 === 0 ? 'swap' : 'hedge',
    description: `trade number ${k}`,
    amount: BigInt(k * 1_000_003 - 7_000_000),
    gasCost: 1_000n + BigInt(k),
    ...(k % 2 === 0 ? { pnl: BigInt((k % 3) - 1) } : {}),
  }));
  return {
    title: 'ETH/USDC passive range <2024>',
    strategy: 'passive-range',
    params: { widthPct: 0.08, rebalance: 'out-of-range' },
    volatilityModel: 'GARCH(1,1) + 5 vol points premium (modelled)',
    notes: ['Synthetic path & seeded.'],
    seed: 42,
    numeraire: { symbol: 'USDC', decimals: 6 },
    series: {
      timestampSeconds,
      navPerShare,
      navTotal,
      price,
      priceLabel: 'ETH in USDC',
      ...(options.ranges ? { ranges: { lower, upper } } : {}),
      ...(options.hedge ? { hedge: { label: 'ETH perp', unit: 'ETH', position: hedge } } : {}),
      ...(options.greeks
        ? { greeks: { delta, gamma: delta.map((d) => d * 1e-3), vega: delta.map((d) => d * -900), theta: delta.map((d) => d * 4e4) } }
        : {}),
      ...(options.overlays ? { overlays: [{ id: 'premium', title: 'Premium collected', unit: 'USDC', values: premium }] } : {}),
    },
    pnl: {
      components: [
        { name: 'fees earned', amount: fees, description: 'LP fees collected' },
        { name: 'market', amount: navChange - fees - gas, description: 'mark to market of the position' },
        { name: 'gas', amount: gas, description: 'gas paid' },
      ],
      navChange,
    },
    trades,
    counters: { gasSpent: -gas, feesEarned: fees, mevLost: 1_234n, tradedNotional: 987_654_321n },
  };
}

const ALL_SECTIONS = ['chart-range', 'chart-hedge', 'chart-greeks', 'chart-overlay-premium', 'table-trades', 'table-trade-kinds'];
const ALWAYS = ['summary', 'table-metrics', 'chart-equity', 'chart-price', 'chart-drawdown', 'chart-pnl', 'table-pnl'];

function hasId(html: string, id: string): boolean {
  return html.includes(`id="${id}"`);
}

describe('HTML report', () => {
  const full = synthetic({ steps: 2_000, stepSeconds: 3_600, ranges: true, hedge: true, greeks: true, overlays: true, trades: 120 });
  const fullHtml = renderHtmlReport(full);

  it('is one HTML document with a title and labelled charts', () => {
    expect(fullHtml.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(fullHtml.trimEnd().endsWith('</html>')).toBe(true);
    expect(fullHtml).toContain('<title>ETH/USDC passive range &lt;2024&gt; — Vaultwright report</title>');
    const svgs = fullHtml.match(/<svg /g)!.length;
    expect(svgs).toBe(fullHtml.match(/<svg [^>]*role="img" aria-label="[^"]+"/g)!.length);
    expect(svgs).toBeGreaterThanOrEqual(10);
  });

  it('has every chart section when the run has its data', () => {
    for (const id of [...ALWAYS, ...ALL_SECTIONS]) expect(hasId(fullHtml, id), id).toBe(true);
    for (const greek of ['delta', 'gamma', 'vega', 'theta']) expect(hasId(fullHtml, `chart-greek-${greek}`)).toBe(true);
    const hedgeFigure = fullHtml.slice(fullHtml.indexOf('id="chart-hedge"'), fullHtml.indexOf('</figure>', fullHtml.indexOf('id="chart-hedge"')));
    expect(hedgeFigure).toContain('hedge trades (60)');
    expect(hedgeFigure).toMatch(/<path class="events" [^>]*d="(M\d+ \d+v7)+"/);
  });

  it('leaves out the sections whose data is absent', () => {
    const html = renderHtmlReport(synthetic({ steps: 300, stepSeconds: 3_600 }));
    for (const id of ALWAYS) expect(hasId(html, id), id).toBe(true);
    for (const id of ALL_SECTIONS) expect(hasId(html, id), id).toBe(false);
    expect(html).not.toContain('chart-overlay-');
    expect(html).toContain('No trades in this run.');
  });

  it('says which volatility model priced the run, and shows params and notes', () => {
    expect(fullHtml).toContain('Volatility model:</b> GARCH(1,1) + 5 vol points premium (modelled)');
    expect(fullHtml).toContain('<li><span class="param-key">widthPct</span> 0.08</li>');
    expect(fullHtml).toContain('Synthetic path &amp; seeded.');
    expect(fullHtml).toContain('<b>42</b>');
  });

  it('shows the PnL components with exact amounts that add up', () => {
    expect(fullHtml).toContain('12,345.678901 USDC');
    expect(fullHtml).toContain('−234.567890 USDC');
    expect(fullHtml).toMatch(/<tr class="total"><td>NAV change<\/td><td class="num">[−\d,.]+ USDC<\/td><\/tr>/);
  });

  it('shows the head and tail of a long trade log with the count between', () => {
    expect(fullHtml).toContain('Trades (120)');
    expect(fullHtml).toContain('… 70 more trades …');
    expect(fullHtml).toContain('trade number 0<');
    expect(fullHtml).toContain('trade number 119<');
    expect(fullHtml).not.toContain('trade number 60<');
  });

  it('stands alone: no network references, scripts, stylesheets or fonts to fetch', () => {
    expect(fullHtml).not.toMatch(/https?:\/\//);
    expect(fullHtml).not.toMatch(/<script|<link|<img|@import|url\(|@font-face/i);
  });

  it('escapes every user string', () => {
    const hostile = { ...full, title: '<script>alert(1)</script>', notes: ['"><img src=x>'], params: { '<b>': '</td>' } };
    const html = renderHtmlReport(hostile);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('is deterministic: the same run gives the same bytes', () => {
    const again = renderHtmlReport(synthetic({ steps: 2_000, stepSeconds: 3_600, ranges: true, hedge: true, greeks: true, overlays: true, trades: 120 }));
    expect(again).toBe(fullHtml);
  });

  it('renders the same bytes from a parsed JSON copy of the run', () => {
    const json = JSON.stringify(full, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
    expect(renderHtmlReport(parseReportInput(JSON.parse(json)))).toBe(fullHtml);
  });

  it('refuses a run whose books do not balance, naming the difference', () => {
    const broken: ReportInput = { ...full, pnl: { ...full.pnl, navChange: full.pnl.navChange + 7n } };
    expect(() => renderHtmlReport(broken)).toThrow(InvalidInputError);
    expect(() => renderHtmlReport(broken)).toThrow(/off by -7 base units \(-0\.000007 USDC\)/);
  });

  it('renders a flat two-mark run of 12-second blocks without NaN or Infinity', () => {
    const flat = parseReportInput({
      title: 'flat',
      strategy: 'idle',
      params: {},
      notes: [],
      seed: 0,
      numeraire: { symbol: 'WETH', decimals: 18 },
      series: { timestampSeconds: [T0, T0 + 12], navPerShare: [1, 1], navTotal: ['0', '0'], price: [2000, 2000] },
      pnl: { components: [], navChange: '0' },
      trades: [],
      counters: { gasSpent: '0', feesEarned: '0', mevLost: '0', tradedNotional: '0' },
    });
    const html = renderHtmlReport(flat);
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
    expect(html).toContain('2 every 12 s');
    expect(html).toContain('No parameters.');
    expect(hasId(html, 'chart-pnl')).toBe(true);
  });

  it('refuses an in-memory run whose series are misaligned, naming the series', () => {
    const short: ReportInput = { ...full, series: { ...full.series, price: full.series.price.slice(1) } };
    expect(() => renderHtmlReport(short)).toThrow(/invalid report input series\.price: "length 1999" \(must have one value per step \(2000\)\)/);
  });

  it('renders a year of minutes into a file well under 2 MB with bounded paths', () => {
    const year = synthetic({ steps: 525_600, stepSeconds: 60, ranges: true, hedge: true, greeks: true, overlays: true, trades: 5_000 });
    const html = renderHtmlReport(year);
    expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(2_000_000);
    const points = (html.match(/points="([^"]*)"/g) ?? []).map((attribute) => attribute.split(' ').length);
    // At most four points per pixel column (878 columns on the wide charts).
    for (const count of points) expect(count).toBeLessThanOrEqual(4 * 880 * 2 + 4);
    expect(html).toContain('525,600 every 1 min');
  });
});
