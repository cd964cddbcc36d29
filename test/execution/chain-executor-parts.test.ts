import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { bytesToHex } from 'viem';
import { afterAll, describe, expect, it } from 'vitest';
import { devnetAccount } from '../../src/chain/accounts.js';
import { projectRoot } from '../../src/data/project-paths.js';
import { bumpedFeeCaps, feeCapsFor, gasLimitWithMargin, MIN_REPLACEMENT_BUMP_BPS, nextBaseFeeWei } from '../../src/execution/fee-caps.js';
import { loadKeeperAccount } from '../../src/execution/keeper-key.js';
import { DEFAULT_RETRY_POLICY, nextRetryStep, type TxObservation } from '../../src/execution/retry-policy.js';
import { FileJournal, type JournalEntry } from '../../src/execution/send-journal.js';

const wei = fc.bigInt({ min: 0n, max: 10n ** 15n });

describe('fee caps', () => {
  it('the gas limit is the estimate times (1 + margin), rounded up', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 8n }), fc.bigInt({ min: 0n, max: 50_000n }), (estimate, marginBps) => {
        const limit = gasLimitWithMargin(estimate, marginBps);
        expect(limit * 10_000n >= estimate * (10_000n + marginBps)).toBe(true);
        expect((limit - 1n) * 10_000n < estimate * (10_000n + marginBps)).toBe(true);
      }),
    );
  });

  it('maxFeePerGas covers the base fee of each of the next six blocks, every one before it full', () => {
    fc.assert(
      fc.property(wei, wei, (baseFee, tip) => {
        let worst = baseFee;
        for (let block = 0; block < 5; block++) worst = nextBaseFeeWei(worst, 30_000_000n, 30_000_000n);
        const caps = feeCapsFor(baseFee, tip);
        expect(caps.maxPriorityFeePerGas).toBe(tip);
        // full blocks add 1/8 each (+1 wei at the least): 1.125^5 < 2, up to the five 1-wei steps
        expect(caps.maxFeePerGas + 5n >= worst + tip).toBe(true);
        // and not a seventh: the cap is a bound, not a blank cheque
        if (baseFee > 1000n) expect(caps.maxFeePerGas < nextBaseFeeWei(worst, 30_000_000n, 30_000_000n) + tip).toBe(true);
      }),
    );
  });

  it('a replacement raises both caps by at least the nodes\' 10 % and never offers less than the market', () => {
    fc.assert(
      fc.property(wei, wei, wei, wei, (cap, tip, marketCap, marketTip) => {
        const previous = { maxFeePerGas: cap + tip, maxPriorityFeePerGas: tip };
        const current = { maxFeePerGas: marketCap + marketTip, maxPriorityFeePerGas: marketTip };
        const bumped = bumpedFeeCaps(previous, current);
        for (const key of ['maxFeePerGas', 'maxPriorityFeePerGas'] as const) {
          expect(bumped[key] * 10_000n >= previous[key] * (10_000n + MIN_REPLACEMENT_BUMP_BPS)).toBe(true);
          expect(bumped[key] > previous[key]).toBe(true);
          expect(bumped[key] >= current[key]).toBe(true);
        }
        expect(bumped.maxFeePerGas >= bumped.maxPriorityFeePerGas).toBe(true);
      }),
    );
    expect(() => bumpedFeeCaps({ maxFeePerGas: 1n, maxPriorityFeePerGas: 1n }, { maxFeePerGas: 1n, maxPriorityFeePerGas: 1n }, 500n)).toThrow(/feeBumpBps/);
  });

  it('the base fee moves toward half-full blocks by at most 1/8', () => {
    fc.assert(
      fc.property(wei, fc.bigInt({ min: 1n, max: 10n ** 8n }), fc.double({ min: 0, max: 1, noNaN: true }), (baseFee, halfLimit, fill) => {
        // an even limit, as on every chain (an odd one lets a full block overshoot the 1/8)
        const gasLimit = 2n * halfLimit;
        const gasUsed = BigInt(Math.floor(Number(gasLimit) * fill));
        const next = nextBaseFeeWei(baseFee, gasUsed, gasLimit);
        const target = gasLimit / 2n;
        if (gasUsed > target) expect(next > baseFee).toBe(true);
        if (gasUsed < target) expect(next <= baseFee).toBe(true);
        const change = next > baseFee ? next - baseFee : baseFee - next;
        expect(change <= baseFee / 8n || change === 1n).toBe(true);
      }),
    );
  });
});

describe('retry policy', () => {
  const base: TxObservation = {
    mined: false, nonceConsumed: false, knownToNode: true, deadlinePassed: false, cancelSent: false, blocksSinceBroadcast: 0, replacements: 0,
  };
  const observations = fc.record({
    mined: fc.boolean(), nonceConsumed: fc.boolean(), knownToNode: fc.boolean(), deadlinePassed: fc.boolean(), cancelSent: fc.boolean(),
    blocksSinceBroadcast: fc.nat(20), replacements: fc.nat(5),
  });

  it('every step reuses the nonce: a mined or consumed nonce ends it, a cancel is signed once, replacements are capped', () => {
    fc.assert(
      fc.property(observations, (observed) => {
        const step = nextRetryStep(observed, DEFAULT_RETRY_POLICY);
        if (observed.mined) expect(step).toBe('mined');
        else if (observed.nonceConsumed) expect(step).toBe('dropped');
        if (step === 'cancel') expect(observed.cancelSent).toBe(false);
        if (step === 'replace') {
          expect(observed.cancelSent).toBe(false);
          expect(observed.replacements).toBeLessThan(DEFAULT_RETRY_POLICY.maxReplacements);
        }
        if (observed.deadlinePassed && !observed.cancelSent && !observed.mined && !observed.nonceConsumed) expect(step).toBe('cancel');
      }),
    );
  });

  it('waits while the node holds a fresh transaction, rebroadcasts the same bytes when it lost one', () => {
    expect(nextRetryStep(base, DEFAULT_RETRY_POLICY)).toBe('wait');
    expect(nextRetryStep({ ...base, knownToNode: false }, DEFAULT_RETRY_POLICY)).toBe('rebroadcast');
    expect(nextRetryStep({ ...base, blocksSinceBroadcast: DEFAULT_RETRY_POLICY.replaceAfterBlocks }, DEFAULT_RETRY_POLICY)).toBe('replace');
  });
});

describe('keeper key and journal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vaultwright-keeper-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const devKey = bytesToHex(devnetAccount(1).getHdKey().privateKey!);

  it('reads the key from the environment or a private file outside the repository, never echoing it', () => {
    expect(loadKeeperAccount({ env: 'K' }, { K: devKey }).address).toBe(devnetAccount(1).address);
    expect(() => loadKeeperAccount({ env: 'K' }, {})).toThrow(/not set/);
    try {
      loadKeeperAccount({ env: 'K' }, { K: `${devKey}zz` });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain(devKey.slice(2, 20));
    }
    const file = join(dir, 'keeper.key');
    writeFileSync(file, `${devKey}\n`, { mode: 0o600 });
    expect(loadKeeperAccount({ file }).address).toBe(devnetAccount(1).address);
    chmodSync(file, 0o644);
    expect(() => loadKeeperAccount({ file })).toThrow(/group or others/);
    expect(() => loadKeeperAccount({ file: join(projectRoot(), 'package.json') })).toThrow(/inside the repository/);
  });

  it('the file journal reads back what it wrote, bigints included', () => {
    const path = join(dir, 'journal.json');
    const entry: JournalEntry = {
      key: 'k', intent: { kind: 'swap', pool: 'p', zeroForOne: true, amountIn: 10n ** 30n, reason: 'r' },
      actions: [{ kind: 'v3Swap', pool: 'p', zeroForOne: true, amountSpecified: 10n ** 30n, amountOutMinimum: 7n }],
      decidedAtBlock: 1, submittedAtBlock: 2, deadlineSeconds: 3, gasCeilingWei: 4n,
      txs: [{ nonce: 5, to: '0x0000000000000000000000000000000000000001', data: '0x', gas: 6n, fees: { maxFeePerGas: 8n, maxPriorityFeePerGas: 7n }, hashes: ['0xab'], raw: '0xcd', broadcastAtBlock: 2, replacements: 0 }],
    };
    new FileJournal(path).put(entry);
    expect(new FileJournal(path).entries()).toEqual([entry]);
    new FileJournal(path).remove('k');
    expect(new FileJournal(path).entries()).toEqual([]);
  });
});
