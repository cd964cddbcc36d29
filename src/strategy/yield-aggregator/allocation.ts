/**
 * The yield aggregator's allocation math, pure and in integers where the market is integer.
 *
 * Net rate. A market's supply rate after the vault's own move is what the reserve would set in
 * that very transaction: Aave's `updateInterestRates` runs the V2 strategy on the post-action
 * cash (available liquidity + supplied, or − withdrawn) and the unchanged debt, so
 * `calculateInterestRatesV2` on those numbers IS the rate the market then pays, to the wei (a
 * test checks it against the market). A replayed reserve pays its recorded rate whatever the
 * vault does, so its post-move rate is its current one; so is a reserve whose view carries no
 * rate model.
 *
 * Splitting. Idle money is deployed greedily in equal chunks, each to the market whose rate after
 * taking that chunk (on top of the earlier ones) is highest: the chunks equalize the post-move
 * rates to within one chunk's rate impact. Money already lent moves pairwise: from a source to a
 * destination, the largest amount x for which the destination's post-move rate still beats the
 * source's post-move rate by the hysteresis (`minRateGainRay`), found by bisection (the spread
 * only falls as x grows: the destination's rate falls with more cash, the source's rises with
 * less). The move stops at the edge of the hysteresis band, so the reverse move needs the rates
 * to cross back by twice the band: no churn on noise within it.
 */
import { largestFitting } from '../../math/largest-fitting.js';
import { calculateInterestRatesV2 } from '../../lending/aave-rate-strategy.js';
import { RAY } from '../../lending/wad-ray-math.js';
import type { ReserveData } from '../../market/lending/lending-market.js';
import { SECONDS_PER_YEAR } from '../../units.js';

/** One market as the strategy sees it: the reserve of the asset there and the vault's supply in it. */
export interface MarketPosition {
  readonly id: string;
  readonly reserve: ReserveData;
  /** the vault's supplied balance there, base units */
  readonly supplied: bigint;
  /**
   * added to every rate of this market the allocation compares (ray; default 0): the strategy's
   * smoothed rate minus the current one, so a noisy recorded rate is judged on its recent level
   * while the vault's own impact still comes from the rate strategy
   */
  readonly rateBiasRay?: bigint;
}

/** The rate the allocation uses for a market after the vault's move: the post-move rate plus the bias. */
export function positionRateAfterRay(position: MarketPosition, deltaBaseUnits: bigint): bigint | undefined {
  const rate = supplyRateAfterRay(position.reserve, deltaBaseUnits);
  return rate === undefined ? undefined : rate + (position.rateBiasRay ?? 0n);
}

/**
 * The supply rate (ray) the reserve pays right after the vault supplies (`deltaBaseUnits` > 0)
 * or withdraws (< 0) that much; undefined when the reserve's cash cannot pay the withdrawal.
 */
export function supplyRateAfterRay(reserve: ReserveData, deltaBaseUnits: bigint): bigint | undefined {
  const cash = reserve.availableLiquidity + deltaBaseUnits;
  if (cash < 0n) return undefined;
  const model = reserve.rateModel;
  if (model === undefined || model.kind === 'replay' || deltaBaseUnits === 0n) return reserve.liquidityRateRay;
  return calculateInterestRatesV2(model.rateStrategy, {
    availableLiquidity: cash,
    totalVariableDebt: reserve.totalDebt,
    unbacked: 0n,
    reserveFactorBps: model.reserveFactorBps,
  }).liquidityRateRay;
}

/** Base units × ray per year: the vault's interest at each market's post-move rate. */
export function incomeRateScaled(positions: readonly MarketPosition[], deltas: ReadonlyMap<string, bigint>): bigint {
  let income = 0n;
  for (const position of positions) {
    const delta = deltas.get(position.id) ?? 0n;
    const rate = positionRateAfterRay(position, delta);
    if (rate === undefined) throw new RangeError(`market ${position.id}: cannot withdraw ${-delta}`);
    income += (position.supplied + delta) * rate;
  }
  return income;
}

/** An income rate (base units × ray per year) over `horizonSeconds`, base units (floored toward zero). */
export function incomeOverHorizon(incomeScaled: bigint, horizonSeconds: number): bigint {
  return (incomeScaled * BigInt(Math.round(horizonSeconds))) / (BigInt(SECONDS_PER_YEAR) * RAY);
}

/**
 * Idle money split over the markets: `chunks` equal chunks (the last takes the remainder), each
 * to the market with the highest rate after it (ties: the earlier market). Returns market → amount
 * (only markets that get something), summing to `amount` exactly.
 */
export function planDeployment(positions: readonly MarketPosition[], amount: bigint, chunks: number): Map<string, bigint> {
  const planned = new Map<string, bigint>();
  if (amount <= 0n || positions.length === 0) return planned;
  const count = BigInt(Math.max(1, Math.floor(chunks)));
  const chunk = amount / count;
  let left = amount;
  for (let i = 0n; i < count && left > 0n; i++) {
    const size = i === count - 1n || chunk === 0n ? left : chunk;
    let best: { id: string; rate: bigint } | undefined;
    for (const position of positions) {
      const rate = positionRateAfterRay(position, (planned.get(position.id) ?? 0n) + size)!;
      if (best === undefined || rate > best.rate) best = { id: position.id, rate };
    }
    planned.set(best!.id, (planned.get(best!.id) ?? 0n) + size);
    left -= size;
  }
  return planned;
}

export interface Move {
  readonly from: string;
  readonly to: string;
  readonly amount: bigint;
  /** post-move supply rates, ray */
  readonly fromRateAfterRay: bigint;
  readonly toRateAfterRay: bigint;
  /** the vault's extra interest over the horizon, base units */
  readonly gainOverHorizon: bigint;
}


/**
 * The best pairwise move (largest gain over the horizon) among those of at least `minMoveBaseUnits`
 * that keep the destination's post-move rate at least `minRateGainRay` above the source's; the
 * caller decides whether the gain pays for the gas. Undefined when no pair qualifies.
 */
export function bestMove(positions: readonly MarketPosition[], minRateGainRay: bigint, minMoveBaseUnits: bigint, horizonSeconds: number): Move | undefined {
  const before = incomeRateScaled(positions, new Map());
  let best: Move | undefined;
  for (const source of positions) {
    const movable = source.supplied < source.reserve.availableLiquidity ? source.supplied : source.reserve.availableLiquidity;
    if (movable <= 0n || movable < minMoveBaseUnits) continue;
    for (const destination of positions) {
      if (destination.id === source.id) continue;
      const spreadFits = (x: bigint): boolean => {
        const from = positionRateAfterRay(source, -x);
        const to = positionRateAfterRay(destination, x);
        return from !== undefined && to !== undefined && to - from >= minRateGainRay;
      };
      const amount = largestFitting(movable, spreadFits);
      if (amount === 0n || amount < minMoveBaseUnits) continue;
      const deltas = new Map([
        [source.id, -amount],
        [destination.id, amount],
      ]);
      const gainOverHorizon = incomeOverHorizon(incomeRateScaled(positions, deltas) - before, horizonSeconds);
      if (best !== undefined && gainOverHorizon <= best.gainOverHorizon) continue;
      best = {
        from: source.id,
        to: destination.id,
        amount,
        fromRateAfterRay: positionRateAfterRay(source, -amount)!,
        toRateAfterRay: positionRateAfterRay(destination, amount)!,
        gainOverHorizon,
      };
    }
  }
  return best;
}

/** A rate in ray as an annual percentage with two decimals, for reasons. */
export function rayPercentText(rateRay: bigint): string {
  const hundredths = (rateRay * 10_000n) / RAY;
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')} %`;
}
