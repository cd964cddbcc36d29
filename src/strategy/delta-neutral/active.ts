/**
 * The active phase, in priority order:
 *   1 safety — perp: margin ratio below the midpoint of `minMarginRatio` and `targetMarginRatio`
 *     → deposit idle stable up to the target (and, below the floor itself, cut the size to what
 *     the equity carries at the target); not enough idle stable → rebuild (the LP frees it).
 *     Borrow: HF below the midpoint of `minHealthFactor` and `targetHealthFactor` → supply idle
 *     stable or repay with idle risky (both leave the delta alone), else rebuild at the target HF.
 *     Acting at the midpoint, not the floor, keeps the floor unbroken at every decision.
 *   2 re-range — the spot tick left the range and `minRerangePeriodSeconds` have passed → rebuild.
 *   3 hedge — |net delta| > band → perp: trade −delta (collateral first if the grown size needs
 *     it); borrow: only a swap moves the delta (a borrow or a repay moves debt and idle together),
 *     so sell risky (borrowing it first if none is idle) or buy it (withdrawing collateral the HF
 *     can spare if no stable is idle), else rebuild.
 */
import type { MarketView } from '../../market/simulator/market-view.js';
import type { Book, Intent } from '../types.js';
import { currentHealthFactor, poolRefusal } from './build.js';
import { deltaBand, lendingOf, navStable, netDelta, oracleRiskyPrice, poolSide, rawPrice, riskyToPerpWei, sqrtPriceAt, units } from './exposure.js';
import { decided, rebuild, type DeltaNeutralMemory, type Step } from './memory.js';
import { buyRisky, sellRisky } from './orders.js';
import type { DeltaNeutralParams } from './params.js';

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

function perpSafety(book: Book, params: DeltaNeutralParams, memory: DeltaNeutralMemory): Step | undefined {
  const perp = book.perp;
  if (perp === undefined || perp.sizeWei === 0n) return undefined;
  const trigger = (params.minMarginRatio + params.targetMarginRatio) / 2;
  if (perp.marginRatio >= trigger) return undefined;
  const { stableToken } = poolSide(params);
  const idleStable = Number(book.idle[stableToken] ?? 0n);
  const notional = (Math.abs(Number(perp.sizeWei)) / 1e18) * perp.markPrice * 10 ** params.stableDecimals;
  const need = params.targetMarginRatio * notional - Number(perp.equity);
  const deposit = units(Math.min(need, idleStable));
  const intents: Intent[] = [];
  if (deposit > 0n) intents.push({ kind: 'perpDeposit', amount: deposit, reason: `margin ratio ${perp.marginRatio.toFixed(4)} < ${trigger}: top up` });
  if (perp.marginRatio < params.minMarginRatio && Number(deposit) < need) {
    // below the floor and short of stable: cut the size to what the equity carries at the target
    const carried = ((Number(perp.equity) + Number(deposit)) / (params.targetMarginRatio * perp.markPrice * 10 ** params.stableDecimals)) * 1e18;
    const cut = abs(perp.sizeWei) - units(carried);
    if (cut > 0n) intents.push({ kind: 'perpTrade', sizeDeltaWei: perp.sizeWei > 0n ? -cut : cut, reason: `margin ratio ${perp.marginRatio.toFixed(4)} < floor ${params.minMarginRatio}: cut size` });
  }
  if (Number(deposit) >= need) return decided(intents, memory, `topping up perp margin from ${perp.marginRatio.toFixed(4)}`);
  if (intents.length > 0) return decided(intents, { ...memory, phase: 'building', buildStep: 0, reranges: memory.reranges + 1 }, 'perp margin short of stable: topped up what was idle, rebuilding');
  return rebuild(memory, `perp margin ${perp.marginRatio.toFixed(4)} and no idle stable: rebuilding`);
}

function lendingSafety(view: MarketView, book: Book, params: DeltaNeutralParams, memory: DeltaNeutralMemory): Step | undefined {
  const hf = currentHealthFactor(view, book, params);
  const trigger = (params.minHealthFactor + params.targetHealthFactor) / 2;
  if (hf === undefined || hf >= trigger) return undefined;
  const { stableToken } = poolSide(params);
  const { supplied } = lendingOf(book, stableToken);
  const { debt } = lendingOf(book, params.riskyToken);
  const price = oracleRiskyPrice(view, params)!;
  const lt = params.collateralLiquidationThresholdBps / 10_000;
  const debtValue = (Number(debt) / 10 ** params.riskyDecimals) * price;
  const idleStable = book.idle[stableToken] ?? 0n;
  const idleRisky = book.idle[params.riskyToken] ?? 0n;
  // collateral that restores the target: S' = HF·debt/LT (stable base units)
  const supplyNeed = ((params.targetHealthFactor * debtValue) / lt) * 10 ** params.stableDecimals - Number(supplied);
  if (idleStable > 0n && Number(idleStable) >= supplyNeed) {
    return decided([{ kind: 'supply', asset: stableToken, amount: units(supplyNeed) + 1n, reason: `HF ${hf.toFixed(3)} < ${trigger}: add collateral` }], memory, 'adding collateral');
  }
  const targetDebt = ((Number(supplied) / 10 ** params.stableDecimals) * lt / (params.targetHealthFactor * price)) * 10 ** params.riskyDecimals;
  const repayNeed = Number(debt) - targetDebt;
  if (idleRisky > 0n && Number(idleRisky) >= repayNeed) {
    return decided([{ kind: 'repay', asset: params.riskyToken, amount: units(repayNeed) + 1n, reason: `HF ${hf.toFixed(3)} < ${trigger}: repay` }], memory, 'repaying debt');
  }
  return rebuild(memory, `HF ${hf.toFixed(3)} < ${trigger} and not enough idle: rebuilding at HF ${params.targetHealthFactor}`);
}

function outOfRange(view: MarketView, params: DeltaNeutralParams, memory: DeltaNeutralMemory): string | undefined {
  const range = memory.range;
  if (range === null) return 'no range';
  const { tick } = view.pool(params.pool);
  if (tick >= range.tickLower && tick < range.tickUpper) return undefined;
  const elapsed = view.blockTimestampSeconds - (memory.lastRangeSeconds ?? -Infinity);
  if (elapsed < params.minRerangePeriodSeconds) return undefined;
  return `tick ${tick} outside [${range.tickLower}, ${range.tickUpper}] after ${elapsed} s`;
}

function perpHedge(book: Book, params: DeltaNeutralParams, delta: bigint, memory: DeltaNeutralMemory, note: string): Step {
  const sizeDeltaWei = -riskyToPerpWei(delta, params);
  if (sizeDeltaWei === 0n) return decided([], memory, note);
  const intents: Intent[] = [];
  const perp = book.perp;
  const newSize = abs((perp?.sizeWei ?? 0n) + sizeDeltaWei);
  const mark = perp?.markPrice ?? 0;
  if (perp !== undefined && mark > 0) {
    // a grown position needs the venue's initial margin after the fill: post it first (same block, sent first)
    const need = 1.1 * Math.max(perp.initialMarginRatio, params.targetMarginRatio) * (Number(newSize) / 1e18) * mark * 10 ** params.stableDecimals - Number(perp.equity);
    const idleStable = Number(book.idle[poolSide(params).stableToken] ?? 0n);
    if (need > 0 && idleStable > 0) intents.push({ kind: 'perpDeposit', amount: units(Math.min(need, idleStable)), reason: 'hedge: margin for the grown short' });
  }
  intents.push({ kind: 'perpTrade', sizeDeltaWei, reason: `hedge: ${note}` });
  return decided(intents, { ...memory, hedges: memory.hedges + 1 }, `hedge: ${note}`);
}

/**
 * The health factor a hedge may borrow (or withdraw collateral) down to: halfway between the
 * safety trigger and the target, so that a hedge never sets off the safety at the next decision.
 */
export function hedgeHealthFactor(params: DeltaNeutralParams): number {
  return (params.minHealthFactor + 3 * params.targetHealthFactor) / 4;
}

/** A rebuild the hedge asks for waits `minRerangePeriodSeconds` after the last build, as a re-range does. */
function hedgeRebuild(view: MarketView, params: DeltaNeutralParams, memory: DeltaNeutralMemory, why: string): Step {
  const elapsed = view.blockTimestampSeconds - (memory.lastRangeSeconds ?? -Infinity);
  if (elapsed < params.minRerangePeriodSeconds) return decided([], memory, `hold: ${why}, but the last build was ${elapsed} s ago`);
  return rebuild(memory, `${why}: rebuilding`);
}

function borrowHedge(view: MarketView, book: Book, params: DeltaNeutralParams, delta: bigint, priceRaw: number, memory: DeltaNeutralMemory, note: string): Step {
  const { stableToken } = poolSide(params);
  const idleRisky = book.idle[params.riskyToken] ?? 0n;
  const idleStable = book.idle[stableToken] ?? 0n;
  const hedged = { ...memory, hedges: memory.hedges + 1 };
  const price = oracleRiskyPrice(view, params);
  const lt = params.collateralLiquidationThresholdBps / 10_000;
  const { supplied } = lendingOf(book, stableToken);
  const { debt } = lendingOf(book, params.riskyToken);
  if (delta > 0n) {
    if (idleRisky >= delta) return decided([sellRisky(params, delta, `hedge: sell ${note}`)], hedged, `hedge: selling, ${note}`);
    const borrow = delta - idleRisky;
    const debtRoom = price === undefined ? 0 : ((Number(supplied) / 10 ** params.stableDecimals) * lt / (hedgeHealthFactor(params) * price)) * 10 ** params.riskyDecimals - Number(debt);
    if (Number(borrow) <= debtRoom) return decided([{ kind: 'borrow', asset: params.riskyToken, amount: borrow, reason: `hedge: borrow to sell, ${note}` }], memory, `hedge: borrowing to sell, ${note}`);
    return hedgeRebuild(view, params, memory, `the hedge needs a borrow past HF ${hedgeHealthFactor(params)}`);
  }
  const stableNeed = units(Number(-delta) * priceRaw * 1.003);
  if (idleStable >= stableNeed) return decided([buyRisky(params, stableNeed, `hedge: buy ${note}`)], hedged, `hedge: buying, ${note}`);
  const withdraw = stableNeed - idleStable;
  const spare = price === undefined ? 0 : Number(supplied) - ((hedgeHealthFactor(params) * (Number(debt) / 10 ** params.riskyDecimals) * price) / lt) * 10 ** params.stableDecimals;
  if (Number(withdraw) <= spare) return decided([{ kind: 'withdraw', asset: stableToken, amount: withdraw, reason: `hedge: withdraw collateral to buy, ${note}` }], memory, `hedge: freeing stable to buy, ${note}`);
  return hedgeRebuild(view, params, memory, `the hedge needs stable HF ${hedgeHealthFactor(params)} cannot spare`);
}

export function activeStep(view: MarketView, book: Book, params: DeltaNeutralParams, memory: DeltaNeutralMemory): Step {
  if (memory.range === null || !book.lp.some((p) => p.pool === params.pool && p.liquidity > 0n && p.tickLower === memory.range!.tickLower && p.tickUpper === memory.range!.tickUpper)) {
    return rebuild({ ...memory, range: null }, 'the range is not open (a mint reverted?): rebuilding');
  }
  const safety = params.hedge === 'perp' ? perpSafety(book, params, memory) : lendingSafety(view, book, params, memory);
  if (safety !== undefined) return safety;
  const reason = outOfRange(view, params, memory);
  if (reason !== undefined) return rebuild(memory, `re-range: ${reason}`);
  const snapshot = view.pool(params.pool);
  const priceRaw = rawPrice(snapshot.sqrtPriceX96, poolSide(params).riskyIsToken0);
  const fair = oracleRiskyPrice(view, params);
  const delta = netDelta(book, params, fair === undefined ? undefined : sqrtPriceAt(fair, params));
  const band = deltaBand(navStable(book, params, priceRaw), priceRaw, params);
  const note = `net delta ${delta} vs band ${Math.floor(band)} (risky base units, LP at the ${fair === undefined ? 'pool' : 'oracle'} price)`;
  if (Math.abs(Number(delta)) <= band) return decided([], memory, `hold: ${note}`);
  if (params.hedge === 'perp') return perpHedge(book, params, delta, memory, note);
  const refusal = poolRefusal(view, params);
  return refusal !== undefined ? decided([], memory, `${refusal}; ${note}`) : borrowHedge(view, book, params, delta, priceRaw, memory, note);
}
