import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIntent, createRiskCheck } from '../../src/risk/check.js';
import { DEFAULT_RISK_LIMITS, parseRiskLimits } from '../../src/risk/limits.js';
import { slippageRule } from '../../src/risk/rules/slippage.js';
import { liquidityBufferRule } from '../../src/risk/rules/liquidity-buffer.js';
import { sizeOf, type RuleTaggedDecision } from '../../src/risk/types.js';
import { InvalidInputError } from '../../src/errors.js';
import type { Intent } from '../../src/strategy/types.js';
import { MARKET, makeBook, makeContext, makeView, NOW, POOL, TICK, USDC, WETH } from './fixtures.js';

const buyWeth = (usdc: bigint): Intent => ({ kind: 'swap', pool: POOL, zeroForOne: false, amountIn: usdc, reason: 'buy' });
const sellWeth = (weth: bigint): Intent => ({ kind: 'swap', pool: POOL, zeroForOne: true, amountIn: weth, reason: 'sell' });

describe('limits', () => {
  it('fills documented defaults and refuses bad limits with InvalidInputError', () => {
    expect(DEFAULT_RISK_LIMITS.maxSlippageBps).toBe(100);
    expect(DEFAULT_RISK_LIMITS.minHealthFactorWad).toBe(1_500_000_000_000_000_000n);
    expect(() => parseRiskLimits({ maxSlippageBps: -1 })).toThrow(InvalidInputError);
    expect(() => parseRiskLimits({ maxDrawdownBps: 500, resumeDrawdownBps: 600 })).toThrow(/resumeDrawdownBps/);
    expect(() => parseRiskLimits({ unknownLimit: 1 })).toThrow(InvalidInputError);
  });
});

describe('composite check', () => {
  it('the first refusal in the documented order wins', () => {
    // stale oracle AND over the leverage limit: staleness comes first
    const context = makeContext(makeBook(), makeView({ wethUpdatedAt: NOW - 10_000 }), { maxLeverageBps: 1 });
    const decision = checkIntent(buyWeth(50_000n * USDC), context);
    expect(decision.status).toBe('refused');
    expect(decision.ruleId).toBe('oracle-staleness');
  });

  it('resizes compose by taking the smallest size, and the result passes every rule', () => {
    // one purchase that breaks both the buffer (max ≈ 40k) and the slippage limit
    const context = makeContext(makeBook(), makeView({ liquidity: 10n ** 18n }), { minIdleBufferBps: 5_000, maxAssetConcentrationBps: 10_000, maxVenueConcentrationBps: 10_000, maxLeverageBps: 1_000_000, maxSlippageBps: 10 });
    const intent = buyWeth(90_000n * USDC);
    const bySlippage = slippageRule(intent, context);
    const byBuffer = liquidityBufferRule(intent, context);
    const decision = checkIntent(intent, context);
    expect(decision.status).toBe('resized');
    if (decision.status !== 'resized') return;
    const sizes = [bySlippage, byBuffer].flatMap((v) => (v.status === 'resized' ? [sizeOf(v.intent)!] : []));
    expect(sizes.length).toBeGreaterThan(0);
    const smallest = sizes.reduce((a, b) => (a < b ? a : b));
    expect(sizeOf(decision.intent)! <= smallest).toBe(true);
    expect(checkIntent(decision.intent, context).status).toBe('approved');
    expect(decision.reason).toMatch(/^\[(liquidity-buffer|slippage)\] /);
  });

  it('approves within every limit with a reason', () => {
    const decision = checkIntent(sellWeth(WETH), makeContext());
    expect(decision).toMatchObject({ status: 'approved', ruleId: 'all' });
    expect(decision.reason).toMatch(/^within every limit \(after: NAV \d+, leverage \d+\.\d\d bps, idle USDC \d+ base units\)$/);
  });

  it('is deterministic and independent of intent order', () => {
    const pool: Intent[] = [
      buyWeth(1_000n * USDC),
      buyWeth(95_000n * USDC),
      sellWeth(5_000n * WETH),
      { kind: 'supply', asset: 'USDC', amount: 80_000n * USDC, reason: 's' },
      { kind: 'borrow', asset: 'USDC', amount: 1_000n * USDC, reason: 'b' },
      { kind: 'addLiquidity', pool: POOL, tickLower: TICK - 1_001, tickUpper: TICK + 999, liquidity: 10n ** 16n, reason: 'm' },
      { kind: 'repay', asset: 'USDC', amount: USDC, reason: 'r' },
    ];
    const run = (intents: Intent[]): readonly RuleTaggedDecision[] =>
      createRiskCheck({ market: MARKET }).check(intents, makeBook(), makeView());
    const reference = new Map(pool.map((intent, i) => [intent, run(pool)[i]]));
    fc.assert(
      fc.property(fc.shuffledSubarray(pool, { minLength: 1 }), (intents) => {
        const decisions = run(intents);
        expect(decisions).toHaveLength(intents.length);
        intents.forEach((intent, i) => expect(decisions[i]).toEqual(reference.get(intent)));
      }),
      { seed: 3, numRuns: 50 },
    );
  });

  it('a check never throws on a missing oracle: it refuses and the breaker pauses', () => {
    const check = createRiskCheck({ market: MARKET });
    const [decision] = check.check([buyWeth(USDC)], makeBook(), makeView({ noWethOracle: true }));
    expect(decision?.status).toBe('refused');
    expect(check.breaker.state.paused).toBe(true);
    expect(check.breaker.state.reason).toContain('no oracle answer for WETH');
  });
});

it('both resizing rules bind in the composition test', () => {
  const context = makeContext(makeBook(), makeView({ liquidity: 10n ** 18n }), { minIdleBufferBps: 5_000, maxAssetConcentrationBps: 10_000, maxVenueConcentrationBps: 10_000, maxLeverageBps: 1_000_000, maxSlippageBps: 10 });
  const intent = buyWeth(90_000n * USDC);
  expect(slippageRule(intent, context).status).toBe('resized');
  expect(liquidityBufferRule(intent, context).status).toBe('resized');
});
