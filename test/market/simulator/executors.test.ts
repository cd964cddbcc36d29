import { describe, expect, it } from 'vitest';
import { ConstantProductPool } from '../../../src/market/amm/constant-product-pool.js';
import { priceToSqrtPriceX96 } from '../../../src/market/agents/exact-price.js';
import { Eip1559BaseFeeModel } from '../../../src/market/chain/base-fee.js';
import { BlockClock } from '../../../src/market/chain/block-clock.js';
import { OptionVenue } from '../../../src/market/options/option-venue.js';
import { constantFunding, PerpMarket } from '../../../src/market/perp/index.js';
import {
  auditConservation,
  MarketSimulator,
  pathPriceProcess,
  Revert,
  type Action,
  type Executor,
  type PoolVenue,
  type VenueSet,
} from '../../../src/market/simulator/index.js';
import { UniswapV3Pool } from '../../../src/uniswap-v3/pool.js';

const T0 = 1_700_000_000;
const GWEI = 1_000_000_000n;
const WETH = 10n ** 18n;
const USDC = 10n ** 6n;
const POOL = 'WETH/USDC';

function makeSimulator(extra: Partial<VenueSet> = {}, executors?: Record<string, Executor<never>>): MarketSimulator {
  const pool = new UniswapV3Pool({ token0: 'WETH', token1: 'USDC', fee: 3000, tickSpacing: 60, blockTimestamp: T0 });
  pool.initialize(priceToSqrtPriceX96(2000e-12));
  const venue: PoolVenue = { id: POOL, pool, address: 'pool', token0: 'WETH', token1: 'USDC', decimals0: 18, decimals1: 6, riskyIsToken0: true, twapWindowSeconds: 0 };
  const simulator = new MarketSimulator({
    clock: new BlockClock({ genesisTimestampSeconds: T0 }),
    baseFees: new Eip1559BaseFeeModel(GWEI),
    priceProcess: pathPriceProcess(new Float64Array(100).fill(2000)),
    venues: { pools: new Map([[POOL, venue]]), ...extra },
    gasKinds: { poke: 'transfer' },
    ...(executors === undefined ? {} : { executors }),
  });
  simulator.fund('user', 'ETH', 10n * WETH);
  simulator.fund('user', 'WETH', 1000n * WETH);
  simulator.fund('user', 'USDC', 10_000_000n * USDC);
  return simulator;
}

/** Sends one transaction, builds the block, returns its receipt. */
function land(simulator: MarketSimulator, action: Action) {
  const { txId } = simulator.submit({ sender: 'user', maxPriorityFeePerGas: GWEI, action });
  simulator.step();
  return simulator.receipt(txId)!;
}

describe('action executors', () => {
  it('v3 mint, burn and collect move exactly the pool’s amounts through the ledger', () => {
    const simulator = makeSimulator();
    const range = { pool: POOL, tickLower: -201_000, tickUpper: -199_200 };
    const minted = land(simulator, { kind: 'v3Mint', ...range, liquidity: 10n ** 15n });
    expect(minted.status).toBe('success');
    const paid = minted.result as { amount0: bigint; amount1: bigint };
    expect(simulator.ledger.balanceOf('user', 'WETH')).toBe(1000n * WETH - paid.amount0);
    expect(simulator.pool(POOL).pool.positions('user', range.tickLower, range.tickUpper).liquidity).toBe(10n ** 15n);
    // A slippage bound below what the pool asks reverts the mint.
    expect(land(simulator, { kind: 'v3Mint', ...range, liquidity: 10n ** 15n, amount0Max: 1n }).revertReason).toMatch(/^Price slippage check/);
    const burned = land(simulator, { kind: 'v3Burn', ...range, liquidity: 10n ** 15n });
    expect(burned.status).toBe('success');
    // Burned tokens are owed, not yet paid.
    expect(simulator.ledger.balanceOf('user', 'WETH')).toBe(1000n * WETH - paid.amount0);
    const collected = land(simulator, { kind: 'v3Collect', ...range });
    const got = collected.result as { amount0: bigint; amount1: bigint };
    // The pool rounds against the owner by at most one unit each way.
    expect(paid.amount0 - got.amount0).toBeLessThanOrEqual(1n);
    expect(simulator.ledger.balanceOf('user', 'WETH')).toBe(1000n * WETH - paid.amount0 + got.amount0);
    expect(auditConservation(simulator)).toEqual([]);
  });

  it('constant-product swaps honour amountOutMin and keep the pair’s reserves in the ledger', () => {
    const simulator = makeSimulator({ constantProduct: { pool: new ConstantProductPool({ token0: 'WETH', token1: 'USDC', feeBps: 30 }), address: 'cp' } });
    expect(land(simulator, { kind: 'cpAddLiquidity', amount0Desired: 100n * WETH, amount1Desired: 200_000n * USDC }).status).toBe('success');
    const cp = simulator.venues.constantProduct!.pool;
    const out = cp.getAmountOut(0, WETH);
    expect(land(simulator, { kind: 'cpSwap', tokenIn: 0, amountIn: WETH, amountOutMin: out + 1n }).revertReason).toMatch(/INSUFFICIENT_OUTPUT_AMOUNT/);
    const swapped = land(simulator, { kind: 'cpSwap', tokenIn: 0, amountIn: WETH, amountOutMin: out });
    expect(swapped.result).toEqual({ amountIn: WETH, amountOut: out });
    expect(land(simulator, { kind: 'cpRemoveLiquidity', liquidity: cp.balanceOf('user') / 2n }).status).toBe('success');
    expect(auditConservation(simulator)).toEqual([]);
  });

  it('perp collateral moves through the ledger; trades settle inside the venue', () => {
    const perp = new PerpMarket({ fundingSource: constantFunding(0), takerFeeBps: 5 });
    const simulator = makeSimulator({ perp: { market: perp, address: 'perp', collateralToken: 'USDC' } });
    expect(land(simulator, { kind: 'perpDeposit', amountUnits: 10_000n * USDC }).status).toBe('success');
    expect(land(simulator, { kind: 'perpTrade', sizeDeltaWei: WETH, limitPrice: 1999 }).revertReason).toMatch(/beyond limit/);
    const trade = land(simulator, { kind: 'perpTrade', sizeDeltaWei: WETH, limitPrice: 2001 });
    expect(trade.status).toBe('success');
    expect(perp.account('user').sizeWei).toBe(WETH);
    expect(land(simulator, { kind: 'perpWithdraw', amountUnits: 1_000n * USDC }).status).toBe('success');
    expect(simulator.ledger.balanceOf('perp', 'USDC')).toBe(9_000n * USDC);
    expect(auditConservation(simulator)).toEqual([]);
  });

  it('option trades need venue cash and respect the premium limit', () => {
    const venue = new OptionVenue({ surface: { level: 0.6 } });
    const simulator = makeSimulator({ options: { venue, address: 'options', cashToken: 'USDC', underlyingToken: 'WETH' } });
    const expirySeconds = venue.listedExpiries()[0]!;
    const strike = venue.listedStrikes(expirySeconds)[2]!;
    expect(land(simulator, { kind: 'optionDeposit', cashUnits: 5_000n * USDC }).status).toBe('success');
    const buy = { kind: 'optionTrade', side: 'buy', optionKind: 'call', strike, expirySeconds, sizeWei: WETH } as const;
    expect(land(simulator, { ...buy, limitPrice: 0.01 }).revertReason).toMatch(/beyond limit/);
    const bought = land(simulator, buy);
    expect(bought.status).toBe('success');
    expect(venue.positions('user')).toHaveLength(1);
    expect(auditConservation(simulator)).toEqual([]);
  });

  it('a new action kind plugs in with its own executor and gas line', () => {
    const poke: Executor<never> = (context, sender) => {
      if (context.ledger.balanceOf(sender, 'USDC') < 1n) throw new Revert('nothing to poke with');
      return { result: 'poked' };
    };
    const simulator = makeSimulator({}, { poke });
    const receipt = land(simulator, { kind: 'poke' } as unknown as Action);
    expect(receipt).toMatchObject({ status: 'success', result: 'poked', gasUsed: 65_000n });
  });
});
