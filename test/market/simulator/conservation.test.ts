import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { projectRoot } from '../../../src/data/project-paths.js';
import { buildSimulator, loadScenario, parseScenario } from '../../../src/market/scenario/index.js';
import { auditConservation } from '../../../src/market/simulator/index.js';

const example = loadScenario(join(projectRoot(), 'examples/scenarios/gbm-eth-usdc.json'));

describe('conservation', () => {
  it('token supply is minted − burned, and every venue holds what its own books say (random seeds)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.double({ min: 0.3, max: 1.5, noNaN: true }), (seed, vol) => {
        const scenario = parseScenario({ ...example, seed, blocks: 150, price: { model: 'gbm', initialPrice: 2000, driftAnnual: 0, volAnnual: vol } });
        const { simulator } = buildSimulator(scenario);
        const minted = new Map(simulator.ledger.tokens().map((t) => [t, simulator.ledger.minted(t)]));
        for (let block = 0; block < 150; block++) {
          simulator.step();
          if (block % 50 === 49) expect(auditConservation(simulator)).toEqual([]);
        }
        // No token was created after genesis; only ETH was destroyed (the burned base fee).
        for (const token of simulator.ledger.tokens()) {
          expect(simulator.ledger.minted(token)).toBe(minted.get(token));
          if (token !== 'ETH') expect(simulator.ledger.totalOf(token)).toBe(minted.get(token));
        }
        expect(simulator.ledger.burned('ETH')).toBeGreaterThan(0n);
      }),
      { numRuns: 6, seed: 20251125 },
    );
  });
});
