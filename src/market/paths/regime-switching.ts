// Regime switching: a Markov chain over K regimes (calm, stressed, crash…), each stepping the
// price as exact GBM with its own drift and vol. The chain is given either per step (a
// transition matrix) or per year (a generator Q, turned into exp(Q·dt) once), so the same
// regimes can drive a 12-second block clock or a daily one without re-deriving probabilities.
import { InvalidInputError } from '../../errors.js';
import { createSeededRandom } from '../../math/stats.js';
import { type Matrix, matrixExponential, validateGenerator, validateTransitionMatrix } from './markov.js';
import { type PathGrid, outputBuffer, validateDriftAndVol, validateGrid } from './types.js';

export interface Regime {
  readonly driftAnnual: number;
  readonly volAnnual: number;
}

interface RegimeSwitchingBase extends PathGrid {
  readonly regimes: readonly Regime[];
  /** Regime of the first step; 0 unless given. */
  readonly initialRegime?: number;
}

export type RegimeSwitchingParams =
  | (RegimeSwitchingBase & {
      /** P[i][j]: probability of moving from regime i to j between two steps. */
      readonly transitionMatrix: Matrix;
      readonly generatorAnnual?: undefined;
    })
  | (RegimeSwitchingBase & {
      /** Q[i][j] (i ≠ j): rate of moving from i to j per year; rows sum to 0. */
      readonly generatorAnnual: Matrix;
      readonly transitionMatrix?: undefined;
    });

export interface RegimeSwitchingPath {
  readonly prices: Float64Array;
  /** Regime that drives step i (from price i to price i + 1); `steps` values. */
  readonly regimes: Uint32Array;
}

export interface RegimeSwitchingBuffers {
  readonly prices: Float64Array;
  readonly regimes: Uint32Array;
}

/** Validates the parameters and returns the per-step transition matrix the path will use. */
export function regimeTransitionMatrix(params: RegimeSwitchingParams): number[][] {
  validateGrid(params);
  const k = params.regimes.length;
  if (k < 1) throw new InvalidInputError('regimes.length', k, 'need at least one regime');
  params.regimes.forEach((regime, i) => {
    try {
      validateDriftAndVol(regime.driftAnnual, regime.volAnnual);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      throw new InvalidInputError(`regimes[${i}].${error.field}`, error.value, error.reason);
    }
  });
  const initial = params.initialRegime ?? 0;
  if (!(Number.isInteger(initial) && initial >= 0 && initial < k)) {
    throw new InvalidInputError('initialRegime', initial, `must be an integer in [0, ${k - 1}]`);
  }
  const hasMatrix = params.transitionMatrix !== undefined;
  const hasGenerator = params.generatorAnnual !== undefined;
  if (hasMatrix === hasGenerator) {
    throw new InvalidInputError('transitionMatrix', hasMatrix ? 'both given' : 'neither given', 'give exactly one of transitionMatrix or generatorAnnual');
  }
  if (params.transitionMatrix !== undefined) {
    validateTransitionMatrix('transitionMatrix', params.transitionMatrix, k);
    return params.transitionMatrix.map((row) => row.slice());
  }
  validateGenerator('generatorAnnual', params.generatorAnnual, k);
  return matrixExponential(params.generatorAnnual, params.dtYears);
}

export function generateRegimeSwitchingPath(params: RegimeSwitchingParams, buffers?: RegimeSwitchingBuffers): RegimeSwitchingPath {
  const transition = regimeTransitionMatrix(params);
  const { steps, dtYears } = params;
  const k = params.regimes.length;
  const prices = outputBuffer('buffers.prices', steps + 1, buffers?.prices);
  let regimes = buffers?.regimes;
  if (regimes === undefined) regimes = new Uint32Array(steps);
  else if (regimes.length !== steps) throw new InvalidInputError('buffers.regimes.length', regimes.length, `must equal steps = ${steps}`);

  // Flat per-regime constants and cumulative rows keep the hot loop to array reads.
  const drift = new Float64Array(k);
  const diffusion = new Float64Array(k);
  for (let r = 0; r < k; r++) {
    const { driftAnnual, volAnnual } = params.regimes[r]!;
    drift[r] = (driftAnnual - 0.5 * volAnnual * volAnnual) * dtYears;
    diffusion[r] = volAnnual * Math.sqrt(dtYears);
  }
  const cumulative = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      sum += transition[i]![j]!;
      cumulative[i * k + j] = sum;
    }
    // A row summing to 1 − 1e-16 must still always land somewhere: the last column takes it.
    cumulative[i * k + k - 1] = Infinity;
  }

  const random = createSeededRandom(params.seed);
  let regime = params.initialRegime ?? 0;
  let logPrice = Math.log(params.initialPrice);
  prices[0] = params.initialPrice;
  for (let i = 0; i < steps; i++) {
    regimes[i] = regime;
    logPrice += drift[regime]! + diffusion[regime]! * random.normal();
    prices[i + 1] = Math.exp(logPrice);
    const u = random.uniform();
    const base = regime * k;
    let next = 0;
    while (u >= cumulative[base + next]!) next++;
    regime = next;
  }
  return { prices, regimes };
}
