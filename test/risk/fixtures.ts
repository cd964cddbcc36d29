/** Small hand-made Book / MarketView inputs for the risk rules' tests (plain data, not mocks). */
import type { ReserveData } from '../../src/market/lending/lending-market.js';
import type { MarketView, OracleAnswer, PoolSnapshot } from '../../src/market/simulator/market-view.js';
import { buildRiskContext } from '../../src/risk/check.js';
import { parseRiskLimits } from '../../src/risk/limits.js';
import type { RiskContext, RiskMarket } from '../../src/risk/types.js';
import type { Book, BookLendingPosition, BookLpPosition } from '../../src/strategy/types.js';
import { getSqrtRatioAtTick } from '../../src/uniswap-v3/tick-math.js';

export const POOL = 'WETH/USDC-0.05%';
export const USDC = 1_000_000n;
export const WETH = 10n ** 18n;
export const NOW = 1_700_000_000;
/** tick of ≈ 2000 USDC per WETH (WETH token0, 18 decimals; USDC token1, 6 decimals) */
export const TICK = -200_311;
export const SQRT_PRICE = getSqrtRatioAtTick(TICK);
export const POOL_PRICE = (Number(SQRT_PRICE) / 2 ** 96) ** 2 * 1e12;
/** the oracle's integer answer (8 decimals) equal to the pool price, rounded */
export const ORACLE_ANSWER = BigInt(Math.round(POOL_PRICE * 1e8));

export const MARKET: RiskMarket = {
  numeraire: 'USDC',
  decimals: { USDC: 6, WETH: 18, ETH: 18 },
  aliases: { ETH: 'WETH' },
  feedDecimals: { WETH: 8, USDC: 8 },
  pools: { [POOL]: { token0: 'WETH', token1: 'USDC', feePips: 500 } },
  liquidationThresholdBps: { WETH: 8250, USDC: 8000 },
};

export interface ViewOptions {
  readonly wethAnswer?: bigint;
  readonly wethUpdatedAt?: number;
  readonly nowSeconds?: number;
  readonly tick?: number;
  readonly twapTick?: number | undefined;
  readonly liquidity?: bigint;
  readonly utilizationRay?: bigint;
  readonly availableUsdc?: bigint;
  readonly noWethOracle?: boolean;
}

function reserve(symbol: string, utilizationRay: bigint, availableLiquidity: bigint): ReserveData {
  return {
    symbol,
    liquidityRateRay: 0n,
    variableBorrowRateRay: 0n,
    liquidityIndexRay: 10n ** 27n,
    variableBorrowIndexRay: 10n ** 27n,
    lastUpdateTimestampSeconds: NOW,
    utilizationRay,
    totalSupply: availableLiquidity,
    totalDebt: 0n,
    availableLiquidity,
    treasuryBalance: 0n,
    scaledATokenSupply: availableLiquidity,
    scaledVariableDebt: 0n,
    externalYield: 0n,
  };
}

export function makeView(options: ViewOptions = {}): MarketView {
  const now = options.nowSeconds ?? NOW;
  const tick = options.tick ?? TICK;
  const sqrtPriceX96 = getSqrtRatioAtTick(tick);
  const snapshot: PoolSnapshot = {
    id: POOL,
    sqrtPriceX96,
    tick,
    liquidity: options.liquidity ?? 10n ** 19n,
    price: (Number(sqrtPriceX96) / 2 ** 96) ** 2 * 1e12,
    twapTick: 'twapTick' in options ? options.twapTick : tick,
  };
  const oracles: Record<string, OracleAnswer> = {
    USDC: { asset: 'USDC', roundId: 1n, answer: 100_000_000n, price: 1, updatedAt: now - 60 },
  };
  if (options.noWethOracle !== true) {
    const answer = options.wethAnswer ?? ORACLE_ANSWER;
    oracles['WETH'] = { asset: 'WETH', roundId: 1n, answer, price: Number(answer) / 1e8, updatedAt: options.wethUpdatedAt ?? now - 60 };
  }
  const reserves: Record<string, ReserveData> = {
    USDC: reserve('USDC', options.utilizationRay ?? 5n * 10n ** 26n, options.availableUsdc ?? 50_000_000n * USDC),
    WETH: reserve('WETH', 3n * 10n ** 26n, 10_000n * WETH),
  };
  const view: MarketView = {
    blockNumber: 100,
    blockTimestampSeconds: now,
    nowSeconds: now,
    externalPrice: POOL_PRICE,
    nativePrice: POOL_PRICE,
    baseFeeWei: 1_000_000_000n,
    poolIds: [POOL],
    oracleAssets: ['USDC', 'WETH'],
    lendingMarketIds: ['lending'],
    oracle: (asset) => oracles[asset],
    oracleRound: (asset) => {
      const o = oracles[asset];
      return o === undefined ? undefined : { roundId: o.roundId, answer: o.answer, startedAt: o.updatedAt, updatedAt: o.updatedAt, answeredInRound: o.roundId };
    },
    pool: (id) => {
      if (id !== POOL) throw new Error(`no pool ${id}`);
      return snapshot;
    },
    lendingReserve: (asset, market) => (market === undefined || market === 'lending' ? reserves[asset] : undefined),
    snapshot: () => {
      throw new Error('not used by the risk rules');
    },
  };
  return view;
}

export interface BookOptions {
  readonly usdc?: bigint;
  readonly weth?: bigint;
  readonly lp?: readonly BookLpPosition[];
  readonly lending?: readonly BookLendingPosition[];
  readonly shares?: bigint;
}

export function makeBook(options: BookOptions = {}): Book {
  return {
    address: 'vault',
    blockNumber: 100,
    idle: { USDC: options.usdc ?? 100_000n * USDC, WETH: options.weth ?? 10n * WETH },
    lp: options.lp ?? [],
    lending: options.lending ?? [],
    pending: [],
    sharesOutstanding: options.shares ?? 120_000n * 10n ** 12n,
  };
}

export function makeContext(book: Book = makeBook(), view: MarketView = makeView(), limits: unknown = {}): RiskContext {
  return buildRiskContext(view, book, parseRiskLimits(limits), MARKET);
}
