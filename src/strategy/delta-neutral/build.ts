/**
 * Building the position (the first time, and on every re-range or rebuild), one step per
 * decision because each step needs the balances the previous one left (intents land in later
 * blocks; see range-manager.ts):
 *   0 clear the LP (burn, then collect)
 *   1 borrow hedge only: square the idle risky (and the aliases, the gas token) against the
 *     debt (sell the surplus, buy the shortfall), so the collateral is sized on a stable budget
 *   2 collateral: perp — equity to `perpCollateralBps` of the NAV (or more, if the short carried
 *     through the rebuild needs it at `targetMarginRatio`); borrow — stable supplied so
 *     the borrow of step 2 sits at `targetHealthFactor`
 *   3 the LP's risky side: perp — swap the deployable balance to the range's token mix, with
 *     the perp trade that offsets the swap in the same decision; borrow —
 *     borrow (or repay) the risky token up to the target debt
 *   4 borrow hedge only: square again, now with the new debt (the aliases' part of the borrow
 *     is sold, so the book starts delta-neutral)
 *   5 mint the range around the spot tick from the idle balances (less `mintBufferBps`)
 * Then 'active', where the hedge is put on. A step whose intent reverted is not retried: the
 * next step works from whatever the Book then holds, and the hedge squares the delta.
 */
import type { MarketView } from '../../market/simulator/market-view.js';
import { baseRange, tickWithinBounds, type TickRange } from '../range-manager/ranges.js';
import { liquidityForAmounts, spendable } from '../range-manager/sizing.js';
import type { Book, Intent } from '../types.js';
import { healthFactor, lendingOf, navStable, oracleRiskyPrice, poolSide, rawPrice, riskyShare, riskyToPerpWei, units } from './exposure.js';
import { decided, type DeltaNeutralMemory, type Step } from './memory.js';
import { buyRisky, clearLp, sellRisky } from './orders.js';
import type { DeltaNeutralParams } from './params.js';

interface Context {
  readonly view: MarketView;
  readonly book: Book;
  readonly params: DeltaNeutralParams;
  readonly priceRaw: number;
  readonly range: TickRange;
  /** NAV less the risky aliases (gas), stable base units */
  readonly deployable: number;
  readonly share: number;
}

function contextOf(view: MarketView, book: Book, params: DeltaNeutralParams): Context {
  const snapshot = view.pool(params.pool);
  const { riskyIsToken0 } = poolSide(params);
  const priceRaw = rawPrice(snapshot.sqrtPriceX96, riskyIsToken0);
  const range = baseRange(snapshot.tick, params.tickSpacing, params.baseThresholdTicks);
  let aliases = 0n;
  for (const alias of params.riskyAliases) aliases += book.idle[alias] ?? 0n;
  const deployable = navStable(book, params, priceRaw) - Number(aliases) * priceRaw;
  return { view, book, params, priceRaw, range, deployable, share: riskyShare(snapshot.sqrtPriceX96, range, riskyIsToken0, priceRaw) };
}

/**
 * Borrow hedge sizing: the risky value x borrowed (= the LP's risky side) when the stable budget
 * B pays for the collateral S = HF·x/LT and the LP's stable side x(1 − ρ)/ρ: x = B / (HF/LT + (1 − ρ)/ρ).
 */
function borrowValue(c: Context): number {
  const lt = c.params.collateralLiquidationThresholdBps / 10_000;
  const rho = Math.min(Math.max(c.share, 0.05), 0.95);
  return c.deployable / (c.params.targetHealthFactor / lt + (1 - rho) / rho);
}

function squareStep(c: Context, memory: DeltaNeutralMemory, nextStep: number): Step {
  const { book, params, priceRaw } = c;
  const next = { ...memory, buildStep: nextStep };
  if (params.hedge !== 'borrow') return { next };
  const idleRisky = Number(book.idle[params.riskyToken] ?? 0n);
  // the aliases (the gas token) are delta the vault keeps: the debt must cover them too
  let aliases = 0;
  for (const alias of params.riskyAliases) aliases += Number(book.idle[alias] ?? 0n);
  const debt = Number(lendingOf(book, params.riskyToken).debt) - aliases;
  const idleStable = Number(book.idle[poolSide(params).stableToken] ?? 0n);
  // below 0.5 % of the NAV the hedge will square it later, cheaper than a swap now
  const dust = (0.005 * c.deployable) / priceRaw;
  if (idleRisky - debt > dust) return decided([sellRisky(params, units(idleRisky - Math.max(debt, 0)), 'build: sell risky the debt does not cover')], next, 'selling unhedged risky');
  if (debt - idleRisky > dust) {
    const amount = units(Math.min((debt - idleRisky) * priceRaw * 1.003, idleStable * 0.999));
    if (amount > 0n) return decided([buyRisky(params, amount, 'build: buy risky the debt is short of')], next, 'buying risky to match the debt');
  }
  return { next };
}

function collateralStep(c: Context, memory: DeltaNeutralMemory): Step {
  const { book, params } = c;
  const { stableToken } = poolSide(params);
  const idleStable = book.idle[stableToken] ?? 0n;
  const next = { ...memory, buildStep: 3 };
  if (params.hedge === 'perp') {
    const equity = Number(book.perp?.equity ?? 0n);
    // the short that stays on through the rebuild needs its target margin, or the safety that
    // asked for this rebuild would ask again as soon as it is done
    const perp = book.perp;
    const carried = perp === undefined ? 0 : 1.1 * params.targetMarginRatio * (Math.abs(Number(perp.sizeWei)) / 1e18) * perp.markPrice * 10 ** params.stableDecimals;
    const target = Math.max((params.perpCollateralBps / 10_000) * c.deployable, carried);
    if (equity < 0.9 * target) {
      const amount = units(Math.min(target - equity, Number(idleStable)));
      if (amount > 0n) return decided([{ kind: 'perpDeposit', amount, reason: `build: perp collateral to ${params.perpCollateralBps} bps of the NAV` }], next, 'depositing perp collateral');
    } else if (equity > 1.3 * target && perp !== undefined) {
      const notional = (Math.abs(Number(perp.sizeWei)) / 1e18) * perp.markPrice * 10 ** params.stableDecimals;
      // keep the initial margin with room: the venue refuses a withdrawal below it
      const free = perp.sizeWei === 0n ? equity - target : Math.min(equity - target, equity - 1.2 * Math.max(perp.initialMarginRatio, params.targetMarginRatio) * notional);
      const amount = units(Math.min(free, Number(perp.collateral)));
      if (amount > 0n) return decided([{ kind: 'perpWithdraw', amount, reason: 'build: perp collateral above target' }], next, 'withdrawing surplus perp collateral');
    }
    return { next };
  }
  const lt = params.collateralLiquidationThresholdBps / 10_000;
  const targetSupply = (params.targetHealthFactor * borrowValue(c)) / lt;
  const supplied = Number(lendingOf(book, stableToken).supplied);
  if (targetSupply > supplied * 1.02) {
    const amount = units(Math.min(targetSupply - supplied, Number(idleStable)));
    if (amount > 0n) return decided([{ kind: 'supply', asset: stableToken, amount, reason: `build: ${stableToken} collateral for a borrow at HF ${params.targetHealthFactor}` }], next, 'supplying collateral');
  }
  return { next };
}

function riskySideStep(c: Context, memory: DeltaNeutralMemory): Step {
  const { book, params, priceRaw } = c;
  const { stableToken } = poolSide(params);
  const idleRisky = Number(book.idle[params.riskyToken] ?? 0n);
  const idleStable = Number(book.idle[stableToken] ?? 0n);
  const next = { ...memory, buildStep: 4 };
  if (params.hedge === 'perp') {
    // what is idle now is what the LP gets: its risky part is the range's share of it
    const want = (c.share * (idleStable + idleRisky * priceRaw)) / priceRaw;
    // The swap and its hedge go out together: otherwise the bought risky would ride unhedged
    // until the mint and then the active phase's hedge had landed, two decisions later.
    if (idleRisky < 0.98 * want) {
      const amount = units(Math.min((want - idleRisky) * priceRaw, idleStable * 0.999));
      if (amount > 0n) {
        const bought = units(Number(amount) / priceRaw);
        return decided([buyRisky(params, amount, 'build: buy the range\'s risky side'), ...hedgeOf(bought, params, 'build: short what the swap buys')], next, 'buying the risky side, hedged');
      }
    } else if (idleRisky > 1.05 * want) {
      const amount = units(idleRisky - want);
      if (amount > 0n) return decided([sellRisky(params, amount, 'build: sell risky beyond the range\'s share'), ...hedgeOf(-amount, params, 'build: buy back the short of what the swap sells')], next, 'selling surplus risky, hedged');
    }
    return { next };
  }
  const { supplied } = lendingOf(book, stableToken);
  const { debt } = lendingOf(book, params.riskyToken);
  const targetDebt = borrowValue(c) / priceRaw;
  // never borrow past the target health factor at the oracle, whatever the sizing says
  const oraclePrice = oracleRiskyPrice(c.view, params);
  const maxDebt =
    oraclePrice === undefined
      ? 0
      : (((Number(supplied) / 10 ** params.stableDecimals) * (params.collateralLiquidationThresholdBps / 10_000)) / (params.targetHealthFactor * oraclePrice)) * 10 ** params.riskyDecimals;
  const wanted = Math.min(targetDebt, maxDebt);
  if (wanted > Number(debt) * 1.02) {
    const amount = units(wanted - Number(debt));
    if (amount > 0n) return decided([{ kind: 'borrow', asset: params.riskyToken, amount, reason: `build: borrow ${params.riskyToken} for the LP at HF ${params.targetHealthFactor}` }], next, 'borrowing the risky side');
  } else if (wanted < Number(debt) * 0.98 && idleRisky > 0) {
    const amount = units(Math.min(Number(debt) - wanted, idleRisky));
    if (amount > 0n) return decided([{ kind: 'repay', asset: params.riskyToken, amount, reason: 'build: repay debt above the target' }], next, 'repaying surplus debt');
  }
  return { next };
}

/** The perp trade that offsets a change of `riskyDelta` (risky base units) in the book's delta. */
function hedgeOf(riskyDelta: bigint, params: DeltaNeutralParams, reason: string): Intent[] {
  const sizeDeltaWei = -riskyToPerpWei(riskyDelta, params);
  return sizeDeltaWei === 0n ? [] : [{ kind: 'perpTrade', sizeDeltaWei, reason }];
}

function mintStep(c: Context, memory: DeltaNeutralMemory): Step {
  const { book, params, view, range } = c;
  const { riskyIsToken0, stableToken } = poolSide(params);
  const snapshot = view.pool(params.pool);
  const risky = spendable(book.idle[params.riskyToken] ?? 0n, params.mintBufferBps);
  const stable = spendable(book.idle[stableToken] ?? 0n, params.mintBufferBps);
  const [amount0, amount1] = riskyIsToken0 ? [risky, stable] : [stable, risky];
  const liquidity = liquidityForAmounts(snapshot.sqrtPriceX96, range, amount0, amount1);
  const active: DeltaNeutralMemory = { ...memory, phase: 'active', buildStep: 0, range, lastRangeSeconds: view.blockTimestampSeconds };
  if (liquidity === 0n) return decided([], { ...active, range: null }, `nothing to deploy in [${range.tickLower}, ${range.tickUpper}]`);
  const intent: Intent = { kind: 'addLiquidity', pool: params.pool, ...range, liquidity, reason: `build: range [${range.tickLower}, ${range.tickUpper}] around tick ${snapshot.tick}` };
  return decided([intent], active, intent.reason);
}

/**
 * Why the pool is no place to trade or mint now, if it is not: its price is off the oracle by
 * more than `maxPoolOracleDeviationBps` (a passing order the arbitrageur has not yet taken back:
 * buying or minting there pays for it), or its tick is too close to the bounds for the range.
 */
export function poolRefusal(view: MarketView, params: DeltaNeutralParams): string | undefined {
  const snapshot = view.pool(params.pool);
  if (!tickWithinBounds(snapshot.tick, params.tickSpacing, params.baseThresholdTicks, 0)) return `hold: tick ${snapshot.tick} too close to the pool's bounds`;
  const oracle = oracleRiskyPrice(view, params);
  if (oracle === undefined) return undefined;
  const deviationBps = Math.abs(snapshot.price / oracle - 1) * 10_000;
  if (deviationBps > params.maxPoolOracleDeviationBps) return `hold: pool price ${snapshot.price.toFixed(2)} is ${deviationBps.toFixed(0)} bps off the oracle ${oracle.toFixed(2)} (max ${params.maxPoolOracleDeviationBps})`;
  return undefined;
}

export function buildStep(view: MarketView, book: Book, params: DeltaNeutralParams, memory: DeltaNeutralMemory): Step {
  // every step but the clearing sizes on the pool's price, and all but the collateral may trade at it
  if (memory.buildStep !== 0) {
    const refusal = poolRefusal(view, params);
    if (refusal !== undefined) return decided([], memory, refusal);
  }
  switch (memory.buildStep) {
    case 0: {
      const intents = clearLp(book, params, 'build');
      return intents.length > 0 ? decided(intents, memory, 'clearing the LP') : { next: { ...memory, buildStep: 1 } };
    }
    case 1:
      return squareStep(contextOf(view, book, params), memory, 2);
    case 2:
      return collateralStep(contextOf(view, book, params), memory);
    case 3:
      return riskySideStep(contextOf(view, book, params), memory);
    case 4:
      return squareStep(contextOf(view, book, params), memory, 5);
    default:
      return mintStep(contextOf(view, book, params), memory);
  }
}

/** Health factor now, for the phases that guard it (Infinity without debt). */
export function currentHealthFactor(view: MarketView, book: Book, params: DeltaNeutralParams): number | undefined {
  const { stableToken } = poolSide(params);
  return healthFactor(view, params, lendingOf(book, stableToken).supplied, lendingOf(book, params.riskyToken).debt);
}
