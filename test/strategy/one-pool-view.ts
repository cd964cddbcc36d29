/** A frozen MarketView of one pool and nothing else, for strategies' pure `decide` tests. */
import { deepFreeze } from '../../src/engine/loop.js';
import type { MarketView, PoolSnapshot } from '../../src/market/simulator/market-view.js';
import { getSqrtRatioAtTick } from '../../src/uniswap-v3/tick-math.js';

export interface OnePoolViewOptions {
  readonly pool: string;
  readonly tick: number;
  readonly twapTick: number | undefined;
  readonly seconds: number;
  /** the pool's and the external price (numeraire per risky asset); 0 when the test does not read it */
  readonly price?: number;
}

export function onePoolView(options: OnePoolViewOptions): MarketView {
  const price = options.price ?? 0;
  const snapshot: PoolSnapshot = deepFreeze({
    id: options.pool,
    sqrtPriceX96: getSqrtRatioAtTick(options.tick),
    tick: options.tick,
    liquidity: 10n ** 18n,
    price,
    twapTick: options.twapTick,
  });
  return deepFreeze({
    blockNumber: 1,
    blockTimestampSeconds: options.seconds,
    nowSeconds: options.seconds,
    externalPrice: price,
    nativePrice: price,
    baseFeeWei: 0n,
    poolIds: [options.pool],
    oracleAssets: [],
    lendingMarketIds: [],
    oracle: () => undefined,
    oracleRound: () => undefined,
    pool: (id: string) => {
      if (id !== options.pool) throw new Error(`no pool ${id}`);
      return snapshot;
    },
    lendingReserve: () => undefined,
    snapshot: () => {
      throw new Error('not used');
    },
  });
}
