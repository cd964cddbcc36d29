/**
 * The built-in yield aggregator (issue 5): keeps a stable asset (`asset`, e.g. USDC) lent across
 * two or more lending markets (`markets`, ids of `MarketView.lendingMarketIds`) where it earns
 * the most, net of its own effect on the rates and of gas.
 *
 * Each decision does at most one of these, in this order (the first that applies):
 *   1. wait while a transaction of the vault is in flight (`Book.pending`): every step reads the
 *      balances the previous one leaves, so nothing is sent twice or on stale balances;
 *   2. restore the idle buffer: when idle `asset` is below `idleBufferBps` of the position (idle
 *      + supplied in the markets) by at least the minimum move, withdraw the shortfall from the
 *      market whose rate after the withdrawal is lowest (the cheapest to leave);
 *   3. compound: idle `asset` above the buffer (deposits, a withdrawal of a move that just
 *      landed, anything that arrives) is supplied, split over the markets in chunks by post-move
 *      rate (yield-aggregator/allocation.ts), when the interest it earns over `horizonSeconds`
 *      beats `gasCostMultiple` × the gas of its supplies;
 *   4. rebalance: the best pairwise move (allocation.ts `bestMove`: the destination's post-move
 *      rate must beat the source's by `minRateGainBps`, the hysteresis) is started by withdrawing
 *      from the source, only when the vault's extra interest over `horizonSeconds` exceeds
 *      `gasCostMultiple` × the gas of the withdraw AND the supply that follows; the supply is
 *      step 3 of a later decision, once the withdrawal has landed: the idle excess then goes to
 *      that destination (`memory.moveTo`) whole, as decided. (Re-deriving the split there would let
 *      a rate that ticked in between undo the move without the hysteresis: churn at twice the gas.)
 *
 * Rates are the markets' own: a model reserve's rate after the move is computed with its rate
 * strategy on the post-move cash (exactly what it will then pay), a replayed reserve pays its
 * recorded rate whatever the vault does. With `rateSmoothingSeconds` > 0 each market's rate is
 * judged on its exponentially smoothed level (kept in memory, updated at every decision), shifted
 * by the vault's own impact: a recorded rate that jumps for a few minutes and reverts then moves
 * nothing, which the gas of a move round trip would not repay. Aave's interest compounds in the aToken balance itself;
 * step 3 compounds what comes back idle.
 *
 * Gas is valued as the vault pays it: gas units × (the view's base fee + `priorityFeeGwei`) in
 * the native token, at `view.nativePrice`, converted to `asset` at its oracle price (1 without
 * one: a stablecoin). Amounts: `minMoveAmount` in whole tokens of `asset` (`assetDecimals`).
 *
 * Every decision says why in `Decision.note`; with no smoothing, a hold returns the memory it was
 * given (nothing to copy or persist). Pure: no I/O, no clock, no randomness.
 */
import { z } from 'zod';
import { RAY } from '../lending/wad-ray-math.js';
import type { MarketView } from '../market/simulator/market-view.js';
import {
  bestMove,
  incomeOverHorizon,
  incomeRateScaled,
  planDeployment,
  positionRateAfterRay,
  rayPercentText,
  supplyRateAfterRay,
  type MarketPosition,
} from './yield-aggregator/allocation.js';
import type { Book, Decision, Intent, Strategy } from './types.js';

export type YieldAggregatorParams = {
  readonly asset: string;
  readonly markets: readonly string[];
  readonly assetDecimals: number;
  readonly minRateGainBps: number;
  readonly horizonSeconds: number;
  readonly gasCostMultiple: number;
  readonly minMoveAmount: number;
  readonly idleBufferBps: number;
  readonly deployChunks: number;
  readonly supplyGas: number;
  readonly withdrawGas: number;
  readonly priorityFeeGwei: number;
  readonly rateSmoothingSeconds: number;
};

/** Plain JSON, so the keeper can persist it and resume. */
export type YieldAggregatorMemory = {
  /** rebalancing withdrawals started so far */
  readonly moves: number;
  /** view time (seconds) of the latest one; null before the first */
  readonly lastMoveSeconds: number | null;
  /** the destination of a move whose withdrawal was sent and whose supply is not yet: step 3 completes it */
  readonly moveTo: string | null;
  /** each market's supply rate (decimal APR), smoothed over `rateSmoothingSeconds`; {} before the first decision */
  readonly smoothedRates: { readonly [market: string]: number };
  /** view time of the last smoothing update; null before the first */
  readonly smoothedAtSeconds: number | null;
};

const finiteNonNegative = z.number().finite().nonnegative();

export const yieldAggregatorParamsSchema = z
  .object({
    asset: z.string().min(1),
    markets: z.array(z.string().min(1)).min(2),
    assetDecimals: z.number().int().min(0).max(36),
    minRateGainBps: finiteNonNegative,
    horizonSeconds: z.number().finite().positive(),
    gasCostMultiple: finiteNonNegative,
    minMoveAmount: finiteNonNegative,
    idleBufferBps: z.number().int().min(0).max(10_000),
    deployChunks: z.number().int().min(1).max(1_000).default(20),
    /** gas units of one supply / withdraw (default: the simulator's schedule) */
    supplyGas: z.number().int().positive().default(200_000),
    withdrawGas: z.number().int().positive().default(220_000),
    /** the tip the executor offers, gwei per gas (the backtest's default is 2) */
    priorityFeeGwei: finiteNonNegative.default(2),
    /** time constant of the rates' exponential smoothing, seconds (0: the current rates) */
    rateSmoothingSeconds: finiteNonNegative.default(0),
  })
  .strict()
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.markets.forEach((market, i) => {
      if (seen.has(market)) ctx.addIssue({ code: 'custom', path: ['markets', i], message: `market "${market}" is listed twice` });
      seen.add(market);
    });
  });

/** Whole tokens (a number) → base units, through its shortest decimal form (exact for what a config writes). */
function wholeToBaseUnits(amount: number, decimals: number): bigint {
  const [whole = '0', fraction = ''] = amount.toFixed(Math.min(decimals, 20)).split('.');
  return BigInt(whole) * 10n ** BigInt(decimals) + (fraction === '' ? 0n : BigInt(fraction.padEnd(decimals, '0').slice(0, decimals)));
}

/** Gas for `gasUnits` at the view's base fee plus the tip, in base units of `asset` (rounded up). */
export function gasCostInAsset(view: MarketView, params: YieldAggregatorParams, gasUnits: number): bigint {
  const tipWei = BigInt(Math.round(params.priorityFeeGwei * 1e9));
  const costNative = Number(BigInt(gasUnits) * (view.baseFeeWei + tipWei)) / 1e18;
  const assetPrice = view.oracle(params.asset)?.price ?? 1;
  return BigInt(Math.ceil((costNative * view.nativePrice * 10 ** params.assetDecimals) / assetPrice));
}

function positionsOf(view: MarketView, book: Book, params: YieldAggregatorParams): MarketPosition[] | string {
  const positions: MarketPosition[] = [];
  for (const id of params.markets) {
    const reserve = view.lendingReserve(params.asset, id);
    if (reserve === undefined) return `hold: market ${id} has no ${params.asset} reserve (markets: ${view.lendingMarketIds.join(', ') || 'none'})`;
    const supplied = book.lending.filter((p) => p.market === id && p.asset === params.asset).reduce((sum, p) => sum + p.supplied, 0n);
    positions.push({ id, reserve, supplied });
  }
  return positions;
}

const RAY_NUMBER = 1e27;

/** Each market's smoothed rate (decimal APR) after observing the current ones at the view's time. */
function smoothRates(view: MarketView, positions: readonly MarketPosition[], params: YieldAggregatorParams, memory: YieldAggregatorMemory): { [market: string]: number } {
  const elapsedSeconds = memory.smoothedAtSeconds === null ? Infinity : Math.max(0, view.blockTimestampSeconds - memory.smoothedAtSeconds);
  const weight = params.rateSmoothingSeconds === 0 ? 1 : 1 - Math.exp(-elapsedSeconds / params.rateSmoothingSeconds);
  const smoothed: { [market: string]: number } = {};
  for (const p of positions) {
    const current = Number(p.reserve.liquidityRateRay) / RAY_NUMBER;
    const previous = memory.smoothedRates[p.id];
    smoothed[p.id] = previous === undefined ? current : previous + weight * (current - previous);
  }
  return smoothed;
}

const bpsOf = (bps: number): bigint => BigInt(Math.round(bps * 100)) * (RAY / 1_000_000n);

export function decideYieldAggregator(view: MarketView, book: Book, params: YieldAggregatorParams, previous: YieldAggregatorMemory): Decision<YieldAggregatorMemory> {
  let memory = previous;
  const hold = (note: string): Decision<YieldAggregatorMemory> => ({ intents: [], memory, note });
  const found = positionsOf(view, book, params);
  if (typeof found === 'string') return hold(found);
  // without smoothing the rates are read fresh at every decision: nothing to remember
  const smoothedRates = params.rateSmoothingSeconds === 0 ? {} : smoothRates(view, found, params, memory);
  if (params.rateSmoothingSeconds !== 0) memory = { ...memory, smoothedRates, smoothedAtSeconds: view.blockTimestampSeconds };
  if (book.pending.length > 0) return hold(`waiting for ${book.pending.length} transaction(s) in flight`);
  const positions: MarketPosition[] =
    params.rateSmoothingSeconds === 0
      ? found
      : found.map((p) => ({ ...p, rateBiasRay: BigInt(Math.round(smoothedRates[p.id]! * RAY_NUMBER)) - p.reserve.liquidityRateRay }));
  const asset = params.asset;
  const idle = book.idle[asset] ?? 0n;
  const lent = positions.reduce((sum, p) => sum + p.supplied, 0n);
  const buffer = ((idle + lent) * BigInt(params.idleBufferBps)) / 10_000n;
  const minMove = wholeToBaseUnits(params.minMoveAmount, params.assetDecimals);
  const minMoveUnits = minMove > 0n ? minMove : 1n;
  const horizon = params.horizonSeconds;

  // 2. The buffer: withdraw the shortfall from the market that pays least after it.
  if (buffer - idle >= minMoveUnits) {
    const shortfall = buffer - idle;
    let source: { id: string; rate: bigint; amount: bigint } | undefined;
    for (const p of positions) {
      const amount = shortfall < p.supplied ? shortfall : p.supplied;
      const rate = amount === 0n ? undefined : positionRateAfterRay(p, -amount);
      if (rate !== undefined && (source === undefined || amount > source.amount || (amount === source.amount && rate < source.rate))) source = { id: p.id, rate, amount };
    }
    if (source !== undefined) {
      const intent: Intent = {
        kind: 'withdraw',
        market: source.id,
        asset,
        amount: source.amount,
        reason: `idle buffer: withdraw ${source.amount} ${asset} from ${source.id} (idle ${idle} < buffer ${buffer}; ${source.id} pays ${rayPercentText(source.rate)} after)`,
      };
      return { intents: [intent], memory, note: intent.reason };
    }
  }

  // 3. Compound: deploy idle above the buffer, split by post-move rate.
  const excess = idle - buffer;
  // A move whose withdrawal reverted or was dropped brought nothing back: nothing to complete.
  const moveTo = excess >= minMoveUnits && positions.some((p) => p.id === memory.moveTo) ? memory.moveTo : null;
  if (memory.moveTo !== moveTo) memory = { ...memory, moveTo };
  if (moveTo !== null) {
    const destination = positions.find((p) => p.id === moveTo)!;
    const intent: Intent = {
      kind: 'supply',
      market: moveTo,
      asset,
      amount: excess,
      reason: `rebalance: supply ${excess} ${asset} to ${moveTo} at ${rayPercentText(supplyRateAfterRay(destination.reserve, excess)!)} after the supply (completes the move)`,
    };
    return { intents: [intent], memory: { ...memory, moveTo: null }, note: intent.reason };
  }
  if (excess >= minMoveUnits) {
    const plan = planDeployment(positions, excess, params.deployChunks);
    const earned = incomeOverHorizon(incomeRateScaled(positions, plan) - incomeRateScaled(positions, new Map()), horizon);
    const gas = gasCostInAsset(view, params, params.supplyGas * plan.size);
    if (Number(earned) > params.gasCostMultiple * Number(gas)) {
      const intents: Intent[] = positions
        .filter((p) => (plan.get(p.id) ?? 0n) > 0n)
        .map((p) => {
          const amount = plan.get(p.id)!;
          return {
            kind: 'supply',
            market: p.id,
            asset,
            amount,
            reason: `deploy ${amount} ${asset} to ${p.id} at ${rayPercentText(supplyRateAfterRay(p.reserve, amount)!)} after the supply (idle ${idle}, buffer ${buffer})`,
          };
        });
      return { intents, memory, note: `deploying ${excess} ${asset} over ${intents.length} market(s); earns ${earned} over ${horizon} s vs gas ${gas}` };
    }
    if (lent === 0n) return hold(`hold: deploying ${excess} ${asset} earns ${earned} over ${horizon} s, not above ${params.gasCostMultiple} × gas ${gas}`);
  }

  // 4. Rebalance: one pairwise move, started by its withdrawal.
  const move = bestMove(positions, bpsOf(params.minRateGainBps), minMoveUnits, horizon);
  if (move === undefined) {
    const rates = positions.map((p) => `${p.id} ${rayPercentText(p.reserve.liquidityRateRay)}`).join(', ');
    return hold(`hold: no move of >= ${minMove} base units of ${asset} keeps a spread >= ${params.minRateGainBps} bps after the move (${rates})`);
  }
  const gas = gasCostInAsset(view, params, params.withdrawGas + params.supplyGas);
  if (!(Number(move.gainOverHorizon) > params.gasCostMultiple * Number(gas))) {
    return hold(`hold: moving ${move.amount} ${asset} ${move.from} → ${move.to} gains ${move.gainOverHorizon} over ${horizon} s, not above ${params.gasCostMultiple} × gas ${gas}`);
  }
  const intent: Intent = {
    kind: 'withdraw',
    market: move.from,
    asset,
    amount: move.amount,
    reason:
      `rebalance: move ${move.amount} ${asset} ${move.from} → ${move.to} (${rayPercentText(move.fromRateAfterRay)} vs ${rayPercentText(move.toRateAfterRay)} after the move; ` +
      `+${move.gainOverHorizon} over ${horizon} s vs gas ${gas})`,
  };
  return { intents: [intent], memory: { ...memory, moves: memory.moves + 1, lastMoveSeconds: view.blockTimestampSeconds, moveTo: move.to }, note: intent.reason };
}

export const yieldAggregator: Strategy<YieldAggregatorParams, YieldAggregatorMemory> = {
  name: 'yield-aggregator',
  paramsSchema: yieldAggregatorParamsSchema,
  initialMemory: () => ({ moves: 0, lastMoveSeconds: null, moveTo: null, smoothedRates: {}, smoothedAtSeconds: null }),
  decide: decideYieldAggregator,
};
