/**
 * Line-by-line ports of the v3-core/periphery math with the EVM's word semantics spelled out
 * (every uint256 op wrapped with BigInt.asUintN, mulmod/div as in the assembly, the 512-bit
 * Chinese-remainder mulDiv, the full TickMath ladder and log2 search). Slow on purpose: the
 * production files reformulate some of these steps for speed, and the tests hold them to these.
 * Reverts use the same reasons as production so outcomes compare one to one.
 */
import { UniswapV3Error } from '../../src/uniswap-v3/errors.js';

const u256 = (x: bigint): bigint => BigInt.asUintN(256, x);
const u160 = (x: bigint): bigint => BigInt.asUintN(160, x);
const u128 = (x: bigint): bigint => BigInt.asUintN(128, x);
const MAX = (1n << 256n) - 1n;
const MAX160 = (1n << 160n) - 1n;
const Q96 = 1n << 96n;

export function mulDivL(a: bigint, b: bigint, denominator: bigint): bigint {
  const mm = (a * b) % MAX; // mulmod(a, b, not(0))
  let prod0 = u256(a * b);
  let prod1 = u256(u256(mm - prod0) - (mm < prod0 ? 1n : 0n));
  if (prod1 === 0n) {
    if (!(denominator > 0n)) throw new UniswapV3Error('MULDIV_ZERO_DENOMINATOR');
    return prod0 / denominator;
  }
  if (!(denominator > prod1)) {
    throw new UniswapV3Error(denominator === 0n ? 'MULDIV_ZERO_DENOMINATOR' : 'MULDIV_OVERFLOW');
  }
  const remainder = (a * b) % denominator;
  prod1 = u256(prod1 - (remainder > prod0 ? 1n : 0n));
  prod0 = u256(prod0 - remainder);
  let twos = u256(-denominator) & denominator;
  denominator = denominator / twos;
  prod0 = prod0 / twos;
  twos = u256(u256(0n - twos) / twos + 1n);
  prod0 |= u256(prod1 * twos);
  let inv = u256(3n * denominator) ^ 2n;
  for (let i = 0; i < 6; i++) inv = u256(inv * u256(2n - u256(denominator * inv)));
  return u256(prod0 * inv);
}

export function mulDivRoundingUpL(a: bigint, b: bigint, denominator: bigint): bigint {
  let result = mulDivL(a, b, denominator);
  if ((a * b) % denominator > 0n) {
    if (!(result < MAX)) throw new UniswapV3Error('MULDIV_OVERFLOW');
    result++;
  }
  return result;
}

export function divRoundingUpL(x: bigint, y: bigint): bigint {
  // assembly: div(x, 0) = mod(x, 0) = 0
  const div = y === 0n ? 0n : x / y;
  const mod = y === 0n ? 0n : x % y;
  return u256(div + (mod > 0n ? 1n : 0n));
}

export function addDeltaL(x: bigint, y: bigint): bigint {
  let z: bigint;
  if (y < 0n) {
    z = u128(x - u128(BigInt.asIntN(128, -y)));
    if (!(z < x)) throw new UniswapV3Error('LS');
  } else {
    z = u128(x + u128(y));
    if (!(z >= x)) throw new UniswapV3Error('LA');
  }
  return z;
}

function toUint160L(y: bigint): bigint {
  const z = u160(y);
  if (z !== y) throw new UniswapV3Error('SAFECAST_OVERFLOW');
  return z;
}

function toInt256L(y: bigint): bigint {
  if (!(y < 1n << 255n)) throw new UniswapV3Error('SAFECAST_OVERFLOW');
  return BigInt.asIntN(256, y);
}

function addL(x: bigint, y: bigint): bigint {
  const z = u256(x + y);
  if (!(z >= x)) throw new UniswapV3Error('MATH_OVERFLOW');
  return z;
}

export function getNextSqrtPriceFromAmount0RoundingUpL(sqrtPX96: bigint, liquidity: bigint, amount: bigint, add: boolean): bigint {
  if (amount === 0n) return sqrtPX96;
  const numerator1 = u256(liquidity << 96n);
  if (add) {
    const product = u256(amount * sqrtPX96);
    if (product / amount === sqrtPX96) {
      const denominator = u256(numerator1 + product);
      if (denominator >= numerator1) return u160(mulDivRoundingUpL(numerator1, sqrtPX96, denominator));
    }
    return u160(divRoundingUpL(numerator1, addL(numerator1 / sqrtPX96, amount)));
  }
  const product = u256(amount * sqrtPX96);
  if (!(product / amount === sqrtPX96 && numerator1 > product)) throw new UniswapV3Error('PRICE_OVERFLOW');
  const denominator = u256(numerator1 - product);
  return toUint160L(mulDivRoundingUpL(numerator1, sqrtPX96, denominator));
}

export function getNextSqrtPriceFromAmount1RoundingDownL(sqrtPX96: bigint, liquidity: bigint, amount: bigint, add: boolean): bigint {
  if (add) {
    let quotient: bigint;
    if (amount <= MAX160) {
      if (liquidity === 0n) throw new UniswapV3Error('LIQUIDITY_ZERO'); // checked `/` panics
      quotient = u256(amount << 96n) / liquidity;
    } else quotient = mulDivL(amount, Q96, liquidity);
    return toUint160L(addL(sqrtPX96, quotient));
  }
  const quotient =
    amount <= MAX160 ? divRoundingUpL(u256(amount << 96n), liquidity) : mulDivRoundingUpL(amount, Q96, liquidity);
  if (!(sqrtPX96 > quotient)) throw new UniswapV3Error('PRICE_OVERFLOW');
  return u160(sqrtPX96 - quotient);
}

export function getNextSqrtPriceFromInputL(sqrtPX96: bigint, liquidity: bigint, amountIn: bigint, zeroForOne: boolean): bigint {
  if (!(sqrtPX96 > 0n)) throw new UniswapV3Error('SQRT_PRICE_ZERO');
  if (!(liquidity > 0n)) throw new UniswapV3Error('LIQUIDITY_ZERO');
  return zeroForOne
    ? getNextSqrtPriceFromAmount0RoundingUpL(sqrtPX96, liquidity, amountIn, true)
    : getNextSqrtPriceFromAmount1RoundingDownL(sqrtPX96, liquidity, amountIn, true);
}

export function getNextSqrtPriceFromOutputL(sqrtPX96: bigint, liquidity: bigint, amountOut: bigint, zeroForOne: boolean): bigint {
  if (!(sqrtPX96 > 0n)) throw new UniswapV3Error('SQRT_PRICE_ZERO');
  if (!(liquidity > 0n)) throw new UniswapV3Error('LIQUIDITY_ZERO');
  return zeroForOne
    ? getNextSqrtPriceFromAmount1RoundingDownL(sqrtPX96, liquidity, amountOut, false)
    : getNextSqrtPriceFromAmount0RoundingUpL(sqrtPX96, liquidity, amountOut, false);
}

export function getAmount0DeltaL(a: bigint, b: bigint, liquidity: bigint, roundUp: boolean): bigint {
  if (a > b) [a, b] = [b, a];
  const numerator1 = u256(liquidity << 96n);
  const numerator2 = u160(b - a);
  if (!(a > 0n)) throw new UniswapV3Error('SQRT_PRICE_ZERO');
  return roundUp
    ? divRoundingUpL(mulDivRoundingUpL(numerator1, numerator2, b), a)
    : mulDivL(numerator1, numerator2, b) / a;
}

export function getAmount1DeltaL(a: bigint, b: bigint, liquidity: bigint, roundUp: boolean): bigint {
  if (a > b) [a, b] = [b, a];
  return roundUp ? mulDivRoundingUpL(liquidity, u160(b - a), Q96) : mulDivL(liquidity, u160(b - a), Q96);
}

export function getAmount0DeltaSignedL(a: bigint, b: bigint, liquidity: bigint): bigint {
  return liquidity < 0n
    ? BigInt.asIntN(256, -toInt256L(getAmount0DeltaL(a, b, u128(BigInt.asIntN(128, -liquidity)), false)))
    : toInt256L(getAmount0DeltaL(a, b, u128(liquidity), true));
}

export function getAmount1DeltaSignedL(a: bigint, b: bigint, liquidity: bigint): bigint {
  return liquidity < 0n
    ? BigInt.asIntN(256, -toInt256L(getAmount1DeltaL(a, b, u128(BigInt.asIntN(128, -liquidity)), false)))
    : toInt256L(getAmount1DeltaL(a, b, u128(liquidity), true));
}

export function computeSwapStepL(
  cur: bigint,
  target: bigint,
  liquidity: bigint,
  amountRemaining: bigint,
  feePips: number,
): { sqrtRatioNextX96: bigint; amountIn: bigint; amountOut: bigint; feeAmount: bigint } {
  const fee = BigInt(feePips);
  const complement = BigInt.asUintN(24, 1_000_000n - fee); // uint24 arithmetic
  const zeroForOne = cur >= target;
  const exactIn = amountRemaining >= 0n;
  const negRemaining = u256(BigInt.asIntN(256, -amountRemaining)); // uint256(-amountRemaining)
  let next: bigint;
  let amountIn = 0n;
  let amountOut = 0n;
  if (exactIn) {
    const lessFee = mulDivL(u256(amountRemaining), complement, 1_000_000n);
    amountIn = zeroForOne ? getAmount0DeltaL(target, cur, liquidity, true) : getAmount1DeltaL(cur, target, liquidity, true);
    next = lessFee >= amountIn ? target : getNextSqrtPriceFromInputL(cur, liquidity, lessFee, zeroForOne);
  } else {
    amountOut = zeroForOne ? getAmount1DeltaL(target, cur, liquidity, false) : getAmount0DeltaL(cur, target, liquidity, false);
    next = negRemaining >= amountOut ? target : getNextSqrtPriceFromOutputL(cur, liquidity, negRemaining, zeroForOne);
  }
  const max = target === next;
  if (zeroForOne) {
    amountIn = max && exactIn ? amountIn : getAmount0DeltaL(next, cur, liquidity, true);
    amountOut = max && !exactIn ? amountOut : getAmount1DeltaL(next, cur, liquidity, false);
  } else {
    amountIn = max && exactIn ? amountIn : getAmount1DeltaL(cur, next, liquidity, true);
    amountOut = max && !exactIn ? amountOut : getAmount0DeltaL(cur, next, liquidity, false);
  }
  if (!exactIn && amountOut > negRemaining) amountOut = negRemaining;
  const feeAmount =
    exactIn && next !== target ? u256(u256(amountRemaining) - amountIn) : mulDivRoundingUpL(amountIn, fee, complement);
  return { sqrtRatioNextX96: next, amountIn, amountOut, feeAmount };
}

const LADDER: readonly bigint[] = [
  0xfffcb933bd6fad37aa2d162d1a594001n,
  0xfff97272373d413259a46990580e213an,
  0xfff2e50f5f656932ef12357cf3c7fdccn,
  0xffe5caca7e10e4e61c3624eaa0941cd0n,
  0xffcb9843d60f6159c9db58835c926644n,
  0xff973b41fa98c081472e6896dfb254c0n,
  0xff2ea16466c96a3843ec78b326b52861n,
  0xfe5dee046a99a2a811c461f1969c3053n,
  0xfcbe86c7900a88aedcffc83b479aa3a4n,
  0xf987a7253ac413176f2b074cf7815e54n,
  0xf3392b0822b70005940c7a398e4b70f3n,
  0xe7159475a2c29b7443b29c7fa6e889d9n,
  0xd097f3bdfd2022b8845ad8f792aa5825n,
  0xa9f746462d870fdf8a65dc1f90e061e5n,
  0x70d869a156d2a1b890bb3df62baf32f7n,
  0x31be135f97d08fd981231505542fcfa6n,
  0x9aa508b5b7a84e1c677de54f3e99bc9n,
  0x5d6af8dedb81196699c329225ee604n,
  0x2216e584f5fa1ea926041bedfe98n,
  0x48a170391f7dc42444e8fa2n,
];

export function getSqrtRatioAtTickL(tick: number): bigint {
  const t = BigInt(tick);
  const absTick = t < 0n ? -t : t;
  if (!(absTick <= 887272n)) throw new UniswapV3Error('T');
  let ratio = (absTick & 1n) !== 0n ? (LADDER[0] as bigint) : 0x100000000000000000000000000000000n;
  for (let bit = 1; bit < 20; bit++) {
    if ((absTick & (1n << BigInt(bit))) !== 0n) ratio = u256(ratio * (LADDER[bit] as bigint)) >> 128n;
  }
  if (t > 0n) ratio = MAX / ratio;
  return u160((ratio >> 32n) + (ratio % (1n << 32n) === 0n ? 0n : 1n));
}

export function getTickAtSqrtRatioL(sqrtPriceX96: bigint): number {
  if (!(sqrtPriceX96 >= 4295128739n && sqrtPriceX96 < 1461446703485210103287273052203988822378723970342n)) {
    throw new UniswapV3Error('R');
  }
  const ratio = u256(sqrtPriceX96 << 32n);
  let r = ratio;
  let msb = 0n;
  for (const [shift, bound] of [
    [7n, 0xffffffffffffffffffffffffffffffffn],
    [6n, 0xffffffffffffffffn],
    [5n, 0xffffffffn],
    [4n, 0xffffn],
    [3n, 0xffn],
    [2n, 0xfn],
    [1n, 0x3n],
  ] as const) {
    const f = (r > bound ? 1n : 0n) << shift;
    msb |= f;
    r >>= f;
  }
  msb |= r > 1n ? 1n : 0n;
  if (msb >= 128n) r = ratio >> (msb - 127n);
  else r = u256(ratio << (127n - msb));
  let log2 = (msb - 128n) << 64n; // int256
  for (let bit = 63n; bit >= 50n; bit--) {
    r = u256(r * r) >> 127n;
    const f = r >> 128n;
    log2 |= f << bit;
    r >>= f;
  }
  const logSqrt10001 = BigInt.asIntN(256, log2 * 255738958999603826347141n);
  const tickLow = Number(BigInt.asIntN(24, (logSqrt10001 - 3402992956809132418596140100660247210n) >> 128n));
  const tickHi = Number(BigInt.asIntN(24, (logSqrt10001 + 291339464771989622907027621153398088495n) >> 128n));
  return tickLow === tickHi ? tickLow : getSqrtRatioAtTickL(tickHi) <= sqrtPriceX96 ? tickHi : tickLow;
}

export function getLiquidityForAmount0L(a: bigint, b: bigint, amount0: bigint): bigint {
  if (a > b) [a, b] = [b, a];
  const intermediate = mulDivL(a, b, Q96);
  const x = mulDivL(amount0, intermediate, u160(b - a));
  if (u128(x) !== x) throw new UniswapV3Error('SAFECAST_OVERFLOW');
  return x;
}

export function getLiquidityForAmount1L(a: bigint, b: bigint, amount1: bigint): bigint {
  if (a > b) [a, b] = [b, a];
  const x = mulDivL(amount1, Q96, u160(b - a));
  if (u128(x) !== x) throw new UniswapV3Error('SAFECAST_OVERFLOW');
  return x;
}

export function getLiquidityForAmountsL(p: bigint, a: bigint, b: bigint, amount0: bigint, amount1: bigint): bigint {
  if (a > b) [a, b] = [b, a];
  if (p <= a) return getLiquidityForAmount0L(a, b, amount0);
  if (p < b) {
    const l0 = getLiquidityForAmount0L(p, b, amount0);
    const l1 = getLiquidityForAmount1L(a, p, amount1);
    return l0 < l1 ? l0 : l1;
  }
  return getLiquidityForAmount1L(a, b, amount1);
}
