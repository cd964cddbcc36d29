/**
 * What the delta-neutral strategy reads off its Book and the view: the pool price in base units,
 * the net delta (the engine's definition, greeks.ts: risky inventory wherever it sits, debt as a
 * short, plus the perp size), a NAV estimate, the health factor and the range's risky share.
 * Decisions only: analytics in `number`, amounts sent to a venue in bigint.
 */
import type { MarketView } from '../../market/simulator/market-view.js';
import { getAmountsForLiquidity } from '../../uniswap-v3/liquidity-amounts.js';
import { getSqrtRatioAtTick } from '../../uniswap-v3/tick-math.js';
import type { TickRange } from '../range-manager/ranges.js';
import type { Book } from '../types.js';
import type { DeltaNeutralParams } from './params.js';

export interface PoolSide {
  readonly riskyIsToken0: boolean;
  readonly stableToken: string;
}

export function poolSide(params: DeltaNeutralParams): PoolSide {
  const riskyIsToken0 = params.riskyToken === params.token0;
  return { riskyIsToken0, stableToken: riskyIsToken0 ? params.token1 : params.token0 };
}

/** Stable base units per risky base unit at the pool's √P. */
export function rawPrice(sqrtPriceX96: bigint, riskyIsToken0: boolean): number {
  const root = Number(sqrtPriceX96) / 2 ** 96;
  const raw = root * root;
  return riskyIsToken0 ? raw : 1 / raw;
}

/** Risky and stable base units of the Book's LP positions (principal in the pool, owed, and fees). */
export function lpAmounts(book: Book, params: DeltaNeutralParams): { risky: bigint; stable: bigint } {
  const { riskyIsToken0 } = poolSide(params);
  let amount0 = 0n;
  let amount1 = 0n;
  for (const p of book.lp) {
    if (p.pool !== params.pool) continue;
    amount0 += p.amount0 + p.principalOwed0 + p.feesOwed0;
    amount1 += p.amount1 + p.principalOwed1 + p.feesOwed1;
  }
  return riskyIsToken0 ? { risky: amount0, stable: amount1 } : { risky: amount1, stable: amount0 };
}

export function lendingOf(book: Book, asset: string): { supplied: bigint; debt: bigint } {
  let supplied = 0n;
  let debt = 0n;
  for (const reserve of book.lending) {
    if (reserve.asset !== asset) continue;
    supplied += reserve.supplied;
    debt += reserve.debt;
  }
  return { supplied, debt };
}

/** 10^(18 − riskyDecimals): risky base units → perp size wei (1e18 per unit), exactly. */
function perpScale(params: DeltaNeutralParams): { up: bigint; down: bigint } {
  const shift = 18 - params.riskyDecimals;
  return shift >= 0 ? { up: 10n ** BigInt(shift), down: 1n } : { up: 1n, down: 10n ** BigInt(-shift) };
}

export function riskyToPerpWei(amount: bigint, params: DeltaNeutralParams): bigint {
  const { up, down } = perpScale(params);
  return (amount * up) / down;
}

export function perpWeiToRisky(sizeWei: bigint, params: DeltaNeutralParams): bigint {
  const { up, down } = perpScale(params);
  return (sizeWei * down) / up;
}

/**
 * √P (Q96) of the pool at a price in stable per whole risky token, e.g. the oracle's: where the
 * pool returns once the arbitrageur has traded a passing order back.
 */
export function sqrtPriceAt(price: number, params: DeltaNeutralParams): bigint {
  const raw = price * 10 ** (params.stableDecimals - params.riskyDecimals);
  const poolRaw = poolSide(params).riskyIsToken0 ? raw : 1 / raw;
  return BigInt(Math.floor(Math.sqrt(poolRaw) * 2 ** 96));
}

/** Risky base units the LP holds at √P (its liquidity at that price, plus owed principal and fees). */
export function lpRiskyAt(book: Book, params: DeltaNeutralParams, sqrtPriceX96: bigint): bigint {
  const { riskyIsToken0 } = poolSide(params);
  let risky = 0n;
  for (const p of book.lp) {
    if (p.pool !== params.pool) continue;
    const { amount0, amount1 } = getAmountsForLiquidity(sqrtPriceX96, getSqrtRatioAtTick(p.tickLower), getSqrtRatioAtTick(p.tickUpper), p.liquidity);
    risky += riskyIsToken0 ? amount0 + p.principalOwed0 + p.feesOwed0 : amount1 + p.principalOwed1 + p.feesOwed1;
  }
  return risky;
}

/**
 * Net delta in risky base units: idle risky (and its aliases), LP risky (principal, owed, fees),
 * lending supply less debt of the risky token, plus the perp size: the engine's series.delta
 * (greeks.ts) in base units. With `lpSqrtPriceX96` the LP's part is taken at that price instead
 * of the pool's (the hedge uses the oracle's: a noise trade that the arbitrageur will take back
 * in the next block moves the pool, not the fair price, and hedging it would be paid twice).
 */
export function netDelta(book: Book, params: DeltaNeutralParams, lpSqrtPriceX96?: bigint): bigint {
  let delta = book.idle[params.riskyToken] ?? 0n;
  for (const alias of params.riskyAliases) delta += book.idle[alias] ?? 0n;
  delta += lpSqrtPriceX96 === undefined ? lpAmounts(book, params).risky : lpRiskyAt(book, params, lpSqrtPriceX96);
  const { supplied, debt } = lendingOf(book, params.riskyToken);
  delta += supplied - debt;
  if (book.perp !== undefined) delta += perpWeiToRisky(book.perp.sizeWei, params);
  return delta;
}

/** NAV in stable base units at the pool price (a decision gauge, not the engine's exact NAV). */
export function navStable(book: Book, params: DeltaNeutralParams, priceRaw: number): number {
  const { stableToken } = poolSide(params);
  const lp = lpAmounts(book, params);
  const stableLending = lendingOf(book, stableToken);
  const stable = (book.idle[stableToken] ?? 0n) + lp.stable + stableLending.supplied - stableLending.debt + (book.perp?.equity ?? 0n);
  const riskyLending = lendingOf(book, params.riskyToken);
  let risky = (book.idle[params.riskyToken] ?? 0n) + lp.risky + riskyLending.supplied - riskyLending.debt;
  for (const alias of params.riskyAliases) risky += book.idle[alias] ?? 0n;
  return Number(stable) + Number(risky) * priceRaw;
}

/** The delta band in risky base units: deltaBandBps of the NAV at the price. */
export function deltaBand(navStableUnits: number, priceRaw: number, params: DeltaNeutralParams): number {
  return ((params.deltaBandBps / 10_000) * navStableUnits) / priceRaw;
}

/**
 * Aave's health factor of the stable collateral against the risky debt, at the oracle (what the
 * lending market reads): HF = supplied·P_s·LT / (debt·P_r); Infinity without debt, undefined
 * without an oracle answer.
 */
export function healthFactor(view: MarketView, params: DeltaNeutralParams, supplied: bigint, debt: bigint): number | undefined {
  if (debt <= 0n) return Infinity;
  const risky = view.oracle(params.riskyOracleAsset ?? params.riskyToken);
  if (risky === undefined) return undefined;
  const stablePrice = view.oracle(poolSide(params).stableToken)?.price ?? 1;
  const collateral = (Number(supplied) / 10 ** params.stableDecimals) * stablePrice * (params.collateralLiquidationThresholdBps / 10_000);
  return collateral / ((Number(debt) / 10 ** params.riskyDecimals) * risky.price);
}

/** Risky price (stable per whole risky) at the oracle, for the health factor's sizing. */
export function oracleRiskyPrice(view: MarketView, params: DeltaNeutralParams): number | undefined {
  return view.oracle(params.riskyOracleAsset ?? params.riskyToken)?.price;
}

/** Share of a range position's value held in the risky token at √P (0 below the range for risky = token1, ...). */
export function riskyShare(sqrtPriceX96: bigint, range: TickRange, riskyIsToken0: boolean, priceRaw: number): number {
  const { amount0, amount1 } = getAmountsForLiquidity(sqrtPriceX96, getSqrtRatioAtTick(range.tickLower), getSqrtRatioAtTick(range.tickUpper), 10n ** 24n);
  const risky = Number(riskyIsToken0 ? amount0 : amount1) * priceRaw;
  const stable = Number(riskyIsToken0 ? amount1 : amount0);
  return risky + stable > 0 ? risky / (risky + stable) : 0;
}

/** A float amount of base units → bigint, floored at zero. */
export function units(amount: number): bigint {
  return amount > 0 && Number.isFinite(amount) ? BigInt(Math.floor(amount)) : 0n;
}
