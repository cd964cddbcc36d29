/**
 * Marks and exact valuation.
 *
 * Mark: the Chainlink-style oracle's latest answer at the block (what the lending market itself
 * reads), not the pool: the pool is the venue whose trades we are measuring, and its TWAP lags
 * by its window. The numeraire is valued at par (1 base unit = 1 base unit), whatever its feed
 * says. A token without its own feed may borrow another's (the native gas token ETH → WETH).
 *
 * The oracle publishes only on a deviation or a heartbeat, so between updates the split of the
 * PnL between "impermanent loss" and "price effect" follows the stale mark (the sum is exact
 * either way). A backtest may mark the risky tokens at the simulator's external (CEX) price
 * instead (`external`): a price a live keeper does not have, but the one against which LVR is
 * defined. It is converted once per block with money.ts's exact floor.
 *
 * Exactness: a mark is the value of ONE base unit of the token in "scaled units" of the
 * numeraire (numeraire base units × SCALE, SCALE = 10^36), an exact integer for any feed with
 * feedDecimals + tokenDecimals <= 36 + numeraireDecimals. Values are amount × mark, so
 * valuation is linear and exact: V(a + b) = V(a) + V(b), and every PnL component defined as a
 * value difference adds up with no rounding at all. The one rounding is the final division by
 * SCALE into base units (see pnl.ts for where its remainder is attributed).
 */
import { InvalidInputError } from '../errors.js';
import { toBaseUnits, unitScale } from '../market/money.js';
import type { MarketView } from '../market/simulator/market-view.js';

export const SCALE = 10n ** 36n;

/** token → scaled numeraire units per token base unit */
export type Marks = ReadonlyMap<string, bigint>;

export interface MarkSource {
  readonly numeraire: string;
  /** token → decimals, every token that can be held */
  readonly decimals: Readonly<Record<string, number>>;
  /** token → the oracle asset that prices it when it has no feed of its own */
  readonly aliases: Readonly<Record<string, string>>;
  /** tokens marked at the view's external price of the risky asset instead of an oracle */
  readonly external?: readonly string[];
}

export function decimalsOf(source: MarkSource, token: string): number {
  const decimals = source.decimals[token];
  if (decimals === undefined) throw new InvalidInputError('token', token, 'has no known decimals');
  return decimals;
}

const pow10 = (exponent: number): bigint => (exponent <= 36 ? unitScale('decimals', exponent) : 10n ** BigInt(exponent));

/** The marks of every known token at the view's time. */
export function marksAt(view: MarketView, source: MarkSource, feedDecimals: (asset: string) => number): Marks {
  const numeraireDecimals = decimalsOf(source, source.numeraire);
  const marks = new Map<string, bigint>();
  const externalByDecimals = new Map<number, bigint>();
  for (const token of Object.keys(source.decimals).sort()) {
    const tokenDecimals = decimalsOf(source, token);
    if (token === source.numeraire) {
      marks.set(token, SCALE);
      continue;
    }
    if (source.external?.includes(token) === true) {
      // tokens of equal decimals share the mark (WETH and the native ETH): convert once
      let mark = externalByDecimals.get(tokenDecimals);
      if (mark === undefined) {
        mark = toBaseUnits('externalPrice', view.externalPrice, pow10(numeraireDecimals) * SCALE, pow10(tokenDecimals), 'userReceives');
        externalByDecimals.set(tokenDecimals, mark);
      }
      marks.set(token, mark);
      continue;
    }
    const asset = view.oracleAssets.includes(token) ? token : source.aliases[token];
    const round = asset === undefined ? undefined : view.oracleRound(asset);
    if (asset === undefined || round === undefined) throw new InvalidInputError('marks', token, `no oracle answer to mark ${token} at block ${view.blockNumber}`);
    if (round.answer <= 0n) throw new InvalidInputError('marks', round.answer, `oracle ${asset} answers a non-positive price`);
    // answer / 10^feed numeraire units per whole token = answer × 10^num × SCALE / 10^(feed + token) per base unit
    const numerator = round.answer * pow10(numeraireDecimals) * SCALE;
    const denominator = pow10(feedDecimals(asset) + tokenDecimals);
    if (numerator % denominator !== 0n) throw new InvalidInputError('marks', token, 'feed and token decimals exceed the exact scale');
    marks.set(token, numerator / denominator);
  }
  return marks;
}

/** Σ amount × mark over a token → amount map (signed amounts allowed). */
export function valueOf(amounts: ReadonlyMap<string, bigint>, marks: Marks): bigint {
  let total = 0n;
  for (const [token, amount] of amounts) {
    if (amount === 0n) continue;
    const mark = marks.get(token);
    if (mark === undefined) throw new InvalidInputError('token', token, 'has no mark');
    total += amount * mark;
  }
  return total;
}

/** Scaled units → numeraire base units, rounded toward negative infinity (floor). */
export function scaledToBaseUnits(scaled: bigint): bigint {
  const quotient = scaled / SCALE;
  return scaled < 0n && quotient * SCALE !== scaled ? quotient - 1n : quotient;
}

/** Base units of the numeraire per whole risky token, as a number, for charts only. */
export function markPrice(marks: Marks, token: string, tokenDecimals: number, numeraireDecimals: number): number {
  const mark = marks.get(token);
  if (mark === undefined) throw new InvalidInputError('token', token, 'has no mark');
  return (Number(mark) / Number(SCALE)) * 10 ** (tokenDecimals - numeraireDecimals);
}
