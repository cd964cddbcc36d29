// EIP-1559 base fee: hand-computed sequences from the EIP's formula, its bounds, replay mode.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import {
  Eip1559BaseFeeModel,
  INITIAL_BASE_FEE_WEI,
  nextBaseFeeWei,
  ReplayBaseFeeModel,
} from '../../../src/market/chain/base-fee.js';

const LIMIT = 30_000_000n;
const TARGET = 15_000_000n;
const header = (timestampSeconds: number) => ({ blockNumber: 0, timestampSeconds });

describe('nextBaseFeeWei', () => {
  it('raises 12.5 % after a full block, lowers 12.5 % after an empty one, keeps it at target', () => {
    const parentBaseFeeWei = 1_000_000_000n;
    expect(nextBaseFeeWei({ parentBaseFeeWei, parentGasUsed: LIMIT, parentGasLimit: LIMIT })).toBe(1_125_000_000n);
    expect(nextBaseFeeWei({ parentBaseFeeWei, parentGasUsed: 0n, parentGasLimit: LIMIT })).toBe(875_000_000n);
    expect(nextBaseFeeWei({ parentBaseFeeWei, parentGasUsed: TARGET, parentGasLimit: LIMIT })).toBe(parentBaseFeeWei);
    // Half-way above target: 1e9 × 7.5M / 15M / 8 = 62.5M.
    expect(nextBaseFeeWei({ parentBaseFeeWei, parentGasUsed: 22_500_000n, parentGasLimit: LIMIT })).toBe(1_062_500_000n);
  });

  it('follows hand-computed sequences with floor division at each step', () => {
    const run = (gasUsed: bigint, steps: number): bigint[] => {
      const out: bigint[] = [];
      let fee = INITIAL_BASE_FEE_WEI;
      for (let i = 0; i < steps; i++) {
        fee = nextBaseFeeWei({ parentBaseFeeWei: fee, parentGasUsed: gasUsed, parentGasLimit: LIMIT });
        out.push(fee);
      }
      return out;
    };
    // 1_423_828_125 / 8 = 177_978_515.625 → 177_978_515.
    expect(run(LIMIT, 4)).toEqual([1_125_000_000n, 1_265_625_000n, 1_423_828_125n, 1_601_806_640n]);
    // 669_921_875 / 8 = 83_740_234.375 → 83_740_234.
    expect(run(0n, 4)).toEqual([875_000_000n, 765_625_000n, 669_921_875n, 586_181_641n]);
  });

  it('raises by at least 1 wei above target but has no floor below it (the EIP asymmetry)', () => {
    expect(nextBaseFeeWei({ parentBaseFeeWei: 7n, parentGasUsed: TARGET + 1n, parentGasLimit: LIMIT })).toBe(8n);
    expect(nextBaseFeeWei({ parentBaseFeeWei: 0n, parentGasUsed: LIMIT, parentGasLimit: LIMIT })).toBe(1n);
    expect(nextBaseFeeWei({ parentBaseFeeWei: 7n, parentGasUsed: 0n, parentGasLimit: LIMIT })).toBe(7n);
    expect(nextBaseFeeWei({ parentBaseFeeWei: 8n, parentGasUsed: 0n, parentGasLimit: LIMIT })).toBe(7n);
    expect(nextBaseFeeWei({ parentBaseFeeWei: 0n, parentGasUsed: 0n, parentGasLimit: LIMIT })).toBe(0n);
  });

  it('floors the target of an odd gas limit', () => {
    // target = 30_000_001 / 2 = 15_000_000, so 15_000_000 used is exactly at target.
    expect(nextBaseFeeWei({ parentBaseFeeWei: 1_000n, parentGasUsed: TARGET, parentGasLimit: LIMIT + 1n })).toBe(1_000n);
  });

  it('honours custom elasticity and denominator', () => {
    // Elasticity 4: target 7.5M; full block delta = fee × 22.5M / 7.5M / 8 = 3/8 fee.
    expect(
      nextBaseFeeWei(
        { parentBaseFeeWei: 800n, parentGasUsed: LIMIT, parentGasLimit: LIMIT },
        { elasticityMultiplier: 4n },
      ),
    ).toBe(1_100n);
    expect(
      nextBaseFeeWei({ parentBaseFeeWei: 800n, parentGasUsed: 0n, parentGasLimit: LIMIT }, { maxChangeDenominator: 4n }),
    ).toBe(600n);
  });

  it('changes by at most 1/8 per block (or 1 wei), in the direction of fullness, monotonically', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 5_000n, max: 60_000_000n }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (parentBaseFeeWei, parentGasLimit, u1, u2) => {
          const a = (parentGasLimit * BigInt(Math.floor(u1 * 1e6))) / 1_000_000n;
          const b = (parentGasLimit * BigInt(Math.floor(u2 * 1e6))) / 1_000_000n;
          const target = parentGasLimit / 2n;
          const next = nextBaseFeeWei({ parentBaseFeeWei, parentGasUsed: a, parentGasLimit });
          if (a > target) {
            expect(next).toBeGreaterThan(parentBaseFeeWei);
            const bound = (parentBaseFeeWei * (parentGasLimit - target)) / target / 8n;
            expect(next - parentBaseFeeWei).toBeLessThanOrEqual(bound > 1n ? bound : 1n);
          } else {
            expect(next).toBeLessThanOrEqual(parentBaseFeeWei);
            expect(parentBaseFeeWei - next).toBeLessThanOrEqual(parentBaseFeeWei / 8n);
          }
          const nextB = nextBaseFeeWei({ parentBaseFeeWei, parentGasUsed: b, parentGasLimit });
          if (a <= b) expect(next).toBeLessThanOrEqual(nextB);
        },
      ),
      { seed: 1559, numRuns: 500 },
    );
  });

  it('refuses gas used above the limit, negative values and a zero target', () => {
    expect(() => nextBaseFeeWei({ parentBaseFeeWei: 1n, parentGasUsed: LIMIT + 1n, parentGasLimit: LIMIT })).toThrow(
      /parentGasUsed/,
    );
    expect(() => nextBaseFeeWei({ parentBaseFeeWei: -1n, parentGasUsed: 0n, parentGasLimit: LIMIT })).toThrow(
      InvalidInputError,
    );
    expect(() => nextBaseFeeWei({ parentBaseFeeWei: 1n, parentGasUsed: 0n, parentGasLimit: 1n })).toThrow(/parentGasLimit/);
  });
});

describe('Eip1559BaseFeeModel', () => {
  it('evolves with each recorded block and ignores the header', () => {
    const model = new Eip1559BaseFeeModel();
    expect(model.baseFeeWeiFor(header(0))).toBe(1_000_000_000n);
    model.recordBlock(LIMIT, LIMIT);
    expect(model.baseFeeWeiFor(header(12))).toBe(1_125_000_000n);
    model.recordBlock(TARGET, LIMIT);
    expect(model.currentBaseFeeWei).toBe(1_125_000_000n);
    model.recordBlock(0n, LIMIT);
    expect(model.currentBaseFeeWei).toBe(984_375_000n);
  });

  it('refuses a negative initial base fee', () => {
    expect(() => new Eip1559BaseFeeModel(-1n)).toThrow(/initialBaseFeeWei/);
  });
});

describe('ReplayBaseFeeModel', () => {
  const history = [
    { timestampSeconds: 100, baseFeeWei: 10n },
    { timestampSeconds: 112, baseFeeWei: 20n },
    { timestampSeconds: 124, baseFeeWei: 15n },
  ];

  it('answers the latest recorded fee at or before the timestamp, whatever the fullness', () => {
    const model = new ReplayBaseFeeModel(history);
    expect(model.baseFeeWeiAt(100)).toBe(10n);
    expect(model.baseFeeWeiAt(111)).toBe(10n);
    expect(model.baseFeeWeiAt(112)).toBe(20n);
    model.recordBlock(LIMIT, LIMIT);
    expect(model.baseFeeWeiFor(header(123))).toBe(20n);
    expect(model.baseFeeWeiFor(header(10_000))).toBe(15n);
  });

  it('agrees with a linear scan on random histories', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 11_000 }),
        (stamps, query) => {
          const sorted = [...stamps].sort((x, y) => x - y);
          const entries = sorted.map((t) => ({ timestampSeconds: t, baseFeeWei: BigInt(t * 7 + 1) }));
          const model = new ReplayBaseFeeModel(entries);
          if (query < sorted[0]!) {
            expect(() => model.baseFeeWeiAt(query)).toThrow(InvalidInputError);
            return;
          }
          const expected = entries.filter((e) => e.timestampSeconds <= query).at(-1)!.baseFeeWei;
          expect(model.baseFeeWeiAt(query)).toBe(expected);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it('refuses empty, unordered or duplicate histories and queries before the start', () => {
    expect(() => new ReplayBaseFeeModel([])).toThrow(/history/);
    expect(() => new ReplayBaseFeeModel([history[1]!, history[0]!])).toThrow(/history\[1\]\.timestampSeconds/);
    expect(() => new ReplayBaseFeeModel([history[0]!, history[0]!])).toThrow(InvalidInputError);
    expect(() => new ReplayBaseFeeModel([{ timestampSeconds: 1, baseFeeWei: -1n }])).toThrow(/baseFeeWei/);
    expect(() => new ReplayBaseFeeModel(history).baseFeeWeiAt(99)).toThrow(/timestampSeconds/);
  });
});
