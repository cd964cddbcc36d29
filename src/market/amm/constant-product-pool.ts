/**
 * A Uniswap v2 pair as an exact integer state machine: reserves in token base units, the
 * swap fee in bps (30 = the pair's 0.3 %), `getAmountOut`/`getAmountIn` as UniswapV2Library
 * computes them (its 997/1000 is (10000 − fee)/10000 here: the same integers at 30 bps),
 * liquidity as the pair mints and burns it (the first mint locks MINIMUM_LIQUIDITY shares
 * forever) and the router's optimal deposit amounts. Every swap re-checks the pair's fee-
 * adjusted invariant, so k never decreases. The protocol fee (`feeTo`) is off, as on the
 * canonical deployment's pairs without it, and the price accumulators are left out.
 */
import { InvalidInputError } from '../../errors.js';

export const MINIMUM_LIQUIDITY = 1000n;
export const DEFAULT_FEE_BPS = 30;
const BPS = 10_000n;
/** The owner of the locked minimum liquidity (address(0) on chain). */
export const LOCKED_LIQUIDITY_OWNER = '0x0000000000000000000000000000000000000000';

export type TokenIndex = 0 | 1;

/** UniswapV2Library.getAmountOut, fee generalised. */
export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: number = DEFAULT_FEE_BPS): bigint {
  requireUint('amountIn', amountIn);
  if (amountIn === 0n) throw new InvalidInputError('amountIn', amountIn, 'UniswapV2Library: INSUFFICIENT_INPUT_AMOUNT');
  requireReserves(reserveIn, reserveOut);
  const amountInWithFee = amountIn * (BPS - feeToBigint(feeBps));
  return (amountInWithFee * reserveOut) / (reserveIn * BPS + amountInWithFee);
}

/** UniswapV2Library.getAmountIn, fee generalised (rounds the input up by one unit, as the library does). */
export function getAmountIn(amountOut: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: number = DEFAULT_FEE_BPS): bigint {
  requireUint('amountOut', amountOut);
  if (amountOut === 0n) throw new InvalidInputError('amountOut', amountOut, 'UniswapV2Library: INSUFFICIENT_OUTPUT_AMOUNT');
  requireReserves(reserveIn, reserveOut);
  if (amountOut >= reserveOut) throw new InvalidInputError('amountOut', amountOut, `UniswapV2: INSUFFICIENT_LIQUIDITY (reserve ${reserveOut})`);
  const numerator = reserveIn * amountOut * BPS;
  const denominator = (reserveOut - amountOut) * (BPS - feeToBigint(feeBps));
  return numerator / denominator + 1n;
}

/** UniswapV2Library.quote: the amount of B worth amountA at the reserves' ratio. */
export function quote(amountA: bigint, reserveA: bigint, reserveB: bigint): bigint {
  requireUint('amountA', amountA);
  if (amountA === 0n) throw new InvalidInputError('amountA', amountA, 'UniswapV2Library: INSUFFICIENT_AMOUNT');
  requireReserves(reserveA, reserveB);
  return (amountA * reserveB) / reserveA;
}

/** floor(√y), as the pair's Babylonian Math.sqrt. */
export function sqrtFloor(y: bigint): bigint {
  requireUint('y', y);
  if (y < 4n) return y === 0n ? 0n : 1n;
  let z = y;
  let x = y / 2n + 1n;
  while (x < z) {
    z = x;
    x = (y / x + x) / 2n;
  }
  return z;
}

export interface ConstantProductPoolOptions {
  readonly feeBps?: number;
  /** Labels for messages and reports. */
  readonly token0?: string;
  readonly token1?: string;
}

export interface LiquidityReceipt {
  readonly amount0: bigint;
  readonly amount1: bigint;
  readonly liquidity: bigint;
}

export class ConstantProductPool {
  readonly feeBps: number;
  readonly token0: string;
  readonly token1: string;
  private reserve0Value = 0n;
  private reserve1Value = 0n;
  private totalSupplyValue = 0n;
  private balances = new Map<string, bigint>();

  constructor(options: ConstantProductPoolOptions = {}) {
    this.feeBps = options.feeBps ?? DEFAULT_FEE_BPS;
    feeToBigint(this.feeBps);
    this.token0 = options.token0 ?? 'token0';
    this.token1 = options.token1 ?? 'token1';
  }

  get reserve0(): bigint {
    return this.reserve0Value;
  }

  get reserve1(): bigint {
    return this.reserve1Value;
  }

  /** LP shares outstanding, the locked MINIMUM_LIQUIDITY included. */
  get totalSupply(): bigint {
    return this.totalSupplyValue;
  }

  /** reserve0 · reserve1. */
  get k(): bigint {
    return this.reserve0Value * this.reserve1Value;
  }

  balanceOf(owner: string): bigint {
    return this.balances.get(owner) ?? 0n;
  }

  /** Marginal price of token0 in token1 base units per token0 base unit (fee excluded). */
  spotPrice(): number {
    if (this.reserve0Value === 0n) throw new InvalidInputError('reserve0', 0n, 'the pool has no liquidity');
    return ratio(this.reserve1Value, this.reserve0Value);
  }

  getAmountOut(tokenIn: TokenIndex, amountIn: bigint): bigint {
    const [reserveIn, reserveOut] = this.reservesFor(tokenIn);
    return getAmountOut(amountIn, reserveIn, reserveOut, this.feeBps);
  }

  getAmountIn(tokenIn: TokenIndex, amountOut: bigint): bigint {
    const [reserveIn, reserveOut] = this.reservesFor(tokenIn);
    return getAmountIn(amountOut, reserveIn, reserveOut, this.feeBps);
  }

  /** Sells exactly `amountIn` of `tokenIn`; returns the output (refused below `amountOutMin`). */
  swapExactIn(tokenIn: TokenIndex, amountIn: bigint, amountOutMin = 0n): bigint {
    const amountOut = this.getAmountOut(tokenIn, amountIn);
    if (amountOut < amountOutMin) {
      throw new InvalidInputError('amountOutMin', amountOutMin, `UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT (would get ${amountOut})`);
    }
    this.swap(tokenIn, amountIn, amountOut);
    return amountOut;
  }

  /** Buys exactly `amountOut` of the other token; returns the input (refused above `amountInMax`). */
  swapExactOut(tokenIn: TokenIndex, amountOut: bigint, amountInMax?: bigint): bigint {
    const amountIn = this.getAmountIn(tokenIn, amountOut);
    if (amountInMax !== undefined && amountIn > amountInMax) {
      throw new InvalidInputError('amountInMax', amountInMax, `UniswapV2Router: EXCESSIVE_INPUT_AMOUNT (would need ${amountIn})`);
    }
    this.swap(tokenIn, amountIn, amountOut);
    return amountIn;
  }

  /**
   * Router.addLiquidity then Pair.mint: deposits at the pool's ratio (at most the desired
   * amounts, at least the minimums) and mints the shares to `owner`.
   */
  addLiquidity(owner: string, amount0Desired: bigint, amount1Desired: bigint, amount0Min = 0n, amount1Min = 0n): LiquidityReceipt {
    requireOwner(owner);
    for (const [field, value] of [
      ['amount0Desired', amount0Desired],
      ['amount1Desired', amount1Desired],
      ['amount0Min', amount0Min],
      ['amount1Min', amount1Min],
    ] as const) {
      requireUint(field, value);
    }
    let amount0 = amount0Desired;
    let amount1 = amount1Desired;
    if (this.reserve0Value !== 0n || this.reserve1Value !== 0n) {
      const amount1Optimal = quote(amount0Desired, this.reserve0Value, this.reserve1Value);
      if (amount1Optimal <= amount1Desired) {
        if (amount1Optimal < amount1Min) throw new InvalidInputError('amount1Min', amount1Min, `UniswapV2Router: INSUFFICIENT_B_AMOUNT (${amount1Optimal})`);
        amount1 = amount1Optimal;
      } else {
        const amount0Optimal = quote(amount1Desired, this.reserve1Value, this.reserve0Value);
        if (amount0Optimal < amount0Min) throw new InvalidInputError('amount0Min', amount0Min, `UniswapV2Router: INSUFFICIENT_A_AMOUNT (${amount0Optimal})`);
        amount0 = amount0Optimal;
      }
    }
    let liquidity: bigint;
    const lockMinimum = this.totalSupplyValue === 0n;
    if (lockMinimum) {
      liquidity = sqrtFloor(amount0 * amount1) - MINIMUM_LIQUIDITY;
    } else {
      const by0 = (amount0 * this.totalSupplyValue) / this.reserve0Value;
      const by1 = (amount1 * this.totalSupplyValue) / this.reserve1Value;
      liquidity = by0 < by1 ? by0 : by1;
    }
    if (liquidity <= 0n) throw new InvalidInputError('amounts', [amount0, amount1], 'UniswapV2: INSUFFICIENT_LIQUIDITY_MINTED');
    if (lockMinimum) this.credit(LOCKED_LIQUIDITY_OWNER, MINIMUM_LIQUIDITY);
    this.credit(owner, liquidity);
    this.reserve0Value += amount0;
    this.reserve1Value += amount1;
    return { amount0, amount1, liquidity };
  }

  /** Router.removeLiquidity then Pair.burn: the owner's shares back to a pro-rata part of both reserves. */
  removeLiquidity(owner: string, liquidity: bigint, amount0Min = 0n, amount1Min = 0n): LiquidityReceipt {
    requireOwner(owner);
    requireUint('liquidity', liquidity);
    const balance = this.balanceOf(owner);
    if (liquidity > balance) throw new InvalidInputError('liquidity', liquidity, `${owner} holds ${balance} LP shares`);
    const amount0 = (liquidity * this.reserve0Value) / this.totalSupplyValue;
    const amount1 = (liquidity * this.reserve1Value) / this.totalSupplyValue;
    if (amount0 === 0n || amount1 === 0n) throw new InvalidInputError('liquidity', liquidity, 'UniswapV2: INSUFFICIENT_LIQUIDITY_BURNED');
    if (amount0 < amount0Min) throw new InvalidInputError('amount0Min', amount0Min, `UniswapV2Router: INSUFFICIENT_A_AMOUNT (${amount0})`);
    if (amount1 < amount1Min) throw new InvalidInputError('amount1Min', amount1Min, `UniswapV2Router: INSUFFICIENT_B_AMOUNT (${amount1})`);
    this.balances.set(owner, balance - liquidity);
    this.totalSupplyValue -= liquidity;
    this.reserve0Value -= amount0;
    this.reserve1Value -= amount1;
    return { amount0, amount1, liquidity };
  }

  clone(): ConstantProductPool {
    const copy = new ConstantProductPool({ feeBps: this.feeBps, token0: this.token0, token1: this.token1 });
    copy.reserve0Value = this.reserve0Value;
    copy.reserve1Value = this.reserve1Value;
    copy.totalSupplyValue = this.totalSupplyValue;
    copy.balances = new Map(this.balances);
    return copy;
  }

  /** Pair.swap's checks: output within the reserves and the fee-adjusted k not decreasing. */
  private swap(tokenIn: TokenIndex, amountIn: bigint, amountOut: bigint): void {
    if (amountOut === 0n) throw new InvalidInputError('amountOut', amountOut, 'UniswapV2: INSUFFICIENT_OUTPUT_AMOUNT');
    const [reserveIn, reserveOut] = this.reservesFor(tokenIn);
    if (amountOut >= reserveOut) throw new InvalidInputError('amountOut', amountOut, 'UniswapV2: INSUFFICIENT_LIQUIDITY');
    const balanceIn = reserveIn + amountIn;
    const balanceOut = reserveOut - amountOut;
    const adjustedIn = balanceIn * BPS - amountIn * BigInt(this.feeBps);
    if (adjustedIn * balanceOut * BPS < reserveIn * reserveOut * BPS * BPS) {
      throw new InvalidInputError('amountOut', amountOut, 'UniswapV2: K');
    }
    if (tokenIn === 0) {
      this.reserve0Value = balanceIn;
      this.reserve1Value = balanceOut;
    } else {
      this.reserve1Value = balanceIn;
      this.reserve0Value = balanceOut;
    }
  }

  private reservesFor(tokenIn: TokenIndex): [bigint, bigint] {
    if (tokenIn !== 0 && tokenIn !== 1) throw new InvalidInputError('tokenIn', tokenIn, 'must be 0 or 1');
    return tokenIn === 0 ? [this.reserve0Value, this.reserve1Value] : [this.reserve1Value, this.reserve0Value];
  }

  private credit(owner: string, liquidity: bigint): void {
    this.balances.set(owner, this.balanceOf(owner) + liquidity);
    this.totalSupplyValue += liquidity;
  }
}

function ratio(numerator: bigint, denominator: bigint): number {
  // Scaled integer division first keeps ~18 significant digits before the conversion.
  const scale = 10n ** 18n;
  return Number((numerator * scale) / denominator) / 1e18;
}

function feeToBigint(feeBps: number): bigint {
  if (!(Number.isInteger(feeBps) && feeBps >= 0 && feeBps < 10_000)) throw new InvalidInputError('feeBps', feeBps, 'must be an integer in [0, 10000)');
  return BigInt(feeBps);
}

function requireUint(field: string, value: bigint): void {
  if (typeof value !== 'bigint' || value < 0n) throw new InvalidInputError(field, value, 'must be a bigint >= 0 (token base units)');
}

function requireReserves(reserveIn: bigint, reserveOut: bigint): void {
  requireUint('reserveIn', reserveIn);
  requireUint('reserveOut', reserveOut);
  if (reserveIn === 0n || reserveOut === 0n) throw new InvalidInputError('reserves', [reserveIn, reserveOut], 'UniswapV2Library: INSUFFICIENT_LIQUIDITY');
}

function requireOwner(owner: string): void {
  if (typeof owner !== 'string' || owner === '') throw new InvalidInputError('owner', owner, 'must be a non-empty string');
}
