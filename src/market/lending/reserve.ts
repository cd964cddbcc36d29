/**
 * One reserve's state and Aave's ReserveLogic over it: `accrueReserve` is `updateState`
 * (indexes, then the reserve factor's share of the new debt interest to the treasury) and
 * `updateReserveRates` is `updateInterestRates` (the V2 strategy on the post-action liquidity
 * and debt, or the recorded rates in replay mode). States are immutable values: an action
 * builds new ones and the market commits them only when every check has passed, so a refused
 * action changes nothing, as a reverted transaction does.
 *
 * The treasury's accrual is minted at once (Aave keeps it in `accruedToTreasury` until
 * someone calls `mintToTreasury`, which mints the same scaled amount give or take one unit).
 * The reserve's cash is Aave v3.1's virtual balance: what suppliers put in and borrowers have
 * not taken out.
 */
import { calculateInterestRatesV2 } from '../../lending/aave-rate-strategy.js';
import { updateIndexes } from '../../lending/aave-reserve-logic.js';
import { percentMul } from '../../lending/percentage-math.js';
import { rayDiv, rayMul } from '../../lending/wad-ray-math.js';
import type { ResolvedReserveConfig } from './config.js';
import { LendingError } from './errors.js';
import { rateChangesBetween, recordedRatesAt } from './replay-rates.js';

export interface ReserveState {
  readonly liquidityIndexRay: bigint;
  readonly variableBorrowIndexRay: bigint;
  readonly currentLiquidityRateRay: bigint;
  readonly currentVariableBorrowRateRay: bigint;
  readonly lastUpdateTimestampSeconds: bigint;
  /** All scaled aTokens: the users' and the treasury's. */
  readonly scaledATokenSupply: bigint;
  readonly scaledVariableDebt: bigint;
  readonly treasuryScaledBalance: bigint;
  /** Underlying the reserve holds (base units). */
  readonly availableLiquidity: bigint;
  /**
   * Replay mode only: underlying credited from outside to pay the recorded supply rate, which
   * the simulated borrowers do not pay. Kept so a backtest's accounting can show it.
   */
  readonly externalYield: bigint;
}

export function initialReserveState(config: ResolvedReserveConfig, nowSeconds: bigint): ReserveState {
  const state: ReserveState = {
    liquidityIndexRay: config.initialLiquidityIndexRay,
    variableBorrowIndexRay: config.initialVariableBorrowIndexRay,
    currentLiquidityRateRay: 0n,
    currentVariableBorrowRateRay: 0n,
    lastUpdateTimestampSeconds: nowSeconds,
    scaledATokenSupply: 0n,
    scaledVariableDebt: 0n,
    treasuryScaledBalance: 0n,
    availableLiquidity: 0n,
    externalYield: 0n,
  };
  return updateReserveRates(state, config, 0n, 0n);
}

/** `ReserveLogic.updateState` to `nowSeconds` (>= the last update). */
export function accrueReserve(state: ReserveState, config: ResolvedReserveConfig, nowSeconds: bigint): ReserveState {
  if (nowSeconds === state.lastUpdateTimestampSeconds) return state;
  return accrueSegment(accrueToLastRecordedStep(state, config, nowSeconds), config, nowSeconds);
}

/**
 * Replay mode: the reserve accrued to the last recorded rate change at or before `nowSeconds`
 * (the state itself when none is in between, and always in model mode). Accruing on from
 * there gives exactly `accrueReserve`'s result, which lets a caller keep it as a checkpoint.
 */
export function accrueToLastRecordedStep(state: ReserveState, config: ResolvedReserveConfig, nowSeconds: bigint): ReserveState {
  const series = config.replayRates;
  if (series === undefined) return state;
  // The recorded rate changed inside the gap: accrue each step at its own rate, as if the
  // reserve had been touched at every change (on chain, every real transaction did that).
  let current = state;
  for (const changeSeconds of rateChangesBetween(series, Number(state.lastUpdateTimestampSeconds), Number(nowSeconds))) {
    current = accrueSegment(current, config, BigInt(changeSeconds));
    const recorded = recordedRatesAt(series, changeSeconds);
    if (recorded.liquidityIndexRay !== undefined) current = catchUpToRecordedIndex(current, recorded.liquidityIndexRay);
    current = { ...current, currentLiquidityRateRay: recorded.liquidityRateRay, currentVariableBorrowRateRay: recorded.variableBorrowRateRay };
  }
  return current;
}

/** Income the recorded index shows and the rate does not (flash-loan premiums), paid from outside. */
function catchUpToRecordedIndex(state: ReserveState, recordedIndexRay: bigint): ReserveState {
  if (recordedIndexRay <= state.liquidityIndexRay) return state;
  const income = rayMul(state.scaledATokenSupply, recordedIndexRay) - rayMul(state.scaledATokenSupply, state.liquidityIndexRay);
  return {
    ...state,
    liquidityIndexRay: recordedIndexRay,
    availableLiquidity: state.availableLiquidity + income,
    externalYield: state.externalYield + income,
  };
}

function accrueSegment(state: ReserveState, config: ResolvedReserveConfig, nowSeconds: bigint): ReserveState {
  if (nowSeconds === state.lastUpdateTimestampSeconds) return state;
  const next = updateIndexes(
    {
      liquidityIndexRay: state.liquidityIndexRay,
      variableBorrowIndexRay: state.variableBorrowIndexRay,
      currentLiquidityRateRay: state.currentLiquidityRateRay,
      currentVariableBorrowRateRay: state.currentVariableBorrowRateRay,
      scaledVariableDebt: state.scaledVariableDebt,
      lastUpdateTimestampSeconds: state.lastUpdateTimestampSeconds,
    },
    nowSeconds,
  );
  // _accrueToTreasury (variable debt only: the simulator has no stable debt).
  const debtAccrued =
    rayMul(state.scaledVariableDebt, next.variableBorrowIndexRay) - rayMul(state.scaledVariableDebt, state.variableBorrowIndexRay);
  const amountToMint = percentMul(debtAccrued, config.reserveFactorBps);
  const treasuryMintScaled = amountToMint === 0n ? 0n : rayDiv(amountToMint, next.liquidityIndexRay);
  const externalYield =
    config.replayRates === undefined
      ? 0n
      : rayMul(state.scaledATokenSupply, next.liquidityIndexRay) - rayMul(state.scaledATokenSupply, state.liquidityIndexRay);
  return {
    ...state,
    liquidityIndexRay: next.liquidityIndexRay,
    variableBorrowIndexRay: next.variableBorrowIndexRay,
    lastUpdateTimestampSeconds: nowSeconds,
    scaledATokenSupply: state.scaledATokenSupply + treasuryMintScaled,
    treasuryScaledBalance: state.treasuryScaledBalance + treasuryMintScaled,
    availableLiquidity: state.availableLiquidity + externalYield,
    externalYield: state.externalYield + externalYield,
  };
}

/**
 * `ReserveLogic.updateInterestRates` after an action that adds or takes liquidity (the scaled
 * debt must already be the post-action one, as Aave mints/burns debt tokens first). Moves the
 * cash by the same amounts, and refuses a take the cash cannot cover.
 */
export function updateReserveRates(
  state: ReserveState,
  config: ResolvedReserveConfig,
  liquidityAdded: bigint,
  liquidityTaken: bigint,
): ReserveState {
  const availableLiquidity = state.availableLiquidity + liquidityAdded - liquidityTaken;
  if (availableLiquidity < 0n) {
    throw new LendingError(
      'CURRENT_AVAILABLE_LIQUIDITY_NOT_ENOUGH',
      `${config.symbol}: ${liquidityTaken} requested, ${state.availableLiquidity + liquidityAdded} available`,
    );
  }
  let liquidityRateRay: bigint;
  let variableBorrowRateRay: bigint;
  if (config.replayRates !== undefined) {
    ({ liquidityRateRay, variableBorrowRateRay } = recordedRatesAt(config.replayRates, Number(state.lastUpdateTimestampSeconds)));
  } else {
    ({ liquidityRateRay, variableBorrowRateRay } = calculateInterestRatesV2(config.rateStrategy!, {
      availableLiquidity,
      totalVariableDebt: totalVariableDebt(state),
      unbacked: 0n,
      reserveFactorBps: config.reserveFactorBps,
    }));
  }
  return {
    ...state,
    availableLiquidity,
    currentLiquidityRateRay: liquidityRateRay,
    currentVariableBorrowRateRay: variableBorrowRateRay,
  };
}

/** aToken total supply (users and treasury) at the state's indexes. */
export function totalATokenSupply(state: ReserveState): bigint {
  return rayMul(state.scaledATokenSupply, state.liquidityIndexRay);
}

export function totalVariableDebt(state: ReserveState): bigint {
  return rayMul(state.scaledVariableDebt, state.variableBorrowIndexRay);
}
