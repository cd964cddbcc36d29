import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIntent } from '../../src/risk/check.js';
import { assetConcentrationRule, ASSET_CONCENTRATION } from '../../src/risk/rules/asset-concentration.js';
import { healthFactorRule, HEALTH_FACTOR } from '../../src/risk/rules/health-factor.js';
import { leverageRule, LEVERAGE } from '../../src/risk/rules/leverage.js';
import { liquidationDistanceRule, LIQUIDATION_DISTANCE } from '../../src/risk/rules/liquidation-distance.js';
import { liquidityBufferRule, LIQUIDITY_BUFFER } from '../../src/risk/rules/liquidity-buffer.js';
import { oracleDeviationRule, ORACLE_DEVIATION } from '../../src/risk/rules/oracle-deviation.js';
import { oracleStalenessRule, ORACLE_STALENESS } from '../../src/risk/rules/oracle-staleness.js';
import { slippageRule, SLIPPAGE } from '../../src/risk/rules/slippage.js';
import { venueConcentrationRule, VENUE_CONCENTRATION } from '../../src/risk/rules/venue-concentration.js';
import { venueHealthRule, VENUE_HEALTH } from '../../src/risk/rules/venue-health.js';
import { sizeOf, withSize, type RiskContext, type RiskRule, type RuleVerdict } from '../../src/risk/types.js';
import type { Intent } from '../../src/strategy/types.js';
import { makeBook, makeContext, makeView, NOW, ORACLE_ANSWER, POOL, SQRT_PRICE, TICK, USDC, WETH } from './fixtures.js';

const buyWeth = (usdc: bigint): Intent => ({ kind: 'swap', pool: POOL, zeroForOne: false, amountIn: usdc, reason: 'buy' });
const sellWeth = (weth: bigint): Intent => ({ kind: 'swap', pool: POOL, zeroForOne: true, amountIn: weth, reason: 'sell' });
const lend = (kind: 'supply' | 'withdraw' | 'borrow' | 'repay', asset: string, amount: bigint): Intent => ({ kind, asset, amount, reason: kind });
const mint = (liquidity: bigint): Intent => ({ kind: 'addLiquidity', pool: POOL, tickLower: TICK - 1_000 - (TICK % 10), tickUpper: TICK + 1_000 - (TICK % 10), liquidity, reason: 'mint' });

/** The single rule through the composite, so the decision carries the rule id as the ledger sees it. */
function only(id: string, rule: RiskRule, intent: Intent, context: RiskContext) {
  return checkIntent(intent, context, [{ id, rule }]);
}

function expectRefused(verdict: RuleVerdict, ...fragments: string[]): void {
  expect(verdict.status).toBe('refused');
  if (verdict.status !== 'refused') return;
  for (const fragment of fragments) expect(verdict.reason).toContain(fragment);
}

describe('leverage', () => {
  // NAV ≈ 120k USDC (100k idle USDC + 10 WETH at ≈ 2000); gross = the WETH ≈ 20k
  const context = makeContext(makeBook(), makeView(), { maxLeverageBps: 5_000 });
  it('approves an intent inside the limit', () => {
    expect(leverageRule(buyWeth(30_000n * USDC), context).status).toBe('approved');
  });
  it('refuses one beyond, with its id and the numbers', () => {
    const decision = only(LEVERAGE, leverageRule, buyWeth(50_000n * USDC), context);
    expect(decision.status).toBe('refused');
    expect(decision.ruleId).toBe(LEVERAGE);
    expect(decision.reason).toMatch(/\[leverage\] leverage after 58\d\d\.\d\d bps .* > max 5000 bps/);
  });
  it('never refuses a trade that lowers gross exposure, even above the limit', () => {
    const heavy = makeContext(makeBook({ weth: 100n * WETH }), makeView(), { maxLeverageBps: 1_000 });
    expect(leverageRule(sellWeth(1n * WETH), heavy).status).toBe('approved');
    expect(leverageRule(buyWeth(1n * USDC), heavy).status).toBe('refused');
  });
});

describe('asset concentration', () => {
  const context = makeContext(makeBook(), makeView(), { maxAssetConcentrationBps: 3_000 });
  it('approves inside and refuses beyond, naming the share', () => {
    expect(assetConcentrationRule(buyWeth(10_000n * USDC), context).status).toBe('approved');
    const decision = only(ASSET_CONCENTRATION, assetConcentrationRule, buyWeth(30_000n * USDC), context);
    expect(decision.ruleId).toBe(ASSET_CONCENTRATION);
    expect(decision.reason).toMatch(/WETH would be 41\d\d\.\d\d bps of NAV .* > max 3000 bps/);
  });
  it('lets an over-weight asset be sold', () => {
    const tight = makeContext(makeBook(), makeView(), { maxAssetConcentrationBps: 500 });
    expect(assetConcentrationRule(sellWeth(1n * WETH), tight).status).toBe('approved');
  });
});

describe('venue concentration', () => {
  const context = makeContext(makeBook(), makeView(), { maxVenueConcentrationBps: 3_000 });
  it('approves a supply inside the limit and refuses one beyond', () => {
    expect(venueConcentrationRule(lend('supply', 'USDC', 20_000n * USDC), context).status).toBe('approved');
    expectRefused(venueConcentrationRule(lend('supply', 'USDC', 50_000n * USDC), context), 'venue lending would hold 41', '> max 3000 bps');
  });
  it('refuses a mint that puts too much in one pool', () => {
    expect(venueConcentrationRule(mint(10n ** 13n), context).status).toBe('approved');
    expectRefused(venueConcentrationRule(mint(10n ** 16n), context), `venue ${POOL}`, '> max 3000 bps');
  });
});

describe('health factor', () => {
  // 10 WETH supplied (≈ 20k, LT 82.5 %), 8000 USDC debt: HF ≈ 2.06
  const book = makeBook({ lending: [{ market: 'lending', asset: 'WETH', supplied: 10n * WETH, debt: 0n }, { market: 'lending', asset: 'USDC', supplied: 0n, debt: 8_000n * USDC }] });
  const context = makeContext(book);
  it('approves a borrow that keeps HF ≥ 1.5 and refuses one that does not', () => {
    expect(healthFactorRule(lend('borrow', 'USDC', 2_000n * USDC), context).status).toBe('approved');
    const decision = only(HEALTH_FACTOR, healthFactorRule, lend('borrow', 'USDC', 4_000n * USDC), context);
    expect(decision.ruleId).toBe(HEALTH_FACTOR);
    expect(decision.reason).toMatch(/health factor after 1\.37\d\d < min 1\.5000 \(before 2\.06\d\d\)/);
  });
  it('refuses a withdraw of collateral that breaks it, passes a repay', () => {
    expectRefused(healthFactorRule(lend('withdraw', 'WETH', 4n * WETH), context), 'health factor after');
    expect(healthFactorRule(lend('repay', 'USDC', 8_000n * USDC), context).status).toBe('approved');
  });
});

describe('liquidation distance', () => {
  const book = makeBook({ lending: [{ market: 'lending', asset: 'WETH', supplied: 10n * WETH, debt: 0n }, { market: 'lending', asset: 'USDC', supplied: 0n, debt: 8_000n * USDC }] });
  const context = makeContext(book, makeView(), { minLiquidationDistanceBps: 4_000 });
  it('approves a borrow leaving ≥ 40 % to liquidation and refuses one leaving less', () => {
    // s* = debt / (LT·collateral): 9000/16500 → 45.4 % away; 10000/16500 → 39.4 % away
    expect(liquidationDistanceRule(lend('borrow', 'USDC', 1_000n * USDC), context).status).toBe('approved');
    const decision = only(LIQUIDATION_DISTANCE, liquidationDistanceRule, lend('borrow', 'USDC', 2_000n * USDC), context);
    expect(decision.ruleId).toBe(LIQUIDATION_DISTANCE);
    expect(decision.reason).toMatch(/a 39\d\d bps price move would liquidate after the intent < min 4000 bps \(before 51\d\d bps\)/);
  });
});

describe('slippage', () => {
  const context = makeContext();
  it('approves a small swap', () => {
    expect(slippageRule(sellWeth(1n * WETH), context).status).toBe('approved');
  });
  it('resizes an oversized swap to the largest size that fits: one more unit does not', () => {
    const big = sellWeth(5_000n * WETH);
    const decision = only(SLIPPAGE, slippageRule, big, context);
    expect(decision.status).toBe('resized');
    expect(decision.ruleId).toBe(SLIPPAGE);
    expect(decision.reason).toMatch(/expected slippage \d+\.\d\d bps on 5000000000000000000000 in > max 100 bps; amountIn 5000000000000000000000 → \d+/);
    if (decision.status !== 'resized') return;
    const size = sizeOf(decision.intent)!;
    expect(size).toBeLessThan(5_000n * WETH);
    expect(slippageRule(decision.intent, context).status).toBe('approved');
    expect(slippageRule(withSize(big, size + 1n), context).status).not.toBe('approved');
  });
  it('refuses when not even the fee fits', () => {
    const tight = makeContext(makeBook(), makeView(), { maxSlippageBps: 4 });
    expectRefused(slippageRule(sellWeth(1n * WETH), tight), 'no size fits', '> max 4 bps');
  });
});

describe('oracle staleness', () => {
  it('approves at the age limit exactly and refuses one second beyond', () => {
    const atLimit = makeContext(makeBook(), makeView({ wethUpdatedAt: NOW - 3_900 }));
    expect(oracleStalenessRule(buyWeth(USDC), atLimit).status).toBe('approved');
    const stale = makeContext(makeBook(), makeView({ wethUpdatedAt: NOW - 3_901 }));
    const decision = only(ORACLE_STALENESS, oracleStalenessRule, buyWeth(USDC), stale);
    expect(decision.ruleId).toBe(ORACLE_STALENESS);
    expect(decision.reason).toContain('oracle WETH for WETH is 3901s old > max 3900s');
  });
  it('refuses a borrow without a WETH answer but not a price-free supply', () => {
    const none = makeContext(makeBook({ lending: [{ market: 'lending', asset: 'WETH', supplied: WETH, debt: 0n }] }), makeView({ noWethOracle: true }));
    expectRefused(oracleStalenessRule(lend('borrow', 'USDC', USDC), none), 'no oracle answer for WETH');
    expect(oracleStalenessRule(lend('supply', 'USDC', USDC), none).status).toBe('approved');
  });
});

describe('oracle deviation', () => {
  it('approves a swap with the pool 1 % off the oracle and refuses at 3 %', () => {
    const near = makeContext(makeBook(), makeView({ wethAnswer: (ORACLE_ANSWER * 101n) / 100n }));
    expect(oracleDeviationRule(buyWeth(USDC), near).status).toBe('approved');
    const far = makeContext(makeBook(), makeView({ wethAnswer: (ORACLE_ANSWER * 103n) / 100n }));
    const decision = only(ORACLE_DEVIATION, oracleDeviationRule, buyWeth(USDC), far);
    expect(decision.ruleId).toBe(ORACLE_DEVIATION);
    expect(decision.reason).toMatch(/deviates 29\d\.\d\d bps from oracle .* > max 200 bps/);
  });
});

describe('liquidity buffer', () => {
  const context = makeContext(makeBook(), makeView(), { minIdleBufferBps: 1_000 });
  it('approves a deployment that keeps 10 % idle', () => {
    expect(liquidityBufferRule(buyWeth(50_000n * USDC), context).status).toBe('approved');
  });
  it('resizes a swap to the exact size that keeps the buffer', () => {
    const big = buyWeth(95_000n * USDC);
    const decision = only(LIQUIDITY_BUFFER, liquidityBufferRule, big, context);
    expect(decision.status).toBe('resized');
    expect(decision.ruleId).toBe(LIQUIDITY_BUFFER);
    expect(decision.reason).toMatch(/idle USDC after \d+ < required \d+ base units \(1000 bps of NAV \d+\); size 95000000000 → \d+/);
    if (decision.status !== 'resized') return;
    const size = sizeOf(decision.intent)!;
    expect(liquidityBufferRule(decision.intent, context).status).toBe('approved');
    expect(liquidityBufferRule(withSize(big, size + 1n), context).status).not.toBe('approved');
    // ≈ 100k − 10 % of ≈ 120k
    expect(size > 87_000n * USDC && size < 89_000n * USDC).toBe(true);
  });
  it('resizes a supply and a mint to the boundary: one more unit breaks the buffer', () => {
    for (const intent of [lend('supply', 'USDC', 99_000n * USDC), mint(10n ** 17n)]) {
      const verdict = liquidityBufferRule(intent, context);
      expect(verdict.status).toBe('resized');
      if (verdict.status !== 'resized') continue;
      const size = sizeOf(verdict.intent)!;
      expect(liquidityBufferRule(verdict.intent, context).status).toBe('approved');
      expect(liquidityBufferRule(withSize(intent, size + 1n), context).status).not.toBe('approved');
    }
  });
  it('resizes a supply and refuses when nothing is left above the buffer', () => {
    expect(liquidityBufferRule(lend('supply', 'USDC', 99_000n * USDC), context).status).toBe('resized');
    const thin = makeContext(makeBook({ usdc: 1_000n * USDC }), makeView(), { minIdleBufferBps: 1_000 });
    expectRefused(liquidityBufferRule(buyWeth(10n * USDC), thin), 'no size fits');
  });
});

describe('venue health', () => {
  it('approves a mint at a deep pool whose TWAP agrees with the oracle', () => {
    expect(venueHealthRule(mint(10n ** 13n), makeContext()).status).toBe('approved');
  });
  it('refuses a mint at a thin pool', () => {
    const thin = makeContext(makeBook(), makeView({ liquidity: 10n ** 16n }));
    const decision = only(VENUE_HEALTH, venueHealthRule, mint(10n ** 13n), thin);
    expect(decision.ruleId).toBe(VENUE_HEALTH);
    expect(decision.reason).toMatch(/venue WETH\/USDC-0\.05% health 0\.00\d\d < min 0\.5 \(depth 0\.00\d\d × twap 1\.0000/);
  });
  it('refuses a mint at a pool whose TWAP disagrees with the oracle', () => {
    const moved = makeContext(makeBook(), makeView({ twapTick: TICK + 600 }));
    expectRefused(venueHealthRule(mint(10n ** 13n), moved), 'twap 0.0000', 'bps');
  });
  it('refuses a supply into a nearly fully utilized reserve', () => {
    const full = makeContext(makeBook(), makeView({ utilizationRay: 99n * 10n ** 25n }));
    expectRefused(venueHealthRule(lend('supply', 'USDC', USDC), full), 'venue lending:USDC health 0.1000', 'utilization 99.00 %');
    expect(venueHealthRule(lend('supply', 'USDC', USDC), makeContext()).status).toBe('approved');
  });
});

describe('properties', () => {
  const exposureRules: readonly [string, RiskRule][] = [
    [LEVERAGE, leverageRule],
    [ASSET_CONCENTRATION, assetConcentrationRule],
    [VENUE_CONCENTRATION, venueConcentrationRule],
    [LIQUIDITY_BUFFER, liquidityBufferRule],
    [VENUE_HEALTH, venueHealthRule],
  ];
  const amount = fc.bigInt({ min: 1n, max: 10n ** 24n });
  const deRisking = fc.oneof(
    amount.map((a): Intent => ({ kind: 'removeLiquidity', pool: POOL, tickLower: TICK - 1_001, tickUpper: TICK + 999, liquidity: a, reason: 'burn' })),
    fc.constant<Intent>({ kind: 'collectFees', pool: POOL, tickLower: TICK - 1_001, tickUpper: TICK + 999, reason: 'collect' }),
    fc.tuple(fc.constantFrom('withdraw' as const, 'repay' as const), fc.constantFrom('USDC', 'WETH'), amount).map(([kind, asset, a]) => lend(kind, asset, a)),
  );
  it('de-risking intents are never refused by exposure rules, whatever the book and limits', () => {
    fc.assert(
      fc.property(
        deRisking,
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 21n }),
        fc.bigInt({ min: 0n, max: 10n ** 11n }),
        fc.integer({ min: 0, max: 10_000 }),
        (intent, usdc, weth, debt, limitBps) => {
          const book = makeBook({
            usdc,
            weth,
            lending: [{ market: 'lending', asset: 'WETH', supplied: weth, debt: 0n }, { market: 'lending', asset: 'USDC', supplied: usdc, debt }],
            lp: [{ pool: POOL, tickLower: TICK - 1_001, tickUpper: TICK + 999, liquidity: 10n ** 12n, amount0: weth, amount1: usdc, feesOwed0: 1n, feesOwed1: 1n, principalOwed0: 0n, principalOwed1: 0n }],
          });
          const limits = { maxLeverageBps: limitBps, maxAssetConcentrationBps: limitBps, maxVenueConcentrationBps: limitBps, minIdleBufferBps: limitBps, minVenueHealth: 1 };
          const context = makeContext(book, makeView({ liquidity: 1n }), limits);
          for (const [, rule] of exposureRules) expect(rule(intent, context).status).toBe('approved');
        },
      ),
      { seed: 5, numRuns: 200 },
    );
  });
  it('a resized intent is never larger than the original, and the rule approves it', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 100_000n * USDC }), fc.integer({ min: 0, max: 9_000 }), (usdcIn, bufferBps) => {
        const context = makeContext(makeBook(), makeView(), { minIdleBufferBps: bufferBps });
        const verdict = liquidityBufferRule(buyWeth(usdcIn), context);
        if (verdict.status === 'resized') {
          expect(sizeOf(verdict.intent)! < usdcIn).toBe(true);
          expect(liquidityBufferRule(verdict.intent, context).status).toBe('approved');
        }
      }),
      { seed: 11, numRuns: 100 },
    );
  });
});

// keep the fixture's pool price exact at the tick the tests mint around
it('the fixture pool sits at its tick', () => {
  expect(makeView().pool(POOL).sqrtPriceX96).toBe(SQRT_PRICE);
});
