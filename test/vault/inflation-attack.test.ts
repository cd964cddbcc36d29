import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Vault } from '../../src/vault/index.js';

const USDC = 10n ** 6n;

/**
 * The first-depositor ("donation") attack: the attacker deposits `seed` wei into an empty vault,
 * donates `donation` straight to the vault's idle assets to inflate the share price, the victim
 * deposits, then both redeem everything.
 */
function runAttack(decimalsOffset: number, seed: bigint, donation: bigint, victimAssets: bigint) {
  const vault = new Vault({ assetDecimals: 6, decimalsOffset });
  vault.deposit(seed, 'attacker', 0);
  vault.donate(donation, 0);
  const victimShares = vault.deposit(victimAssets, 'victim', 0);
  const victimOut = vault.redeem(vault.balanceOf('victim'), 'victim', 'victim', 0);
  const attackerOut = vault.redeem(vault.balanceOf('attacker'), 'attacker', 'attacker', 0);
  return {
    victimShares,
    victimLoss: victimAssets - victimOut,
    attackerProfit: attackerOut - seed - donation,
    // Price of one share unit the victim buys at: (A + 1) / (S + 10^offset) after the donation.
    shareUnitPrice: (seed + donation + 1n) / ((seed + 1n) * 10n ** BigInt(decimalsOffset)),
  };
}

describe('first-depositor inflation attack', () => {
  it('without an offset, a 1 000 000 USDC donation wipes out a 10 000 USDC victim (what the offset defeats)', () => {
    const result = runAttack(0, 1n, 1_000_000n * USDC, 10_000n * USDC);
    expect(result.victimShares).toBe(0n);
    expect(result.victimLoss).toBe(10_000n * USDC);
    // Even then OZ's virtual share makes it cost the attacker: half the donation goes to it.
    expect(result.attackerProfit).toBeLessThan(0n);
  });

  it('with the default offset (6) the victim loses at most half a USDC, the attacker about 500 000 USDC', () => {
    const result = runAttack(6, 1n, 1_000_000n * USDC, 10_000n * USDC);
    expect(result.victimShares).toBe(19_999n);
    expect(result.victimLoss).toBeLessThanOrEqual(result.shareUnitPrice + 2n); // 500 001 wei bound
    expect(result.victimLoss).toBe(495_050n); // 0.495 USDC
    expect(-result.attackerProfit).toBeGreaterThan(499_999n * USDC);
    expect(-result.attackerProfit).toBeGreaterThan(result.victimLoss * 10n ** 6n); // a million to one
  });

  it('for any seed, donation and victim: the victim loses at most one share unit\'s price + 2 wei, '
    + '⌊(seed + donation + 1) / ((seed + 1)·10^offset)⌋ + 2, and the attacker never profits (offset ≥ 1)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        fc.bigInt({ min: 0n, max: 10n ** 16n }),
        fc.bigInt({ min: 1n, max: 10n ** 14n }),
        (offset, seed, donation, victimAssets) => {
          const result = runAttack(offset, seed, donation, victimAssets);
          expect(result.victimLoss >= 0n).toBe(true);
          expect(result.victimLoss <= result.shareUnitPrice + 2n).toBe(true);
          expect(result.attackerProfit <= 0n).toBe(true);
        },
      ),
      { seed: 41, numRuns: 1_000 },
    );
  });

  it('small amounts, exhaustively: offset 1–3 never lets the attacker gain a wei', () => {
    for (const offset of [1, 2, 3]) {
      for (let seed = 1n; seed <= 8n; seed++) {
        for (let donation = 0n; donation <= 40n; donation += 1n) {
          for (let victimAssets = 1n; victimAssets <= 40n; victimAssets += 3n) {
            const result = runAttack(offset, seed, donation, victimAssets);
            expect(result.attackerProfit <= 0n).toBe(true);
            expect(result.victimLoss <= result.shareUnitPrice + 2n).toBe(true);
          }
        }
      }
    }
  });
});
