import { describe, expect, it } from 'vitest';
import { PriceHistory, realizedVolLevel } from '../../../src/market/options/realized-vol-level.js';
import { SECONDS_PER_YEAR } from '../../../src/units.js';

const HOUR = 3600;

function zigzag(hours: number, r: number): PriceHistory {
  const history = new PriceHistory();
  let price = 2000;
  for (let h = 0; h <= hours; h++) {
    history.record(h * HOUR, price);
    price *= Math.exp(h % 2 === 0 ? r : -r);
  }
  return history;
}

describe('realized-vol implied level', () => {
  it('equals √(Σr²/(n·Δt)) + premium on the window (a zigzag of ±r: r/√Δt exactly)', () => {
    const r = 0.01;
    const level = realizedVolLevel({ history: zigzag(100, r), genesisSeconds: 0, windowSeconds: 24 * HOUR, sampleSeconds: HOUR, premiumVol: 0.05, fallbackVol: 0.7 });
    expect(level(50 * HOUR + 10, 0)).toBeCloseTo(r / Math.sqrt(HOUR / SECONDS_PER_YEAR) + 0.05, 10);
  });

  it('is the fallback until the window holds two returns, and reads nothing after now (causal)', () => {
    const history = zigzag(100, 0.02);
    const config = { genesisSeconds: 0, windowSeconds: 24 * HOUR, sampleSeconds: HOUR, premiumVol: 0, fallbackVol: 0.7 };
    const level = realizedVolLevel({ ...config, history });
    expect(level(HOUR + 5, 0)).toBe(0.7);
    // the same question on a history that stops at the asked time gives the same answer
    const truncated = new PriceHistory();
    for (let h = 0; h <= 30; h++) truncated.record(h * HOUR, history.at(h * HOUR)!);
    truncated.record(30 * HOUR + 1, 1e9); // a price after the last sample point does not count
    expect(realizedVolLevel({ ...config, history: truncated })(30 * HOUR + 30, 0)).toBe(level(30 * HOUR + 30, 0));
    expect(() => history.record(5, 1)).toThrow(/timestampSeconds/);
  });
});
