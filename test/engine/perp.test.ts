import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backtestResultToJson, runBacktest, type BacktestResult } from '../../src/engine/backtest.js';
import type { LedgerEvent } from '../../src/engine/ledger.js';
import { intentToActions, perpLimitPrice } from '../../src/execution/sim-executor.js';
import type { PoolVenue } from '../../src/market/simulator/venues.js';
import type { JsonValue } from '../../src/strategy/types.js';
import { gbmWithPerp, perpScript, type PerpStep } from './perp-strategies.js';
import { FUNDING, GUARDS, hold } from './test-strategies.js';
import { component, expectExact } from './pnl-assertions.js';

type Result = BacktestResult<JsonValue>;

/** Σ collateral the vault's perp fills moved in (deposits > 0, withdrawals < 0), from the ledger. */
function netPerpDeposits(events: readonly LedgerEvent[]): bigint {
  let net = 0n;
  for (const event of events) {
    if (event.type !== 'fill') continue;
    if (event.action.kind === 'perpDeposit') net += event.action.amountUnits;
    if (event.action.kind === 'perpWithdraw') net -= event.action.amountUnits;
  }
  return net;
}

const run = (steps: readonly PerpStep[], seed: number, blocks: number, scenario = gbmWithPerp()): Result =>
  runBacktest({ scenario, strategy: perpScript, params: { startBlock: 0, gapBlocks: 40, steps }, vault: FUNDING, blocks, seed, guards: GUARDS }) as unknown as Result;

const SHORT_AND_CLOSE: PerpStep[] = [
  { kind: 'perpDeposit', amount: '5000000000' },
  { kind: 'perpTrade', sizeDeltaWei: '-1000000000000000000' },
  { kind: 'perpTrade', sizeDeltaWei: '-500000000000000000' },
  { kind: 'closeAll' },
];

describe('engine: perp hedging', () => {
  it('a perp trade gets a limit from the mark and the k·σ·√Δt tolerance, on the trader\'s side', () => {
    const poolOf = (): PoolVenue => {
      throw new Error('no pool needed');
    };
    const [buy] = intentToActions({ kind: 'perpTrade', sizeDeltaWei: 10n ** 18n, reason: 'r' }, 'vault', poolOf, 2_000n, () => 2000);
    const [sell] = intentToActions({ kind: 'perpTrade', sizeDeltaWei: -(10n ** 18n), reason: 'r' }, 'vault', poolOf, 2_000n, () => 2000);
    expect(buy).toEqual({ kind: 'perpTrade', sizeDeltaWei: 10n ** 18n, limitPrice: 2000 * 1.002 });
    expect(sell).toEqual({ kind: 'perpTrade', sizeDeltaWei: -(10n ** 18n), limitPrice: 2000 * 0.998 });
    expect(perpLimitPrice(2000, 1n, 0n)).toBe(2000);
    expect(intentToActions({ kind: 'perpDeposit', amount: 7n, reason: 'r' }, 'vault', poolOf, 0n)).toEqual([{ kind: 'perpDeposit', amountUnits: 7n }]);
    expect(() => intentToActions({ kind: 'perpTrade', sizeDeltaWei: 1n, reason: 'r' }, 'vault', poolOf, 0n)).toThrow(/perp venue/);
    expect(() => intentToActions({ kind: 'perpWithdraw', amount: 0n, reason: 'r' }, 'vault', poolOf, 0n)).toThrow(/intent.amount/);
  });

  it('shorts, closes and withdraws: hedge PnL + funding = what came back − what went in, and the PnL adds up', () => {
    const result = run(SHORT_AND_CLOSE, 11, 400);
    expectExact(result);
    const fills = result.events.filter((e) => e.type === 'fill').map((e) => (e.type === 'fill' ? e.action.kind : ''));
    expect(fills).toEqual(['perpDeposit', 'perpTrade', 'perpTrade', 'perpTrade', 'perpWithdraw']);
    const perp = result.finalBook.perp!;
    expect(perp.sizeWei).toBe(0n);
    expect(perp.collateral).toBe(0n);
    // USDC is the numeraire (mark = 1 exactly): funding is the venue's own cumulative number
    expect(component(result, 'funding')).toBe(-perp.fundingPaid);
    expect(perp.fundingPaid).not.toBe(0n); // 10-minute settlements over ~1 h of a short
    expect(component(result, 'hedge PnL') + component(result, 'funding')).toBe(-netPerpDeposits(result.events));
  });

  it('the perp size is in the book delta: a 1 ETH short lowers it by one', () => {
    const held = runBacktest({ scenario: gbmWithPerp(), strategy: hold, params: {}, vault: FUNDING, blocks: 120, seed: 5, guards: GUARDS });
    const short = run(SHORT_AND_CLOSE.slice(0, 2), 5, 120);
    const perp = short.finalBook.perp!;
    expect(perp.sizeWei).toBe(-(10n ** 18n));
    // gas is paid in ETH, which is marked as WETH: it lowers the delta too
    expect(held.counters.gasPaidWei).toBe(0n);
    expect(short.series.delta.at(-1)! - held.series.delta.at(-1)!).toBeCloseTo(-1 - Number(short.counters.gasPaidWei) / 1e18, 9);
    expect(perp.marginRatio).toBeGreaterThan(perp.maintenanceMarginRatio);
    expect(perp.liquidationPrice).toBeGreaterThan(perp.entryPrice!);
    expect(perp.equity).toBe(perp.collateral + perp.unrealizedPnl);
  });

  it('the funding component has the sign of the funding actually paid: a short receives a positive rate, pays a negative one', () => {
    for (const rate of [0.0005, -0.0005]) {
      const result = run(SHORT_AND_CLOSE.slice(0, 2), 3, 300, gbmWithPerp({ ratePerInterval: rate }));
      expectExact(result);
      const paid = result.finalBook.perp!.fundingPaid;
      expect(Math.sign(Number(paid))).toBe(rate > 0 ? -1 : 1);
      expect(component(result, 'funding')).toBe(-paid);
    }
  });

  it('is byte-identical for the same seed', () => {
    expect(backtestResultToJson(run(SHORT_AND_CLOSE, 8, 200))).toBe(backtestResultToJson(run(SHORT_AND_CLOSE, 8, 200)));
  });

  it('components sum to the NAV change exactly over random seeds and perp actions, reverts included (property)', () => {
    const step: fc.Arbitrary<PerpStep> = fc.oneof(
      fc.record({ kind: fc.constantFrom('perpDeposit' as const, 'perpWithdraw' as const), amount: fc.bigInt({ min: 1n, max: 8_000_000_000n }).map(String) }),
      fc.record({ kind: fc.constant('perpTrade' as const), sizeDeltaWei: fc.bigInt({ min: -(3n * 10n ** 18n), max: 3n * 10n ** 18n }).filter((x) => x !== 0n).map(String) }),
      fc.constant({ kind: 'closeAll' as const }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.array(step, { minLength: 1, maxLength: 6 }), (seed, steps) => {
        const result = runBacktest({
          scenario: gbmWithPerp(),
          strategy: perpScript,
          params: { startBlock: 0, gapBlocks: 10, steps },
          vault: FUNDING,
          blocks: 150,
          seed,
          guards: GUARDS,
        }) as unknown as Result;
        expectExact(result);
        expect(component(result, 'funding')).toBe(-(result.finalBook.perp?.fundingPaid ?? 0n));
      }),
      { seed: 17, numRuns: 12 },
    );
  });
});
