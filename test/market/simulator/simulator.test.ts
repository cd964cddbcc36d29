import { describe, expect, it } from 'vitest';
import { priceToSqrtPriceX96 } from '../../../src/market/agents/exact-price.js';
import { Eip1559BaseFeeModel } from '../../../src/market/chain/base-fee.js';
import { BlockClock } from '../../../src/market/chain/block-clock.js';
import { DEFAULT_GAS_SCHEDULE } from '../../../src/market/chain/gas-schedule.js';
import { PriceFeed } from '../../../src/market/oracle/price-feed.js';
import { auditConservation, BackgroundGas, MarketSimulator, pathPriceProcess, type PoolVenue, type Receipt } from '../../../src/market/simulator/index.js';
import { UniswapV3Pool } from '../../../src/uniswap-v3/pool.js';

const T0 = 1_700_000_000;
const GWEI = 1_000_000_000n;
const POOL = 'WETH/USDC';
const WETH = 10n ** 18n;
const USDC = 10n ** 6n;

/** One WETH/USDC 0.3 % pool at $2000 with full-range liquidity, a flat external price. */
function makeSimulator(options: { prices?: Float64Array; baseFeeWei?: bigint } = {}): MarketSimulator {
  const pool = new UniswapV3Pool({ token0: 'WETH', token1: 'USDC', fee: 3000, tickSpacing: 60, blockTimestamp: T0 });
  const venue: PoolVenue = { id: POOL, pool, address: 'pool', token0: 'WETH', token1: 'USDC', decimals0: 18, decimals1: 6, riskyIsToken0: true, twapWindowSeconds: 60 };
  pool.initialize(priceToSqrtPriceX96(2000 * 1e-12));
  pool.increaseObservationCardinalityNext(10);
  const simulator = new MarketSimulator({
    clock: new BlockClock({ genesisTimestampSeconds: T0 }),
    baseFees: new Eip1559BaseFeeModel(options.baseFeeWei ?? 10n * GWEI),
    priceProcess: pathPriceProcess(options.prices ?? new Float64Array(200).fill(2000)),
    venues: { pools: new Map([[POOL, venue]]) },
    oracles: [{ asset: 'WETH', source: 'external', feed: new PriceFeed({ heartbeatSeconds: 3600, deviationThresholdBps: 50, updateLatencySeconds: 0 }) }],
  });
  simulator.fund('lp', 'WETH', 10n ** 40n);
  simulator.fund('lp', 'USDC', 10n ** 40n);
  simulator.executeNow('lp', { kind: 'v3Mint', pool: POOL, tickLower: -887220, tickUpper: 887220, liquidity: 2n * 10n ** 17n });
  for (const trader of ['alice', 'bob']) {
    simulator.fund(trader, 'ETH', 10n * WETH);
    simulator.fund(trader, 'WETH', 1000n * WETH);
    simulator.fund(trader, 'USDC', 10_000_000n * USDC);
  }
  return simulator;
}

const sell = (amount: bigint, extra: { amountOutMinimum?: bigint } = {}) => ({ kind: 'v3Swap' as const, pool: POOL, zeroForOne: true, amountSpecified: amount, ...extra });

describe('MarketSimulator step', () => {
  it('includes a transaction sent between blocks in the next block, with a readable receipt', () => {
    const simulator = makeSimulator();
    const { txId, status } = simulator.submit({ sender: 'alice', maxPriorityFeePerGas: GWEI, action: sell(WETH) });
    expect(status.status).toBe('accepted');
    expect(simulator.receipt(txId)).toBeUndefined();
    const summary = simulator.step();
    expect(summary.blockNumber).toBe(1);
    expect(summary.timestampSeconds).toBe(T0 + 12);
    const receipt = simulator.receipt(txId)!;
    expect(receipt).toMatchObject({ txId, sender: 'alice', status: 'success', blockNumber: 1, index: 0 });
    const result = receipt.result as { amount0: bigint; amount1: bigint };
    expect(result.amount0).toBe(WETH);
    expect(simulator.ledger.balanceOf('alice', 'WETH')).toBe(999n * WETH);
    expect(simulator.ledger.balanceOf('alice', 'USDC')).toBe(10_000_000n * USDC - result.amount1);
    expect(auditConservation(simulator)).toEqual([]);
  });

  it('orders by priority fee: the higher tip lands first', () => {
    const simulator = makeSimulator();
    const low = simulator.submit({ sender: 'alice', maxPriorityFeePerGas: 1n * GWEI, action: sell(WETH) });
    const high = simulator.submit({ sender: 'bob', maxPriorityFeePerGas: 3n * GWEI, action: sell(WETH) });
    simulator.step();
    expect(simulator.receipt(high.txId)!.index).toBe(0);
    expect(simulator.receipt(low.txId)!.index).toBe(1);
    // The second seller gets a worse price for the same input.
    const out = (r: Receipt) => -(r.result as { amount1: bigint }).amount1;
    expect(out(simulator.receipt(low.txId)!)).toBeLessThan(out(simulator.receipt(high.txId)!));
  });

  it('reverts a swap whose guard fails, changes no token balance, and still charges the gas', () => {
    const simulator = makeSimulator();
    const quote = simulator.pool(POOL).pool.quoteSwap(true, WETH);
    const tooMuch = -quote.amount1 + 1n;
    const ethBefore = simulator.ledger.balanceOf('alice', 'ETH');
    const poolBefore = simulator.pool(POOL).pool.slot0.sqrtPriceX96;
    const { txId } = simulator.submit({ sender: 'alice', maxPriorityFeePerGas: 2n * GWEI, action: sell(WETH, { amountOutMinimum: tooMuch }) });
    simulator.step();
    const receipt = simulator.receipt(txId)!;
    expect(receipt.status).toBe('reverted');
    expect(receipt.revertReason).toMatch(/^Too little received/);
    expect(receipt.gasUsed).toBe(DEFAULT_GAS_SCHEDULE.swap);
    expect(receipt.gasCostWei).toBe(receipt.gasUsed * (10n * GWEI + 2n * GWEI));
    expect(simulator.ledger.balanceOf('alice', 'ETH')).toBe(ethBefore - receipt.gasCostWei);
    expect(simulator.ledger.balanceOf('alice', 'WETH')).toBe(1000n * WETH);
    expect(simulator.pool(POOL).pool.slot0.sqrtPriceX96).toBe(poolBefore);
    // The exact minimum passes.
    const ok = simulator.submit({ sender: 'alice', maxPriorityFeePerGas: 2n * GWEI, action: sell(WETH, { amountOutMinimum: tooMuch - 1n }) });
    simulator.step();
    expect(simulator.receipt(ok.txId)!.status).toBe('success');
  });

  it('reverts past the deadline and when the sender cannot pay the amount', () => {
    const simulator = makeSimulator();
    const late = simulator.submit({ sender: 'alice', maxPriorityFeePerGas: GWEI, action: sell(WETH), deadlineSeconds: T0 + 5 });
    const broke = simulator.submit({ sender: 'bob', maxPriorityFeePerGas: GWEI, action: sell(2000n * WETH) });
    simulator.step();
    expect(simulator.receipt(late.txId)).toMatchObject({ status: 'reverted', revertReason: 'Transaction too old' });
    expect(simulator.receipt(broke.txId)!.status).toBe('reverted');
    expect(simulator.receipt(broke.txId)!.revertReason).toMatch(/^STF/);
    expect(simulator.receipt(broke.txId)!.gasCostWei).toBeGreaterThan(0n);
  });

  it('refuses to run a transaction whose sender cannot pay gas up front, charging nothing', () => {
    const simulator = makeSimulator();
    simulator.fund('pauper', 'WETH', WETH);
    const { txId } = simulator.submit({ sender: 'pauper', maxPriorityFeePerGas: GWEI, action: sell(WETH) });
    simulator.step();
    expect(simulator.receipt(txId)).toMatchObject({ status: 'reverted', gasUsed: 0n, gasCostWei: 0n });
    expect(simulator.ledger.balanceOf('pauper', 'WETH')).toBe(WETH);
  });

  it('runs out of gas when a swap crosses more ticks than its gas limit allows, and is charged the whole limit', () => {
    const simulator = makeSimulator();
    // Narrow positions put initialized ticks in the way of a big sell.
    for (let i = 1; i <= 4; i++) simulator.executeNow('lp', { kind: 'v3Mint', pool: POOL, tickLower: -201_600 + 60 * i, tickUpper: -199_980 - 60 * i, liquidity: 10n ** 15n });
    const gasLimit = DEFAULT_GAS_SCHEDULE.swap + DEFAULT_GAS_SCHEDULE.swapCrossTick;
    const { txId } = simulator.submit({ sender: 'alice', maxPriorityFeePerGas: GWEI, gasLimit, action: sell(900n * WETH) });
    simulator.step();
    expect(simulator.receipt(txId)).toMatchObject({ status: 'reverted', revertReason: 'out of gas', gasUsed: gasLimit });
    expect(simulator.ledger.balanceOf('alice', 'WETH')).toBe(1000n * WETH);
  });

  it('splits gas exactly: burned + tip = cost; burned leaves the supply, tips reach the builder', () => {
    const simulator = makeSimulator();
    const receipts: Receipt[] = [];
    for (let block = 0; block < 20; block++) {
      simulator.submit({ sender: 'alice', maxPriorityFeePerGas: BigInt(block + 1) * GWEI, action: sell(WETH / 10n) });
      simulator.submit({ sender: 'bob', maxPriorityFeePerGas: GWEI, action: { ...sell(WETH / 5n), zeroForOne: false, amountSpecified: 300n * USDC } });
      receipts.push(...simulator.step().receipts);
    }
    expect(receipts).toHaveLength(40);
    let burned = 0n;
    let tips = 0n;
    for (const r of receipts) {
      expect(r.burnedWei + r.tipWei).toBe(r.gasCostWei);
      burned += r.burnedWei;
      tips += r.tipWei;
    }
    expect(simulator.ledger.burned('ETH')).toBe(burned);
    expect(simulator.ledger.balanceOf('builder', 'ETH')).toBe(tips);
    expect(simulator.ledger.totalOf('ETH')).toBe(simulator.ledger.minted('ETH') - burned);
    expect(auditConservation(simulator)).toEqual([]);
  });

  it('shows agents the state of the previous block with the new price, oracles and base fee', () => {
    const prices = new Float64Array(50).fill(2000);
    prices[1] = 2100;
    const simulator = makeSimulator({ prices });
    const seen: Array<[number, number, number, number | undefined]> = [];
    const observer = {
      name: 'observer',
      act: (view: MarketSimulator['view']) => {
        seen.push([view.blockNumber, view.nowSeconds, view.externalPrice, view.oracle('WETH')?.price]);
        return [];
      },
    };
    const withAgent = new MarketSimulator({
      clock: new BlockClock({ genesisTimestampSeconds: T0 }),
      baseFees: new Eip1559BaseFeeModel(GWEI),
      priceProcess: pathPriceProcess(prices),
      venues: simulator.venues,
      oracles: [{ asset: 'WETH', source: 'external', feed: new PriceFeed({ heartbeatSeconds: 3600, deviationThresholdBps: 50, updateLatencySeconds: 0 }) }],
      agents: [observer],
    });
    withAgent.step();
    withAgent.step();
    expect(seen).toEqual([
      [0, T0 + 12, 2100, 2100],
      [1, T0 + 24, 2000, 2000],
    ]);
    const snapshot = withAgent.view.snapshot();
    expect(snapshot.blockNumber).toBe(2);
    expect(snapshot.pools[0]!.id).toBe(POOL);
    expect(snapshot.pools[0]!.price).toBeCloseTo(2000, 6);
  });

  it('background demand keeps the base fee near its reference, and a spike drives it up', () => {
    const run = (spikes: number): bigint[] => {
      const simulator = new MarketSimulator({
        clock: new BlockClock({ genesisTimestampSeconds: T0 }),
        baseFees: new Eip1559BaseFeeModel(20n * GWEI),
        priceProcess: pathPriceProcess(new Float64Array(3001).fill(2000)),
        venues: { pools: new Map() },
        backgroundGas: new BackgroundGas({ referenceBaseFeeWei: 20n * GWEI, spikeProbabilityPerBlock: spikes, spikeDurationBlocks: 30 }, 5),
      });
      const fees: bigint[] = [];
      for (let i = 0; i < 3000; i++) fees.push(simulator.step().baseFeeWei);
      return fees;
    };
    const calm = run(0).map((f) => Number(f) / 1e9);
    expect(Math.min(...calm)).toBeGreaterThan(10);
    expect(Math.max(...calm)).toBeLessThan(40);
    const spiky = run(0.002).map((f) => Number(f) / 1e9);
    expect(Math.max(...spiky)).toBeGreaterThan(2 * Math.max(...calm));
  });
});
