import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import {
  assertPnlAddsUp,
  baseUnitsToDecimal,
  parseReportInput,
  reportInputToJson,
  type ReportInput,
} from '../../src/report/report-input.js';

/** A small valid run as it would arrive from a JSON file: bigints as decimal strings. */
function rawInput(): Record<string, unknown> {
  return {
    title: 'Test run',
    strategy: 'passive-range',
    params: { widthPct: 0.1, rebalance: 'never', hedged: false, cap: null },
    volatilityModel: 'GARCH(1,1) + 5 vol points premium (modelled)',
    notes: ['synthetic path'],
    seed: 7,
    numeraire: { symbol: 'USDC', decimals: 6 },
    series: {
      timestampSeconds: [1_700_000_000, 1_700_003_600, 1_700_007_200, 1_700_010_800],
      navPerShare: [1, 1.01, 0.99, 1.02],
      navTotal: ['1000000000', '1010000000', '990000000', '1020000000'],
      price: [2000, 2010, 1990, 2020],
      ranges: { lower: [1900, 1900, null, 1950], upper: [2100, 2100, null, 2150] },
    },
    pnl: {
      components: [
        { name: 'fees earned', amount: '30000000', description: 'LP fees' },
        { name: 'impermanent loss', amount: '-9000000', description: 'against holding' },
        { name: 'gas', amount: '-1000000', description: 'gas paid' },
      ],
      navChange: '20000000',
    },
    trades: [
      { timestampSeconds: 1_700_003_600, kind: 'swap', description: 'buy ETH', amount: '5000000', gasCost: '100000', pnl: '2000' },
      { timestampSeconds: 1_700_007_200, kind: 'swap', description: 'sell ETH', amount: '-5000000', pnl: '-1000' },
    ],
    counters: { gasSpent: '1000000', feesEarned: '30000000', mevLost: '0', tradedNotional: '10000000' },
  };
}

/** Raw JSON, mutated freely by the refusal cases: no static shape on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseJson = Record<string, any>;

function withChange(mutate: (raw: LooseJson) => void): Record<string, unknown> {
  const raw = rawInput() as LooseJson;
  mutate(raw);
  return raw;
}

function refusal(raw: unknown): InvalidInputError {
  try {
    parseReportInput(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected parseReportInput to refuse the input');
}

describe('parseReportInput', () => {
  it('accepts a valid run and turns base-unit strings into bigints', () => {
    const input = parseReportInput(rawInput());
    expect(input.series.navTotal).toEqual([1_000_000_000n, 1_010_000_000n, 990_000_000n, 1_020_000_000n]);
    expect(input.pnl.navChange).toBe(20_000_000n);
    expect(input.pnl.components[1]!.amount).toBe(-9_000_000n);
    expect(input.trades[0]!.gasCost).toBe(100_000n);
    expect(input.trades[1]!.gasCost).toBeUndefined();
    expect(input.counters.tradedNotional).toBe(10_000_000n);
    expect(input.series.ranges!.lower[2]).toBeNull();
  });

  it('accepts bigints and safe integers for base units as well as strings', () => {
    const input = parseReportInput(withChange((raw) => {
      raw.series.navTotal = [1_000_000_000n, 1_010_000_000, '990000000', 1_020_000_000n];
    }));
    expect(input.series.navTotal).toEqual([1_000_000_000n, 1_010_000_000n, 990_000_000n, 1_020_000_000n]);
  });

  it('round-trips through reportInputToJson', () => {
    const input = parseReportInput(rawInput());
    const again = parseReportInput(JSON.parse(reportInputToJson(input)));
    expect(again).toEqual(input);
    expect(reportInputToJson(again)).toBe(reportInputToJson(input));
  });

  const refusals: [string, (raw: LooseJson) => void, string][] = [
    ['a missing title', (raw) => delete raw.title, 'report input title'],
    ['a fractional base-unit amount', (raw) => (raw.series.navTotal[3] = '1.5'), 'report input series.navTotal[3]'],
    ['a negative NAV', (raw) => (raw.series.navTotal[1] = '-1'), 'report input series.navTotal[1]'],
    ['an unsafe integer as a number', (raw) => (raw.pnl.navChange = 2 ** 60), 'report input pnl.navChange'],
    ['a NaN price', (raw) => (raw.series.price[2] = Number.NaN), 'report input series.price[2]'],
    ['a zero price', (raw) => (raw.series.price[2] = 0), 'report input series.price[2]'],
    ['a negative NAV per share', (raw) => (raw.series.navPerShare[1] = -1), 'report input series.navPerShare[1]'],
    ['a series of the wrong length', (raw) => raw.series.navPerShare.pop(), 'report input series.navPerShare'],
    ['timestamps out of order', (raw) => (raw.series.timestampSeconds[2] = 1_700_003_600), 'report input series.timestampSeconds[2]'],
    ['a fractional timestamp', (raw) => (raw.series.timestampSeconds[1] = 1_700_003_600.5), 'report input series.timestampSeconds[1]'],
    ['a timestamp past year 9999', (raw) => (raw.series.timestampSeconds[3] = 1e13), 'report input series.timestampSeconds[3]'],
    ['a single step', (raw) => (raw.series.timestampSeconds = [1]), 'report input series.timestampSeconds'],
    ['an inverted range', (raw) => (raw.series.ranges.upper[0] = 1800), 'report input series.ranges.upper[0]'],
    ['a half-open range', (raw) => (raw.series.ranges.upper[2] = 2000), 'report input series.ranges.upper[2]'],
    ['too many decimals', (raw) => (raw.numeraire.decimals = 40), 'report input numeraire.decimals'],
    ['a negative gas counter', (raw) => (raw.counters.gasSpent = '-5'), 'report input counters.gasSpent'],
    ['a negative trade fee', (raw) => (raw.trades[1].feeCost = '-5'), 'report input trades[1].feeCost'],
    ['trades out of time order', (raw) => (raw.trades[1].timestampSeconds = 1), 'report input trades[1].timestampSeconds'],
    ['a duplicate component name', (raw) => (raw.pnl.components[2].name = 'fees earned'), 'report input pnl.components[2].name'],
    ['an object as a parameter', (raw) => (raw.params.nested = { a: 1 }), 'report input params.nested'],
    [
      'a bad overlay id',
      (raw) => (raw.series.overlays = [{ id: 'Bad Id', title: 'x', unit: 'u', values: [1, 2, 3, 4] }]),
      'report input series.overlays[0].id',
    ],
    [
      'a duplicate overlay id',
      (raw) =>
        (raw.series.overlays = [
          { id: 'a', title: 'x', unit: 'u', values: [1, 2, 3, 4] },
          { id: 'a', title: 'y', unit: 'u', values: [1, 2, 3, 4] },
        ]),
      'report input series.overlays[1].id',
    ],
    ['greeks of the wrong length', (raw) => (raw.series.greeks = { delta: [1], gamma: [1, 1, 1, 1], vega: [1, 1, 1, 1], theta: [1, 1, 1, 1] }), 'report input series.greeks.delta'],
  ];
  for (const [what, mutate, field] of refusals) {
    it(`refuses ${what}, naming ${field}`, () => {
      const error = refusal(withChange(mutate));
      expect(error.field).toBe(field);
      expect(error.message).toContain(`invalid ${field}:`);
    });
  }

  it('refuses something that is not an object at all', () => {
    expect(refusal('nope').field).toBe('report input (root)');
  });
});

describe('assertPnlAddsUp', () => {
  it('passes when the components sum to the NAV change and the NAV series agrees', () => {
    expect(() => assertPnlAddsUp(parseReportInput(rawInput()))).not.toThrow();
  });

  it('refuses components that miss by one base unit, naming the difference', () => {
    const input = parseReportInput(withChange((raw) => (raw.pnl.components[2].amount = '-999999')));
    expect(() => assertPnlAddsUp(input)).toThrow(InvalidInputError);
    expect(() => assertPnlAddsUp(input)).toThrow(/off by 1 base units \(0\.000001 USDC\)/);
  });

  it('refuses a NAV change the NAV series does not show', () => {
    const input = parseReportInput(
      withChange((raw) => {
        raw.pnl.navChange = '20000005';
        raw.pnl.components[0].amount = '30000005';
      }),
    );
    expect(() => assertPnlAddsUp(input)).toThrow(/pnl\.navChange.*off by 5 base units/);
  });

  it('holds for any split of any NAV change (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), { maxLength: 8 }), fc.bigInt({ min: 0n, max: 10n ** 30n }), (parts, start) => {
        const navChange = parts.reduce((sum, part) => sum + part, 0n);
        const end = start + navChange;
        fc.pre(end >= 0n);
        const base = parseReportInput(rawInput());
        const input: ReportInput = {
          ...base,
          series: { ...base.series, navTotal: [start, start, start, end] },
          pnl: { navChange, components: parts.map((amount, index) => ({ name: `c${index}`, amount, description: '' })) },
        };
        assertPnlAddsUp(input);
        const skewed: ReportInput = { ...input, pnl: { ...input.pnl, navChange: navChange + 1n } };
        expect(() => assertPnlAddsUp(skewed)).toThrow(/off by -1 base units/);
      }),
    );
  });
});

describe('baseUnitsToDecimal', () => {
  it('writes exact decimals without trailing zeros', () => {
    expect(baseUnitsToDecimal(123_450_000n, 6)).toBe('123.45');
    expect(baseUnitsToDecimal(100_000_000n, 6)).toBe('100');
    expect(baseUnitsToDecimal(-1n, 6)).toBe('-0.000001');
    expect(baseUnitsToDecimal(0n, 18)).toBe('0');
    expect(baseUnitsToDecimal(42n, 0)).toBe('42');
    expect(baseUnitsToDecimal(10n ** 30n + 1n, 18)).toBe('1000000000000.000000000000000001');
  });

  it('is read back exactly (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.integer({ min: 0, max: 36 }), (amount, decimals) => {
        const text = baseUnitsToDecimal(amount, decimals);
        const [whole = '', fraction = ''] = text.replace('-', '').split('.');
        const back = BigInt(whole + fraction.padEnd(decimals, '0')) * (text.startsWith('-') ? -1n : 1n);
        expect(back).toBe(amount);
      }),
    );
  });
});
