/**
 * A sandwich searcher on one v3 pool. Each block it reads the public mempool; for every
 * pending exact-input swap on its pool with a slippage bound, it looks for the front-run that
 * leaves the victim exactly at its minimum: the largest input x such that, after the front-run,
 * the victim's swap still returns ≥ amountOutMinimum. That is found on the exact pool math by
 * bracketing (doubling) then Illinois regula falsi (a bisection that interpolates), each trial
 * run on a `SwapReplica` of the pool: the pool's own swap loop on its price state, exact to the
 * wei (checked against `quoteSwap` by a property test) without a `clone()` per trial. The
 * back-run sells everything the front-run bought. If the round trip's gain, valued at the
 * external price, beats two swaps' gas (front and back), it sends the bundle
 * [front, victim, back] for the next block, where it lands atomically at the top, on exactly
 * the state it was computed on. One victim per block (the most profitable), since one bundle
 * consumes the searcher's next nonces.
 *
 * A victim whose slack (expected output − minimum) is worth less than the gas is skipped
 * before any bisection: the searcher's gain comes out of the victim's slack, so such a victim
 * cannot pay. This keeps the searcher nearly free on blocks of tight-slippage traffic.
 */
import { InvalidInputError } from '../../errors.js';
import type { V3SwapAction } from '../simulator/actions.js';
import { SwapReplica } from '../simulator/swap-replica.js';
import type { MarketView } from '../simulator/market-view.js';
import type { PoolVenue } from '../simulator/venues.js';
import { gasCostNumeraire, NO_ORDERS, unitValue, type Agent, type AgentApi, type AgentOrder, type MempoolReader } from './types.js';

export interface SearcherConfig {
  readonly name?: string;
  readonly address: string;
  readonly pool: string;
  readonly priorityFeePerGasWei: bigint;
  /** minimum net profit to attack, in the numeraire (default 0) */
  readonly minProfit?: number;
  /** relative precision of the front-run size (default 1e-6) */
  readonly sizeTolerance?: number;
}

export interface SandwichPlan {
  readonly victimId: string;
  readonly zeroForOne: boolean;
  readonly frontIn: bigint;
  readonly frontOut: bigint;
  readonly victimOut: bigint;
  /** what the victim would receive alone on the same state (no front-run) */
  readonly victimAloneOut: bigint;
  readonly backOut: bigint;
  /** backOut − frontIn, in the victim's input token */
  readonly profitTokenIn: bigint;
  readonly netProfit: number;
}

export class Searcher implements Agent {
  readonly name: string;
  readonly address: string;
  readonly poolId: string;
  readonly priorityFeePerGasWei: bigint;
  readonly minProfit: number;
  private readonly sizeTolerancePpm: bigint;
  private seen = new Set<string>();
  private sequence = 0;
  /** bundles sent so far, with their plans */
  readonly attacks: SandwichPlan[] = [];

  constructor(config: SearcherConfig) {
    if (config.address.length === 0) throw new InvalidInputError('address', config.address, 'must be a non-empty string');
    if (config.priorityFeePerGasWei < 0n) throw new InvalidInputError('priorityFeePerGasWei', config.priorityFeePerGasWei, 'must be >= 0');
    const tolerance = config.sizeTolerance ?? 1e-6;
    if (!(tolerance > 0 && tolerance < 1)) throw new InvalidInputError('sizeTolerance', tolerance, 'must be in (0, 1)');
    this.name = config.name ?? `searcher:${config.address}`;
    this.address = config.address;
    this.poolId = config.pool;
    this.priorityFeePerGasWei = config.priorityFeePerGasWei;
    this.minProfit = config.minProfit ?? 0;
    this.sizeTolerancePpm = BigInt(Math.max(1, Math.round(tolerance * 1e6)));
  }

  act(view: MarketView, mempool: MempoolReader, api: AgentApi): readonly AgentOrder[] {
    if (mempool.pendingCount === 0) return NO_ORDERS;
    const venue = api.pool(this.poolId);
    let best: SandwichPlan | undefined;
    // Each pending transaction is judged once; the memory of it is dropped once it leaves the pool.
    const seenBefore = this.seen;
    const seenNow = new Set<string>();
    this.seen = seenNow;
    for (const tx of mempool.publicPending()) {
      const action = tx.payload.action;
      if (action.kind !== 'v3Swap' || action.pool !== this.poolId || tx.sender === this.address) continue;
      if (action.amountSpecified <= 0n || action.amountOutMinimum === undefined || action.recipient !== undefined) continue;
      seenNow.add(tx.id);
      if (seenBefore.has(tx.id)) continue;
      // A bundle can only carry the sender's next transaction.
      if (tx.nonce !== mempool.accountNonce(tx.sender)) continue;
      const plan = this.plan(tx.id, action, venue, view, api);
      if (plan !== undefined && (best === undefined || plan.netProfit > best.netProfit)) best = plan;
    }
    if (best === undefined) return NO_ORDERS;
    this.attacks.push(best);
    const tip = this.priorityFeePerGasWei;
    const n = this.sequence++;
    return [
      {
        type: 'bundle',
        targetBlockNumber: view.blockNumber + 1,
        items: [
          {
            id: `${this.address}/front${n}`,
            sender: this.address,
            maxPriorityFeePerGas: tip,
            action: { kind: 'v3Swap', pool: this.poolId, zeroForOne: best.zeroForOne, amountSpecified: best.frontIn, amountOutMinimum: best.frontOut },
          },
          best.victimId,
          {
            id: `${this.address}/back${n}`,
            sender: this.address,
            maxPriorityFeePerGas: tip,
            action: { kind: 'v3Swap', pool: this.poolId, zeroForOne: !best.zeroForOne, amountSpecified: best.frontOut, amountOutMinimum: best.backOut },
          },
        ],
      },
    ];
  }

  /** The best sandwich of one victim on the pool as it stands, or undefined when none pays. */
  plan(victimId: string, victim: V3SwapAction, venue: PoolVenue, view: MarketView, api: AgentApi): SandwichPlan | undefined {
    const pool = venue.pool;
    const zeroForOne = victim.zeroForOne;
    const minOut = victim.amountOutMinimum ?? 0n;
    const victimOutOn = (state: SwapReplica): bigint | undefined => {
      try {
        const q = state.copy().swap(zeroForOne, victim.amountSpecified, victim.sqrtPriceLimitX96);
        return -(zeroForOne ? q.amount1 : q.amount0);
      } catch {
        return undefined;
      }
    };
    // Trials run on a swap-only replica (exact amounts, no map copies); the chosen sandwich is
    // replayed on a real clone of the pool before it is sent.
    const base = SwapReplica.of(pool);
    const unsandwiched = victimOutOn(base);
    if (unsandwiched === undefined || unsandwiched <= minOut) return undefined;
    const gas2 = 2 * gasCostNumeraire(api.gasSchedule.swap, view.baseFeeWei + this.priorityFeePerGasWei, view.nativePrice, api.nativeDecimals);
    const outToken = zeroForOne ? 1 : 0;
    const inToken = zeroForOne ? 0 : 1;
    if (Number(unsandwiched - minOut) * unitValue(venue, outToken, view.externalPrice) <= gas2 + this.minProfit) return undefined;
    const capital = api.balanceOf(this.address, inToken === 0 ? venue.token0 : venue.token1);
    if (capital <= 0n) return undefined;

    const afterFront = (x: bigint): { state: SwapReplica; out: bigint } | undefined => {
      const state = base.copy();
      try {
        const r = state.swap(zeroForOne, x, victim.sqrtPriceLimitX96);
        return { state, out: -(zeroForOne ? r.amount1 : r.amount0) };
      } catch {
        return undefined;
      }
    };
    // g(x) = victim's output after a front-run of x, minus its minimum: decreasing in x, and
    // the front-run we want is its root (the largest feasible x).
    const slackAfter = (x: bigint): bigint | undefined => {
      const state = afterFront(x);
      if (state === undefined) return undefined;
      const out = victimOutOn(state.state);
      return out === undefined ? undefined : out - minOut;
    };
    // Bracket by doubling from the victim's own size.
    let lo = 0n;
    let gLo = unsandwiched - minOut;
    let hi = victim.amountSpecified < capital ? victim.amountSpecified : capital;
    let gHi = slackAfter(hi);
    while (gHi !== undefined && gHi >= 0n) {
      lo = hi;
      gLo = gHi;
      if (hi === capital) break;
      hi = hi * 2n < capital ? hi * 2n : capital;
      gHi = slackAfter(hi);
    }
    // Illinois regula falsi on the bracket [lo feasible, hi infeasible]: superlinear on this
    // smooth, monotone function (halving the stale end's value when one end keeps moving); a
    // trial the pool refuses bisects instead. Done when the victim's leftover slack or the
    // bracket is within the size tolerance.
    const slackTolerance = (minOut * this.sizeTolerancePpm) / 1_000_000n;
    let lastMoved: 'lo' | 'hi' | undefined;
    let weightLo = gLo;
    let weightHi = gHi;
    for (let i = 0; i < 100 && hi - lo > 1n && (hi - lo) * 1_000_000n > lo * this.sizeTolerancePpm && gLo > slackTolerance; i++) {
      let mid = (lo + hi) / 2n;
      if (weightHi !== undefined && weightHi < 0n && weightLo > 0n) {
        const interpolated = lo + ((hi - lo) * weightLo) / (weightLo - weightHi);
        if (interpolated > lo && interpolated < hi) mid = interpolated;
      }
      const g = slackAfter(mid);
      if (g !== undefined && g >= 0n) {
        lo = mid;
        gLo = g;
        weightLo = g;
        if (lastMoved === 'lo' && weightHi !== undefined) weightHi /= 2n;
        lastMoved = 'lo';
      } else {
        hi = mid;
        weightHi = g;
        if (lastMoved === 'hi') weightLo /= 2n;
        lastMoved = 'hi';
      }
    }
    if (lo === 0n) return undefined;

    // The whole sandwich, in order, on one replica: exactly what the bundle will do on the pool.
    const trial = base.copy();
    let front: { out: bigint };
    let victimOut: bigint;
    let backOut: bigint;
    try {
      const f = trial.swap(zeroForOne, lo, victim.sqrtPriceLimitX96);
      front = { out: -(zeroForOne ? f.amount1 : f.amount0) };
      const v = trial.swap(zeroForOne, victim.amountSpecified, victim.sqrtPriceLimitX96);
      victimOut = -(zeroForOne ? v.amount1 : v.amount0);
      const b = trial.swap(!zeroForOne, front.out);
      backOut = -(zeroForOne ? b.amount0 : b.amount1);
    } catch {
      return undefined;
    }
    const profitTokenIn = backOut - lo;
    const netProfit = Number(profitTokenIn) * unitValue(venue, inToken, view.externalPrice) - gas2;
    if (!(netProfit > this.minProfit) || victimOut < minOut) return undefined;
    return { victimId, zeroForOne, frontIn: lo, frontOut: front.out, victimOut, victimAloneOut: unsandwiched, backOut, profitTokenIn, netProfit };
  }
}
