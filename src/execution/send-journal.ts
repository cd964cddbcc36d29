/**
 * The chain executor's write-ahead journal: every transaction is recorded (nonce, signed bytes,
 * hash) BEFORE it is broadcast, and its intent stays recorded until its outcome is known. A
 * restarted executor reads it back, so a crash between "signed" and "mined" never leads to the
 * same intent being sent again under a new nonce (see retry-policy.ts).
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { Address, Hash, Hex } from 'viem';
import type { Action } from '../market/simulator/actions.js';
import type { Intent } from '../strategy/types.js';
import type { FeeCaps } from './fee-caps.js';

export interface JournalTx {
  readonly nonce: number;
  readonly to: Address;
  readonly data: Hex;
  readonly gas: bigint;
  /** fees of the latest version */
  fees: FeeCaps;
  /** every version signed at this nonce, oldest first: original, replacements, cancel */
  readonly hashes: Hash[];
  /** signed bytes of the latest version (to rebroadcast unchanged) */
  raw: Hex;
  /** block number when the latest version was broadcast */
  broadcastAtBlock: number;
  replacements: number;
  /** the hash of the 0-value self-transfer signed at this nonce, if any */
  cancelHash?: Hash;
}

export interface JournalEntry {
  /** the intent's identity (every field but the reason): one live entry per key */
  readonly key: string;
  readonly intent: Intent;
  readonly actions: readonly Action[];
  readonly decidedAtBlock: number;
  readonly submittedAtBlock: number;
  readonly deadlineSeconds: number;
  readonly gasCeilingWei: bigint;
  readonly txs: JournalTx[];
}

export interface SendJournal {
  entries(): readonly JournalEntry[];
  /** records (or re-records after a change) an entry; durable when it returns */
  put(entry: JournalEntry): void;
  remove(key: string): void;
}

export class MemoryJournal implements SendJournal {
  protected readonly byKey = new Map<string, JournalEntry>();
  entries(): readonly JournalEntry[] {
    return [...this.byKey.values()];
  }
  put(entry: JournalEntry): void {
    this.byKey.set(entry.key, entry);
  }
  remove(key: string): void {
    this.byKey.delete(key);
  }
}

/** A JSON file rewritten atomically (temp file, fsync, rename) on every change. */
export class FileJournal extends MemoryJournal {
  constructor(readonly path: string) {
    super();
    if (existsSync(path)) {
      const parsed = JSON.parse(readFileSync(path, 'utf8'), (_key, value: unknown) =>
        typeof value === 'object' && value !== null && '$bigint' in value ? BigInt((value as { $bigint: string }).$bigint) : value,
      ) as JournalEntry[];
      for (const entry of parsed) this.byKey.set(entry.key, entry);
    }
  }
  override put(entry: JournalEntry): void {
    super.put(entry);
    this.flush();
  }
  override remove(key: string): void {
    super.remove(key);
    this.flush();
  }
  private flush(): void {
    const text = JSON.stringify(this.entries(), (_key, value: unknown) => (typeof value === 'bigint' ? { $bigint: value.toString() } : value));
    const temp = `${this.path}.tmp`;
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.path);
  }
}
