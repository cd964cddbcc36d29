/**
 * Choosing what to write, on the venue's listing only (a strike or expiry it does not list cannot
 * be chosen): the expiry nearest the tenor, the strike whose BSM |Δ| at the surface vol is nearest
 * the target, and the largest size the free collateral covers under the venue's lock rule.
 */
import { lockRequirement } from '../../market/options/collateral.js';
import type { OptionQuote } from '../../market/options/quote.js';
import type { OptionChainView } from '../../market/simulator/market-view.js';

/** The listed expiry nearest now + tenor, at least minSecondsToExpiry away; ties go to the earlier one. */
export function chooseExpiry(chain: OptionChainView, nowSeconds: number, tenorSeconds: number, minSecondsToExpiry: number): number | undefined {
  let best: number | undefined;
  for (const expirySeconds of chain.expiries()) {
    if (expirySeconds - nowSeconds < minSecondsToExpiry) continue;
    const distance = Math.abs(expirySeconds - (nowSeconds + tenorSeconds));
    if (best === undefined || distance < Math.abs(best - (nowSeconds + tenorSeconds))) best = expirySeconds;
  }
  return best;
}

/** The listed strike whose |Δ| is nearest the target; on a tie the one further out of the money (lower |Δ|). */
export function chooseStrike(
  chain: OptionChainView,
  kind: 'call' | 'put',
  expirySeconds: number,
  targetDelta: number,
): { readonly strike: number; readonly quote: OptionQuote } | undefined {
  let best: { strike: number; quote: OptionQuote; gap: number; delta: number } | undefined;
  for (const strike of chain.strikes(expirySeconds)) {
    const quote = chain.quote(kind, strike, expirySeconds);
    if (quote === undefined) continue;
    const delta = Math.abs(quote.greeks.delta);
    const gap = Math.abs(delta - targetDelta);
    if (best === undefined || gap < best.gap || (gap === best.gap && delta < best.delta)) best = { strike, quote, gap, delta };
  }
  return best === undefined ? undefined : { strike: best.strike, quote: best.quote };
}

/**
 * The largest size (wei of the underlying) whose lock fits the free collateral: a call locks its
 * size in the underlying; a put locks ⌈strike × size⌉ cash units, so the floor of cash / strike
 * is corrected down until the venue's own lock rule accepts it.
 */
export function coveredSizeWei(kind: 'call' | 'put', strike: number, freeCollateral: bigint, collateralDecimals: number): bigint {
  if (freeCollateral <= 0n) return 0n;
  if (kind === 'call') return freeCollateral;
  // strike in micro-units keeps the division exact enough; the check below makes it exact
  const strikeMicro = BigInt(Math.ceil(strike * 1e6));
  let size = (freeCollateral * 10n ** 18n * 1_000_000n) / (strikeMicro * 10n ** BigInt(collateralDecimals));
  while (size > 0n && lockRequirement('put', strike, size, collateralDecimals).cashUnits > freeCollateral) size -= size / 1_000_000n + 1n;
  return size;
}
