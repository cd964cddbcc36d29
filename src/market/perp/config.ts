/**
 * Parameters of one perpetual market, checked at the edge and turned into integers (ppm) so that
 * every margin and fee computation after this is bigint arithmetic.
 */
import { InvalidInputError, requireNonNegative } from '../../errors.js';
import type { FundingSource } from './funding-source.js';
import { bpsToPpm, DEFAULT_COLLATERAL_DECIMALS, ratioToPpm, unitScale } from '../money.js';

export interface PerpMarketConfig {
  readonly fundingSource: FundingSource;
  /** Decimals of the stable collateral token, default 6. */
  readonly collateralDecimals?: number;
  /** Equity / notional needed to open or grow a position and to withdraw, default 0.1 (10×). */
  readonly initialMarginRatio?: number;
  /** Below equity / notional = this, the account can be liquidated; default 0.05. */
  readonly maintenanceMarginRatio?: number;
  /** Taker fee on the filled notional, default 5 bps (resolution 0.01 bp). */
  readonly takerFeeBps?: number;
  /**
   * Linear price impact: the fill price moves by this fraction of the reference price per ONE unit
   * (1e18 wei) of size traded, against the trader. Default 0.
   */
  readonly priceImpactPerUnit?: number;
  /** Share of the liquidated notional paid to the liquidator, default 0.01. */
  readonly liquidationFeeRatio?: number;
  /** Opening balance of the insurance fund, collateral base units, default 0. */
  readonly insuranceFundUnits?: bigint;
}

export interface ResolvedPerpConfig {
  readonly fundingSource: FundingSource;
  readonly collateralDecimals: number;
  readonly initialMarginPpm: bigint;
  readonly maintenanceMarginPpm: bigint;
  readonly maintenanceMarginRatio: number;
  readonly takerFeePpm: bigint;
  readonly priceImpactPerUnit: number;
  readonly liquidationFeePpm: bigint;
  readonly insuranceFundUnits: bigint;
}

export function resolvePerpConfig(config: PerpMarketConfig): ResolvedPerpConfig {
  const collateralDecimals = config.collateralDecimals ?? DEFAULT_COLLATERAL_DECIMALS;
  unitScale('collateralDecimals', collateralDecimals);
  const initialMarginRatio = config.initialMarginRatio ?? 0.1;
  const maintenanceMarginRatio = config.maintenanceMarginRatio ?? 0.05;
  const initialMarginPpm = ratioToPpm('initialMarginRatio', initialMarginRatio);
  const maintenanceMarginPpm = ratioToPpm('maintenanceMarginRatio', maintenanceMarginRatio);
  if (!(maintenanceMarginPpm > 0n)) throw new InvalidInputError('maintenanceMarginRatio', maintenanceMarginRatio, 'must be > 0');
  if (!(initialMarginPpm >= maintenanceMarginPpm && initialMarginPpm <= 1_000_000n)) {
    throw new InvalidInputError('initialMarginRatio', initialMarginRatio, `must be in [maintenanceMarginRatio = ${maintenanceMarginRatio}, 1]`);
  }
  const priceImpactPerUnit = config.priceImpactPerUnit ?? 0;
  requireNonNegative('priceImpactPerUnit', priceImpactPerUnit);
  const insuranceFundUnits = config.insuranceFundUnits ?? 0n;
  if (insuranceFundUnits < 0n) throw new InvalidInputError('insuranceFundUnits', insuranceFundUnits, 'must be >= 0');
  const liquidationFeeRatio = config.liquidationFeeRatio ?? 0.01;
  return {
    fundingSource: config.fundingSource,
    collateralDecimals,
    initialMarginPpm,
    maintenanceMarginPpm,
    maintenanceMarginRatio,
    takerFeePpm: bpsToPpm('takerFeeBps', config.takerFeeBps ?? 5),
    priceImpactPerUnit,
    liquidationFeePpm: ratioToPpm('liquidationFeeRatio', liquidationFeeRatio),
    insuranceFundUnits,
  };
}
