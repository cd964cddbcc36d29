/**
 * A reserve's risk and rate configuration, as the PoolConfigurator would set it. Percentages
 * are basis points as Aave stores them: `liquidationBonusBps` 10500 is a 5 % bonus. Caps are
 * in token base units (Aave stores whole tokens; base units keep every amount in one unit).
 * A reserve prices its rates either with the v3.1+ V2 strategy (`rateStrategy`) or from a
 * recorded history (`replayRates`), never both.
 */
import { InvalidInputError } from '../../errors.js';
import { type AaveV2StrategyRateData, validateRateDataV2 } from '../../lending/aave-rate-strategy.js';
import { percentMul } from '../../lending/percentage-math.js';
import { RAY } from '../../lending/wad-ray-math.js';
import { recordedRatesAt, type RecordedRateSeries } from './replay-rates.js';

export interface ReserveConfig {
  readonly symbol: string;
  readonly decimals: number;
  readonly ltvBps: number;
  readonly liquidationThresholdBps: number;
  /** 10000 + bonus: 10500 pays the liquidator 5 % over the debt repaid. */
  readonly liquidationBonusBps: number;
  readonly reserveFactorBps: number;
  /** Share of the liquidation bonus that goes to the treasury. */
  readonly liquidationProtocolFeeBps: number;
  readonly rateStrategy?: AaveV2StrategyRateData;
  readonly replayRates?: RecordedRateSeries;
  /** Default true; false lists the asset as collateral only. */
  readonly borrowingEnabled?: boolean;
  /** Base units; absent or 0 means no cap. */
  readonly supplyCap?: bigint;
  readonly borrowCap?: bigint;
  /**
   * Starting indexes (ray); default 1 ray, or for a replay series that carries the recorded
   * liquidity index, that index at the start (the reserve then is the historical one).
   */
  readonly initialLiquidityIndexRay?: bigint;
  readonly initialVariableBorrowIndexRay?: bigint;
}

/** The configuration with its numbers as the integer math wants them. */
export interface ResolvedReserveConfig {
  readonly symbol: string;
  readonly decimals: number;
  readonly unit: bigint;
  readonly ltvBps: bigint;
  readonly liquidationThresholdBps: bigint;
  readonly liquidationBonusBps: bigint;
  readonly reserveFactorBps: bigint;
  readonly liquidationProtocolFeeBps: bigint;
  readonly rateStrategy: AaveV2StrategyRateData | undefined;
  readonly replayRates: RecordedRateSeries | undefined;
  readonly borrowingEnabled: boolean;
  readonly supplyCap: bigint;
  readonly borrowCap: bigint;
  readonly initialLiquidityIndexRay: bigint;
  readonly initialVariableBorrowIndexRay: bigint;
}

export function resolveReserveConfig(config: ReserveConfig, index: number, startSeconds: number): ResolvedReserveConfig {
  const at = (field: string): string => `reserves[${index}].${field}`;
  if (typeof config.symbol !== 'string' || config.symbol.trim() === '') {
    throw new InvalidInputError(at('symbol'), config.symbol, 'must be a non-empty string');
  }
  if (!(Number.isInteger(config.decimals) && config.decimals >= 0 && config.decimals <= 36)) {
    throw new InvalidInputError(at('decimals'), config.decimals, 'must be an integer in [0, 36]');
  }
  const bps = (field: keyof ReserveConfig, max: number): bigint => {
    const value = config[field];
    if (!(typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max)) {
      throw new InvalidInputError(at(field), value, `must be an integer in [0, ${max}] (bps)`);
    }
    return BigInt(value);
  };
  const ltvBps = bps('ltvBps', 10_000);
  const liquidationThresholdBps = bps('liquidationThresholdBps', 10_000);
  const liquidationBonusBps = bps('liquidationBonusBps', 65_535);
  const reserveFactorBps = bps('reserveFactorBps', 10_000);
  const liquidationProtocolFeeBps = bps('liquidationProtocolFeeBps', 10_000);
  // PoolConfigurator.configureReserveAsCollateral's rules (RC_INVALID_* / INVALID_RESERVE_PARAMS).
  if (ltvBps > liquidationThresholdBps) {
    throw new InvalidInputError(at('ltvBps'), config.ltvBps, 'must be <= liquidationThresholdBps');
  }
  if (liquidationThresholdBps !== 0n) {
    if (liquidationBonusBps <= 10_000n) {
      throw new InvalidInputError(at('liquidationBonusBps'), config.liquidationBonusBps, 'must be > 10000 (10000 + bonus, e.g. 10500 for 5 %)');
    }
    if (percentMul(liquidationThresholdBps, liquidationBonusBps) > 10_000n) {
      throw new InvalidInputError(at('liquidationBonusBps'), config.liquidationBonusBps, 'threshold × bonus must be <= 100 % (a liquidation must not seize more than the collateral)');
    }
  }
  if ((config.rateStrategy === undefined) === (config.replayRates === undefined)) {
    throw new InvalidInputError(at('rateStrategy'), config.rateStrategy, 'give exactly one of rateStrategy and replayRates');
  }
  if (config.rateStrategy !== undefined) validateRateDataV2(config.rateStrategy);
  const recordedIndexAtStart =
    config.replayRates === undefined ? undefined : recordedRatesAt(config.replayRates, startSeconds).liquidityIndexRay;
  const cap = (field: 'supplyCap' | 'borrowCap'): bigint => {
    const value = config[field] ?? 0n;
    if (typeof value !== 'bigint' || value < 0n) throw new InvalidInputError(at(field), value, 'must be a bigint >= 0 (base units; 0 = no cap)');
    return value;
  };
  const borrowingEnabled = (): boolean => {
    const value = config.borrowingEnabled ?? true;
    if (typeof value !== 'boolean') throw new InvalidInputError(at('borrowingEnabled'), value, 'must be a boolean');
    return value;
  };
  const index0 = (field: 'initialLiquidityIndexRay' | 'initialVariableBorrowIndexRay', fallback: bigint): bigint => {
    const value = config[field] ?? fallback;
    if (typeof value !== 'bigint' || value < RAY || value >= 1n << 128n) {
      throw new InvalidInputError(at(field), value, 'must be a bigint in [1 ray, 2^128)');
    }
    return value;
  };
  return {
    symbol: config.symbol,
    decimals: config.decimals,
    unit: 10n ** BigInt(config.decimals),
    ltvBps,
    liquidationThresholdBps,
    liquidationBonusBps,
    reserveFactorBps,
    liquidationProtocolFeeBps,
    rateStrategy: config.rateStrategy,
    replayRates: config.replayRates,
    borrowingEnabled: borrowingEnabled(),
    supplyCap: cap('supplyCap'),
    borrowCap: cap('borrowCap'),
    initialLiquidityIndexRay: index0('initialLiquidityIndexRay', recordedIndexAtStart ?? RAY),
    initialVariableBorrowIndexRay: index0('initialVariableBorrowIndexRay', RAY),
  };
}
