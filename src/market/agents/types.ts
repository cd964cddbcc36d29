/**
 * What a simulated agent is: a small object that, once per block, looks at the market as of
 * the previous block (and the public mempool) and returns the transactions and bundles it
 * wants sent. Agents never write to a venue: they read venues (quotes, clones, views) through
 * `AgentApi` and act only through what they return, which the simulator validates, prices and
 * executes like any other sender's transactions.
 */
import type { GasSchedule } from '../chain/gas-schedule.js';
import type { MempoolTransaction } from '../chain/mempool.js';
import type { LendingMarket } from '../lending/lending-market.js';
import type { SimPayload, SimTransactionRequest } from '../simulator/actions.js';
import type { MarketView } from '../simulator/market-view.js';
import type { PoolVenue } from '../simulator/venues.js';

/** A bundle item: an own transaction, or the id of a public pending one (the victim). */
export type BundleItemRequest = SimTransactionRequest | string;

export type AgentOrder =
  | { readonly type: 'tx'; readonly tx: SimTransactionRequest }
  | { readonly type: 'bundle'; readonly items: readonly BundleItemRequest[]; readonly targetBlockNumber: number };

/** The read side of the mempool. */
export interface MempoolReader {
  readonly pendingCount: number;
  /** public pending transactions in arrival order (a fresh array) */
  publicPending(): MempoolTransaction<SimPayload>[];
  isPending(id: string): boolean;
  /** the nonce the sender's next included transaction must carry */
  accountNonce(sender: string): number;
}

/** What the simulator lends agents to read the market with. Treat venues as read-only. */
export interface AgentApi {
  pool(id: string): PoolVenue;
  /** a lending market by id (default: the first) */
  lending(market?: string): LendingMarket | undefined;
  /** every lending market's id, in order (absent: only the default market, if any) */
  readonly lendingMarketIds?: readonly string[];
  balanceOf(address: string, token: string): bigint;
  readonly gasSchedule: GasSchedule;
  readonly nativeToken: string;
  readonly nativeDecimals: number;
}

export interface Agent {
  readonly name: string;
  act(view: MarketView, mempool: MempoolReader, api: AgentApi): readonly AgentOrder[];
}

/** The answer of an agent with nothing to do (shared, so idle blocks allocate nothing). */
export const NO_ORDERS: readonly AgentOrder[] = Object.freeze([]);

/** Value in the numeraire of `gasUsed` at `gasPriceWei`, given the native token's price. */
export function gasCostNumeraire(gasUsed: bigint, gasPriceWei: bigint, nativePrice: number, nativeDecimals = 18): number {
  return (Number(gasUsed * gasPriceWei) / Math.pow(10, nativeDecimals)) * nativePrice;
}

/**
 * The numeraire value of one base unit of a pool token: the stable side is worth 10^−decimals,
 * the risky side the external price × 10^−decimals.
 */
export function unitValue(venue: PoolVenue, token: 0 | 1, externalPrice: number): number {
  const risky = (token === 0) === venue.riskyIsToken0;
  const decimals = token === 0 ? venue.decimals0 : venue.decimals1;
  return (risky ? externalPrice : 1) * Math.pow(10, -decimals);
}
