/**
 * One parity run: a fresh anvil with the real factory and pool, a fresh TypeScript pool, and
 * the same seeded operation sequence on both, compared after every operation and in full at
 * checkpoints.
 */
import type { Address } from 'viem';
import { DEVNET_ADDRESSES } from '../../../src/chain/accounts.js';
import { startAnvil, type AnvilInstance } from '../../../src/chain/anvil.js';
import { createDevnetClients, latestBlockTimestamp } from '../../../src/chain/clients.js';
import { deployUniswapV3 } from '../../../src/chain/deploy-uniswap.js';
import { RealUniswapV3Pool } from '../../../src/chain/real-pool.js';
import { UniswapV3Pool } from '../../../src/uniswap-v3/pool.js';
import {
  applyChain,
  applyTs,
  compareFullState,
  compareGlobals,
  compareOutcomes,
  comparePosition,
  compareTick,
  compareWord,
  fail,
  type CheckpointReport,
  type Context,
  type Touched,
  touch,
} from './driver.js';
import { OpGenerator, wordOf, type Op } from './ops.js';
import { Rng } from './rng.js';

export interface RunConfig {
  seed: number;
  fee: number;
  tickSpacing: number;
  /** random operations after the prelude (uninitialized refusals + initialize) */
  ops: number;
  /** anvil's genesis timestamp; the run starts one day later */
  genesisTimestamp: number;
  /** full-state checkpoints during the run (plus one at the end) */
  checkpoints: number;
}

export interface RunStats {
  run: string;
  seed: number;
  fee: number;
  tickSpacing: number;
  operations: number;
  startTimestamp: number;
  endTimestamp: number;
  byKind: Record<string, number>;
  byLabel: Record<string, number>;
  /** TypeScript refusal reason → count (the chain agreed on each, mapped through the bare table) */
  reverts: Record<string, number>;
  swaps: { total: number; crossingInitializedTicks: number; maxTicksCrossed: number; endedAtPriceLimit: number; refused: number };
  maxGasUsed: string;
  /** mined ops whose block has the same timestamp as the previous block (checked on chain) */
  sameTimestampBlocks: number;
  /** wall time spent on the chain side per op kind (ms) */
  chainMsByKind: Record<string, number>;
  slowest: Array<{ index: number; label: string; ms: number; gas: string }>;
  checkpoints: CheckpointReport[];
  ms: number;
}

/** Position owners (devnet accounts, unlocked on anvil). The first is also the factory owner and payer. */
export const OWNERS: readonly Address[] = DEVNET_ADDRESSES.slice(0, 4);
const ADMIN: Address = DEVNET_ADDRESSES[0];
/** Every funded account holds this much of each token: room for ranges at the extremes of price. */
const FUND = 1n << 200n;
/** Swaps that walk a whole tick range with spacing 1 cost tens of millions of gas. */
const BLOCK_GAS_LIMIT = 1_000_000_000n;
const TX_GAS = 900_000_000n;

const bump = (m: Record<string, number>, k: string): void => {
  m[k] = (m[k] ?? 0) + 1;
};

export async function runParity(config: RunConfig, onAnvil: (anvil: AnvilInstance) => void): Promise<RunStats> {
  const started = performance.now();
  const run = `seed ${config.seed}, fee ${config.fee}, tickSpacing ${config.tickSpacing}`;
  const anvil = await startAnvil({ genesisTimestamp: config.genesisTimestamp, extraArgs: ['--gas-limit', BLOCK_GAS_LIMIT.toString()] });
  onAnvil(anvil);
  try {
    const clients = createDevnetClients(anvil.rpcUrl, { pollingIntervalMs: 10 });
    const builtInSpacing: Record<number, number> = { 500: 10, 3000: 60, 10000: 200 };
    const d = await deployUniswapV3(clients, {
      fee: config.fee,
      ...(builtInSpacing[config.fee] === undefined ? { tickSpacing: config.tickSpacing } : {}),
      initialize: false,
      fundAccounts: OWNERS,
      fundAmount: FUND,
      deployer: ADMIN,
    });
    if (d.tickSpacing !== config.tickSpacing) throw new Error(`fee ${config.fee} deployed with spacing ${d.tickSpacing}`);
    const chain = new RealUniswapV3Pool(
      clients,
      { pool: d.poolAddress, actions: d.actions, token0: d.token0.address, token1: d.token1.address },
      { sender: ADMIN, gas: TX_GAS },
    );

    const start = config.genesisTimestamp + 86_400;
    const latest = Number(await latestBlockTimestamp(clients));
    if (latest >= start) throw new Error(`deployment took the chain clock past the run's start (${latest} >= ${start})`);
    const ts = new UniswapV3Pool({ fee: config.fee, tickSpacing: config.tickSpacing, blockTimestamp: start });
    const rng = new Rng(config.seed);
    const gen = new OpGenerator(rng, ts, { owners: OWNERS, admin: ADMIN, ops: config.ops }, start);

    const stats: RunStats = {
      run,
      seed: config.seed,
      fee: config.fee,
      tickSpacing: config.tickSpacing,
      operations: 0,
      startTimestamp: start,
      endTimestamp: start,
      byKind: {},
      byLabel: {},
      reverts: {},
      swaps: { total: 0, crossingInitializedTicks: 0, maxTicksCrossed: 0, endedAtPriceLimit: 0, refused: 0 },
      maxGasUsed: '0',
      sameTimestampBlocks: 0,
      chainMsByKind: {},
      slowest: [],
      checkpoints: [],
      ms: 0,
    };
    const touched: Touched = { ticks: new Set(), positions: new Map() };
    const recent: Op[] = [];
    let maxGas = 0n;
    let lastMinedTimestamp = -1;
    let index = 0;

    const step = async (op: Op): Promise<void> => {
      const ctx: Context = { run, index, op, recent: [...recent] };
      let crossed = -1;
      if (op.kind === 'swap') {
        ts.blockTimestamp = op.timestamp;
        try {
          crossed = ts.quoteSwap(op.zeroForOne, op.amountSpecified, op.sqrtPriceLimitX96).initializedTicksCrossed;
        } catch {
          crossed = -1;
        }
      }
      const txBefore = chain.lastTransaction?.hash;
      const tsOut = applyTs(ts, op);
      const t0 = performance.now();
      const chainOut = await applyChain(chain, op);
      const ms = performance.now() - t0;
      compareOutcomes(ctx, tsOut, chainOut);
      if (op.expectRevert !== undefined && (tsOut.ok || tsOut.reason !== op.expectRevert)) {
        // both sides agree, but not on the refusal this op was built to exercise
        fail(ctx, `the generator meant this op to be refused with '${op.expectRevert}' (both sides agree: a generator bug)`, tsOut, chainOut);
      }
      touch(touched, op);
      await compareGlobals(ctx, ts, chain);
      if (op.kind === 'mint' || op.kind === 'burn' || op.kind === 'collect') {
        const owner = op.kind === 'mint' ? op.recipient : op.owner;
        const checks: Array<Promise<void>> = [comparePosition(ctx, ts, chain, { owner, tickLower: op.tickLower, tickUpper: op.tickUpper })];
        for (const t of [op.tickLower, op.tickUpper]) {
          if (t >= -887272 && t <= 887272) {
            checks.push(compareTick(ctx, ts, chain, t));
            if (t % ts.tickSpacing === 0) checks.push(compareWord(ctx, ts, chain, wordOf(t, ts.tickSpacing)));
          }
        }
        await Promise.all(checks);
      }

      stats.operations++;
      bump(stats.byKind, op.kind);
      bump(stats.byLabel, op.label);
      if (!tsOut.ok) bump(stats.reverts, tsOut.reason);
      if (op.kind === 'swap') {
        stats.swaps.total++;
        if (!tsOut.ok) stats.swaps.refused++;
        else {
          if (crossed > 0) stats.swaps.crossingInitializedTicks++;
          stats.swaps.maxTicksCrossed = Math.max(stats.swaps.maxTicksCrossed, crossed);
          const limit = op.sqrtPriceLimitX96 ?? (op.zeroForOne ? 4295128739n + 1n : 1461446703485210103287273052203988822378723970342n - 1n);
          if (ts.slot0.sqrtPriceX96 === limit) stats.swaps.endedAtPriceLimit++;
        }
      }
      const tx = chain.lastTransaction;
      const mined = tx !== undefined && tx.hash !== txBefore;
      if (mined && op.timestamp === lastMinedTimestamp) {
        // a block with the same timestamp as the one before: make sure the chain really used it
        const block = await clients.publicClient.getBlock({ blockNumber: tx.blockNumber });
        if (block.timestamp !== BigInt(op.timestamp)) fail(ctx, 'block timestamp (same-second block)', op.timestamp, block.timestamp);
        stats.sameTimestampBlocks++;
      }
      if (mined) lastMinedTimestamp = op.timestamp;
      const gas = mined ? tx.gasUsed : 0n;
      if (gas > maxGas) maxGas = gas;
      stats.chainMsByKind[op.kind] = Math.round((stats.chainMsByKind[op.kind] ?? 0) + ms);
      stats.slowest.push({ index, label: op.label, ms: Math.round(ms), gas: gas.toString() });
      stats.slowest.sort((a, b) => b.ms - a.ms);
      if (stats.slowest.length > 5) stats.slowest.pop();
      recent.push(op);
      if (recent.length > 6) recent.shift();
      stats.endTimestamp = op.timestamp;
      index++;
    };

    const checkpoint = async (): Promise<void> => {
      // let time pass in an empty block, so observe() extrapolates from the last observation
      const t = gen.currentTimestamp + 1 + gen.gap();
      gen.advanceTo(t);
      await chain.setNextBlockTimestamp(t);
      await chain.mine();
      ts.blockTimestamp = t;
      const ctx: Context = { run, index, op: undefined, recent: [...recent] };
      stats.checkpoints.push(await compareFullState(ctx, ts, chain, touched, config.seed + index));
    };

    for (const op of gen.prelude()) await step(op);
    const every = Math.max(1, Math.floor(config.ops / (config.checkpoints + 1)));
    for (let i = 0; i < config.ops; i++) {
      await step(gen.next());
      if ((i + 1) % every === 0 && i + 1 < config.ops) await checkpoint();
    }
    await checkpoint();
    stats.maxGasUsed = maxGas.toString();
    stats.ms = Math.round(performance.now() - started);
    return stats;
  } finally {
    await anvil.stop();
  }
}
