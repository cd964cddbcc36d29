/**
 * Experiment 4, lending indexes over a year of accrual (Aave v3 ReserveLogic): a reserve at a
 * fixed utilization gets its rates from the v3.0 rate strategy and is updated every block (as
 * if touched by an action each block that leaves utilization where it is) for a year of 12-second
 * blocks, through the simulator's exact `updateIndexes`.
 *
 * What "equal exactly" means. Aave compounds per update: each update multiplies the liquidity
 * index by the linear factor f = 1 + ⌊r·Δt/year⌋ and the variable-borrow index by the truncated
 * binomial c = calculateCompoundedInterest(r, Δt), both in ray, each product rounded half up.
 * With the rates fixed these factors are the same every block, so the rate model's compounding
 * over n blocks has a closed form, I₀·(f/RAY)ⁿ and B₀·(c/RAY)ⁿ, evaluated here independently as
 * exact binary fixed point with 256 fractional bits (error < 1e-70). The simulated index then
 * differs from it by its n roundings only, each ≤ ½ ray unit and grown by at most the final
 * factor: |index − closed form| ≤ ½·n·(g)ⁿ ray units (~1e-21 of the index over a year). The
 * verdict checks that inequality in integers: the indexes equal the closed form exactly, up to
 * the contract's own rounding, which is bounded rather than estimated.
 *
 * For information (details, no verdict): how far per-block compounding sits from continuous
 * e^{rT} (the linear factor compounds to e^{rT}·(1 − r²Tδt/2); the binomial is a shade below
 * (1 + r/year)^Δt), and how much a lazy reserve — one update after the whole year, as when
 * nobody touches it — differs: 1 + rT linearly, against ≈ e^{rT} for the per-block one.
 */
import { InvalidInputError } from '../../errors.js';
import { calculateCompoundedInterest, calculateLinearInterest, SECONDS_PER_YEAR } from '../../lending/aave-math-utils.js';
import { calculateInterestRatesV30, type AaveV30RateStrategyParams } from '../../lending/aave-rate-strategy.js';
import { updateIndexes, type AaveReserveIndexState } from '../../lending/aave-reserve-logic.js';
import { RAY, WAD } from '../../lending/wad-ray-math.js';
import { ratioToNumber } from '../../market/agents/exact-price.js';
import { requireInteger } from './params.js';
import { progressTicker, type ExperimentReport, type ProgressCallback, type ValidationResult } from './result.js';

export interface LendingIndexesExperimentParams {
  readonly blocks: number;
  readonly blockSeconds: number;
  /** Borrowed / (available + borrowed). */
  readonly utilization: number;
  readonly reserveFactorBps: bigint;
  readonly strategy: AaveV30RateStrategyParams;
  readonly initialLiquidityIndexRay: bigint;
  readonly initialVariableBorrowIndexRay: bigint;
}

const ray = (fraction: string): bigint => {
  const [whole = '0', decimals = ''] = fraction.split('.');
  return BigInt(whole) * RAY + BigInt(decimals.padEnd(27, '0').slice(0, 27));
};

/** Aave v3 (Ethereum) USDC-like: kink at 90 %, 4 % below it, +60 % of slope above. */
export const AAVE_USDC_LIKE_STRATEGY: AaveV30RateStrategyParams = {
  optimalUsageRatioRay: ray('0.9'),
  baseVariableBorrowRateRay: 0n,
  variableRateSlope1Ray: ray('0.04'),
  variableRateSlope2Ray: ray('0.6'),
  stableRateSlope1Ray: ray('0.005'),
  stableRateSlope2Ray: ray('0.6'),
  baseStableRateOffsetRay: ray('0.01'),
  stableRateExcessOffsetRay: ray('0.08'),
  optimalStableToTotalDebtRatioRay: ray('0.2'),
};

const BLOCKS_PER_YEAR_12S = 2_628_000;

/** Full size: a year of 12-second blocks (2,628,000 updates, ~15 s). */
export const LENDING_INDEXES_DEFAULTS: LendingIndexesExperimentParams = {
  blocks: BLOCKS_PER_YEAR_12S,
  blockSeconds: 12,
  utilization: 0.8,
  reserveFactorBps: 1000n,
  strategy: AAVE_USDC_LIKE_STRATEGY,
  // indexes of a reserve that has been running a while: not 1, so rounding has bits to show
  initialLiquidityIndexRay: ray('1.041234567891234567891234567'),
  initialVariableBorrowIndexRay: ray('1.067654321987654321987654321'),
};

const FRACTION_BITS = 256n;
const ONE = 1n << FRACTION_BITS;

export function runLendingIndexesExperiment(
  params: LendingIndexesExperimentParams = LENDING_INDEXES_DEFAULTS,
  onProgress?: ProgressCallback,
): ExperimentReport {
  requireInteger('blocks', params.blocks, 1, 100_000_000);
  requireInteger('blockSeconds', params.blockSeconds, 1, 31_536_000);
  // some debt, or the borrow index would not move at all (Aave accrues it only on debt)
  if (!(params.utilization > 0 && params.utilization <= 1)) {
    throw new InvalidInputError('utilization', params.utilization, 'must be in (0, 1]');
  }
  for (const field of ['initialLiquidityIndexRay', 'initialVariableBorrowIndexRay'] as const) {
    if (params[field] < RAY) throw new InvalidInputError(field, params[field], 'must be >= 1 ray');
  }

  const totalWad = 1_000_000n * WAD;
  const debt = (totalWad * BigInt(Math.round(params.utilization * 1e9))) / 1_000_000_000n;
  const rates = calculateInterestRatesV30(params.strategy, {
    availableLiquidity: totalWad - debt,
    totalStableDebt: 0n,
    totalVariableDebt: debt,
    averageStableBorrowRateRay: 0n,
    unbacked: 0n,
    reserveFactorBps: params.reserveFactorBps,
  });
  const liquidityRateRay = rates.liquidityRateRay;
  const borrowRateRay = rates.variableBorrowRateRay;
  const dt = BigInt(params.blockSeconds);

  // --- the simulator: n exact updates
  const reserve: AaveReserveIndexState = {
    liquidityIndexRay: params.initialLiquidityIndexRay,
    variableBorrowIndexRay: params.initialVariableBorrowIndexRay,
    currentLiquidityRateRay: liquidityRateRay,
    currentVariableBorrowRateRay: borrowRateRay,
    scaledVariableDebt: debt,
    lastUpdateTimestampSeconds: 1_700_000_000n,
  };
  const tick = progressTicker(params.blocks, onProgress);
  for (let block = 1; block <= params.blocks; block++) {
    const next = updateIndexes(reserve, reserve.lastUpdateTimestampSeconds + dt);
    reserve.liquidityIndexRay = next.liquidityIndexRay;
    reserve.variableBorrowIndexRay = next.variableBorrowIndexRay;
    reserve.lastUpdateTimestampSeconds = next.lastUpdateTimestampSeconds;
    tick(block);
  }
  const n = BigInt(params.blocks);
  const elapsed = n * dt;

  // --- the closed forms, independently: the per-block factors, raised to the n-th power
  const linearFactorRay = RAY + (liquidityRateRay * dt) / SECONDS_PER_YEAR;
  const compoundedFactorRay = calculateCompoundedInterest(borrowRateRay, 0n, dt);
  const years = Number(elapsed) / Number(SECONDS_PER_YEAR);
  const liquidityRate = Number(liquidityRateRay) / 1e27;
  const borrowRate = Number(borrowRateRay) / 1e27;

  const liquidity = compareIndexToClosedForm(
    'lending.liquidity-index',
    'liquidity index after n linear updates vs I₀·(1 + ⌊rΔt⌋)ⁿ',
    reserve.liquidityIndexRay,
    params.initialLiquidityIndexRay,
    linearFactorRay,
    n,
    {
      liquidityRateAnnual: liquidityRate,
      factorRay: linearFactorRay.toString(),
      factorMatchesContract: linearFactorRay === calculateLinearInterest(liquidityRateRay, 0n, dt),
      perBlockVsContinuous: indexRatio(reserve.liquidityIndexRay, params.initialLiquidityIndexRay) / Math.exp(liquidityRate * years) - 1,
      perBlockVsLazy:
        indexRatio(reserve.liquidityIndexRay, params.initialLiquidityIndexRay) /
          indexRatio(calculateLinearInterest(liquidityRateRay, 0n, elapsed), RAY) -
        1,
    },
  );
  const borrow = compareIndexToClosedForm(
    'lending.borrow-index',
    'variable-borrow index after n compounded updates vs B₀·c(Δt)ⁿ',
    reserve.variableBorrowIndexRay,
    params.initialVariableBorrowIndexRay,
    compoundedFactorRay,
    n,
    {
      variableBorrowRateAnnual: borrowRate,
      factorRay: compoundedFactorRay.toString(),
      // the contract's truncated binomial against (1 + r/year)^Δt, per block
      factorVsExactPerSecondCompounding: factorVsPerSecond(compoundedFactorRay, borrowRateRay, dt),
      perBlockVsContinuous: indexRatio(reserve.variableBorrowIndexRay, params.initialVariableBorrowIndexRay) / Math.exp(borrowRate * years) - 1,
      perBlockVsLazy:
        indexRatio(reserve.variableBorrowIndexRay, params.initialVariableBorrowIndexRay) /
          indexRatio(calculateCompoundedInterest(borrowRateRay, 0n, elapsed), RAY) -
        1,
    },
  );

  return {
    id: 'lending-indexes',
    title: 'Aave v3 liquidity and variable-borrow indexes over a year of per-block updates',
    reference: 'Aave v3 ReserveLogic/MathUtils: per-update linear and binomial-compounded accrual',
    params: {
      blocks: params.blocks,
      blockSeconds: params.blockSeconds,
      utilization: params.utilization,
      reserveFactorBps: Number(params.reserveFactorBps),
      initialLiquidityIndexRay: params.initialLiquidityIndexRay.toString(),
      initialVariableBorrowIndexRay: params.initialVariableBorrowIndexRay.toString(),
      years,
    },
    results: [liquidity, borrow],
  };
}

/**
 * index against initial·(factor/RAY)ⁿ, judged by the rounding bound ½·n·(factor/RAY)ⁿ ray units
 * (plus a generous allowance for the fixed point's own truncations, initial·4(n + 1)·2^-256),
 * checked in integers.
 */
export function compareIndexToClosedForm(
  id: string,
  quantity: string,
  indexRay: bigint,
  initialRay: bigint,
  factorRay: bigint,
  n: bigint,
  details: Record<string, number | string | boolean> = {},
): ValidationResult {
  const growth = fixedPow((factorRay << FRACTION_BITS) / RAY, n);
  const theoryScaled = initialRay * growth;
  const differenceScaled = (indexRay << FRACTION_BITS) - theoryScaled;
  const absDifference = differenceScaled < 0n ? -differenceScaled : differenceScaled;
  const boundScaled = (n * growth) / 2n + initialRay * 4n * (n + 1n);
  const within = absDifference <= boundScaled;
  const relativeError = ratioToNumber(absDifference, theoryScaled);
  const tolerance = ratioToNumber(boundScaled, theoryScaled);
  return {
    id,
    quantity,
    theory: ratioToNumber(theoryScaled, RAY << FRACTION_BITS),
    simulated: ratioToNumber(indexRay, RAY),
    relativeError,
    tolerance,
    verdict: within ? 'pass' : 'fail',
    details: {
      ...details,
      indexRay: indexRay.toString(),
      differenceRayUnits: ratioToNumber(differenceScaled, ONE),
      roundingBoundRayUnits: ratioToNumber(boundScaled, ONE),
    },
  };
}

/** xⁿ for x in 2^-256 fixed point, truncating each product (error < 2·log₂n·xⁿ ulps). */
function fixedPow(x: bigint, n: bigint): bigint {
  let result = ONE;
  let base = x;
  let e = n;
  while (e > 0n) {
    if (e & 1n) result = (result * base) >> FRACTION_BITS;
    e >>= 1n;
    if (e > 0n) base = (base * base) >> FRACTION_BITS;
  }
  return result;
}

function indexRatio(numeratorRay: bigint, denominatorRay: bigint): number {
  return ratioToNumber(numeratorRay, denominatorRay);
}

/** c/RAY ÷ (1 + r/year)^Δt − 1, with the power in 2^-256 fixed point. */
function factorVsPerSecond(factorRay: bigint, rateRay: bigint, dt: bigint): number {
  const perSecond = ONE + (rateRay << FRACTION_BITS) / (RAY * SECONDS_PER_YEAR);
  const exact = fixedPow(perSecond, dt);
  return ratioToNumber((factorRay << FRACTION_BITS) - exact * RAY, exact * RAY);
}
