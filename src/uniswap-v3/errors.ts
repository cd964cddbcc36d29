/**
 * The reverts of the Uniswap v3 contracts, as typed errors. `reason` is the contract's own
 * revert string, so a parity test can compare a TypeScript refusal with the bytecode's.
 */
export type UniswapV3RevertReason =
  // TickMath
  | 'T' // tick out of [MIN_TICK, MAX_TICK]
  | 'R' // sqrt price out of [MIN_SQRT_RATIO, MAX_SQRT_RATIO)
  // FullMath / SafeCast / LowGasSafeMath (bare reverts and panics on chain)
  | 'MULDIV_OVERFLOW'
  | 'MULDIV_ZERO_DENOMINATOR'
  | 'SAFECAST_OVERFLOW'
  | 'MATH_OVERFLOW'
  | 'BITMATH_ZERO' // BitMath.mostSignificantBit / leastSignificantBit of 0 (bare require)
  // SqrtPriceMath / LiquidityMath
  | 'LS' // liquidity subtraction underflow
  | 'LA' // liquidity addition overflow
  | 'SQRT_PRICE_ZERO'
  | 'LIQUIDITY_ZERO'
  | 'PRICE_OVERFLOW' // next price does not fit / exceeds virtual reserves (bare require on chain)
  // Pool
  | 'LOK' // locked / not initialized
  | 'AI' // already initialized
  | 'TLU' // tickLower >= tickUpper
  | 'TLM' // tickLower < MIN_TICK
  | 'TUM' // tickUpper > MAX_TICK
  | 'LO' // liquidity per tick over the maximum
  | 'NP' // burn of zero liquidity from an empty position
  | 'AS' // amountSpecified == 0
  | 'SPL' // sqrt price limit on the wrong side or out of range
  | 'M0' // mint callback paid too little token0
  | 'M1'
  | 'IIA' // swap callback paid too little input
  | 'OLD' // observation older than the oldest stored
  | 'I' // oracle not initialized
  | 'L' // flash with zero in-range liquidity
  | 'F0' // flash repaid too little token0 (loan plus fee)
  | 'F1'
  | 'TF' // TransferHelper: the pool's token transfer failed (pays out more than it holds)
  | 'AMOUNT_ZERO' // mint of zero liquidity (bare require on chain)
  | 'TICK_SPACING' // TickBitmap.flipTick of a tick that is not a multiple of tickSpacing (bare require)
  | 'TICK_NOT_INITIALIZED' // snapshotCumulativesInside on an uninitialized tick (bare require)
  | 'INVALID_INPUT' // an argument outside its ABI type (int24, uint128, ...): the ABI encoder refuses it
  | 'FEE_PROTOCOL'; // setFeeProtocol with an invalid value (bare require on chain)

export class UniswapV3Error extends Error {
  override readonly name = 'UniswapV3Error';
  constructor(
    readonly reason: UniswapV3RevertReason,
    detail?: string,
  ) {
    super(detail === undefined ? `Uniswap v3 revert: ${reason}` : `Uniswap v3 revert: ${reason} (${detail})`);
  }
}
