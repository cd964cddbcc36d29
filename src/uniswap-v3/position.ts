/**
 * Position (v3-core): an owner's liquidity in [tickLower, tickUpper) and the fees owed to it.
 *
 * The contract keys positions by keccak256(abi.encodePacked(owner, tickLower, tickUpper)); here
 * the key is the readable string `${owner}:${tickLower}:${tickUpper}` (same one-to-one mapping;
 * hex addresses are lower-cased so a checksummed and a lower-case spelling are one owner).
 * Position objects are immutable once stored (copy-on-write), like TickInfo.
 */
import { MAX_UINT128, MAX_UINT256, Q128 } from './constants.js';
import { UniswapV3Error } from './errors.js';
import { mulDiv } from './full-math.js';
import { addDelta } from './liquidity-math.js';

export interface PositionInfo {
  /** the amount of liquidity owned by this position (uint128) */
  readonly liquidity: bigint;
  /** fee growth per unit of liquidity as of the last update to liquidity or fees owed (uint256) */
  readonly feeGrowthInside0LastX128: bigint;
  readonly feeGrowthInside1LastX128: bigint;
  /** the fees owed to the position owner in token0/token1 (uint128, wraps) */
  readonly tokensOwed0: bigint;
  readonly tokensOwed1: bigint;
}

/** The pool's `positions` storage. */
export type PositionInfoMap = Map<string, PositionInfo>;

export const EMPTY_POSITION: PositionInfo = Object.freeze({
  liquidity: 0n,
  feeGrowthInside0LastX128: 0n,
  feeGrowthInside1LastX128: 0n,
  tokensOwed0: 0n,
  tokensOwed1: 0n,
});

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** The storage key of a position: `${owner}:${tickLower}:${tickUpper}`. */
export function positionKey(owner: string, tickLower: number, tickUpper: number): string {
  const o = HEX_ADDRESS.test(owner) ? owner.toLowerCase() : owner;
  return `${o}:${tickLower}:${tickUpper}`;
}

/** Splits a key made by positionKey (the owner may itself contain ':'). */
export function parsePositionKey(key: string): { owner: string; tickLower: number; tickUpper: number } {
  const j = key.lastIndexOf(':');
  const i = key.lastIndexOf(':', j - 1);
  return { owner: key.slice(0, i), tickLower: Number(key.slice(i + 1, j)), tickUpper: Number(key.slice(j + 1)) };
}

/** Position.get: the position's Info, the zero struct when it was never touched. */
export function get(self: PositionInfoMap, owner: string, tickLower: number, tickUpper: number): PositionInfo {
  return self.get(positionKey(owner, tickLower, tickUpper)) ?? EMPTY_POSITION;
}

/**
 * Position.update, pure: credits fees accrued since the last snapshot and applies the liquidity
 * change; returns the next Info (the caller stores it). Reverts 'NP' on a poke of an empty
 * position, 'LS'/'LA' on liquidity under/overflow.
 */
export function update(
  self: PositionInfo,
  liquidityDelta: bigint,
  feeGrowthInside0X128: bigint,
  feeGrowthInside1X128: bigint,
): PositionInfo {
  let liquidityNext: bigint;
  if (liquidityDelta === 0n) {
    if (!(self.liquidity > 0n)) throw new UniswapV3Error('NP'); // disallow pokes for 0 liquidity positions
    liquidityNext = self.liquidity;
  } else {
    liquidityNext = addDelta(self.liquidity, liquidityDelta);
  }

  // calculate accumulated fees: the growth difference wraps in uint256, and the uint128(...) cast
  // of the product truncates silently
  const tokensOwed0 =
    mulDiv((feeGrowthInside0X128 - self.feeGrowthInside0LastX128) & MAX_UINT256, self.liquidity, Q128) & MAX_UINT128;
  const tokensOwed1 =
    mulDiv((feeGrowthInside1X128 - self.feeGrowthInside1LastX128) & MAX_UINT256, self.liquidity, Q128) & MAX_UINT128;

  const owedChanged = tokensOwed0 > 0n || tokensOwed1 > 0n;
  return {
    liquidity: liquidityNext,
    feeGrowthInside0LastX128: feeGrowthInside0X128,
    feeGrowthInside1LastX128: feeGrowthInside1X128,
    // overflow is acceptable, have to withdraw before you hit type(uint128).max fees
    tokensOwed0: owedChanged ? (self.tokensOwed0 + tokensOwed0) & MAX_UINT128 : self.tokensOwed0,
    tokensOwed1: owedChanged ? (self.tokensOwed1 + tokensOwed1) & MAX_UINT128 : self.tokensOwed1,
  };
}
