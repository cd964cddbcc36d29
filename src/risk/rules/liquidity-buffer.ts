/**
 * Liquidity buffer: idle numeraire must stay at or above `minIdleBufferBps` of NAV, so
 * withdrawals and gas are paid without unwinding. A deployment that spends idle numeraire (a
 * swap paying numeraire, a mint, a supply of numeraire) is RESIZED down to the largest size
 * that keeps the buffer (bisection on the exact after-state: the size fits and size + 1 does
 * not), or refused when even one unit breaks it. Intents that do not spend idle numeraire pass;
 * a repay spending it is de-risking and passes too.
 */
import type { Intent } from '../../strategy/types.js';
import { DE_RISKING_KINDS, sizeOf, withSize, type RiskContext, type RuleVerdict } from '../types.js';
import { largestFitting } from '../../math/largest-fitting.js';

export const LIQUIDITY_BUFFER = 'liquidity-buffer';

const SCALE = 10n ** 36n;

function fits(intent: Intent, context: RiskContext): boolean {
  const after = context.after(intent);
  // idle × SCALE / NAV ≥ bps / 10^4, in integers (idle is base units, NAV scaled)
  return after.idleNumeraire * SCALE * 10_000n >= BigInt(context.limits.minIdleBufferBps) * after.navScaled;
}

export function liquidityBufferRule(intent: Intent, context: RiskContext): RuleVerdict {
  if (DE_RISKING_KINDS.has(intent.kind)) return { status: 'approved' };
  const size = sizeOf(intent);
  if (size === undefined) return { status: 'approved' };
  const after = context.after(intent);
  if (after.idleNumeraire >= context.before.idleNumeraire) return { status: 'approved' };
  if (fits(intent, context)) return { status: 'approved' };
  const limit = context.limits.minIdleBufferBps;
  const requiredBaseUnits = (BigInt(limit) * after.navScaled + SCALE * 10_000n - 1n) / (SCALE * 10_000n);
  const allowed = largestFitting(size - 1n, (s) => s === 0n || fits(withSize(intent, s), context));
  const numbers = `idle ${context.market.numeraire} after ${after.idleNumeraire} < required ${requiredBaseUnits} base units (${limit} bps of NAV ${after.navScaled / SCALE})`;
  if (allowed === 0n) return { status: 'refused', reason: `${numbers}; no size fits (idle now ${context.before.idleNumeraire})` };
  return { status: 'resized', intent: withSize(intent, allowed), reason: `${numbers}; size ${size} → ${allowed}` };
}
