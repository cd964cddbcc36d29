import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { projectRoot } from '../../src/data/project-paths.js';
import { constantVolatility, maximumInput, minimumOutput } from '../../src/engine/guards.js';
import { intentToActions, SimExecutor } from '../../src/execution/sim-executor.js';
import { buildSimulator } from '../../src/market/scenario/build.js';
import { loadScenario } from '../../src/market/scenario/parse.js';
import { getAmountsForLiquidity } from '../../src/uniswap-v3/liquidity-amounts.js';
import { getSqrtRatioAtTick } from '../../src/uniswap-v3/tick-math.js';

const GBM = loadScenario(join(projectRoot(), 'examples/scenarios/gbm-eth-usdc.json'));
const POOL = 'WETH/USDC-0.05%';
const guards = { k: 3, confirmationSeconds: 24, deadlineSeconds: 60, volatility: constantVolatility(0.8) };

describe('intentToActions', () => {
  const { simulator } = buildSimulator(GBM);
  const poolOf = (id: string) => simulator.pool(id);

  it('a swap gets the pool quote minus the tolerance as its minimum output', () => {
    const [action] = intentToActions({ kind: 'swap', pool: POOL, zeroForOne: true, amountIn: 10n ** 18n, reason: 'r' }, 'vault', poolOf, 2094n);
    const quote = simulator.pool(POOL).pool.quoteSwap(true, 10n ** 18n);
    expect(action).toEqual({ kind: 'v3Swap', pool: POOL, zeroForOne: true, amountSpecified: 10n ** 18n, amountOutMinimum: minimumOutput(-quote.amount1, 2094n) });
  });

  it('a mint caps what it may pull at the current amounts plus the tolerance', () => {
    const tick = simulator.pool(POOL).pool.slot0.tick;
    const tickLower = Math.floor(tick / 10) * 10 - 100;
    const tickUpper = tickLower + 200;
    const [action] = intentToActions({ kind: 'addLiquidity', pool: POOL, tickLower, tickUpper, liquidity: 10n ** 15n, reason: 'r' }, 'vault', poolOf, 1000n);
    const now = getAmountsForLiquidity(simulator.pool(POOL).pool.slot0.sqrtPriceX96, getSqrtRatioAtTick(tickLower), getSqrtRatioAtTick(tickUpper), 10n ** 15n);
    expect(action?.kind).toBe('v3Mint');
    if (action?.kind !== 'v3Mint') return;
    // the pool rounds mint amounts up: at most one unit above the rounded-down amounts
    expect(action.amount0Max! >= maximumInput(now.amount0, 1000n)).toBe(true);
    expect(action.amount0Max! <= maximumInput(now.amount0 + 1n, 1000n)).toBe(true);
    expect(action.amount1Max! >= maximumInput(now.amount1, 1000n)).toBe(true);
  });

  it('collectFees pokes a position with liquidity before collecting; lending verbs map one to one', () => {
    const range = { pool: POOL, tickLower: -887_270, tickUpper: 887_270 };
    const owner = simulator.pool(POOL).pool.allPositions().find((p) => p.info.liquidity > 0n)!;
    const live = intentToActions({ kind: 'collectFees', pool: POOL, tickLower: owner.tickLower, tickUpper: owner.tickUpper, reason: 'r' }, owner.owner, poolOf, 0n);
    expect(live.map((a) => a.kind)).toEqual(['v3Burn', 'v3Collect']);
    expect(live[0]).toMatchObject({ liquidity: 0n });
    const empty = intentToActions({ kind: 'collectFees', ...range, reason: 'r' }, 'nobody', poolOf, 0n);
    expect(empty.map((a) => a.kind)).toEqual(['v3Collect']);
    expect(intentToActions({ kind: 'repay', asset: 'USDC', amount: 5n, reason: 'r' }, 'vault', poolOf, 0n)).toEqual([{ kind: 'lendingRepay', asset: 'USDC', amount: 5n }]);
    expect(() => intentToActions({ kind: 'swap', pool: POOL, zeroForOne: true, amountIn: 0n, reason: 'r' }, 'vault', poolOf, 0n)).toThrow(/amountIn/);
  });
});

describe('SimExecutor', () => {
  it('sends through the mempool: the fill lands in a later block, pays gas, and leaves the pending list', () => {
    const { simulator } = buildSimulator(GBM);
    simulator.fund('vault', 'USDC', 10_000_000_000n);
    simulator.fund('vault', 'ETH', 10n ** 18n);
    const executor = new SimExecutor(simulator, { sender: 'vault', guards, maxPriorityFeePerGas: 2_000_000_000n });
    const sent = executor.submit({ kind: 'swap', pool: POOL, zeroForOne: false, amountIn: 1_000_000_000n, reason: 'buy' });
    expect(sent.decidedAtBlock).toBe(simulator.blockNumber);
    expect(sent.deadlineSeconds).toBe(simulator.view.blockTimestampSeconds + 60);
    expect(executor.pending()).toHaveLength(1);
    expect(executor.actionOf(sent.txId)).toBe(sent.actions[0]);
    const done = [];
    while (done.length === 0) {
      simulator.step();
      done.push(...executor.collect());
    }
    const [execution] = done;
    expect(execution!.outcome).toBe('filled');
    expect(execution!.receipts[0]!.blockNumber).toBeGreaterThan(sent.decidedAtBlock);
    expect(execution!.receipts[0]!.gasCostWei).toBeGreaterThan(0n);
    expect(simulator.ledger.balanceOf('vault', 'ETH')).toBe(10n ** 18n - execution!.receipts[0]!.gasCostWei);
    expect(simulator.ledger.balanceOf('vault', 'WETH')).toBeGreaterThan(0n);
    expect(executor.pending()).toHaveLength(0);
  });
});
