/**
 * Aave v3 interest-rate strategies as exact ports:
 * - v3.0 `DefaultReserveInterestRateStrategy` (aave-v3-core): ray parameters, stable-rate
 *   mode, and `unbacked` (portal) liquidity diluting only the supply usage;
 * - v3.1+ `DefaultReserveInterestRateStrategyV2` (aave-v3-origin): per-reserve parameters in
 *   bps, variable rate only.
 * Both are pure functions of the reserve state; the contract reads the same numbers from
 * storage and the aToken balance.
 */
import { InvalidInputError } from '../errors.js';
import { PERCENTAGE_FACTOR, percentMul } from './percentage-math.js';
import { requireUint256 } from './uint256.js';
import { RAY, rayDiv, rayMul, wadToRay } from './wad-ray-math.js';

export interface AaveRates {
  liquidityRateRay: bigint;
  stableBorrowRateRay: bigint;
  variableBorrowRateRay: bigint;
}

export interface AaveV30RateStrategyParams {
  optimalUsageRatioRay: bigint;
  baseVariableBorrowRateRay: bigint;
  variableRateSlope1Ray: bigint;
  variableRateSlope2Ray: bigint;
  stableRateSlope1Ray: bigint;
  stableRateSlope2Ray: bigint;
  /** Premium over variableRateSlope1 for the base stable rate. */
  baseStableRateOffsetRay: bigint;
  /** Extra stable premium once stable debt exceeds its optimal share of total debt. */
  stableRateExcessOffsetRay: bigint;
  optimalStableToTotalDebtRatioRay: bigint;
}

export interface AaveReserveState {
  /**
   * Liquidity the rate sees: the aToken's underlying balance (v3.0) or the virtual balance
   * (v3.1+), plus liquidityAdded, minus liquidityTaken of the action being priced.
   */
  availableLiquidity: bigint;
  totalStableDebt: bigint;
  totalVariableDebt: bigint;
  averageStableBorrowRateRay: bigint;
  /** Unbacked aTokens minted through portals (v3.0+); dilutes supply usage only. */
  unbacked: bigint;
  reserveFactorBps: bigint;
}

/** v3.0 `calculateInterestRates`. */
export function calculateInterestRatesV30(params: AaveV30RateStrategyParams, state: AaveReserveState): AaveRates {
  for (const [field, value] of Object.entries(params)) requireUint256(field, value as bigint);
  if (params.optimalUsageRatioRay > RAY) {
    throw new InvalidInputError('optimalUsageRatioRay', params.optimalUsageRatioRay, 'must be <= 1 ray');
  }
  if (params.optimalStableToTotalDebtRatioRay > RAY) {
    throw new InvalidInputError('optimalStableToTotalDebtRatioRay', params.optimalStableToTotalDebtRatioRay, 'must be <= 1 ray');
  }
  checkState(state);
  const maxExcessUsageRatio = RAY - params.optimalUsageRatioRay;
  const maxExcessStableToTotalDebtRatio = RAY - params.optimalStableToTotalDebtRatioRay;
  const totalDebt = state.totalStableDebt + state.totalVariableDebt;

  let variableBorrowRate = params.baseVariableBorrowRateRay;
  let stableBorrowRate = params.variableRateSlope1Ray + params.baseStableRateOffsetRay;
  let stableToTotalDebtRatio = 0n;
  let borrowUsageRatio = 0n;
  let supplyUsageRatio = 0n;
  if (totalDebt !== 0n) {
    stableToTotalDebtRatio = rayDiv(state.totalStableDebt, totalDebt);
    const availableLiquidityPlusDebt = state.availableLiquidity + totalDebt;
    borrowUsageRatio = rayDiv(totalDebt, availableLiquidityPlusDebt);
    supplyUsageRatio = rayDiv(totalDebt, availableLiquidityPlusDebt + state.unbacked);
  }

  if (borrowUsageRatio > params.optimalUsageRatioRay) {
    const excessBorrowUsageRatio = rayDiv(borrowUsageRatio - params.optimalUsageRatioRay, maxExcessUsageRatio);
    stableBorrowRate += params.stableRateSlope1Ray + rayMul(params.stableRateSlope2Ray, excessBorrowUsageRatio);
    variableBorrowRate += params.variableRateSlope1Ray + rayMul(params.variableRateSlope2Ray, excessBorrowUsageRatio);
  } else {
    stableBorrowRate += rayDiv(rayMul(params.stableRateSlope1Ray, borrowUsageRatio), params.optimalUsageRatioRay);
    variableBorrowRate += rayDiv(rayMul(params.variableRateSlope1Ray, borrowUsageRatio), params.optimalUsageRatioRay);
  }

  if (stableToTotalDebtRatio > params.optimalStableToTotalDebtRatioRay) {
    const excessStableDebtRatio = rayDiv(
      stableToTotalDebtRatio - params.optimalStableToTotalDebtRatioRay,
      maxExcessStableToTotalDebtRatio,
    );
    stableBorrowRate += rayMul(params.stableRateExcessOffsetRay, excessStableDebtRatio);
  }

  const liquidityRate = percentMul(
    rayMul(
      overallBorrowRate(state.totalStableDebt, state.totalVariableDebt, variableBorrowRate, state.averageStableBorrowRateRay),
      supplyUsageRatio,
    ),
    PERCENTAGE_FACTOR - state.reserveFactorBps,
  );
  return { liquidityRateRay: liquidityRate, stableBorrowRateRay: stableBorrowRate, variableBorrowRateRay: variableBorrowRate };
}

/** v3.1+ per-reserve parameters, in bps as the V2 strategy stores them. */
export interface AaveV2StrategyRateData {
  optimalUsageRatioBps: number;
  baseVariableBorrowRateBps: number;
  variableRateSlope1Bps: number;
  variableRateSlope2Bps: number;
}

/** The V2 strategy's admissible parameters (MIN/MAX_OPTIMAL_POINT, slope order, MAX_BORROW_RATE). */
export function validateRateDataV2(data: AaveV2StrategyRateData): void {
  for (const [field, value] of Object.entries(data)) {
    if (!(Number.isInteger(value) && value >= 0)) throw new InvalidInputError(field, value, 'must be an integer >= 0 (bps)');
  }
  if (data.optimalUsageRatioBps < 100 || data.optimalUsageRatioBps > 9900) {
    throw new InvalidInputError('optimalUsageRatioBps', data.optimalUsageRatioBps, 'must be in [100, 9900]');
  }
  if (data.variableRateSlope1Bps > data.variableRateSlope2Bps) {
    throw new InvalidInputError('variableRateSlope1Bps', data.variableRateSlope1Bps, 'must be <= variableRateSlope2Bps');
  }
  const max = data.baseVariableBorrowRateBps + data.variableRateSlope1Bps + data.variableRateSlope2Bps;
  if (max > 100_000) throw new InvalidInputError('base + slope1 + slope2 (bps)', max, 'must be <= 100000 (1000 %)');
}

/**
 * v3.1+ `DefaultReserveInterestRateStrategyV2.calculateInterestRates` (stable rate is always 0).
 * `usingVirtualBalance: false` is the short circuit for mintable assets (GHO-like).
 */
export function calculateInterestRatesV2(
  data: AaveV2StrategyRateData,
  state: Omit<AaveReserveState, 'totalStableDebt' | 'averageStableBorrowRateRay'> &
    Partial<Pick<AaveReserveState, 'totalStableDebt' | 'averageStableBorrowRateRay'>> & { usingVirtualBalance?: boolean },
): AaveRates {
  validateRateDataV2(data);
  const full: AaveReserveState = { totalStableDebt: 0n, averageStableBorrowRateRay: 0n, ...state };
  checkState(full);
  const optimal = bpsToRay(data.optimalUsageRatioBps);
  const base = bpsToRay(data.baseVariableBorrowRateBps);
  const slope1 = bpsToRay(data.variableRateSlope1Bps);
  const slope2 = bpsToRay(data.variableRateSlope2Bps);
  if (state.usingVirtualBalance === false) return { liquidityRateRay: 0n, stableBorrowRateRay: 0n, variableBorrowRateRay: base };

  const totalDebt = full.totalStableDebt + full.totalVariableDebt;
  if (totalDebt === 0n) return { liquidityRateRay: 0n, stableBorrowRateRay: 0n, variableBorrowRateRay: base };
  const availableLiquidityPlusDebt = full.availableLiquidity + totalDebt;
  const borrowUsageRatio = rayDiv(totalDebt, availableLiquidityPlusDebt);
  const supplyUsageRatio = rayDiv(totalDebt, availableLiquidityPlusDebt + full.unbacked);

  let variableBorrowRate = base;
  if (borrowUsageRatio > optimal) {
    const excess = rayDiv(borrowUsageRatio - optimal, RAY - optimal);
    variableBorrowRate += slope1 + rayMul(slope2, excess);
  } else {
    variableBorrowRate += rayDiv(rayMul(slope1, borrowUsageRatio), optimal);
  }
  const liquidityRate = percentMul(
    rayMul(
      overallBorrowRate(full.totalStableDebt, full.totalVariableDebt, variableBorrowRate, full.averageStableBorrowRateRay),
      supplyUsageRatio,
    ),
    PERCENTAGE_FACTOR - full.reserveFactorBps,
  );
  return { liquidityRateRay: liquidityRate, stableBorrowRateRay: 0n, variableBorrowRateRay: variableBorrowRate };
}

/** Debt-weighted average of the variable rate and the average stable rate (`_getOverallBorrowRate`). */
function overallBorrowRate(
  totalStableDebt: bigint,
  totalVariableDebt: bigint,
  variableBorrowRateRay: bigint,
  averageStableBorrowRateRay: bigint,
): bigint {
  const totalDebt = totalStableDebt + totalVariableDebt;
  if (totalDebt === 0n) return 0n;
  const weightedVariableRate = rayMul(wadToRay(totalVariableDebt), variableBorrowRateRay);
  const weightedStableRate = rayMul(wadToRay(totalStableDebt), averageStableBorrowRateRay);
  return rayDiv(weightedVariableRate + weightedStableRate, wadToRay(totalDebt));
}

function bpsToRay(bps: number): bigint {
  return BigInt(bps) * 10n ** 23n;
}

function checkState(state: AaveReserveState): void {
  for (const [field, value] of Object.entries(state)) {
    if (field === 'usingVirtualBalance') continue;
    requireUint256(field, value as bigint);
  }
  if (state.reserveFactorBps > PERCENTAGE_FACTOR) {
    throw new InvalidInputError('reserveFactorBps', state.reserveFactorBps, 'must be <= 10000');
  }
}
