import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  convertToAssets,
  convertToShares,
  maxSharesRedeemableFor,
  mulDiv,
  pricePerShareWad,
  UINT256_MAX,
  VaultError,
  WAD,
} from '../../src/vault/index.js';

/**
 * OpenZeppelin 5.x transcribed literally, independent of the code under test:
 *   Math.mulDiv(x, y, d, r) = mulDiv(x, y, d) + SafeCast.toUint(unsignedRoundsUp(r) && mulmod(x, y, d) > 0)
 *   _convertToShares(a, r)  = a.mulDiv(totalSupply() + 10 ** _decimalsOffset(), totalAssets() + 1, r)
 *   _convertToAssets(s, r)  = s.mulDiv(totalAssets() + 1, totalSupply() + 10 ** _decimalsOffset(), r)
 */
const ROUNDING = { Floor: 0, Ceil: 1, Trunc: 2, Expand: 3 } as const;
function ozMulDiv(x: bigint, y: bigint, d: bigint, rounding: number): bigint {
  const roundsUp = rounding % 2 === 1;
  return (x * y) / d + ((roundsUp && (x * y) % d > 0n) ? 1n : 0n);
}
function ozConvertToShares(a: bigint, supply: bigint, total: bigint, offset: number, r: number): bigint {
  return ozMulDiv(a, supply + 10n ** BigInt(offset), total + 1n, r);
}
function ozConvertToAssets(s: bigint, supply: bigint, total: bigint, offset: number, r: number): bigint {
  return ozMulDiv(s, total + 1n, supply + 10n ** BigInt(offset), r);
}

const uint = (max: bigint) => fc.bigInt({ min: 0n, max });
const amount = fc.oneof(uint(1_000n), uint(10n ** 30n), uint(2n ** 128n));
const offset = fc.integer({ min: 0, max: 18 });

describe('mulDiv (OpenZeppelin Math.mulDiv with Rounding)', () => {
  it('equals the literal transcription for Floor/Ceil (and Trunc/Expand, which are the same on uint)', () => {
    fc.assert(
      fc.property(uint(2n ** 200n), uint(2n ** 200n), fc.bigInt({ min: 1n, max: 2n ** 200n }), (x, y, d) => {
        fc.pre(ozMulDiv(x, y, d, ROUNDING.Ceil) <= UINT256_MAX);
        expect(mulDiv(x, y, d, 'floor')).toBe(ozMulDiv(x, y, d, ROUNDING.Floor));
        expect(mulDiv(x, y, d, 'floor')).toBe(ozMulDiv(x, y, d, ROUNDING.Trunc));
        expect(mulDiv(x, y, d, 'ceil')).toBe(ozMulDiv(x, y, d, ROUNDING.Ceil));
        expect(mulDiv(x, y, d, 'ceil')).toBe(ozMulDiv(x, y, d, ROUNDING.Expand));
      }),
      { seed: 11, numRuns: 500 },
    );
  });

  it('panics like the contract: division by zero, a quotient past 2^256 - 1, and the ceiling\'s +1 past it', () => {
    expect(() => mulDiv(1n, 1n, 0n, 'floor')).toThrow(VaultError);
    expect(() => mulDiv(1n, 1n, 0n, 'floor')).toThrow(/DivisionByZero/);
    expect(() => mulDiv(UINT256_MAX, 2n, 1n, 'floor')).toThrow(/MathOverflow/);
    // (M − 1)² = M·(M − 2) + 1 with M = 2^256 − 1: the floor is M, Solidity's checked `+ 1` overflows.
    const m = UINT256_MAX;
    expect(mulDiv(m - 1n, m - 1n, m - 2n, 'floor')).toBe(m);
    expect(() => mulDiv(m - 1n, m - 1n, m - 2n, 'ceil')).toThrow(/MathOverflow/);
  });
});

describe('ERC-4626 conversions (OpenZeppelin _convertToShares / _convertToAssets)', () => {
  it('equal the transcription of the OZ formula for any totals, offset and rounding', () => {
    fc.assert(
      fc.property(amount, amount, amount, offset, (x, supply, total, off) => {
        const totals = { totalAssets: total, totalSupply: supply, decimalsOffset: off };
        for (const [r, name] of [[ROUNDING.Floor, 'floor'], [ROUNDING.Ceil, 'ceil']] as const) {
          expect(convertToShares(x, totals, name)).toBe(ozConvertToShares(x, supply, total, off, r));
          expect(convertToAssets(x, totals, name)).toBe(ozConvertToAssets(x, supply, total, off, r));
        }
      }),
      { seed: 12, numRuns: 1_000 },
    );
  });

  it('in an empty vault one asset unit buys 10^offset share units', () => {
    for (const off of [0, 3, 6, 12]) {
      const empty = { totalAssets: 0n, totalSupply: 0n, decimalsOffset: off };
      expect(convertToShares(1n, empty, 'floor')).toBe(10n ** BigInt(off));
      expect(convertToAssets(10n ** BigInt(off), empty, 'floor')).toBe(1n);
    }
  });

  it('floor is never above and ceil never below the exact rational, and they differ by at most one', () => {
    fc.assert(
      fc.property(amount, amount, amount, offset, (x, supply, total, off) => {
        const totals = { totalAssets: total, totalSupply: supply, decimalsOffset: off };
        const num = x * (supply + 10n ** BigInt(off));
        const den = total + 1n;
        const down = convertToShares(x, totals, 'floor');
        const up = convertToShares(x, totals, 'ceil');
        expect(down * den <= num).toBe(true);
        expect(up * den >= num).toBe(true);
        expect(up - down).toBe(num % den === 0n ? 0n : 1n);
      }),
      { seed: 13, numRuns: 500 },
    );
  });
});

describe('pricePerShareWad', () => {
  it('is 1e18 at inception for every offset and stays 1e18 after a first deposit', () => {
    for (const off of [0, 6, 18]) {
      expect(pricePerShareWad({ totalAssets: 0n, totalSupply: 0n, decimalsOffset: off })).toBe(WAD);
      const shares = convertToShares(1_000_000n, { totalAssets: 0n, totalSupply: 0n, decimalsOffset: off }, 'floor');
      expect(pricePerShareWad({ totalAssets: 1_000_000n, totalSupply: shares, decimalsOffset: off })).toBe(WAD);
    }
  });

  it('is (A + 1)·10^(18+offset) / (S + 10^offset), floored', () => {
    const totals = { totalAssets: 1_234_567n, totalSupply: 987_654_321n, decimalsOffset: 3 };
    expect(pricePerShareWad(totals)).toBe((1_234_568n * 10n ** 21n) / 987_655_321n);
  });
});

describe('maxSharesRedeemableFor', () => {
  it('is the largest share amount whose floor redemption fits the limit', () => {
    fc.assert(
      fc.property(uint(10n ** 15n), uint(10n ** 24n), uint(10n ** 15n), fc.integer({ min: 0, max: 8 }), (limit, supply, total, off) => {
        const totals = { totalAssets: total, totalSupply: supply, decimalsOffset: off };
        const s = maxSharesRedeemableFor(limit, totals);
        expect(convertToAssets(s, totals, 'floor') <= limit).toBe(true);
        expect(convertToAssets(s + 1n, totals, 'floor') > limit).toBe(true);
      }),
      { seed: 14, numRuns: 1_000 },
    );
  });
});
