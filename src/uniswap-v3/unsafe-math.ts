/** UnsafeMath (v3-core): ⌈x / y⌉ for uint256 with the EVM's `div`/`mod` semantics. */

/** Like the contract's assembly, y = 0 gives 0 rather than a revert (EVM `div(x, 0)` is 0). */
export function divRoundingUp(x: bigint, y: bigint): bigint {
  if (y === 0n || x === 0n) return 0n;
  return (x - 1n) / y + 1n;
}
