// Small dense-matrix helpers for the regime-switching chain: checking a transition matrix or a
// generator, turning a per-year generator into a per-step matrix, and the stationary law.
import { InvalidInputError } from '../../errors.js';

export type Matrix = readonly (readonly number[])[];

// Rows are typed by hand or computed in floating point; 1e-9 tolerates both, not a typo.
const ROW_SUM_TOLERANCE = 1e-9;

function requireSquare(field: string, matrix: Matrix, size: number): void {
  if (matrix.length !== size) throw new InvalidInputError(`${field}.length`, matrix.length, `must equal the number of regimes (${size})`);
  for (let i = 0; i < size; i++) {
    const row = matrix[i]!;
    if (row.length !== size) throw new InvalidInputError(`${field}[${i}].length`, row.length, `must equal the number of regimes (${size})`);
    for (let j = 0; j < size; j++) {
      if (!Number.isFinite(row[j]!)) throw new InvalidInputError(`${field}[${i}][${j}]`, row[j], 'must be a finite number');
    }
  }
}

/** Refuses a matrix that is not square, has a negative entry or a row not summing to 1. */
export function validateTransitionMatrix(field: string, matrix: Matrix, size: number): void {
  requireSquare(field, matrix, size);
  for (let i = 0; i < size; i++) {
    const row = matrix[i]!;
    let sum = 0;
    for (let j = 0; j < size; j++) {
      if (row[j]! < 0) throw new InvalidInputError(`${field}[${i}][${j}]`, row[j], 'must be a probability >= 0');
      sum += row[j]!;
    }
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) throw new InvalidInputError(`${field}[${i}]`, row, `must sum to 1 (sums to ${sum})`);
  }
}

/** Refuses a generator with a negative off-diagonal rate or a row not summing to 0. */
export function validateGenerator(field: string, matrix: Matrix, size: number): void {
  requireSquare(field, matrix, size);
  for (let i = 0; i < size; i++) {
    const row = matrix[i]!;
    let sum = 0;
    let scale = 0;
    for (let j = 0; j < size; j++) {
      if (i !== j && row[j]! < 0) throw new InvalidInputError(`${field}[${i}][${j}]`, row[j], 'an off-diagonal rate must be >= 0');
      sum += row[j]!;
      scale = Math.max(scale, Math.abs(row[j]!));
    }
    if (Math.abs(sum) > ROW_SUM_TOLERANCE * Math.max(1, scale)) throw new InvalidInputError(`${field}[${i}]`, row, `must sum to 0 (sums to ${sum})`);
  }
}

function multiply(a: number[][], b: number[][]): number[][] {
  const n = a.length;
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) {
      const aik = a[i]![k]!;
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) row[j]! += aik * b[k]![j]!;
    }
    out.push(row);
  }
  return out;
}

/**
 * exp(Q·t) by scaling and squaring with a Taylor series: with ‖Q·t/2^s‖ ≤ 1/2, twenty terms are
 * far below double precision, and the matrices here are a handful of regimes wide.
 */
export function matrixExponential(matrix: Matrix, t: number): number[][] {
  let norm = 0;
  for (const row of matrix) norm = Math.max(norm, row.reduce((acc, x) => acc + Math.abs(x * t), 0));
  const squarings = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const scale = t / 2 ** squarings;
  const scaled = matrix.map((row) => row.map((x) => x * scale));
  let result: number[][] = scaled.map((_, i) => scaled.map((__, j) => (i === j ? 1 : 0)));
  let term: number[][] = result.map((row) => row.slice());
  for (let k = 1; k <= 20; k++) {
    term = multiply(term, scaled).map((row) => row.map((x) => x / k));
    result = result.map((row, i) => row.map((x, j) => x + term[i]![j]!));
  }
  for (let s = 0; s < squarings; s++) result = multiply(result, result);
  // Rounding can leave −1e-18 where a probability is 0 and rows a hair off 1: clean both.
  return result.map((row) => {
    const clipped = row.map((x) => Math.max(0, x));
    const sum = clipped.reduce((acc, x) => acc + x, 0);
    return clipped.map((x) => x / sum);
  });
}

/**
 * π with π·P = π and Σπ = 1, by Gaussian elimination on (Pᵀ − I) with one equation replaced by
 * the normalisation. Throws when the chain has more than one stationary law (it is reducible).
 */
export function stationaryDistribution(transitionMatrix: Matrix): number[] {
  const n = transitionMatrix.length;
  validateTransitionMatrix('transitionMatrix', transitionMatrix, n);
  const a: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) row.push(i === n - 1 ? 1 : transitionMatrix[j]![i]! - (i === j ? 1 : 0));
    row.push(i === n - 1 ? 1 : 0);
    a.push(row);
  }
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-12) throw new InvalidInputError('transitionMatrix', transitionMatrix, 'has no unique stationary distribution (reducible chain)');
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]!;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = a[r]!;
      const f = row[col]! / p[col]!;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) row[c]! -= f * p[c]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}
