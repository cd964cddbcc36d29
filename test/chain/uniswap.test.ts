import { parseEventLogs, type Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { DEVNET_ADDRESSES } from '../../src/chain/accounts.js';
import { poolActionsAbi, uniswapV3FactoryAbi, uniswapV3PoolAbi } from '../../src/chain/abis.js';
import { ChainRevertError } from '../../src/chain/revert.js';
import { positionKey } from '../../src/chain/real-pool.js';
import { UniswapV3Error } from '../../src/uniswap-v3/errors.js';
import { InvalidInputError } from '../../src/errors.js';
import { SQRT_PRICE_1_1, useUniswapDevnet } from './helpers.js';

const MIN_SQRT_RATIO = 4295128739n;
const MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342n;
const alice = DEVNET_ADDRESSES[0];
const bob = DEVNET_ADDRESSES[1];
const carol = DEVNET_ADDRESSES[2];

describe('real Uniswap v3 on anvil', () => {
  const devnet = useUniswapDevnet({ fee: 3000, sqrtPriceX96: SQRT_PRICE_1_1, fundAccounts: [alice, bob] });

  it('deploys the real factory, sorted tokens with the asked decimals, and an initialized pool', async () => {
    const { deployment: d, clients } = devnet.current;
    const { publicClient } = clients;
    expect(BigInt(d.token0.address) < BigInt(d.token1.address)).toBe(true);
    expect(d.tokenA.decimals).toBe(6);
    expect(d.tokenB.decimals).toBe(18);
    expect(d.tokenAIsToken0 ? d.token0 : d.token1).toEqual(d.tokenA);
    expect(await publicClient.readContract({ address: d.factory, abi: uniswapV3FactoryAbi, functionName: 'owner' })).toBe(alice);
    expect(
      await publicClient.readContract({
        address: d.factory,
        abi: uniswapV3FactoryAbi,
        functionName: 'getPool',
        args: [d.tokenB.address, d.tokenA.address, 3000],
      }),
    ).toBe(d.poolAddress);
    const code = await publicClient.getCode({ address: d.poolAddress });
    expect(code?.length).toBeGreaterThan(1000);
    const slot0 = await d.pool.slot0();
    expect(slot0).toMatchObject({ sqrtPriceX96: SQRT_PRICE_1_1, tick: 0, observationCardinality: 1, unlocked: true });
    expect(d.tickSpacing).toBe(60);
    expect(await publicClient.readContract({ address: d.poolAddress, abi: uniswapV3PoolAbi, functionName: 'fee' })).toBe(3000);
  });

  it('mints a position through the callback contract: tokens move, position and ticks update', async () => {
    const { deployment: d } = devnet.current;
    const pool = d.pool;
    const before0 = await pool.balanceOf(0, alice);
    const before1 = await pool.balanceOf(1, alice);
    const liquidity = 10n ** 18n;
    const { amount0, amount1 } = await pool.mint(bob, -600, 600, liquidity);
    expect(amount0).toBeGreaterThan(0n);
    expect(amount1).toBeGreaterThan(0n);
    // At price 1 and a symmetric range the two amounts are equal.
    expect(amount0).toBe(amount1);
    expect(before0 - (await pool.balanceOf(0, alice))).toBe(amount0);
    expect(before1 - (await pool.balanceOf(1, alice))).toBe(amount1);
    expect(await pool.balanceOf(0, d.poolAddress)).toBe(amount0);
    // The recipient owns the position, not the payer and not the callback contract.
    expect((await pool.positions(bob, -600, 600)).liquidity).toBe(liquidity);
    expect((await pool.positions(alice, -600, 600)).liquidity).toBe(0n);
    expect(await pool.positions(positionKey(bob, -600, 600))).toEqual(await pool.positions(bob, -600, 600));
    expect(await pool.liquidity()).toBe(liquidity);
    const lower = await pool.ticks(-600);
    expect(lower).toMatchObject({ liquidityGross: liquidity, liquidityNet: liquidity, initialized: true });
    expect((await pool.ticks(600)).liquidityNet).toBe(-liquidity);
    // tick -600 / spacing 60 = compressed -10: word -1, bit 246; 600 -> word 0, bit 10.
    expect(await pool.tickBitmap(-1)).toBe(1n << 246n);
    expect(await pool.tickBitmap(0)).toBe(1n << 10n);
  });

  it('swaps both ways; returned deltas, Swap event, balances and slot0 agree', async () => {
    const { deployment: d, clients } = devnet.current;
    const pool = d.pool;
    const carol0 = await pool.balanceOf(0, carol);
    const alice0 = await pool.balanceOf(0, alice);
    const alice1 = await pool.balanceOf(1, alice);
    const exactIn = 10n ** 15n;
    const sell0 = await pool.swap(carol, true, exactIn);
    expect(sell0.amount0).toBe(exactIn);
    expect(sell0.amount1).toBeLessThan(0n);
    expect(alice0 - (await pool.balanceOf(0, alice))).toBe(exactIn);
    expect(await pool.balanceOf(1, carol)).toBe(-sell0.amount1);
    expect(await pool.balanceOf(0, carol)).toBe(carol0);
    expect(await pool.balanceOf(1, alice)).toBe(alice1);

    const receipt = await clients.publicClient.getTransactionReceipt({ hash: pool.lastTransaction!.hash });
    const [swapEvent] = parseEventLogs({ abi: uniswapV3PoolAbi, logs: receipt.logs, eventName: 'Swap' });
    const [callbackEvent] = parseEventLogs({ abi: poolActionsAbi, logs: receipt.logs, eventName: 'SwapCallback' });
    const slot0 = await pool.slot0();
    expect(swapEvent?.args).toMatchObject({
      sender: d.actions,
      recipient: carol,
      amount0: sell0.amount0,
      amount1: sell0.amount1,
      sqrtPriceX96: slot0.sqrtPriceX96,
      tick: slot0.tick,
      liquidity: await pool.liquidity(),
    });
    expect(callbackEvent?.args).toEqual({ amount0Delta: sell0.amount0, amount1Delta: sell0.amount1 });
    expect(slot0.sqrtPriceX96).toBeLessThan(SQRT_PRICE_1_1);
    expect(slot0.tick).toBeLessThan(0);
    // 0.3 % fee on the input accrues to token0's fee growth only.
    expect(await pool.feeGrowthGlobal0X128()).toBeGreaterThan(0n);
    expect(await pool.feeGrowthGlobal1X128()).toBe(0n);

    // Exact output the other way: ask for exactly 1e14 token0 out.
    const exactOut = 10n ** 14n;
    const buy0 = await pool.swap(carol, false, -exactOut, MAX_SQRT_RATIO - 1n);
    expect(buy0.amount0).toBe(-exactOut);
    expect(buy0.amount1).toBeGreaterThan(0n);
    expect((await pool.slot0()).sqrtPriceX96).toBeGreaterThan(slot0.sqrtPriceX96);
  });

  it('burns and collects as the position owner', async () => {
    const { deployment: d } = devnet.current;
    const pool = d.pool;
    const burned = await pool.burn(bob, -600, 600, 10n ** 17n);
    expect(burned.amount0).toBeGreaterThan(0n);
    const owed = await pool.positions(bob, -600, 600);
    expect(owed.liquidity).toBe(9n * 10n ** 17n);
    expect(owed.tokensOwed0).toBeGreaterThan(burned.amount0); // principal plus swap fees
    const bob0 = await pool.balanceOf(0, bob);
    const collected = await pool.collect(bob, bob, -600, 600, 2n ** 128n - 1n, 2n ** 128n - 1n);
    expect(collected.amount0).toBe(owed.tokensOwed0);
    expect(collected.amount1).toBe(owed.tokensOwed1);
    expect((await pool.balanceOf(0, bob)) - bob0).toBe(collected.amount0);
    // Alice paid for the mint but owns nothing: burning from her empty position underflows ('LS').
    await expect(pool.burn(alice, -600, 600, 1n)).rejects.toMatchObject({ name: 'UniswapV3Error', reason: 'LS' });
  });

  it('surfaces reverts as typed errors with the reason, without mining anything', async () => {
    const { deployment: d, clients } = devnet.current;
    const pool = d.pool;
    const block = await clients.publicClient.getBlockNumber();
    const tlu = await pool.mint(alice, 600, 600, 1n).catch((e: unknown) => e);
    expect(tlu).toBeInstanceOf(UniswapV3Error);
    expect(tlu).toMatchObject({ reason: 'TLU' });
    await expect(pool.mint(alice, 600, -600, 1n)).rejects.toMatchObject({ reason: 'TLU' });
    const as = await pool.swap(alice, true, 0n, MIN_SQRT_RATIO + 1n).catch((e: unknown) => e);
    expect(as).toBeInstanceOf(UniswapV3Error);
    expect(as).toMatchObject({ reason: 'AS' });
    await expect(pool.swap(alice, true, 1000n, MAX_SQRT_RATIO - 1n)).rejects.toMatchObject({ reason: 'SPL' });
    await expect(pool.initialize(SQRT_PRICE_1_1)).rejects.toMatchObject({ reason: 'AI' });
    await expect(pool.observe([3600])).rejects.toMatchObject({ reason: 'OLD' });
    await expect(pool.burn(carol, -600, 600, 0n)).rejects.toMatchObject({ reason: 'NP' });
    await expect(pool.flash(carol, 10n ** 12n, 0n, { paid0: 0n })).rejects.toMatchObject({ reason: 'F0' });
    // Only the factory owner may set the protocol fee: a bare require, no reason string.
    const notOwner = await pool.setFeeProtocol(4, 4, { from: bob }).catch((e: unknown) => e);
    expect(notOwner).toBeInstanceOf(ChainRevertError);
    expect(notOwner).toMatchObject({ kind: 'bare', reason: '' });
    // A payer that never approved the callback: OpenZeppelin's custom error bubbles up.
    const noAllowance = await pool.mint(carol, -60, 60, 10n ** 9n, { from: carol }).catch((e: unknown) => e);
    expect(noAllowance).toBeInstanceOf(ChainRevertError);
    expect(noAllowance).toMatchObject({ kind: 'custom', reason: 'ERC20InsufficientAllowance' });
    expect(await clients.publicClient.getBlockNumber()).toBe(block);
  });

  it('rejects out-of-range arguments with InvalidInputError before touching the chain', async () => {
    const pool = devnet.current.deployment.pool;
    await expect(pool.mint(alice, -60, 60, -1n)).rejects.toThrow(InvalidInputError);
    await expect(pool.mint(alice, 1.5, 60, 1n)).rejects.toThrow(InvalidInputError);
    await expect(pool.swap(alice, true, 1n << 255n, 1n)).rejects.toThrow(InvalidInputError);
    await expect(pool.burn(alice, -60, 60, 1n, { from: bob })).rejects.toThrow(InvalidInputError);
  });

  it('flash-lends with the fee paid back, and counts donations in the balances only', async () => {
    const { deployment: d } = devnet.current;
    const pool = d.pool;
    const pool0 = await pool.balanceOf(0, d.poolAddress);
    const growth0 = await pool.feeGrowthGlobal0X128();
    const loan = 10n ** 12n;
    const result = await pool.flash(carol, loan, 0n);
    // 0.3 % rounded up, paid on top of the loan by the sender (alice); carol keeps the loan.
    expect(result).toEqual({ fee0: (loan * 3000n + 999_999n) / 1_000_000n, fee1: 0n, paid0: result.fee0, paid1: 0n });
    expect(await pool.balanceOf(0, d.poolAddress)).toBe(pool0 + result.fee0);
    expect(await pool.feeGrowthGlobal0X128()).toBeGreaterThan(growth0);
    await pool.donate(5n, 7n);
    expect(await pool.balanceOf(0, d.poolAddress)).toBe(pool0 + result.fee0 + 5n);
  });

  it('takes protocol fees and reads the oracle under controlled block timestamps', async () => {
    const { deployment: d } = devnet.current;
    const pool = d.pool;
    await pool.setFeeProtocol(4, 4);
    expect((await pool.slot0()).feeProtocol).toBe(4 + (4 << 4));
    await pool.increaseObservationCardinalityNext(4);
    expect((await pool.slot0()).observationCardinalityNext).toBe(4);

    const t0 = (await pool.blockTimestamp()) + 100n;
    await pool.setNextBlockTimestamp(t0);
    await pool.swap(carol, true, 10n ** 15n, MIN_SQRT_RATIO + 1n);
    expect(await pool.blockTimestamp()).toBe(t0);
    const protocol = await pool.protocolFees();
    expect(protocol.token0).toBeGreaterThan(0n);
    expect(protocol.token1).toBe(0n);
    const got = await pool.collectProtocol(carol, 2n ** 128n - 1n, 2n ** 128n - 1n);
    // The pool leaves 1 wei in the slot to save gas on the next write.
    expect(got.amount0).toBe(protocol.token0 - 1n);

    const tick = (await pool.slot0()).tick;
    await pool.setNextBlockTimestamp(t0 + 10n);
    await pool.mine();
    const obs = await pool.observe([10, 0]);
    const [past, now] = obs.tickCumulatives;
    expect(now! - past!).toBe(BigInt(tick) * 10n);
  });
});

describe('real pool speed', () => {
  const devnet = useUniswapDevnet({ fee: 500, sqrtPriceX96: SQRT_PRICE_1_1 });

  it('runs a few hundred operations (timing is reported, not asserted)', async () => {
    const pool = devnet.current.deployment.pool;
    const me: Address = DEVNET_ADDRESSES[0];
    await pool.mint(me, -1000, 1000, 10n ** 20n);
    const n = 200;
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      const zeroForOne = i % 2 === 0;
      await pool.swap(me, zeroForOne, 10n ** 15n + BigInt(i), zeroForOne ? MIN_SQRT_RATIO + 1n : MAX_SQRT_RATIO - 1n);
    }
    const swapMs = (performance.now() - started) / n;
    const viewsStarted = performance.now();
    for (let i = 0; i < n; i++) await pool.slot0();
    const viewMs = (performance.now() - viewsStarted) / n;
    console.log(JSON.stringify({ swapMsPerOp: +swapMs.toFixed(2), slot0MsPerRead: +viewMs.toFixed(2), ops: n }));
    expect((await pool.positions(me, -1000, 1000)).liquidity).toBe(10n ** 20n);
  });
});
