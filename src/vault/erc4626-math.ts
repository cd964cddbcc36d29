/**
 * ERC-4626 conversions exactly as OpenZeppelin 5.x computes them (ERC4626.sol, Math.sol).
 *
 *   _convertToShares(assets, r) = assets.mulDiv(totalSupply + 10^offset, totalAssets + 1, r)
 *   _convertToAssets(shares, r) = shares.mulDiv(totalAssets + 1, totalSupply + 10^offset, r)
 *
 * The "+ 10^offset" virtual shares and "+ 1" virtual asset defeat the first-depositor inflation
 * attack: a donation is shared with shares nobody can redeem, so it costs the attacker about
 * 10^offset times what it can take from a victim.
 *
 * Rounding per EIP-4626: whatever the user receives rounds down, whatever the user pays rounds
 * up (deposit/redeem → floor; mint/withdraw → ceil).
 */
import { InvalidInputError } from '../errors.js';
import { VaultError } from './errors.js';

export const UINT256_MAX = (1n << 256n) - 1n;
export const WAD = 10n ** 18n;

/** OpenZeppelin's Math.Rounding restricted to unsigned values: Trunc ≡ Floor, Expand ≡ Ceil. */
export type Rounding = 'floor' | 'ceil';

/** The three numbers every conversion reads. `totalSupply` includes fee shares not yet minted. */
export interface VaultTotals {
  readonly totalAssets: bigint;
  readonly totalSupply: bigint;
  readonly decimalsOffset: number;
}

/** Throws unless `value` is a bigint in [0, 2²⁵⁶): the only amounts a uint256 argument carries. */
export function requireUint256(field: string, value: bigint): void {
  if (typeof value !== 'bigint' || value < 0n || value > UINT256_MAX) {
    throw new InvalidInputError(field, value, 'must be a uint256 (bigint in [0, 2^256))');
  }
}

/**
 * Math.mulDiv(x, y, denominator, rounding): floor(x·y/d), plus one when rounding up and
 * mulmod(x, y, d) > 0. Panics like the contract: division by zero (0x12) and a result that does
 * not fit 256 bits (0x11, including the ceiling's `+ 1` past 2²⁵⁶ − 1).
 */
export function mulDiv(x: bigint, y: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (denominator === 0n) throw new VaultError('DivisionByZero', { x, y });
  const product = x * y;
  let result = product / denominator;
  if (rounding === 'ceil' && product % denominator > 0n) result += 1n;
  if (result > UINT256_MAX) throw new VaultError('MathOverflow', { x, y, denominator });
  return result;
}

/** 10^offset: the virtual shares that stand beside the virtual asset. */
export function virtualShares(decimalsOffset: number): bigint {
  return 10n ** BigInt(decimalsOffset);
}

export function convertToShares(assets: bigint, totals: VaultTotals, rounding: Rounding): bigint {
  return mulDiv(assets, totals.totalSupply + virtualShares(totals.decimalsOffset), totals.totalAssets + 1n, rounding);
}

export function convertToAssets(shares: bigint, totals: VaultTotals, rounding: Rounding): bigint {
  return mulDiv(shares, totals.totalAssets + 1n, totals.totalSupply + virtualShares(totals.decimalsOffset), rounding);
}

/**
 * Price of 10^offset share units in asset units, scaled by 1e18 (floor), on the same virtual
 * totals as the conversions: 1e18 at inception whatever the decimals, so the high-water mark
 * starts at WAD. One formula for the TypeScript and the Solidity vault:
 *   (totalAssets + 1) · 10^(18 + offset) / (totalSupply + 10^offset)
 */
export function pricePerShareWad(totals: VaultTotals): bigint {
  return mulDiv(
    totals.totalAssets + 1n,
    WAD * virtualShares(totals.decimalsOffset),
    totals.totalSupply + virtualShares(totals.decimalsOffset),
    'floor',
  );
}

/**
 * The largest share amount whose redemption (floor) pays at most `assetsLimit`:
 * max s with ⌊s·(A+1)/(S+V)⌋ ≤ L  ⟺  s·(A+1) < (L+1)·(S+V)  ⟺  s = ⌈(L+1)·(S+V)/(A+1)⌉ − 1.
 * Solidity: `Math.mulDiv(limit + 1, totalSupply + 10**offset, totalAssets + 1, Math.Rounding.Ceil) - 1`.
 */
export function maxSharesRedeemableFor(assetsLimit: bigint, totals: VaultTotals): bigint {
  return convertToShares(assetsLimit + 1n, totals, 'ceil') - 1n;
}
