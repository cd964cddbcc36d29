import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { projectRoot } from '../../../src/data/project-paths.js';
import { buildSimulator, loadScenario, parseScenario } from '../../../src/market/scenario/index.js';
import type { ArbitrageAgent } from '../../../src/market/simulator/index.js';

const example = loadScenario(join(projectRoot(), 'examples/scenarios/gbm-eth-usdc.json'));
const POOL = example.venues.pools[0]!.id;

/** Relative gaps |pool / external − 1| after each block, with or without the arbitrageur. */
function gaps(withArbitrageur: boolean, blocks: number): number[] {
  const agents = withArbitrageur ? example.agents.filter((a) => a.type === 'arbitrageur') : [];
  const { simulator } = buildSimulator(parseScenario({ ...example, blocks, agents }));
  const out: number[] = [];
  for (let i = 0; i < blocks; i++) {
    simulator.step();
    out.push(Math.abs(simulator.view.pool(POOL).price / simulator.view.externalPrice - 1));
  }
  return out;
}

describe('arbitrageur in the simulator', () => {
  it('keeps the pool within its fee band of the external price, block after block', () => {
    const fee = example.venues.pools[0]!.feePips / 1e6;
    const arbitraged = gaps(true, 1500);
    const free = gaps(false, 1500);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    // Inside the band up to what one block's move and gas leave: never far out.
    expect(Math.max(...arbitraged)).toBeLessThan(fee + 0.003);
    expect(mean(arbitraged)).toBeLessThan(fee + 0.0005);
    // Without it the pool stays put while the price wanders off.
    expect(mean(free)).toBeGreaterThan(5 * mean(arbitraged));
  });

  it('trades only when it pays: each trade gains more than its gas at the external price of its block', () => {
    const { simulator, agents } = buildSimulator(parseScenario({ ...example, blocks: 800, agents: example.agents.filter((a) => a.type === 'arbitrageur') }));
    let trades = 0;
    for (let i = 0; i < 800; i++) {
      const summary = simulator.step();
      const price = summary.externalPrice;
      for (const receipt of summary.receipts) {
        expect(receipt.status).toBe('success');
        const { amount0, amount1 } = receipt.result as { amount0: bigint; amount1: bigint };
        // The pool's deltas: the arbitrageur receives −amount (WETH 18, USDC 6 decimals).
        const gainUsd = (-Number(amount0) / 1e18) * price - Number(amount1) / 1e6;
        const gasUsd = (Number(receipt.gasCostWei) / 1e18) * price;
        expect(gainUsd).toBeGreaterThan(gasUsd);
        trades++;
      }
    }
    expect(trades).toBeGreaterThan(20);
    expect((agents[0] as ArbitrageAgent).submitted).toBe(trades);
  });
});
