/**
 * Maximum slippage: a swap's expected output, computed on the pool snapshot, against its value
 * at the marks (the oracle, numeraire at par) may fall short by at most `maxSlippageBps`; the
 * shortfall includes the pool fee, the price impact and any pool-vs-oracle gap.
 *
 * Output model: the pool's own math (fee taken from the input, SqrtPriceMath for the next price
 * and the output, rounding as the contract) with the snapshot's active liquidity held constant
 * along the whole swap. That is exact while the swap stays inside the current initialized tick
 * range; a swap that crosses ticks is an estimate (the view carries no tick map): conservative
 * where liquidity beyond is at least as deep (wide LPs), optimistic where it thins. The
 * executor's minimum-output guard still bounds the realized fill.
 *
 * An oversized swap is RESIZED to the largest input whose output fits (bisection: that size
 * fits, one more base unit does not), or refused when no input fits.
 */
import { getAmount0Delta, getAmount1Delta, getNextSqrtPriceFromInput } from '../../uniswap-v3/sqrt-price-math.js';
import type { Intent, SwapIntent } from '../../strategy/types.js';
import { type RiskContext, type RuleVerdict } from '../types.js';
import { largestFitting } from '../../math/largest-fitting.js';

export const SLIPPAGE = 'slippage';

/** Expected output of an exact-input swap on the snapshot at constant active liquidity. */
export function expectedSwapOutput(intent: SwapIntent, context: RiskContext): bigint {
  const info = context.market.pools[intent.pool];
  if (info === undefined) return 0n;
  const { sqrtPriceX96, liquidity } = context.view.pool(intent.pool);
  if (liquidity === 0n || intent.amountIn <= 0n) return 0n;
  const feePips = BigInt(info.feePips);
  const lessFee = (intent.amountIn * (1_000_000n - feePips)) / 1_000_000n;
  try {
    const next = getNextSqrtPriceFromInput(sqrtPriceX96, liquidity, lessFee, intent.zeroForOne);
    return intent.zeroForOne ? getAmount1Delta(next, sqrtPriceX96, liquidity, false) : getAmount0Delta(sqrtPriceX96, next, liquidity, false);
  } catch {
    // past the end of the price range: treated as nothing out, which never fits
    return 0n;
  }
}

function tokensOf(intent: SwapIntent, context: RiskContext): [string, string] | undefined {
  const info = context.market.pools[intent.pool];
  if (info === undefined) return undefined;
  return intent.zeroForOne ? [info.token0, info.token1] : [info.token1, info.token0];
}

/** Slippage of the swap in bps of its value at the marks (a number, for reasons). */
export function swapSlippageBps(intent: SwapIntent, context: RiskContext): number {
  const tokens = tokensOf(intent, context);
  if (tokens === undefined) return Infinity;
  const valueIn = intent.amountIn * (context.marks.get(tokens[0]) ?? 0n);
  const valueOut = expectedSwapOutput(intent, context) * (context.marks.get(tokens[1]) ?? 0n);
  if (valueIn === 0n) return 0;
  return Number(((valueIn - valueOut) * 1_000_000n) / valueIn) / 100;
}

function fits(intent: SwapIntent, context: RiskContext): boolean {
  const tokens = tokensOf(intent, context);
  if (tokens === undefined) return false;
  const valueIn = intent.amountIn * (context.marks.get(tokens[0]) ?? 0n);
  const valueOut = expectedSwapOutput(intent, context) * (context.marks.get(tokens[1]) ?? 0n);
  return valueOut * 10_000n >= valueIn * BigInt(10_000 - context.limits.maxSlippageBps);
}

export function slippageRule(intent: Intent, context: RiskContext): RuleVerdict {
  if (intent.kind !== 'swap') return { status: 'approved' };
  if (context.market.pools[intent.pool] === undefined) return { status: 'refused', reason: `unknown pool ${intent.pool}` };
  if (fits(intent, context)) return { status: 'approved' };
  const limit = context.limits.maxSlippageBps;
  const measured = `expected slippage ${swapSlippageBps(intent, context).toFixed(2)} bps on ${intent.amountIn} in > max ${limit} bps`;
  const allowed = largestFitting(intent.amountIn - 1n, (size) => size === 0n || fits({ ...intent, amountIn: size }, context));
  if (allowed === 0n) return { status: 'refused', reason: `${measured}; no size fits` };
  return {
    status: 'resized',
    intent: { ...intent, amountIn: allowed },
    reason: `${measured}; amountIn ${intent.amountIn} → ${allowed} (slippage ${swapSlippageBps({ ...intent, amountIn: allowed }, context).toFixed(2)} bps)`,
  };
}
