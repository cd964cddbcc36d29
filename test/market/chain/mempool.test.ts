// The mempool and block builder: fee ordering, nonces, delay, packing, expiry, replacement,
// visibility, and the two ways a searcher places transactions around a victim.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import { effectivePriorityFeePerGas, Mempool, type MempoolTransaction } from '../../../src/market/chain/mempool.js';

const GWEI = 1_000_000_000n;
const BASE = 10n * GWEI;
const LIMIT = 30_000_000n;

type Tx = MempoolTransaction<string>;

function tx(id: string, fields: Partial<Tx> = {}): Tx {
  return {
    id,
    sender: fields.sender ?? `s-${id}`,
    nonce: 0,
    gasLimit: 100_000n,
    maxFeePerGas: 100n * GWEI,
    maxPriorityFeePerGas: 1n * GWEI,
    submittedAtBlock: 0,
    payload: id,
    ...fields,
  };
}

const ids = (block: { included: readonly { transaction: Tx }[] }): string[] => block.included.map((i) => i.transaction.id);

describe('effectivePriorityFeePerGas', () => {
  it('is min(maxPriority, maxFee − baseFee), undefined when the base fee cannot be paid', () => {
    expect(effectivePriorityFeePerGas({ maxFeePerGas: 15n, maxPriorityFeePerGas: 3n }, 10n)).toBe(3n);
    expect(effectivePriorityFeePerGas({ maxFeePerGas: 11n, maxPriorityFeePerGas: 3n }, 10n)).toBe(1n);
    expect(effectivePriorityFeePerGas({ maxFeePerGas: 10n, maxPriorityFeePerGas: 3n }, 10n)).toBe(0n);
    expect(effectivePriorityFeePerGas({ maxFeePerGas: 9n, maxPriorityFeePerGas: 3n }, 10n)).toBeUndefined();
  });
});

describe('Mempool.buildBlock ordering', () => {
  it('orders by effective priority fee descending, ties by arrival', () => {
    const pool = new Mempool<string>();
    pool.submit(tx('low', { maxPriorityFeePerGas: 1n * GWEI }));
    pool.submit(tx('tieA', { maxPriorityFeePerGas: 2n * GWEI }));
    pool.submit(tx('high', { maxPriorityFeePerGas: 5n * GWEI }));
    pool.submit(tx('tieB', { maxPriorityFeePerGas: 2n * GWEI }));
    // Offers 9 gwei but its cap leaves only 0.5 gwei above the base fee.
    pool.submit(tx('capped', { maxPriorityFeePerGas: 9n * GWEI, maxFeePerGas: BASE + GWEI / 2n }));
    const block = pool.buildBlock(1, BASE, LIMIT);
    expect(ids(block)).toEqual(['high', 'tieA', 'tieB', 'low', 'capped']);
    expect(block.included.map((i) => i.index)).toEqual([0, 1, 2, 3, 4]);
    expect(block.included[4]!.priorityFeePerGasWei).toBe(GWEI / 2n);
    expect(block.included[4]!.effectiveGasPriceWei).toBe(BASE + GWEI / 2n);
    expect(block.gasPacked).toBe(500_000n);
    expect(pool.pendingCount).toBe(0);
  });

  it('leaves a transaction that cannot pay the base fee pending until the fee drops', () => {
    const pool = new Mempool<string>();
    pool.submit(tx('cheap', { maxFeePerGas: 8n * GWEI, maxPriorityFeePerGas: 1n * GWEI }));
    expect(ids(pool.buildBlock(1, BASE, LIMIT))).toEqual([]);
    expect(pool.isPending('cheap')).toBe(true);
    const block = pool.buildBlock(2, 7n * GWEI, LIMIT);
    expect(ids(block)).toEqual(['cheap']);
    expect(block.included[0]!.priorityFeePerGasWei).toBe(1n * GWEI);
  });

  it('respects the inclusion delay, the pool default and a per-transaction minimum', () => {
    const pool = new Mempool<string>({ inclusionDelayBlocks: 2 });
    pool.submit(tx('a', { submittedAtBlock: 10 }));
    pool.submit(tx('b', { submittedAtBlock: 10, minInclusionDelayBlocks: 4 }));
    pool.submit(tx('c', { submittedAtBlock: 10, minInclusionDelayBlocks: 0 }));
    expect(ids(pool.buildBlock(11, BASE, LIMIT))).toEqual([]);
    expect(ids(pool.buildBlock(12, BASE, LIMIT))).toEqual(['a', 'c']);
    expect(ids(pool.buildBlock(13, BASE, LIMIT))).toEqual([]);
    expect(ids(pool.buildBlock(14, BASE, LIMIT))).toEqual(['b']);
  });

  it('runs a sender in nonce order even when a later nonce tips more', () => {
    const pool = new Mempool<string>();
    pool.submit(tx('alice1', { sender: 'alice', nonce: 1, maxPriorityFeePerGas: 10n * GWEI }));
    pool.submit(tx('alice0', { sender: 'alice', nonce: 0, maxPriorityFeePerGas: 1n * GWEI }));
    pool.submit(tx('bob0', { sender: 'bob', nonce: 0, maxPriorityFeePerGas: 5n * GWEI }));
    expect(ids(pool.buildBlock(1, BASE, LIMIT))).toEqual(['bob0', 'alice0', 'alice1']);
    expect(pool.accountNonce('alice')).toBe(2);
    expect(pool.accountNonce('bob')).toBe(1);
  });

  it('holds a transaction behind a nonce gap until the gap fills', () => {
    const pool = new Mempool<string>();
    pool.setAccountNonce('carol', 5);
    pool.submit(tx('c6', { sender: 'carol', nonce: 6 }));
    expect(ids(pool.buildBlock(1, BASE, LIMIT))).toEqual([]);
    pool.submit(tx('c5', { sender: 'carol', nonce: 5, submittedAtBlock: 1 }));
    expect(ids(pool.buildBlock(2, BASE, LIMIT))).toEqual(['c5', 'c6']);
  });

  it('packs greedily: skips what does not fit, with its sender’s later nonces, and fills with smaller ones', () => {
    const pool = new Mempool<string>();
    pool.submit(tx('big', { sender: 'x', gasLimit: 700_000n, maxPriorityFeePerGas: 9n * GWEI }));
    pool.submit(tx('first', { gasLimit: 600_000n, maxPriorityFeePerGas: 10n * GWEI }));
    pool.submit(tx('bigNext', { sender: 'x', nonce: 1, gasLimit: 100_000n, maxPriorityFeePerGas: 9n * GWEI }));
    pool.submit(tx('small', { gasLimit: 300_000n, maxPriorityFeePerGas: 1n * GWEI }));
    pool.submit(tx('tooMuch', { gasLimit: 200_000n, maxPriorityFeePerGas: 1n * GWEI }));
    const block = pool.buildBlock(1, BASE, 1_000_000n);
    expect(ids(block)).toEqual(['first', 'small']);
    expect(block.gasPacked).toBe(900_000n);
    expect(pool.isPending('big') && pool.isPending('bigNext') && pool.isPending('tooMuch')).toBe(true);
    expect(ids(pool.buildBlock(2, BASE, 1_000_000n))).toEqual(['big', 'bigNext', 'tooMuch']);
  });
});

describe('Mempool expiry, replacement and refusals', () => {
  it('expires a transaction still pending after submittedAtBlock + ttlBlocks', () => {
    const pool = new Mempool<string>({ ttlBlocks: 5 });
    pool.submit(tx('neverPays', { maxFeePerGas: 1n * GWEI, maxPriorityFeePerGas: 1n * GWEI }));
    for (let b = 1; b <= 5; b++) expect(pool.buildBlock(b, BASE, LIMIT).dropped).toEqual([]);
    const block = pool.buildBlock(6, BASE, LIMIT);
    expect(block.dropped.map((d) => [d.transaction.id, d.reason])).toEqual([['neverPays', 'expired']]);
    expect(pool.isPending('neverPays')).toBe(false);
  });

  it('replaces a same-nonce transaction only with both caps bumped by 10 %', () => {
    const pool = new Mempool<string>();
    pool.submit(tx('v1', { sender: 'dan', maxFeePerGas: 100n, maxPriorityFeePerGas: 10n }));
    expect(pool.submit(tx('v2', { sender: 'dan', maxFeePerGas: 110n, maxPriorityFeePerGas: 10n }))).toEqual({
      status: 'rejected',
      reason: 'replacement-underpriced',
    });
    expect(pool.submit(tx('v3', { sender: 'dan', maxFeePerGas: 109n, maxPriorityFeePerGas: 11n }))).toEqual({
      status: 'rejected',
      reason: 'replacement-underpriced',
    });
    expect(pool.submit(tx('v4', { sender: 'dan', maxFeePerGas: 110n, maxPriorityFeePerGas: 11n }))).toEqual({
      status: 'replaced',
      replacedId: 'v1',
    });
    expect(pool.publicPending().map((t) => t.id)).toEqual(['v4']);
    expect(ids(pool.buildBlock(1, 50n, LIMIT))).toEqual(['v4']);
    expect(pool.submit(tx('late', { sender: 'dan', nonce: 0, submittedAtBlock: 1 }))).toEqual({
      status: 'rejected',
      reason: 'nonce-too-low',
    });
  });

  it('refuses malformed transactions and out-of-order blocks with InvalidInputError', () => {
    const pool = new Mempool<string>();
    pool.submit(tx('a'));
    expect(() => pool.submit(tx('a'))).toThrow(/already submitted/);
    expect(() => pool.submit(tx('b', { maxFeePerGas: 1n, maxPriorityFeePerGas: 2n }))).toThrow(/maxFeePerGas/);
    expect(() => pool.submit(tx('c', { gasLimit: 0n }))).toThrow(/gasLimit/);
    expect(() => pool.submit(tx('d', { nonce: -1 }))).toThrow(/nonce/);
    expect(() => pool.submit(tx('', {}))).toThrow(/id/);
    pool.buildBlock(5, BASE, LIMIT);
    expect(() => pool.buildBlock(5, BASE, LIMIT)).toThrow(/blockNumber/);
    expect(() => pool.submit(tx('e', { submittedAtBlock: 4 }))).toThrow(/submittedAtBlock/);
    expect(() => pool.buildBlock(6, -1n, LIMIT)).toThrow(InvalidInputError);
    expect(() => new Mempool({ ttlBlocks: -1 })).toThrow(/ttlBlocks/);
  });
});

describe('Mempool visibility', () => {
  it('hides private transactions from publicPending but includes them', () => {
    const pool = new Mempool<string>();
    pool.submit(tx('public'));
    pool.submit(tx('private', { isPrivate: true, maxPriorityFeePerGas: 3n * GWEI }));
    expect(pool.publicPending().map((t) => t.id)).toEqual(['public']);
    expect(pool.pendingCount).toBe(2);
    expect(ids(pool.buildBlock(1, BASE, LIMIT))).toEqual(['private', 'public']);
  });

  it('hands out frozen copies that observers cannot alter', () => {
    const pool = new Mempool<string>();
    pool.submit(tx('a'));
    const [seen] = pool.publicPending();
    expect(Object.isFrozen(seen)).toBe(true);
  });
});

describe('sandwiching a public victim', () => {
  const victim = tx('victim', { sender: 'user', maxPriorityFeePerGas: 2n * GWEI, submittedAtBlock: 10 });
  const front = tx('front', { sender: 'searcher', nonce: 0, maxPriorityFeePerGas: 3n * GWEI, submittedAtBlock: 10 });
  const back = tx('back', { sender: 'searcher', nonce: 1, maxPriorityFeePerGas: 1n * GWEI, submittedAtBlock: 10 });

  it('by tips: a higher tip lands before the victim, a lower one after it', () => {
    const pool = new Mempool<string>();
    pool.submit(victim);
    expect(pool.publicPending().map((t) => t.id)).toEqual(['victim']);
    pool.submit(front);
    pool.submit(back);
    expect(ids(pool.buildBlock(11, BASE, LIMIT))).toEqual(['front', 'victim', 'back']);
  });

  it('by tips is not a guarantee: a mid-tip transaction can land between victim and back-run', () => {
    const pool = new Mempool<string>();
    pool.submit(victim);
    pool.submit(front);
    pool.submit(back);
    pool.submit(tx('other', { maxPriorityFeePerGas: 1_500_000_000n, submittedAtBlock: 10 }));
    expect(ids(pool.buildBlock(11, BASE, LIMIT))).toEqual(['front', 'victim', 'other', 'back']);
  });

  it('by bundle: contiguous at the top of the target block, whatever the tips, own transactions private', () => {
    const pool = new Mempool<string>();
    pool.submit(victim);
    pool.submit(tx('whale', { maxPriorityFeePerGas: 50n * GWEI, submittedAtBlock: 10 }));
    const bundleId = pool.submitBundle(
      [{ ...front, maxPriorityFeePerGas: 0n }, 'victim', { ...back, maxPriorityFeePerGas: 0n }],
      11,
    );
    expect(pool.publicPending().map((t) => t.id)).toEqual(['victim', 'whale']);
    const block = pool.buildBlock(11, BASE, LIMIT);
    expect(ids(block)).toEqual(['front', 'victim', 'back', 'whale']);
    expect(block.included.slice(0, 3).map((i) => i.bundleId)).toEqual([bundleId, bundleId, bundleId]);
    expect(block.included[3]!.bundleId).toBeUndefined();
    expect(block.included[0]!.transaction.isPrivate).toBe(true);
    expect(block.bundles).toEqual([{ bundleId, included: true }]);
    expect(pool.isPending('victim')).toBe(false);
    expect(pool.accountNonce('searcher')).toBe(2);
  });

  it('by bundle, all or nothing: a failing leg leaves the victim to the pool', () => {
    const pool = new Mempool<string>();
    pool.submit(victim);
    // The back-run cannot pay the base fee, so nothing of the bundle lands.
    const bundleId = pool.submitBundle([front, 'victim', { ...back, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n }], 11);
    const block = pool.buildBlock(11, BASE, LIMIT);
    expect(ids(block)).toEqual(['victim']);
    expect(block.bundles).toEqual([{ bundleId, included: false, failureReason: 'fee-below-base-fee' }]);
    expect(pool.accountNonce('searcher')).toBe(0);
  });

  it('ranks competing bundles on one victim by tip per gas; the loser fails', () => {
    const pool = new Mempool<string>();
    pool.submit(victim);
    const poor = pool.submitBundle([front, 'victim', back], 11);
    const rich = pool.submitBundle(
      [
        tx('front2', { sender: 'rival', nonce: 0, maxPriorityFeePerGas: 4n * GWEI, submittedAtBlock: 10 }),
        'victim',
        tx('back2', { sender: 'rival', nonce: 1, maxPriorityFeePerGas: 1n * GWEI, submittedAtBlock: 10 }),
      ],
      11,
    );
    const block = pool.buildBlock(11, BASE, LIMIT);
    expect(ids(block)).toEqual(['front2', 'victim', 'back2']);
    expect(block.bundles).toEqual([
      { bundleId: rich, included: true },
      { bundleId: poor, included: false, failureReason: 'reference-not-pending' },
    ]);
  });

  it('reports the other ways a bundle fails', () => {
    const pool = new Mempool<string>({ inclusionDelayBlocks: 1 });
    pool.submit(victim);
    pool.submit(tx('other', { sender: 'o', submittedAtBlock: 10 }));
    const tooBig = pool.submitBundle([{ ...front, id: 'big', gasLimit: 2_000_000n }, 'victim'], 11);
    const badNonce = pool.submitBundle([{ ...front, id: 'n5', nonce: 5 }, 'victim'], 11);
    const early = pool.submitBundle([{ ...front, id: 'early', submittedAtBlock: 11 }, 'other'], 11);
    const missed = pool.submitBundle([{ ...front, id: 'missed' }], 11);
    const later = pool.submitBundle([{ ...front, id: 'later' }], 12);
    const block = pool.buildBlock(11, BASE, 1_000_000n);
    const reasons = Object.fromEntries(block.bundles.map((b) => [b.bundleId, b.failureReason ?? 'included']));
    expect(reasons[tooBig]).toBe('exceeds-gas-limit');
    expect(reasons[badNonce]).toBe('nonce-mismatch');
    expect(reasons[early]).toBe('not-includable-yet');
    expect(reasons[missed]).toBe('included');
    expect(reasons[later]).toBeUndefined();
    // Block 12 is skipped, so the bundle aimed at it is dropped at block 13.
    const next = pool.buildBlock(13, BASE, LIMIT);
    expect(next.bundles).toEqual([{ bundleId: later, included: false, failureReason: 'target-missed' }]);
  });

  it('drops pending transactions whose nonce a bundle used up', () => {
    const pool = new Mempool<string>();
    pool.submit(victim);
    pool.submit(tx('searcherPublic', { sender: 'searcher', nonce: 0, submittedAtBlock: 10 }));
    pool.submitBundle([{ ...front, id: 'f' }, 'victim'], 11);
    const block = pool.buildBlock(11, BASE, LIMIT);
    expect(ids(block)).toEqual(['f', 'victim']);
    expect(block.dropped.map((d) => [d.transaction.id, d.reason])).toEqual([['searcherPublic', 'nonce-too-low']]);
  });

  it('refuses bundles that reference private or unknown transactions, or carry none of their own', () => {
    const pool = new Mempool<string>();
    pool.submit(tx('hidden', { isPrivate: true }));
    pool.submit(victim);
    expect(() => pool.submitBundle([front, 'hidden'], 11)).toThrow(/not a public pending transaction/);
    expect(() => pool.submitBundle([front, 'ghost'], 11)).toThrow(/items\[1\]/);
    expect(() => pool.submitBundle(['victim'], 11)).toThrow(/own transaction/);
    expect(() => pool.submitBundle([], 11)).toThrow(/items/);
    expect(() => pool.submitBundle([{ ...front, id: 'x' }, 'victim', 'victim'], 11)).toThrow(/twice/);
    pool.buildBlock(11, BASE, LIMIT);
    expect(() => pool.submitBundle([{ ...front, id: 'y', submittedAtBlock: 11 }], 11)).toThrow(/targetBlockNumber/);
  });
});

describe('Mempool properties', () => {
  const arbitraryTxs = fc.array(
    fc.record({
      gasLimit: fc.bigInt({ min: 21_000n, max: 400_000n }),
      maxFeePerGas: fc.bigInt({ min: 0n, max: 40n }),
      tip: fc.bigInt({ min: 0n, max: 40n }),
      submittedAtBlock: fc.integer({ min: 0, max: 3 }),
    }),
    { maxLength: 40 },
  );

  it('single-transaction senders: sorted by tip then arrival, all eligible, maximal packing, deterministic', () => {
    fc.assert(
      fc.property(arbitraryTxs, fc.bigInt({ min: 0n, max: 30n }), fc.bigInt({ min: 21_000n, max: 2_000_000n }), (specs, baseFeeWei, gasLimit) => {
        const make = (): Mempool<string> => {
          const pool = new Mempool<string>();
          specs.forEach((s, i) =>
            pool.submit(
              tx(`t${i}`, {
                gasLimit: s.gasLimit,
                maxFeePerGas: s.maxFeePerGas > s.tip ? s.maxFeePerGas : s.tip,
                maxPriorityFeePerGas: s.tip,
                submittedAtBlock: s.submittedAtBlock,
              }),
            ),
          );
          return pool;
        };
        const pool = make();
        const block = pool.buildBlock(3, baseFeeWei, gasLimit);
        expect(make().buildBlock(3, baseFeeWei, gasLimit)).toEqual(block);
        expect(block.gasPacked).toBeLessThanOrEqual(gasLimit);
        const order = block.included.map((i) => Number(i.transaction.id.slice(1)));
        for (let k = 1; k < block.included.length; k++) {
          const a = block.included[k - 1]!;
          const b = block.included[k]!;
          expect(a.priorityFeePerGasWei >= b.priorityFeePerGasWei).toBe(true);
          if (a.priorityFeePerGasWei === b.priorityFeePerGasWei) expect(order[k - 1]!).toBeLessThan(order[k]!);
        }
        for (const included of block.included) {
          expect(included.transaction.maxFeePerGas).toBeGreaterThanOrEqual(baseFeeWei);
          expect(included.transaction.submittedAtBlock + 1).toBeLessThanOrEqual(3);
        }
        // Every eligible transaction left out did not fit what remained.
        const gasLeft = gasLimit - block.gasPacked;
        for (const pending of pool.publicPending()) {
          const eligible = pending.maxFeePerGas >= baseFeeWei && pending.submittedAtBlock + 1 <= 3;
          if (eligible) expect(pending.gasLimit).toBeGreaterThan(gasLeft);
        }
      }),
      { seed: 1337, numRuns: 300 },
    );
  });

  it('per-sender nonces are included consecutively from the account nonce', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ sender: fc.integer({ min: 0, max: 3 }), tip: fc.bigInt({ min: 0n, max: 9n }) }), { maxLength: 30 }),
        fc.bigInt({ min: 100_000n, max: 3_000_000n }),
        (specs, gasLimit) => {
          const pool = new Mempool<string>();
          const nextNonce = new Map<number, number>();
          specs.forEach((s, i) => {
            const nonce = nextNonce.get(s.sender) ?? 0;
            nextNonce.set(s.sender, nonce + 1);
            pool.submit(tx(`t${i}`, { sender: `s${s.sender}`, nonce, maxPriorityFeePerGas: s.tip, maxFeePerGas: 100n }));
          });
          const block = pool.buildBlock(1, 1n, gasLimit);
          const seen = new Map<string, number>();
          for (const { transaction } of block.included) {
            expect(transaction.nonce).toBe(seen.get(transaction.sender) ?? 0);
            seen.set(transaction.sender, transaction.nonce + 1);
          }
          for (const [sender, nonce] of seen) expect(pool.accountNonce(sender)).toBe(nonce);
        },
      ),
      { seed: 99, numRuns: 300 },
    );
  });
});
