/** Two-market fixtures for the yield aggregator's tests: a recorded-rate file written on the fly and a scenario around it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScenarioInput } from '../../src/market/scenario/schema.js';

export const GENESIS_SECONDS = 1_700_000_040;
const RAY = 10n ** 27n;
const YEAR = 365n * 86_400n;

const rayDecimal = (ray: bigint): string => `${ray / RAY}.${(ray % RAY).toString().padStart(27, '0')}`;
const isoMinute = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');

/**
 * An Aave-format reserve history, one row a minute from genesis: the supply rate `rates[i]`
 * (decimal) holds for minutes [switches[i], switches[i + 1]); the index grows by that rate.
 */
export function writeRecordedReserve(minutes: number, rateAt: (minute: number) => number): string {
  const lines = ['block_timestamp,liquidity_rate,stable_borrow_rate,variable_borrow_rate,liquidity_index,variable_borrow_index'];
  let index = RAY;
  for (let minute = 0; minute <= minutes; minute++) {
    const rateRay = BigInt(Math.round(rateAt(minute) * 1e9)) * 10n ** 18n;
    const borrowRay = (rateRay * 5n) / 4n;
    lines.push(`${isoMinute(GENESIS_SECONDS + minute * 60)},${rayDecimal(rateRay)},0,${rayDecimal(borrowRay)},${rayDecimal(index)},1.0`);
    index += (index * rateRay * 60n) / (YEAR * RAY);
  }
  const dir = mkdtempSync(join(tmpdir(), 'vaultwright-ya-'));
  const file = join(dir, 'reserve.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const usdcReserve = {
  symbol: 'USDC',
  ltvBps: 7700,
  liquidationThresholdBps: 8000,
  liquidationBonusBps: 10450,
  reserveFactorBps: 1000,
  liquidationProtocolFeeBps: 1000,
};

/**
 * "replayed": USDC at the recorded rates of `file` (50M of other suppliers for cash); "modelled":
 * an Aave-style USDC market at 75 % utilization (about 4.4 % supply APR before the vault arrives).
 */
export function twoMarketScenario(file: string, blocks: number): ScenarioInput {
  return {
    name: 'yield-aggregator-two-markets',
    seed: 1,
    blocks,
    chain: { blockSeconds: 60, genesisTimestampSeconds: GENESIS_SECONDS, initialBaseFeeGwei: 0.05, backgroundGas: { targetFraction: 0.5 } },
    tokens: { ETH: 18, WETH: 18, USDC: 6 },
    price: { model: 'gbm', initialPrice: 2000, volAnnual: 0.5 },
    venues: {
      lending: [
        {
          id: 'replayed',
          reserves: [{ ...usdcReserve, replay: { file } }],
          suppliers: [{ address: 'replayed-suppliers', asset: 'USDC', amount: '50000000' }],
        },
        {
          id: 'modelled',
          reserves: [
            { ...usdcReserve, rateStrategy: { optimalUsageRatioBps: 8000, baseVariableBorrowRateBps: 0, variableRateSlope1Bps: 700, variableRateSlope2Bps: 7500 } },
            {
              symbol: 'WETH',
              ltvBps: 8000,
              liquidationThresholdBps: 8250,
              liquidationBonusBps: 10500,
              reserveFactorBps: 1500,
              liquidationProtocolFeeBps: 1000,
              rateStrategy: { optimalUsageRatioBps: 8000, baseVariableBorrowRateBps: 0, variableRateSlope1Bps: 330, variableRateSlope2Bps: 8000 },
            },
          ],
          suppliers: [{ address: 'modelled-suppliers', asset: 'USDC', amount: '20000000' }],
          borrowers: [{ address: 'modelled-borrower', collateralAsset: 'WETH', collateralAmount: '14000', debtAsset: 'USDC', debtAmount: '15000000' }],
        },
      ],
    },
    oracles: [
      { asset: 'WETH', source: 'external', heartbeatSeconds: 3600, deviationThresholdBps: 50 },
      { asset: 'USDC', source: 1, heartbeatSeconds: 86400 },
    ],
  };
}

export const AGGREGATOR_PARAMS = {
  asset: 'USDC',
  markets: ['replayed', 'modelled'],
  assetDecimals: 6,
  minRateGainBps: 50,
  horizonSeconds: 21_600,
  gasCostMultiple: 2,
  minMoveAmount: 10_000,
  idleBufferBps: 50,
};
