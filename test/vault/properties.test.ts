/**
 * Property tests over random sequences of deposits, mints, withdrawals, redeems, queue requests,
 * processing and cancels, strategy allocations, gains and losses, donations, time and fee
 * accruals (test/vault/model.ts), seeded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Vault, VaultError, type VaultErrorCode } from '../../src/vault/index.js';
import {
  ACTORS,
  applyOp,
  FEE_RECIPIENT,
  feeConfigArbitrary,
  opArbitrary,
  replayEvents,
  scale,
  sum,
  fraction,
  type Op,
  type Run,
} from './model.js';

const configArbitrary = fc.record({
  decimalsOffset: fc.constantFrom(0, 3, 6),
  fees: feeConfigArbitrary,
  depositCapAssets: fc.option(fc.bigInt({ min: 10n ** 6n, max: 10n ** 14n }), { nil: null }),
});
type Config = { decimalsOffset: number; fees: Vault['fees']; depositCapAssets: bigint | null };

function newRun(config: Config): Run {
  return { vault: new Vault({ assetDecimals: 6, ...config }), nowSeconds: 0 };
}

function runOps(config: Config, ops: readonly Op[]): Run {
  const run = newRun(config);
  for (const op of ops) applyOp(run, op);
  return run;
}

const HOLDERS = [...ACTORS, FEE_RECIPIENT];

function expectCode(fn: () => unknown, code: VaultErrorCode): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('vault invariants over random operation sequences', () => {
  it('supply = Σ balances + locked; assets = idle + deployed; rounding favours the vault; the log reconciles', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(configArbitrary, fc.array(opArbitrary(), { minLength: 1, maxLength: 60, size: 'max' }), (config, ops) => {
        const run = newRun(config);
        const { vault } = run;
        for (const op of ops) {
          const reservedBefore = vault.reservedAssets(run.nowSeconds);
          const idleBefore = vault.idleAssets;
          applyOp(run, op);
          const now = run.nowSeconds;
          const holders = vault.holders();
          expect(vault.totalSupply).toBe(sum(holders.values()) + vault.lockedShares);
          expect(vault.lockedShares).toBe(sum(vault.pendingRequests().map((r) => r.shares)));
          expect(vault.totalAssets).toBe(vault.idleAssets + vault.deployedAssets);
          expect(vault.idleAssets >= 0n && vault.deployedAssets >= 0n).toBe(true);
          for (const balance of holders.values()) expect(balance >= 0n).toBe(true);
          // Everything the shares can claim, each claim rounded as the vault rounds it, fits in the vault.
          const pendingFee = vault.pendingFees(now).feeShares;
          const claims = [...holders].map(([who, shares]) =>
            vault.convertToAssets(shares + (who === FEE_RECIPIENT ? pendingFee : 0n), now),
          );
          const queueClaims = vault.pendingRequests().map((r) => vault.convertToAssets(r.shares, now));
          expect(sum(claims) + sum(queueClaims) <= vault.totalAssets).toBe(true);
          // A ledger reading only the events rebuilds the books.
          const ledger = replayEvents(vault.events());
          expect(ledger.totalSupply).toBe(vault.totalSupply);
          expect(ledger.lockedShares).toBe(vault.lockedShares);
          expect(ledger.idleAssets).toBe(vault.idleAssets);
          expect(ledger.deployedAssets).toBe(vault.deployedAssets);
          for (const [who, shares] of holders) expect(ledger.balances.get(who) ?? 0n).toBe(shares);
          if (op.kind === 'process') expect(idleBefore - vault.idleAssets <= reservedBefore).toBe(true);
        }
        for (const event of vault.events()) seen.set(event.type, (seen.get(event.type) ?? 0) + 1);
      }),
      { seed: 51, numRuns: 150 },
    );
    // The sequences reach every kind of state change, many times.
    for (const type of ['Deposit', 'Withdraw', 'FeesAccrued', 'RedeemRequested', 'RedeemProcessed', 'RedeemCancelled', 'StrategyReported', 'Allocated', 'Deallocated', 'Donated']) {
      expect(seen.get(type) ?? 0, type).toBeGreaterThan(25);
    }
  });

  it('the queue is served FIFO, within what was reserved for it, and fully once every asset is idle', () => {
    fc.assert(
      fc.property(configArbitrary, fc.array(opArbitrary(), { minLength: 1, maxLength: 60, size: 'max' }), (config, ops) => {
        const run = runOps(config, ops);
        const { vault } = run;
        const pending = vault.pendingRequests();
        const reserved = vault.reservedAssets(run.nowSeconds);
        vault.deallocate(vault.deployedAssets, run.nowSeconds);
        const idleBefore = vault.idleAssets;
        const served = vault.processQueue(run.nowSeconds);
        const paid = sum(served.map((s) => s.assets));
        expect(paid).toBe(idleBefore - vault.idleAssets);
        expect(served.map((s) => s.request.requestId)).toEqual(pending.map((r) => r.requestId));
        expect(paid <= reserved).toBe(true);
        expect(vault.lockedShares).toBe(0n);
      }),
      { seed: 52, numRuns: 150 },
    );
  });
});

describe('no depositor can gain by splitting or ordering operations', () => {
  const prefix = fc.array(opArbitrary(), { minLength: 0, maxLength: 40, size: 'max' });

  it('splitting a deposit or a mint never buys more shares for the same assets', () => {
    fc.assert(
      fc.property(configArbitrary, prefix, fc.bigInt({ min: 0n, max: 10n ** 12n }), fraction, (config, ops, total, cut) => {
        const run = runOps({ ...config, depositCapAssets: null }, ops);
        const now = run.nowSeconds;
        const first = scale(total, cut);
        const whole = run.vault.clone();
        const split = run.vault.clone();
        const wholeShares = whole.deposit(total, 'dave', now);
        const splitShares = split.deposit(first, 'dave', now) + split.deposit(total - first, 'dave', now);
        expect(splitShares <= wholeShares).toBe(true);

        const shares = total * 10n ** BigInt(config.decimalsOffset);
        const firstShares = scale(shares, cut);
        const wholeCost = run.vault.clone().mint(shares, 'dave', now);
        const splitVault = run.vault.clone();
        const splitCost = splitVault.mint(firstShares, 'dave', now) + splitVault.mint(shares - firstShares, 'dave', now);
        expect(splitCost >= wholeCost).toBe(true);
      }),
      { seed: 53, numRuns: 200 },
    );
  });

  it('splitting a redeem or a withdrawal never pays more assets for the same shares', () => {
    fc.assert(
      fc.property(
        configArbitrary,
        prefix,
        fc.constantFrom(...ACTORS),
        fraction,
        fraction,
        (config, ops, who, size, cut) => {
          const run = runOps(config, ops);
          const now = run.nowSeconds;
          const shares = scale(run.vault.maxRedeem(who, now), size);
          const whole = run.vault.clone().redeem(shares, who, who, now);
          const splitVault = run.vault.clone();
          const firstShares = scale(shares, cut);
          const firstPaid = splitVault.redeem(firstShares, who, who, now);
          // The second piece may no longer fit what idle can pay: then splitting is worse still.
          if (shares - firstShares <= splitVault.maxRedeem(who, now)) {
            expect(firstPaid + splitVault.redeem(shares - firstShares, who, who, now) <= whole).toBe(true);
          }

          const assets = scale(run.vault.maxWithdraw(who, now), size);
          const wholeBurn = run.vault.clone().withdraw(assets, who, who, now);
          const burnVault = run.vault.clone();
          const firstAssets = scale(assets, cut);
          const firstBurn = burnVault.withdraw(firstAssets, who, who, now);
          // The first piece's rounded-up burn may leave too few shares for the rest: worse still.
          if (assets - firstAssets <= burnVault.maxWithdraw(who, now)) {
            expect(firstBurn + burnVault.withdraw(assets - firstAssets, who, who, now) >= wholeBurn).toBe(true);
          }
        },
      ),
      { seed: 54, numRuns: 200 },
    );
  });

  it('splitting a queued redeem into two requests never pays more than one request', () => {
    fc.assert(
      fc.property(configArbitrary, prefix, fc.constantFrom(...ACTORS), fraction, fraction, (config, ops, who, size, cut) => {
        const run = runOps(config, ops);
        const now = run.nowSeconds;
        const shares = scale(run.vault.balanceOf(who), size);
        const firstShares = scale(shares, cut);
        fc.pre(firstShares > 0n && shares - firstShares > 0n);
        const paidTo = (vault: Vault, ids: readonly number[]): bigint => {
          vault.deallocate(vault.deployedAssets, now);
          return sum(vault.processQueue(now).filter((s) => ids.includes(s.request.requestId)).map((s) => s.assets));
        };
        const whole = run.vault.clone();
        const wholeId = whole.requestRedeem(shares, who, now).requestId;
        const split = run.vault.clone();
        const ids = [split.requestRedeem(firstShares, who, now).requestId, split.requestRedeem(shares - firstShares, who, now).requestId];
        expect(paidTo(split, ids) <= paidTo(whole, [wholeId])).toBe(true);
      }),
      { seed: 60, numRuns: 200 },
    );
  });

  it('a newcomer acting alone, in any order, ends with at most what it put in (no gains, any fees)', () => {
    // The others act first (no queue requests left behind), then only the newcomer and the keeper.
    const others = fc.array(opArbitrary({ queue: false }), { minLength: 0, maxLength: 30, size: 'max' });
    const newcomerOps = fc.array(
      opArbitrary({ gains: false, donations: false }).map((op) => ('actor' in op ? { ...op, actor: 'alice' as const } : op)),
      { minLength: 1, maxLength: 40, size: 'max' },
    );
    fc.assert(
      fc.property(configArbitrary, others, newcomerOps, (config, before, after) => {
        const renamed = before.map((op) => ('actor' in op && op.actor === 'alice' ? { ...op, actor: 'bob' as const } : op));
        const run = runOps(config, renamed);
        expect(run.vault.balanceOf('alice')).toBe(0n);
        const firstEvent = run.vault.events().length;
        for (const op of after) applyOp(run, op);
        let paidIn = 0n;
        let paidOut = 0n;
        for (const event of run.vault.events().slice(firstEvent)) {
          if (event.type === 'Deposit' && event.receiver === 'alice') paidIn += event.assets;
          if (event.type === 'Withdraw' && event.owner === 'alice') paidOut += event.assets;
          if (event.type === 'RedeemProcessed' && event.owner === 'alice') paidOut += event.assets;
        }
        const lockedByAlice = sum(run.vault.pendingRequests().filter((r) => r.owner === 'alice').map((r) => r.shares));
        const stillWorth = run.vault.convertToAssets(run.vault.balanceOf('alice') + lockedByAlice, run.nowSeconds);
        expect(paidOut + stillWorth <= paidIn).toBe(true);
      }),
      { seed: 55, numRuns: 200 },
    );
  });

  it('deposit-then-redeem and mint-then-redeem never return more than was paid (absent gains)', () => {
    fc.assert(
      fc.property(configArbitrary, prefix, fc.bigInt({ min: 0n, max: 10n ** 13n }), (config, ops, assets) => {
        const run = runOps({ ...config, depositCapAssets: null }, ops);
        const now = run.nowSeconds;
        const vault = run.vault.clone();
        const shares = vault.deposit(assets, 'dave', now);
        const redeemable = vault.maxRedeem('dave', now);
        expect(vault.redeem(shares < redeemable ? shares : redeemable, 'dave', 'dave', now) <= assets).toBe(true);
        const again = run.vault.clone();
        const cost = again.mint(assets, 'dave', now);
        const max = again.maxRedeem('dave', now);
        expect(again.redeem(assets < max ? assets : max, 'dave', 'dave', now) <= cost).toBe(true);
      }),
      { seed: 56, numRuns: 200 },
    );
  });
});

describe('fees over random sequences', () => {
  it('with 0 % fees and no strategy reports the price per share never falls', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 3, 6),
        fc.array(opArbitrary({ gains: false }), { minLength: 1, maxLength: 60, size: 'max' }),
        (decimalsOffset, ops) => {
          const run = newRun({ decimalsOffset, fees: { managementFeeBps: 0, performanceFeeBps: 0, feeRecipient: FEE_RECIPIENT }, depositCapAssets: null });
          let price = run.vault.pricePerShareWad(0);
          for (const op of ops) {
            applyOp(run, op);
            const next = run.vault.pricePerShareWad(run.nowSeconds);
            expect(next >= price).toBe(true);
            price = next;
          }
        },
      ),
      { seed: 57, numRuns: 200 },
    );
  });

  it('the performance fee is charged only above the HWM and never twice on the same gain', () => {
    fc.assert(
      fc.property(configArbitrary, fc.array(opArbitrary(), { minLength: 1, maxLength: 50, size: 'max' }), (config, ops) => {
        const run = newRun(config);
        const { vault } = run;
        for (const op of ops) {
          applyOp(run, op);
          const hwmBefore = vault.highWaterMarkWad;
          const first = vault.accrueFees(run.nowSeconds);
          if (first.performanceFeeAssets > 0n) expect(first.pricePerShareWadBefore > hwmBefore).toBe(true);
          expect(vault.highWaterMarkWad >= hwmBefore || vault.totalSupply === 0n).toBe(true);
          const second = vault.accrueFees(run.nowSeconds);
          expect(second.performanceFeeAssets).toBe(0n);
          expect(second.managementFeeAssets).toBe(0n);
          expect(second.feeShares).toBe(0n);
        }
      }),
      { seed: 58, numRuns: 150 },
    );
  });
});

describe('max* are exact in every reachable state', () => {
  it('maxDeposit/maxMint (capped), maxWithdraw/maxRedeem: the max succeeds and one more is refused', () => {
    fc.assert(
      fc.property(
        configArbitrary.map((c) => ({ ...c, depositCapAssets: c.depositCapAssets ?? 10n ** 13n })),
        fc.array(opArbitrary(), { minLength: 0, maxLength: 50, size: 'max' }),
        (config, ops) => {
          const run = runOps(config, ops);
          const now = run.nowSeconds;
          const { vault } = run;
          for (const who of HOLDERS) {
            const maxDeposit = vault.maxDeposit(who, now);
            expectCode(() => vault.clone().deposit(maxDeposit + 1n, who, now), 'ExceededMaxDeposit');
            const afterDeposit = vault.clone();
            afterDeposit.deposit(maxDeposit, who, now);
            expect(afterDeposit.totalAssets <= config.depositCapAssets || maxDeposit === 0n).toBe(true);

            const maxMint = vault.maxMint(who, now);
            expectCode(() => vault.clone().mint(maxMint + 1n, who, now), 'ExceededMaxMint');
            expect(vault.clone().mint(maxMint, who, now) <= maxDeposit).toBe(true);

            const maxWithdraw = vault.maxWithdraw(who, now);
            expectCode(() => vault.clone().withdraw(maxWithdraw + 1n, who, who, now), 'ExceededMaxWithdraw');
            vault.clone().withdraw(maxWithdraw, who, who, now);

            const maxRedeem = vault.maxRedeem(who, now);
            expectCode(() => vault.clone().redeem(maxRedeem + 1n, who, who, now), 'ExceededMaxRedeem');
            expect(vault.clone().redeem(maxRedeem, who, who, now) <= vault.availableAssets(now)).toBe(true);
          }
        },
      ),
      { seed: 59, numRuns: 150 },
    );
  });
});
