// npx tsx bench/math/swap-step-main.ts — prints the swap-step / TickMath benchmark as JSON.
import { runSwapStepBench } from './swap-step.js';

process.stdout.write(`${JSON.stringify(runSwapStepBench(), null, 2)}\n`);
