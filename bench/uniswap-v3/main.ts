// npx tsx bench/uniswap-v3/main.ts — swap throughput of the TypeScript Uniswap v3 pool against
// @uniswap/v3-sdk and the real pool on anvil, with bit-exactness checked; prints JSON.
//   BENCH_SEED=<uint32>  BENCH_SWAPS=<n per sequence>  BENCH_ANVIL_SWAPS=<n>  BENCH_REPS=<n>
import { DEFAULT_OPTIONS, runPoolSwapBench, type BenchOptions } from './pool-swaps.js';

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(Number.isSafeInteger(value) && value > 0)) {
    process.stderr.write(`${name}=${raw}: expected a positive integer\n`);
    process.exit(2);
  }
  return value;
}

const options: BenchOptions = {
  ...DEFAULT_OPTIONS,
  seed: envInt('BENCH_SEED', DEFAULT_OPTIONS.seed),
  swaps: envInt('BENCH_SWAPS', DEFAULT_OPTIONS.swaps),
  anvilSwaps: envInt('BENCH_ANVIL_SWAPS', DEFAULT_OPTIONS.anvilSwaps),
  reps: envInt('BENCH_REPS', DEFAULT_OPTIONS.reps),
};

const report = await runPoolSwapBench(options);
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
if (report.summary.mismatches !== 0) process.exitCode = 1;
