/** Strategies for the engine's tests only: not built-ins. */
import { join } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../../src/data/project-paths.js';
import { constantVolatility, type GuardSettings } from '../../src/engine/guards.js';
import { loadScenario } from '../../src/market/scenario/parse.js';
import type { Intent, Strategy } from '../../src/strategy/types.js';
import { getLiquidityForAmounts } from '../../src/uniswap-v3/liquidity-amounts.js';
import { getSqrtRatioAtTick } from '../../src/uniswap-v3/tick-math.js';

export const POOL = 'WETH/USDC-0.05%';
export const GBM = loadScenario(join(projectRoot(), 'examples/scenarios/gbm-eth-usdc.json'));

export const GUARDS: GuardSettings = { k: 3, confirmationSeconds: 24, deadlineSeconds: 120, volatility: constantVolatility(0.8) };

export const FUNDING = {
  numeraire: 'USDC',
  initialFunding: { USDC: 20_000_000_000n, WETH: 10_000_000_000_000_000_000n, ETH: 1_000_000_000_000_000_000n },
} as const;

type Empty = Record<string, never>;

/** Never trades. */
export const hold: Strategy<Empty, Empty> = {
  name: 'test-hold',
  paramsSchema: z.object({}).strict() as unknown as z.ZodType<Empty>,
  initialMemory: () => ({}),
  decide: (_view, _book, _params, memory) => ({ intents: [], memory }),
};

export interface RangeParams {
  readonly halfWidthTicks: number;
  /** fraction of each idle token put in the range */
  readonly fraction: number;
  /** collect everything owed at or after this block */
  readonly collectAtBlock: number;
  /** burn all the liquidity at or after this block, then collect principal and fees */
  readonly exitAtBlock?: number | undefined;
}
export interface RangeMemory {
  readonly collected: boolean;
  readonly [key: string]: boolean;
}

/** Mints once around the price (while nothing is open or pending), collects once at the end. */
export const fixedRange: Strategy<RangeParams, RangeMemory> = {
  name: 'test-fixed-range',
  paramsSchema: z.object({
    halfWidthTicks: z.number().int().positive(),
    fraction: z.number().positive().max(1),
    collectAtBlock: z.number().int(),
    exitAtBlock: z.number().int().optional(),
  }),
  initialMemory: () => ({ collected: false }),
  decide: (view, book, params, memory) => {
    const pool = view.pool(POOL);
    const intents: Intent[] = [];
    const open = book.lp.find((p) => p.liquidity > 0n);
    if (params.exitAtBlock !== undefined && view.blockNumber >= params.exitAtBlock) {
      if (book.pending.length > 0) return { intents, memory };
      if (open !== undefined) {
        intents.push({ kind: 'removeLiquidity', pool: POOL, tickLower: open.tickLower, tickUpper: open.tickUpper, liquidity: open.liquidity, reason: 'exit' });
      } else {
        const owed = book.lp.find((p) => p.principalOwed0 + p.principalOwed1 + p.feesOwed0 + p.feesOwed1 > 0n);
        if (owed !== undefined) intents.push({ kind: 'collectFees', pool: POOL, tickLower: owed.tickLower, tickUpper: owed.tickUpper, reason: 'take it all home' });
      }
      return { intents, memory };
    }
    const mintPending = book.pending.some((p) => p.intent.kind === 'addLiquidity');
    if (open === undefined && !mintPending) {
      const spacing = 10;
      const center = Math.floor(pool.tick / spacing) * spacing;
      const tickLower = center - params.halfWidthTicks;
      const tickUpper = center + params.halfWidthTicks;
      const scale = (amount: bigint): bigint => (amount * BigInt(Math.round(params.fraction * 1e6))) / 1_000_000n;
      const liquidity = getLiquidityForAmounts(
        pool.sqrtPriceX96,
        getSqrtRatioAtTick(tickLower),
        getSqrtRatioAtTick(tickUpper),
        scale(book.idle['WETH'] ?? 0n),
        scale(book.idle['USDC'] ?? 0n),
      );
      intents.push({ kind: 'addLiquidity', pool: POOL, tickLower, tickUpper, liquidity, reason: 'open the fixed range' });
    }
    if (open !== undefined && !memory.collected && view.blockNumber >= params.collectAtBlock) {
      intents.push({ kind: 'collectFees', pool: POOL, tickLower: open.tickLower, tickUpper: open.tickUpper, reason: 'collect at the end' });
      return { intents, memory: { collected: true } };
    }
    return { intents, memory };
  },
};

export interface SwapParams {
  readonly amountIn: string;
  readonly count: number;
  readonly atBlock: number;
}

/** At one block, sends `count` identical-direction swaps of USDC → WETH, decided on one view. */
export const swapOnce: Strategy<SwapParams, { readonly done: boolean }> = {
  name: 'test-swap-once',
  paramsSchema: z.object({ amountIn: z.string(), count: z.number().int().positive(), atBlock: z.number().int() }),
  initialMemory: () => ({ done: false }),
  decide: (view, _book, params, memory) => {
    if (memory.done || view.blockNumber < params.atBlock) return { intents: [], memory };
    const intents: Intent[] = [];
    for (let i = 0; i < params.count; i++) {
      intents.push({ kind: 'swap', pool: POOL, zeroForOne: false, amountIn: BigInt(params.amountIn) + BigInt(i), reason: `buy WETH #${i}` });
    }
    return { intents, memory: { done: true } };
  },
};

export interface LendingParams {
  readonly repayAtBlock: number;
}

/** Supplies USDC and WETH, borrows USDC against them, repays and withdraws later: one step a block. */
export const lender: Strategy<LendingParams, { readonly step: number }> = {
  name: 'test-lender',
  paramsSchema: z.object({ repayAtBlock: z.number().int() }),
  initialMemory: () => ({ step: 0 }),
  decide: (view, book, params, memory) => {
    if (book.pending.length > 0) return { intents: [], memory };
    const plan: Intent[] = [
      { kind: 'supply', asset: 'USDC', amount: 5_000_000_000n, reason: 'earn supply interest' },
      { kind: 'supply', asset: 'WETH', amount: 2_000_000_000_000_000_000n, reason: 'collateral' },
      { kind: 'borrow', asset: 'USDC', amount: 1_000_000_000n, reason: 'pay borrow interest' },
    ];
    if (memory.step < plan.length) return { intents: [plan[memory.step]!], memory: { step: memory.step + 1 } };
    if (memory.step === plan.length && view.blockNumber >= params.repayAtBlock) {
      return { intents: [{ kind: 'repay', asset: 'USDC', amount: 1_000_000_000n, reason: 'repay' }], memory: { step: memory.step + 1 } };
    }
    if (memory.step === plan.length + 1) {
      return { intents: [{ kind: 'withdraw', asset: 'USDC', amount: 1_000_000_000n, reason: 'take some back' }], memory: { step: memory.step + 1 } };
    }
    return { intents: [], memory };
  },
};
