/**
 * The first-depositor inflation attack against the Solidity Vault: the attacker deposits 1 wei
 * into the empty vault, donates a fortune straight to it to inflate the share price, the victim
 * deposits, then both redeem everything. Every step runs on the contract and on the TypeScript
 * vault, so the victim's loss is the same figure on both, to the wei.
 */
import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { both, deployTwin, donate, USERS, type Twin } from './vault-fixture.js';
import { useDevnet } from './helpers.js';

const USDC = 10n ** 6n;
const [ATTACKER, VICTIM] = USERS;
const eq = <T>(a: T, b: T): void => {
  expect(b).toEqual(a);
};

async function attack(twin: Twin, seedAssets: bigint, donation: bigint, victimAssets: bigint) {
  const v = twin.deployment.vault;
  const { ts, now } = twin;
  const at = (from: Address) => ({ from, atSeconds: now });
  await both('attacker deposit', () => ts.deposit(seedAssets, ATTACKER, now), () => v.deposit(seedAssets, ATTACKER, at(ATTACKER)), eq);
  ts.donate(donation, now);
  await donate(twin, ATTACKER, donation);
  const victimShares = await both('victim deposit', () => ts.deposit(victimAssets, VICTIM, now), () => v.deposit(victimAssets, VICTIM, at(VICTIM)), eq);
  const victimBalance = await v.balanceOf(VICTIM);
  const victimOut = await both('victim redeem', () => ts.redeem(victimBalance, VICTIM, VICTIM, now), () => v.redeem(victimBalance, VICTIM, VICTIM, at(VICTIM)), eq);
  const attackerBalance = await v.balanceOf(ATTACKER);
  const attackerOut = await both('attacker redeem', () => ts.redeem(attackerBalance, ATTACKER, ATTACKER, now), () => v.redeem(attackerBalance, ATTACKER, ATTACKER, at(ATTACKER)), eq);
  if (!victimShares.ok || !victimOut.ok || !attackerOut.ok) throw new Error('the attack sequence was refused');
  const offset = BigInt(twin.ts.decimalsOffset);
  return {
    victimShares: victimShares.value,
    victimLoss: victimAssets - victimOut.value,
    attackerProfit: attackerOut.value - seedAssets - donation,
    // Price of one share unit the victim buys at: (A + 1) / (S + 10^offset) after the donation.
    shareUnitPrice: (seedAssets + donation + 1n) / ((seedAssets + 1n) * 10n ** offset),
  };
}

describe('first-depositor inflation attack on the contract', () => {
  const devnet = useDevnet();

  it('offset 6 (the default): a 1 000 000 USDC donation costs a 10 000 USDC victim under one share unit\'s price, the attacker ~500 000 USDC', async () => {
    const twin = await deployTwin(devnet.current.clients, { decimalsOffset: 6 });
    const result = await attack(twin, 1n, 1_000_000n * USDC, 10_000n * USDC);
    console.log(JSON.stringify({ offset: 6, victimLossWei: result.victimLoss, attackerLossWei: -result.attackerProfit }, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)));
    expect(result.victimShares).toBeGreaterThan(0n);
    expect(result.victimLoss).toBeGreaterThanOrEqual(0n);
    expect(result.victimLoss).toBeLessThanOrEqual(result.shareUnitPrice + 2n);
    expect(result.victimLoss).toBeLessThan(USDC); // under one USDC on 10 000
    expect(-result.attackerProfit).toBeGreaterThan(result.victimLoss * 10n ** 6n); // a million to one
    // Nothing stays behind but the rounding dust both vaults agree on.
    expect(await twin.deployment.vault.totalSupply()).toBe(twin.ts.totalSupply);
  });

  it('offset 0, for contrast: the same donation wipes the victim out (what the offset defeats), on both vaults alike', async () => {
    const twin = await deployTwin(devnet.current.clients, { decimalsOffset: 0 });
    const result = await attack(twin, 1n, 1_000_000n * USDC, 10_000n * USDC);
    expect(result.victimShares).toBe(0n);
    expect(result.victimLoss).toBe(10_000n * USDC);
    // OZ's virtual share still takes half the donation: the attack is a loss even here.
    expect(result.attackerProfit).toBeLessThan(0n);
  });
});
