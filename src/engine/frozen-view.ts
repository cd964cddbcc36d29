/**
 * A frozen MarketView: the live view's answers captured at one moment. The strategy gets this,
 * so `decide` cannot see the market move under it, and two calls on it see the same market.
 *
 * Capture is lazy: an answer is read from the live view the first time the strategy asks for
 * it and kept. Nothing can move the market while `decide` runs (it is synchronous and the
 * simulator only advances between decisions), so a lazy answer equals an eager one; a strategy
 * reads one pool and one oracle, and copying every venue each block cost more than deciding.
 * After the decision the engine seals the view: a strategy that kept it and reads it later gets
 * an error instead of a market from another block.
 */
import type { MarketSnapshot, MarketView, OptionChainView, OracleAnswer, PoolSnapshot } from '../market/simulator/market-view.js';
import type { OptionQuote } from '../market/options/quote.js';
import type { RoundData } from '../market/oracle/price-feed.js';
import type { ReserveData } from '../market/lending/lending-market.js';

export interface SealableView {
  readonly view: MarketView;
  /** Ends the view's life: every later read throws. */
  seal(): void;
}

export class StaleViewError extends Error {
  override readonly name = 'StaleViewError';
}

function memoize<V>(read: (key: string) => V): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    if (cache.has(key)) return cache.get(key)!;
    const value = read(key);
    cache.set(key, value);
    return value;
  };
}

function freezeCopy<T extends object>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : Object.freeze({ ...value });
}

export function sealableFrozenView(live: MarketView): SealableView {
  let sealed = false;
  const alive = (what: string): void => {
    if (sealed) throw new StaleViewError(`the market view of block ${blockNumber} was read (${what}) after its decision`);
  };
  const blockNumber = live.blockNumber;
  const pool = memoize((id: string): PoolSnapshot => Object.freeze({ ...live.pool(id) }));
  const oracle = memoize((asset: string): OracleAnswer | undefined => freezeCopy(live.oracle(asset)));
  const oracleRound = memoize((asset: string): RoundData | undefined => freezeCopy(live.oracleRound(asset)));
  const lendingMarketIds = Object.freeze([...live.lendingMarketIds]);
  const defaultMarket = lendingMarketIds[0] ?? '';
  const lendingReserve = memoize((key: string): ReserveData | undefined => {
    const cut = key.indexOf('|');
    return freezeCopy(live.lendingReserve(key.slice(cut + 1), key.slice(0, cut)));
  });
  let snapshot: MarketSnapshot | undefined;
  const options = live.options === undefined ? undefined : frozenChain(live.options, alive);
  const view: MarketView = Object.freeze({
    blockNumber,
    blockTimestampSeconds: live.blockTimestampSeconds,
    nowSeconds: live.nowSeconds,
    externalPrice: live.externalPrice,
    nativePrice: live.nativePrice,
    baseFeeWei: live.baseFeeWei,
    poolIds: Object.freeze([...live.poolIds]),
    oracleAssets: Object.freeze([...live.oracleAssets]),
    lendingMarketIds,
    oracle: (asset: string) => (alive('oracle'), oracle(asset)),
    oracleRound: (asset: string) => (alive('oracleRound'), oracleRound(asset)),
    pool: (id: string) => (alive('pool'), pool(id)),
    lendingReserve: (asset: string, market?: string) => (alive('lendingReserve'), lendingReserve(`${market ?? defaultMarket}|${asset}`)),
    ...(options === undefined ? {} : { options }),
    snapshot: () => {
      alive('snapshot');
      snapshot ??= live.snapshot();
      return snapshot;
    },
  });
  return {
    view,
    seal: () => {
      sealed = true;
    },
  };
}

/** The option chain, captured lazily like the rest of the frozen view. */
function frozenChain(live: OptionChainView, alive: (what: string) => void): OptionChainView {
  let expiries: readonly number[] | undefined;
  const strikes = memoize((expiry: string): readonly number[] => Object.freeze([...live.strikes(Number(expiry))]));
  const quote = memoize((key: string): OptionQuote | undefined => {
    const [kind, strike, expiry] = key.split('|') as ['call' | 'put', string, string];
    const found = live.quote(kind, Number(strike), Number(expiry));
    return found === undefined ? undefined : Object.freeze({ ...found, greeks: Object.freeze({ ...found.greeks }) });
  });
  return Object.freeze({
    cashToken: live.cashToken,
    underlyingToken: live.underlyingToken,
    collateralDecimals: live.collateralDecimals,
    expiries: () => {
      alive('options.expiries');
      expiries ??= Object.freeze([...live.expiries()]);
      return expiries;
    },
    strikes: (expirySeconds: number) => (alive('options.strikes'), strikes(String(expirySeconds))),
    quote: (kind: 'call' | 'put', strike: number, expirySeconds: number) => (alive('options.quote'), quote(`${kind}|${strike}|${expirySeconds}`)),
  });
}

/**
 * An eager frozen view that never expires, for callers outside the engine loop (tests, tools): it
 * copies every answer now, so it stays the market of this moment however long it is kept. It
 * carries no option chain (quotes move with the clock; a kept chain would lie).
 */
export function freezeView(live: MarketView): MarketView {
  const snapshot: MarketSnapshot = live.snapshot();
  const rounds = new Map<string, RoundData>();
  for (const asset of live.oracleAssets) {
    const round = live.oracleRound(asset);
    if (round !== undefined) rounds.set(asset, Object.freeze({ ...round }));
  }
  const answers = new Map<string, OracleAnswer>(snapshot.oracles.map((answer) => [answer.asset, Object.freeze(answer)]));
  const pools = new Map<string, PoolSnapshot>(snapshot.pools.map((pool) => [pool.id, Object.freeze(pool)]));
  const reserves = new Map<string, ReserveData>();
  for (const market of snapshot.lendingMarkets) for (const reserve of market.reserves) reserves.set(`${market.id}|${reserve.symbol}`, Object.freeze(reserve));
  const lendingMarketIds = Object.freeze(snapshot.lendingMarkets.map((market) => market.id));
  return Object.freeze({
    blockNumber: snapshot.blockNumber,
    blockTimestampSeconds: snapshot.blockTimestampSeconds,
    nowSeconds: snapshot.nowSeconds,
    externalPrice: snapshot.externalPrice,
    nativePrice: snapshot.nativePrice,
    baseFeeWei: snapshot.baseFeeWei,
    poolIds: Object.freeze([...live.poolIds]),
    oracleAssets: Object.freeze([...live.oracleAssets]),
    lendingMarketIds,
    oracle: (asset: string) => answers.get(asset),
    oracleRound: (asset: string) => rounds.get(asset),
    pool: (id: string) => {
      const pool = pools.get(id);
      if (pool === undefined) throw new Error(`no pool ${id}`);
      return pool;
    },
    lendingReserve: (asset: string, market?: string) => reserves.get(`${market ?? lendingMarketIds[0]}|${asset}`),
    snapshot: () => snapshot,
  });
}
