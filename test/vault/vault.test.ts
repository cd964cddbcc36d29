import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import {
  Allowlist,
  DEFAULT_DECIMALS_OFFSET,
  UINT256_MAX,
  Vault,
  VaultError,
  type VaultErrorCode,
} from '../../src/vault/index.js';

const USDC = 10n ** 6n;

function refusal(fn: () => unknown): VaultError {
  try {
    fn();
  } catch (error) {
    if (error instanceof VaultError) return error;
    throw error;
  }
  throw new Error('expected a VaultError');
}

function expectRefusal(fn: () => unknown, code: VaultErrorCode): VaultError {
  const error = refusal(fn);
  expect(error.code).toBe(code);
  return error;
}

/** Everything a refused verb must leave untouched. */
function snapshot(vault: Vault) {
  return {
    events: vault.events().length,
    totalSupply: vault.totalSupply,
    idle: vault.idleAssets,
    deployed: vault.deployedAssets,
    locked: vault.lockedShares,
    hwm: vault.highWaterMarkWad,
    lastAccrual: vault.lastAccrualSeconds,
    holders: [...vault.holders()],
  };
}

/** A vault whose price is not 1: gains, fees and odd amounts so every rounding bites. */
function seasonedVault(): Vault {
  const vault = new Vault({ assetDecimals: 6, fees: { managementFeeBps: 150, performanceFeeBps: 1_000, feeRecipient: 'treasury' } });
  vault.deposit(1_234_567_891n, 'alice', 0);
  vault.allocate(1_000_000_000n, 0);
  vault.reportStrategyAssets(1_077_777_777n, 86_400);
  vault.mint(333_333_333_333n, 'bob', 90_000);
  vault.accrueFees(100_000);
  return vault;
}

describe('Vault construction', () => {
  it('has share decimals = asset decimals + offset (default offset 6), OZ decimals()', () => {
    const usdc = new Vault({ assetDecimals: 6 });
    expect(DEFAULT_DECIMALS_OFFSET).toBe(6);
    expect(usdc.decimalsOffset).toBe(6);
    expect(usdc.decimals).toBe(12);
    expect(new Vault({ assetDecimals: 18, decimalsOffset: 0 }).decimals).toBe(18);
    expect(usdc.totalAssets).toBe(0n);
    expect(usdc.highWaterMarkWad).toBe(10n ** 18n);
  });

  it('refuses malformed options', () => {
    expect(() => new Vault({ assetDecimals: -1 })).toThrow(InvalidInputError);
    expect(() => new Vault({ assetDecimals: 6.5 })).toThrow(InvalidInputError);
    expect(() => new Vault({ assetDecimals: 6, decimalsOffset: 19 })).toThrow(/decimalsOffset/);
    expect(() => new Vault({ assetDecimals: 6, depositCapAssets: -1n })).toThrow(/depositCapAssets/);
    expect(() => new Vault({ assetDecimals: 6, startSeconds: -5 })).toThrow(/startSeconds/);
  });
});

describe('Vault verbs', () => {
  it('deposit, mint, withdraw and redeem move exact amounts and log them', () => {
    const vault = new Vault({ assetDecimals: 6 });
    expect(vault.deposit(100n * USDC, 'alice', 0)).toBe(100n * USDC * 10n ** 6n);
    expect(vault.mint(5n * 10n ** 12n, 'bob', 1)).toBe(5n * USDC);
    expect(vault.withdraw(40n * USDC, 'carol', 'alice', 2)).toBe(40n * 10n ** 12n);
    expect(vault.redeem(10n ** 12n, 'bob', 'bob', 3)).toBe(USDC);
    expect(vault.totalAssets).toBe(64n * USDC);
    expect(vault.totalSupply).toBe(64n * 10n ** 12n);
    expect(vault.balanceOf('alice')).toBe(60n * 10n ** 12n);
    expect(vault.events()).toEqual([
      { type: 'Deposit', timestampSeconds: 0, receiver: 'alice', assets: 100n * USDC, shares: 100n * 10n ** 12n },
      { type: 'Deposit', timestampSeconds: 1, receiver: 'bob', assets: 5n * USDC, shares: 5n * 10n ** 12n },
      { type: 'Withdraw', timestampSeconds: 2, receiver: 'carol', owner: 'alice', assets: 40n * USDC, shares: 40n * 10n ** 12n },
      { type: 'Withdraw', timestampSeconds: 3, receiver: 'bob', owner: 'bob', assets: USDC, shares: 10n ** 12n },
    ]);
  });

  it('rounds per EIP-4626: what the user receives down, what the user pays up; verbs equal previews', () => {
    const vault = seasonedVault();
    const t = 200_000;
    const totals = { A: vault.totalAssets + 1n, S: vault.totalSupply + vault.pendingFees(t).feeShares + 10n ** 6n };
    for (const x of [1n, 7n, 999_999n, 123_456_789n]) {
      const sharesDown = vault.previewDeposit(x, t);
      const assetsUp = vault.previewMint(x, t);
      const sharesUp = vault.previewWithdraw(x, t);
      const assetsDown = vault.previewRedeem(x, t);
      expect(sharesDown * totals.A <= x * totals.S && (sharesDown + 1n) * totals.A > x * totals.S).toBe(true);
      expect(sharesUp * totals.A >= x * totals.S && (sharesUp - 1n) * totals.A < x * totals.S).toBe(true);
      expect(assetsUp * totals.S >= x * totals.A && (assetsUp - 1n) * totals.S < x * totals.A).toBe(true);
      expect(assetsDown * totals.S <= x * totals.A && (assetsDown + 1n) * totals.S > x * totals.A).toBe(true);
      expect(vault.convertToShares(x, t)).toBe(sharesDown);
      expect(vault.convertToAssets(x, t)).toBe(assetsDown);
      // Round trips never pay the user: deposit then redeem, mint then withdraw.
      expect(vault.previewRedeem(sharesDown, t)).toBeLessThanOrEqual(x);
      expect(vault.previewWithdraw(vault.previewRedeem(x, t), t)).toBeLessThanOrEqual(x);
      expect(vault.previewMint(vault.previewDeposit(x, t), t)).toBeLessThanOrEqual(x);
      expect(vault.previewDeposit(vault.previewMint(x, t), t)).toBeGreaterThanOrEqual(x);
    }
    expect(vault.clone().deposit(123_456_789n, 'carol', t)).toBe(vault.previewDeposit(123_456_789n, t));
    expect(vault.clone().mint(777_777n, 'carol', t)).toBe(vault.previewMint(777_777n, t));
    expect(vault.clone().withdraw(777_777n, 'alice', 'alice', t)).toBe(vault.previewWithdraw(777_777n, t));
    expect(vault.clone().redeem(777_777n, 'alice', 'alice', t)).toBe(vault.previewRedeem(777_777n, t));
  });

  it('a refused verb leaves no trace, not even a fee accrual', () => {
    const vault = seasonedVault();
    const before = snapshot(vault);
    expectRefusal(() => vault.redeem(vault.balanceOf('alice') + 1n, 'alice', 'alice', 500_000), 'ExceededMaxRedeem');
    expectRefusal(() => vault.withdraw(10n ** 15n, 'alice', 'alice', 500_000), 'ExceededMaxWithdraw');
    expectRefusal(() => vault.requestRedeem(vault.balanceOf('bob') + 10n ** 18n, 'bob', 500_000), 'InsufficientBalance');
    expectRefusal(() => vault.allocate(vault.idleAssets + 1n, 500_000), 'InsufficientIdle');
    expectRefusal(() => vault.deallocate(vault.deployedAssets + 1n, 500_000), 'InsufficientDeployed');
    expectRefusal(() => vault.cancelRequest(42, 'alice', 500_000), 'UnknownRequest');
    expect(() => vault.deposit(-1n, 'alice', 500_000)).toThrow(InvalidInputError);
    expect(snapshot(vault)).toEqual(before);
  });

  it('refuses malformed input with InvalidInputError naming the field', () => {
    const vault = seasonedVault();
    expect(() => vault.deposit(-1n, 'alice', 200_000)).toThrow(/invalid assets/);
    expect(() => vault.deposit(1 as unknown as bigint, 'alice', 200_000)).toThrow(/invalid assets/);
    expect(() => vault.mint(UINT256_MAX + 1n, 'alice', 200_000)).toThrow(/invalid shares/);
    expect(() => vault.deposit(1n, '', 200_000)).toThrow(/invalid receiver/);
    expect(() => vault.redeem(1n, 'alice', '', 200_000)).toThrow(/invalid owner/);
    expect(() => vault.deposit(1n, 'alice', 99_999)).toThrow(/invalid nowSeconds/);
    expect(() => vault.deposit(1n, 'alice', 200_000.5)).toThrow(/invalid nowSeconds/);
    expect(() => vault.requestRedeem(0n, 'alice', 200_000)).toThrow(/invalid shares/);
    expect(() => vault.processQueue(200_000, -1)).toThrow(/maxRequests/);
  });

  it('names the Solidity error of each refusal (OpenZeppelin where one exists)', () => {
    const vault = new Vault({ assetDecimals: 6, depositCapAssets: 10n });
    const error = expectRefusal(() => vault.deposit(11n, 'alice', 0), 'ExceededMaxDeposit');
    expect(error.solidityError).toBe('ERC4626ExceededMaxDeposit');
    expect(error.details).toEqual({ receiver: 'alice', assets: 11n, max: 10n });
    expect(error.message).toBe('ExceededMaxDeposit (receiver=alice, assets=11, max=10)');
    vault.pause(0);
    expect(expectRefusal(() => vault.deposit(1n, 'alice', 0), 'Paused').solidityError).toBe('EnforcedPause');
  });

  it('clone is independent', () => {
    const vault = seasonedVault();
    const copy = vault.clone();
    copy.deposit(10n ** 9n, 'zoe', 300_000);
    copy.requestRedeem(1n, 'alice', 300_000);
    expect(vault.balanceOf('zoe')).toBe(0n);
    expect(vault.pendingRequests()).toHaveLength(0);
    expect(copy.events().length).toBeGreaterThan(vault.events().length);
  });
});

describe('deposit cap', () => {
  it('maxDeposit is the room under the cap: depositing it succeeds, one more fails; same for maxMint', () => {
    const vault = new Vault({ assetDecimals: 6, depositCapAssets: 1_000n * USDC });
    vault.deposit(300n * USDC, 'alice', 0);
    vault.allocate(300n * USDC, 0);
    vault.reportStrategyAssets(333_333_333n, 10); // price ≠ 1 so maxMint rounds
    const room = vault.maxDeposit('bob', 10);
    expect(room).toBe(1_000n * USDC - 333_333_333n);
    const copy = vault.clone();
    expectRefusal(() => vault.deposit(room + 1n, 'bob', 10), 'ExceededMaxDeposit');
    vault.deposit(room, 'bob', 10);
    expect(vault.totalAssets).toBe(1_000n * USDC);
    expect(vault.maxDeposit('bob', 10)).toBe(0n);
    expect(vault.maxMint('bob', 10)).toBe(0n);
    expectRefusal(() => vault.deposit(1n, 'bob', 10), 'ExceededMaxDeposit');

    const maxShares = copy.maxMint('carol', 10);
    expectRefusal(() => copy.mint(maxShares + 1n, 'carol', 10), 'ExceededMaxMint');
    expect(copy.mint(maxShares, 'carol', 10)).toBeLessThanOrEqual(room);
  });

  it('no cap means OpenZeppelin\'s unlimited 2^256 - 1; a gain above the cap closes deposits', () => {
    const vault = new Vault({ assetDecimals: 6 });
    expect(vault.maxDeposit('alice')).toBe(UINT256_MAX);
    expect(vault.maxMint('alice')).toBe(UINT256_MAX);
    vault.setDepositCap(100n, 0);
    vault.deposit(100n, 'alice', 0);
    vault.donate(50n, 0);
    expect(vault.maxDeposit('alice', 0)).toBe(0n);
    vault.setDepositCap(null, 1);
    expect(vault.maxDeposit('alice', 1)).toBe(UINT256_MAX);
    expect(vault.events().filter((e) => e.type === 'DepositCapChanged')).toHaveLength(2);
  });
});

describe('pause', () => {
  it('freezes entries, exits and the queue; cancel, reports and fees continue', () => {
    const vault = seasonedVault();
    vault.requestRedeem(10n ** 9n, 'alice', 200_000);
    vault.pause(200_000);
    for (const max of [vault.maxDeposit('bob'), vault.maxMint('bob'), vault.maxWithdraw('alice'), vault.maxRedeem('alice')]) {
      expect(max).toBe(0n);
    }
    expectRefusal(() => vault.deposit(1n, 'bob', 200_001), 'Paused');
    expectRefusal(() => vault.mint(1n, 'bob', 200_001), 'Paused');
    expectRefusal(() => vault.withdraw(1n, 'alice', 'alice', 200_001), 'Paused');
    expectRefusal(() => vault.redeem(1n, 'alice', 'alice', 200_001), 'Paused');
    expectRefusal(() => vault.requestRedeem(1n, 'alice', 200_001), 'Paused');
    expectRefusal(() => vault.processQueue(200_001), 'Paused');
    const [request] = vault.pendingRequests();
    vault.cancelRequest(request!.requestId, 'alice', 200_002);
    vault.reportStrategyAssets(vault.deployedAssets, 200_003);
    vault.accrueFees(300_000);
    vault.unpause(300_001);
    expect(vault.maxRedeem('alice', 300_001)).toBeGreaterThan(0n);
    expect(vault.events().map((e) => e.type)).toContain('Paused');
    expect(vault.events().map((e) => e.type)).toContain('Unpaused');
  });
});

describe('access policy', () => {
  it('restricts a vault to verified depositors (the receiver of the shares); exits are never gated', () => {
    const verified = new Allowlist(['alice']);
    const vault = new Vault({ assetDecimals: 6, accessPolicy: verified.policy });
    expect(vault.maxDeposit('mallory')).toBe(0n);
    expect(vault.maxMint('mallory')).toBe(0n);
    expect(expectRefusal(() => vault.deposit(1n, 'mallory', 0), 'NotAllowed').details).toEqual({ receiver: 'mallory' });
    expectRefusal(() => vault.mint(1n, 'mallory', 0), 'NotAllowed');
    vault.deposit(100n * USDC, 'alice', 0);
    verified.allow('mallory');
    vault.deposit(1n * USDC, 'mallory', 1);
    verified.revoke('alice');
    expectRefusal(() => vault.deposit(1n, 'alice', 2), 'NotAllowed');
    expect(vault.redeem(vault.maxRedeem('alice', 2), 'alice', 'alice', 2)).toBe(100n * USDC);
    vault.setAccessPolicy(() => true);
    vault.deposit(1n, 'anyone', 3);
    expect(() => verified.allow('')).toThrow(InvalidInputError);
  });
});

describe('strategy allocation and reports', () => {
  it('moves assets between idle and deployed; gains and losses enter through reports only', () => {
    const vault = new Vault({ assetDecimals: 6 });
    vault.deposit(1_000n * USDC, 'alice', 0);
    vault.allocate(800n * USDC, 0);
    expect([vault.idleAssets, vault.deployedAssets, vault.totalAssets]).toEqual([200n * USDC, 800n * USDC, 1_000n * USDC]);
    vault.reportStrategyAssets(880n * USDC, 10);
    expect(vault.totalAssets).toBe(1_080n * USDC);
    vault.deallocate(880n * USDC, 11);
    expect(vault.maxWithdraw('alice', 11)).toBe(1_080n * USDC - 1n); // virtual share keeps its floor
    expect(vault.events().slice(1).map((e) => e.type)).toEqual(['Allocated', 'StrategyReported', 'Deallocated']);
  });
});
