// The yield aggregator in runBacktest, on two USDC markets whose rates cross: a replayed reserve
// paying 8 % for 100 minutes then 1 %, and a modelled one near 4 %.
import { describe, expect, it } from 'vitest';
import { backtestResultToJson, runBacktest, type BacktestOptions } from '../../src/engine/backtest.js';
import { InvalidInputError } from '../../src/errors.js';
import { buildSimulator, parseScenario } from '../../src/market/scenario/index.js';
import { auditConservation } from '../../src/market/simulator/audit.js';
import { yieldAggregator, type YieldAggregatorMemory, type YieldAggregatorParams } from '../../src/strategy/yield-aggregator.js';
import { GUARDS } from '../engine/test-strategies.js';
import { AGGREGATOR_PARAMS, twoMarketScenario, writeRecordedReserve } from './yield-aggregator-fixtures.js';

const BLOCKS = 240;
const SWITCH_MINUTE = 100;
const FILE = writeRecordedReserve(BLOCKS + 5, (minute) => (minute < SWITCH_MINUTE ? 0.08 : 0.01));
const SCENARIO = parseScenario(twoMarketScenario(FILE, BLOCKS));
const USDC = 1_000_000n;
const DEPOSIT = 100_000n * USDC;

function options(params: unknown = AGGREGATOR_PARAMS): BacktestOptions<YieldAggregatorParams, YieldAggregatorMemory> {
  return {
    scenario: SCENARIO,
    strategy: yieldAggregator,
    params,
    vault: { numeraire: 'USDC', initialFunding: { USDC: 1_000_000n * USDC, ETH: 10n ** 18n } },
    blocks: BLOCKS,
    seed: 7,
    guards: GUARDS,
    sampleEveryBlocks: 10,
    ownerFlows: [{ afterBlock: 150, amount: DEPOSIT }],
  };
}

const supplyAt = (result: { finalBook: { lending: readonly { market: string; asset: string; supplied: bigint }[] } }, market: string): bigint =>
  result.finalBook.lending.find((p) => p.market === market && p.asset === 'USDC')?.supplied ?? 0n;

describe('yield aggregator backtest (rates cross once)', () => {
  const result = runBacktest(options());

  it('lends to the better market, moves once when the rates cross, and does not churn', () => {
    const intents = result.events.flatMap((e) => (e.type === 'intent' ? [e] : []));
    const firstSupply = intents.find((e) => e.intent.kind === 'supply')!;
    expect(firstSupply.intent).toMatchObject({ market: 'replayed' });
    expect(firstSupply.blockNumber).toBeLessThan(SWITCH_MINUTE);
    // One move, started after the replayed rate fell, from the replayed market to the modelled one.
    expect(result.memory.moves).toBe(1);
    const withdrawals = intents.filter((e) => e.intent.kind === 'withdraw');
    expect(withdrawals).toHaveLength(1);
    expect(withdrawals[0]!.intent).toMatchObject({ market: 'replayed' });
    expect(withdrawals[0]!.timestampSeconds).toBeGreaterThanOrEqual(SCENARIO.chain.genesisTimestampSeconds! + SWITCH_MINUTE * 60);
    expect(supplyAt(result, 'modelled')).toBeGreaterThan(100n * supplyAt(result, 'replayed'));
    expect(result.counters.reverts).toBe(0);
  });

  it('redeploys a deposit (compounding) and keeps the idle buffer', () => {
    const lent = supplyAt(result, 'modelled') + supplyAt(result, 'replayed');
    const idle = result.finalBook.idle['USDC']!;
    // All but the buffer is lent (the deposit included): idle is the buffer up to interest since.
    expect(lent).toBeGreaterThan(1_090_000n * USDC);
    expect(idle * 10_000n).toBeLessThanOrEqual((idle + lent) * BigInt(AGGREGATOR_PARAMS.idleBufferBps) + 10n * USDC * 10_000n);
    expect(idle * 10_000n).toBeGreaterThanOrEqual((idle + lent) * BigInt(AGGREGATOR_PARAMS.idleBufferBps) - 10n * USDC * 10_000n);
  });

  it('earns interest, and the PnL components add up to the NAV change exactly', () => {
    const byName = new Map(result.pnl.components.map((c) => [c.name, c.amount]));
    expect(byName.get('interest')!).toBeGreaterThan(0n);
    expect(byName.get('gas')!).toBeLessThan(0n);
    expect(byName.get('deposits/withdrawals')!).toBe(DEPOSIT);
    expect(result.pnl.components.reduce((sum, c) => sum + c.amount, 0n)).toBe(result.pnl.navChange);
  });

  it('is deterministic: the same seed gives byte-identical JSON', () => {
    expect(backtestResultToJson(runBacktest(options()))).toBe(backtestResultToJson(result));
  });

  it('keeps the books of both markets conserved (replayed yield minted into the venue as it is paid)', () => {
    const simulator = buildSimulator(SCENARIO).simulator;
    const run = runBacktest({ ...options(), scenario: undefined, simulator, tokenDecimals: SCENARIO.tokens });
    expect(run.memory.moves).toBe(1);
    expect(auditConservation(simulator)).toEqual([]);
    expect(simulator.externalYieldPaid('lending-pool:replayed', 'USDC')).toBeGreaterThan(0n);
  });

  it('refuses bad parameters naming params.<field>', () => {
    const bad = (patch: Record<string, unknown>, field: string): void => {
      let error: unknown;
      try {
        runBacktest({ ...options({ ...AGGREGATOR_PARAMS, ...patch }), blocks: 1 });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe(field);
    };
    bad({ minRateGainBps: -1 }, 'params.minRateGainBps');
    bad({ markets: ['replayed'] }, 'params.markets');
    bad({ markets: ['replayed', 'replayed'] }, 'params.markets.1');
    bad({ idleBufferBps: 10_001 }, 'params.idleBufferBps');
    bad({ horizonSeconds: 0 }, 'params.horizonSeconds');
    bad({ assetDecimals: 6.5 }, 'params.assetDecimals');
  });
});
