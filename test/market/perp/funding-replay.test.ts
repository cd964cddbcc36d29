import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/data/project-paths.js';
import { InvalidInputError } from '../../../src/errors.js';
import { loadExchangeFunding, loadHyperliquidFunding } from '../../../src/market/feeds/funding.js';
import { loadFundingReplay, snapToInterval } from '../../../src/market/perp/funding-history.js';
import { buildSimulator } from '../../../src/market/scenario/build.js';
import { parseScenario } from '../../../src/market/scenario/parse.js';
import { GBM } from '../../engine/test-strategies.js';

const HYPERLIQUID = 'data/funding/hyperliquid_eth_btc_funding_1h_2024-01-01_2025-12-28.csv';
const BINANCE = 'data/funding/binance_ethusdt_perp_funding_8h_2020-01-01_2023-12-31.csv';
const DYDX = 'data/funding/dydx_v3_ethusd_perp_funding_1h_2022-01-01_2023-12-31.csv';
const at = (file: string): string => join(projectRoot(), file);
const utc = (text: string): number => Date.parse(`${text}Z`) / 1000;

function scenarioWith(funding: unknown, genesis?: number): unknown {
  const { chain, ...rest } = GBM;
  return {
    ...rest,
    chain: { ...chain, ...(genesis === undefined ? {} : { genesisTimestampSeconds: genesis }) },
    venues: { ...GBM.venues, perp: { collateralToken: 'USDC', funding } },
  };
}

function fieldOf(thunk: () => unknown): string {
  try {
    thunk();
  } catch (error) {
    if (error instanceof InvalidInputError) return error.field;
    throw error;
  }
  throw new Error('did not throw');
}

describe('funding replay: loader', () => {
  it('snaps the Hyperliquid rows stamped off the hour onto it, keeping their rates and every other row', () => {
    const replay = loadFundingReplay(at(HYPERLIQUID), { intervalSeconds: 3600, asset: 'ETH' });
    const raw = loadHyperliquidFunding(at(HYPERLIQUID)).get('ETH')!;
    expect(replay.length).toBe(raw.timestampSeconds.length);
    // the file says 2025-07-27 12:01:50 for ETH at 3.15059e-05
    const [late] = replay.settlementsBetween(utc('2025-07-27T11:30:00'), utc('2025-07-27T12:30:00'));
    expect(late).toEqual({ timeSeconds: utc('2025-07-27T12:00:00'), ratePerInterval: 3.15059e-5 });
    let offGrid = 0;
    for (let i = 0; i < raw.timestampSeconds.length; i++) if (raw.timestampSeconds[i]! % 3600 !== 0) offGrid++;
    expect(offGrid).toBeGreaterThan(0);
    // every replayed settlement is on the grid, and the rates are the file's, in order
    const all = replay.settlementsBetween(-Infinity, Infinity);
    expect(all.every((s) => s.timeSeconds % 3600 === 0)).toBe(true);
    expect(all.map((s) => s.ratePerInterval)).toEqual([...raw.fundingRate]);
  });

  it('replays the exchange exports (Binance 8 h, dYdX 1 h) row for row', () => {
    for (const [file, interval] of [[BINANCE, 28_800], [DYDX, 3_600]] as const) {
      const replay = loadFundingReplay(at(file), { intervalSeconds: interval });
      const raw = loadExchangeFunding(at(file));
      const all = replay.settlementsBetween(-Infinity, Infinity);
      expect(all.map((s) => s.timeSeconds)).toEqual([...raw.timestampSeconds]);
      expect(all.map((s) => s.ratePerInterval)).toEqual([...raw.fundingRate]);
    }
  });

  it('refuses a row off the grid beyond the tolerance, two rows on one settlement, and a wrong asset choice', () => {
    expect(() => snapToInterval('f', [0, 3600 + 400], 3600, 300)).toThrow(/400 s off/);
    expect(() => snapToInterval('f', [3600, 3601], 3600, 300)).toThrow(/same 3600 s settlement/);
    expect([...snapToInterval('f', [3599, 7201], 3600, 300)]).toEqual([3600, 7200]);
    expect(fieldOf(() => loadFundingReplay(at(HYPERLIQUID), { intervalSeconds: 3600 }))).toBe('asset');
    expect(() => loadFundingReplay(at(HYPERLIQUID), { intervalSeconds: 3600, asset: 'SOL' })).toThrow(/BTC, ETH/);
    expect(fieldOf(() => loadFundingReplay(at(BINANCE), { intervalSeconds: 28_800, asset: 'ETH' }))).toBe('asset');
    // Binance's 8 h rows are 8 h apart: on a 1 h grid they are fine, on a 7 h grid they are not
    expect(() => loadFundingReplay(at(BINANCE), { intervalSeconds: 25_200 })).toThrow(/funding grid/);
  });
});

describe('funding replay: scenario', () => {
  const replay = { model: 'replay', file: HYPERLIQUID, intervalSeconds: 3600, asset: 'ETH' };

  it('names the field of a bad replay config', () => {
    expect(fieldOf(() => parseScenario(scenarioWith({ model: 'replay', intervalSeconds: 3600 })))).toBe('scenario.venues.perp.funding.file');
    expect(fieldOf(() => parseScenario(scenarioWith({ ...replay, intervalSeconds: 0 })))).toBe('scenario.venues.perp.funding.intervalSeconds');
    expect(fieldOf(() => parseScenario(scenarioWith({ ...replay, intervalSeconds: 1.5 })))).toBe('scenario.venues.perp.funding.intervalSeconds');
    expect(fieldOf(() => parseScenario(scenarioWith({ ...replay, asset: 'eth' })))).toBe('scenario.venues.perp.funding.asset');
    expect(fieldOf(() => parseScenario(scenarioWith({ ...replay, rate: 1 })))).toBe('scenario.venues.perp.funding.rate');
    expect(fieldOf(() => buildSimulator(parseScenario(scenarioWith({ ...replay, file: 'data/funding/nope.csv' }))))).toBe('scenario.venues.perp.funding.file');
    expect(fieldOf(() => buildSimulator(parseScenario(scenarioWith({ ...replay, asset: 'SOL' }))))).toBe('scenario.venues.perp.funding.asset');
    const { asset: _asset, ...noAsset } = replay;
    expect(fieldOf(() => buildSimulator(parseScenario(scenarioWith(noAsset))))).toBe('scenario.venues.perp.funding.asset');
  });

  it('a short held through the replay is paid exactly the file\'s rates at the index, hour by hour', () => {
    // 2024-03-01 00:00 UTC; 12-second blocks, two hours
    const genesis = utc('2024-03-01T00:00:00');
    const { simulator } = buildSimulator(parseScenario({ ...(scenarioWith(replay, genesis) as object), blocks: 700 }));
    simulator.fund('trader', 'USDC', 100_000_000_000n);
    simulator.fund('trader', 'ETH', 10n ** 18n);
    simulator.submit({ sender: 'trader', maxPriorityFeePerGas: 10n ** 9n, action: { kind: 'perpDeposit', amountUnits: 50_000_000_000n } });
    simulator.submit({ sender: 'trader', maxPriorityFeePerGas: 10n ** 9n, action: { kind: 'perpTrade', sizeDeltaWei: -(10n ** 18n) } });
    const market = simulator.venues.perp!.market;
    const history = loadFundingReplay(at(HYPERLIQUID), { intervalSeconds: 3600, asset: 'ETH' });
    let expected = 0n;
    let settlements = 0;
    let opened = false;
    for (let i = 0; i < 650; i++) {
      const before = simulator.view.blockTimestampSeconds;
      const index = opened ? market.indexPrice() : 0;
      simulator.step();
      const after = simulator.view.blockTimestampSeconds;
      if (opened) {
        for (const s of history.settlementsBetween(before, after)) {
          settlements++;
          // a short receives a positive rate: rate × index × 1 ETH in USDC base units, rounded for the venue
          const value = s.ratePerInterval * index * 1e6;
          expected -= s.ratePerInterval > 0 ? BigInt(Math.floor(value + 1e-9)) : -BigInt(Math.ceil(-value - 1e-9));
        }
      }
      if (market.hasAccount('trader') && market.account('trader').sizeWei !== 0n) opened = true;
    }
    const paid = market.account('trader').fundingPaidUnits;
    expect(opened).toBe(true);
    expect(settlements).toBe(2);
    expect(paid).not.toBe(0n);
    // exact to a base unit per settlement (the venue rounds through money.ts)
    const diff = paid - expected;
    expect(diff >= -2n && diff <= 2n).toBe(true);
  });
});
