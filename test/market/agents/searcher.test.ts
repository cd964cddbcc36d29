import { describe, expect, it } from 'vitest';
import { priceToSqrtPriceX96 } from '../../../src/market/agents/exact-price.js';
import { Searcher } from '../../../src/market/agents/searcher.js';
import { Eip1559BaseFeeModel } from '../../../src/market/chain/base-fee.js';
import { BlockClock } from '../../../src/market/chain/block-clock.js';
import { auditConservation, MarketSimulator, pathPriceProcess, SwapReplica, type PoolVenue } from '../../../src/market/simulator/index.js';
import { UniswapV3Pool } from '../../../src/uniswap-v3/pool.js';
import fc from 'fast-check';

const T0 = 1_700_000_000;
const GWEI = 1_000_000_000n;
const POOL = 'WETH/USDC';
const WETH = 10n ** 18n;
const USDC = 10n ** 6n;

function makeSimulator(): { simulator: MarketSimulator; searcher: Searcher } {
  const pool = new UniswapV3Pool({ token0: 'WETH', token1: 'USDC', fee: 500, tickSpacing: 10, blockTimestamp: T0 });
  const venue: PoolVenue = { id: POOL, pool, address: 'pool', token0: 'WETH', token1: 'USDC', decimals0: 18, decimals1: 6, riskyIsToken0: true, twapWindowSeconds: 0 };
  pool.initialize(priceToSqrtPriceX96(2000e-12));
  const searcher = new Searcher({ address: 'searcher', pool: POOL, priorityFeePerGasWei: 2n * GWEI });
  const simulator = new MarketSimulator({
    clock: new BlockClock({ genesisTimestampSeconds: T0 }),
    baseFees: new Eip1559BaseFeeModel(10n * GWEI),
    priceProcess: pathPriceProcess(new Float64Array(100).fill(2000)),
    venues: { pools: new Map([[POOL, venue]]) },
    agents: [searcher],
  });
  simulator.fund('lp', 'WETH', 10n ** 30n);
  simulator.fund('lp', 'USDC', 10n ** 30n);
  // About $2M of full-range liquidity plus a $1M position within ±10 %, with ticks to cross.
  simulator.executeNow('lp', { kind: 'v3Mint', pool: POOL, tickLower: -887270, tickUpper: 887270, liquidity: 2n * 10n ** 16n });
  simulator.executeNow('lp', { kind: 'v3Mint', pool: POOL, tickLower: -201_300, tickUpper: -199_300, liquidity: 2n * 10n ** 17n });
  for (const who of ['victim', 'searcher']) {
    simulator.fund(who, 'ETH', 10n * WETH);
    simulator.fund(who, 'WETH', 10_000n * WETH);
    simulator.fund(who, 'USDC', 20_000_000n * USDC);
  }
  return { simulator, searcher };
}

/** A victim buying WETH with `usdc` dollars, accepting `tolerance` less than the quote. */
function sendVictim(simulator: MarketSimulator, usdc: bigint, tolerance: number): { txId: string; minOut: bigint } {
  const quote = simulator.pool(POOL).pool.quoteSwap(false, usdc * USDC);
  const minOut = (-quote.amount0 * BigInt(Math.round((1 - tolerance) * 1e6))) / 1_000_000n;
  const { txId } = simulator.submit({ sender: 'victim', maxPriorityFeePerGas: GWEI, action: { kind: 'v3Swap', pool: POOL, zeroForOne: false, amountSpecified: usdc * USDC, amountOutMinimum: minOut } });
  return { txId, minOut };
}

describe('Searcher', () => {
  it('sandwiches a loose-slippage victim: the victim gets exactly about its minimum, the searcher profits in exact balances', () => {
    const { simulator, searcher } = makeSimulator();
    const { txId, minOut } = sendVictim(simulator, 50_000n, 0.02);
    const usdcBefore = simulator.ledger.balanceOf('searcher', 'USDC');
    const wethBefore = simulator.ledger.balanceOf('searcher', 'WETH');
    const ethBefore = simulator.ledger.balanceOf('searcher', 'ETH');
    const summary = simulator.step();
    expect(searcher.attacks).toHaveLength(1);
    const plan = searcher.attacks[0]!;
    // Bundle at the top of the block: front, victim, back, all successful.
    expect(summary.receipts.map((r) => [r.sender, r.status, r.index])).toEqual([
      ['searcher', 'success', 0],
      ['victim', 'success', 1],
      ['searcher', 'success', 2],
    ]);
    const victim = simulator.receipt(txId)!;
    const received = -(victim.result as { amount0: bigint }).amount0;
    expect(received).toBeGreaterThanOrEqual(minOut);
    // "Just meets": within the size tolerance of the bound.
    expect(Number(received - minOut) / Number(minOut)).toBeLessThan(1e-4);
    // Profit measured in balances: USDC up by exactly the plan's profit, WETH unchanged.
    expect(simulator.ledger.balanceOf('searcher', 'USDC') - usdcBefore).toBe(plan.profitTokenIn);
    expect(simulator.ledger.balanceOf('searcher', 'WETH')).toBe(wethBefore);
    const gasUsd = (Number(ethBefore - simulator.ledger.balanceOf('searcher', 'ETH')) / 1e18) * 2000;
    expect(Number(plan.profitTokenIn) / 1e6).toBeGreaterThan(gasUsd);
    expect(auditConservation(simulator)).toEqual([]);
  });

  it('leaves a tight-slippage victim alone', () => {
    const { simulator, searcher } = makeSimulator();
    const { txId, minOut } = sendVictim(simulator, 50_000n, 0.0001);
    const usdcBefore = simulator.ledger.balanceOf('searcher', 'USDC');
    const summary = simulator.step();
    expect(searcher.attacks).toHaveLength(0);
    expect(summary.receipts.map((r) => r.sender)).toEqual(['victim']);
    expect(-(simulator.receipt(txId)!.result as { amount0: bigint }).amount0).toBeGreaterThanOrEqual(minOut);
    expect(simulator.ledger.balanceOf('searcher', 'USDC')).toBe(usdcBefore);
  });

  it('leaves a small victim alone when its slack cannot pay two swaps of gas', () => {
    const { simulator, searcher } = makeSimulator();
    sendVictim(simulator, 100n, 0.05);
    simulator.step();
    expect(searcher.attacks).toHaveLength(0);
  });
});

describe('SwapReplica', () => {
  it('returns exactly what the pool returns, over chains of random swaps crossing ticks', () => {
    const { simulator } = makeSimulator();
    const pool = simulator.pool(POOL).pool;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.bigInt({ min: 1n, max: 5n * 10n ** 24n }), fc.boolean()), { minLength: 1, maxLength: 6 }),
        (swaps) => {
          const real = pool.clone();
          // the replica quotes on the untouched pool: chained quotes must equal the swaps of its twin
          const replica = SwapReplica.of(pool);
          for (const [zeroForOne, size, exactOutput] of swaps) {
            // Sizes in WETH wei for token0 and scaled down for USDC's 6 decimals.
            const magnitude = zeroForOne === !exactOutput ? size : size / 10n ** 12n + 1n;
            const amount = exactOutput ? -magnitude : magnitude;
            let expected: { amount0: bigint; amount1: bigint } | string;
            try {
              expected = real.swap('x', zeroForOne, amount);
            } catch (error) {
              expected = (error as { reason?: string }).reason ?? 'error';
            }
            let actual: { amount0: bigint; amount1: bigint } | string;
            try {
              actual = replica.swap(zeroForOne, amount);
            } catch (error) {
              actual = (error as { reason?: string }).reason ?? 'error';
            }
            if (typeof expected === 'string') return; // e.g. the pool cannot pay ('TF'): the replica does not check it
            expect(actual).toEqual(expected);
            expect(replica.sqrtPriceX96).toBe(real.slot0.sqrtPriceX96);
            expect(replica.tick).toBe(real.slot0.tick);
            expect(replica.liquidity).toBe(real.liquidity);
          }
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});
