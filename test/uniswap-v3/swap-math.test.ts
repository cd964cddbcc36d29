import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MAX_INT256, MAX_UINT256, MIN_INT256 } from '../../src/uniswap-v3/constants.js';
import { computeSwapStep, type SwapStepResult } from '../../src/uniswap-v3/swap-math.js';
import { MAX_SQRT_RATIO, MIN_SQRT_RATIO } from '../../src/uniswap-v3/tick-math.js';
import { loadQuantVectors } from '../vectors/load.js';
import { computeSwapStepL } from './evm-literal.js';
import { B, J, feeArb, outcome, wideBigUint, wideInRange } from './helpers.js';
import { sdk } from './sdk.js';

const V = loadQuantVectors().uniswap_v3;
const ser = (o: unknown): string => JSON.stringify(o, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

const poolPrice = wideInRange(MIN_SQRT_RATIO, MAX_SQRT_RATIO - 1n);
const anyPrice = wideBigUint(160, 1);
const liquidity = wideBigUint(128);
const int256 = fc.oneof(
  wideBigUint(255).map((x) => (x > MAX_INT256 ? MAX_INT256 : x)),
  wideBigUint(255).map((x) => -x),
  fc.constantFrom(0n, 1n, -1n, MAX_INT256, MIN_INT256),
);

describe('computeSwapStep', () => {
  test('published vectors (v3-core SwapMath.spec)', () => {
    const fields: Record<string, keyof SwapStepResult> = {
      sqrtQ: 'sqrtRatioNextX96',
      amountIn: 'amountIn',
      amountOut: 'amountOut',
      feeAmount: 'feeAmount',
    };
    expect(V.swapmath.length).toBe(36);
    for (const v of V.swapmath) {
      const i = v.inputs;
      const r = computeSwapStep(
        BigInt(i.sqrtPriceCurrent),
        BigInt(i.sqrtPriceTarget),
        BigInt(i.liquidity),
        BigInt(i.amountRemaining),
        i.feePips,
      );
      const field = fields[(v.name as string).split(' :: ')[1] as string] as keyof SwapStepResult;
      expect(r[field], v.name).toBe(BigInt(v.expected));
    }
  });

  test('= the literal EVM port over wide inputs, any uint24 fee (1e6 − fee wraps as uint24 above 1e6)', () => {
    fc.assert(
      fc.property(
        anyPrice,
        anyPrice,
        liquidity,
        int256,
        fc.oneof(feeArb, fc.integer({ min: 0, max: 0xffffff }), fc.constantFrom(1_000_000, 1_000_001, 0xffffff)),
        (c, t, l, a, f) => {
          expect(ser(outcome(() => computeSwapStep(c, t, l, a, f)))).toBe(ser(outcome(() => computeSwapStepL(c, t, l, a, f))));
        },
      ),
      { numRuns: 40_000, seed: 71 },
    );
  });

  test('feePips outside uint24 is refused', () => {
    for (const f of [-1, 0x1000000, 0.5, NaN]) {
      expect(outcome(() => computeSwapStep(1n << 96n, 1n << 95n, 1n, 1n, f))).toEqual({ ok: false, reason: 'SAFECAST_OVERFLOW' });
    }
  });

  test('= @uniswap/v3-sdk SwapMath.computeSwapStep over wide inputs with fee < 1e6', () => {
    fc.assert(
      fc.property(anyPrice, anyPrice, liquidity, int256, feeArb, (c, t, l, a, f) => {
        const ours = outcome(() => computeSwapStep(c, t, l, a, f));
        const theirs = outcome(() => {
          const [next, amountIn, amountOut, feeAmount] = sdk.SwapMath.computeSwapStep(J(c), J(t), J(l), J(a), f).map(B) as [bigint, bigint, bigint, bigint];
          return { sqrtRatioNextX96: next, amountIn, amountOut, feeAmount };
        });
        expect(theirs).toEqual(ours);
      }),
      { numRuns: 20_000, seed: 72 },
    );
  });

  test('invariants (v3-core SwapMathEchidnaTest): conservation, direction, never past the target', () => {
    fc.assert(
      fc.property(poolPrice, poolPrice, liquidity, int256, fc.integer({ min: 1, max: 999_999 }), (c, t, l, a, f) => {
        const { sqrtRatioNextX96: q, amountIn, amountOut, feeAmount } = computeSwapStep(c, t, l, a, f);
        expect(amountIn <= MAX_UINT256 - feeAmount).toBe(true);
        if (a < 0n) expect(amountOut <= -a).toBe(true);
        else expect(amountIn + feeAmount <= a).toBe(true);
        if (c === t) {
          expect([q, amountIn, amountOut, feeAmount]).toEqual([t, 0n, 0n, 0n]);
        }
        // target not reached: the whole remaining amount was used
        if (q !== t) {
          if (a < 0n) expect(amountOut).toBe(-a);
          else expect(amountIn + feeAmount).toBe(a);
        }
        // next price between current and target
        if (t <= c) expect(t <= q && q <= c).toBe(true);
        else expect(c <= q && q <= t).toBe(true);
      }),
      { numRuns: 30_000, seed: 73 },
    );
  });
});
