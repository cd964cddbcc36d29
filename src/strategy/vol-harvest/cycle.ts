/**
 * Volatility harvesting (issue 6): sell a short straddle (the at-the-money call and put) or an
 * iron condor (short call and put at |Δ| = shortDelta, long wings at |Δ| = wingDelta) on the
 * listed expiry nearest the tenor, ONLY when the implied variance of the at-the-money option
 * exceeds the EWMA forecast of realized variance by `varianceMarginFraction`; otherwise stay in
 * cash. Every short is fully collateralized by the venue's rule (a call by the underlying, a put
 * by strike × size in cash: the venue gives no spread margin, so the condor's wings cut the risk
 * but not the collateral). One round at a time: deposit, write, hold to the oracle settlement,
 * roll. With `hedge`, the delta hedge (hedging/delta-hedge.ts) acts when nothing is to be written.
 */
import type { OptionQuote } from '../../market/options/quote.js';
import type { MarketView, OptionChainView } from '../../market/simulator/market-view.js';
import { deltaHedgeIntents } from '../hedging/delta-hedge.js';
import { chooseExpiry, chooseStrike, coveredSizeWei } from '../option-writing/selection.js';
import type { Book, Decision, Intent, JsonValue } from '../types.js';
import { annualVariance, EMPTY_FORECAST, observe, type VarianceForecast } from './forecast.js';
import type { VolHarvestParams } from './params.js';

export type VolHarvestShape = 'straddle' | 'iron-condor';

export interface VolHarvestMemory {
  readonly [key: string]: JsonValue;
  readonly forecast: VarianceForecast;
  /** rounds whose shorts were seen in the book */
  readonly roundsWritten: number;
  readonly expirySeconds: number | null;
}

export const INITIAL_VOL_HARVEST_MEMORY: VolHarvestMemory = Object.freeze({ forecast: EMPTY_FORECAST, roundsWritten: 0, expirySeconds: null });

interface Leg {
  readonly side: 'buy' | 'sell';
  readonly optionKind: 'call' | 'put';
  readonly strike: number;
  readonly quote: OptionQuote;
}

/** The listed strike nearest the forward: the at-the-money strike. */
function atTheMoney(chain: OptionChainView, kind: 'call' | 'put', expirySeconds: number): { strike: number; quote: OptionQuote } | undefined {
  let best: { strike: number; quote: OptionQuote } | undefined;
  for (const strike of chain.strikes(expirySeconds)) {
    const quote = chain.quote(kind, strike, expirySeconds);
    if (quote === undefined) continue;
    if (best === undefined || Math.abs(strike - quote.forward) < Math.abs(best.strike - best.quote.forward)) best = { strike, quote };
  }
  return best;
}

function legsOf(shape: VolHarvestShape, chain: OptionChainView, expirySeconds: number, params: VolHarvestParams): Leg[] | string {
  if (shape === 'straddle') {
    const call = atTheMoney(chain, 'call', expirySeconds);
    if (call === undefined) return 'no at-the-money strike';
    const put = chain.quote('put', call.strike, expirySeconds);
    if (put === undefined) return 'no at-the-money put';
    return [
      { side: 'sell', optionKind: 'call', strike: call.strike, quote: call.quote },
      { side: 'sell', optionKind: 'put', strike: call.strike, quote: put },
    ];
  }
  const shortCall = chooseStrike(chain, 'call', expirySeconds, params.shortDelta);
  const longCall = chooseStrike(chain, 'call', expirySeconds, params.wingDelta);
  const shortPut = chooseStrike(chain, 'put', expirySeconds, params.shortDelta);
  const longPut = chooseStrike(chain, 'put', expirySeconds, params.wingDelta);
  if (shortCall === undefined || longCall === undefined || shortPut === undefined || longPut === undefined) return 'no tradable strikes for the condor';
  if (!(longCall.strike > shortCall.strike && longPut.strike < shortPut.strike)) return `the listed grid has no wing beyond the shorts (calls ${shortCall.strike}/${longCall.strike}, puts ${shortPut.strike}/${longPut.strike})`;
  return [
    { side: 'sell', optionKind: 'call', ...shortCall },
    { side: 'sell', optionKind: 'put', ...shortPut },
    { side: 'buy', optionKind: 'call', ...longCall },
    { side: 'buy', optionKind: 'put', ...longPut },
  ];
}

function share(amount: bigint, fraction: number): bigint {
  return (amount * BigInt(Math.round(fraction * 1e9))) / 1_000_000_000n;
}

export function decideVolHarvest(shape: VolHarvestShape, view: MarketView, book: Book, params: VolHarvestParams, memory: VolHarvestMemory): Decision<VolHarvestMemory> {
  const forecast = observe(memory.forecast, view.blockTimestampSeconds, view.externalPrice, params.sampleSeconds, params.ewmaLambda);
  const observed = forecast === memory.forecast ? memory : { ...memory, forecast };
  const decision = writeStep(shape, view, book, params, observed);
  if (decision.intents.length > 0 || params.hedge === undefined || book.pending.length > 0) return decision;
  const hedge = deltaHedgeIntents(view, book, params.hedge);
  return { intents: hedge.intents, memory: decision.memory, note: decision.note === undefined ? hedge.note : `${decision.note}; ${hedge.note}` };
}

function writeStep(shape: VolHarvestShape, view: MarketView, book: Book, params: VolHarvestParams, memory: VolHarvestMemory): Decision<VolHarvestMemory> {
  if (book.pending.length > 0) return { intents: [], memory, note: `waiting for ${book.pending.length} transaction(s) in flight` };
  const chain = view.options;
  if (chain === undefined) return { intents: [], memory, note: 'the market has no option venue: staying in cash' };
  const account = book.options;
  const written = account?.positions.find((p) => p.sizeWei < 0n);
  if (written !== undefined || (account?.positions.length ?? 0) > 0) {
    const expirySeconds = written?.expirySeconds ?? account!.positions[0]!.expirySeconds;
    const next = memory.expirySeconds === expirySeconds ? memory : { ...memory, roundsWritten: memory.roundsWritten + 1, expirySeconds };
    return { intents: [], memory: next, note: `round ${next.roundsWritten}: ${shape} until ${expirySeconds}; settles from the oracle` };
  }
  const forecastVariance = annualVariance(memory.forecast, params.sampleSeconds);
  if (forecastVariance === undefined || memory.forecast.samples < params.minSamples) {
    return { intents: [], memory, note: `realized-variance forecast warming up (${memory.forecast.samples}/${params.minSamples} samples): staying in cash` };
  }
  const expirySeconds = chooseExpiry(chain, view.blockTimestampSeconds, params.tenorSeconds, params.minSecondsToExpiry);
  if (expirySeconds === undefined) return { intents: [], memory, note: `no listed expiry at least ${params.minSecondsToExpiry} s away` };
  const atm = atTheMoney(chain, 'call', expirySeconds);
  if (atm === undefined) return { intents: [], memory, note: 'no at-the-money quote' };
  const impliedVariance = atm.quote.volatility * atm.quote.volatility;
  if (!(impliedVariance > forecastVariance * (1 + params.varianceMarginFraction))) {
    return {
      intents: [],
      memory,
      note: `implied variance ${impliedVariance.toFixed(4)} ≤ forecast ${forecastVariance.toFixed(4)} × (1 + ${params.varianceMarginFraction}): staying in cash`,
    };
  }
  const minSizeWei = BigInt(Math.ceil(params.minContracts * 1e18));
  const freeUnderlying = account?.underlying ?? 0n;
  const freeCash = account?.cash ?? 0n;
  const idleUnderlying = book.idle[chain.underlyingToken] ?? 0n;
  const idleCash = book.idle[chain.cashToken] ?? 0n;
  const depositUnderlying = share(idleUnderlying + freeUnderlying, params.collateralFraction) - freeUnderlying;
  const depositCash = share(idleCash + freeCash, params.collateralFraction) - freeCash;
  const minCash = BigInt(Math.ceil(params.minContracts * view.externalPrice * 10 ** chain.collateralDecimals));
  const underlyingIn = depositUnderlying >= minSizeWei && depositUnderlying <= idleUnderlying ? depositUnderlying : 0n;
  const cashIn = depositCash >= minCash && depositCash <= idleCash ? depositCash : 0n;
  if (underlyingIn + cashIn > 0n) {
    return { intents: [{ kind: 'optionDeposit', ...(underlyingIn > 0n ? { underlyingWei: underlyingIn } : {}), ...(cashIn > 0n ? { cashUnits: cashIn } : {}), reason: `${shape}: collateral for the next round` }], memory };
  }
  const legs = legsOf(shape, chain, expirySeconds, params);
  if (typeof legs === 'string') return { intents: [], memory, note: legs };
  const shortPut = legs.find((l) => l.side === 'sell' && l.optionKind === 'put')!;
  // the longs' premium is paid from free cash: keep it out of the put's collateral
  const longCostPerUnit = legs.filter((l) => l.side === 'buy').reduce((total, l) => total + l.quote.ask, 0);
  const cashForPuts = freeCash - BigInt(Math.ceil(longCostPerUnit * 1.1 * Number(freeUnderlying) / 1e18 * 10 ** chain.collateralDecimals));
  const putSize = coveredSizeWei('put', shortPut.strike, cashForPuts, chain.collateralDecimals);
  const sizeWei = putSize < freeUnderlying ? putSize : freeUnderlying;
  if (sizeWei < minSizeWei) return { intents: [], memory, note: `collateral covers ${Number(sizeWei) / 1e18} contracts, below ${params.minContracts}` };
  for (const leg of legs) {
    if (leg.side === 'sell' && !(leg.quote.bid > 0 && leg.quote.bid >= leg.quote.mid * params.reserveDiscount)) {
      return { intents: [], memory, note: `${leg.optionKind} ${leg.strike} bid ${leg.quote.bid} below the reserve: waiting` };
    }
  }
  const intents: Intent[] = legs.map((leg) => ({
    kind: 'optionTrade',
    side: leg.side,
    optionKind: leg.optionKind,
    strike: leg.strike,
    expirySeconds,
    sizeWei,
    ...(leg.side === 'sell' ? { limitPrice: leg.quote.mid * params.reserveDiscount } : {}),
    reason: `${shape}: ${leg.side} ${Number(sizeWei) / 1e18} ${leg.optionKind}s K=${leg.strike} (implied var ${impliedVariance.toFixed(4)} > forecast ${forecastVariance.toFixed(4)} × ${1 + params.varianceMarginFraction})`,
  }));
  return { intents, memory };
}
