/**
 * Every guard of the Solidity Vault refuses what it must: keeper, guardian and owner verbs from
 * any other caller; what the pause blocks (and what it lets through, as src/vault says); the
 * allowlist policy; the queue's ownership. Refusals with a TypeScript counterpart are checked
 * against the TypeScript vault too; each refused call is followed by the same call from the
 * right caller succeeding, so a guard that refuses everything would fail here.
 */
import { BaseError, encodeFunctionData, getContractError, type Abi, type Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { testErc20Abi } from '../../src/chain/abis.js';
import { sendDevnetTransaction } from '../../src/chain/clients.js';
import { ChainRevertError, revertErrorFrom } from '../../src/chain/revert.js';
import { allowlistPolicyAbi } from '../../src/chain/vault-abis.js';
import { Allowlist, VaultError } from '../../src/vault/index.js';
import { both, deployTwin, FEE_RECIPIENT, FUNDING, GUARDIAN, KEEPER, OUTSIDER, OWNER, STRATEGY, USERS, type Twin } from './vault-fixture.js';
import { useDevnet } from './helpers.js';

const [ALICE, BOB] = USERS;
const eq = <T>(a: T, b: T): void => {
  expect(b).toEqual(a);
};

async function refusal(promise: Promise<unknown>): Promise<ChainRevertError | VaultError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ChainRevertError || error instanceof VaultError) return error;
    throw error;
  }
  throw new Error('expected a revert, the call succeeded');
}

async function expectUnauthorized(promise: Promise<unknown>, caller: Address): Promise<void> {
  const error = await refusal(promise);
  expect(error).toBeInstanceOf(ChainRevertError);
  expect((error as ChainRevertError).reason).toBe('AccessControlUnauthorizedAccount');
  expect((error as ChainRevertError).args[0]).toBe(caller);
}

/** Calls the allowlist policy as `from`: simulate (typed revert) then mine. */
async function policyCall(twin: Twin, from: Address, functionName: 'allow' | 'revoke', who: Address): Promise<void> {
  const policy = twin.deployment.policy!;
  const data = encodeFunctionData({ abi: allowlistPolicyAbi, functionName, args: [who] });
  try {
    await twin.clients.publicClient.call({ account: from, to: policy, data });
  } catch (error) {
    const decoded = error instanceof BaseError ? getContractError(error, { abi: allowlistPolicyAbi as Abi, functionName, args: [who], address: policy, sender: from }) : error;
    throw revertErrorFrom(decoded, functionName) ?? error;
  }
  await sendDevnetTransaction(twin.clients, { from, to: policy, data, gas: 200_000n });
}

describe('Vault guards', () => {
  const devnet = useDevnet();

  it('keeper verbs refuse everyone but the keeper', async () => {
    const twin = await deployTwin(devnet.current.clients, { managementFeeBps: 100 });
    const v = twin.deployment.vault;
    await v.deposit(10n ** 12n, ALICE, { from: ALICE });
    const verbs = [
      (from: Address) => v.reportStrategyAssets(0n, { from }),
      (from: Address) => v.allocate(10n, { from }),
      (from: Address) => v.deallocate(10n, { from }),
      (from: Address) => v.processQueue(5n, { from }),
      (from: Address) => v.accrueFees({ from }),
    ];
    for (const verb of verbs) {
      for (const caller of [OWNER, GUARDIAN, ALICE, STRATEGY, OUTSIDER]) await expectUnauthorized(verb(caller), caller);
      await verb(KEEPER);
    }
  });

  it('pause refuses all but the guardian; unpause and every setting all but the owner', async () => {
    const twin = await deployTwin(devnet.current.clients);
    const v = twin.deployment.vault;
    for (const caller of [OWNER, KEEPER, ALICE, OUTSIDER]) await expectUnauthorized(v.pause({ from: caller }), caller);
    await v.pause({ from: GUARDIAN });
    expect(await v.isPaused()).toBe(true);
    await v.pause({ from: GUARDIAN }); // idempotent, like src/vault
    const ownerVerbs = [
      (from: Address) => v.unpause({ from }),
      (from: Address) => v.setFeeConfig({ managementFeeBps: 10, performanceFeeBps: 10, feeRecipient: FEE_RECIPIENT }, { from }),
      (from: Address) => v.setDepositCap(10n ** 15n, { from }),
      (from: Address) => v.setDepositorPolicy(OUTSIDER, { from }),
      (from: Address) => v.setStrategy(STRATEGY, { from }),
      (from: Address) => v.setOracle(OUTSIDER, 3_600, 500, { from }),
      (from: Address) => v.setFeeAccrualInterval(60, { from }),
      (from: Address) => v.grantRole('KEEPER_ROLE', OUTSIDER, { from }),
    ];
    for (const verb of ownerVerbs) {
      for (const caller of [KEEPER, GUARDIAN, ALICE, OUTSIDER]) await expectUnauthorized(verb(caller), caller);
      await verb(OWNER);
    }
    expect(await v.isPaused()).toBe(false);
    expect(await v.hasRole('KEEPER_ROLE', OUTSIDER)).toBe(true);
    // Fee limits are the TypeScript vault's: 10 % a year, half the gain, a real recipient.
    for (const bad of [
      { managementFeeBps: 1_001, performanceFeeBps: 0, feeRecipient: FEE_RECIPIENT },
      { managementFeeBps: 0, performanceFeeBps: 5_001, feeRecipient: FEE_RECIPIENT },
      { managementFeeBps: 0, performanceFeeBps: 0, feeRecipient: '0x0000000000000000000000000000000000000000' },
    ]) {
      const error = await refusal(v.setFeeConfig(bad, { from: OWNER }));
      expect((error as ChainRevertError).reason).toBe('VaultInvalidFeeConfig');
    }
  });

  it('pause blocks every verb that moves value at the share price, on both vaults; cancel, reports, fees and allocation continue', async () => {
    const twin = await deployTwin(devnet.current.clients, { managementFeeBps: 200 });
    const v = twin.deployment.vault;
    const { ts } = twin;
    const now = twin.now;
    const at = (from: Address) => ({ from, atSeconds: now });
    await both('deposit', () => ts.deposit(10n ** 12n, ALICE, now), () => v.deposit(10n ** 12n, ALICE, at(ALICE)), eq);
    const request = await both('request', () => ts.requestRedeem(10n ** 15n, ALICE, now), () => v.requestRedeem(10n ** 15n, at(ALICE)), () => undefined);
    expect(request.ok).toBe(true);
    ts.pause(now);
    await v.pause(at(GUARDIAN));
    const paused: [string, () => unknown, () => Promise<unknown>][] = [
      ['deposit', () => ts.deposit(1n, ALICE, now), () => v.deposit(1n, ALICE, at(ALICE))],
      ['mint', () => ts.mint(1n, ALICE, now), () => v.mint(1n, ALICE, at(ALICE))],
      ['withdraw', () => ts.withdraw(1n, ALICE, ALICE, now), () => v.withdraw(1n, ALICE, ALICE, at(ALICE))],
      ['redeem', () => ts.redeem(1n, ALICE, ALICE, now), () => v.redeem(1n, ALICE, ALICE, at(ALICE))],
      ['requestRedeem', () => ts.requestRedeem(1n, ALICE, now), () => v.requestRedeem(1n, at(ALICE))],
      ['processQueue', () => ts.processQueue(now), () => v.processQueue(10n, at(KEEPER))],
    ];
    for (const [label, tsVerb, chainVerb] of paused) {
      const outcome = await both(label, tsVerb, chainVerb, () => undefined);
      expect(outcome.ok, label).toBe(false);
      expect((await refusal(chainVerb())).message).toMatch(/^Paused/);
    }
    for (const who of [ALICE, BOB, FEE_RECIPIENT]) {
      expect([await v.maxDeposit(who, now), await v.maxMint(who, now), await v.maxWithdraw(who, now), await v.maxRedeem(who, now)]).toEqual([0n, 0n, 0n, 0n]);
    }
    await both('report', () => ts.reportStrategyAssets(0n, now), () => v.reportStrategyAssets(0n, at(KEEPER)), () => undefined);
    await both('accrue', () => ts.accrueFees(now).feeShares, async () => (await v.accrueFees(at(KEEPER))).feeShares, eq);
    await both('allocate', () => ts.allocate(1_000n, now), () => v.allocate(1_000n, at(KEEPER)), () => undefined);
    await both('deallocate', () => ts.deallocate(500n, now), () => v.deallocate(500n, at(KEEPER)), () => undefined);
    await both('cancel', () => ts.cancelRequest(1, ALICE, now), () => v.cancelRequest(1n, at(ALICE)), () => undefined);
    expect(await v.balanceOf(ALICE)).toBe(ts.balanceOf(ALICE));
    ts.unpause(now);
    await v.unpause(at(OWNER));
    await both('deposit after unpause', () => ts.deposit(7n, ALICE, now), () => v.deposit(7n, ALICE, at(ALICE)), eq);
  });

  it('queue: only the owner of a request cancels it; unknown, served and cancelled ids are refused', async () => {
    const twin = await deployTwin(devnet.current.clients);
    const v = twin.deployment.vault;
    const { ts, now } = twin;
    const at = (from: Address) => ({ from, atSeconds: now });
    await both('deposit', () => ts.deposit(10n ** 9n, ALICE, now), () => v.deposit(10n ** 9n, ALICE, at(ALICE)), eq);
    await both('request', () => ts.requestRedeem(10n ** 12n, ALICE, now), () => v.requestRedeem(10n ** 12n, at(ALICE)), () => undefined);
    const foreign = await both('foreign cancel', () => ts.cancelRequest(1, BOB, now), () => v.cancelRequest(1n, at(BOB)), () => undefined);
    expect(foreign.ok).toBe(false);
    expect((await refusal(v.cancelRequest(1n, at(BOB)))).message).toMatch(/^NotRequestOwner/);
    expect((await refusal(v.cancelRequest(9n, at(ALICE)))).message).toMatch(/^UnknownRequest/);
    await both('process', () => ts.processQueue(now).length, async () => (await v.processQueue(10n, at(KEEPER))).length, eq);
    expect((await refusal(v.cancelRequest(1n, at(ALICE)))).message).toMatch(/^UnknownRequest/); // served
    const zero = await refusal(v.requestRedeem(0n, at(ALICE)));
    expect((zero as ChainRevertError).reason).toBe('VaultZeroShares');
  });

  it('allowlist: only listed receivers get shares (both vaults agree); exits are never gated; only the policy owner lists', async () => {
    const twin = await deployTwin(devnet.current.clients, { allowlist: true });
    const v = twin.deployment.vault;
    const { ts, now } = twin;
    const list = new Allowlist();
    ts.setAccessPolicy(list.policy);
    const at = (from: Address) => ({ from, atSeconds: now });
    expect(await v.maxDeposit(ALICE, now)).toBe(0n);
    const refused = await both('unlisted deposit', () => ts.deposit(100n, ALICE, now), () => v.deposit(100n, ALICE, at(ALICE)), eq);
    expect(refused.ok).toBe(false);
    // The receiver is what counts: a listed payer cannot mint shares to an unlisted receiver.
    const error = await refusal(policyCall(twin, ALICE, 'allow', ALICE));
    expect((error as ChainRevertError).reason).toBe('OwnableUnauthorizedAccount');
    await policyCall(twin, OWNER, 'allow', ALICE);
    list.allow(ALICE);
    expect((await refusal(v.mint(100n, BOB, at(ALICE)))).message).toMatch(/^NotAllowed/);
    await both('listed deposit', () => ts.deposit(10n ** 9n, ALICE, now), () => v.deposit(10n ** 9n, ALICE, at(ALICE)), eq);
    await policyCall(twin, OWNER, 'revoke', ALICE);
    list.revoke(ALICE);
    const again = await both('revoked deposit', () => ts.deposit(1n, ALICE, now), () => v.deposit(1n, ALICE, at(ALICE)), eq);
    expect(again.ok).toBe(false);
    const shares = await v.balanceOf(ALICE);
    const exit = await both('revoked holder exits', () => ts.redeem(shares, ALICE, ALICE, now), () => v.redeem(shares, ALICE, ALICE, at(ALICE)), eq);
    expect(exit.ok).toBe(true);
  });

  it('asset-side failures are not src/vault refusals: a payer short of tokens, a strategy that stopped approving', async () => {
    const twin = await deployTwin(devnet.current.clients);
    const v = twin.deployment.vault;
    const short = await refusal(v.deposit(FUNDING + 1n, OUTSIDER, { from: OUTSIDER }));
    expect(short).toBeInstanceOf(ChainRevertError);
    expect((short as ChainRevertError).reason).toBe('ERC20InsufficientBalance');
    await v.deposit(10n ** 9n, ALICE, { from: ALICE });
    await v.allocate(10n ** 8n, { from: KEEPER });
    await sendDevnetTransaction(twin.clients, {
      from: STRATEGY,
      to: twin.deployment.asset,
      data: encodeFunctionData({ abi: testErc20Abi, functionName: 'approve', args: [twin.deployment.vaultAddress, 0n] }),
    });
    // src/vault would move the number; the contract needs the strategy to hand the tokens back.
    const pull = await refusal(v.deallocate(10n ** 8n, { from: KEEPER }));
    expect(pull).toBeInstanceOf(ChainRevertError);
    expect((pull as ChainRevertError).reason).toBe('ERC20InsufficientAllowance');
    expect(await v.deployedAssets()).toBe(10n ** 8n);
  });
});
