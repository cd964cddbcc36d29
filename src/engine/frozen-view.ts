/**
 * A frozen MarketView: the live view's answers captured at one moment. The strategy gets this,
 * so `decide` cannot see the market move under it, and two calls on it see the same market.
 */
import type { MarketSnapshot, MarketView, OracleAnswer, PoolSnapshot } from '../market/simulator/market-view.js';
import type { RoundData } from '../market/oracle/price-feed.js';
import type { ReserveData } from '../market/lending/lending-market.js';

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
