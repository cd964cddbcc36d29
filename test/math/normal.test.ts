import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erf, erfc, erfcx, inverseNormCdf, normCdf, normPdf } from '../../src/math/normal.js';
import { loadQuantVectors } from '../vectors/load.js';

/** Property runs are seeded so every run checks the same cases. */
const SEED = 20_240_611;

// Reference values computed with mpmath at 50 significant digits for the double arguments shown,
// rounded to double.
const ERFC: readonly [number, number][] = [
  [-26, 2.0], [-12.5, 2.0], [-5, 1.9999999999984626], [-1.5, 1.9661051464753108], [-0.46875, 1.492613473217938],
  [-0.3, 1.3286267594591274], [0, 1.0], [1e-10, 0.999999999887162], [0.2, 0.7772974107895215],
  [0.46875, 0.507386526782062], [0.5, 0.4795001221869535], [1, 0.15729920705028513], [2.53125, 0.000343951930687269],
  [4, 1.541725790028002e-8], [4.5, 1.9661604415428876e-10], [6, 2.1519736712498913e-17], [10, 2.088487583762545e-45],
  [26, 5.663192408856143e-296],
];
const ERF: readonly [number, number][] = [
  [-5, -0.9999999999984626], [-1.5, -0.9661051464753108], [-0.46875, -0.49261347321793797], [-0.3, -0.3286267594591274],
  [1e-10, 1.1283791670955126e-10], [0.2, 0.22270258921047847], [0.46875, 0.49261347321793797], [0.5, 0.5204998778130465],
  [1, 0.8427007929497149], [2.53125, 0.9996560480693127], [4, 0.9999999845827421], [4.5, 0.9999999998033839], [6, 1.0],
];
const ERFCX: readonly [number, number][] = [
  [-26, 7.657724931490568e293], [-12.5, 1.4439188732966437e68], [-5, 144009798674.66104], [-1.5, 18.653886256262734],
  [-0.46875, 1.859402416871422], [-0.3, 1.4537492328427655], [0, 1.0], [1e-10, 0.999999999887162], [0.2, 0.8090195199015807],
  [0.46875, 0.6320696892495561], [0.5, 0.6156903441929259], [1, 0.427583576155807], [2.53125, 0.20850712112930544],
  [4, 0.13699945762506138], [4.5, 0.12248480427384142], [6, 0.09277656780053835], [10, 0.05614099274382259],
  [26, 0.021683584850562907], [27, 0.02088160799042094], [100, 0.005641613782989433], [1e4, 5.641895807268084e-5],
];
const NORM_CDF: readonly [number, number][] = [
  [-37, 5.725571222524577e-300], [-30, 4.906713927148187e-198], [-20, 2.7536241186062337e-89], [-10, 7.619853024160525e-24],
  [-8, 6.220960574271784e-16], [-5, 2.866515718791939e-7], [-3, 0.0013498980316300946], [-1, 0.15865525393145705],
  [-0.7, 0.24196365222307303], [-0.5, 0.3085375387259869], [0, 0.5], [0.5, 0.6914624612740131], [0.7, 0.758036347776927],
  [1, 0.8413447460685429], [3, 0.9986501019683699], [5, 0.9999997133484281], [8, 0.9999999999999993],
];
const NORM_PDF: readonly [number, number][] = [
  [-20, 5.520948362159764e-88], [-5, 1.4867195147342977e-6], [-1, 0.24197072451914334], [0, 0.3989422804014327],
  [0.3, 0.3813878154605241], [2, 0.05399096651318805], [10, 7.694598626706419e-23],
];
const INVERSE_NORM_CDF: readonly [number, number][] = [
  [1e-300, -37.0470962993612], [1e-100, -21.273453560965326], [1e-20, -9.262340089798407], [1e-8, -5.612001244174789],
  [0.001, -3.0902323061678136], [0.02425, -1.972961051311885], [0.1, -1.2815515655446004], [0.3, -0.5244005127080408],
  [0.5, 0], [0.7, 0.5244005127080408], [0.975, 1.9599639845400543], [0.999999, 4.753424308817087],
];
/** Φ(−38) = 2.8854283600687843e−316 (mpmath), rounded to its subnormal double, which has only about 8 significant digits. */
const NORM_CDF_MINUS_38 = 2.88542835e-316;

function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual / expected - 1);
}

describe('erf, erfc, erfcx (Cody) against mpmath', () => {
  it.each(ERFC)('erfc(%d)', (x, expected) => {
    expect(relativeError(erfc(x), expected)).toBeLessThanOrEqual(1e-15);
  });
  it.each(ERF)('erf(%d)', (x, expected) => {
    expect(relativeError(erf(x), expected)).toBeLessThanOrEqual(1e-15);
  });
  it.each(ERFCX)('erfcx(%d)', (x, expected) => {
    expect(relativeError(erfcx(x), expected)).toBeLessThanOrEqual(1e-15);
  });

  it('erfcx overflows to Infinity, not NaN, far left; erfc underflows to exactly 0 far right', () => {
    expect(erfcx(-27)).toBe(Infinity);
    expect(erfc(30)).toBe(0);
    expect(erfc(-30)).toBe(2);
    expect(relativeError(erfcx(1e300), 1 / (Math.sqrt(Math.PI) * 1e300))).toBeLessThanOrEqual(1e-15);
  });

  it('satisfies erfc(−x) = 2 − erfc(x) and erfcx(x) = exp(x²)·erfc(x)', () => {
    fc.assert(
      fc.property(fc.double({ min: -6, max: 6, noNaN: true }), (x) => {
        expect(Math.abs(erfc(-x) - (2 - erfc(x)))).toBeLessThanOrEqual(4e-16);
        expect(relativeError(erfcx(x), Math.exp(x * x) * erfc(x))).toBeLessThanOrEqual(1e-13);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});

describe('normCdf and normPdf', () => {
  it.each(NORM_CDF)('normCdf(%d) to relative precision', (z, expected) => {
    expect(relativeError(normCdf(z), expected)).toBeLessThanOrEqual(1.5e-15);
  });
  it.each(NORM_PDF)('normPdf(%d) to relative precision', (z, expected) => {
    expect(relativeError(normPdf(z), expected)).toBeLessThanOrEqual(1e-15);
  });

  it('keeps relative accuracy into the subnormal range: Φ(−38) ≈ 2.885e−316', () => {
    const value = normCdf(-38);
    expect(value).toBeGreaterThan(0);
    // A subnormal near 3e−316 has a spacing of 4.9e−324, i.e. 1.7e−8 relative.
    expect(relativeError(value, NORM_CDF_MINUS_38)).toBeLessThanOrEqual(5e-8);
  });

  it('is 0 or 1 only beyond the double range, and NaN in, NaN out', () => {
    expect(normCdf(-40)).toBe(0);
    expect(normCdf(-Infinity)).toBe(0);
    expect(normCdf(Infinity)).toBe(1);
    expect(normCdf(9)).toBe(1);
    expect(normCdf(NaN)).toBeNaN();
    expect(normPdf(Infinity)).toBe(0);
  });

  it('is symmetric, monotone, and has density normPdf', () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (z) => {
        expect(Math.abs(normCdf(z) + normCdf(-z) - 1)).toBeLessThanOrEqual(4e-16);
        expect(normCdf(z + 1e-3)).toBeGreaterThanOrEqual(normCdf(z));
        const h = 1e-4;
        const derivative = (normCdf(z + h) - normCdf(z - h)) / (2 * h);
        expect(Math.abs(derivative - normPdf(z))).toBeLessThanOrEqual(1e-9);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('matches the LBR norm_cdf vectors', () => {
    const tests = loadQuantVectors().implied_vol.lbr_public_function_tests.filter(
      (t: { fn: string }) => t.fn === 'norm_cdf(z)',
    );
    expect(tests.length).toBe(2);
    for (const t of tests) expect(Math.abs(normCdf(t.inputs.z) - t.expected)).toBeLessThanOrEqual(t.tol_abs);
  });
});

describe('inverseNormCdf (AS241)', () => {
  it.each(INVERSE_NORM_CDF)('Φ⁻¹(%d)', (p, expected) => {
    expect(relativeError(inverseNormCdf(p), expected)).toBeLessThanOrEqual(1e-15);
  });

  it('has infinite ends and NaN outside [0, 1]', () => {
    expect(inverseNormCdf(0)).toBe(-Infinity);
    expect(inverseNormCdf(1)).toBe(Infinity);
    expect(inverseNormCdf(-0.1)).toBeNaN();
    expect(inverseNormCdf(1.5)).toBeNaN();
    expect(inverseNormCdf(NaN)).toBeNaN();
  });

  it('inverts normCdf over the whole double range of probabilities', () => {
    fc.assert(
      fc.property(fc.double({ min: -300, max: -1e-9, noNaN: true }), (log10p) => {
        const p = 10 ** log10p;
        const z = inverseNormCdf(p);
        // Φ(z(1+δ)) changes by about z²·δ relative, so the round trip is held to (1 + z²)·ulps.
        expect(relativeError(normCdf(z), p)).toBeLessThanOrEqual(1e-15 * (1 + z * z));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
