/**
 * The operations of a parity run and their seeded generator. The generator reads only the
 * TypeScript pool's views (deterministic), so one seed always gives the same sequence; both
 * pools then receive exactly the same operation, with the same block timestamp.
 */
import type { Address } from 'viem';
import type { UniswapV3RevertReason } from '../../../src/uniswap-v3/errors.js';
import type { UniswapV3Pool } from '../../../src/uniswap-v3/pool.js';
import { getAmount0Delta, getAmount1Delta } from '../../../src/uniswap-v3/sqrt-price-math.js';
import { getSqrtRatioAtTick, MAX_SQRT_RATIO, MAX_TICK, MIN_SQRT_RATIO, MIN_TICK } from '../../../src/uniswap-v3/tick-math.js';
import type { Rng } from './rng.js';

export const MAX_UINT128 = (1n << 128n) - 1n;

export type OpBody =
  | { kind: 'initialize'; sqrtPriceX96: bigint }
  | { kind: 'mint'; recipient: Address; tickLower: number; tickUpper: number; amount: bigint }
  | { kind: 'burn'; owner: Address; tickLower: number; tickUpper: number; amount: bigint }
  | {
      kind: 'collect';
      owner: Address;
      recipient: Address;
      tickLower: number;
      tickUpper: number;
      amount0Requested: bigint;
      amount1Requested: bigint;
    }
  | { kind: 'swap'; recipient: Address; zeroForOne: boolean; amountSpecified: bigint; sqrtPriceLimitX96: bigint | undefined }
  | { kind: 'flash'; recipient: Address; amount0: bigint; amount1: bigint; paid0: bigint | undefined; paid1: bigint | undefined }
  | { kind: 'setFeeProtocol'; feeProtocol0: number; feeProtocol1: number }
  | { kind: 'collectProtocol'; recipient: Address; amount0Requested: bigint; amount1Requested: bigint }
  | { kind: 'increaseObservationCardinalityNext'; observationCardinalityNext: number };

export type Op = OpBody & {
  /** The block timestamp both pools see (seconds, full width; the pool truncates to uint32). */
  timestamp: number;
  /** What the generator meant to exercise, e.g. 'swap/exactIn/0→1/large/limit' or 'mint/zero'. */
  label: string;
  /** The refusal the generator aimed for (checked against the TypeScript pool). */
  expectRevert?: UniswapV3RevertReason;
};

const INVALID_WEIGHTS = {
  mintZero: 10,
  tickLowerTooLow: 8,
  tickUpperTooHigh: 8,
  lowerNotBelowUpper: 10,
  notOnSpacing: 10,
  overMaxLiquidity: 4,
  swapZero: 8,
  limitWrongSide: 14,
  burnTooMuch: 12,
  burnEmpty: 6,
  feeProtocolInvalid: 6,
  flashUnderpaid: 4,
} as const;
type InvalidFamily = keyof typeof INVALID_WEIGHTS;
const INVALID_FAMILIES = Object.keys(INVALID_WEIGHTS) as InvalidFamily[];

/** An operation before it gets its timestamp. */
export type Draft = OpBody & { label: string; expectRevert?: UniswapV3RevertReason };

export interface GeneratorConfig {
  owners: readonly Address[];
  /** The factory owner: payer of mints/swaps/flashes and the only caller of the protocol-fee verbs. */
  admin: Address;
  ops: number;
}

/** floor division for int24 ticks (the bitmap's compress). */
export const floorDiv = (a: number, b: number): number => Math.floor(a / b);

/**
 * Generates one operation at a time from the TypeScript pool's current state. Call `next`
 * BEFORE applying the previous operation's successor; every call advances the RNG the same way
 * for the same pool state.
 */
export class OpGenerator {
  readonly minUsable: number;
  readonly maxUsable: number;
  private readonly spacing: number;
  private index = 0;
  private time: number;
  /** the tick the price drifts back to (where the run started) */
  private homeTick = 0;
  /** op indexes at which the protocol fee is switched (on, then changed) */
  private readonly feeSwitchAt: number[];

  constructor(
    private readonly rng: Rng,
    private readonly pool: UniswapV3Pool,
    private readonly config: GeneratorConfig,
    startTimestamp: number,
  ) {
    this.spacing = pool.tickSpacing;
    this.minUsable = Math.ceil(MIN_TICK / this.spacing) * this.spacing;
    this.maxUsable = Math.floor(MAX_TICK / this.spacing) * this.spacing;
    this.time = startTimestamp;
    const n = config.ops;
    // (never on an index that forces a refusal family, see `body`)
    const avoid = (k: number): number => (k % 40 === 20 ? k + 1 : k);
    this.feeSwitchAt = [avoid(Math.floor(n * (0.3 + 0.1 * rng.float()))), avoid(Math.floor(n * (0.65 + 0.1 * rng.float())))];
  }

  get currentTimestamp(): number {
    return this.time;
  }

  /** Moves the generator's clock (checkpoints mine a block without an operation). */
  advanceTo(timestamp: number): void {
    if (timestamp < this.time) throw new RangeError(`clock goes back: ${timestamp} < ${this.time}`);
    this.time = timestamp;
  }

  /** 0–3600 s: same block sometimes, mostly seconds to minutes, sometimes up to an hour. */
  gap(): number {
    const r = this.rng;
    switch (r.weighted({ same: 12, seconds: 48, minutes: 28, hour: 12 })) {
      case 'same':
        return 0;
      case 'seconds':
        return r.int(1, 60);
      case 'minutes':
        return r.int(61, 600);
      default:
        return r.int(601, 3600);
    }
  }

  /** The operations run before the pool is initialized: all refused ('LOK', 'R'), then initialize, then 'AI'. */
  prelude(): Op[] {
    const r = this.rng;
    const owner = r.pick(this.config.owners);
    const s = this.spacing;
    // A random start price: usually near tick 0, sometimes far; never on a tick boundary by accident only.
    const startTick = r.chance(0.6) ? r.int(-2000, 2000) : r.int(-300_000, 300_000);
    const lo = getSqrtRatioAtTick(startTick);
    const hi = getSqrtRatioAtTick(startTick + 1);
    const sqrtPriceX96 = r.chance(0.2) ? lo : r.bigint(lo, hi - 1n);
    this.homeTick = startTick;
    const ops: Op[] = [];
    const at = (body: OpBody, label: string, expectRevert?: UniswapV3RevertReason): void => {
      this.time += this.gap();
      ops.push({ ...body, timestamp: this.time, label, ...(expectRevert === undefined ? {} : { expectRevert }) });
    };
    at({ kind: 'mint', recipient: owner, tickLower: -s, tickUpper: s, amount: 10n ** 18n }, 'uninitialized/mint', 'LOK');
    at({ kind: 'swap', recipient: owner, zeroForOne: true, amountSpecified: 1000n, sqrtPriceLimitX96: undefined }, 'uninitialized/swap', 'LOK');
    at({ kind: 'burn', owner, tickLower: -s, tickUpper: s, amount: 0n }, 'uninitialized/burn', 'LOK');
    at({ kind: 'collect', owner, recipient: owner, tickLower: -s, tickUpper: s, amount0Requested: 1n, amount1Requested: 1n }, 'uninitialized/collect', 'LOK');
    at({ kind: 'increaseObservationCardinalityNext', observationCardinalityNext: 5 }, 'uninitialized/grow', 'LOK');
    at({ kind: 'setFeeProtocol', feeProtocol0: 4, feeProtocol1: 4 }, 'uninitialized/setFeeProtocol', 'LOK');
    at({ kind: 'initialize', sqrtPriceX96: MIN_SQRT_RATIO - 1n }, 'initialize/below-min', 'R');
    at({ kind: 'initialize', sqrtPriceX96: MAX_SQRT_RATIO }, 'initialize/at-max', 'R');
    at({ kind: 'initialize', sqrtPriceX96 }, 'initialize');
    at({ kind: 'initialize', sqrtPriceX96: 1n << 96n }, 'initialize/again', 'AI');
    return ops;
  }

  next(): Op {
    const i = this.index++;
    this.time += this.gap();
    const op = this.body(i);
    return { ...op, timestamp: this.time };
  }

  // -------------------------------------------------------------------------------------------

  private body(i: number): Draft {
    const r = this.rng;
    if (i === this.feeSwitchAt[0] || i === this.feeSwitchAt[1]) {
      const p = (): number => r.pick([0, 4, 5, 6, 7, 8, 9, 10]);
      let p0 = p();
      const p1 = p();
      if (i === this.feeSwitchAt[0] && p0 === 0 && p1 === 0) p0 = 4; // switched on for real
      return { kind: 'setFeeProtocol', feeProtocol0: p0, feeProtocol1: p1, label: 'setFeeProtocol/on' };
    }
    // every refusal family at least once per ~40·12 ops, whatever the seed: one forced every 40 ops
    if (i % 40 === 20) return this.invalid(INVALID_FAMILIES[Math.floor(i / 40) % INVALID_FAMILIES.length]);
    const hasPositions = this.livePositions().length > 0;
    const kind = r.weighted({
      mint: hasPositions ? 18 : 60,
      burn: 9,
      collect: 8,
      swap: 42,
      flash: 2,
      collectProtocol: 3,
      grow: 3,
      setFeeProtocol: 1,
      invalid: 14,
    });
    switch (kind) {
      case 'mint':
        return this.mint();
      case 'burn':
        return this.burn();
      case 'collect':
        return this.collect();
      case 'swap':
        return this.swap();
      case 'flash':
        return this.flash();
      case 'collectProtocol':
        return this.collectProtocol();
      case 'grow':
        return this.grow();
      case 'setFeeProtocol': {
        const p = (): number => r.pick([0, 4, 6, 8, 10]);
        return { kind: 'setFeeProtocol', feeProtocol0: p(), feeProtocol1: p(), label: 'setFeeProtocol/change' };
      }
      default:
        return this.invalid();
    }
  }

  private owner(): Address {
    return this.rng.pick(this.config.owners);
  }

  private align(tick: number): number {
    const t = Math.round(tick / this.spacing) * this.spacing;
    return Math.min(this.maxUsable, Math.max(this.minUsable, t));
  }

  private livePositions(): Array<{ owner: Address; tickLower: number; tickUpper: number; liquidity: bigint; owed: boolean }> {
    return this.pool
      .allPositions()
      .filter((p) => p.info.liquidity > 0n || p.info.tokensOwed0 > 0n || p.info.tokensOwed1 > 0n)
      .map((p) => ({
        owner: this.config.owners.find((o) => o.toLowerCase() === p.owner.toLowerCase()) ?? (p.owner as Address),
        tickLower: p.tickLower,
        tickUpper: p.tickUpper,
        liquidity: p.info.liquidity,
        owed: p.info.tokensOwed0 > 0n || p.info.tokensOwed1 > 0n,
      }));
  }

  /** A valid range: near the price, one-sided, wide, full, touching MIN/MAX, or reusing a tick. */
  private range(): { tickLower: number; tickUpper: number; shape: string } {
    const r = this.rng;
    const s = this.spacing;
    const c = this.pool.slot0.tick;
    const shape = r.weighted({ near: 30, below: 10, above: 10, wide: 14, full: 6, touchMin: 6, touchMax: 6, reuse: 18 });
    let lo: number;
    let hi: number;
    const span = (k: number): number => r.int(1, k) * s;
    switch (shape) {
      case 'near':
        lo = c - span(12);
        hi = c + span(12);
        break;
      case 'below':
        hi = c - r.int(0, 20) * s;
        lo = hi - span(40);
        break;
      case 'above':
        lo = c + r.int(1, 20) * s;
        hi = lo + span(40);
        break;
      case 'wide':
        lo = c - span(3000);
        hi = c + span(3000);
        break;
      case 'full':
        lo = this.minUsable;
        hi = this.maxUsable;
        break;
      case 'touchMin':
        lo = this.minUsable;
        hi = r.chance(0.5) ? c + span(200) : this.minUsable + span(50);
        break;
      case 'touchMax':
        hi = this.maxUsable;
        lo = r.chance(0.5) ? c - span(200) : this.maxUsable - span(50);
        break;
      default: {
        // overlap: reuse an initialized tick as one end (shares its liquidity bookkeeping)
        const ticks = this.pool.initializedTicks();
        if (ticks.length === 0) {
          lo = c - span(10);
          hi = c + span(10);
          break;
        }
        const t = r.pick(ticks);
        if (r.chance(0.5)) {
          lo = t;
          hi = r.chance(0.5) && ticks.some((x) => x > t) ? r.pick(ticks.filter((x) => x > t)) : t + span(100);
        } else {
          hi = t;
          lo = r.chance(0.5) && ticks.some((x) => x < t) ? r.pick(ticks.filter((x) => x < t)) : t - span(100);
        }
      }
    }
    lo = this.align(lo);
    hi = this.align(hi);
    if (lo >= hi) {
      if (hi + s <= this.maxUsable) hi = lo + s;
      else lo = hi - s;
    }
    if (lo >= hi) lo = hi - s;
    return { tickLower: lo, tickUpper: hi, shape };
  }

  private liquidityAmount(): bigint {
    // 1e3 .. ~1e24, log-uniform, capped well below maxLiquidityPerTick
    const amount = this.rng.wide(10, 80);
    const cap = this.pool.maxLiquidityPerTick / 64n;
    return amount > cap ? cap : amount;
  }

  private mint(): Draft {
    const { tickLower, tickUpper, shape } = this.range();
    const amount = this.liquidityAmount();
    return { kind: 'mint', recipient: this.owner(), tickLower, tickUpper, amount, label: `mint/${shape}` };
  }

  private burn(): Draft {
    const r = this.rng;
    const live = this.livePositions().filter((p) => p.liquidity > 0n);
    if (live.length === 0) return this.mint();
    const p = r.pick(live);
    const how = r.weighted({ full: 35, partial: 50, poke: 15 });
    const amount = how === 'full' ? p.liquidity : how === 'poke' ? 0n : r.bigint(1n, p.liquidity);
    return { kind: 'burn', owner: p.owner, tickLower: p.tickLower, tickUpper: p.tickUpper, amount, label: `burn/${how}` };
  }

  private collect(): Draft {
    const r = this.rng;
    const all = this.livePositions();
    const owed = all.filter((p) => p.owed);
    const recipient = this.owner();
    if (all.length === 0 || r.chance(0.05)) {
      // nothing owed: collects zero, touches nothing
      const { tickLower, tickUpper } = this.range();
      return {
        kind: 'collect',
        owner: this.owner(),
        recipient,
        tickLower,
        tickUpper,
        amount0Requested: MAX_UINT128,
        amount1Requested: MAX_UINT128,
        label: 'collect/empty',
      };
    }
    const p = r.pick(owed.length > 0 ? owed : all);
    const info = this.pool.positions(p.owner, p.tickLower, p.tickUpper);
    const how = r.weighted({ max: 40, exact: 20, partial: 30, one: 10 });
    const req = (owedAmount: bigint): bigint => {
      switch (how) {
        case 'max':
          return MAX_UINT128;
        case 'exact':
          return owedAmount;
        case 'partial':
          return owedAmount === 0n ? r.bigint(0n, 10n) : r.bigint(0n, owedAmount);
        default:
          return r.chance(0.5) ? 0n : owedAmount;
      }
    };
    return {
      kind: 'collect',
      owner: p.owner,
      recipient,
      tickLower: p.tickLower,
      tickUpper: p.tickUpper,
      amount0Requested: req(info.tokensOwed0),
      amount1Requested: req(info.tokensOwed1),
      label: `collect/${how}`,
    };
  }

  /** Swaps of every shape: both directions, exact in/out, sizes from dust to "exhaust all liquidity". */
  private swap(): Draft {
    const r = this.rng;
    const s0 = this.pool.slot0;
    const c = s0.tick;
    const price = s0.sqrtPriceX96;
    // mean reversion toward the start tick keeps most of the run where the positions are
    const away = c - this.homeTick;
    const pTowardHome = 0.5 + 0.45 * Math.min(1, Math.abs(away) / 40_000);
    const towardHome = r.chance(pTowardHome);
    let zeroForOne = away === 0 ? r.chance(0.5) : towardHome === away > 0;
    if (price <= MIN_SQRT_RATIO + 1n) zeroForOne = false;
    if (price >= MAX_SQRT_RATIO - 1n) zeroForOne = true;
    const exactInput = r.chance(0.5);
    const size = r.weighted({ dust: 6, small: 30, medium: 30, large: 22, exhaust: 12 });
    const dir = zeroForOne ? '0→1' : '1→0';

    // the price limit
    const ticks = this.pool.initializedTicks();
    let limit: bigint | undefined;
    let limitKind: string;
    const sign = zeroForOne ? -1 : 1;
    const clampTick = (t: number): number => Math.min(MAX_TICK, Math.max(MIN_TICK, t));
    if (size === 'exhaust') {
      // beyond every initialized tick on that side (the liquidity runs out and the swap stops at the limit), or the edge
      const beyond = zeroForOne
        ? Math.max(MIN_TICK + 1, (ticks[0] ?? c) - r.int(1, 5000))
        : Math.min(MAX_TICK - 1, (ticks[ticks.length - 1] ?? c) + r.int(1, 5000));
      if (r.chance(0.7) && (zeroForOne ? beyond < c : beyond > c)) {
        limit = getSqrtRatioAtTick(clampTick(beyond));
        limitKind = 'beyond-liquidity';
      } else {
        limit = undefined;
        limitKind = 'none';
      }
    } else {
      limitKind = r.weighted({ none: 35, extreme: 10, random: 40, onTick: 15 });
      if (limitKind === 'extreme') limit = zeroForOne ? MIN_SQRT_RATIO + 1n : MAX_SQRT_RATIO - 1n;
      else if (limitKind === 'random') {
        const far = clampTick(c + sign * r.int(0, size === 'large' ? 50_000 : 3000));
        const target = getSqrtRatioAtTick(far);
        limit = zeroForOne ? r.bigint(target < price ? target : price, price) : r.bigint(price, target > price ? target : price);
      } else if (limitKind === 'onTick') {
        const side = ticks.filter((t) => (zeroForOne ? getSqrtRatioAtTick(t) < price : getSqrtRatioAtTick(t) > price));
        limit = side.length > 0 ? getSqrtRatioAtTick(r.pick(side)) : undefined;
        if (limit === undefined) limitKind = 'none';
      }
    }
    if (limit !== undefined) {
      // keep it valid (the invalid ones are generated on purpose elsewhere)
      const valid = zeroForOne ? limit < price && limit > MIN_SQRT_RATIO : limit > price && limit < MAX_SQRT_RATIO;
      if (!valid) {
        limit = undefined;
        limitKind = 'none';
      }
    }

    // the amount: what moving the price `distance` ticks would take at the current liquidity
    let amount: bigint;
    if (size === 'exhaust') {
      amount = r.wide(100, 160);
    } else if (size === 'dust') {
      amount = r.bigint(1n, 1000n);
    } else {
      const distance = size === 'small' ? r.int(1, 3 * this.spacing) : size === 'medium' ? r.int(3 * this.spacing, 60 * this.spacing) : r.int(2000, 60_000);
      const target = getSqrtRatioAtTick(clampTick(c + sign * distance));
      const liquidity = this.pool.liquidity > 10n ** 12n ? this.pool.liquidity : 10n ** 18n;
      const [a, b] = target < price ? [target, price] : [price, target];
      const inSide = zeroForOne ? getAmount0Delta(a, b, liquidity, true) : getAmount1Delta(a, b, liquidity, true);
      const outSide = zeroForOne ? getAmount1Delta(a, b, liquidity, false) : getAmount0Delta(a, b, liquidity, false);
      const base = exactInput ? inSide : outSide;
      amount = (base * BigInt(r.int(50, 150))) / 100n;
      if (amount === 0n) amount = r.bigint(1n, 10_000n);
    }
    const amountSpecified = exactInput ? amount : -amount;
    return {
      kind: 'swap',
      recipient: this.owner(),
      zeroForOne,
      amountSpecified,
      sqrtPriceLimitX96: limit,
      label: `swap/${exactInput ? 'exactIn' : 'exactOut'}/${dir}/${size}/limit:${limitKind}`,
    };
  }

  private flash(): Draft {
    const r = this.rng;
    const b0 = this.pool.balance0;
    const b1 = this.pool.balance1;
    const amount0 = b0 > 0n && r.chance(0.7) ? r.bigint(0n, b0 / 2n) : 0n;
    const amount1 = b1 > 0n && r.chance(0.7) ? r.bigint(0n, b1 / 2n) : 0n;
    const extra = r.chance(0.3);
    return {
      kind: 'flash',
      recipient: this.owner(),
      amount0,
      amount1,
      paid0: extra ? r.bigint(0n, 10n ** 12n) + (amount0 * 3n) / 100n : undefined,
      paid1: extra ? r.bigint(0n, 10n ** 12n) + (amount1 * 3n) / 100n : undefined,
      label: extra ? 'flash/overpaid' : 'flash/fee',
    };
  }

  private collectProtocol(): Draft {
    const r = this.rng;
    const { token0, token1 } = this.pool.protocolFees;
    const how = r.weighted({ max: 50, partial: 35, exact: 15 });
    const req = (x: bigint): bigint => (how === 'max' ? MAX_UINT128 : how === 'exact' ? x : r.bigint(0n, x));
    return {
      kind: 'collectProtocol',
      recipient: this.owner(),
      amount0Requested: req(token0),
      amount1Requested: req(token1),
      label: `collectProtocol/${how}`,
    };
  }

  private grow(): Draft {
    const r = this.rng;
    const next = this.pool.slot0.observationCardinalityNext;
    // small steps (gas: one storage write per new slot); sometimes a no-op (smaller than current)
    const target = r.chance(0.2) ? r.int(0, next) : Math.min(400, next + r.int(1, 24));
    return { kind: 'increaseObservationCardinalityNext', observationCardinalityNext: target, label: target > next ? 'grow' : 'grow/no-op' };
  }

  /** Operations the contract refuses, one family at a time; `expectRevert` is checked against the TS pool. */
  private invalid(forced?: InvalidFamily): Draft {
    const r = this.rng;
    const s = this.spacing;
    const s0 = this.pool.slot0;
    const family = forced ?? r.weighted(INVALID_WEIGHTS);
    const recipient = this.owner();
    const { tickLower, tickUpper } = this.range();
    const mint = (lo: number, hi: number, amount: bigint, label: string, expectRevert: UniswapV3RevertReason): Draft => ({
      kind: 'mint',
      recipient,
      tickLower: lo,
      tickUpper: hi,
      amount,
      label,
      expectRevert,
    });
    switch (family) {
      case 'mintZero':
        return mint(tickLower, tickUpper, 0n, 'invalid/mint-zero', 'AMOUNT_ZERO');
      case 'tickLowerTooLow':
        return mint(MIN_TICK - r.int(1, 3 * s), tickUpper, this.liquidityAmount(), 'invalid/tick-lower-below-min', 'TLM');
      case 'tickUpperTooHigh':
        return mint(tickLower, MAX_TICK + r.int(1, 3 * s), this.liquidityAmount(), 'invalid/tick-upper-above-max', 'TUM');
      case 'lowerNotBelowUpper':
        return r.chance(0.5)
          ? mint(tickLower, tickLower, this.liquidityAmount(), 'invalid/lower-equals-upper', 'TLU')
          : mint(tickUpper, tickLower, this.liquidityAmount(), 'invalid/lower-above-upper', 'TLU');
      case 'notOnSpacing': {
        if (s === 1) return mint(tickLower, tickUpper, 0n, 'invalid/mint-zero', 'AMOUNT_ZERO');
        const off = r.int(1, s - 1);
        return r.chance(0.5)
          ? mint(tickLower + off, tickUpper, this.liquidityAmount(), 'invalid/lower-not-on-spacing', 'TICK_SPACING')
          : mint(tickLower, tickUpper - off, this.liquidityAmount(), 'invalid/upper-not-on-spacing', 'TICK_SPACING');
      }
      case 'overMaxLiquidity': {
        return mint(tickLower, tickUpper, this.pool.maxLiquidityPerTick + 1n, 'invalid/over-max-liquidity-per-tick', 'LO');
      }
      case 'swapZero':
        return {
          kind: 'swap',
          recipient,
          zeroForOne: r.chance(0.5),
          amountSpecified: 0n,
          sqrtPriceLimitX96: undefined,
          label: 'invalid/swap-zero',
          expectRevert: 'AS',
        };
      case 'limitWrongSide': {
        const zeroForOne = r.chance(0.5);
        const p = s0.sqrtPriceX96;
        const options: bigint[] = zeroForOne
          ? [p, p + r.bigint(1n, 1n << 64n), MIN_SQRT_RATIO, MIN_SQRT_RATIO - 1n, 0n]
          : [p, p - r.bigint(1n, p - 1n), MAX_SQRT_RATIO, MAX_SQRT_RATIO + 1n];
        let limit = r.pick(options);
        if (limit > (1n << 160n) - 1n) limit = MAX_SQRT_RATIO;
        return {
          kind: 'swap',
          recipient,
          zeroForOne,
          amountSpecified: (r.chance(0.5) ? 1n : -1n) * r.wide(1, 80),
          sqrtPriceLimitX96: limit,
          label: `invalid/limit-wrong-side/${zeroForOne ? '0→1' : '1→0'}`,
          expectRevert: 'SPL',
        };
      }
      case 'burnTooMuch': {
        const live = this.livePositions();
        const p = live.length > 0 && r.chance(0.8) ? r.pick(live) : undefined;
        if (p === undefined) {
          // usually unowned; if this owner happens to hold the range, ask for more than it holds
          const owned = this.pool.positions(recipient, tickLower, tickUpper).liquidity;
          const amount = owned + r.wide(1, 70);
          if (amount > MAX_UINT128) return this.swap();
          return { kind: 'burn', owner: recipient, tickLower, tickUpper, amount, label: 'invalid/burn-unowned', expectRevert: 'LS' };
        }
        return {
          kind: 'burn',
          owner: p.owner,
          tickLower: p.tickLower,
          tickUpper: p.tickUpper,
          amount: p.liquidity + r.wide(1, 60) > MAX_UINT128 ? MAX_UINT128 : p.liquidity + r.wide(1, 60),
          label: 'invalid/burn-more-than-owned',
          expectRevert: 'LS',
        };
      }
      case 'burnEmpty': {
        const owners = this.config.owners;
        // a position with zero liquidity: untouched, or burned out before
        const empty = this.pool.allPositions().filter((p) => p.info.liquidity === 0n);
        const p = empty.length > 0 && r.chance(0.5) ? r.pick(empty) : undefined;
        const owner = p === undefined ? r.pick(owners) : (owners.find((o) => o.toLowerCase() === p.owner.toLowerCase()) ?? r.pick(owners));
        const lo = p?.tickLower ?? tickLower;
        const hi = p?.tickUpper ?? tickUpper;
        if (this.pool.positions(owner, lo, hi).liquidity > 0n) return this.swap();
        return { kind: 'burn', owner, tickLower: lo, tickUpper: hi, amount: 0n, label: 'invalid/burn-zero-of-empty', expectRevert: 'NP' };
      }
      case 'feeProtocolInvalid': {
        const bad = r.pick([1, 2, 3, 11, 15, 16, 255]);
        const good = r.pick([0, 4, 10]);
        return r.chance(0.5)
          ? { kind: 'setFeeProtocol', feeProtocol0: bad, feeProtocol1: good, label: 'invalid/fee-protocol', expectRevert: 'FEE_PROTOCOL' }
          : { kind: 'setFeeProtocol', feeProtocol0: good, feeProtocol1: bad, label: 'invalid/fee-protocol', expectRevert: 'FEE_PROTOCOL' };
      }
      default: {
        // flash repaying less than the fee: 'F0'/'F1' (or 'L' without in-range liquidity)
        const zero = this.pool.liquidity === 0n;
        const b0 = this.pool.balance0;
        const amount0 = b0 > 1000n ? r.bigint(1000n, b0 / 2n) : 0n;
        if (amount0 === 0n && !zero) return this.swap();
        return {
          kind: 'flash',
          recipient,
          amount0,
          amount1: 0n,
          paid0: 0n,
          paid1: undefined,
          label: zero ? 'invalid/flash-no-liquidity' : 'invalid/flash-underpaid',
          expectRevert: zero ? 'L' : 'F0',
        };
      }
    }
  }
}

/** The bitmap word (int16) that holds an initialized `tick`. */
export function wordOf(tick: number, tickSpacing: number): number {
  return floorDiv(floorDiv(tick, tickSpacing), 256);
}

