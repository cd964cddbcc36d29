/**
 * A venue's health score in [0, 1], the product of its components (each in [0, 1], so any one
 * weak component pulls the score down and a zero in one is a zero overall):
 *
 * - pools (`venue` = pool id):
 *   depth = min(1, D / referenceDepthBaseUnits), D the numeraire value of the token1 that moves
 *   the pool's price up by `depthMoveBps` at its active liquidity (L·(√P' − √P), valued at the
 *   marks): thin pools score low;
 *   twap = max(0, 1 − |TWAP − oracle| / oracle / twapDisagreementZeroBps): a pool whose TWAP
 *   disagrees with the oracle is being moved, or the oracle is wrong. A pool without a TWAP
 *   (no window, or not enough history) has this component unmeasured and scored 1; the
 *   oracle-deviation rule still compares its spot price with the oracle.
 * - lending reserves (`venue` = "<lending venue>:<asset>", the venue a market's id, see
 *   `lendingVenueName`):
 *   utilization = 1 up to `utilizationKinkBps`, then linear to 0 at 100 %: near full
 *   utilization suppliers cannot withdraw;
 *   depth = min(1, available liquidity value / referenceDepthBaseUnits).
 *
 * Unknown venues score 0.
 */
import { SCALE, type Marks } from '../engine/valuation.js';
import type { MarketView } from '../market/simulator/market-view.js';
import { getAmount1Delta } from '../uniswap-v3/sqrt-price-math.js';
import type { RiskLimits } from './limits.js';
import { lendingMarketOfVenue, type RiskMarket, type VenueHealth } from './types.js';

export interface VenueHealthInputs {
  readonly view: MarketView;
  readonly market: RiskMarket;
  readonly marks: Marks;
  readonly limits: RiskLimits;
}

const RAY = 10n ** 27n;
const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

function depthScore(valueScaled: bigint, limits: RiskLimits): number {
  return clamp01(Number((valueScaled * 1_000_000n) / (limits.referenceDepthBaseUnits * SCALE)) / 1_000_000);
}

function combine(components: Record<string, number>, detail: string): VenueHealth {
  const score = Object.values(components).reduce((a, b) => a * b, 1);
  const parts = Object.entries(components).map(([name, value]) => `${name} ${value.toFixed(4)}`);
  return { score, components, explain: `${parts.join(' × ')}; ${detail}` };
}

function poolHealth(id: string, inputs: VenueHealthInputs): VenueHealth {
  const { view, market, marks, limits } = inputs;
  const info = market.pools[id]!;
  const snapshot = view.pool(id);
  const up = BigInt(Math.floor(Number(snapshot.sqrtPriceX96) * Math.sqrt(1 + limits.depthMoveBps / 10_000)));
  const amount1 = snapshot.liquidity === 0n ? 0n : getAmount1Delta(snapshot.sqrtPriceX96, up, snapshot.liquidity, false);
  const depthValue = amount1 * (marks.get(info.token1) ?? 0n);
  const depth = depthScore(depthValue, limits);
  const riskyIsToken0 = info.token1 === market.numeraire;
  const risky = riskyIsToken0 ? info.token0 : info.token1;
  const asset = view.oracleAssets.includes(risky) ? risky : market.aliases[risky];
  const oracle = asset === undefined ? undefined : view.oracle(asset);
  let twap = 1;
  let twapDetail = 'twap unmeasured';
  if (snapshot.twapTick !== undefined && oracle !== undefined && oracle.price > 0) {
    const ticks = riskyIsToken0 ? snapshot.twapTick - snapshot.tick : snapshot.tick - snapshot.twapTick;
    const twapPrice = snapshot.price * Math.pow(1.0001, ticks);
    const disagreementBps = (Math.abs(twapPrice - oracle.price) / oracle.price) * 10_000;
    twap = clamp01(1 - disagreementBps / limits.twapDisagreementZeroBps);
    twapDetail = `TWAP ${twapPrice.toPrecision(8)} vs oracle ${oracle.price.toPrecision(8)}: ${disagreementBps.toFixed(2)} bps`;
  }
  return combine({ depth, twap }, `depth ${depthValue / SCALE} base units per ${limits.depthMoveBps} bps; ${twapDetail}`);
}

function reserveHealth(asset: string, marketId: string, inputs: VenueHealthInputs): VenueHealth {
  const { view, marks, limits } = inputs;
  const reserve = view.lendingReserve(asset, view.lendingMarketIds.includes(marketId) ? marketId : undefined);
  if (reserve === undefined) return { score: 0, components: {}, explain: `no lending reserve ${asset}` };
  const kink = limits.utilizationKinkBps / 10_000;
  const u = Number((reserve.utilizationRay * 1_000_000n) / RAY) / 1_000_000;
  const utilization = u <= kink ? 1 : clamp01((1 - u) / (1 - kink));
  const availableValue = reserve.availableLiquidity * (marks.get(asset) ?? 0n);
  const depth = depthScore(availableValue, limits);
  return combine({ utilization, depth }, `utilization ${(u * 100).toFixed(2)} %, available ${availableValue / SCALE} base units`);
}

export function venueHealth(venue: string, inputs: VenueHealthInputs): VenueHealth {
  if (inputs.market.pools[venue] !== undefined && inputs.view.poolIds.includes(venue)) return poolHealth(venue, inputs);
  const colon = venue.lastIndexOf(':');
  const marketId = colon < 0 ? undefined : lendingMarketOfVenue(inputs.market, inputs.view, venue.slice(0, colon));
  if (marketId !== undefined) return reserveHealth(venue.slice(colon + 1), marketId, inputs);
  return { score: 0, components: {}, explain: `unknown venue ${venue}` };
}
