/**
 * The backtest driver: a scenario's simulator, a vault funded at genesis, the engine loop for
 * `blocks` blocks, a sampled series and the PnL decomposition, as a `ReportInput`.
 *
 * Memory: per block only running totals change; the series keeps one point every
 * `sampleEveryBlocks` blocks (and the last), and the ledger keeps events of the vault's own
 * activity (intents, decisions, transactions), which grow with trading, not with blocks.
 */
import { InvalidInputError } from '../errors.js';
import { SimExecutor } from '../execution/sim-executor.js';
import { buildSimulator } from '../market/scenario/build.js';
import type { Scenario } from '../market/scenario/schema.js';
import type { MarketSimulator } from '../market/simulator/simulator.js';
import type { PnlComponent, ReportInput } from '../report/report-input.js';
import { passThroughRisk, type RiskCheck } from '../risk/types.js';
import type { Book, JsonValue, Strategy } from '../strategy/types.js';
import { getSqrtRatioAtTickMemo } from '../uniswap-v3/tick-math.js';
import type { FeeConfig } from '../vault/fees.js';
import { Vault } from '../vault/vault.js';
import { backtestReportInput, tallyEvents } from './backtest-report.js';
import { BookBuilder } from './book-builder.js';
import { bookGreeks, type GreekContext } from './greeks.js';
import { validateGuardSettings, type GuardSettings } from './guards.js';
import type { LedgerEvent } from './ledger.js';
import { deepFreeze, EngineLoop, type HaltState } from './loop.js';
import type { ComponentKey } from './pnl.js';
import { everyBlock, type Trigger } from './triggers.js';
import { markPrice, scaledToBaseUnits, type Marks, type MarkSource } from './valuation.js';

export interface BacktestVaultOptions {
  /** the vault's ledger address in the simulator */
  readonly address?: string;
  readonly depositor?: string;
  /** the vault's asset (the numeraire of every value), e.g. "USDC" */
  readonly numeraire: string;
  /**
   * Tokens given to the vault's address at genesis, base units (the native token pays gas). Their
   * value at the genesis marks is the depositor's deposit.
   */
  readonly initialFunding: Readonly<Record<string, bigint>>;
  readonly decimalsOffset?: number;
  readonly fees?: FeeConfig;
}

export interface BacktestOptions<Params, Memory extends JsonValue> {
  /** a parsed scenario (its seed replaced by `seed`), or a ready simulator */
  readonly scenario?: Scenario;
  readonly simulator?: MarketSimulator;
  /** token decimals, needed with `simulator` (a scenario brings its own) */
  readonly tokenDecimals?: Readonly<Record<string, number>>;
  readonly strategy: Strategy<Params, Memory>;
  /** raw parameters, parsed with the strategy's schema */
  readonly params: unknown;
  readonly vault: BacktestVaultOptions;
  readonly blocks: number;
  readonly seed: number;
  readonly triggers?: readonly Trigger[];
  readonly guards: GuardSettings;
  /** tip offered per gas, wei (default 2 gwei) */
  readonly maxPriorityFeePerGas?: bigint;
  readonly risk?: RiskCheck;
  /** token → oracle asset for tokens without their own feed (default: the native token → WETH) */
  readonly markAliases?: Readonly<Record<string, string>>;
  /**
   * 'external' (default): the price token and its aliases at the simulator's external price, the
   * fair price LVR is defined against; 'oracle': every token at its feed's answer, which lags by
   * up to its deviation threshold and heartbeat and so misattributes LVR to price effect (the
   * live driver, which has no external price, marks at the oracle)
   */
  readonly marks?: 'oracle' | 'external';
  /** the risky token whose mark is the series' price (default: the first pool's risky token, or without a pool the native token's alias) */
  readonly priceToken?: string;
  /** keep one series point, and report the NAV to the vault, every this many blocks (default 1) */
  readonly sampleEveryBlocks?: number;
  readonly title?: string;
  /** stop deciding after this many failed sends in a row (loop.ts; default 5, 0 never) */
  readonly haltAfterConsecutiveFailures?: number;
  /** owners' deposits (> 0) and withdrawals (< 0) of numeraire, base units, made after the block `afterBlock` (1-based index of the run) */
  readonly ownerFlows?: readonly { readonly afterBlock: number; readonly amount: bigint; readonly owner?: string }[];
  /** told after every block (a progress bar); it sees counts only, so it cannot change the run */
  readonly onProgress?: (blocksDone: number, blocks: number) => void;
}

export interface BacktestSeries {
  readonly blockNumber: number[];
  readonly timestampSeconds: number[];
  readonly navPerShare: number[];
  readonly navTotal: bigint[];
  readonly price: number[];
  /** the first LP range of the book, price units; null where none */
  readonly rangeLower: (number | null)[];
  readonly rangeUpper: (number | null)[];
  /** Greeks of the book against `price` (greeks.ts) */
  readonly delta: number[];
  readonly gamma: number[];
  readonly vega: number[];
  readonly theta: number[];
  /** the hedge in risky-token units (negative is short): the perp position plus minus the borrowed risky tokens */
  readonly hedge: number[];
}

export interface BacktestResult<Memory extends JsonValue> {
  readonly strategy: string;
  readonly seed: number;
  readonly blocks: number;
  readonly events: readonly LedgerEvent[];
  readonly series: BacktestSeries;
  readonly pnl: {
    readonly navStart: bigint;
    readonly navEnd: bigint;
    readonly navChange: bigint;
    readonly components: readonly PnlComponent[];
    /** sub-base-unit rounding of the totals, included in the price effect */
    readonly roundingBaseUnits: bigint;
    /** the exact scaled totals (numeraire base units × 10^36) */
    readonly scaledComponents: Readonly<Record<string, bigint>>;
    readonly navChangeScaled: bigint;
    readonly feesEarnedTokens: Readonly<Record<string, bigint>>;
    readonly gasPaidTokens: Readonly<Record<string, bigint>>;
  };
  readonly counters: { readonly decisions: number; readonly intents: number; readonly fills: number; readonly reverts: number; readonly dropped: number; readonly gasPaidWei: bigint };
  readonly finalBook: Book;
  /** the vault after the last report: totalAssets is the NAV, idle the numeraire the address holds */
  readonly vault: { readonly totalAssets: bigint; readonly totalSupply: bigint; readonly idleAssets: bigint; readonly deployedAssets: bigint; readonly pricePerShareWad: bigint };
  readonly memory: Memory;
  /** set when the failure breaker stopped the strategy (the market and the NAV ran on) */
  readonly halted: HaltState | null;
  readonly reportInput: ReportInput;
}

const DEFAULT_TIP_WEI = 2_000_000_000n;

function requirePositiveInteger(field: string, value: number): void {
  if (!(Number.isSafeInteger(value) && value > 0)) throw new InvalidInputError(field, value, 'must be a positive integer');
}

function mapToRecord(map: ReadonlyMap<string, bigint>): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const key of [...map.keys()].sort()) out[key] = map.get(key)!;
  return out;
}

/** JSON with bigints as decimal strings: the byte-stable form of a result. */
export function backtestResultToJson(result: unknown): string {
  return JSON.stringify(result, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

export function runBacktest<Params, Memory extends JsonValue>(options: BacktestOptions<Params, Memory>): BacktestResult<Memory> {
  requirePositiveInteger('blocks', options.blocks);
  if (!Number.isSafeInteger(options.seed)) throw new InvalidInputError('seed', options.seed, 'must be an integer');
  const sampleEvery = options.sampleEveryBlocks ?? 1;
  requirePositiveInteger('sampleEveryBlocks', sampleEvery);
  const haltAfter = options.haltAfterConsecutiveFailures;
  if (haltAfter !== undefined && !(Number.isSafeInteger(haltAfter) && haltAfter >= 0)) {
    throw new InvalidInputError('haltAfterConsecutiveFailures', haltAfter, 'must be an integer >= 0 (0: never halt)');
  }
  validateGuardSettings(options.guards);
  if ((options.scenario === undefined) === (options.simulator === undefined)) {
    throw new InvalidInputError('scenario', 'scenario | simulator', 'give exactly one of scenario and simulator');
  }
  // A generated path is as long as the scenario's blocks: lengthen it when the run is longer.
  const sim =
    options.scenario !== undefined
      ? buildSimulator({ ...options.scenario, seed: options.seed, blocks: Math.max(options.scenario.blocks, options.blocks) }).simulator
      : options.simulator!;
  const decimals = options.scenario !== undefined ? options.scenario.tokens : options.tokenDecimals;
  if (decimals === undefined) throw new InvalidInputError('tokenDecimals', undefined, 'required with a simulator');
  const parsedParams = options.strategy.paramsSchema.safeParse(options.params);
  if (!parsedParams.success) {
    const issue = parsedParams.error.issues[0]!;
    // an unknown key is reported on its parent object: name the key itself
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    throw new InvalidInputError(`params.${path.join('.')}`, options.params, issue.message);
  }
  const params = deepFreeze(parsedParams.data);
  const vaultOptions = options.vault;
  const address = vaultOptions.address ?? 'vault';
  const numeraire = vaultOptions.numeraire;
  if (decimals[numeraire] === undefined) throw new InvalidInputError('vault.numeraire', numeraire, 'is not a token of the market');
  const firstPool = sim.venues.pools.values().next().value;
  const aliases = options.markAliases ?? { [sim.nativeToken]: 'WETH' };
  // Without a pool (a lending-only market), the price shown is the native token's oracle asset's.
  const priceToken = options.priceToken ?? (firstPool === undefined ? aliases[sim.nativeToken] : firstPool.riskyIsToken0 ? firstPool.token0 : firstPool.token1);
  if (priceToken === undefined || decimals[priceToken] === undefined) throw new InvalidInputError('priceToken', priceToken, 'needs a known risky token');
  const riskyTokens = new Set([priceToken, ...Object.entries(aliases).filter(([, asset]) => asset === priceToken).map(([token]) => token)]);
  const markSource: MarkSource = { numeraire, decimals, aliases, ...((options.marks ?? 'external') === 'external' ? { external: [...riskyTokens].sort() } : {}) };
  const tokens = Object.keys(decimals).sort();
  for (const [token, amount] of Object.entries(vaultOptions.initialFunding).sort()) {
    if (decimals[token] === undefined) throw new InvalidInputError(`vault.initialFunding.${token}`, token, 'is not a token of the market');
    if (amount < 0n) throw new InvalidInputError(`vault.initialFunding.${token}`, amount, 'must be >= 0');
    if (amount > 0n) sim.fund(address, token, amount);
  }
  const startSeconds = sim.view.blockTimestampSeconds;
  const vault = new Vault({ assetDecimals: decimals[numeraire]!, decimalsOffset: vaultOptions.decimalsOffset, fees: vaultOptions.fees, startSeconds });
  const events: LedgerEvent[] = [];
  const record = (event: LedgerEvent): void => {
    // A copy: receipts' results belong to the venues, and freezing must never reach them.
    events.push(deepFreeze(structuredClone(event)));
  };
  const executor = new SimExecutor(sim, { sender: address, guards: options.guards, maxPriorityFeePerGas: options.maxPriorityFeePerGas ?? DEFAULT_TIP_WEI });
  const books = new BookBuilder(sim, address, tokens);
  const poolTokens = (id: string): readonly [string, string] => {
    const venue = sim.pool(id);
    return [venue.token0, venue.token1];
  };
  const loop = new EngineLoop({
    sim,
    strategy: options.strategy,
    params,
    memory: options.strategy.initialMemory(params),
    risk: options.risk ?? passThroughRisk,
    executor,
    books,
    vault,
    triggers: options.triggers ?? [everyBlock()],
    markSource,
    poolTokens,
    record,
    ...(options.haltAfterConsecutiveFailures === undefined ? {} : { haltAfterConsecutiveFailures: options.haltAfterConsecutiveFailures }),
  });
  // The deposit: what the funding is worth at the genesis marks, floored (the vault's books are in base units).
  const navStartScaled = loop.navScaled;
  const navStart = scaledToBaseUnits(navStartScaled);
  if (navStart <= 0n) throw new InvalidInputError('vault.initialFunding', vaultOptions.initialFunding, 'must be worth more than zero');
  vault.deposit(navStart, vaultOptions.depositor ?? 'depositor', startSeconds);
  for (const [token, amount] of Object.entries(vaultOptions.initialFunding).sort()) {
    if (amount > 0n) record({ type: 'deposit', blockNumber: sim.blockNumber, timestampSeconds: startSeconds, token, amount });
  }
  loop.syncVault(navStart, startSeconds);

  const series: BacktestSeries = {
    blockNumber: [],
    timestampSeconds: [],
    navPerShare: [],
    navTotal: [],
    price: [],
    rangeLower: [],
    rangeUpper: [],
    delta: [],
    gamma: [],
    vega: [],
    theta: [],
    hedge: [],
  };
  let hedgedByPerp = false;
  let hedgedByBorrow = false;
  const hedgeOf = (book: Book): number => {
    const perpUnits = book.perp === undefined ? 0 : Number(book.perp.sizeWei) / 1e18;
    let borrowedUnits = 0;
    for (const position of book.lending) if (riskyTokens.has(position.asset)) borrowedUnits += Number(position.debt) / 10 ** decimals[position.asset]!;
    if (perpUnits !== 0) hedgedByPerp = true;
    if (borrowedUnits !== 0) hedgedByBorrow = true;
    return perpUnits - borrowedUnits;
  };
  const greekContext: GreekContext = { riskyTokens, decimals, poolOf: (id) => sim.pool(id) };
  const priceOf = (marks: Marks): number => markPrice(marks, priceToken, decimals[priceToken]!, decimals[numeraire]!);
  const rangeOf = (book: Book): [number | null, number | null] => {
    const position = book.lp.find((p) => p.liquidity > 0n);
    if (position === undefined) return [null, null];
    const venue = sim.pool(position.pool);
    const toPrice = (tick: number): number => {
      const root = Number(getSqrtRatioAtTickMemo(tick)) / 2 ** 96;
      const raw = root * root * 10 ** (venue.decimals0 - venue.decimals1);
      return venue.riskyIsToken0 ? raw : 1 / raw;
    };
    const a = toPrice(position.tickLower);
    const b = toPrice(position.tickUpper);
    return [Math.min(a, b), Math.max(a, b)];
  };
  const sample = (blockNumber: number, timestampSeconds: number, marks: Marks, book: Book): void => {
    series.blockNumber.push(blockNumber);
    series.timestampSeconds.push(timestampSeconds);
    series.navPerShare.push(Number(vault.pricePerShareWad(timestampSeconds)) / 1e18);
    series.navTotal.push(vault.totalAssets);
    series.price.push(priceOf(marks));
    const [lower, upper] = rangeOf(book);
    series.rangeLower.push(lower);
    series.rangeUpper.push(upper);
    const greeks = bookGreeks(book, greekContext);
    series.delta.push(greeks.delta);
    series.gamma.push(greeks.gamma);
    series.vega.push(greeks.vega);
    series.theta.push(greeks.theta);
    series.hedge.push(hedgeOf(book));
  };
  sample(sim.blockNumber, startSeconds, loop.currentMarks, books.build([], vault.totalSupply));

  let decisions = 0;
  let last: ReturnType<typeof loop.step> | undefined;
  const ownerFlows = [...(options.ownerFlows ?? [])];
  ownerFlows.forEach((flow, i) => {
    if (!(Number.isSafeInteger(flow.afterBlock) && flow.afterBlock >= 1 && flow.afterBlock < options.blocks)) {
      throw new InvalidInputError(`ownerFlows[${i}].afterBlock`, flow.afterBlock, `must be an integer in [1, ${options.blocks - 1}]`);
    }
  });
  for (let index = 1; index <= options.blocks; index++) {
    last = loop.step();
    if (last.decided) decisions++;
    if (index % sampleEvery === 0 || index === options.blocks) {
      loop.syncVault(last.navBaseUnits, last.timestampSeconds);
      sample(last.blockNumber, last.timestampSeconds, last.marks, last.book);
    }
    for (const flow of ownerFlows) if (flow.afterBlock === index) loop.ownerFlow(flow.amount, flow.owner ?? vaultOptions.depositor ?? 'depositor');
    options.onProgress?.(index, options.blocks);
  }
  const finalBook = last!.book;
  const navEnd = vault.totalAssets;
  const navChange = navEnd - navStart;
  const { components, roundingBaseUnits } = loop.pnl.components(navChange);
  const scaled = loop.pnl.scaledTotals();

  const tally = tallyEvents(events, loop.currentMarks, poolTokens);
  const reportComponents: PnlComponent[] = components.map(({ name, amount, description }) => ({ name, amount, description }));
  const componentOf = (key: ComponentKey): bigint => components.find((c) => c.key === key)!.amount;
  const reportInput = backtestReportInput({
    title: options.title ?? `${options.strategy.name} — backtest, ${options.blocks} blocks`,
    strategy: options.strategy.name,
    params,
    notes: [
      (options.marks ?? 'external') === 'external'
        ? `Marks: ${[...riskyTokens].sort().join(', ')} at the simulator's external price, other tokens at their oracle; ${numeraire} at par.`
        : `Marks: oracle answers at each block; ${numeraire} at par.`,
      'MEV loss: what sandwiched swaps would have received alone at the top of their block, minus what they received (other MEV, e.g. back-running the vault, is not measured).',
      `Risk: ${options.risk === undefined ? 'pass-through (no limits)' : 'as configured'}.`,
      ...(sim.venues.options === undefined ? [] : [`Options priced by: ${sim.venues.options.pricingModel ?? 'the option venue\'s vol surface (model not described)'}.`]),
      ...(loop.halted === undefined ? [] : [`HALTED at block ${loop.halted.blockNumber}: ${loop.halted.reason}. The strategy was not asked again; the NAV was marked to the end.`]),
    ],
    seed: options.seed,
    numeraire: { symbol: numeraire, decimals: decimals[numeraire]! },
    priceLabel: `${priceToken} in ${numeraire}`,
    series,
    ...(hedgedByPerp || hedgedByBorrow
      ? { hedge: { label: `${priceToken} ${hedgedByPerp && hedgedByBorrow ? 'perp + borrowed' : hedgedByPerp ? 'perp' : 'borrowed'}`, unit: priceToken } }
      : {}),
    pnl: { components: reportComponents, navChange },
    trades: tally.trades,
    counters: {
      gasSpent: -componentOf('gas'),
      feesEarned: componentOf('lpFees') > 0n ? componentOf('lpFees') : 0n,
      mevLost: -componentOf('mevLoss') > 0n ? -componentOf('mevLoss') : 0n,
      tradedNotional: tally.tradedNotional,
    },
  });
  return {
    strategy: options.strategy.name,
    seed: options.seed,
    blocks: options.blocks,
    events,
    series,
    pnl: {
      navStart,
      navEnd,
      navChange,
      components: reportComponents,
      roundingBaseUnits,
      scaledComponents: { ...scaled },
      navChangeScaled: loop.navScaled - navStartScaled,
      feesEarnedTokens: mapToRecord(loop.pnl.feesEarnedTokens),
      gasPaidTokens: mapToRecord(loop.pnl.gasPaidTokens),
    },
    counters: { decisions, intents: tally.intents, fills: tally.fills, reverts: tally.reverts, dropped: tally.dropped, gasPaidWei: tally.gasPaidWei },
    finalBook,
    vault: {
      totalAssets: vault.totalAssets,
      totalSupply: vault.totalSupply,
      idleAssets: vault.idleAssets,
      deployedAssets: vault.deployedAssets,
      pricePerShareWad: vault.pricePerShareWad(last!.timestampSeconds),
    },
    memory: loop.memory,
    halted: loop.halted ?? null,
    reportInput,
  };
}
