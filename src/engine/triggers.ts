/**
 * Triggers decide WHEN the strategy is asked. Each is a small state machine: `fires` reads the
 * view and the book; `decided` is told after every decision (whichever trigger caused it), so
 * "every N seconds" and "oracle deviation" measure from the last decision.
 */
import { InvalidInputError } from '../errors.js';
import type { MarketView } from '../market/simulator/market-view.js';
import type { Book } from '../strategy/types.js';

export interface Trigger {
  readonly name: string;
  fires(view: MarketView, book: Book): boolean;
  decided(view: MarketView): void;
}

/** Every block. */
export function everyBlock(): Trigger {
  return { name: 'every block', fires: () => true, decided: () => undefined };
}

/** When at least `seconds` passed since the last decision (and at the first block). */
export function everySeconds(seconds: number): Trigger {
  if (!(Number.isFinite(seconds) && seconds > 0)) throw new InvalidInputError('everySeconds', seconds, 'must be a finite number > 0');
  let lastSeconds: number | undefined;
  return {
    name: `every ${seconds} s`,
    fires: (view) => lastSeconds === undefined || view.blockTimestampSeconds - lastSeconds >= seconds,
    decided: (view) => {
      lastSeconds = view.blockTimestampSeconds;
    },
  };
}

/**
 * When the asset's oracle answer moved by at least `bps` from its answer at the last decision
 * (and at the first block with an answer).
 */
export function oracleDeviation(asset: string, bps: number): Trigger {
  if (!(Number.isFinite(bps) && bps > 0)) throw new InvalidInputError('oracleDeviation.bps', bps, 'must be a finite number > 0');
  const thresholdBps = BigInt(Math.ceil(bps * 100));
  let reference: bigint | undefined;
  return {
    name: `oracle ${asset} ±${bps} bps`,
    fires: (view) => {
      const round = view.oracleRound(asset);
      if (round === undefined) return false;
      if (reference === undefined) return true;
      const move = round.answer > reference ? round.answer - reference : reference - round.answer;
      // move / reference >= bps / 1e4, in integers (bps kept to 0.01 bp)
      return move * 1_000_000n >= thresholdBps * reference;
    },
    decided: (view) => {
      const round = view.oracleRound(asset);
      if (round !== undefined) reference = round.answer;
    },
  };
}

/** A strategy-defined threshold: fires whenever the predicate on view and book holds. */
export function threshold(name: string, predicate: (view: MarketView, book: Book) => boolean): Trigger {
  return { name, fires: predicate, decided: () => undefined };
}
