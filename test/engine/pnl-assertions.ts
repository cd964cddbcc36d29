/** What every backtest test asserts of a result's PnL decomposition, in one place. */
import { expect } from 'vitest';
import type { BacktestResult } from '../../src/engine/backtest.js';
import { assertPnlAddsUp } from '../../src/report/report-input.js';
import type { JsonValue } from '../../src/strategy/types.js';

/** A PnL component by its display name (throws when there is none, so a renamed line fails loudly). */
export function component<M extends JsonValue>(result: BacktestResult<M>, name: string): bigint {
  const found = result.pnl.components.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no component ${name}`);
  return found.amount;
}

/**
 * The components add up to the NAV change to the base unit, the scaled totals to the scaled
 * change exactly, and the rounding stays within the two floors of the NAV plus one truncation per
 * component (or a tighter `roundingBound`); the report input agrees.
 */
export function expectExact<M extends JsonValue>(result: BacktestResult<M>, roundingBound?: bigint): void {
  expect(result.pnl.components.reduce((total, c) => total + c.amount, 0n)).toBe(result.pnl.navChange);
  expect(result.pnl.navChange).toBe(result.pnl.navEnd - result.pnl.navStart);
  expect(Object.values(result.pnl.scaledComponents).reduce((a, b) => a + b, 0n)).toBe(result.pnl.navChangeScaled);
  const bound = roundingBound ?? BigInt(result.pnl.components.length + 2);
  expect(result.pnl.roundingBaseUnits <= bound && result.pnl.roundingBaseUnits >= -bound).toBe(true);
  assertPnlAddsUp(result.reportInput);
}
