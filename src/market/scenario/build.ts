/**
 * From a validated scenario to a ready simulator: the clock, base fee, mempool and background
 * gas of the chain; the external price path (generated from the seed, or replayed from a file);
 * the pools initialized at the initial price with their liquidity minted by their owners; the
 * lending market with its suppliers and borrowers; the perp and option venues; the oracles; the
 * agents; the funding. Every
 * genesis position goes through the simulator's own executors, so it is booked in the ledger
 * exactly as a later transaction would be.
 */
import { isAbsolute, join } from 'node:path';
import { InvalidInputError } from '../../errors.js';
import { projectRoot } from '../../data/project-paths.js';
import { getSqrtRatioAtTick, MAX_TICK, MIN_TICK } from '../../uniswap-v3/tick-math.js';
import { getAmount0Delta, getAmount1Delta } from '../../uniswap-v3/sqrt-price-math.js';
import { UniswapV3Pool } from '../../uniswap-v3/pool.js';
import { ConstantProductPool } from '../amm/constant-product-pool.js';
import { priceToSqrtPriceX96 } from '../agents/exact-price.js';
import { Liquidator } from '../agents/liquidator.js';
import { calibrateNoiseFromPoolFile, NoiseTrader, noiseSideForBlocks, type NoiseSideParams } from '../agents/noise-trader.js';
import { Searcher } from '../agents/searcher.js';
import type { Agent } from '../agents/types.js';
import { Eip1559BaseFeeModel, ReplayBaseFeeModel } from '../chain/base-fee.js';
import { loadBaseFeeHistory } from '../feeds/base-fee.js';
import { BlockClock } from '../chain/block-clock.js';
import { Mempool } from '../chain/mempool.js';
import { parseFixedDecimal } from '../feeds/decimal.js';
import { loadOhlcvSeries, loadTokenPriceSeries } from '../feeds/prices.js';
import { loadUniswapV3MinuteSeries } from '../feeds/uniswap-v3.js';
import type { ReserveConfig } from '../lending/config.js';
import { LendingMarket } from '../lending/lending-market.js';
import { loadAaveRecordedReserve, type RecordedRateSeries } from '../lending/replay-rates.js';
import { OptionVenue } from '../options/option-venue.js';
import type { ListingScheduleConfig } from '../options/listing.js';
import { PriceHistory, realizedVolLevel } from '../options/realized-vol-level.js';
import type { VolLevelSource } from '../options/vol-surface.js';
import { constantFunding, FundingModel } from '../perp/funding-model.js';
import { PerpMarket } from '../perp/perp-market.js';
import { loadFundingReplay } from '../perp/funding-history.js';
import type { FundingSource } from '../perp/funding-source.js';
import { PriceFeed } from '../oracle/price-feed.js';
import { generateGbmPath } from '../paths/gbm.js';
import { generateHestonPath } from '../paths/heston.js';
import { generateMertonJumpPath } from '../paths/merton-jump.js';
import { generateRegimeSwitchingPath } from '../paths/regime-switching.js';
import { ArbitrageAgent } from '../simulator/arbitrage-agent.js';
import { BackgroundGas } from '../simulator/background-gas.js';
import type { SimPayload } from '../simulator/actions.js';
import { pathPriceProcess, replayPriceProcess, type PriceProcess } from '../simulator/price-process.js';
import { MarketSimulator, type OracleBinding } from '../simulator/simulator.js';
import { externalToRawPrice, type LendingVenue, type PoolVenue } from '../simulator/venues.js';
import { scenarioLendingMarkets, type AgentScenario, type PoolScenario, type PriceScenario, type Scenario } from './schema.js';

type PerpFundingScenario = NonNullable<Scenario['venues']['perp']>['funding'];
import { SECONDS_PER_YEAR } from '../../units.js';

export interface BuiltScenario {
  readonly scenario: Scenario;
  readonly simulator: MarketSimulator;
  /** the agents, in scenario order */
  readonly agents: readonly Agent[];
}

export interface BuildOptions {
  /** where relative data paths start (default: the project root) */
  readonly baseDirectory?: string;
}

const DEFAULT_GENESIS_SECONDS = 1_700_000_000;
const GWEI = 1_000_000_000;

/** Whole tokens (decimal string or number) → base units, exactly. */
export function toBaseUnits(field: string, amount: string | number, decimals: number): bigint {
  let text = String(amount);
  // A number is read as the shortest decimal that round-trips (0.1 is "0.1", not its binary
  // expansion); exponent notation is spelled out.
  if (typeof amount === 'number' && /e/i.test(text)) {
    text = Number.isInteger(amount) ? BigInt(amount).toString() : amount.toFixed(Math.min(decimals, 100)).replace(/\.?0+$/, '');
  }
  try {
    return parseFixedDecimal(text, decimals);
  } catch (error) {
    if (error instanceof InvalidInputError) throw new InvalidInputError(field, amount, error.reason);
    throw error;
  }
}

/** The scenario's listing schedule without its absent keys (exactOptionalPropertyTypes). */
function listingScheduleOf(schedule: NonNullable<Scenario['venues']['options']>['schedule'] & object): ListingScheduleConfig {
  return Object.fromEntries(Object.entries(schedule).filter(([, value]) => value !== undefined)) as ListingScheduleConfig;
}

type OptionsScenario = NonNullable<Scenario['venues']['options']>;

/** The price process, each price it gives recorded in the history as it is produced. */
function recordingPriceProcess(inner: PriceProcess, history: PriceHistory, genesisSeconds: number): PriceProcess {
  history.record(genesisSeconds, inner.initialPrice);
  return {
    initialPrice: inner.initialPrice,
    priceAt(blockIndex: number, timestampSeconds: number): number {
      const price = inner.priceAt(blockIndex, timestampSeconds);
      history.record(timestampSeconds, price);
      return price;
    },
  };
}

/** The surface's level: the constant volLevel, or the realized-vol model on the prices produced so far. */
function optionVolLevel(config: OptionsScenario, history: PriceHistory | undefined, genesisSeconds: number): number | VolLevelSource {
  const model = config.volModel;
  if (model === undefined || history === undefined) return config.volLevel;
  return realizedVolLevel({
    history,
    genesisSeconds,
    windowSeconds: model.windowDays * 86_400,
    sampleSeconds: model.sampleSeconds,
    premiumVol: model.premiumVol,
    fallbackVol: config.volLevel,
  });
}

/** The pricing model in words, for reports. */
function optionPricingModel(config: OptionsScenario): string {
  const smile = `skew ${config.skew} per ln(K/F), bid/ask ±${config.halfSpreadVol} vol`;
  const model = config.volModel;
  if (model === undefined) return `Black–Scholes–Merton at a constant implied vol of ${config.volLevel} (${smile})`;
  return `Black–Scholes–Merton at an implied vol = trailing ${model.windowDays}-day realized vol of the price path (${model.sampleSeconds} s samples) + ${model.premiumVol} premium, ${config.volLevel} until the window fills (${smile})`;
}

export function buildSimulator(scenario: Scenario, options: BuildOptions = {}): BuiltScenario {
  const base = options.baseDirectory ?? projectRoot();
  const resolve = (file: string): string => (isAbsolute(file) ? file : join(base, file));
  const decimalsOf = (token: string): number => scenario.tokens[token]!;
  const chain = scenario.chain;

  const built = buildPrice(scenario.price, scenario, resolve);
  const genesisSeconds = built.genesisSeconds;
  // A vol model reads the prices the simulator has produced so far (never one from the future).
  const priceHistory = scenario.venues.options?.volModel === undefined ? undefined : new PriceHistory();
  const priceProcess = priceHistory === undefined ? built.priceProcess : recordingPriceProcess(built.priceProcess, priceHistory, genesisSeconds);
  const clock = new BlockClock({
    genesisBlockNumber: chain.genesisBlockNumber,
    genesisTimestampSeconds: genesisSeconds,
    blockTimeSeconds: chain.blockSeconds,
    jitterSeconds: chain.jitterSeconds,
    seed: scenario.seed + 1,
  });
  const initialBaseFeeWei = BigInt(Math.round(chain.initialBaseFeeGwei * GWEI));
  const initialPrice = priceProcess.initialPrice;

  const pools = new Map<string, PoolVenue>();
  for (const config of scenario.venues.pools) {
    const pool = new UniswapV3Pool({ token0: config.token0, token1: config.token1, fee: config.feePips, tickSpacing: config.tickSpacing, blockTimestamp: genesisSeconds });
    const venue: PoolVenue = {
      id: config.id,
      pool,
      address: `pool:${config.id}`,
      token0: config.token0,
      token1: config.token1,
      decimals0: decimalsOf(config.token0),
      decimals1: decimalsOf(config.token1),
      riskyIsToken0: config.riskyIsToken0,
      twapWindowSeconds: config.twapWindowSeconds,
    };
    pool.initialize(priceToSqrtPriceX96(externalToRawPrice(venue, initialPrice)));
    if (config.observationCardinality > 1) pool.increaseObservationCardinalityNext(config.observationCardinality);
    pools.set(config.id, venue);
  }

  const cpConfig = scenario.venues.constantProduct;
  const constantProduct =
    cpConfig === undefined ? undefined : { pool: new ConstantProductPool({ feeBps: cpConfig.feeBps, token0: cpConfig.token0, token1: cpConfig.token1 }), address: 'cp-pool' };

  const oracleAssets = new Set(scenario.oracles.map((o) => o.asset));
  const lendingConfigs = scenarioLendingMarkets(scenario);
  const lendingMarkets = new Map<string, LendingVenue>();
  for (const { market: config, at } of lendingConfigs) {
    const market = new LendingMarket({
      reserves: config.reserves.map((reserve, i): ReserveConfig => {
        if (!oracleAssets.has(reserve.symbol)) throw new InvalidInputError(`${at}.reserves[${i}].symbol`, reserve.symbol, 'has no oracle in scenario.oracles');
        const { replay, rateStrategy, ...risk } = reserve;
        const rates = replay === undefined ? { rateStrategy: rateStrategy! } : { replayRates: loadReplayReserve(`${at}.reserves[${i}].replay.file`, resolve(replay.file)) };
        return { ...risk, ...rates, decimals: decimalsOf(reserve.symbol) };
      }),
      startSeconds: genesisSeconds,
      liquidationVersion: config.liquidationVersion,
    });
    // The single market keeps the ledger address it always had.
    lendingMarkets.set(config.id, { market, address: Array.isArray(scenario.venues.lending) ? `lending-pool:${config.id}` : 'lending-pool' });
  }

  const perpConfig = scenario.venues.perp;
  const perp =
    perpConfig === undefined
      ? undefined
      : {
          market: new PerpMarket({
            fundingSource: buildFundingSource(perpConfig.funding, scenario.seed, genesisSeconds, resolve),
            collateralDecimals: decimalsOf(perpConfig.collateralToken),
            ...definedOnly({
              initialMarginRatio: perpConfig.initialMarginRatio,
              maintenanceMarginRatio: perpConfig.maintenanceMarginRatio,
              takerFeeBps: perpConfig.takerFeeBps,
              priceImpactPerUnit: perpConfig.priceImpactPerUnit,
              liquidationFeeRatio: perpConfig.liquidationFeeRatio,
            }),
          }),
          address: 'perp-venue',
          collateralToken: perpConfig.collateralToken,
        };
  const optionsConfig = scenario.venues.options;
  const optionVenue =
    optionsConfig === undefined
      ? undefined
      : {
          venue: new OptionVenue({
            surface: { level: optionVolLevel(optionsConfig, priceHistory, genesisSeconds), skew: optionsConfig.skew },
            spread: { mode: 'vol', halfSpreadVol: optionsConfig.halfSpreadVol },
            collateralDecimals: decimalsOf(optionsConfig.cashToken),
            ...(optionsConfig.schedule === undefined ? {} : { schedule: listingScheduleOf(optionsConfig.schedule) }),
          }),
          address: 'option-venue',
          cashToken: optionsConfig.cashToken,
          underlyingToken: optionsConfig.underlyingToken,
          pricingModel: optionPricingModel(optionsConfig),
        };

  const oracles: OracleBinding[] = scenario.oracles.map((o) => ({
    asset: o.asset,
    source: o.source,
    feed: new PriceFeed({ heartbeatSeconds: o.heartbeatSeconds, deviationThresholdBps: o.deviationThresholdBps, updateLatencySeconds: o.updateLatencySeconds, decimals: o.decimals, description: `${o.asset} / USD` }),
  }));

  const agents = scenario.agents.map((agent, i) => buildAgent(agent, i, scenario, pools, resolve));
  const simulator = new MarketSimulator({
    clock,
    baseFees:
      chain.baseFeeHistory === undefined
        ? new Eip1559BaseFeeModel(initialBaseFeeWei)
        : new ReplayBaseFeeModel(loadBaseFeeHistory(resolve(chain.baseFeeHistory))),
    priceProcess,
    venues: {
      pools,
      ...(constantProduct === undefined ? {} : { constantProduct }),
      ...(lendingMarkets.size === 0 ? {} : { lending: lendingMarkets.values().next().value!, lendingMarkets }),
      ...(perp === undefined ? {} : { perp }),
      ...(optionVenue === undefined ? {} : { options: optionVenue }),
    },
    mempool: new Mempool<SimPayload>({ inclusionDelayBlocks: chain.inclusionDelayBlocks, ttlBlocks: chain.ttlBlocks }),
    oracles,
    agents,
    blockGasLimit: BigInt(chain.gasLimit),
    swapTickAllowance: chain.swapTickAllowance,
    ...(chain.backgroundGas === undefined
      ? {}
      : { backgroundGas: new BackgroundGas({ ...chain.backgroundGas, referenceBaseFeeWei: initialBaseFeeWei > 0n ? initialBaseFeeWei : 1n }, scenario.seed + 2) }),
    nativeToken: scenario.nativeToken,
  });

  // Genesis: liquidity, loans, funding — through the executors, so the ledger books them.
  scenario.venues.pools.forEach((config, i) => seedPool(simulator, pools.get(config.id)!, config, i, initialPrice));
  if (cpConfig !== undefined) {
    const amount0 = toBaseUnits('scenario.venues.constantProduct.amount0', cpConfig.amount0, decimalsOf(cpConfig.token0));
    const amount1 = toBaseUnits('scenario.venues.constantProduct.amount1', cpConfig.amount1, decimalsOf(cpConfig.token1));
    simulator.fund(cpConfig.owner, cpConfig.token0, amount0);
    simulator.fund(cpConfig.owner, cpConfig.token1, amount1);
    simulator.executeNow(cpConfig.owner, { kind: 'cpAddLiquidity', amount0Desired: amount0, amount1Desired: amount1 });
  }
  for (const { market: config, at } of lendingConfigs) {
    // The first market's actions carry no id, so a one-market scenario books exactly as before.
    const market = config.id === lendingConfigs[0]!.market.id ? {} : { market: config.id };
    config.suppliers.forEach((s, i) => {
      const amount = toBaseUnits(`${at}.suppliers[${i}].amount`, s.amount, decimalsOf(s.asset));
      simulator.fund(s.address, s.asset, amount);
      simulator.executeNow(s.address, { kind: 'lendingSupply', asset: s.asset, amount, ...market });
    });
    config.borrowers.forEach((b, i) => {
      const where = `${at}.borrowers[${i}]`;
      const collateral = toBaseUnits(`${where}.collateralAmount`, b.collateralAmount, decimalsOf(b.collateralAsset));
      const debt = toBaseUnits(`${where}.debtAmount`, b.debtAmount, decimalsOf(b.debtAsset));
      simulator.fund(b.address, b.collateralAsset, collateral);
      simulator.executeNow(b.address, { kind: 'lendingSupply', asset: b.collateralAsset, amount: collateral, ...market });
      try {
        simulator.executeNow(b.address, { kind: 'lendingBorrow', asset: b.debtAsset, amount: debt, ...market });
      } catch (error) {
        throw new InvalidInputError(`${where}.debtAmount`, b.debtAmount, `the market refuses the loan: ${(error as Error).message}`);
      }
    });
  }
  scenario.funding.forEach((entry, i) => simulator.fund(entry.address, entry.token, toBaseUnits(`scenario.funding[${i}].amount`, entry.amount, decimalsOf(entry.token))));
  return { scenario, simulator, agents };
}

/** A recorded Aave v3 reserve file as a replay rate series that follows the recorded liquidity index. */
function loadReplayReserve(field: string, file: string): RecordedRateSeries {
  try {
    return loadAaveRecordedReserve(file).series;
  } catch (error) {
    if (error instanceof InvalidInputError) throw new InvalidInputError(field, file, error.message);
    throw error;
  }
}

function buildFundingSource(funding: PerpFundingScenario, seed: number, genesisSeconds: number, resolve: (file: string) => string): FundingSource {
  switch (funding.model) {
    case 'constant':
      return constantFunding(funding.ratePerInterval, funding.intervalSeconds);
    case 'seeded':
      return new FundingModel({ seed: seed + 3, startSeconds: genesisSeconds, intervalSeconds: funding.intervalSeconds });
    case 'replay':
      try {
        return loadFundingReplay(resolve(funding.file), { intervalSeconds: funding.intervalSeconds, ...(funding.asset === undefined ? {} : { asset: funding.asset }) });
      } catch (error) {
        if (error instanceof InvalidInputError && error.field === 'asset') throw new InvalidInputError('scenario.venues.perp.funding.asset', funding.asset, error.reason);
        if (error instanceof InvalidInputError) throw new InvalidInputError('scenario.venues.perp.funding.file', funding.file, `${error.field} ${JSON.stringify(error.value)}: ${error.reason}`);
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InvalidInputError('scenario.venues.perp.funding.file', funding.file, 'does not exist');
        throw error;
      }
  }
}

/** The object without its undefined properties (the venues' options are optional, not undefined-able). */
function definedOnly<T extends object>(object: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

function buildPrice(price: PriceScenario, scenario: Scenario, resolve: (file: string) => string): { priceProcess: PriceProcess; genesisSeconds: number } {
  const genesisDefault = scenario.chain.genesisTimestampSeconds ?? DEFAULT_GENESIS_SECONDS;
  if (price.model === 'replay') {
    const file = resolve(price.file);
    const series =
      price.format === 'ohlcv'
        ? loadOhlcvSeries(file)
        : (loadTokenPriceSeries(file, [price.column], { outOfOrder: 'sort' }) as unknown as ReturnType<typeof loadOhlcvSeries>);
    if (!(price.column in series)) throw new InvalidInputError('scenario.price.column', price.column, 'is not a column of the file');
    const first = series.timestampSeconds[0]!;
    return { priceProcess: replayPriceProcess(series, price.column as 'close'), genesisSeconds: scenario.chain.genesisTimestampSeconds ?? first };
  }
  const grid = { seed: scenario.seed, steps: Math.max(1, scenario.blocks), dtYears: scenario.chain.blockSeconds / SECONDS_PER_YEAR, initialPrice: price.initialPrice };
  let path: Float64Array;
  switch (price.model) {
    case 'gbm':
      path = generateGbmPath({ ...grid, driftAnnual: price.driftAnnual, volAnnual: price.volAnnual });
      break;
    case 'heston':
      path = generateHestonPath({ ...grid, ...price }).prices;
      break;
    case 'merton':
      path = generateMertonJumpPath({ ...grid, ...price }).prices;
      break;
    case 'regime':
      path = generateRegimeSwitchingPath({ ...grid, regimes: price.regimes, generatorAnnual: price.generatorAnnual, initialRegime: price.initialRegime }).prices;
      break;
  }
  return { priceProcess: pathPriceProcess(path), genesisSeconds: genesisDefault };
}

function seedPool(simulator: MarketSimulator, venue: PoolVenue, config: PoolScenario, index: number, initialPrice: number): void {
  const spacing = config.tickSpacing;
  const { sqrtPriceX96, tick } = venue.pool.slot0;
  const unit0 = (venue.riskyIsToken0 ? initialPrice : 1) * Math.pow(10, -venue.decimals0);
  const unit1 = (venue.riskyIsToken0 ? 1 : initialPrice) * Math.pow(10, -venue.decimals1);
  config.liquidity.forEach((position, j) => {
    const at = `scenario.venues.pools[${index}].liquidity[${j}]`;
    let tickLower: number;
    let tickUpper: number;
    if (position.rangeFraction !== undefined) {
      const width = Math.log(1 + position.rangeFraction) / Math.log(1.0001);
      tickLower = Math.floor((tick - width) / spacing) * spacing;
      tickUpper = Math.ceil((tick + width) / spacing) * spacing;
    } else {
      tickLower = position.tickLower!;
      tickUpper = position.tickUpper!;
    }
    const minTick = Math.ceil(MIN_TICK / spacing) * spacing;
    const maxTick = Math.floor(MAX_TICK / spacing) * spacing;
    tickLower = Math.max(tickLower, minTick);
    tickUpper = Math.min(tickUpper, maxTick);
    if (!(tickLower < tickUpper) || tickLower % spacing !== 0 || tickUpper % spacing !== 0) {
      throw new InvalidInputError(`${at}.tickLower`, tickLower, `must be below tickUpper ${tickUpper}, both multiples of the spacing ${spacing}`);
    }
    // Amounts per unit of liquidity at the current price, then scaled to the asked value.
    const unitL = 10n ** 18n;
    const [a0, a1] = amountsFor(sqrtPriceX96, tick, tickLower, tickUpper, unitL);
    const valuePerUnitL = Number(a0) * unit0 + Number(a1) * unit1;
    if (!(valuePerUnitL > 0)) throw new InvalidInputError(`${at}.valueNumeraire`, position.valueNumeraire, 'the range holds no value at the initial price');
    const liquidity = BigInt(Math.floor((position.valueNumeraire / valuePerUnitL) * 1e18));
    const [owed0, owed1] = amountsFor(sqrtPriceX96, tick, tickLower, tickUpper, liquidity);
    simulator.fund(position.owner, venue.token0, owed0);
    simulator.fund(position.owner, venue.token1, owed1);
    simulator.executeNow(position.owner, { kind: 'v3Mint', pool: venue.id, tickLower, tickUpper, liquidity });
  });
}

function amountsFor(sqrtPriceX96: bigint, tick: number, tickLower: number, tickUpper: number, liquidity: bigint): [bigint, bigint] {
  const lower = getSqrtRatioAtTick(tickLower);
  const upper = getSqrtRatioAtTick(tickUpper);
  if (tick < tickLower) return [getAmount0Delta(lower, upper, liquidity, true), 0n];
  if (tick < tickUpper) return [getAmount0Delta(sqrtPriceX96, upper, liquidity, true), getAmount1Delta(lower, sqrtPriceX96, liquidity, true)];
  return [0n, getAmount1Delta(lower, upper, liquidity, true)];
}

function buildAgent(agent: AgentScenario, index: number, scenario: Scenario, pools: ReadonlyMap<string, PoolVenue>, resolve: (file: string) => string): Agent {
  const gwei = (value: number): bigint => BigInt(Math.round(value * GWEI));
  const at = `scenario.agents[${index}]`;
  switch (agent.type) {
    case 'arbitrageur':
      return new ArbitrageAgent({ name: `${index}:arbitrageur:${agent.address}`, address: agent.address, pool: agent.pool, priorityFeePerGasWei: gwei(agent.priorityFeeGwei) });
    case 'searcher':
      return new Searcher({ name: `${index}:searcher:${agent.address}`, address: agent.address, pool: agent.pool, priorityFeePerGasWei: gwei(agent.priorityFeeGwei), minProfit: agent.minProfit });
    case 'liquidator':
      return new Liquidator({
        name: `${index}:liquidator:${agent.address}`,
        address: agent.address,
        priorityFeePerGasWei: gwei(agent.priorityFeeGwei),
        scanIntervalBlocks: agent.scanIntervalBlocks,
        minProfit: agent.minProfit,
      });
    case 'noise': {
      const venue = pools.get(agent.pool)!;
      let side0: NoiseSideParams;
      let side1: NoiseSideParams;
      if (agent.calibration !== undefined) {
        const c = agent.calibration;
        const fit = calibrateNoiseFromPoolFile(loadUniswapV3MinuteSeries(resolve(c.file)), { seed: scenario.seed });
        const bySide = (token: string, field: string): NoiseSideParams => {
          const side = token === c.fileToken0 ? fit.side0 : token === c.fileToken1 ? fit.side1 : undefined;
          if (side === undefined) throw new InvalidInputError(`${at}.calibration.${field}`, token, `the pool's token is neither fileToken0 nor fileToken1`);
          const perBlock = noiseSideForBlocks(side, scenario.chain.blockSeconds);
          return { ...perBlock, arrivalsPerBlock: perBlock.arrivalsPerBlock * c.rateScale };
        };
        side0 = bySide(venue.token0, 'fileToken0');
        side1 = bySide(venue.token1, 'fileToken1');
      } else {
        const toSide = (side: { arrivalsPerBlock: number; medianSize: number; logSizeStd: number }, decimals: number): NoiseSideParams => ({
          arrivalsPerBlock: side.arrivalsPerBlock,
          logSizeMean: Math.log(side.medianSize) + decimals * Math.LN10,
          logSizeStd: side.logSizeStd,
        });
        side0 = toSide(agent.side0!, venue.decimals0);
        side1 = toSide(agent.side1!, venue.decimals1);
      }
      return new NoiseTrader({
        name: `${index}:noise:${agent.address}`,
        address: agent.address,
        pool: agent.pool,
        seed: scenario.seed + 1000 + index,
        side0,
        side1,
        slippageTolerance: agent.slippageTolerance,
        priorityFeePerGasWei: gwei(agent.priorityFeeGwei),
        tipJitter: agent.tipJitter,
      });
    }
  }
}
