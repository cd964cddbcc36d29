import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../../src/data/project-paths.js';
import { InvalidInputError } from '../../../src/errors.js';
import { buildSimulator, loadScenario, parseScenario, toBaseUnits } from '../../../src/market/scenario/index.js';
import { auditConservation } from '../../../src/market/simulator/index.js';

const examples = join(projectRoot(), 'examples/scenarios');
const gbm = loadScenario(join(examples, 'gbm-eth-usdc.json'));

/** The error parseScenario raises for the example with the value at `path` replaced. */
function errorFor(path: readonly (string | number)[], value: unknown): InvalidInputError {
  const copy = JSON.parse(JSON.stringify(gbm)) as Record<string | number, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  target[path[path.length - 1]!] = value;
  try {
    parseScenario(copy);
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}

describe('parseScenario errors name the field and the value', () => {
  it.each([
    [['agents', 1, 'slippageTolerance'], -1, 'invalid scenario.agents[1].slippageTolerance: -1 (must be >= 0)'],
    [['seed'], 1.5, 'invalid scenario.seed: 1.5 (must be an integer)'],
    [['price', 'model'], 'brownian', 'invalid scenario.price.model: "brownian" (must be one of "gbm", "heston", "merton", "regime", "replay")'],
    [['price', 'volAnnual'], 'high', 'invalid scenario.price.volAnnual: "high" (must be a number)'],
    [['venues', 'pools', 0, 'feePips'], 1e6, 'invalid scenario.venues.pools[0].feePips: 1000000 (must be <= 999999)'],
    [['chain', 'blockSeconds'], 0, 'invalid scenario.chain.blockSeconds: 0 (must be > 0)'],
    [['agents', 3, 'type'], 'whale', 'invalid scenario.agents[3].type: "whale" (must be one of "arbitrageur", "noise", "searcher", "liquidator")'],
    [['agents', 0, 'colour'], 'red', 'invalid scenario.agents[0].colour: "red" (is not a known key (a typo?))'],
    [['agents', 0, 'pool'], 'nope', 'invalid scenario.agents[0].pool: "nope" (is not a pool of the scenario'],
    [['funding', 0, 'token'], 'DAI', 'invalid scenario.funding[0].token: "DAI" (is not declared in scenario.tokens'],
    [['funding', 0, 'amount'], '1e5', 'invalid scenario.funding[0].amount: "1e5"'],
  ] as const)('%#', (path, value, message) => {
    expect(errorFor(path, value).message.startsWith(message)).toBe(true);
  });

  it('refuses an unknown key, naming it', () => {
    const error = errorFor(['blocksPerDay'], 7200);
    expect(error.field).toBe('scenario.blocksPerDay');
    expect(error.value).toBe(7200);
  });

  it('reads files: a missing file and non-JSON are bad input too', () => {
    expect(() => loadScenario(join(examples, 'missing.json'))).toThrow(InvalidInputError);
    expect(() => loadScenario(join(examples, 'README.md'))).toThrow(/is not JSON/);
  });

  it('converts whole-token amounts exactly, refusing more decimals than the token has', () => {
    expect(toBaseUnits('x', '1000.5', 6)).toBe(1_000_500_000n);
    expect(toBaseUnits('x', 0.1, 18)).toBe(100_000_000_000_000_000n);
    expect(() => toBaseUnits('x', '0.0000001', 6)).toThrow('invalid x: "0.0000001"');
  });
});

describe('the example scenarios', () => {
  it('gbm-eth-usdc builds and runs with balanced books', () => {
    const { simulator, agents } = buildSimulator(parseScenario({ ...gbm, blocks: 300 }));
    expect(agents.map((a) => a.name)).toEqual([
      '0:arbitrageur:arbitrageur',
      '1:noise:noise-tight',
      '2:noise:noise-loose',
      '3:searcher:searcher',
      '4:liquidator:liquidator',
    ]);
    const lending = simulator.venues.lending!.market;
    expect(lending.users).toContain('borrower-risky');
    simulator.run(300);
    expect(simulator.blockNumber).toBe(300);
    expect(auditConservation(simulator)).toEqual([]);
  });

  it('replay-eth-hourly follows the file: genesis at its first candle, the close in force at each block', () => {
    const replay = loadScenario(join(examples, 'replay-eth-hourly.json'));
    const { simulator } = buildSimulator(parseScenario({ ...replay, blocks: 400 }));
    const genesis = simulator.view.nowSeconds;
    expect(new Date(genesis * 1000).toISOString()).toBe('2024-01-21T07:00:00.000Z');
    const prices = new Set<number>();
    for (let i = 0; i < 400; i++) prices.add(simulator.step().externalPrice);
    // 400 blocks × 12 s = 80 minutes: the first close, then the second from the hour on.
    expect(prices.size).toBe(2);
    expect(auditConservation(simulator)).toEqual([]);
  });

  it('builds perp and option venues from the config, and their collateral moves through the ledger', () => {
    const { simulator } = buildSimulator(
      parseScenario({
        ...gbm,
        blocks: 50,
        agents: [],
        venues: {
          ...gbm.venues,
          perp: { collateralToken: 'USDC', funding: { model: 'constant', ratePerInterval: 0.0001 }, takerFeeBps: 5 },
          options: { cashToken: 'USDC', underlyingToken: 'WETH', volLevel: 0.7, skew: -0.1 },
        },
        funding: [
          { address: 'trader', token: 'USDC', amount: '100000' },
          { address: 'trader', token: 'ETH', amount: '1' },
        ],
      }),
    );
    const options = simulator.venues.options!.venue;
    expect(options.listedExpiries().length).toBeGreaterThan(0);
    const expirySeconds = options.listedExpiries()[0]!;
    const strike = options.listedStrikes(expirySeconds)[0]!;
    const sent = [
      simulator.submit({ sender: 'trader', maxPriorityFeePerGas: 10n ** 9n, action: { kind: 'perpDeposit', amountUnits: 20_000_000_000n } }),
      simulator.submit({ sender: 'trader', maxPriorityFeePerGas: 10n ** 9n, action: { kind: 'perpTrade', sizeDeltaWei: 10n ** 18n } }),
      simulator.submit({ sender: 'trader', maxPriorityFeePerGas: 10n ** 9n, action: { kind: 'optionDeposit', cashUnits: 20_000_000_000n } }),
      simulator.submit({
        sender: 'trader',
        maxPriorityFeePerGas: 10n ** 9n,
        action: { kind: 'optionTrade', side: 'buy', optionKind: 'put', strike, expirySeconds, sizeWei: 10n ** 18n },
      }),
    ];
    simulator.step();
    for (const { txId } of sent) expect(simulator.receipt(txId)?.status).toBe('success');
    expect(simulator.venues.perp!.market.account('trader').sizeWei).toBe(10n ** 18n);
    expect(simulator.ledger.balanceOf('trader', 'USDC')).toBe(60_000_000_000n);
    simulator.run(49);
    expect(auditConservation(simulator)).toEqual([]);
  });
});

describe('a replayed base-fee history', () => {
  function writeHistory(text: string): string {
    const path = join(mkdtempSync(join(tmpdir(), 'vaultwright-')), 'base-fee.csv');
    writeFileSync(path, text);
    return path;
  }
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

  it('replaces the EIP-1559 rule: each block pays the recorded fee in force at its timestamp', () => {
    const start = gbm.chain.genesisTimestampSeconds!;
    const recorded = [
      [start - 60, 7_000_000_000n],
      [start + 120, 55_000_000_000n],
      [start + 600, 3_000_000_000n],
    ] as const;
    const path = writeHistory(`timestamp,base_fee_wei\n${recorded.map(([t, fee]) => `${iso(t)},${fee}`).join('\n')}\n`);
    const chain = { ...gbm.chain, baseFeeHistory: path, backgroundGas: undefined };
    const { simulator } = buildSimulator(parseScenario({ ...gbm, chain, blocks: 80 }));
    for (let i = 0; i < 80; i++) {
      const block = simulator.step();
      const inForce = [...recorded].reverse().find(([t]) => t <= block.timestampSeconds)!;
      expect(block.baseFeeWei).toBe(inForce[1]);
    }
    expect(auditConservation(simulator)).toEqual([]);
  });

  it('refuses a malformed history, naming the line and column, and refuses background gas beside it', () => {
    const bad = writeHistory('timestamp,base_fee_wei\n2023-11-14T22:00:00Z,12.5\n');
    const chain = { ...gbm.chain, baseFeeHistory: bad, backgroundGas: undefined };
    expect(() => buildSimulator(parseScenario({ ...gbm, chain }))).toThrow(`${bad}:2 column base_fee_wei`);
    const both = { ...gbm.chain, baseFeeHistory: bad, backgroundGas: {} };
    expect(() => parseScenario({ ...gbm, chain: both })).toThrow('invalid scenario.chain.backgroundGas');
  });
});
