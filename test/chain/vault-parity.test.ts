/**
 * The Solidity Vault against the TypeScript vault, to the wei: seeded random sequences of
 * deposits, mints, withdrawals, redemptions (instant and queued), queue processing and
 * cancelling, fee accruals over time, strategy gains and losses, allocations, donations, cap and
 * fee changes, pause, upkeep, allowlist changes (every other run), and deliberate refusals, applied to both at equal timestamps.
 * After every step every return value and every view (previews, max*, conversions, totals,
 * balances, fees pending, the queue) must be equal; a refusal must be refused by both with the
 * corresponding reason.
 *
 * VAULT_PARITY_SEED=<n> replays one seed; VAULT_PARITY_RUNS and VAULT_PARITY_STEPS make longer
 * runs (default 3 × 100 steps, about 15 s).
 */
import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { readVaultEvents } from '../../src/chain/chain-vault.js';
import { createSeededRandom, type SeededRandom } from '../../src/math/stats.js';
import { Allowlist, UINT256_MAX, type FeeConfig } from '../../src/vault/index.js';
import { both, deployTwin, donate, FEE_RECIPIENT, GUARDIAN, KEEPER, OWNER, setListed, USERS, type Twin } from './vault-fixture.js';
import { useDevnet } from './helpers.js';

const RUNS = Number(process.env.VAULT_PARITY_RUNS ?? 3);
const STEPS = Number(process.env.VAULT_PARITY_STEPS ?? 100);
const BASE_SEED = Number(process.env.VAULT_PARITY_SEED ?? 20_260_701);
const UPKEEP_MAX_REQUESTS = 20;
/** Well inside every actor's funding (vault-fixture FUNDING). */
const WALLET_LIMIT = 10n ** 27n;
const ACTORS: readonly Address[] = [...USERS, FEE_RECIPIENT];

const KINDS = [
  ['deposit', 10], ['mint', 6], ['withdraw', 6], ['redeem', 6], ['request', 9], ['process', 6], ['cancel', 3],
  ['report', 6], ['allocate', 5], ['deallocate', 4], ['time', 8], ['accrue', 3], ['donate', 2], ['upkeep', 3],
  ['cap', 2], ['pause', 1], ['unpause', 6], ['feeConfig', 1],
  ['depositOver', 1], ['withdrawOver', 1], ['redeemOver', 1], ['requestOver', 1], ['allocateOver', 1],
  ['deallocateOver', 1], ['cancelForeign', 1], ['list', 5],
] as const;
type Kind = (typeof KINDS)[number][0];
const TOTAL_WEIGHT = KINDS.reduce((s, [, w]) => s + w, 0);

function pickKind(rng: SeededRandom): Kind {
  let x = rng.uniform() * TOTAL_WEIGHT;
  for (const [kind, w] of KINDS) {
    x -= w;
    if (x < 0) return kind;
  }
  return 'deposit';
}
const int = (rng: SeededRandom, n: number): number => Math.floor(rng.uniform() * n);
/** Amounts across scales: dust, ordinary, whale, 18-decimal whale. */
function amount(rng: SeededRandom): bigint {
  const scale = [10n ** 3n, 10n ** 9n, 10n ** 13n, 10n ** 21n][int(rng, 4)]!;
  return (scale * BigInt(int(rng, 1_000_001))) / 1_000_000n;
}
/** A fraction of `x`, sometimes exactly all of it. */
function part(rng: SeededRandom, x: bigint): bigint {
  if (rng.uniform() < 0.15) return x;
  return (x * BigInt(int(rng, 1_000_001))) / 1_000_000n;
}
const eq = <T>(a: T, b: T): void => {
  expect(b).toEqual(a);
};

async function compareState(twin: Twin, label: string): Promise<void> {
  const { ts, now } = twin;
  const v = twin.deployment.vault;
  const probes = [0n, 1n, 999n, 10n ** 12n];
  const [totals, perActor, previews, queue] = await Promise.all([
    Promise.all([
      v.totalAssets(now), v.totalSupply(now), v.idleAssets(now), v.deployedAssets(now), v.lockedShares(now),
      v.reservedAssets(now), v.availableAssets(now), v.pendingFeeShares(now), v.pricePerShareWad(now),
      v.highWaterMarkWad(now), v.lastAccrualSeconds(now), v.isPaused(now), v.depositCapAssets(now),
    ]),
    Promise.all(ACTORS.map((a) => Promise.all([v.balanceOf(a, now), v.maxDeposit(a, now), v.maxMint(a, now), v.maxWithdraw(a, now), v.maxRedeem(a, now)]))),
    Promise.all(probes.map((x) => Promise.all([v.previewDeposit(x, now), v.previewMint(x, now), v.previewWithdraw(x, now), v.previewRedeem(x, now), v.convertToShares(x, now), v.convertToAssets(x, now)]))),
    v.pendingRequests(now),
  ]);
  expect(totals, `${label}: totals`).toEqual([
    ts.totalAssets, ts.totalSupply, ts.idleAssets, ts.deployedAssets, ts.lockedShares,
    ts.reservedAssets(now), ts.availableAssets(now), ts.pendingFees(now).feeShares, ts.pricePerShareWad(now),
    ts.highWaterMarkWad, BigInt(ts.lastAccrualSeconds), ts.isPaused, ts.depositCapAssets,
  ]);
  expect(perActor, `${label}: balances and max*`).toEqual(
    ACTORS.map((a) => [ts.balanceOf(a), ts.maxDeposit(a, now), ts.maxMint(a, now), ts.maxWithdraw(a, now), ts.maxRedeem(a, now)]),
  );
  expect(previews, `${label}: previews`).toEqual(
    probes.map((x) => [ts.previewDeposit(x, now), ts.previewMint(x, now), ts.previewWithdraw(x, now), ts.previewRedeem(x, now), ts.convertToShares(x, now), ts.convertToAssets(x, now)]),
  );
  expect(queue, `${label}: queue`).toEqual(
    ts.pendingRequests().map((r) => ({ requestId: BigInt(r.requestId), owner: r.owner, shares: r.shares, requestedAtSeconds: BigInt(r.requestedAtSeconds) })),
  );
}

/** What the contract's upkeep does, in TypeScript: the same conditions, then the same verbs. */
function tsUpkeep(twin: Twin, intervalSeconds: number): boolean {
  const { ts, now } = twin;
  if (ts.isPaused) return false;
  const feesDue = intervalSeconds > 0 && now - ts.lastAccrualSeconds >= intervalSeconds && ts.pendingFees(now).feeShares > 0n;
  const head = ts.pendingRequests()[0];
  const queueDue = head !== undefined && ts.convertToAssets(head.shares, now) <= ts.idleAssets;
  if (!feesDue && !queueDue) return false;
  ts.accrueFees(now);
  if (queueDue) ts.processQueue(now, UPKEEP_MAX_REQUESTS);
  return true;
}

async function step(twin: Twin, rng: SeededRandom, kind: Kind, counts: Map<string, number>, intervalSeconds: number, allowlist: Allowlist): Promise<void> {
  const { ts } = twin;
  const v = twin.deployment.vault;
  const now = twin.now;
  const at = { atSeconds: now };
  const actor = ACTORS[int(rng, ACTORS.length)]!;
  const as = (from: Address) => ({ ...at, from });
  const count = (outcome: { ok: boolean }): void => {
    const key = `${kind}:${outcome.ok ? 'ok' : 'refused'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  const label = `${kind} at ${now}`;
  switch (kind) {
    case 'deposit': case 'depositOver': {
      const max = ts.maxDeposit(actor, now);
      let assets = amount(rng);
      if (kind === 'depositOver') {
        if (max === UINT256_MAX) return;
        assets = max + 1n;
      } else if (assets > max) assets = max;
      count(await both(label, () => ts.deposit(assets, actor, now), () => v.deposit(assets, actor, as(actor)), eq));
      return;
    }
    case 'mint': {
      const max = ts.maxMint(actor, now);
      const shares = amount(rng) * 10n ** 6n;
      let s = shares < max ? shares : max;
      // src/vault has no wallets: keep the price of the mint within what the actor holds.
      if (ts.previewMint(s, now) > WALLET_LIMIT) s = ts.convertToShares(WALLET_LIMIT, now);
      count(await both(label, () => ts.mint(s, actor, now), () => v.mint(s, actor, as(actor)), eq));
      return;
    }
    case 'withdraw': case 'withdrawOver': {
      const max = ts.maxWithdraw(actor, now);
      const assets = kind === 'withdrawOver' ? max + 1n : part(rng, max);
      count(await both(label, () => ts.withdraw(assets, actor, actor, now), () => v.withdraw(assets, actor, actor, as(actor)), eq));
      return;
    }
    case 'redeem': case 'redeemOver': {
      const max = ts.maxRedeem(actor, now);
      const shares = kind === 'redeemOver' ? max + 1n : part(rng, max);
      count(await both(label, () => ts.redeem(shares, actor, actor, now), () => v.redeem(shares, actor, actor, as(actor)), eq));
      return;
    }
    case 'request': case 'requestOver': {
      const balance = ts.balanceOf(actor) + (actor === FEE_RECIPIENT ? ts.pendingFees(now).feeShares : 0n);
      const shares = kind === 'requestOver' ? balance + 1n : part(rng, balance);
      if (shares === 0n) return; // zero is malformed input in TS (InvalidInputError), VaultZeroShares on chain
      count(await both(label, () => ts.requestRedeem(shares, actor, now), () => v.requestRedeem(shares, as(actor)), (t, c) => {
        expect(c).toEqual({ requestId: BigInt(t.requestId), owner: t.owner, shares: t.shares, requestedAtSeconds: BigInt(t.requestedAtSeconds) });
      }));
      return;
    }
    case 'process': {
      const max = rng.uniform() < 0.3 ? 1 + int(rng, 3) : undefined;
      count(await both(label, () => ts.processQueue(now, max), () => v.processQueue(max === undefined ? UINT256_MAX : BigInt(max), as(KEEPER)), (t, c) => {
        expect(c).toEqual(t.map(({ request, assets }) => ({ requestId: BigInt(request.requestId), owner: request.owner, shares: request.shares, assets })));
      }));
      return;
    }
    case 'cancel': case 'cancelForeign': {
      const pending = ts.pendingRequests();
      const request = pending[int(rng, Math.max(1, pending.length))];
      if (request === undefined) {
        // An id never issued, or already served or cancelled.
        const id = int(rng, 3) + 1;
        count(await both(label, () => ts.cancelRequest(id, actor, now), () => v.cancelRequest(BigInt(id), as(actor)), () => undefined));
        return;
      }
      const caller = kind === 'cancelForeign' ? ACTORS.find((a) => a !== request.owner)! : (request.owner as Address);
      count(await both(label, () => ts.cancelRequest(request.requestId, caller, now), () => v.cancelRequest(BigInt(request.requestId), as(caller)), () => undefined));
      return;
    }
    case 'report': {
      const deployed = ts.deployedAssets;
      const changeBps = BigInt(int(rng, 6_001) - 3_000);
      const next = deployed + (deployed * changeBps) / 10_000n + (rng.uniform() < 0.1 ? amount(rng) : 0n);
      count(await both(label, () => ts.reportStrategyAssets(next, now), () => v.reportStrategyAssets(next, as(KEEPER)), () => undefined));
      return;
    }
    case 'allocate': case 'allocateOver': {
      const available = ts.availableAssets(now);
      const assets = kind === 'allocateOver' ? available + 1n : part(rng, available);
      count(await both(label, () => ts.allocate(assets, now), () => v.allocate(assets, as(KEEPER)), () => undefined));
      return;
    }
    case 'deallocate': case 'deallocateOver': {
      const deployed = ts.deployedAssets;
      const assets = kind === 'deallocateOver' ? deployed + 1n : part(rng, deployed);
      count(await both(label, () => ts.deallocate(assets, now), () => v.deallocate(assets, as(KEEPER)), () => undefined));
      return;
    }
    case 'time': {
      const r = rng.uniform();
      twin.now += r < 0.3 ? 0 : r < 0.6 ? 1 + int(rng, 600) : r < 0.9 ? int(rng, 10 * 86_400) : int(rng, 120 * 86_400);
      count({ ok: true });
      return;
    }
    case 'accrue':
      count(await both(label, () => ts.accrueFees(now), () => v.accrueFees(as(KEEPER)), (t, c) => {
        expect(c).toEqual({ managementFeeAssets: t.managementFeeAssets, performanceFeeAssets: t.performanceFeeAssets, feeShares: t.feeShares, highWaterMarkWad: t.highWaterMarkWad });
      }));
      return;
    case 'donate': {
      const assets = amount(rng);
      ts.donate(assets, now);
      await donate(twin, actor, assets);
      count({ ok: true });
      return;
    }
    case 'upkeep': {
      const check = await v.checkUpkeep(now);
      // Upkeep is needed exactly when the TS twin finds work (fees due or a payable head).
      expect(check.upkeepNeeded, label).toBe(tsUpkeep(twin, intervalSeconds));
      await v.performUpkeep(as(USERS[int(rng, USERS.length)]!));
      count({ ok: check.upkeepNeeded });
      return;
    }
    case 'cap': {
      const cap = rng.uniform() < 0.3 ? null : ts.totalAssets + amount(rng) - (rng.uniform() < 0.3 ? amount(rng) : 0n);
      const c = cap !== null && cap < 0n ? 0n : cap;
      ts.setDepositCap(c, now);
      await v.setDepositCap(c, as(OWNER));
      count({ ok: true });
      return;
    }
    case 'pause':
      ts.pause(now);
      await v.pause(as(GUARDIAN));
      count({ ok: true });
      return;
    case 'unpause':
      ts.unpause(now);
      await v.unpause(as(OWNER));
      count({ ok: true });
      return;
    case 'list': {
      // Runs without a policy skip this; with one, list or unlist an actor on both sides.
      if (twin.deployment.policy === null) return;
      const listed = rng.uniform() < 0.5;
      if (listed) allowlist.allow(actor);
      else allowlist.revoke(actor);
      await setListed(twin, actor, listed);
      count({ ok: listed });
      return;
    }
    case 'feeConfig': {
      const config: FeeConfig = { managementFeeBps: int(rng, 1_001), performanceFeeBps: int(rng, 5_001), feeRecipient: FEE_RECIPIENT };
      count(await both(label, () => ts.setFeeConfig(config, now), () => v.setFeeConfig(config, as(OWNER)), () => undefined));
      return;
    }
  }
}

describe('Solidity Vault = TypeScript vault, to the wei', () => {
  const devnet = useDevnet();

  for (let run = 0; run < RUNS; run++) {
    const seed = BASE_SEED + run;
    it(`seed ${seed}: ${STEPS} random steps, every result and view equal after each`, async () => {
      const rng = createSeededRandom(seed);
      const managementFeeBps = int(rng, 1_001);
      const performanceFeeBps = int(rng, 5_001);
      const decimalsOffset = [0, 3, 6, 12][int(rng, 4)]!;
      const intervalSeconds = [0, 3_600, 86_400][int(rng, 3)]!;
      const withAllowlist = run % 2 === 1;
      const twin = await deployTwin(devnet.current.clients, {
        managementFeeBps, performanceFeeBps, decimalsOffset, feeAccrualIntervalSeconds: intervalSeconds,
        depositCapAssets: rng.uniform() < 0.5 ? null : 10n ** 14n,
        allowlist: withAllowlist,
      });
      // With a policy, both vaults start with every actor listed; 'list' steps change that.
      const allowlist = new Allowlist(ACTORS);
      if (withAllowlist) {
        twin.ts.setAccessPolicy(allowlist.policy);
        for (const actor of ACTORS) await setListed(twin, actor, true);
      }
      console.log(JSON.stringify({ seed, managementFeeBps, performanceFeeBps, decimalsOffset, intervalSeconds, withAllowlist }));
      expect(await twin.deployment.vault.decimals()).toBe(twin.ts.decimals);
      await compareState(twin, 'initial');
      const counts = new Map<string, number>();
      const gas = new Map<string, number>();
      for (let i = 0; i < STEPS; i++) {
        const kind = pickKind(rng);
        const before = twin.deployment.vault.lastReceipt;
        await step(twin, rng, kind, counts, intervalSeconds, allowlist);
        const after = twin.deployment.vault.lastReceipt;
        if (after !== undefined && after !== before) gas.set(kind, Math.max(gas.get(kind) ?? 0, Number(after.gasUsed)));
        await compareState(twin, `seed ${seed} step ${i} (${kind})`);
      }
      console.log(JSON.stringify({ seed, outcomes: Object.fromEntries([...counts].sort()) }));
      // The logs mirror src/vault's events one for one, in order, with the same amounts and times
      // (the constructor's FeeConfigChanged and donations, which run no vault code, aside).
      const chainEvents = await readVaultEvents(twin.clients, twin.deployment.vaultAddress, twin.deployment.deployedAtBlock + 1n);
      expect(chainEvents.length).toBeGreaterThan(STEPS / 4);
      expect(chainEvents).toEqual(twin.ts.events().filter((e) => e.type !== 'Donated'));
      console.log(JSON.stringify({ seed, maxGasByVerb: Object.fromEntries([...gas].sort()) }));
      // The run reached real states: value went in and came out.
      expect((counts.get('deposit:ok') ?? 0) + (counts.get('mint:ok') ?? 0)).toBeGreaterThan(0);
      expect((counts.get('withdraw:ok') ?? 0) + (counts.get('redeem:ok') ?? 0) + (counts.get('request:ok') ?? 0)).toBeGreaterThan(0);
    });
  }
});
