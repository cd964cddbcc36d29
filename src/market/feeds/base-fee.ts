// A recorded base-fee history for the simulator's replay mode: a CSV with `timestamp` (UTC) and
// `base_fee_wei` (an integer), one row per block or per sample, strictly increasing in time.
import { z } from 'zod';
import { readCsv } from '../../data/csv.js';
import { InvalidInputError } from '../../errors.js';
import type { BaseFeeHistoryEntry } from '../chain/base-fee.js';
import { utcTimestampCell } from './time.js';

const baseFeeRow = z.object({
  timestamp: utcTimestampCell,
  base_fee_wei: z.string().regex(/^\d+$/, 'must be a whole number of wei'),
});

export function loadBaseFeeHistory(path: string): BaseFeeHistoryEntry[] {
  const rows = readCsv(path, baseFeeRow);
  const history = rows.map((row) => ({ timestampSeconds: row.timestamp, baseFeeWei: BigInt(row.base_fee_wei) }));
  for (let i = 1; i < history.length; i++) {
    if (history[i]!.timestampSeconds <= history[i - 1]!.timestampSeconds) {
      throw new InvalidInputError(`${path}:${i + 2} column timestamp`, rows[i]!.timestamp, 'timestamps must increase');
    }
  }
  return history;
}
