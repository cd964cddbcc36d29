import { join } from 'node:path';
import { decodeFunctionData, encodeFunctionData, type Address, type Hash } from 'viem';
import { poolActionsAbi } from '../../src/chain/abis.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DEVNET_ADDRESSES, devnetAccount } from '../../src/chain/accounts.js';
import { devnetRequest, type DevnetClients } from '../../src/chain/clients.js';
import type { RealPoolAddresses } from '../../src/chain/real-pool.js';
import { ChainRevertError } from '../../src/chain/revert.js';
import { projectRoot } from '../../src/data/project-paths.js';
import { constantVolatility, toleranceFor } from '../../src/engine/guards.js';
import { ChainExecutor, ChainSendRejectedError, type ChainExecutorOptions, type ChainReceipt } from '../../src/execution/chain-executor.js';
import type { AsyncExecutor, Execution } from '../../src/execution/executor.js';
import { nextBaseFeeWei } from '../../src/execution/fee-caps.js';
import { intentToActions, SimExecutor } from '../../src/execution/sim-executor.js';
import { FileJournal } from '../../src/execution/send-journal.js';
import { buildSimulator } from '../../src/market/scenario/build.js';
import { loadScenario } from '../../src/market/scenario/parse.js';
import type { PoolVenue } from '../../src/market/simulator/venues.js';
import type { Intent } from '../../src/strategy/types.js';
import { UniswapV3Error } from '../../src/uniswap-v3/errors.js';
import { UniswapV3Pool } from '../../src/uniswap-v3/pool.js';
import { SQRT_PRICE_1_1, useTempDir, useUniswapDevnet } from '../chain/helpers.js';

const MAX_UINT128 = (1n << 128n) - 1n;
const POOL = 'pool';
const keeperAccount = devnetAccount(1);
const KEEPER: Address = keeperAccount.address;
const LP: Address = DEVNET_ADDRESSES[0];
const OTHER: Address = DEVNET_ADDRESSES[2];
const guards = { k: 3, confirmationSeconds: 24, deadlineSeconds: 120, volatility: constantVolatility(0.8) };
const { simulator } = buildSimulator(loadScenario(join(projectRoot(), 'examples/scenarios/gbm-eth-usdc.json')));

describe('ChainExecutor on anvil, against the real Uniswap v3 pool', () => {
  const devnet = useUniswapDevnet({ fee: 3000, sqrtPriceX96: SQRT_PRICE_1_1, fundAccounts: [LP, KEEPER, OTHER] });
  const temp = useTempDir('chain-executor');
  /** the TypeScript pool, mirrored operation by operation */
  let mirror: UniswapV3Pool | undefined;

  afterEach(async () => {
    await devnet.current.clients.testClient.setAutomine(true);
  });

  function addresses(): RealPoolAddresses {
    const d = devnet.current.deployment;
    return { pool: d.poolAddress, actions: d.actions, token0: d.token0.address, token1: d.token1.address };
  }

  function open(extra: Partial<ChainExecutorOptions> = {}): Promise<ChainExecutor> {
    return ChainExecutor.open({
      publicClient: devnet.current.clients.publicClient,
      account: keeperAccount,
      pools: { [POOL]: addresses() },
      guards,
      view: () => simulator.view,
      maxPriorityFeePerGas: 1_000_000_000n,
      ...extra,
    });
  }

  async function mirrored(): Promise<UniswapV3Pool> {
    if (mirror === undefined) {
      // Liquidity from another account, on both sides: the same on chain and in TypeScript.
      mirror = new UniswapV3Pool({ fee: 3000, tickSpacing: 60 });
      mirror.initialize(SQRT_PRICE_1_1);
      await devnet.current.deployment.pool.mint(LP, -1200, 1200, 10n ** 21n);
      mirror.mint(LP, -1200, 1200, 10n ** 21n);
    }
    return mirror;
  }

  /** Collects until every listed transaction resolved, mining a block whenever none did. */
  async function settle(executor: ChainExecutor, count: number, mine = false): Promise<Execution[]> {
    const done: Execution[] = [];
    for (let round = 0; done.length < count; round++) {
      if (round > 20) throw new Error(`only ${done.length} of ${count} executions resolved`);
      if (mine) await devnet.current.clients.testClient.mine({ blocks: 1 });
      done.push(...(await executor.collect()));
      mine = true;
    }
    return done;
  }

  async function expectStateEqual(ts: UniswapV3Pool): Promise<void> {
    const chain = devnet.current.deployment.pool;
    const slot0 = await chain.slot0();
    expect(slot0.sqrtPriceX96).toBe(ts.slot0.sqrtPriceX96);
    expect(slot0.tick).toBe(ts.slot0.tick);
    expect(await chain.liquidity()).toBe(ts.liquidity);
    expect(await chain.feeGrowthGlobal0X128()).toBe(ts.feeGrowthGlobal0X128);
    expect(await chain.feeGrowthGlobal1X128()).toBe(ts.feeGrowthGlobal1X128);
  }

  it('mints, swaps, burns and collects land, and each result equals the TypeScript pool on the same operations', async () => {
    const ts = await mirrored();
    const executor = await open();
    const range = { pool: POOL, tickLower: -120, tickUpper: 180 };
    const results: unknown[] = [];
    const expected: unknown[] = [];
    const run = async (intent: Intent, mirrorOps: () => unknown[]): Promise<ChainReceipt[]> => {
      await executor.submit(intent);
      const [execution] = await settle(executor, 1);
      expect(execution!.outcome).toBe('filled');
      expect(executor.pending()).toHaveLength(0);
      results.push(...execution!.receipts.map((r) => pick(r.result)));
      expected.push(...mirrorOps().map(pick));
      return execution!.receipts as ChainReceipt[];
    };
    await run({ kind: 'addLiquidity', ...range, liquidity: 5n * 10n ** 18n, reason: 'open' }, () => [ts.mint(KEEPER, -120, 180, 5n * 10n ** 18n)]);
    await run({ kind: 'swap', pool: POOL, zeroForOne: true, amountIn: 3n * 10n ** 17n, reason: 'sell 0' }, () => [ts.swap(KEEPER, true, 3n * 10n ** 17n)]);
    await run({ kind: 'swap', pool: POOL, zeroForOne: false, amountIn: 7n * 10n ** 17n, reason: 'sell 1' }, () => [ts.swap(KEEPER, false, 7n * 10n ** 17n)]);
    await run({ kind: 'removeLiquidity', ...range, liquidity: 2n * 10n ** 18n, reason: 'trim' }, () => [ts.burn(KEEPER, -120, 180, 2n * 10n ** 18n)]);
    const collected = await run({ kind: 'collectFees', ...range, reason: 'harvest' }, () => [
      ts.burn(KEEPER, -120, 180, 0n),
      ts.collect(KEEPER, KEEPER, -120, 180, MAX_UINT128, MAX_UINT128),
    ]);
    expect(collected).toHaveLength(2);
    expect(results).toEqual(expected);
    // the swaps earned the position fees: the collect paid more than the burned principal
    const [burned] = expected.slice(3) as { amount0: bigint; amount1: bigint }[];
    const got = expected.at(-1) as { amount0: bigint; amount1: bigint };
    expect(got.amount0 + got.amount1).toBeGreaterThan(burned!.amount0 + burned!.amount1);
    await expectStateEqual(ts);
    const position = await devnet.current.deployment.pool.positions(KEEPER, -120, 180);
    expect(position).toEqual(ts.positions(KEEPER, -120, 180));
    // gas: each receipt paid gasUsed × effective price, and the limit covered it with the margin
    for (const receipt of collected) expect(receipt.gasCostWei).toBe(receipt.burnedWei + receipt.tipWei);
  });

  it('sets the same minimum output and amount maxima as the simulated executor for the same quote (k·σ·√Δt)', async () => {
    const ts = await mirrored();
    await expectStateEqual(ts);
    const executor = await open();
    const tolerancePpm = toleranceFor(guards, simulator.view);
    expect(tolerancePpm).toBeGreaterThan(0n);
    const venue = { pool: ts } as unknown as PoolVenue;
    const intents: Intent[] = [
      { kind: 'swap', pool: POOL, zeroForOne: true, amountIn: 10n ** 18n, reason: 'r' },
      { kind: 'swap', pool: POOL, zeroForOne: false, amountIn: 123_456_789n, reason: 'r' },
      { kind: 'addLiquidity', pool: POOL, tickLower: -600, tickUpper: 60, liquidity: 10n ** 18n, reason: 'r' },
    ];
    for (const intent of intents) {
      const prepared = await executor.prepare(intent);
      expect(prepared.actions).toEqual(intentToActions(intent, KEEPER, () => venue, tolerancePpm));
      expect(prepared.gasCeilingWei).toBeGreaterThan(0n);
    }
  });

  it('refuses what it cannot send: other venues\' intents, unknown pools, and an intent that would revert now (typed)', async () => {
    const executor = await open();
    await expect(executor.prepare({ kind: 'supply', asset: 'USDC', amount: 1n, reason: 'r' })).rejects.toThrow(/Uniswap v3 intents only/);
    await expect(executor.prepare({ kind: 'swap', pool: 'nope', zeroForOne: true, amountIn: 1n, reason: 'r' })).rejects.toThrow(/intent.pool/);
    const bad = executor.prepare({ kind: 'addLiquidity', pool: POOL, tickLower: 60, tickUpper: -60, liquidity: 1n, reason: 'r' });
    await expect(bad).rejects.toBeInstanceOf(UniswapV3Error);
    await expect(bad).rejects.toMatchObject({ reason: 'TLU' });
    expect(executor.pending()).toHaveLength(0);
    // the simulated executor fits where an AsyncExecutor is expected: one contract for both
    const either: AsyncExecutor[] = [executor, new SimExecutor(simulator, { sender: 'vault', guards, maxPriorityFeePerGas: 0n })];
    expect(either.map((e) => e.pending().length)).toEqual([0, 0]);
  });

  it('a transaction the node refuses throws, leaves nothing in flight and no nonce gap: the next send takes the same nonce', async () => {
    const { clients } = devnet.current;
    const broke = devnetAccount(3);
    const executor = await open({ account: broke });
    const start = await clients.publicClient.getTransactionCount({ address: broke.address });
    await clients.testClient.setBalance({ address: broke.address, value: 0n });
    const intent: Intent = { kind: 'collectFees', pool: POOL, tickLower: -60, tickUpper: 60, reason: 'nothing owed' };
    await expect(executor.submit(intent)).rejects.toBeInstanceOf(ChainSendRejectedError);
    expect(executor.pending()).toHaveLength(0);
    await clients.testClient.setBalance({ address: broke.address, value: 10n ** 18n });
    const sent = await executor.submit(intent);
    const [execution] = await settle(executor, 1);
    expect(execution!.outcome).toBe('filled');
    expect((await clients.publicClient.getTransaction({ hash: sent.txId as Hash })).nonce).toBe(start);
    expect(pick(execution!.receipts[0]!.result)).toEqual({ amount0: 0n, amount1: 0n });
  });

  it('a swap whose price moved between prepare and mining reverts with the decoded guard; the executor reports reverted', async () => {
    const ts = await mirrored();
    const { clients, deployment } = devnet.current;
    const executor = await open();
    const intent: Intent = { kind: 'swap', pool: POOL, zeroForOne: true, amountIn: 10n ** 17n, reason: 'sell' };
    const prepared = await executor.prepare(intent);
    const action = prepared.actions[0]!;
    if (action.kind !== 'v3Swap') throw new Error('expected a swap');
    await clients.testClient.setAutomine(false);
    const sent = await executor.send(prepared);
    // Another account dumps token0 first (higher tip: anvil orders the block by fees).
    const pushAmount = 2n * 10n ** 19n;
    const pushHash = await sendUnlocked(clients, OTHER, deployment.actions, deployment.pool.address, pushAmount, 50_000_000_000n);
    await clients.testClient.mine({ blocks: 1 });
    const [execution] = await settle(executor, 1);
    expect(execution!.outcome).toBe('reverted');
    expect(execution!.sent.txId).toBe(sent.txId);
    const receipt = execution!.receipts[0] as ChainReceipt;
    expect(receipt.status).toBe('reverted');
    expect(receipt.revertError).toBeInstanceOf(ChainRevertError);
    expect(receipt.revertReason).toBe('TooLittleReceived');
    const [amountOut, minimum] = (receipt.revertError as ChainRevertError).args as [bigint, bigint];
    expect(minimum).toBe(action.amountOutMinimum);
    expect(amountOut).toBeLessThan(minimum);
    // the mirror: the push landed first, our swap did nothing but pay gas
    const pushReceipt = await clients.publicClient.getTransactionReceipt({ hash: pushHash });
    expect(pushReceipt.transactionIndex).toBeLessThan(receipt.index);
    const pushed = ts.swap(OTHER, true, pushAmount);
    expect(pushed.amount0).toBe(pushAmount);
    expect(-ts.quoteSwap(true, 10n ** 17n).amount1).toBe(amountOut);
    await expectStateEqual(ts);
  });

  it('never leaves a nonce gap across many sends in one block, and every one lands', async () => {
    const ts = await mirrored();
    const { clients } = devnet.current;
    const executor = await open();
    const before = await clients.publicClient.getTransactionCount({ address: KEEPER });
    await clients.testClient.setAutomine(false);
    const count = 12;
    const intents: Intent[] = Array.from({ length: count }, (_, i) => ({
      kind: 'swap', pool: POOL, zeroForOne: i % 2 === 0, amountIn: 10n ** 15n + BigInt(i), reason: `n${i}`,
    }));
    const sent = await Promise.all(intents.map((intent) => executor.submit(intent)));
    expect(new Set(sent.map((s) => s.txId)).size).toBe(count);
    expect(await clients.publicClient.getTransactionCount({ address: KEEPER, blockTag: 'pending' })).toBe(before + count);
    const done = await settle(executor, count, true);
    expect(done.map((e) => e.outcome)).toEqual(Array(count).fill('filled'));
    const nonces = await Promise.all(done.map(async (e) => (await clients.publicClient.getTransaction({ hash: e.sent.txId as Hash })).nonce));
    expect([...nonces].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => before + i));
    expect(await clients.publicClient.getTransactionCount({ address: KEEPER })).toBe(before + count);
    // mirror in block order
    const ordered = done.map((e) => e.receipts[0]!).sort((a, b) => a.index - b.index);
    for (const receipt of ordered) {
      const intent = done.find((e) => e.sent.txId === receipt.txId)!.sent.intent as Extract<Intent, { kind: 'swap' }>;
      expect(pick(receipt.result)).toEqual(pick(ts.swap(KEEPER, intent.zeroForOne, intent.amountIn)));
    }
    await expectStateEqual(ts);
  });

  it('a restarted executor on the same key and journal adopts the transaction in the pool instead of sending it again', async () => {
    const ts = await mirrored();
    const { clients } = devnet.current;
    const journalPath = join(temp.path, 'journal.json');
    const first = await open({ journal: new FileJournal(journalPath) });
    await clients.testClient.setAutomine(false);
    const intent: Intent = { kind: 'swap', pool: POOL, zeroForOne: false, amountIn: 5n * 10n ** 16n, reason: 'before the crash' };
    const sent = await first.submit(intent);
    const minedBefore = await clients.publicClient.getTransactionCount({ address: KEEPER });
    // "crash": the first instance is gone; a new one opens on the same key and journal
    const second = await open({ journal: new FileJournal(journalPath) });
    expect(second.pending().map((s) => s.txId)).toEqual([sent.txId]);
    const again = await second.submit({ ...intent, reason: 'decided again after the restart' });
    expect(again.txId).toBe(sent.txId);
    expect(await clients.publicClient.getTransactionCount({ address: KEEPER, blockTag: 'pending' })).toBe(minedBefore + 1);
    const [execution] = await settle(second, 1, true);
    expect(execution!.outcome).toBe('filled');
    expect(await clients.publicClient.getTransactionCount({ address: KEEPER })).toBe(minedBefore + 1);
    expect(pick(execution!.receipts[0]!.result)).toEqual(pick(ts.swap(KEEPER, false, 5n * 10n ** 16n)));
    expect(new FileJournal(journalPath).entries()).toEqual([]);
    // a transaction journaled but never broadcast (crash between the two) is sent with its own bytes
    const third = await open({ journal: new FileJournal(journalPath) });
    const lost = await third.prepare({ kind: 'swap', pool: POOL, zeroForOne: true, amountIn: 10n ** 16n, reason: 'lost' });
    const lostSent = await third.send(lost);
    await devnetRequest(clients, 'anvil_dropTransaction', [lostSent.txId]);
    const fourth = await open({ journal: new FileJournal(journalPath) });
    const [resent] = await settle(fourth, 1, true);
    expect(resent!.outcome).toBe('filled');
    expect(resent!.receipts[0]!.txId).toBe(lostSent.txId);
    ts.swap(KEEPER, true, 10n ** 16n);
    await expectStateEqual(ts);
  });

  it('its next-base-fee rule (behind the fee caps) is the node\'s own, block after block', async () => {
    const { publicClient } = devnet.current.clients;
    const latest = await publicClient.getBlockNumber();
    expect(latest).toBeGreaterThan(10n);
    // from block 2: anvil gives block 1 the genesis base fee as it is
    let parent = await publicClient.getBlock({ blockNumber: 1n });
    let checked = 0;
    for (let n = 2n; n <= latest; n++) {
      const block = await publicClient.getBlock({ blockNumber: n });
      expect(block.baseFeePerGas).toBe(nextBaseFeeWei(parent.baseFeePerGas!, parent.gasUsed, parent.gasLimit));
      if (parent.gasUsed > 0n) checked++;
      parent = block;
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('replaces a stuck transaction at the same nonce with bumped fees, and cancels one past its deadline (dropped, never run)', async () => {
    const ts = await mirrored();
    const { clients } = devnet.current;
    const executor = await open({ retry: { replaceAfterBlocks: 2, maxReplacements: 3 } });
    await clients.testClient.setAutomine(false);
    const stuckFee = async () => devnetRequest(clients, 'anvil_setNextBlockBaseFeePerGas', ['0x' + (1000n * 10n ** 9n).toString(16)]);
    // stuck: the base fee jumps far above the cap it was signed with
    const swap = await executor.submit({ kind: 'swap', pool: POOL, zeroForOne: true, amountIn: 10n ** 16n, reason: 'stuck' });
    const nonce = (await clients.publicClient.getTransaction({ hash: swap.txId as Hash })).nonce;
    await stuckFee();
    await clients.testClient.mine({ blocks: 1 });
    expect(await executor.collect()).toEqual([]);
    await clients.testClient.mine({ blocks: 1 });
    expect(await executor.collect()).toEqual([]); // 2 blocks: replaced now
    const [replaced] = await settle(executor, 1, true);
    expect(replaced!.outcome).toBe('filled');
    expect(replaced!.receipts[0]!.txId).not.toBe(swap.txId);
    const minedTx = await clients.publicClient.getTransaction({ hash: replaced!.receipts[0]!.txId as Hash });
    expect(minedTx.nonce).toBe(nonce);
    // the same call: same function, same amount, same guard
    const call = decodeFunctionData({ abi: poolActionsAbi, data: minedTx.input });
    const action = swap.actions[0]!;
    expect(call.functionName).toBe('swapExactInput');
    expect(call.args?.slice(2, 5)).toEqual([true, 10n ** 16n, action.kind === 'v3Swap' ? action.amountOutMinimum : -1n]);
    expect(minedTx.maxFeePerGas).toBeGreaterThan(1000n * 10n ** 9n);
    expect(pick(replaced!.receipts[0]!.result)).toEqual(pick(ts.swap(KEEPER, true, 10n ** 16n)));

    // past the deadline: the burn (which carries no deadline of its own) is cancelled
    const position = await devnet.current.deployment.pool.positions(KEEPER, -120, 180);
    expect(position.liquidity).toBeGreaterThan(0n);
    await devnetRequest(clients, 'anvil_setNextBlockBaseFeePerGas', ['0x' + (10n ** 9n).toString(16)]);
    await clients.testClient.mine({ blocks: 1 });
    const burn = await executor.submit({ kind: 'removeLiquidity', pool: POOL, tickLower: -120, tickUpper: 180, liquidity: 10n ** 17n, reason: 'late' });
    await stuckFee();
    const latest = await clients.publicClient.getBlock();
    await clients.testClient.setNextBlockTimestamp({ timestamp: latest.timestamp + BigInt(guards.deadlineSeconds) + 10n });
    await clients.testClient.mine({ blocks: 1 });
    const [dropped] = await settle(executor, 1, true);
    expect(dropped!.outcome).toBe('dropped');
    expect(dropped!.sent.txId).toBe(burn.txId);
    expect(dropped!.receipts).toEqual([]);
    expect((await devnet.current.deployment.pool.positions(KEEPER, -120, 180)).liquidity).toBe(position.liquidity);
    await expectStateEqual(ts);
    expect(await clients.publicClient.getTransactionCount({ address: KEEPER })).toBe(nonce + 2);
  });
});

/** The amounts of a pool result (the swap's result also carries its end price). */
function pick(result: unknown): { amount0: bigint; amount1: bigint } {
  const { amount0, amount1 } = result as { amount0: bigint; amount1: bigint };
  return { amount0, amount1 };
}

/** A swap of token0 from an unlocked account with the given tip; returns its hash unmined. */
async function sendUnlocked(clients: DevnetClients, from: Address, actions: Address, pool: Address, amountIn: bigint, tipWei: bigint): Promise<Hash> {
  const data = encodeFunctionData({ abi: poolActionsAbi, functionName: 'swap', args: [pool, from, true, amountIn, 4295128740n] });
  const hex = (v: bigint) => `0x${v.toString(16)}`;
  const hash = await devnetRequest<Hash>(clients, 'eth_sendTransaction', [
    { from, to: actions, data, gas: hex(1_000_000n), maxPriorityFeePerGas: hex(tipWei), maxFeePerGas: hex(tipWei + 10n ** 11n) },
  ]);
  return hash;
}
