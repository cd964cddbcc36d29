/**
 * One round of an option-writing vault (the theta-vault pattern), for calls (the covered call,
 * collateralized in the underlying) or puts (the cash-secured put, collateralized in cash):
 *
 *   1. no option written and collateral idle in the vault → deposit it into the option account
 *      (`collateralFraction` of what the vault holds of the collateral token, idle + free);
 *   2. free collateral in the account → write the listed strike nearest `targetDelta` on the
 *      listed expiry nearest `tenorSeconds` ahead, the size the collateral covers, with a reserve
 *      price of the BSM premium (the venue's mid) × `reserveDiscount` as the sale's limit; a bid
 *      below the reserve waits for the next decision;
 *   3. written → hold to expiry: the venue settles from the oracle out of the locked collateral
 *      and releases the rest, and the next decision starts the next round (the roll).
 *
 * The call writer takes its premium cash home between rounds (the underlying is its
 * collateral); the put writer keeps it in the account, where it secures the next put. Deposits
 * therefore wait for the next round, and what is not locked can leave at any time. Nothing is
 * decided while a transaction is in flight; pure, memory is plain JSON.
 *
 * With `hedge`, a decision that has nothing to write hands over to the delta hedge
 * (hedging/delta-hedge.ts), which squares the book's net delta on the perp venue.
 */
import { notionalToBaseUnits } from '../../market/money.js';
import type { MarketView } from '../../market/simulator/market-view.js';
import type { Book, Decision, Intent } from '../types.js';
import type { OptionWritingMemory } from './memory.js';
import type { OptionWritingParams } from './params.js';
import { deltaHedgeIntents } from '../hedging/delta-hedge.js';
import { chooseExpiry, chooseStrike, coveredSizeWei } from './selection.js';

const WEI_PER_UNIT = 10n ** 18n;

function share(amount: bigint, fraction: number): bigint {
  return (amount * BigInt(Math.round(fraction * 1e9))) / 1_000_000_000n;
}

export function decideOptionWriting(
  kind: 'call' | 'put',
  view: MarketView,
  book: Book,
  params: OptionWritingParams,
  memory: OptionWritingMemory,
): Decision<OptionWritingMemory> {
  const decision = writeStep(kind, view, book, params, memory);
  if (decision.intents.length > 0 || params.hedge === undefined || book.pending.length > 0) return decision;
  const hedge = deltaHedgeIntents(view, book, params.hedge);
  return { intents: hedge.intents, memory: decision.memory, note: decision.note === undefined ? hedge.note : `${decision.note}; ${hedge.note}` };
}

function writeStep(
  kind: 'call' | 'put',
  view: MarketView,
  book: Book,
  params: OptionWritingParams,
  memory: OptionWritingMemory,
): Decision<OptionWritingMemory> {
  if (book.pending.length > 0) return { intents: [], memory, note: `waiting for ${book.pending.length} transaction(s) in flight` };
  const chain = view.options;
  if (chain === undefined) return { intents: [], memory, note: 'the market has no option venue: nothing to write' };
  const account = book.options;
  const written = account?.positions.find((p) => p.optionKind === kind && p.sizeWei < 0n);
  if (written !== undefined) {
    const seen = memory.expirySeconds === written.expirySeconds && memory.strike === written.strike;
    const next = seen ? memory : { roundsWritten: memory.roundsWritten + 1, expirySeconds: written.expirySeconds, strike: written.strike };
    const contracts = Number(-written.sizeWei) / 1e18;
    return { intents: [], memory: next, note: `round ${next.roundsWritten}: ${contracts} ${kind}s K=${written.strike} written until ${written.expirySeconds}; settles from the oracle` };
  }
  const cashHome = account?.cash ?? 0n;
  if (kind === 'call' && cashHome > 0n) {
    return { intents: [{ kind: 'optionWithdraw', cashUnits: cashHome, reason: 'covered call: premium and released cash home between rounds' }], memory };
  }
  const collateralToken = kind === 'call' ? chain.underlyingToken : chain.cashToken;
  const free = kind === 'call' ? (account?.underlying ?? 0n) : cashHome;
  const idle = book.idle[collateralToken] ?? 0n;
  const minSizeWei = BigInt(Math.ceil(params.minContracts * 1e18));
  // the smallest round in collateral: minContracts of underlying, or of cash at the spot for a put
  const minCollateral = kind === 'call' ? minSizeWei : notionalToBaseUnits('minContracts', view.externalPrice, minSizeWei, chain.collateralDecimals, 'userPays');
  const toDeposit = share(idle + free, params.collateralFraction) - free;
  if (toDeposit >= minCollateral && toDeposit <= idle) {
    const amount = kind === 'call' ? { underlyingWei: toDeposit } : { cashUnits: toDeposit };
    return { intents: [{ kind: 'optionDeposit', ...amount, reason: `${kind} writer: ${toDeposit} base units of ${collateralToken} as collateral for the next round` }], memory };
  }
  const expirySeconds = chooseExpiry(chain, view.blockTimestampSeconds, params.tenorSeconds, params.minSecondsToExpiry);
  if (expirySeconds === undefined) return { intents: [], memory, note: `no listed expiry at least ${params.minSecondsToExpiry} s away` };
  const chosen = chooseStrike(chain, kind, expirySeconds, params.targetDelta);
  if (chosen === undefined) return { intents: [], memory, note: `no tradable strike on expiry ${expirySeconds}` };
  const sizeWei = coveredSizeWei(kind, chosen.strike, free, chain.collateralDecimals);
  if (sizeWei < minSizeWei) return { intents: [], memory, note: `free collateral covers ${Number(sizeWei) / 1e18} contracts, below ${params.minContracts}` };
  const reservePrice = chosen.quote.mid * params.reserveDiscount;
  if (chosen.quote.bid < reservePrice || !(chosen.quote.bid > 0)) {
    return { intents: [], memory, note: `bid ${chosen.quote.bid} below the reserve ${reservePrice.toFixed(4)} (BSM ${chosen.quote.mid.toFixed(4)} × ${params.reserveDiscount}): waiting` };
  }
  const intent: Intent = {
    kind: 'optionTrade',
    side: 'sell',
    optionKind: kind,
    strike: chosen.strike,
    expirySeconds,
    sizeWei,
    limitPrice: reservePrice,
    reason: `write ${Number(sizeWei) / Number(WEI_PER_UNIT)} ${kind}s K=${chosen.strike} (|Δ| ${Math.abs(chosen.quote.greeks.delta).toFixed(3)}, target ${params.targetDelta}) expiring ${expirySeconds}; reserve ${reservePrice.toFixed(4)}`,
  };
  return { intents: [intent], memory };
}
