/**
 * Unwinding: close everything and hold the stable token, leaving no LP, no perp position and no
 * debt. Re-derived from the Book at each decision (a reverted step is simply tried again):
 *   1 the LP (burn, then collect) and the perp (close the size, then withdraw all collateral),
 *     side by side since they are independent venues;
 *   2 the debt: repay from idle risky (buying what is missing first);
 *   3 the lending supply: withdraw all;
 *   4 sell the idle risky token (the gas token stays: it pays for the transactions).
 */
import type { MarketView } from '../../market/simulator/market-view.js';
import type { Book, Intent } from '../types.js';
import { lendingOf, poolSide, rawPrice, units } from './exposure.js';
import { decided, type DeltaNeutralMemory, type Step } from './memory.js';
import { buyRisky, clearLp, sellRisky } from './orders.js';
import type { DeltaNeutralParams } from './params.js';

/** The lending verbs' "everything" (type(uint256).max, as Aave reads it). */
const ALL = 2n ** 256n - 1n;

/**
 * An unwind takes about eight decisions; one still going after this many is retrying a step a
 * venue keeps refusing (e.g. a perp venue that holds less than the collateral asked back), and
 * every retry pays gas: stop and say what is left.
 */
export const MAX_UNWIND_DECISIONS = 60;

export function unwindStep(view: MarketView, book: Book, params: DeltaNeutralParams, memory: DeltaNeutralMemory): Step {
  if (memory.unwindDecisions >= MAX_UNWIND_DECISIONS) {
    const left = [
      book.lp.some((p) => p.liquidity > 0n) ? 'LP liquidity' : '',
      (book.perp?.sizeWei ?? 0n) !== 0n || (book.perp?.collateral ?? 0n) > 0n ? 'a perp account' : '',
      book.lending.some((r) => r.debt > 0n || r.supplied > 0n) ? 'lending balances' : '',
    ].filter((x) => x !== '');
    return decided([], { ...memory, phase: 'closed', range: null }, `closed: gave up after ${MAX_UNWIND_DECISIONS} unwind decisions with ${left.length > 0 ? left.join(', ') : 'dust'} left`);
  }
  const step = unwindOnce(view, book, params, memory);
  if ('next' in step || step.memory.phase === 'closed') return step;
  return { intents: step.intents, memory: { ...step.memory, unwindDecisions: memory.unwindDecisions + 1 }, note: step.note };
}

function unwindOnce(view: MarketView, book: Book, params: DeltaNeutralParams, memory: DeltaNeutralMemory): Step {
  const intents: Intent[] = clearLp(book, params, 'unwind');
  const perp = book.perp;
  if (perp !== undefined && perp.sizeWei !== 0n) intents.push({ kind: 'perpTrade', sizeDeltaWei: -perp.sizeWei, reason: 'unwind: close the perp' });
  else if (perp !== undefined && perp.collateral > 0n) intents.push({ kind: 'perpWithdraw', amount: perp.collateral, reason: 'unwind: withdraw perp collateral' });
  if (intents.length > 0) return decided(intents, memory, 'unwinding the LP and the perp');

  const { stableToken, riskyIsToken0 } = poolSide(params);
  const idleRisky = book.idle[params.riskyToken] ?? 0n;
  const idleStable = book.idle[stableToken] ?? 0n;
  for (const reserve of book.lending) {
    if (reserve.debt === 0n) continue;
    const held = book.idle[reserve.asset] ?? 0n;
    // interest accrues until the repay lands: hold a little more than the debt now
    const needed = reserve.debt + reserve.debt / 1_000n + 1n;
    if (held >= needed) return decided([{ kind: 'repay', market: reserve.market, asset: reserve.asset, amount: held, reason: `unwind: repay all ${reserve.asset}` }], memory, `repaying ${reserve.asset}`);
    if (reserve.asset === params.riskyToken) {
      const priceRaw = rawPrice(view.pool(params.pool).sqrtPriceX96, riskyIsToken0);
      const amount = units(Math.min(Number(needed - held) * priceRaw * 1.01, Number(idleStable)));
      if (amount > 0n) return decided([buyRisky(params, amount, 'unwind: buy what the debt needs')], memory, 'buying risky to repay');
    }
    if (held > 0n) return decided([{ kind: 'repay', market: reserve.market, asset: reserve.asset, amount: held, reason: `unwind: repay what is idle of ${reserve.asset}` }], memory, `repaying part of ${reserve.asset}`);
  }
  const withdrawals: Intent[] = book.lending
    .filter((reserve) => reserve.supplied > 0n)
    // each position where it is: a vault may hold the same asset in several markets
    .map((reserve) => ({ kind: 'withdraw', market: reserve.market, asset: reserve.asset, amount: ALL, reason: `unwind: withdraw all ${reserve.asset}` }));
  if (withdrawals.length > 0) return decided(withdrawals, memory, 'withdrawing the lending supply');
  // dust below a hundredth of a stable unit is not worth a swap (and may not even fill)
  const priceRaw = rawPrice(view.pool(params.pool).sqrtPriceX96, riskyIsToken0);
  if (Number(idleRisky) * priceRaw >= 10 ** (params.stableDecimals - 2)) return decided([sellRisky(params, idleRisky, 'unwind: sell the risky token')], memory, 'selling risky for the stable token');
  const leftDebt = lendingOf(book, params.riskyToken).debt;
  return decided([], { ...memory, phase: 'closed', range: null }, leftDebt === 0n ? 'closed: holding the stable token' : 'closed with debt left');
}
