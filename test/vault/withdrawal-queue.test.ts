import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serveFifo, Vault, VaultError, WithdrawalQueue } from '../../src/vault/index.js';

const USDC = 10n ** 6n;

/** Alice and Bob each deposit 1 000 USDC; the strategy takes everything. */
function fullyDeployed(): Vault {
  const vault = new Vault({ assetDecimals: 6 });
  vault.deposit(1_000n * USDC, 'alice', 0);
  vault.deposit(1_000n * USDC, 'bob', 0);
  vault.allocate(2_000n * USDC, 0);
  return vault;
}

describe('withdrawal queue', () => {
  it('an exit larger than idle is queued: shares are locked, still in totalSupply', () => {
    const vault = fullyDeployed();
    const shares = vault.balanceOf('alice');
    expect(vault.maxWithdraw('alice')).toBe(0n);
    expect(vault.previewRedeem(vault.maxRedeem('alice'))).toBe(0n); // only shares worth nothing can leave
    const request = vault.requestRedeem(shares / 2n, 'alice', 10);
    expect(request).toEqual({ requestId: 1, owner: 'alice', shares: shares / 2n, requestedAtSeconds: 10 });
    expect(vault.balanceOf('alice')).toBe(shares - shares / 2n);
    expect(vault.lockedShares).toBe(shares / 2n);
    expect(vault.totalSupply).toBe(2n * shares);
    expect(vault.events().at(-1)).toEqual({ type: 'RedeemRequested', timestampSeconds: 10, requestId: 1, owner: 'alice', shares: shares / 2n });
  });

  it('is served at the price at processing time, so a loss while waiting is shared', () => {
    const vault = fullyDeployed();
    const locked = vault.balanceOf('alice');
    vault.requestRedeem(locked, 'alice', 10);
    vault.reportStrategyAssets(1_800n * USDC, 20); // −10 %
    vault.deallocate(1_000n * USDC, 30);
    const expected = vault.convertToAssets(locked, 30);
    const served = vault.processQueue(30);
    expect(served).toHaveLength(1);
    expect(served[0]?.assets).toBe(expected);
    expect(expected).toBeLessThanOrEqual(900n * USDC); // half the loss, less the floor
    expect(expected).toBeGreaterThanOrEqual(900n * USDC - 1n);
    expect(vault.events().at(-1)).toEqual({ type: 'RedeemProcessed', timestampSeconds: 30, requestId: 1, owner: 'alice', assets: expected, shares: locked });
    expect(vault.lockedShares).toBe(0n);
    expect(vault.convertToAssets(vault.balanceOf('bob'))).toBeGreaterThanOrEqual(900n * USDC - 1n);
  });

  it('serves strictly FIFO: a small later request never overtakes the head', () => {
    const vault = fullyDeployed();
    const big = vault.requestRedeem(vault.balanceOf('alice'), 'alice', 1);
    const small = vault.requestRedeem(vault.balanceOf('bob') / 100n, 'bob', 2);
    vault.deallocate(500n * USDC, 3);
    expect(vault.processQueue(3)).toHaveLength(0);
    vault.deallocate(600n * USDC, 4);
    expect(vault.processQueue(4, 1).map((s) => s.request.requestId)).toEqual([big.requestId]);
    expect(vault.processQueue(5).map((s) => s.request.requestId)).toEqual([small.requestId]);
    expect(vault.pendingRequests()).toHaveLength(0);
  });

  it('has priority over instant exits and allocations: freed assets are reserved for it', () => {
    const vault = fullyDeployed();
    vault.requestRedeem(vault.balanceOf('alice'), 'alice', 1);
    vault.deallocate(1_200n * USDC, 2);
    const reserved = vault.reservedAssets(2);
    expect(reserved).toBe(1_000n * USDC);
    expect(vault.availableAssets(2)).toBe(200n * USDC);
    expect(vault.maxWithdraw('bob', 2)).toBe(200n * USDC);
    expect(() => vault.withdraw(200n * USDC + 1n, 'bob', 'bob', 2)).toThrow(VaultError);
    expect(() => vault.allocate(200n * USDC + 1n, 2)).toThrow(/InsufficientIdle/);
    vault.withdraw(200n * USDC, 'bob', 'bob', 2);
    const [served] = vault.processQueue(3);
    expect(served?.assets).toBeLessThanOrEqual(reserved);
    expect(served?.assets).toBeGreaterThanOrEqual(1_000n * USDC - 1n);
  });

  it('cancel returns the locked shares to their owner, and only to them', () => {
    const vault = fullyDeployed();
    const shares = vault.balanceOf('alice');
    const request = vault.requestRedeem(shares, 'alice', 1);
    expect(() => vault.cancelRequest(request.requestId, 'bob', 2)).toThrow(/NotRequestOwner/);
    vault.cancelRequest(request.requestId, 'alice', 2);
    expect(vault.balanceOf('alice')).toBe(shares);
    expect(vault.lockedShares).toBe(0n);
    expect(() => vault.cancelRequest(request.requestId, 'alice', 3)).toThrow(/UnknownRequest/);
    expect(vault.events().at(-1)).toEqual({ type: 'RedeemCancelled', timestampSeconds: 2, requestId: 1, owner: 'alice', shares });
  });

  it('locked shares keep paying fees until served (they are still invested)', () => {
    const vault = new Vault({ assetDecimals: 6, fees: { managementFeeBps: 1_000, performanceFeeBps: 0, feeRecipient: 'treasury' } });
    vault.deposit(1_000n * USDC, 'alice', 0);
    vault.allocate(1_000n * USDC, 0);
    vault.requestRedeem(vault.balanceOf('alice'), 'alice', 0);
    vault.deallocate(1_000n * USDC, 31_536_000);
    const [served] = vault.processQueue(31_536_000);
    expect(served?.assets).toBeLessThanOrEqual(900n * USDC);
    expect(served?.assets).toBeGreaterThanOrEqual(900n * USDC - 1n);
    expect(vault.convertToAssets(vault.balanceOf('treasury'))).toBeGreaterThanOrEqual(100n * USDC - 1n);
  });

  it('lets the fee recipient queue shares that accrual is about to mint', () => {
    const vault = new Vault({ assetDecimals: 6, fees: { managementFeeBps: 1_000, performanceFeeBps: 0, feeRecipient: 'treasury' } });
    vault.deposit(1_000n * USDC, 'alice', 0);
    vault.allocate(1_000n * USDC, 0);
    const pending = vault.pendingFees(1_000_000).feeShares;
    expect(vault.balanceOf('treasury')).toBe(0n);
    vault.requestRedeem(pending, 'treasury', 1_000_000);
    expect(vault.lockedShares).toBe(pending);
  });
});

describe('serveFifo and WithdrawalQueue', () => {
  it('pays in total no more than the locked shares are worth at floor (each payout only raises the price)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 15n }), { minLength: 1, maxLength: 20 }),
        fc.bigInt({ min: 0n, max: 10n ** 14n }),
        fc.bigInt({ min: 0n, max: 10n ** 14n }),
        fc.integer({ min: 0, max: 8 }),
        (lots, extraSupply, totalAssets, off) => {
          const queue = new WithdrawalQueue();
          lots.forEach((shares, i) => queue.enqueue(`u${i}`, shares, i));
          const totals = { totalAssets, totalSupply: queue.lockedShares + extraSupply, decimalsOffset: off };
          const result = serveFifo(queue.pending(), totals, totalAssets, Number.MAX_SAFE_INTEGER);
          const paid = result.served.reduce((sum, s) => sum + s.assets, 0n);
          expect(result.served).toHaveLength(lots.length); // idle = all assets: everyone is served
          const lockedWorth = (queue.lockedShares * (totalAssets + 1n)) / (totals.totalSupply + 10n ** BigInt(off));
          expect(paid <= lockedWorth).toBe(true);
          expect(result.idleAssets).toBe(totalAssets - paid);
        },
      ),
      { seed: 31, numRuns: 300 },
    );
  });

  it('keeps ids increasing and the locked total equal to the pending shares', () => {
    const queue = new WithdrawalQueue();
    const a = queue.enqueue('a', 5n, 0);
    const b = queue.enqueue('b', 7n, 0);
    queue.remove(a.requestId);
    const c = queue.enqueue('c', 1n, 1);
    expect([a.requestId, b.requestId, c.requestId]).toEqual([1, 2, 3]);
    expect(queue.lockedShares).toBe(8n);
    expect(queue.length).toBe(2);
    expect(() => queue.remove(1)).toThrow(/UnknownRequest/);
  });
});
