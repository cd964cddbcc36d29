// `npm run bench:math`: option math and Uniswap swap-step throughput against the npm packages
// a JavaScript user would otherwise pick, measured in the same run; prints JSON.
import { runOptionsBench } from './options.js';
import { runSwapStepBench } from './swap-step.js';

const result = {
  benchmark: 'math',
  node: process.version,
  options: runOptionsBench(),
  uniswapV3: runSwapStepBench(),
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
