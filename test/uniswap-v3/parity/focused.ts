/**
 * A focused parity run for the pure libraries, through the real pool's bytecode:
 *   - getSqrtRatioAtTick: a mint of liquidity 2^96 on [t, t + spacing) below the price owes
 *     exactly getSqrtRatioAtTick(t + spacing) − getSqrtRatioAtTick(t) of token1 (rounding up
 *     a multiple of 2^96 changes nothing), for ticks all over the usable range;
 *   - getTickAtSqrtRatio: a swap with an unbounded amount stops at its price limit, and the
 *     pool's tick is then the bytecode's getTickAtSqrtRatio(limit) (or one below, when a
 *     0→1 swap lands exactly on a tick it stepped to), for limits all over the price range;
 *   - the oracle: the swaps hold each tick for a known time, so the TWAP over any lookback is
 *     known independently of both implementations and must equal observe() on both sides.
 * Every op also goes through the same parity comparisons as the random runs.
 */
import type { Address } from 'viem';
import { DEVNET_ADDRESSES } from '../../../src/chain/accounts.js';
import { startAnvil, type AnvilInstance } from '../../../src/chain/anvil.js';
import { createDevnetClients } from '../../../src/chain/clients.js';
import { deployUniswapV3 } from '../../../src/chain/deploy-uniswap.js';
import { RealUniswapV3Pool } from '../../../src/chain/real-pool.js';
import { UniswapV3Pool } from '../../../src/uniswap-v3/pool.js';
import { getSqrtRatioAtTick, getTickAtSqrtRatio, MAX_SQRT_RATIO, MAX_TICK, MIN_SQRT_RATIO, MIN_TICK } from '../../../src/uniswap-v3/tick-math.js';
import { applyChain, applyTs, compareFullState, compareGlobals, compareOutcomes, fail, type Context, type Touched, touch } from './driver.js';
import type { Op, OpBody } from './ops.js';
import { Rng } from './rng.js';

export interface FocusedStats {
  sqrtRatioMints: number;
  tickAtPriceSwaps: number;
  landedOneBelow: number;
  twapLookbacks: number;
}

const ADMIN: Address = DEVNET_ADDRESSES[0];
const LP: Address = DEVNET_ADDRESSES[1];
const FEE = 10000;
const SPACING = 200;
const Q96 = 1n << 96n;

export async function runFocused(seed: number, onAnvil: (anvil: AnvilInstance) => void): Promise<FocusedStats> {
  const genesis = 1_600_000_000;
  const anvil = await startAnvil({ genesisTimestamp: genesis });
  onAnvil(anvil);
  try {
    const clients = createDevnetClients(anvil.rpcUrl, { pollingIntervalMs: 10 });
    const d = await deployUniswapV3(clients, { fee: FEE, initialize: false, fundAccounts: [ADMIN], fundAmount: 1n << 200n, deployer: ADMIN });
    const chain = new RealUniswapV3Pool(
      clients,
      { pool: d.poolAddress, actions: d.actions, token0: d.token0.address, token1: d.token1.address },
      { sender: ADMIN, gas: 30_000_000n },
    );
    let time = genesis + 86_400;
    const ts = new UniswapV3Pool({ fee: FEE, tickSpacing: SPACING, blockTimestamp: time });
    const rng = new Rng(seed);
    const run = `focused, seed ${seed}`;
    const touched: Touched = { ticks: new Set(), positions: new Map() };
    const recent: Op[] = [];
    let index = 0;
    /** (timestamp, tick from then on): the tick path, for the independent TWAP */
    const path: Array<{ t: number; tick: number }> = [];

    const step = async (body: OpBody, label: string, gap: number): Promise<{ ctx: Context; value: unknown }> => {
      time += gap;
      const op = { ...body, timestamp: time, label } as Op;
      const ctx: Context = { run, index, op, recent: [...recent] };
      const tsOut = applyTs(ts, op);
      const chainOut = await applyChain(chain, op);
      compareOutcomes(ctx, tsOut, chainOut);
      if (!tsOut.ok) fail(ctx, 'a focused op must succeed', tsOut, chainOut);
      touch(touched, op);
      await compareGlobals(ctx, ts, chain);
      const last = path[path.length - 1];
      if (last === undefined || last.tick !== ts.slot0.tick) path.push({ t: time, tick: ts.slot0.tick });
      recent.push(op);
      if (recent.length > 6) recent.shift();
      index++;
      return { ctx, value: tsOut.value };
    };

    const minUsable = Math.ceil(MIN_TICK / SPACING) * SPACING;
    const maxUsable = Math.floor(MAX_TICK / SPACING) * SPACING;
    // the price sits in the middle: every range [t, t + s) with t + s <= 0 is below it
    await step({ kind: 'initialize', sqrtPriceX96: getSqrtRatioAtTick(0) + 12_345n }, 'initialize', 0);
    await step({ kind: 'increaseObservationCardinalityNext', observationCardinalityNext: 200 }, 'grow', 1);

    // 1. getSqrtRatioAtTick across the range, through mint amounts
    let sqrtRatioMints = 0;
    const ticks = [minUsable, -SPACING, ...Array.from({ length: 38 }, () => rng.int(minUsable / SPACING, -1) * SPACING - SPACING)];
    for (const t of ticks) {
      const lower = Math.max(minUsable, t);
      const upper = lower + SPACING;
      const { ctx, value } = await step(
        { kind: 'mint', recipient: LP, tickLower: lower, tickUpper: upper, amount: Q96 },
        'mint/2^96-below-price',
        rng.int(0, 30),
      );
      const want = getSqrtRatioAtTick(upper) - getSqrtRatioAtTick(lower);
      const got = value as { amount0: bigint; amount1: bigint };
      if (got.amount0 !== 0n || got.amount1 !== want) fail(ctx, `mint of 2^96 on [${lower}, ${upper}) owes sqrt(upper) − sqrt(lower)`, { amount0: 0n, amount1: want }, got);
      sqrtRatioMints++;
    }
    // burn the probes (they would dwarf the full range below): a burn pays floor(...), the same difference
    for (const t of [...new Set(ticks.map((x) => Math.max(minUsable, x)))]) {
      const { ctx, value } = await step(
        { kind: 'burn', owner: LP, tickLower: t, tickUpper: t + SPACING, amount: ts.positions(LP, t, t + SPACING).liquidity },
        'burn/probe',
        rng.int(0, 30),
      );
      const want = getSqrtRatioAtTick(t + SPACING) - getSqrtRatioAtTick(t);
      const got = value as { amount0: bigint; amount1: bigint };
      if (got.amount0 !== 0n || got.amount1 !== want) fail(ctx, 'burning a probe returns sqrt(upper) − sqrt(lower)', { amount0: 0n, amount1: want }, got);
    }
    // liquidity everywhere, so a swap can go anywhere
    await step({ kind: 'mint', recipient: LP, tickLower: minUsable, tickUpper: maxUsable, amount: 10n ** 18n }, 'mint/full', 1);

    // 2. getTickAtSqrtRatio across the price range, through swaps stopping at their limit
    let tickAtPriceSwaps = 0;
    let landedOneBelow = 0;
    for (let i = 0; i < 90; i++) {
      const price = ts.slot0.sqrtPriceX96;
      const kind = rng.weighted({ inTick: 60, onTick: 30, edge: 10 });
      let limit: bigint;
      if (kind === 'edge') limit = rng.chance(0.5) ? MIN_SQRT_RATIO + 1n : MAX_SQRT_RATIO - 1n;
      else {
        const t = rng.int(MIN_TICK, MAX_TICK - 1);
        const lo = getSqrtRatioAtTick(t);
        limit = kind === 'onTick' ? lo : rng.bigint(lo, getSqrtRatioAtTick(t + 1) - 1n);
      }
      if (limit === price || limit <= MIN_SQRT_RATIO || limit >= MAX_SQRT_RATIO) continue;
      const zeroForOne = limit < price;
      const { ctx } = await step(
        { kind: 'swap', recipient: ADMIN, zeroForOne, amountSpecified: 1n << 160n, sqrtPriceLimitX96: limit },
        `swap/to-limit/${kind}`,
        rng.int(1, 900),
      );
      const s0 = ts.slot0;
      const expectedTick = getTickAtSqrtRatio(limit);
      const oneBelow = zeroForOne && limit === getSqrtRatioAtTick(expectedTick) && s0.tick === expectedTick - 1;
      if (s0.sqrtPriceX96 !== limit || !(s0.tick === expectedTick || oneBelow)) {
        fail(ctx, 'a swap with an unbounded amount stops at its limit, at getTickAtSqrtRatio(limit)', { sqrtPriceX96: limit, tick: expectedTick }, s0);
      }
      if (oneBelow) landedOneBelow++;
      tickAtPriceSwaps++;
    }

    // 3. the oracle against the independent tick path
    time += 600;
    await chain.setNextBlockTimestamp(time);
    await chain.mine();
    ts.blockTimestamp = time;
    const ctx: Context = { run, index, op: undefined, recent: [...recent] };
    await compareFullState(ctx, ts, chain, touched, seed);
    const cumulativeSince = (from: number): bigint => {
      let sum = 0n;
      for (let k = 0; k < path.length; k++) {
        const seg = path[k] as { t: number; tick: number };
        const end = (path[k + 1]?.t ?? time) as number;
        const a = Math.max(seg.t, from);
        if (end > a) sum += BigInt(seg.tick) * BigInt(end - a);
      }
      return sum;
    };
    const s0 = ts.slot0;
    const oldest = ts.observations((s0.observationIndex + 1) % s0.observationCardinality);
    const window = time - (oldest.initialized ? oldest.blockTimestamp : ts.observations(0).blockTimestamp);
    const lookbacks = [1, 60, 600, 3600, Math.floor(window / 3), Math.floor(window / 2), window].filter((l) => l > 0 && l <= window);
    for (const l of lookbacks) {
      const [tsObs, chainObs] = [ts.observe([l, 0]), await chain.observe([l, 0])];
      const want = cumulativeSince(time - l);
      const tsDelta = (tsObs.tickCumulatives[1] as bigint) - (tsObs.tickCumulatives[0] as bigint);
      const chainDelta = (chainObs.tickCumulatives[1] as bigint) - (chainObs.tickCumulatives[0] as bigint);
      if (tsDelta !== want || chainDelta !== want) {
        fail({ ...ctx }, `TWAP over ${l} s: tickCumulative delta = Σ tick·seconds of the path (${show(want)})`, tsDelta, chainDelta);
      }
    }
    return { sqrtRatioMints, tickAtPriceSwaps, landedOneBelow, twapLookbacks: lookbacks.length };
  } finally {
    await anvil.stop();
  }
}

const show = (v: bigint): string => v.toString();
