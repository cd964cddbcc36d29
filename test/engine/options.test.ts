import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backtestResultToJson, runBacktest, type BacktestResult } from '../../src/engine/backtest.js';
import type { LedgerEvent } from '../../src/engine/ledger.js';
import { intentToActions, optionLimitPrice } from '../../src/execution/sim-executor.js';
import { writerObligation } from '../../src/market/options/collateral.js';
import { SECONDS_PER_YEAR } from '../../src/market/options/listing.js';
import type { PoolVenue } from '../../src/market/simulator/venues.js';
import { blackScholes } from '../../src/math/black-scholes.js';
import type { JsonValue } from '../../src/strategy/types.js';
import { gbmWithOptions, OPTION_GUARDS, optionScript, type OptionStep } from './option-strategies.js';
import { FUNDING, hold } from './test-strategies.js';
import { component, expectExact } from './pnl-assertions.js';

type Result = BacktestResult<JsonValue>;
const ONE = 10n ** 18n;

/** Premium the vault's option fills received (> 0) or paid (< 0), from the venue's own fill results. */
function premiumOfFills(events: readonly LedgerEvent[]): bigint {
  let total = 0n;
  for (const event of events) {
    if (event.type !== 'fill' || event.action.kind !== 'optionTrade') continue;
    total -= (event.result as { premiumUnits: bigint }).premiumUnits;
  }
  return total;
}

/** Net cash and underlying the vault moved into its option account, from the fills. */
function netOptionDeposits(events: readonly LedgerEvent[]): { cash: bigint; underlying: bigint } {
  let cash = 0n;
  let underlying = 0n;
  for (const event of events) {
    if (event.type !== 'fill') continue;
    const { action } = event;
    if (action.kind !== 'optionDeposit' && action.kind !== 'optionWithdraw') continue;
    const sign = action.kind === 'optionDeposit' ? 1n : -1n;
    cash += sign * (action.cashUnits ?? 0n);
    underlying += sign * (action.underlyingWei ?? 0n);
  }
  return { cash, underlying };
}

/** The fill of the vault's first option trade. */
function firstTrade(result: Result): { strike: number; expirySeconds: number; optionKind: 'call' | 'put'; sizeWei: bigint } {
  const fill = result.events.find((e) => e.type === 'fill' && e.action.kind === 'optionTrade');
  if (fill === undefined || fill.type !== 'fill' || fill.action.kind !== 'optionTrade') throw new Error('no option trade filled');
  return fill.action;
}

/** The external price the venue settled an expiry at: the first block at or after it (series.price is the mark of that block). */
function settlementPrice(result: Result, expirySeconds: number): number {
  const index = result.series.timestampSeconds.findIndex((t) => t >= expirySeconds);
  if (index < 0) throw new Error('the run ended before the expiry');
  return result.series.price[index]!;
}

const run = (steps: readonly OptionStep[], seed: number, blocks: number, gapBlocks = 3): Result =>
  runBacktest({ scenario: gbmWithOptions(), strategy: optionScript, params: { gapBlocks, steps }, vault: FUNDING, blocks, seed, guards: OPTION_GUARDS }) as unknown as Result;

// strike index 4 of the default grid (±20 % in 5 % steps) is the at-the-money strike at listing
const SELL_ATM_PUT: OptionStep[] = [
  { kind: 'deposit', cashUnits: '5000000000', underlyingWei: '0' },
  { kind: 'trade', side: 'sell', optionKind: 'put', strikeIndex: 4, expiryIndex: 0, sizeWei: String(ONE) },
  // with a 10-block gap: free cash leaves before the expiry (block 59), the released lock after it
  ...Array.from({ length: 5 }, () => ({ kind: 'withdrawFree' as const })),
];
const SELL_ATM_CALL: OptionStep[] = [
  { kind: 'deposit', cashUnits: '0', underlyingWei: String(2n * ONE) },
  { kind: 'trade', side: 'sell', optionKind: 'call', strikeIndex: 4, expiryIndex: 0, sizeWei: String(ONE) },
];

describe('engine: option positions', () => {
  const poolOf = (): PoolVenue => {
    throw new Error('no pool needed');
  };

  it('maps option intents to guarded actions: the limit premium moves against the trader by |Δ|·S·tol, a reserve price wins', () => {
    const quote = { bid: 10, ask: 12, delta: -0.3, spot: 2000 };
    const source = () => quote;
    const series = { optionKind: 'put' as const, strike: 1900, expirySeconds: 1_700_035_200, sizeWei: ONE };
    const [sell] = intentToActions({ kind: 'optionTrade', side: 'sell', ...series, reason: 'r' }, 'vault', poolOf, 2_000n, undefined, source);
    const [buy] = intentToActions({ kind: 'optionTrade', side: 'buy', ...series, reason: 'r' }, 'vault', poolOf, 2_000n, undefined, source);
    // |Δ|·S·tol = 0.3 × 2000 × 0.002 = 1.2
    expect(sell).toMatchObject({ kind: 'optionTrade', side: 'sell', limitPrice: 10 - 1.2 });
    expect(buy).toMatchObject({ kind: 'optionTrade', side: 'buy', limitPrice: 12 + 1.2 });
    expect(optionLimitPrice('sell', { ...quote, bid: 0.5 }, 2_000n)).toBe(0);
    const [reserve] = intentToActions({ kind: 'optionTrade', side: 'sell', ...series, limitPrice: 11.5, reason: 'r' }, 'vault', poolOf, 2_000n, undefined, source);
    expect(reserve).toMatchObject({ limitPrice: 11.5 });
    expect(intentToActions({ kind: 'optionDeposit', cashUnits: 7n, reason: 'r' }, 'vault', poolOf, 0n)).toEqual([{ kind: 'optionDeposit', cashUnits: 7n }]);
    expect(intentToActions({ kind: 'optionWithdraw', underlyingWei: 9n, reason: 'r' }, 'vault', poolOf, 0n)).toEqual([{ kind: 'optionWithdraw', underlyingWei: 9n }]);
    expect(() => intentToActions({ kind: 'optionDeposit', reason: 'r' }, 'vault', poolOf, 0n)).toThrow(/intent.cashUnits/);
    expect(() => intentToActions({ kind: 'optionWithdraw', cashUnits: -1n, reason: 'r' }, 'vault', poolOf, 0n)).toThrow(/intent.cashUnits/);
    expect(() => intentToActions({ kind: 'optionTrade', side: 'sell', ...series, reason: 'r' }, 'vault', poolOf, 0n)).toThrow(/option venue/);
    expect(() => intentToActions({ kind: 'optionTrade', side: 'sell', ...series, sizeWei: 0n, reason: 'r' }, 'vault', poolOf, 0n, undefined, source)).toThrow(/intent.sizeWei/);
    expect(() => intentToActions({ kind: 'optionTrade', side: 'sell', ...series, reason: 'r' }, 'vault', poolOf, 0n, undefined, () => undefined)).toThrow(/intent.strike/);
  });

  it('a cash-secured put through expiry: premium > 0 as the fills report it, settlement = minus the payoff at the oracle price, and the two = cash home − cash sent', () => {
    let itm = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      // deposit at block 9, sell at ~19, withdraw from ~29 to ~69: the first daily expiry settles at block 59
      const result = run(SELL_ATM_PUT, seed, 100, 10);
      expectExact(result);
      const premium = component(result, 'option premium');
      expect(premium).toBe(premiumOfFills(result.events));
      expect(premium).toBeGreaterThan(0n);
      const trade = firstTrade(result);
      const owed = writerObligation('put', trade.strike, settlementPrice(result, trade.expirySeconds), ONE, 6).cashUnits;
      if (owed > 0n) itm++;
      const settlement = component(result, 'option settlement / mark-to-market');
      expect(settlement + owed <= 1n && settlement + owed >= -1n).toBe(true);
      // everything came home: USDC is the numeraire, so value = cash exactly
      expect(result.finalBook.options === undefined || result.finalBook.options.cash + result.finalBook.options.lockedCash === 0n).toBe(true);
      expect(premium + settlement).toBe(-netOptionDeposits(result.events).cash);
    }
    expect(itm).toBeGreaterThan(0); // some paths end in the money
  });

  it('a covered call through expiry delivers ⌈size·(S−K)/S⌉ of the locked underlying and keeps the rest', () => {
    let itm = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const result = run(SELL_ATM_CALL, seed, 90, 3);
      expectExact(result);
      const trade = firstTrade(result);
      const price = settlementPrice(result, trade.expirySeconds);
      if (price > trade.strike) itm++;
      const delivered = writerObligation('call', trade.strike, price, ONE, 6).underlyingWei;
      const account = result.finalBook.options!;
      expect(account.positions).toEqual([]);
      expect(account.lockedUnderlying).toBe(0n);
      // series.price is the mark (the external price through exact integer marks): equal to ~1e-12, which is ~1e6 wei here
      const left = account.underlying - (2n * ONE - delivered);
      expect(left <= 10n ** 9n && left >= -(10n ** 9n)).toBe(true);
      expect(account.cash).toBe(premiumOfFills(result.events));
    }
    expect(itm).toBeGreaterThan(0); // some paths end in the money
  });

  it('a written call is in the book Greeks with the signs and sizes of BSM: Δ, Γ, vega < 0 and theta > 0 vs holding', () => {
    const held = runBacktest({ scenario: gbmWithOptions(), strategy: hold, params: {}, vault: FUNDING, blocks: 20, seed: 9, guards: OPTION_GUARDS });
    const short = run(SELL_ATM_CALL, 9, 20);
    const position = short.finalBook.options!.positions[0]!;
    expect(position.sizeWei).toBe(-ONE);
    const now = short.series.timestampSeconds.at(-1)!;
    const spot = short.series.price.at(-1)!;
    const bs = blackScholes({ kind: 'call', spot, strike: position.strike, rate: 0, dividendYield: 0, volatility: position.volatility, expiry: (position.expirySeconds - now) / SECONDS_PER_YEAR });
    expect(position.markPrice).toBeCloseTo(bs.price, 6);
    expect(position.delta).toBeCloseTo(-bs.delta, 9);
    expect(position.vega).toBeCloseTo(-bs.vega, 6);
    expect(position.theta).toBeCloseTo(-bs.theta, 3);
    expect(short.series.vega.at(-1)).toBeCloseTo(-bs.vega, 6);
    expect(short.series.theta.at(-1)).toBeCloseTo(-bs.theta, 3);
    expect(short.series.vega.at(-1)!).toBeLessThan(0);
    expect(short.series.theta.at(-1)!).toBeGreaterThan(0);
    expect(short.series.gamma.at(-1)! - held.series.gamma.at(-1)!).toBeCloseTo(-bs.gamma, 12);
    expect(held.series.vega.at(-1)).toBe(0);
    // the locked WETH stays in the inventory delta; the written call takes Δ_call away (gas is paid in ETH, marked as WETH)
    const gasEth = Number(short.counters.gasPaidWei) / 1e18;
    expect(short.series.delta.at(-1)! - held.series.delta.at(-1)!).toBeCloseTo(-bs.delta - gasEth, 9);
    // the liability is marked at the mid, rounded against the vault
    expect(Number(-short.finalBook.options!.positionsValue) / 1e6).toBeCloseTo(bs.price, 5);
  });

  it('is byte-identical for the same seed', () => {
    expect(backtestResultToJson(run(SELL_ATM_CALL, 4, 80))).toBe(backtestResultToJson(run(SELL_ATM_CALL, 4, 80)));
  });

  it('over random option scripts: the components sum to the NAV change exactly, the premium is what the fills say, and the account never owes more than it holds (property)', () => {
    const step: fc.Arbitrary<OptionStep> = fc.oneof(
      fc.record({
        kind: fc.constant('deposit' as const),
        cashUnits: fc.bigInt({ min: 0n, max: 8_000_000_000n }).map(String),
        underlyingWei: fc.bigInt({ min: 0n, max: 4n * ONE }).map(String),
      }),
      fc.record({
        kind: fc.constant('trade' as const),
        side: fc.constantFrom('buy' as const, 'sell' as const),
        optionKind: fc.constantFrom('call' as const, 'put' as const),
        strikeIndex: fc.integer({ min: 0, max: 8 }),
        expiryIndex: fc.integer({ min: 0, max: 2 }),
        sizeWei: fc.bigInt({ min: 1n, max: 3n * ONE }).map(String),
      }),
      fc.constant({ kind: 'withdrawFree' as const }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.array(step, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 30 }), (seed, steps, gapBlocks) => {
        const result = run(steps, seed, 140, gapBlocks);
        expectExact(result);
        expect(component(result, 'option premium')).toBe(premiumOfFills(result.events));
        const account = result.finalBook.options;
        if (account !== undefined) {
          const price = result.series.price.at(-1)!;
          const value = Number(account.cash + account.lockedCash + account.positionsValue) / 1e6 + (Number(account.underlying + account.lockedUnderlying) / 1e18) * price;
          expect(value).toBeGreaterThanOrEqual(0);
          expect(account.cash >= 0n && account.underlying >= 0n).toBe(true);
        }
      }),
      { seed: 23, numRuns: 15 },
    );
  });
});
