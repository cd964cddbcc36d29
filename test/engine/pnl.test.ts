import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUCKETS, emptyQuantities, PnlAccumulator, totalValue, UnexplainedFlowError, type BlockFlows, type Quantities } from '../../src/engine/pnl.js';
import { marksAt, SCALE, scaledToBaseUnits, valueOf } from '../../src/engine/valuation.js';
import type { MarketView } from '../../src/market/simulator/market-view.js';

const TOKENS = ['ETH', 'USDC', 'WETH'] as const;

function viewWith(answer: bigint): MarketView {
  return {
    blockNumber: 1,
    externalPrice: 2000.5,
    oracleAssets: ['WETH', 'USDC'],
    oracleRound: (asset: string) => ({ roundId: 1n, answer: asset === 'WETH' ? answer : 100_000_000n, startedAt: 0, updatedAt: 0, answeredInRound: 1n }),
  } as unknown as MarketView;
}
const SOURCE = { numeraire: 'USDC', decimals: { ETH: 18, USDC: 6, WETH: 18 }, aliases: { ETH: 'WETH' } };

describe('valuation', () => {
  it('marks are exact: one whole WETH at an 8-decimal answer of 2000 is 2000 USDC to the base unit', () => {
    const marks = marksAt(viewWith(200_000_000_000n), SOURCE, () => 8);
    expect(valueOf(new Map([['WETH', 10n ** 18n]]), marks)).toBe(2_000_000_000n * SCALE);
    expect(marks.get('ETH')).toBe(marks.get('WETH'));
    expect(marks.get('USDC')).toBe(SCALE);
    const external = marksAt(viewWith(1n), { ...SOURCE, external: ['WETH'] }, () => 8);
    expect(valueOf(new Map([['WETH', 10n ** 18n]]), external)).toBe(2_000_500_000n * SCALE);
  });

  it('converts to base units by flooring, negative values included', () => {
    expect(scaledToBaseUnits(SCALE * 5n + 1n)).toBe(5n);
    expect(scaledToBaseUnits(-SCALE * 5n - 1n)).toBe(-6n);
    expect(scaledToBaseUnits(-SCALE * 5n)).toBe(-5n);
  });
});

const amount = fc.bigInt({ min: 0n, max: 10n ** 24n });
const answer = fc.bigInt({ min: 1n, max: 10n ** 14n });

function quantities(values: bigint[]): Quantities {
  const q = emptyQuantities();
  let i = 0;
  for (const bucket of BUCKETS) for (const token of TOKENS) q[bucket].set(token, bucket === 'lendingDebt' ? -values[i++]! : values[i++]!);
  return q;
}

describe('PnlAccumulator', () => {
  it('the scaled components sum to the scaled NAV change exactly, whatever the moves (property)', () => {
    fc.assert(
      fc.property(
        fc.array(amount, { minLength: BUCKETS.length * TOKENS.length, maxLength: BUCKETS.length * TOKENS.length }),
        fc.array(amount, { minLength: BUCKETS.length * TOKENS.length, maxLength: BUCKETS.length * TOKENS.length }),
        answer,
        answer,
        amount,
        amount,
        amount,
        (beforeValues, afterValues, answerBefore, answerAfter, gas, swapIn, deposit) => {
          const before = quantities(beforeValues);
          const after = quantities(afterValues);
          const marksBefore = marksAt(viewWith(answerBefore), SOURCE, () => 8);
          const marksAfter = marksAt(viewWith(answerAfter), SOURCE, () => 8);
          // idle must be explained by flows: set it from before + flows
          const flows: BlockFlows = {
            transfers: [{ from: 'lpFees', to: 'idle', token: 'WETH', amount: 7n }],
            gas: [{ token: 'ETH', amount: gas }],
            trades: [{ tokenIn: 'USDC', amountIn: swapIn, tokenOut: 'WETH', amountOut: 3n }],
            deposits: [{ token: 'USDC', amount: deposit }],
          };
          for (const token of TOKENS) after.idle.set(token, before.idle.get(token)!);
          after.idle.set('WETH', after.idle.get('WETH')! + 7n + 3n);
          after.idle.set('ETH', after.idle.get('ETH')! - gas);
          after.idle.set('USDC', after.idle.get('USDC')! - swapIn + deposit);
          const pnl = new PnlAccumulator();
          pnl.record(before, marksBefore, after, marksAfter, flows, 1);
          const sum = Object.values(pnl.scaledTotals()).reduce((a, b) => a + b, 0n);
          expect(sum).toBe(totalValue(after, marksAfter) - totalValue(before, marksBefore));
          const navChange = scaledToBaseUnits(totalValue(after, marksAfter)) - scaledToBaseUnits(totalValue(before, marksBefore));
          const { components, roundingBaseUnits } = pnl.components(navChange);
          expect(components.reduce((a, c) => a + c.amount, 0n)).toBe(navChange);
          expect(roundingBaseUnits <= 8n && roundingBaseUnits >= -8n).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses an idle change no fill explains', () => {
    const before = emptyQuantities();
    const after = emptyQuantities();
    after.idle.set('USDC', 1n);
    const marks = marksAt(viewWith(1n), SOURCE, () => 8);
    expect(() => new PnlAccumulator().record(before, marks, after, marks, { transfers: [], gas: [], trades: [], deposits: [] }, 9)).toThrow(UnexplainedFlowError);
  });
});
