// Oracle: cases in the style of v3-core's Oracle.spec.ts, run through a harness that behaves like
// the repository's OracleTest contract (write with the previous tick/liquidity, then change them),
// and a seeded property test against a plain-array reference (every observation ever written,
// absolute timestamps, linear search), across the uint32 timestamp wrap.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UniswapV3Error } from '../../src/uniswap-v3/errors.js';
import * as Oracle from '../../src/uniswap-v3/oracle.js';
import { ObservationArray } from '../../src/uniswap-v3/oracle.js';

const MAX_UINT128 = (1n << 128n) - 1n;
const TWO_32 = 2 ** 32;

/** OracleTest.sol, in TypeScript. */
class OracleHarness {
  readonly observations = new ObservationArray();
  time = 0;
  tick = 0;
  liquidity = 0n;
  index = 0;
  cardinality = 0;
  cardinalityNext = 0;

  initialize(p: { time: number; tick: number; liquidity: bigint }): void {
    this.time = p.time;
    this.tick = p.tick;
    this.liquidity = p.liquidity;
    const r = Oracle.initialize(this.observations, p.time);
    this.cardinality = r.cardinality;
    this.cardinalityNext = r.cardinalityNext;
  }

  advanceTime(by: number): void {
    this.time = (this.time + by) >>> 0; // uint32 += wraps in 0.7
  }

  /** write an observation, then change tick and liquidity */
  update(p: { advanceTimeBy: number; tick: number; liquidity: bigint }): void {
    this.advanceTime(p.advanceTimeBy);
    const r = Oracle.write(this.observations, this.index, this.time, this.tick, this.liquidity, this.cardinality, this.cardinalityNext);
    this.index = r.indexUpdated;
    this.cardinality = r.cardinalityUpdated;
    this.tick = p.tick;
    this.liquidity = p.liquidity;
  }

  grow(next: number): void {
    this.cardinalityNext = Oracle.grow(this.observations, this.cardinalityNext, next);
  }

  observe(secondsAgos: number[]) {
    return Oracle.observe(this.observations, this.time, secondsAgos, this.tick, this.index, this.liquidity, this.cardinality);
  }

  observeSingle(secondsAgo: number) {
    const r = this.observe([secondsAgo]);
    return { tickCumulative: r.tickCumulatives[0], secondsPerLiquidityCumulativeX128: r.secondsPerLiquidityCumulativeX128s[0] };
  }
}

function reason(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof UniswapV3Error) return e.reason;
    throw e;
  }
  return undefined;
}

describe('Oracle #initialize', () => {
  it('index is 0, cardinality and cardinalityNext are 1, the first slot is written', () => {
    const o = new OracleHarness();
    o.initialize({ liquidity: 1n, tick: 1, time: 1 });
    expect([o.index, o.cardinality, o.cardinalityNext]).toEqual([0, 1, 1]);
    expect(o.observations.get(0)).toEqual({
      initialized: true,
      blockTimestamp: 1,
      tickCumulative: 0n,
      secondsPerLiquidityCumulativeX128: 0n,
    });
  });
});

describe('Oracle #grow', () => {
  const init = () => {
    const o = new OracleHarness();
    o.initialize({ liquidity: 1n, tick: 1, time: 1 });
    return o;
  };

  it('increases the cardinality next for the first call', () => {
    const o = init();
    o.grow(5);
    expect([o.index, o.cardinality, o.cardinalityNext]).toEqual([0, 1, 5]);
  });

  it('does not touch the first slot', () => {
    const o = init();
    o.grow(5);
    expect(o.observations.get(0)).toEqual({
      initialized: true,
      blockTimestamp: 1,
      tickCumulative: 0n,
      secondsPerLiquidityCumulativeX128: 0n,
    });
  });

  it('is no op if oracle is already gte that size', () => {
    const o = init();
    o.grow(5);
    o.grow(3);
    expect(o.cardinalityNext).toBe(5);
  });

  it('adds data to all the slots (blockTimestamp 1, not initialized), and nothing beyond', () => {
    const o = init();
    o.grow(5);
    for (let i = 1; i < 5; i++) {
      expect(o.observations.get(i)).toEqual({
        initialized: false,
        blockTimestamp: 1,
        tickCumulative: 0n,
        secondsPerLiquidityCumulativeX128: 0n,
      });
    }
    expect(o.observations.get(5).blockTimestamp).toBe(0);
  });

  it('grow after wrap', () => {
    const o = new OracleHarness();
    o.initialize({ liquidity: 1n, tick: 0, time: 0 });
    o.grow(2);
    o.update({ advanceTimeBy: 2, liquidity: 1n, tick: 1 }); // index is now 1
    o.update({ advanceTimeBy: 2, liquidity: 1n, tick: 1 }); // index is now 0 again
    expect(o.index).toBe(0);
    o.grow(3);
    expect([o.index, o.cardinality, o.cardinalityNext]).toEqual([0, 2, 3]);
  });

  it("reverts 'I' before initialize", () => {
    expect(reason(() => new OracleHarness().grow(3))).toBe('I');
  });
});

describe('Oracle #write', () => {
  it('single element array gets overwritten', () => {
    const o = new OracleHarness();
    o.initialize({ liquidity: 1n, tick: 0, time: 0 });
    o.update({ advanceTimeBy: 1, tick: 2, liquidity: 5n });
    expect(o.index).toBe(0);
    expect(o.observations.get(0)).toEqual({
      initialized: true,
      secondsPerLiquidityCumulativeX128: 340282366920938463463374607431768211456n,
      tickCumulative: 0n,
      blockTimestamp: 1,
    });
    o.update({ advanceTimeBy: 5, tick: -1, liquidity: 8n });
    expect(o.index).toBe(0);
    expect(o.observations.get(0)).toEqual({
      initialized: true,
      secondsPerLiquidityCumulativeX128: 680564733841876926926749214863536422912n,
      tickCumulative: 10n,
      blockTimestamp: 6,
    });
    o.update({ advanceTimeBy: 3, tick: 2, liquidity: 3n });
    expect(o.index).toBe(0);
    expect(o.observations.get(0)).toEqual({
      initialized: true,
      secondsPerLiquidityCumulativeX128: 808170621437228850725514692650449502208n,
      tickCumulative: 7n,
      blockTimestamp: 9,
    });
  });

  it('does nothing if time has not changed', () => {
    const o = new OracleHarness();
    o.initialize({ liquidity: 1n, tick: 0, time: 0 });
    o.grow(2);
    o.update({ advanceTimeBy: 1, tick: 3, liquidity: 2n });
    expect(o.index).toBe(1);
    o.update({ advanceTimeBy: 0, tick: -5, liquidity: 9n });
    expect(o.index).toBe(1);
    expect(o.observations.get(1)).toEqual({
      initialized: true,
      blockTimestamp: 1,
      tickCumulative: 0n,
      secondsPerLiquidityCumulativeX128: 1n << 128n,
    });
  });

  it('writes an index if time has changed', () => {
    const o = new OracleHarness();
    o.initialize({ liquidity: 1n, tick: 0, time: 0 });
    o.grow(3);
    o.update({ advanceTimeBy: 6, tick: 3, liquidity: 2n });
    expect(o.index).toBe(1);
    o.update({ advanceTimeBy: 4, tick: -5, liquidity: 4n });
    expect(o.index).toBe(2);
    expect(o.observations.get(1)).toEqual({
      initialized: true,
      blockTimestamp: 6,
      tickCumulative: 0n,
      secondsPerLiquidityCumulativeX128: 6n << 128n,
    });
    expect(o.observations.get(2)).toEqual({
      initialized: true,
      blockTimestamp: 10,
      tickCumulative: 12n, // tick 3 for 4 seconds
      secondsPerLiquidityCumulativeX128: (6n << 128n) + (2n << 128n), // 4 seconds at liquidity 2
    });
  });

  it('grows cardinality when writing past', () => {
    const o = new OracleHarness();
    o.initialize({ liquidity: 1n, tick: 0, time: 0 });
    o.grow(2);
    o.grow(4);
    expect(o.cardinality).toBe(1);
    o.update({ advanceTimeBy: 3, tick: 5, liquidity: 6n });
    expect([o.cardinality, o.index]).toEqual([4, 1]);
    o.update({ advanceTimeBy: 4, tick: 6, liquidity: 4n });
    expect([o.cardinality, o.index]).toEqual([4, 2]);
    expect(o.observations.get(2).tickCumulative).toBe(20n);
  });

  it('wraps around', () => {
    const o = new OracleHarness();
    o.initialize({ liquidity: 0n, tick: 0, time: 0 });
    o.grow(3);
    for (let i = 0; i < 4; i++) o.update({ advanceTimeBy: 3, tick: 1, liquidity: 2n });
    expect(o.index).toBe(1);
    expect(o.observations.get(1)).toEqual({
      initialized: true,
      blockTimestamp: 12,
      tickCumulative: 9n, // tick 0 for 3 s, then tick 1 for 9 s
      secondsPerLiquidityCumulativeX128: (3n << 128n) + ((9n << 128n) / 2n),
    });
  });

  it('accumulates liquidity 0 as 1 and wraps tickCumulative in int56', () => {
    const o = new OracleHarness();
    o.initialize({ liquidity: 0n, tick: -887272, time: 0 });
    // 2^32-1 seconds at MIN_TICK per write: eventually below int56's minimum
    for (let i = 0; i < 20000; i++) o.update({ advanceTimeBy: 0xffffffff, tick: -887272, liquidity: 0n });
    const exact = -887272n * 0xffffffffn * 20000n;
    expect(exact < -(1n << 55n)).toBe(true);
    expect(o.observations.get(0).tickCumulative).toBe(BigInt.asIntN(56, exact));
    expect(o.observations.get(0).secondsPerLiquidityCumulativeX128).toBe(
      BigInt.asUintN(160, (0xffffffffn << 128n) * 20000n),
    );
  });
});

describe('Oracle #observe', () => {
  it("fails before initialize with 'I'", () => {
    expect(reason(() => new OracleHarness().observe([0]))).toBe('I');
  });

  it("fails if an older observation does not exist ('OLD')", () => {
    const o = new OracleHarness();
    o.initialize({ liquidity: 4n, tick: 2, time: 5 });
    expect(reason(() => o.observeSingle(1))).toBe('OLD');
  });

  it('does not fail across overflow boundary', () => {
    const o = new OracleHarness();
    o.initialize({ liquidity: 4n, tick: 2, time: TWO_32 - 1 });
    o.advanceTime(2);
    const { tickCumulative, secondsPerLiquidityCumulativeX128 } = o.observeSingle(1);
    expect(tickCumulative).toBe(2n);
    expect(secondsPerLiquidityCumulativeX128).toBe(85070591730234615865843651857942052864n);
  });

  it('interpolates correctly at max liquidity', () => {
    const o = new OracleHarness();
    o.initialize({ liquidity: MAX_UINT128, tick: 0, time: 0 });
    o.grow(2);
    o.update({ advanceTimeBy: 13, tick: 0, liquidity: 0n });
    expect(o.observeSingle(0).secondsPerLiquidityCumulativeX128).toBe(13n);
    expect(o.observeSingle(6).secondsPerLiquidityCumulativeX128).toBe(7n);
    expect(o.observeSingle(12).secondsPerLiquidityCumulativeX128).toBe(1n);
    expect(o.observeSingle(13).secondsPerLiquidityCumulativeX128).toBe(0n);
  });

  it('interpolates correctly at min liquidity', () => {
    const o = new OracleHarness();
    o.initialize({ liquidity: 0n, tick: 0, time: 0 });
    o.grow(2);
    o.update({ advanceTimeBy: 13, tick: 0, liquidity: MAX_UINT128 });
    expect(o.observeSingle(0).secondsPerLiquidityCumulativeX128).toBe(13n << 128n);
    expect(o.observeSingle(6).secondsPerLiquidityCumulativeX128).toBe(7n << 128n);
    expect(o.observeSingle(12).secondsPerLiquidityCumulativeX128).toBe(1n << 128n);
    expect(o.observeSingle(13).secondsPerLiquidityCumulativeX128).toBe(0n);
  });

  it('interpolates the same as 0 liquidity for 1 liquidity', () => {
    const o = new OracleHarness();
    o.initialize({ liquidity: 1n, tick: 0, time: 0 });
    o.grow(2);
    o.update({ advanceTimeBy: 13, tick: 0, liquidity: MAX_UINT128 });
    expect(o.observeSingle(0).secondsPerLiquidityCumulativeX128).toBe(13n << 128n);
    expect(o.observeSingle(6).secondsPerLiquidityCumulativeX128).toBe(7n << 128n);
    expect(o.observeSingle(12).secondsPerLiquidityCumulativeX128).toBe(1n << 128n);
    expect(o.observeSingle(13).secondsPerLiquidityCumulativeX128).toBe(0n);
  });

  it('interpolates correctly across uint32 seconds boundaries', () => {
    // secondsPerLiquidityCumulativeX128 is uint160 and (2^32 + 7) << 128 wraps to 7 << 128
    const o = new OracleHarness();
    o.initialize({ liquidity: 0n, tick: 0, time: 0 });
    o.grow(2);
    o.update({ advanceTimeBy: TWO_32 - 6, tick: 0, liquidity: 0n });
    expect(o.observeSingle(0).secondsPerLiquidityCumulativeX128).toBe(BigInt(TWO_32 - 6) << 128n);
    o.update({ advanceTimeBy: 13, tick: 0, liquidity: 0n });
    expect(o.time).toBe(7);
    expect(o.observeSingle(0).secondsPerLiquidityCumulativeX128).toBe(7n << 128n);
    expect(o.observeSingle(3).secondsPerLiquidityCumulativeX128).toBe(4n << 128n);
    expect(o.observeSingle(8).secondsPerLiquidityCumulativeX128).toBe(BigInt(TWO_32 - 1) << 128n);
  });

  describe('single observation', () => {
    const init = () => {
      const o = new OracleHarness();
      o.initialize({ liquidity: 4n, tick: 2, time: 5 });
      return o;
    };
    it('at current time', () => {
      expect(init().observeSingle(0)).toEqual({ tickCumulative: 0n, secondsPerLiquidityCumulativeX128: 0n });
    });
    it('in past but not earlier than secondsAgo', () => {
      const o = init();
      o.advanceTime(3);
      expect(reason(() => o.observeSingle(4))).toBe('OLD');
    });
    it('in past at exactly seconds ago', () => {
      const o = init();
      o.advanceTime(3);
      expect(o.observeSingle(3)).toEqual({ tickCumulative: 0n, secondsPerLiquidityCumulativeX128: 0n });
    });
    it('in past counterfactual in past', () => {
      const o = init();
      o.advanceTime(3);
      expect(o.observeSingle(1)).toEqual({
        tickCumulative: 4n,
        secondsPerLiquidityCumulativeX128: 170141183460469231731687303715884105728n,
      });
    });
    it('in past counterfactual now', () => {
      const o = init();
      o.advanceTime(3);
      expect(o.observeSingle(0)).toEqual({
        tickCumulative: 6n,
        secondsPerLiquidityCumulativeX128: 255211775190703847597530955573826158592n,
      });
    });
  });

  describe('two observations in chronological order', () => {
    const init = () => {
      const o = new OracleHarness();
      o.initialize({ liquidity: 5n, tick: -5, time: 5 });
      o.grow(2);
      o.update({ advanceTimeBy: 4, tick: 1, liquidity: 2n });
      return o;
    };
    it('0 seconds ago exact', () => {
      expect(init().observeSingle(0)).toEqual({
        tickCumulative: -20n,
        secondsPerLiquidityCumulativeX128: (4n << 128n) / 5n,
      });
    });
    it('0 seconds ago counterfactual', () => {
      const o = init();
      o.advanceTime(7);
      expect(o.observeSingle(0)).toEqual({
        tickCumulative: -13n,
        secondsPerLiquidityCumulativeX128: (4n << 128n) / 5n + (7n << 128n) / 2n,
      });
    });
    it('seconds ago is exactly on first observation', () => {
      const o = init();
      o.advanceTime(4);
      expect(o.observeSingle(8)).toEqual({ tickCumulative: 0n, secondsPerLiquidityCumulativeX128: 0n });
    });
    it('seconds ago is between first and second (int56 division truncates toward zero)', () => {
      const o = init();
      o.advanceTime(1);
      // target is 3 s after the first observation; slope -20/4 = -5 per second
      expect(o.observeSingle(2)).toEqual({
        tickCumulative: -15n,
        secondsPerLiquidityCumulativeX128: ((((4n << 128n) / 5n) * 3n) / 4n),
      });
    });
    it('older than the first observation reverts OLD', () => {
      const o = init();
      expect(reason(() => o.observeSingle(5))).toBe('OLD');
    });
  });

  it('interpolation divides the int56 difference truncating toward zero (sdiv), not flooring', () => {
    // A tick change inside an interval cannot happen through write(), so craft the slots directly.
    const obs = new ObservationArray();
    obs.set(0, { blockTimestamp: 100, tickCumulative: 0n, secondsPerLiquidityCumulativeX128: 0n, initialized: true });
    obs.set(1, { blockTimestamp: 103, tickCumulative: -10n, secondsPerLiquidityCumulativeX128: 10n, initialized: true });
    // target 101: -10 / 3 = -3 (toward zero), times 1 second; spl 10 * 1 / 3 = 3
    expect(Oracle.observeSingle(obs, 103, 2, 0, 1, 1n, 2)).toEqual({
      tickCumulative: -3n,
      secondsPerLiquidityCumulativeX128: 3n,
    });
    // target 102: (-10 / 3) * 2 = -6, not round(-20/3)
    expect(Oracle.observeSingle(obs, 103, 1, 0, 1, 1n, 2).tickCumulative).toBe(-6n);
  });

  it('interpolation wraps the int56 difference before dividing', () => {
    const obs = new ObservationArray();
    const max56 = (1n << 55n) - 1n;
    obs.set(0, { blockTimestamp: 10, tickCumulative: max56 - 5n, secondsPerLiquidityCumulativeX128: 0n, initialized: true });
    // 10 seconds at tick 1 wrapped past int56's maximum
    obs.set(1, { blockTimestamp: 20, tickCumulative: BigInt.asIntN(56, max56 + 5n), secondsPerLiquidityCumulativeX128: 0n, initialized: true });
    expect(Oracle.observeSingle(obs, 20, 3, 0, 1, 1n, 2).tickCumulative).toBe(max56 + 2n - (1n << 56n));
    expect(Oracle.observeSingle(obs, 20, 7, 0, 1, 1n, 2).tickCumulative).toBe(max56 - 2n);
  });
});

describe('Oracle properties', () => {
  interface Abs {
    t: number; // absolute seconds, never wrapped
    tickCumulative: bigint;
    spl: bigint;
  }

  it('observe agrees with a plain-array reference across the uint32 wrap', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('update' as const),
        dt: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 51, max: 5000 })),
        tick: fc.integer({ min: -50_000, max: 50_000 }),
        liquidity: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 10n ** 24n })),
      }),
      fc.record({ kind: fc.constant('grow' as const), next: fc.integer({ min: 1, max: 12 }) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: TWO_32 - 20_000, max: TWO_32 - 1 }),
        fc.array(op, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.array(fc.integer({ min: 0, max: 400_000 }), { minLength: 1, maxLength: 8 }),
        (start, ops, finalDt, agos) => {
          const o = new OracleHarness();
          o.initialize({ time: start % TWO_32, tick: 0, liquidity: 0n });
          let now = start;
          let tick = 0;
          let liquidity = 0n;
          const history: Abs[] = [{ t: start, tickCumulative: 0n, spl: 0n }];
          let retainedCount = 1;
          const advance = (h: Abs, t: number): Abs => ({
            t,
            tickCumulative: h.tickCumulative + BigInt(tick) * BigInt(t - h.t),
            spl: h.spl + (BigInt(t - h.t) << 128n) / (liquidity > 0n ? liquidity : 1n),
          });
          for (const x of ops) {
            if (x.kind === 'grow') {
              o.grow(x.next);
              continue;
            }
            now += x.dt;
            const last = history[history.length - 1] as Abs;
            o.update({ advanceTimeBy: x.dt, tick: x.tick, liquidity: x.liquidity });
            if (x.dt > 0) {
              history.push(advance(last, now));
              // the ring keeps the newest observations, as many as it has had room for
              retainedCount = Math.min(retainedCount + 1, o.cardinality);
            }
            tick = x.tick;
            liquidity = x.liquidity;
          }
          now += finalDt;
          o.advanceTime(finalDt);

          const retained = history.slice(-retainedCount);
          const oldest = retained[0] as Abs;
          const newest = retained[retained.length - 1] as Abs;
          for (const ago of agos) {
            const target = now - ago;
            if (target < oldest.t) {
              expect(reason(() => o.observeSingle(ago))).toBe('OLD');
              continue;
            }
            let expected: { tickCumulative: bigint; secondsPerLiquidityCumulativeX128: bigint };
            if (target >= newest.t) {
              const a = advance(newest, target);
              expected = { tickCumulative: a.tickCumulative, secondsPerLiquidityCumulativeX128: a.spl };
            } else {
              let i = 0;
              while ((retained[i + 1] as Abs).t < target) i++;
              const b = retained[i] as Abs;
              const a = retained[i + 1] as Abs;
              if (target === b.t) expected = { tickCumulative: b.tickCumulative, secondsPerLiquidityCumulativeX128: b.spl };
              else if (target === a.t) expected = { tickCumulative: a.tickCumulative, secondsPerLiquidityCumulativeX128: a.spl };
              else {
                // the tick is constant between two observations, so the interpolation is exact
                const slope = (a.tickCumulative - b.tickCumulative) / BigInt(a.t - b.t);
                expected = {
                  tickCumulative: b.tickCumulative + slope * BigInt(target - b.t),
                  secondsPerLiquidityCumulativeX128: b.spl + ((a.spl - b.spl) * BigInt(target - b.t)) / BigInt(a.t - b.t),
                };
              }
            }
            expected.secondsPerLiquidityCumulativeX128 = BigInt.asUintN(160, expected.secondsPerLiquidityCumulativeX128);
            expect(o.observeSingle(ago)).toEqual(expected);
          }
        },
      ),
      { seed: 424242, numRuns: 400 },
    );
  });
});
