/**
 * The one input of the metrics and the HTML report: a plain description of a finished run.
 *
 * It decouples reporting from the engine: whatever produced the run (backtest, devnet, live, a
 * file written last week) hands over this shape and nothing else. Rules that hold everywhere:
 *
 * - every `bigint` is an amount of the numeraire in its **base units** (USDC: 10^-6), signed
 *   where a sign is meaningful; in JSON it travels as a decimal integer string
 *   (`reportInputToJson` / `parseReportInput` do the round trip);
 * - every `number` series is columnar (one array per quantity, index = step), aligned with
 *   `series.timestampSeconds`: a year of minutes is 525,600 steps, and arrays of numbers are
 *   far cheaper to validate, hold and scan than arrays of objects;
 * - `null` in an optional per-step series means "nothing at this step" (no open range, a
 *   strategy series that starts late), and charts leave a gap there.
 *
 * `parseReportInput` is the edge: it validates with zod and names the first bad field
 * (`series.navTotal[3]`). `checkReportInput` re-checks the cross-field rules cheaply for an
 * object the engine built in memory; `assertPnlAddsUp` is the bookkeeping check that the
 * metrics JSON and the renderer run before they print anything.
 */
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';

/** A strategy parameter as shown in the report header: JSON scalars only. */
export type ParamValue = string | number | boolean | null;

export interface ReportInput {
  /** Human title of the report, e.g. "ETH/USDC 0.05 % — passive range, 2024". */
  readonly title: string;
  /** Strategy name as the CLI knows it (`--strategy NAME`). */
  readonly strategy: string;
  /** The strategy's parameters after defaults and config were applied (shown sorted by key). */
  readonly params: Readonly<Record<string, ParamValue>>;
  /**
   * Which volatility model priced the run, e.g. "GARCH(1,1) + 5 vol points premium (modelled)".
   * Shown in the header and in `--json`; absent when nothing in the run was priced by a vol model.
   */
  readonly volatilityModel?: string;
  /** Free notes shown under the header: data provenance, modelling caveats, assumptions. */
  readonly notes: readonly string[];
  /** The seed of every random process in the run; same seed, same report, byte for byte. */
  readonly seed: string | number;
  /** The unit every `bigint` is counted in: `decimals` base units make one `symbol`. */
  readonly numeraire: Numeraire;
  readonly series: ReportSeries;
  readonly pnl: PnlDecomposition;
  /** Every executed trade or on-chain action of the run, in time order. */
  readonly trades: readonly TradeRecord[];
  readonly counters: RunCounters;
}

export interface Numeraire {
  /** e.g. "USDC". */
  readonly symbol: string;
  /** Base units per whole unit as a power of ten (USDC 6, WETH 18); an integer in [0, 36]. */
  readonly decimals: number;
}

/** Per-step series; every array has the length of `timestampSeconds`. */
export interface ReportSeries {
  /** Step times, Unix seconds UTC, integers, strictly increasing, at least two steps. */
  readonly timestampSeconds: readonly number[];
  /** NAV per vault share, in whole numeraire units per share (> 0). */
  readonly navPerShare: readonly number[];
  /** Total NAV of the vault, numeraire base units (>= 0). */
  readonly navTotal: readonly bigint[];
  /** Reference price of the risky asset, whole numeraire units per whole asset unit (> 0). */
  readonly price: readonly number[];
  /** What `price` is, e.g. "ETH in USDC"; defaults to "price". */
  readonly priceLabel?: string;
  /** LP position bounds per step in the units of `price`; `null` where no range is open. */
  readonly ranges?: RangeSeries;
  /** The hedge position per step (signed: negative is short). */
  readonly hedge?: HedgeSeries;
  /** The Greeks of the whole book per step (units as documented on `GreekSeries`). */
  readonly greeks?: GreekSeries;
  /** Strategy-specific series, each drawn as its own panel: the extension point. */
  readonly overlays?: readonly OverlaySeries[];
}

export interface RangeSeries {
  /** Lower price bound of the open range, units of `price`; `null` where none is open. */
  readonly lower: readonly (number | null)[];
  /** Upper price bound, units of `price`; `null` exactly where `lower` is `null`. */
  readonly upper: readonly (number | null)[];
}

export interface HedgeSeries {
  /** What the hedge is, e.g. "ETH perp". */
  readonly label: string;
  /** Unit of `position`, e.g. "ETH". */
  readonly unit: string;
  /** Signed position size per step, in `unit` (negative = short). */
  readonly position: readonly number[];
}

/** Book Greeks (contract: vega per 1.00 of volatility, theta per year). */
export interface GreekSeries {
  /** d(book value)/d(price): units of the risky asset. */
  readonly delta: readonly number[];
  /** d(delta)/d(price): asset units per (numeraire unit of price). */
  readonly gamma: readonly number[];
  /** d(book value)/d(volatility), per 1.00 of volatility: whole numeraire units. */
  readonly vega: readonly number[];
  /** d(book value)/d(time), per year: whole numeraire units per year. */
  readonly theta: readonly number[];
}

export interface OverlaySeries {
  /** Stable identifier, `[a-z0-9-]+`; the chart's HTML id is `chart-overlay-<id>`. */
  readonly id: string;
  /** Panel title, e.g. "Premium collected (cumulative)". */
  readonly title: string;
  /** Unit shown on the axis, e.g. "USDC" or "%" (values are plotted as given). */
  readonly unit: string;
  /** One value per step; `null` leaves a gap. */
  readonly values: readonly (number | null)[];
}

/** Where the NAV change came from. `components` sum to `navChange` exactly. */
export interface PnlDecomposition {
  readonly components: readonly PnlComponent[];
  /** NAV at the last step minus NAV at the first, numeraire base units (signed). */
  readonly navChange: bigint;
}

export interface PnlComponent {
  /** Short name, e.g. "fees earned", "impermanent loss", "hedge PnL", "gas". Unique. */
  readonly name: string;
  /** Signed contribution to the NAV change, numeraire base units (costs are negative). */
  readonly amount: bigint;
  /** One sentence on what is counted here. */
  readonly description: string;
}

export interface TradeRecord {
  /** When it executed, Unix seconds UTC. */
  readonly timestampSeconds: number;
  /** Kind of action, e.g. "swap", "mint", "burn", "collect", "hedge", "option-sell", "settle". */
  readonly kind: string;
  /** One line for the trades table. */
  readonly description: string;
  /** Signed notional in numeraire base units (buy positive); |amount| is turnover. */
  readonly amount?: bigint;
  /** Gas paid for it, numeraire base units (>= 0). */
  readonly gasCost?: bigint;
  /** Venue fees, spread or premium paid for it, numeraire base units (>= 0). */
  readonly feeCost?: bigint;
  /** Realised PnL attributed to it, numeraire base units (signed); feeds the hit rate. */
  readonly pnl?: bigint;
}

/** Run totals the engine counted, all numeraire base units and >= 0. */
export interface RunCounters {
  /** Gas paid over the run. */
  readonly gasSpent: bigint;
  /** LP / premium / lending fees earned over the run. */
  readonly feesEarned: bigint;
  /** Value lost to searchers (sandwiches, back-runs) over the run. */
  readonly mevLost: bigint;
  /** Sum of |notional| of every trade; turnover is this over the mean of `navTotal`. */
  readonly tradedNotional: bigint;
}

// ---------------------------------------------------------------- validation (the edge)

const MAX_DECIMALS = 36;
const INTEGER_STRING = /^-?(0|[1-9]\d*)$/;
const OVERLAY_ID = /^[a-z0-9][a-z0-9-]*$/;

function toBaseUnits(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string' && INTEGER_STRING.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  return undefined;
}

const BASE_UNITS_MESSAGE = 'must be an integer amount in base units (bigint, decimal string or safe integer)';

const baseUnits = z.unknown().transform((value, ctx) => {
  const amount = toBaseUnits(value);
  if (amount === undefined) {
    ctx.issues.push({ code: 'custom', message: BASE_UNITS_MESSAGE, input: value });
    return z.NEVER;
  }
  return amount;
});

const nonNegativeBaseUnits = baseUnits.refine((amount) => amount >= 0n, 'must be >= 0');

/** A column of base units, checked in one loop: a zod union per element costs ~8x more. */
const baseUnitsColumn = z.array(z.unknown()).transform((values, ctx) => {
  const out = new Array<bigint>(values.length);
  for (let index = 0; index < values.length; index++) {
    const amount = toBaseUnits(values[index]);
    if (amount === undefined || amount < 0n) {
      const message = amount === undefined ? BASE_UNITS_MESSAGE : 'must be >= 0';
      ctx.issues.push({ code: 'custom', message, input: values[index], path: [index] });
      return z.NEVER;
    }
    out[index] = amount;
  }
  return out;
});

/** 1970-01-01 to 9999-12-31 23:59:59 UTC: what a Date, and so every label, can show. */
const unixSeconds = z.number().int().min(0).max(253_402_300_799);
const finiteColumn = z.array(z.number());
const nullableColumn = z.array(z.number().nullable());
const label = z.string().min(1).max(200);

const rangeSchema = z.object({ lower: nullableColumn, upper: nullableColumn });
const hedgeSchema = z.object({ label, unit: z.string().max(40), position: finiteColumn });
const greekSchema = z.object({ delta: finiteColumn, gamma: finiteColumn, vega: finiteColumn, theta: finiteColumn });
const overlaySchema = z.object({
  id: z.string().regex(OVERLAY_ID, 'must match [a-z0-9][a-z0-9-]*').max(60),
  title: label,
  unit: z.string().max(40),
  values: nullableColumn,
});

const seriesSchema = z.object({
  timestampSeconds: z.array(unixSeconds).min(2, 'needs at least two steps'),
  navPerShare: finiteColumn,
  navTotal: baseUnitsColumn,
  price: finiteColumn,
  priceLabel: label.optional(),
  ranges: rangeSchema.optional(),
  hedge: hedgeSchema.optional(),
  greeks: greekSchema.optional(),
  overlays: z.array(overlaySchema).optional(),
});

const tradeSchema = z.object({
  timestampSeconds: unixSeconds,
  kind: z.string().min(1).max(60),
  description: z.string().max(500),
  amount: baseUnits.optional(),
  gasCost: nonNegativeBaseUnits.optional(),
  feeCost: nonNegativeBaseUnits.optional(),
  pnl: baseUnits.optional(),
});

const reportInputSchema = z.object({
  title: label,
  strategy: label,
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  volatilityModel: label.optional(),
  notes: z.array(z.string().max(2000)),
  seed: z.union([z.string().max(200), z.number()]),
  numeraire: z.object({ symbol: z.string().min(1).max(20), decimals: z.number().int().min(0).max(MAX_DECIMALS) }),
  series: seriesSchema,
  pnl: z.object({
    components: z.array(z.object({ name: label, amount: baseUnits, description: z.string().max(500) })),
    navChange: baseUnits,
  }),
  trades: z.array(tradeSchema),
  counters: z.object({
    gasSpent: nonNegativeBaseUnits,
    feesEarned: nonNegativeBaseUnits,
    mevLost: nonNegativeBaseUnits,
    tradedNotional: nonNegativeBaseUnits,
  }),
});

/** `series.navTotal[3]` from zod's `['series', 'navTotal', 3]`. */
function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(root)' : text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function fail(path: readonly PropertyKey[], value: unknown, reason: string): never {
  throw new InvalidInputError(`report input ${formatPath(path)}`, value, reason);
}

/**
 * Validates an untrusted run description (a parsed JSON file, or the engine's object) and
 * returns it typed, with base-unit strings turned into bigints. Throws `InvalidInputError`
 * naming the first bad field, e.g. `invalid report input series.price[7]: ...`.
 */
export function parseReportInput(raw: unknown): ReportInput {
  const parsed = reportInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(issue.path, valueAt(raw, issue.path), issue.message);
  }
  const input = parsed.data as ReportInput;
  checkReportInput(input);
  return input;
}

/**
 * The cross-field rules zod's per-field schema cannot say: aligned lengths, increasing time,
 * positive prices, well-formed ranges, unique names. Cheap (plain loops, a few ms for a year of
 * minutes), so the metrics and the renderer run it on inputs the engine built in memory
 * without going through `parseReportInput`.
 */
export function checkReportInput(input: ReportInput): void {
  const series = input.series;
  const steps = series.timestampSeconds.length;
  for (let index = 1; index < steps; index++) {
    if (!(series.timestampSeconds[index]! > series.timestampSeconds[index - 1]!)) {
      fail(['series', 'timestampSeconds', index], series.timestampSeconds[index], 'must be strictly increasing');
    }
  }
  const aligned = (path: PropertyKey[], values: readonly unknown[]): void => {
    if (values.length !== steps) fail(path, `length ${values.length}`, `must have one value per step (${steps})`);
  };
  aligned(['series', 'navPerShare'], series.navPerShare);
  aligned(['series', 'navTotal'], series.navTotal);
  aligned(['series', 'price'], series.price);
  requirePositiveColumn(['series', 'navPerShare'], series.navPerShare);
  requirePositiveColumn(['series', 'price'], series.price);
  if (series.ranges) {
    aligned(['series', 'ranges', 'lower'], series.ranges.lower);
    aligned(['series', 'ranges', 'upper'], series.ranges.upper);
    for (let index = 0; index < steps; index++) {
      const lower = series.ranges.lower[index]!;
      const upper = series.ranges.upper[index]!;
      if ((lower === null) !== (upper === null)) {
        fail(['series', 'ranges', 'upper', index], upper, 'must be null exactly where lower is null');
      }
      if (lower !== null && upper !== null && !(lower > 0 && upper > lower)) {
        fail(['series', 'ranges', 'upper', index], upper, `must be above lower (${lower}) and lower above 0`);
      }
    }
  }
  if (series.hedge) aligned(['series', 'hedge', 'position'], series.hedge.position);
  if (series.greeks) {
    for (const greek of ['delta', 'gamma', 'vega', 'theta'] as const) aligned(['series', 'greeks', greek], series.greeks[greek]);
  }
  const overlayIds = new Set<string>();
  series.overlays?.forEach((overlay, index) => {
    aligned(['series', 'overlays', index, 'values'], overlay.values);
    if (overlayIds.has(overlay.id)) fail(['series', 'overlays', index, 'id'], overlay.id, 'must be unique');
    overlayIds.add(overlay.id);
  });
  const names = new Set<string>();
  input.pnl.components.forEach((component, index) => {
    if (names.has(component.name)) fail(['pnl', 'components', index, 'name'], component.name, 'must be unique');
    names.add(component.name);
  });
  for (let index = 1; index < input.trades.length; index++) {
    if (input.trades[index]!.timestampSeconds < input.trades[index - 1]!.timestampSeconds) {
      fail(['trades', index, 'timestampSeconds'], input.trades[index]!.timestampSeconds, 'trades must be in time order');
    }
  }
}

function requirePositiveColumn(path: PropertyKey[], values: readonly number[]): void {
  for (let index = 0; index < values.length; index++) {
    if (!(values[index]! > 0)) fail([...path, index], values[index], 'must be > 0');
  }
}

/**
 * The PnL components must add up to the NAV change exactly (base units), and the NAV change
 * must be what the NAV series says it is. A report whose books do not balance is refused: a
 * pretty chart of wrong numbers is worse than none.
 */
export function assertPnlAddsUp(input: ReportInput): void {
  const { symbol, decimals } = input.numeraire;
  const sum = input.pnl.components.reduce((total, component) => total + component.amount, 0n);
  const difference = sum - input.pnl.navChange;
  if (difference !== 0n) {
    throw new InvalidInputError(
      'report input pnl.components',
      `sum ${sum}`,
      `PnL components sum to ${sum} base units but the NAV change is ${input.pnl.navChange}: ` +
        `off by ${difference} base units (${baseUnitsToDecimal(difference, decimals)} ${symbol})`,
    );
  }
  const navTotal = input.series.navTotal;
  const seriesChange = navTotal[navTotal.length - 1]! - navTotal[0]!;
  if (seriesChange !== input.pnl.navChange) {
    const gap = input.pnl.navChange - seriesChange;
    throw new InvalidInputError(
      'report input pnl.navChange',
      input.pnl.navChange,
      `the NAV series changes by ${seriesChange} base units from first to last step: ` +
        `off by ${gap} base units (${baseUnitsToDecimal(gap, decimals)} ${symbol})`,
    );
  }
}

/** Exact decimal text of a base-unit amount: 123450000n, 6 → "123.45" (no rounding, no float). */
export function baseUnitsToDecimal(amount: bigint, decimals: number): string {
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/**
 * JSON text of a `ReportInput` (bigints as decimal strings) that `parseReportInput` reads back
 * to an equal value; keys keep the object's own order, so the same run gives the same bytes.
 */
export function reportInputToJson(input: ReportInput): string {
  return JSON.stringify(input, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}
