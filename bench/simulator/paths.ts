// `npx tsx bench/simulator/paths.ts`: throughput of the seeded path generators over one year of
// 12-second blocks (2,628,000 steps) into reused buffers, and of the replay lookups (binary
// search and forward cursor) on the 50,390-minute Uniswap history; prints JSON. Each figure is
// the best of several passes after a warm-up. The RNG's raw normal rate is the ceiling.
import { dataPath } from '../../src/data/project-paths.js';
import { createCursor, loadUniswapV3MinuteSeries, sampleAt } from '../../src/market/feeds/index.js';
import {
  BLOCK_12S_YEARS,
  generateGbmPath,
  generateHestonPath,
  generateMertonJumpPath,
  generateRegimeSwitchingPath,
} from '../../src/market/paths/index.js';
import { createSeededRandom } from '../../src/math/stats.js';

const STEPS = 365 * 24 * 300;

function bestRate(pass: (rep: number) => void, opsPerPass: number, reps = 5): number {
  pass(-1);
  let best = 0;
  for (let r = 0; r < reps; r++) {
    const start = performance.now();
    pass(r);
    best = Math.max(best, opsPerPass / ((performance.now() - start) / 1000));
  }
  return Math.round(best);
}

const grid = { steps: STEPS, dtYears: BLOCK_12S_YEARS, initialPrice: 2000 };
const prices = new Float64Array(STEPS + 1);
const variances = new Float64Array(STEPS + 1);
const counts = new Uint32Array(STEPS);
const regimes = new Uint32Array(STEPS);

const rngNormalsPerSecond = bestRate((rep) => {
  const random = createSeededRandom(rep + 1);
  let sink = 0;
  for (let i = 0; i < STEPS; i++) sink += random.normal();
  if (Number.isNaN(sink)) throw new Error('unreachable');
}, STEPS);

const stepsPerSecond = {
  gbm: bestRate((rep) => generateGbmPath({ ...grid, seed: rep + 1, driftAnnual: 0.05, volAnnual: 0.8 }, prices), STEPS),
  heston: bestRate(
    (rep) =>
      generateHestonPath(
        { ...grid, seed: rep + 1, driftAnnual: 0.05, kappa: 2, thetaVariance: 0.5, volOfVol: 1, rho: -0.5, initialVariance: 0.5 },
        { prices, variances },
      ),
    STEPS,
  ),
  mertonJump: bestRate(
    (rep) =>
      generateMertonJumpPath(
        { ...grid, seed: rep + 1, driftAnnual: 0.05, volAnnual: 0.6, jumpIntensityAnnual: 12, jumpMeanLog: -0.05, jumpVolLog: 0.1 },
        { prices, jumpCounts: counts },
      ),
    STEPS,
  ),
  regimeSwitching: bestRate(
    (rep) =>
      generateRegimeSwitchingPath(
        {
          ...grid,
          seed: rep + 1,
          regimes: [
            { driftAnnual: 0.1, volAnnual: 0.5 },
            { driftAnnual: -0.3, volAnnual: 1.2 },
          ],
          generatorAnnual: [
            [-6, 6],
            [24, -24],
          ],
        },
        { prices, regimes },
      ),
    STEPS,
  ),
};

const pool = loadUniswapV3MinuteSeries(dataPath('uniswap_v3/polygon_univ3_usdc_weth_005_0x45dda9cb_1m_2022-07-19_2022-08-22.csv'));
const first = pool.timestampSeconds[0]!;
const span = pool.timestampSeconds[pool.timestampSeconds.length - 1]! - first;
const blocks = Math.floor(span / 12);
const lookupsPerSecond = {
  sampleAtRandomTimes: bestRate((rep) => {
    const random = createSeededRandom(rep + 7);
    let sink = 0;
    for (let i = 0; i < blocks; i++) sink += sampleAt(pool, 'closeTick', first + random.uniform() * span);
    if (Number.isNaN(sink)) throw new Error('unreachable');
  }, blocks),
  cursorEvery12sBlock: bestRate(() => {
    const cursor = createCursor(pool);
    let sink = 0;
    for (let i = 0; i < blocks; i++) sink += cursor.sampleAt('closeTick', first + 12 * i);
    if (Number.isNaN(sink)) throw new Error('unreachable');
  }, blocks),
};

const result = { benchmark: 'simulator-paths', node: process.version, steps: STEPS, rngNormalsPerSecond, stepsPerSecond, replay: { rows: pool.timestampSeconds.length, blocks, lookupsPerSecond } };
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
