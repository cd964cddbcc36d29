import { describe, expect, it } from 'vitest';
import { buildSimulator, loadScenario, parseScenario } from '../../../src/market/scenario/index.js';
import { stateHash, type Receipt } from '../../../src/market/simulator/index.js';
import { projectRoot } from '../../../src/data/project-paths.js';
import { join } from 'node:path';

const example = loadScenario(join(projectRoot(), 'examples/scenarios/gbm-eth-usdc.json'));

function run(seed: number, blocks: number): { hash: string; receipts: string } {
  const { simulator } = buildSimulator(parseScenario({ ...example, seed, blocks }));
  const receipts: Receipt[] = [];
  for (let i = 0; i < blocks; i++) receipts.push(...simulator.step().receipts);
  return { hash: stateHash(simulator), receipts: JSON.stringify(receipts, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value)) };
}

describe('determinism', () => {
  it('the same seed gives the same state hash and the same receipts, byte for byte', () => {
    const a = run(42, 400);
    const b = run(42, 400);
    expect(a.hash).toBe(b.hash);
    expect(a.receipts).toBe(b.receipts);
    expect(a.receipts.length).toBeGreaterThan(1000);
  });

  it('another seed gives another market', () => {
    expect(run(43, 100).hash).not.toBe(run(42, 100).hash);
  });
});
