/**
 * What the engine loop needs from an executor, in one type, so the simulated executor and the
 * chain executor are two implementations of the same contract: prepare an intent (guarded
 * actions and their gas ceiling), send it, list what is in flight, and collect what became of it.
 *
 * The loop is synchronous (the simulator answers at once); a chain answers later. `AsyncExecutor`
 * is the same contract with the venue-facing methods (prepare, send, submit, collect) allowed to
 * return a promise: a synchronous `Executor` is also an `AsyncExecutor`, so a driver that awaits
 * (issue 8's keeper) can take either.
 */
import type { Action } from '../market/simulator/actions.js';
import type { Intent } from '../strategy/types.js';
import type { Execution, PreparedIntent, SentTransaction } from './sim-executor.js';

export type { Execution, PreparedIntent, SentTransaction } from './sim-executor.js';

export interface Executor {
  /** the address every transaction is sent from */
  readonly sender: string;
  /** transactions sent and not yet resolved, oldest first */
  pending(): readonly SentTransaction[];
  /** the action of a transaction still in flight */
  actionOf(txId: string): Action | undefined;
  /** Σ gas ceilings of the transactions still in flight */
  inFlightGasCeilingWei(): bigint;
  /** the guarded actions of an intent on the current state, and the gas they may cost at most */
  prepare(intent: Intent): PreparedIntent;
  send(prepared: PreparedIntent): SentTransaction;
  submit(intent: Intent): SentTransaction;
  /** what happened to the transactions in flight, in send order */
  collect(): Execution[];
}

type Awaitable<T> = T | Promise<T>;

/** The methods that talk to the venue; the others read the executor's own state. */
type VenueFacing = 'prepare' | 'send' | 'submit' | 'collect';

/** `Executor` whose venue-facing methods may answer later (a chain). */
export type AsyncExecutor = Omit<Executor, VenueFacing> & {
  readonly [K in VenueFacing]: (...args: Parameters<Executor[K]>) => Awaitable<ReturnType<Executor[K]>>;
};
