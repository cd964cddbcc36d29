/**
 * The devnet's Chainlink-compatible feed, the vault's staleness and deviation checks, and the
 * Automation-compatible upkeep: checkUpkeep is true exactly when there is work (fees due, a
 * payable queue head, a failing oracle), and performUpkeep, callable by anyone, does only that
 * work, matches the TypeScript vault doing the same, and changes nothing when called again.
 */
import { decodeAbiParameters, type Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { pushOracleAnswer } from '../../src/chain/deploy-vault.js';
import { ChainRevertError } from '../../src/chain/revert.js';
import { createSeededRandom } from '../../src/math/stats.js';
import { devnetAggregatorAbi } from '../../src/chain/vault-abis.js';
import { both, deployTwin, GUARDIAN, KEEPER, OUTSIDER, OWNER, USERS, type Twin } from './vault-fixture.js';
import { useDevnet } from './helpers.js';

const HEARTBEAT = 3_600;
const MAX_DEVIATION_BPS = 1_000;
const PRICE = 2_000n * 10n ** 8n;
const [ALICE] = USERS;
const eq = <T>(a: T, b: T): void => {
  expect(b).toEqual(a);
};

async function refusal(promise: Promise<unknown>): Promise<ChainRevertError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ChainRevertError) return error;
    throw error;
  }
  throw new Error('expected a revert, the call succeeded');
}

async function push(twin: Twin, answer: bigint, updatedAt: number | bigint): Promise<void> {
  await pushOracleAnswer(twin.clients, twin.deployment.aggregator!, OWNER, answer, BigInt(updatedAt));
}

function actionsOf(performData: `0x${string}`): bigint {
  return decodeAbiParameters([{ type: 'uint256' }], performData)[0];
}

describe('DevnetAggregator and the vault oracle checks', () => {
  const devnet = useDevnet();

  it('serves AggregatorV3Interface rounds the owner pushes; only the owner pushes', async () => {
    const twin = await deployTwin(devnet.current.clients, { oracle: { decimals: 8, heartbeatSeconds: HEARTBEAT, maxDeviationBps: MAX_DEVIATION_BPS } });
    const feed = twin.deployment.aggregator!;
    const read = twin.clients.publicClient;
    await expect(read.readContract({ address: feed, abi: devnetAggregatorAbi, functionName: 'latestRoundData' })).rejects.toThrow(/No data present/);
    await push(twin, PRICE, twin.now - 10);
    await push(twin, PRICE + 1n, twin.now - 5);
    expect(await read.readContract({ address: feed, abi: devnetAggregatorAbi, functionName: 'decimals' })).toBe(8);
    expect(await read.readContract({ address: feed, abi: devnetAggregatorAbi, functionName: 'version' })).toBe(4n);
    expect(await read.readContract({ address: feed, abi: devnetAggregatorAbi, functionName: 'description' })).toBe('devnet / USD');
    expect(await read.readContract({ address: feed, abi: devnetAggregatorAbi, functionName: 'latestRoundData' })).toEqual([2n, PRICE + 1n, BigInt(twin.now - 5), BigInt(twin.now - 5), 2n]);
    expect(await read.readContract({ address: feed, abi: devnetAggregatorAbi, functionName: 'getRoundData', args: [1n] })).toEqual([1n, PRICE, BigInt(twin.now - 10), BigInt(twin.now - 10), 1n]);
    await expect(read.readContract({ address: feed, abi: devnetAggregatorAbi, functionName: 'getRoundData', args: [3n] })).rejects.toThrow(/No data present/);
    await expect(pushOracleAnswer(twin.clients, feed, ALICE, 1n, 1n)).rejects.toThrow();
  });

  it('refuses a stale, future-dated, non-positive or jumping answer, and accepts the boundaries', async () => {
    const twin = await deployTwin(devnet.current.clients, { oracle: { decimals: 8, heartbeatSeconds: HEARTBEAT, maxDeviationBps: MAX_DEVIATION_BPS } });
    const v = twin.deployment.vault;
    const t = twin.now;
    expect((await v.oracleStatus(t)).status).toBe(1); // no round yet: invalid, never a revert
    await push(twin, PRICE, t);
    expect(await v.checkedOracleAnswer(t)).toBe(PRICE);
    expect(await v.checkedOracleAnswer(t + HEARTBEAT)).toBe(PRICE); // exactly one heartbeat old
    expect((await refusal(v.checkedOracleAnswer(t + HEARTBEAT + 1))).reason).toBe('OracleStale');
    // +10 % is the limit itself: accepted; +10.05 % is not.
    await push(twin, (PRICE * 11n) / 10n, t);
    expect(await v.checkedOracleAnswer(t)).toBe((PRICE * 11n) / 10n);
    const jump = (((PRICE * 11n) / 10n) * 11_005n) / 10_000n; // +10.05 % over the round before
    await push(twin, jump, t);
    const deviation = await refusal(v.checkedOracleAnswer(t));
    expect(deviation.reason).toBe('OracleDeviation');
    expect(deviation.args[2]).toBe(((jump - (PRICE * 11n) / 10n) * 10_000n) / ((PRICE * 11n) / 10n));
    await push(twin, jump, t + 100); // dated in the future of the block
    expect((await refusal(v.checkedOracleAnswer(t))).reason).toBe('OracleStale');
    await push(twin, 0n, t);
    expect((await refusal(v.checkedOracleAnswer(t))).reason).toBe('OracleInvalidAnswer');
    await push(twin, -5n, t);
    expect((await refusal(v.checkedOracleAnswer(t))).reason).toBe('OracleInvalidAnswer');
  });
});

/** The guard's rule restated: 1 invalid, 2 stale (future, or older than the heartbeat), 3 jump. */
function expectedStatus(previous: bigint, answer: bigint, ageSeconds: number, maxDeviationBps: number): number {
  if (answer <= 0n) return 1;
  if (ageSeconds < 0 || ageSeconds > HEARTBEAT) return 2;
  if (previous <= 0n) return 0;
  const diff = answer > previous ? answer - previous : previous - answer;
  return (diff * 10_000n) / previous > BigInt(maxDeviationBps) ? 3 : 0;
}

describe('OracleGuard on seeded random rounds', () => {
  const devnet = useDevnet();

  it('status equals the rule restated in TypeScript, boundaries included', async () => {
    const twin = await deployTwin(devnet.current.clients, { oracle: { decimals: 8, heartbeatSeconds: HEARTBEAT, maxDeviationBps: MAX_DEVIATION_BPS } });
    const v = twin.deployment.vault;
    const rng = createSeededRandom(4_242);
    const seen = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const previous = rng.uniform() < 0.1 ? -BigInt(Math.floor(rng.uniform() * 100)) : PRICE;
      // Around the deviation limit (±2 bps) most of the time, anywhere otherwise.
      const bps = rng.uniform() < 0.6 ? MAX_DEVIATION_BPS - 2 + Math.floor(rng.uniform() * 5) : Math.floor(rng.uniform() * 3 * MAX_DEVIATION_BPS);
      const sign = rng.uniform() < 0.5 ? -1n : 1n;
      const answer = rng.uniform() < 0.1 ? 0n : PRICE + (sign * PRICE * BigInt(bps)) / 10_000n;
      const age = [0, HEARTBEAT, HEARTBEAT + 1, -1, Math.floor(rng.uniform() * 2 * HEARTBEAT)][Math.floor(rng.uniform() * 5)]!;
      await push(twin, previous, twin.now);
      await push(twin, answer, twin.now - age);
      const status = (await v.oracleStatus(twin.now)).status;
      expect(status, `previous ${previous} answer ${answer} age ${age}`).toBe(expectedStatus(previous, answer, age, MAX_DEVIATION_BPS));
      seen.add(status);
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });
});

describe('Automation: checkUpkeep / performUpkeep', () => {
  const devnet = useDevnet();

  it('fees: due only after the interval; anyone performs; the same as the TS vault accruing; a second call changes nothing', async () => {
    const twin = await deployTwin(devnet.current.clients, { managementFeeBps: 200, performanceFeeBps: 1_000, feeAccrualIntervalSeconds: 86_400 });
    const v = twin.deployment.vault;
    const { ts } = twin;
    await both('deposit', () => ts.deposit(10n ** 12n, ALICE, twin.now), () => v.deposit(10n ** 12n, ALICE, { from: ALICE, atSeconds: twin.now }), eq);
    expect((await v.checkUpkeep(twin.now + 86_399)).upkeepNeeded).toBe(false);
    twin.now += 86_400;
    const check = await v.checkUpkeep(twin.now);
    expect(check.upkeepNeeded).toBe(true);
    expect(actionsOf(check.performData)).toBe(2n);
    await v.performUpkeep({ from: OUTSIDER, atSeconds: twin.now });
    const accrual = ts.accrueFees(twin.now);
    expect(accrual.feeShares).toBeGreaterThan(0n);
    expect(await v.totalSupply()).toBe(ts.totalSupply);
    expect((await v.checkUpkeep(twin.now)).upkeepNeeded).toBe(false);
    const again = await v.performUpkeep({ from: ALICE, atSeconds: twin.now });
    expect(again.logs).toEqual([]);
    expect(await v.totalSupply()).toBe(ts.totalSupply);
    expect(await v.lastAccrualSeconds()).toBe(BigInt(twin.now));
  });

  it('queue: needed once idle assets can pay the head, served as the TS vault serves it, then nothing left to do', async () => {
    const twin = await deployTwin(devnet.current.clients, { managementFeeBps: 100, feeAccrualIntervalSeconds: 0 });
    const v = twin.deployment.vault;
    const { ts } = twin;
    const at = (from: Address) => ({ from, atSeconds: twin.now });
    await both('deposit', () => ts.deposit(10n ** 12n, ALICE, twin.now), () => v.deposit(10n ** 12n, ALICE, at(ALICE)), eq);
    await both('allocate', () => ts.allocate(9n * 10n ** 11n, twin.now), () => v.allocate(9n * 10n ** 11n, at(KEEPER)), () => undefined);
    const shares = ts.balanceOf(ALICE) / 2n;
    await both('request', () => ts.requestRedeem(shares, ALICE, twin.now), () => v.requestRedeem(shares, at(ALICE)), () => undefined);
    twin.now += 3_600;
    expect((await v.checkUpkeep(twin.now)).upkeepNeeded).toBe(false); // head needs ~5e11, idle is 1e11
    await both('deallocate', () => ts.deallocate(6n * 10n ** 11n, twin.now), () => v.deallocate(6n * 10n ** 11n, at(KEEPER)), () => undefined);
    const check = await v.checkUpkeep(twin.now);
    expect(check.upkeepNeeded).toBe(true);
    expect(actionsOf(check.performData)).toBe(4n);
    // Paused: nothing to do, even with a payable head.
    await v.pause(at(GUARDIAN));
    expect((await v.checkUpkeep(twin.now)).upkeepNeeded).toBe(false);
    expect((await v.performUpkeep(at(OUTSIDER))).logs).toEqual([]);
    await v.unpause(at(OWNER));
    await v.performUpkeep(at(OUTSIDER));
    const served = ts.processQueue(twin.now);
    expect(served).toHaveLength(1);
    expect(await v.pendingRequests()).toEqual([]);
    expect(await v.totalSupply()).toBe(ts.totalSupply);
    expect(await v.idleAssets()).toBe(ts.idleAssets);
    expect((await v.checkUpkeep(twin.now)).upkeepNeeded).toBe(false);
    expect((await v.performUpkeep(at(ALICE))).logs).toEqual([]);
  });

  it('oracle breaker: a stale or jumping feed makes anyone able to pause, once; nothing while paused; cleared by a fresh answer', async () => {
    const twin = await deployTwin(devnet.current.clients, { oracle: { decimals: 8, heartbeatSeconds: HEARTBEAT, maxDeviationBps: MAX_DEVIATION_BPS } });
    const v = twin.deployment.vault;
    await push(twin, PRICE, twin.now);
    expect((await v.checkUpkeep(twin.now)).upkeepNeeded).toBe(false);
    twin.now += HEARTBEAT + 1;
    const check = await v.checkUpkeep(twin.now);
    expect(check.upkeepNeeded).toBe(true);
    expect(actionsOf(check.performData)).toBe(1n);
    await v.performUpkeep({ from: OUTSIDER, atSeconds: twin.now });
    expect(await v.isPaused()).toBe(true);
    expect((await v.checkUpkeep(twin.now)).upkeepNeeded).toBe(false);
    expect((await v.performUpkeep({ from: ALICE, atSeconds: twin.now })).logs).toEqual([]);
    await v.unpause({ from: OWNER, atSeconds: twin.now });
    expect((await v.checkUpkeep(twin.now)).upkeepNeeded).toBe(true); // still stale
    await push(twin, PRICE, twin.now);
    expect((await v.checkUpkeep(twin.now)).upkeepNeeded).toBe(false);
    await push(twin, PRICE * 2n, twin.now); // +100 % in one round
    expect(actionsOf((await v.checkUpkeep(twin.now)).performData)).toBe(1n);
    await v.performUpkeep({ from: OUTSIDER, atSeconds: twin.now });
    expect(await v.isPaused()).toBe(true);
  });
});
