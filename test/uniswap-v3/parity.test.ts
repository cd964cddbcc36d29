// Parity of the TypeScript UniswapV3Pool with the REAL v3-core pool bytecode on anvil: the same
// seeded random operation sequence on both, every return value and refusal compared exactly,
// pool-wide state after every operation, and all storage at checkpoints.
//
//   PARITY_SEED=<uint32>   base seed (default below); run k uses seed + k
//   PARITY_OPS=<n>         random operations per run (default 600, plus a 10-op prelude)
//   PARITY_RUNS=<n>        how many runs (default 3; each one its own fee tier and clock)
//
// On a mismatch the error names the run (seed, fee tier), the op index, the op and both values
// (and the six ops before it). The run is reproduced exactly by the same PARITY_SEED and
// PARITY_OPS; add `-t 'seed <n>:'` to rerun only that run. Run k uses seed PARITY_SEED + k and
// tier k of TIERS below.
import { afterAll, describe, expect, it } from 'vitest';
import type { AnvilInstance } from '../../src/chain/anvil.js';
import { runFocused } from './parity/focused.js';
import { runParity, type RunConfig } from './parity/run.js';

const DEFAULT_SEED = 20_240_611;

function envInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    throw new Error(`${name}=${raw}: expected an integer in [${min}, ${max}]`);
  }
  return value;
}

const baseSeed = envInt('PARITY_SEED', DEFAULT_SEED, 0, 0xffffffff);
const opsPerRun = envInt('PARITY_OPS', 600, 1, 1_000_000);
const runs = envInt('PARITY_RUNS', 3, 1, 1000);

/**
 * Fee tiers and clocks, cycled by run: 0.3 %/60, 0.05 %/10, 1 %/200 with a clock that crosses
 * the uint32 wrap of block.timestamp (2^32 s) during the run, and (4th run, opt-in through
 * PARITY_RUNS=4: about 40 s on its own) a custom 0.01 %/1 tier enabled on the factory, whose
 * usable ticks are MIN_TICK/MAX_TICK themselves; there a swap to the price edge walks ~3500
 * bitmap words (~55 M gas, ~0.6 s on anvil), which is why it is not in the default suite.
 */
const TIERS: ReadonlyArray<Omit<RunConfig, 'seed' | 'ops' | 'checkpoints'>> = [
  { fee: 3000, tickSpacing: 60, genesisTimestamp: 1_700_000_000 },
  { fee: 500, tickSpacing: 10, genesisTimestamp: 1_650_000_000 },
  { fee: 10000, tickSpacing: 200, genesisTimestamp: 2 ** 32 - 86_400 - 43_200 }, // starts 12 h before the wrap
  { fee: 100, tickSpacing: 1, genesisTimestamp: 1_600_000_000 },
];

const configs: RunConfig[] = Array.from({ length: runs }, (_, k) => ({
  ...(TIERS[k % TIERS.length] as (typeof TIERS)[number]),
  seed: (baseSeed + k) >>> 0,
  ops: opsPerRun,
  checkpoints: 4,
}));

console.log(
  `[parity] PARITY_SEED=${baseSeed} PARITY_OPS=${opsPerRun} PARITY_RUNS=${runs}: seeds ${configs.map((c) => c.seed).join(', ')}`,
);

describe(`Uniswap v3 pool parity with the real bytecode (PARITY_SEED=${baseSeed})`, () => {
  const started = new Set<AnvilInstance>();
  afterAll(async () => {
    for (const anvil of started) await anvil.stop();
  });

  it(`focused (seed ${baseSeed}): getSqrtRatioAtTick via mint amounts, getTickAtSqrtRatio via swaps to limits, TWAP via observe`, async () => {
    const stats = await runFocused(baseSeed, (anvil) => started.add(anvil));
    console.log(`[parity] focused ${JSON.stringify(stats)}`);
    expect(stats.sqrtRatioMints).toBe(40);
    expect(stats.tickAtPriceSwaps).toBeGreaterThan(80);
    expect(stats.twapLookbacks).toBeGreaterThan(4);
  });

  for (const config of configs) {
    it(`seed ${config.seed}: ${config.ops} random ops, fee ${config.fee} / spacing ${config.tickSpacing}`, async () => {
      console.log(`[parity] seed ${config.seed} (fee ${config.fee}, spacing ${config.tickSpacing}, ${config.ops} ops)`);
      const stats = await runParity(config, (anvil) => started.add(anvil));
      console.log(`[parity] ${JSON.stringify(stats)}`);
      // Coverage of the sequence itself (the comparisons inside the run are the real assertions).
      expect(stats.operations).toBe(config.ops + 10);
      if (config.ops >= 500) {
        expect(stats.byKind['mint'] ?? 0).toBeGreaterThan(30);
        expect(stats.byKind['burn'] ?? 0).toBeGreaterThan(20);
        expect(stats.byKind['collect'] ?? 0).toBeGreaterThan(20);
        expect(stats.swaps.total).toBeGreaterThan(150);
        expect(stats.swaps.crossingInitializedTicks).toBeGreaterThan(10);
        expect(stats.swaps.endedAtPriceLimit).toBeGreaterThan(5);
        expect(stats.sameTimestampBlocks).toBeGreaterThan(5);
        for (const reason of ['LOK', 'AI', 'R', 'AMOUNT_ZERO', 'TLU', 'TLM', 'TUM', 'AS', 'SPL', 'LS']) {
          expect(stats.reverts[reason] ?? 0, `refusals '${reason}'`).toBeGreaterThan(0);
        }
        expect(stats.checkpoints.length).toBe(config.checkpoints + 1);
        // the clock of the run that starts 12 h before 2^32 really crosses the uint32 wrap
        if (config.genesisTimestamp > 2 ** 32 - 3 * 86_400) {
          expect(stats.startTimestamp).toBeLessThan(2 ** 32);
          expect(stats.endTimestamp).toBeGreaterThan(2 ** 32);
        }
      }
    });
  }
});
