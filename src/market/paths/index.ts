// Seeded synthetic price paths for the market simulator: one generator a file.
export { BLOCK_12S_YEARS, type PathGrid } from './types.js';
export { generateGbmPath, type GbmParams } from './gbm.js';
export { generateHestonPath, validateHestonParams, type HestonBuffers, type HestonParams, type HestonPath } from './heston.js';
export {
  generateMertonJumpPath,
  validateMertonJumpParams,
  type MertonJumpBuffers,
  type MertonJumpParams,
  type MertonJumpPath,
} from './merton-jump.js';
export {
  generateRegimeSwitchingPath,
  regimeTransitionMatrix,
  type Regime,
  type RegimeSwitchingBuffers,
  type RegimeSwitchingParams,
  type RegimeSwitchingPath,
} from './regime-switching.js';
export { matrixExponential, stationaryDistribution, type Matrix } from './markov.js';
