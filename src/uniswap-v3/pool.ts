/**
 * UniswapV3Pool: an exact state machine of one Uniswap v3 pool, ported line by line from
 * v3-core 1.0.0 `UniswapV3Pool.sol` (Solidity 0.7.6, the deployed bytecode in
 * `@uniswap/v3-core/artifacts`), so that every verb returns and stores what the contract does,
 * to the wei, and refuses with the contract's revert string (`UniswapV3Error.reason`).
 *
 * ## API (mirrors the contract; all on-chain integers are bigint, int24/uint8/uint16/uint32 are number)
 *
 *   const pool = new UniswapV3Pool({ fee: 3000, tickSpacing: 60, blockTimestamp: 1_700_000_000 });
 *   pool.blockTimestamp = t;                       // the chain clock: set it before each "block"
 *   pool.initialize(sqrtPriceX96);
 *   pool.mint(recipient, tickLower, tickUpper, amount)          → { amount0, amount1 } (uint256, owed by the caller)
 *   pool.burn(owner, tickLower, tickUpper, amount)              → { amount0, amount1 } (credited to tokensOwed)
 *   pool.collect(owner, recipient, tickLower, tickUpper, amount0Requested, amount1Requested) → { amount0, amount1 }
 *   pool.swap(recipient, zeroForOne, amountSpecified, sqrtPriceLimitX96) → { amount0, amount1 } (int256, pool's view:
 *        positive = paid in by the caller, negative = paid out; amountSpecified > 0 exact input, < 0 exact output;
 *        sqrtPriceLimitX96 may be omitted: MIN_SQRT_RATIO + 1 / MAX_SQRT_RATIO - 1, as the SDK does)
 *   pool.flash(recipient, amount0, amount1, { paid0, paid1 }?)  → { fee0, fee1, paid0, paid1 }
 *   pool.setFeeProtocol(feeProtocol0, feeProtocol1)
 *   pool.collectProtocol(recipient, amount0Requested, amount1Requested) → { amount0, amount1 }
 *   pool.increaseObservationCardinalityNext(observationCardinalityNext)
 *   pool.observe(secondsAgos)  → { tickCumulatives, secondsPerLiquidityCumulativeX128s }
 *   pool.snapshotCumulativesInside(tickLower, tickUpper) → { tickCumulativeInside, secondsPerLiquidityInsideX128, secondsInside }
 *
 * Views: `slot0`, `liquidity`, `feeGrowthGlobal0X128`, `feeGrowthGlobal1X128`, `protocolFees`,
 * `maxLiquidityPerTick`, `ticks(tick)`, `positions(key)` / `positions(owner, tickLower, tickUpper)`,
 * `tickBitmap(wordPosition)`, `observations(index)` — each returns what the contract's public
 * getter returns (zero structs for untouched storage). Extras for parity checks and strategies:
 * `balance0`/`balance1`, `initializedTicks()`, `tickBitmapWords()`, `allPositions()`, `quoteSwap(...)`, `clone()`,
 * `donate(amount0, amount1)`, `advanceTime(seconds)`.
 *
 * The npm package ships the pool only as bytecode; this port follows the v1.0.0 source (the
 * revert strings 'TLU', 'TLM', 'TUM', 'LOK', 'AS', 'SPL', 'M0', 'M1', 'IIA', 'AI', 'F0', 'F1', 'L'
 * are the ones in that bytecode) and the 0.7.6 libraries in `@uniswap/v3-core/contracts/libraries`.
 *
 * ## What differs from calling the contract, and why
 *
 * - `msg.sender` is explicit: `burn`/`collect` take the position `owner` first.
 * - Clock: the contract reads `uint32(block.timestamp)`; here `pool.blockTimestamp` (a settable
 *   property, seconds) is read and truncated the same way. One value for every verb of a block.
 * - Callbacks: mint/swap/flash payments are the caller's job. The model assumes the caller pays
 *   exactly what is owed (so 'M0', 'M1', 'IIA' cannot fire) and books it into `balance0/1`; a
 *   flash's repayment above the loan is `paid0/paid1` (default: exactly the fee; less → 'F0'/'F1').
 *   Token transfers out of the pool fail with 'TF' when the tracked balance is too small, as an
 *   ERC-20 transfer would. `donate` mirrors a plain token transfer to the pool.
 * - Access control is not modelled: `setFeeProtocol`/`collectProtocol` are `onlyFactoryOwner`
 *   on chain; here anyone may call them.
 * - Bare `require`s (no reason string on chain) get descriptive reasons: 'AMOUNT_ZERO',
 *   'TICK_SPACING', 'TICK_NOT_INITIALIZED', 'FEE_PROTOCOL', 'SAFECAST_OVERFLOW'. Arguments
 *   outside their ABI type (a fractional tick, a negative uint) throw 'INVALID_INPUT'.
 *
 * ## Atomicity
 *
 * A revert changes nothing, as on chain: every verb first computes its complete effect from the
 * current state without writing (ticks, position, observation, liquidity; a swap's tick crossings
 * are recorded and applied after the loop — a swap crosses each tick at most once and crossing
 * never changes what later steps read), and only then commits. `quoteSwap` is the swap without
 * the commit, so it returns exactly what `swap` would, or throws what it would.
 *
 * ## Wraps
 *
 * Solidity 0.7 arithmetic is unchecked unless a library checks it; the port masks where the
 * contract wraps: feeGrowthGlobal/feeGrowthOutside/feeGrowthInside (uint256), tokensOwed and
 * protocolFees (uint128), tickCumulative (int56), secondsPerLiquidity (uint160), seconds (uint32).
 * Liquidity goes through LiquidityMath ('LS'/'LA'), casts through SafeCast.
 *
 * ## Storage and clone
 *
 * Ticks `Map<number, TickInfo>`, bitmap `Map<number, bigint>`, positions `Map<string, PositionInfo>`
 * keyed `${owner}:${tickLower}:${tickUpper}`, observations stored sparsely. Stored records are
 * never mutated (each write stores a fresh object), so `clone()` copies the Maps, not the records.
 */
import { MAX_UINT128, MAX_UINT160, MAX_UINT256, Q128 } from './constants.js';
import { UniswapV3Error } from './errors.js';
import { mulDiv, mulDivRoundingUp } from './full-math.js';
import { addDelta, subDelta } from './liquidity-math.js';
import * as Oracle from './oracle.js';
import { ObservationArray, type Observation } from './oracle.js';
import * as Position from './position.js';
import { EMPTY_POSITION, parsePositionKey, positionKey, type PositionInfo } from './position.js';
import { toInt128, toInt256 } from './safe-cast.js';
import { getAmount0DeltaSigned, getAmount1DeltaSigned } from './sqrt-price-math.js';
import { computeSwapStepInto, type SwapStepResult } from './swap-math.js';
import * as Tick from './tick.js';
import { EMPTY_TICK, type TickInfo } from './tick.js';
import { flipTick, nextInitializedTickWithinOneWord, type NextInitializedTick } from './tick-bitmap.js';
import {
  getSqrtRatioAtTick,
  getSqrtRatioAtTickMemo,
  getTickAtSqrtRatio,
  MAX_SQRT_RATIO,
  MAX_TICK,
  MIN_SQRT_RATIO,
  MIN_TICK,
} from './tick-math.js';

export interface Slot0 {
  /** the current price, Q64.96 (uint160) */
  readonly sqrtPriceX96: bigint;
  /** the current tick (int24) */
  readonly tick: number;
  /** the most-recently updated index of the observations array (uint16) */
  readonly observationIndex: number;
  /** the current maximum number of observations that are being stored (uint16) */
  readonly observationCardinality: number;
  /** the next maximum number of observations to store, triggered in observations.write (uint16) */
  readonly observationCardinalityNext: number;
  /** protocol fee denominators: token0 in the low 4 bits, token1 in the high 4 (uint8) */
  readonly feeProtocol: number;
  /** false before initialize (the lock also guards "initialized") */
  readonly unlocked: boolean;
}

type MutableSlot0 = { -readonly [K in keyof Slot0]: Slot0[K] };

export interface UniswapV3PoolOptions {
  token0?: string;
  token1?: string;
  /** fee in hundredths of a bip (uint24), e.g. 3000 = 0.3 % */
  fee: number;
  /** int24, > 0 */
  tickSpacing: number;
  /** initial chain clock, seconds (default 0) */
  blockTimestamp?: number;
}

export interface SwapQuote {
  /** the pool's token0 delta: > 0 paid in by the swapper, < 0 paid out (int256) */
  amount0: bigint;
  amount1: bigint;
  sqrtPriceX96After: bigint;
  tickAfter: number;
  liquidityAfter: bigint;
  /** how many initialized ticks the swap crosses */
  initializedTicksCrossed: number;
}

export interface PositionEntry {
  key: string;
  owner: string;
  tickLower: number;
  tickUpper: number;
  info: PositionInfo;
}

/** A pool's price state, the start of a swap quoted from it (`quoteSwapFrom`). */
export interface SwapStartState {
  readonly sqrtPriceX96: bigint;
  readonly tick: number;
  /** in-range liquidity at that price */
  readonly liquidity: bigint;
}

/** A swap's full effect, computed without writing (see `computeSwap`). */
interface SwapPlan {
  zeroForOne: boolean;
  amount0: bigint;
  amount1: bigint;
  sqrtPriceX96: bigint;
  tick: number;
  liquidity: bigint;
  feeGrowthGlobalX128: bigint;
  protocolFee: bigint;
  time: number;
  tickCumulative: bigint;
  secondsPerLiquidityCumulativeX128: bigint;
  /** initialized ticks crossed, in order, with the input token's fee growth at each crossing */
  crossedTicks: number[];
  crossedFeeGrowth: bigint[];
  /** the crossed ticks' records as read by the loop (stored records are never mutated, and a swap crosses a tick once) */
  crossedInfo: TickInfo[];
}

/** A position change's full effect, computed without writing (see `planModifyPosition`). */
interface ModifyPlan {
  key: string;
  positionNext: PositionInfo;
  liquidityDelta: bigint;
  tickLower: number;
  tickUpper: number;
  lowerNext: TickInfo | undefined;
  upperNext: TickInfo | undefined;
  flippedLower: boolean;
  flippedUpper: boolean;
  amount0: bigint;
  amount1: bigint;
  writeObservation: boolean;
  liquidityNext: bigint;
}

const MAX_INT256 = (1n << 255n) - 1n;
const MIN_INT256 = -(1n << 255n);
const MAX_INT24 = 2 ** 23 - 1;
const MIN_INT24 = -(2 ** 23);
const MASK_160 = MAX_UINT160;
const TWO_256 = MAX_UINT256 + 1n;
/** The default price limits (as the SDK's): just inside the range the contract accepts. */
const MIN_LIMIT = MIN_SQRT_RATIO + 1n;
const MAX_LIMIT = MAX_SQRT_RATIO - 1n;

// Scratch records for the swap loop. computeSwap never re-enters itself (nothing in the loop
// calls out), so one of each serves every pool.
const SWAP_STEP: SwapStepResult = { sqrtRatioNextX96: 0n, amountIn: 0n, amountOut: 0n, feeAmount: 0n };
const NEXT_TICK: NextInitializedTick = { next: 0, initialized: false };

// ---------------------------------------------------------------------------------------------
// Argument checks: the ABI types of the contract's parameters.

function bad(field: string, value: unknown, type: string): UniswapV3Error {
  return new UniswapV3Error('INVALID_INPUT', `${field}=${String(value)} is not a ${type}`);
}

function checkInt(field: string, value: number, min: number, max: number, type: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw bad(field, value, type);
}

function checkBig(field: string, value: bigint, min: bigint, max: bigint, type: string): void {
  if (typeof value !== 'bigint' || value < min || value > max) throw bad(field, value, type);
}

const int24 = (field: string, v: number): void => checkInt(field, v, MIN_INT24, MAX_INT24, 'int24');
const uint128 = (field: string, v: bigint): void => checkBig(field, v, 0n, MAX_UINT128, 'uint128');
const uint256 = (field: string, v: bigint): void => checkBig(field, v, 0n, MAX_UINT256, 'uint256');

function checkOwner(field: string, v: string): void {
  if (typeof v !== 'string' || v.length === 0) throw bad(field, v, 'non-empty address string');
}

/** The contract's checkTicks. */
function checkTicks(tickLower: number, tickUpper: number): void {
  if (!(tickLower < tickUpper)) throw new UniswapV3Error('TLU', `tickLower ${tickLower} >= tickUpper ${tickUpper}`);
  if (!(tickLower >= MIN_TICK)) throw new UniswapV3Error('TLM', `tickLower ${tickLower} < MIN_TICK`);
  if (!(tickUpper <= MAX_TICK)) throw new UniswapV3Error('TUM', `tickUpper ${tickUpper} > MAX_TICK`);
}

export class UniswapV3Pool {
  readonly token0: string;
  readonly token1: string;
  /** uint24, hundredths of a bip */
  readonly fee: number;
  readonly tickSpacing: number;
  readonly maxLiquidityPerTick: bigint;

  private _blockTimestamp: number;
  private _slot0: MutableSlot0;
  private _feeGrowthGlobal0X128: bigint;
  private _feeGrowthGlobal1X128: bigint;
  private _protocolFees0: bigint;
  private _protocolFees1: bigint;
  private _liquidity: bigint;
  private _balance0: bigint;
  private _balance1: bigint;
  private readonly _ticks: Tick.TickInfoMap;
  private readonly _tickBitmap: Map<number, bigint>;
  private readonly _positions: Position.PositionInfoMap;
  private readonly _observations: ObservationArray;

  constructor(options: UniswapV3PoolOptions) {
    const { fee, tickSpacing } = options;
    checkInt('fee', fee, 0, 0xffffff, 'uint24');
    // The factory only enables 0 < tickSpacing < 16384 (and fee < 1e6); outside that the
    // contract's int24 arithmetic in the bitmap can overflow.
    checkInt('tickSpacing', tickSpacing, 1, 16383, 'tick spacing in (0, 16384)');
    if (fee >= 1_000_000) throw bad('fee', fee, 'fee below 1e6 (the factory refuses more)');
    this.token0 = options.token0 ?? 'token0';
    this.token1 = options.token1 ?? 'token1';
    this.fee = fee;
    this.tickSpacing = tickSpacing;
    this.maxLiquidityPerTick = Tick.tickSpacingToMaxLiquidityPerTick(tickSpacing);
    this._blockTimestamp = 0;
    this.blockTimestamp = options.blockTimestamp ?? 0;
    this._slot0 = {
      sqrtPriceX96: 0n,
      tick: 0,
      observationIndex: 0,
      observationCardinality: 0,
      observationCardinalityNext: 0,
      feeProtocol: 0,
      unlocked: false,
    };
    this._feeGrowthGlobal0X128 = 0n;
    this._feeGrowthGlobal1X128 = 0n;
    this._protocolFees0 = 0n;
    this._protocolFees1 = 0n;
    this._liquidity = 0n;
    this._balance0 = 0n;
    this._balance1 = 0n;
    this._ticks = new Map();
    this._tickBitmap = new Map();
    this._positions = new Map();
    this._observations = new ObservationArray();
  }

  // -------------------------------------------------------------------------------------------
  // Clock

  /** The chain's `block.timestamp` (seconds). The pool reads it as uint32, like `_blockTimestamp()`. */
  get blockTimestamp(): number {
    return this._blockTimestamp;
  }

  set blockTimestamp(seconds: number) {
    checkInt('blockTimestamp', seconds, 0, Number.MAX_SAFE_INTEGER, 'non-negative integer');
    this._blockTimestamp = seconds;
  }

  /** Moves the clock forward (MockTimeUniswapV3Pool.advanceTime in the v3-core tests). */
  advanceTime(seconds: number): void {
    checkInt('seconds', seconds, 0, Number.MAX_SAFE_INTEGER, 'non-negative integer');
    this.blockTimestamp = this._blockTimestamp + seconds;
  }

  /** `uint32(block.timestamp)`: truncation is desired. */
  private time(): number {
    return this._blockTimestamp >>> 0;
  }

  // -------------------------------------------------------------------------------------------
  // Views

  get slot0(): Slot0 {
    return { ...this._slot0 };
  }

  get liquidity(): bigint {
    return this._liquidity;
  }

  get feeGrowthGlobal0X128(): bigint {
    return this._feeGrowthGlobal0X128;
  }

  get feeGrowthGlobal1X128(): bigint {
    return this._feeGrowthGlobal1X128;
  }

  get protocolFees(): { token0: bigint; token1: bigint } {
    return { token0: this._protocolFees0, token1: this._protocolFees1 };
  }

  /** The pool's token0 balance implied by every payment in and out (and donations). */
  get balance0(): bigint {
    return this._balance0;
  }

  get balance1(): bigint {
    return this._balance1;
  }

  /** `ticks(tick)`: the Tick.Info struct, zero for an uninitialized tick. */
  ticks(tick: number): TickInfo {
    // a copy: stored records are shared with clones and must never be mutated by a caller
    return { ...(this._ticks.get(tick) ?? EMPTY_TICK) };
  }

  /** `positions(key)`, or by owner and range; zero struct for an untouched position. */
  positions(key: string): PositionInfo;
  positions(owner: string, tickLower: number, tickUpper: number): PositionInfo;
  positions(keyOrOwner: string, tickLower?: number, tickUpper?: number): PositionInfo {
    const key =
      tickLower === undefined || tickUpper === undefined ? keyOrOwner : positionKey(keyOrOwner, tickLower, tickUpper);
    return { ...(this._positions.get(key) ?? EMPTY_POSITION) };
  }

  /** `tickBitmap(wordPosition)`: one 256-bit word of the initialized-tick bitmap. */
  tickBitmap(wordPosition: number): bigint {
    return this._tickBitmap.get(wordPosition) ?? 0n;
  }

  /** `observations(index)`. */
  observations(index: number): Observation {
    checkInt('index', index, 0, 65534, 'index below 65535');
    return { ...this._observations.get(index) };
  }

  /** Every initialized tick, ascending. */
  initializedTicks(): number[] {
    return [...this._ticks.keys()].sort((a, b) => a - b);
  }

  /** Every non-zero bitmap word, by ascending word position. */
  tickBitmapWords(): Array<[wordPosition: number, word: bigint]> {
    return [...this._tickBitmap.entries()].sort((a, b) => a[0] - b[0]);
  }

  /** Every position ever touched (the contract never deletes one), in insertion order. */
  allPositions(): PositionEntry[] {
    const out: PositionEntry[] = [];
    for (const [key, info] of this._positions) out.push({ key, ...parsePositionKey(key), info: { ...info } });
    return out;
  }

  /** An independent copy: a what-if on the clone never touches this pool. O(stored entries). */
  clone(): UniswapV3Pool {
    const c = Object.create(UniswapV3Pool.prototype) as UniswapV3Pool;
    const w = c as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(this)) w[k] = v;
    w['_slot0'] = { ...this._slot0 };
    w['_ticks'] = new Map(this._ticks);
    w['_tickBitmap'] = new Map(this._tickBitmap);
    w['_positions'] = new Map(this._positions);
    w['_observations'] = this._observations.clone();
    return c;
  }

  // -------------------------------------------------------------------------------------------
  // Oracle views

  /** The accumulators as of each `secondsAgo` (uint32); 'I' before initialize, 'OLD' if too old. */
  observe(secondsAgos: readonly number[]): { tickCumulatives: bigint[]; secondsPerLiquidityCumulativeX128s: bigint[] } {
    secondsAgos.forEach((s, i) => checkInt(`secondsAgos[${i}]`, s, 0, 0xffffffff, 'uint32'));
    const s0 = this._slot0;
    return Oracle.observe(
      this._observations,
      this.time(),
      secondsAgos,
      s0.tick,
      s0.observationIndex,
      this._liquidity,
      s0.observationCardinality,
    );
  }

  /** Tick, seconds-per-liquidity and seconds accumulated inside a range (both ticks initialized). */
  snapshotCumulativesInside(
    tickLower: number,
    tickUpper: number,
  ): { tickCumulativeInside: bigint; secondsPerLiquidityInsideX128: bigint; secondsInside: number } {
    int24('tickLower', tickLower);
    int24('tickUpper', tickUpper);
    checkTicks(tickLower, tickUpper);
    const lower = Tick.info(this._ticks, tickLower);
    if (!lower.initialized) throw new UniswapV3Error('TICK_NOT_INITIALIZED', `tickLower ${tickLower}`);
    const upper = Tick.info(this._ticks, tickUpper);
    if (!upper.initialized) throw new UniswapV3Error('TICK_NOT_INITIALIZED', `tickUpper ${tickUpper}`);

    const s0 = this._slot0;
    if (s0.tick < tickLower) {
      return {
        tickCumulativeInside: BigInt.asIntN(56, lower.tickCumulativeOutside - upper.tickCumulativeOutside),
        secondsPerLiquidityInsideX128:
          (lower.secondsPerLiquidityOutsideX128 - upper.secondsPerLiquidityOutsideX128) & MASK_160,
        secondsInside: (lower.secondsOutside - upper.secondsOutside) >>> 0,
      };
    }
    if (s0.tick < tickUpper) {
      const time = this.time();
      const o = Oracle.observeSingle(
        this._observations,
        time,
        0,
        s0.tick,
        s0.observationIndex,
        this._liquidity,
        s0.observationCardinality,
      );
      return {
        tickCumulativeInside: BigInt.asIntN(56, o.tickCumulative - lower.tickCumulativeOutside - upper.tickCumulativeOutside),
        secondsPerLiquidityInsideX128:
          (o.secondsPerLiquidityCumulativeX128 -
            lower.secondsPerLiquidityOutsideX128 -
            upper.secondsPerLiquidityOutsideX128) &
          MASK_160,
        secondsInside: (time - lower.secondsOutside - upper.secondsOutside) >>> 0,
      };
    }
    return {
      tickCumulativeInside: BigInt.asIntN(56, upper.tickCumulativeOutside - lower.tickCumulativeOutside),
      secondsPerLiquidityInsideX128: (upper.secondsPerLiquidityOutsideX128 - lower.secondsPerLiquidityOutsideX128) & MASK_160,
      secondsInside: (upper.secondsOutside - lower.secondsOutside) >>> 0,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Actions

  /** The `lock` modifier: also refuses every locked verb before initialize. */
  private lock(): void {
    if (!this._slot0.unlocked) throw new UniswapV3Error('LOK');
  }

  /** Grows the oracle ring so it will keep up to `observationCardinalityNext` observations. */
  increaseObservationCardinalityNext(observationCardinalityNext: number): void {
    checkInt('observationCardinalityNext', observationCardinalityNext, 0, 0xffff, 'uint16');
    this.lock();
    const s0 = this._slot0;
    s0.observationCardinalityNext = Oracle.grow(this._observations, s0.observationCardinalityNext, observationCardinalityNext);
  }

  /** Sets the initial price; not locked because the pool initializes unlocked. */
  initialize(sqrtPriceX96: bigint): void {
    checkBig('sqrtPriceX96', sqrtPriceX96, 0n, MAX_UINT160, 'uint160');
    if (this._slot0.sqrtPriceX96 !== 0n) throw new UniswapV3Error('AI');

    const tick = getTickAtSqrtRatio(sqrtPriceX96);

    const { cardinality, cardinalityNext } = Oracle.initialize(this._observations, this.time());

    this._slot0 = {
      sqrtPriceX96,
      tick,
      observationIndex: 0,
      observationCardinality: cardinality,
      observationCardinalityNext: cardinalityNext,
      feeProtocol: 0,
      unlocked: true,
    };
  }

  /**
   * Adds `amount` liquidity to recipient's position. Returns the token amounts the caller owes
   * (rounded up); the model assumes they are paid (the contract's mint callback), so they are
   * added to the pool's balances.
   */
  mint(recipient: string, tickLower: number, tickUpper: number, amount: bigint): { amount0: bigint; amount1: bigint } {
    checkOwner('recipient', recipient);
    int24('tickLower', tickLower);
    int24('tickUpper', tickUpper);
    uint128('amount', amount);
    this.lock();
    if (!(amount > 0n)) throw new UniswapV3Error('AMOUNT_ZERO', 'mint of zero liquidity');
    const plan = this.planModifyPosition(recipient, tickLower, tickUpper, toInt128(amount));
    // amount0/amount1 are ≥ 0 for a mint; the callback pays them in.
    this.commitModifyPosition(plan);
    this._balance0 += plan.amount0;
    this._balance1 += plan.amount1;
    return { amount0: plan.amount0, amount1: plan.amount1 };
  }

  /**
   * Removes `amount` liquidity from owner's (msg.sender's) position. The tokens are not sent:
   * they are credited to the position's tokensOwed, to be taken with `collect`. Burning 0 pokes
   * the position (credits fees) and reverts 'NP' on an empty one.
   */
  burn(owner: string, tickLower: number, tickUpper: number, amount: bigint): { amount0: bigint; amount1: bigint } {
    checkOwner('owner', owner);
    int24('tickLower', tickLower);
    int24('tickUpper', tickUpper);
    uint128('amount', amount);
    this.lock();
    const plan = this.planModifyPosition(owner, tickLower, tickUpper, -toInt128(amount));

    const amount0 = -plan.amount0;
    const amount1 = -plan.amount1;

    if (amount0 > 0n || amount1 > 0n) {
      // uint128 additions wrap silently in 0.7
      const p = plan.positionNext;
      plan.positionNext = {
        ...p,
        tokensOwed0: (p.tokensOwed0 + amount0) & MAX_UINT128,
        tokensOwed1: (p.tokensOwed1 + amount1) & MAX_UINT128,
      };
    }
    this.commitModifyPosition(plan);
    return { amount0, amount1 };
  }

  /** Sends up to the requested amounts of owner's tokensOwed to recipient. */
  collect(
    owner: string,
    recipient: string,
    tickLower: number,
    tickUpper: number,
    amount0Requested: bigint,
    amount1Requested: bigint,
  ): { amount0: bigint; amount1: bigint } {
    checkOwner('owner', owner);
    checkOwner('recipient', recipient);
    int24('tickLower', tickLower);
    int24('tickUpper', tickUpper);
    uint128('amount0Requested', amount0Requested);
    uint128('amount1Requested', amount1Requested);
    this.lock();
    // we don't need to checkTicks here, because invalid positions will never have non-zero tokensOwed{0,1}
    const key = positionKey(owner, tickLower, tickUpper);
    const position = this._positions.get(key) ?? EMPTY_POSITION;

    const amount0 = amount0Requested > position.tokensOwed0 ? position.tokensOwed0 : amount0Requested;
    const amount1 = amount1Requested > position.tokensOwed1 ? position.tokensOwed1 : amount1Requested;

    if (amount0 > 0n) this.checkTransfer(0, amount0);
    if (amount1 > 0n) this.checkTransfer(1, amount1);

    if (amount0 > 0n || amount1 > 0n) {
      this._positions.set(key, {
        ...position,
        tokensOwed0: position.tokensOwed0 - amount0,
        tokensOwed1: position.tokensOwed1 - amount1,
      });
      this._balance0 -= amount0;
      this._balance1 -= amount1;
    }
    return { amount0, amount1 };
  }

  /**
   * Swaps token0 for token1 (zeroForOne) or back. amountSpecified > 0 is exact input, < 0 exact
   * output; the swap stops at the amount or at sqrtPriceLimitX96, whichever comes first. Returns
   * the pool's deltas: the positive one is paid in (the model assumes the swap callback pays it),
   * the negative one is sent to recipient. Without a limit, the price may go to the edge.
   */
  swap(
    recipient: string,
    zeroForOne: boolean,
    amountSpecified: bigint,
    sqrtPriceLimitX96?: bigint,
  ): { amount0: bigint; amount1: bigint } {
    checkOwner('recipient', recipient);
    const plan = this.computeSwap(zeroForOne, amountSpecified, sqrtPriceLimitX96);
    this.commitSwap(plan);
    return { amount0: plan.amount0, amount1: plan.amount1 };
  }

  /** What `swap` would return and leave behind, without changing the pool (throws what swap would). */
  quoteSwap(zeroForOne: boolean, amountSpecified: bigint, sqrtPriceLimitX96?: bigint): SwapQuote {
    return quoteOf(this.computeSwap(zeroForOne, amountSpecified, sqrtPriceLimitX96));
  }

  /**
   * The swap's amounts and end state as if the pool's price state were `from` (√P, tick,
   * in-range liquidity), on this pool's ticks and bitmap, with no write. For chains of what-ifs
   * (a searcher's front-run, victim, back-run) without a clone: swaps never change the bitmap or
   * any tick's liquidityNet, so a chain of quotes, each from the previous end state, returns
   * exactly what the pool would. Not checked: the pool's balances ('TF'), which the chain moves.
   */
  quoteSwapFrom(from: SwapStartState, zeroForOne: boolean, amountSpecified: bigint, sqrtPriceLimitX96?: bigint): SwapStartState & { amount0: bigint; amount1: bigint } {
    const plan = this.computeSwap(zeroForOne, amountSpecified, sqrtPriceLimitX96, from);
    return { amount0: plan.amount0, amount1: plan.amount1, sqrtPriceX96: plan.sqrtPriceX96, tick: plan.tick, liquidity: plan.liquidity };
  }


  /**
   * `swap`, with a check that sees the exact outcome before anything is written and may throw to
   * refuse it (a router's slippage bound, the payer's balance): one swap computation where a
   * quote followed by a swap would take two. Throwing leaves the pool untouched. The check must
   * not call into any pool: the swap loop's scratch state is shared between pools.
   */
  swapIf(
    recipient: string,
    zeroForOne: boolean,
    amountSpecified: bigint,
    sqrtPriceLimitX96: bigint | undefined,
    check: (quote: SwapQuote) => void,
  ): SwapQuote {
    checkOwner('recipient', recipient);
    const plan = this.computeSwap(zeroForOne, amountSpecified, sqrtPriceLimitX96);
    const quote = quoteOf(plan);
    check(quote);
    this.commitSwap(plan);
    return quote;
  }

  /**
   * Lends amount0/amount1 for one call. The borrower repays the loan plus `paid0`/`paid1`
   * (default: exactly the fee, mulDivRoundingUp(amount, fee, 1e6)); paying less than the fee
   * reverts 'F0'/'F1'. Everything paid above the loan is fee income for in-range liquidity
   * (minus the protocol's share).
   */
  flash(
    recipient: string,
    amount0: bigint,
    amount1: bigint,
    repay: { paid0?: bigint; paid1?: bigint } = {},
  ): { fee0: bigint; fee1: bigint; paid0: bigint; paid1: bigint } {
    checkOwner('recipient', recipient);
    uint256('amount0', amount0);
    uint256('amount1', amount1);
    this.lock();
    const liquidity = this._liquidity;
    if (!(liquidity > 0n)) throw new UniswapV3Error('L');

    const fee0 = mulDivRoundingUp(amount0, BigInt(this.fee), 1_000_000n);
    const fee1 = mulDivRoundingUp(amount1, BigInt(this.fee), 1_000_000n);
    const paid0 = repay.paid0 ?? fee0;
    const paid1 = repay.paid1 ?? fee1;
    uint256('paid0', paid0);
    uint256('paid1', paid1);

    if (amount0 > 0n) this.checkTransfer(0, amount0);
    if (amount1 > 0n) this.checkTransfer(1, amount1);

    if (paid0 < fee0) throw new UniswapV3Error('F0', `paid ${paid0} < fee ${fee0}`);
    if (paid1 < fee1) throw new UniswapV3Error('F1', `paid ${paid1} < fee ${fee1}`);

    let fg0 = this._feeGrowthGlobal0X128;
    let fg1 = this._feeGrowthGlobal1X128;
    let pf0 = this._protocolFees0;
    let pf1 = this._protocolFees1;
    const feeProtocol = this._slot0.feeProtocol;
    if (paid0 > 0n) {
      const feeProtocol0 = BigInt(feeProtocol % 16);
      const fees0 = feeProtocol0 === 0n ? 0n : paid0 / feeProtocol0;
      if ((fees0 & MAX_UINT128) > 0n) pf0 = (pf0 + fees0) & MAX_UINT128;
      fg0 = (fg0 + mulDiv(paid0 - fees0, Q128, liquidity)) & MAX_UINT256;
    }
    if (paid1 > 0n) {
      const feeProtocol1 = BigInt(feeProtocol >> 4);
      const fees1 = feeProtocol1 === 0n ? 0n : paid1 / feeProtocol1;
      if ((fees1 & MAX_UINT128) > 0n) pf1 = (pf1 + fees1) & MAX_UINT128;
      fg1 = (fg1 + mulDiv(paid1 - fees1, Q128, liquidity)) & MAX_UINT256;
    }
    this._feeGrowthGlobal0X128 = fg0;
    this._feeGrowthGlobal1X128 = fg1;
    this._protocolFees0 = pf0;
    this._protocolFees1 = pf1;
    this._balance0 += paid0;
    this._balance1 += paid1;
    return { fee0, fee1, paid0, paid1 };
  }

  /** Sets the protocol's share of swap fees: 1/feeProtocol of them, feeProtocol 0 or 4..10. */
  setFeeProtocol(feeProtocol0: number, feeProtocol1: number): void {
    checkInt('feeProtocol0', feeProtocol0, 0, 255, 'uint8');
    checkInt('feeProtocol1', feeProtocol1, 0, 255, 'uint8');
    this.lock();
    const ok = (p: number): boolean => p === 0 || (p >= 4 && p <= 10);
    if (!(ok(feeProtocol0) && ok(feeProtocol1))) {
      throw new UniswapV3Error('FEE_PROTOCOL', `feeProtocol0=${feeProtocol0} feeProtocol1=${feeProtocol1}`);
    }
    this._slot0.feeProtocol = feeProtocol0 + (feeProtocol1 << 4);
  }

  /** Sends up to the requested protocol fees; leaves 1 wei in a non-empty slot (a gas saving on chain). */
  collectProtocol(recipient: string, amount0Requested: bigint, amount1Requested: bigint): { amount0: bigint; amount1: bigint } {
    checkOwner('recipient', recipient);
    uint128('amount0Requested', amount0Requested);
    uint128('amount1Requested', amount1Requested);
    this.lock();
    let amount0 = amount0Requested > this._protocolFees0 ? this._protocolFees0 : amount0Requested;
    let amount1 = amount1Requested > this._protocolFees1 ? this._protocolFees1 : amount1Requested;

    // ensure that the slot is not cleared, for gas savings
    if (amount0 > 0n && amount0 === this._protocolFees0) amount0--;
    if (amount1 > 0n && amount1 === this._protocolFees1) amount1--;
    if (amount0 > 0n) this.checkTransfer(0, amount0);
    if (amount1 > 0n) this.checkTransfer(1, amount1);

    this._protocolFees0 -= amount0;
    this._protocolFees1 -= amount1;
    this._balance0 -= amount0;
    this._balance1 -= amount1;
    return { amount0, amount1 };
  }

  /** A plain ERC-20 transfer to the pool: raises its balances, nothing else (the pool never reads them back). */
  donate(amount0: bigint, amount1: bigint): void {
    uint256('amount0', amount0);
    uint256('amount1', amount1);
    this._balance0 += amount0;
    this._balance1 += amount1;
  }

  // -------------------------------------------------------------------------------------------
  // Internals

  /** TransferHelper.safeTransfer out of the pool: an ERC-20 refuses to send more than it holds. */
  private checkTransfer(token: 0 | 1, amount: bigint): void {
    const balance = token === 0 ? this._balance0 : this._balance1;
    if (amount > balance) throw new UniswapV3Error('TF', `token${token}: transfer ${amount} > pool balance ${balance}`);
  }

  /**
   * `_modifyPosition` + `_updatePosition`, computing every write without doing it. Reverts in
   * the contract's order: TLU/TLM/TUM, lower tick (LS/LA/LO), upper tick, flipTick spacing,
   * position (NP/LS/LA), amounts, pool liquidity.
   */
  private planModifyPosition(owner: string, tickLower: number, tickUpper: number, liquidityDelta: bigint): ModifyPlan {
    checkTicks(tickLower, tickUpper);

    const s0 = this._slot0;
    const tick = s0.tick;

    // _updatePosition
    const key = positionKey(owner, tickLower, tickUpper);
    const position = this._positions.get(key) ?? EMPTY_POSITION;

    const feeGrowthGlobal0X128 = this._feeGrowthGlobal0X128;
    const feeGrowthGlobal1X128 = this._feeGrowthGlobal1X128;

    let lowerNext: TickInfo | undefined;
    let upperNext: TickInfo | undefined;
    let flippedLower = false;
    let flippedUpper = false;
    if (liquidityDelta !== 0n) {
      const time = this.time();
      const { tickCumulative, secondsPerLiquidityCumulativeX128 } = Oracle.observeSingle(
        this._observations,
        time,
        0,
        s0.tick,
        s0.observationIndex,
        this._liquidity,
        s0.observationCardinality,
      );
      const lower = Tick.computeUpdate(
        this._ticks,
        tickLower,
        tick,
        liquidityDelta,
        feeGrowthGlobal0X128,
        feeGrowthGlobal1X128,
        secondsPerLiquidityCumulativeX128,
        tickCumulative,
        time,
        false,
        this.maxLiquidityPerTick,
      );
      const upper = Tick.computeUpdate(
        this._ticks,
        tickUpper,
        tick,
        liquidityDelta,
        feeGrowthGlobal0X128,
        feeGrowthGlobal1X128,
        secondsPerLiquidityCumulativeX128,
        tickCumulative,
        time,
        true,
        this.maxLiquidityPerTick,
      );
      lowerNext = lower.info;
      upperNext = upper.info;
      flippedLower = lower.flipped;
      flippedUpper = upper.flipped;
      // TickBitmap.flipTick's require, checked before anything is written
      if (flippedLower && tickLower % this.tickSpacing !== 0) {
        throw new UniswapV3Error('TICK_SPACING', `tickLower ${tickLower} is not a multiple of ${this.tickSpacing}`);
      }
      if (flippedUpper && tickUpper % this.tickSpacing !== 0) {
        throw new UniswapV3Error('TICK_SPACING', `tickUpper ${tickUpper} is not a multiple of ${this.tickSpacing}`);
      }
    }

    const { feeGrowthInside0X128, feeGrowthInside1X128 } = Tick.getFeeGrowthInsideOf(
      lowerNext ?? Tick.info(this._ticks, tickLower),
      upperNext ?? Tick.info(this._ticks, tickUpper),
      tickLower,
      tickUpper,
      tick,
      feeGrowthGlobal0X128,
      feeGrowthGlobal1X128,
    );

    const positionNext = Position.update(position, liquidityDelta, feeGrowthInside0X128, feeGrowthInside1X128);

    // _modifyPosition's amounts
    let amount0 = 0n;
    let amount1 = 0n;
    let writeObservation = false;
    let liquidityNext = this._liquidity;
    if (liquidityDelta !== 0n) {
      if (tick < tickLower) {
        // current tick is below the passed range; liquidity can only become in range by crossing from left to
        // right, when we'll need _more_ token0 (it's becoming more valuable) so user must provide it
        amount0 = getAmount0DeltaSigned(getSqrtRatioAtTick(tickLower), getSqrtRatioAtTick(tickUpper), liquidityDelta);
      } else if (tick < tickUpper) {
        // current tick is inside the passed range: write an oracle entry (at commit), then
        amount0 = getAmount0DeltaSigned(s0.sqrtPriceX96, getSqrtRatioAtTick(tickUpper), liquidityDelta);
        amount1 = getAmount1DeltaSigned(getSqrtRatioAtTick(tickLower), s0.sqrtPriceX96, liquidityDelta);
        liquidityNext = addDelta(this._liquidity, liquidityDelta);
        writeObservation = true;
      } else {
        // current tick is above the passed range; liquidity can only become in range by crossing from right to
        // left, when we'll need _more_ token1 (it's becoming more valuable) so user must provide it
        amount1 = getAmount1DeltaSigned(getSqrtRatioAtTick(tickLower), getSqrtRatioAtTick(tickUpper), liquidityDelta);
      }
    }

    return {
      key,
      positionNext,
      liquidityDelta,
      tickLower,
      tickUpper,
      lowerNext,
      upperNext,
      flippedLower,
      flippedUpper,
      amount0,
      amount1,
      writeObservation,
      liquidityNext,
    };
  }

  /** Writes a ModifyPlan; nothing here can throw. */
  private commitModifyPosition(plan: ModifyPlan): void {
    const { tickLower, tickUpper } = plan;
    if (plan.lowerNext !== undefined) this._ticks.set(tickLower, plan.lowerNext);
    if (plan.upperNext !== undefined) this._ticks.set(tickUpper, plan.upperNext);
    if (plan.flippedLower) flipTick(this._tickBitmap, tickLower, this.tickSpacing);
    if (plan.flippedUpper) flipTick(this._tickBitmap, tickUpper, this.tickSpacing);

    this._positions.set(plan.key, plan.positionNext);

    // clear any tick data that is no longer needed
    if (plan.liquidityDelta < 0n) {
      if (plan.flippedLower) Tick.clear(this._ticks, tickLower);
      if (plan.flippedUpper) Tick.clear(this._ticks, tickUpper);
    }

    if (plan.writeObservation) {
      const s0 = this._slot0;
      const { indexUpdated, cardinalityUpdated } = Oracle.write(
        this._observations,
        s0.observationIndex,
        this.time(),
        s0.tick,
        this._liquidity,
        s0.observationCardinality,
        s0.observationCardinalityNext,
      );
      s0.observationIndex = indexUpdated;
      s0.observationCardinality = cardinalityUpdated;
      this._liquidity = plan.liquidityNext;
    }
  }

  /** The swap loop, without writing; ends with the payout check ('TF') that swap and its quote share. */
  private computeSwap(zeroForOne: boolean, amountSpecified: bigint, sqrtPriceLimitX96: bigint | undefined, from?: SwapStartState): SwapPlan {
    if (typeof zeroForOne !== 'boolean') throw bad('zeroForOne', zeroForOne, 'boolean');
    checkBig('amountSpecified', amountSpecified, MIN_INT256, MAX_INT256, 'int256');
    const limit = sqrtPriceLimitX96 ?? (zeroForOne ? MIN_LIMIT : MAX_LIMIT);
    checkBig('sqrtPriceLimitX96', limit, 0n, MAX_UINT160, 'uint160');

    if (amountSpecified === 0n) throw new UniswapV3Error('AS');

    const slot0Start = this._slot0;
    const sqrtPriceStart = from === undefined ? slot0Start.sqrtPriceX96 : from.sqrtPriceX96;

    if (!slot0Start.unlocked) throw new UniswapV3Error('LOK');
    if (zeroForOne ? !(limit < sqrtPriceStart && limit > MIN_SQRT_RATIO) : !(limit > sqrtPriceStart && limit < MAX_SQRT_RATIO)) {
      throw new UniswapV3Error('SPL', `sqrtPriceLimitX96 ${limit} vs price ${sqrtPriceStart}`);
    }

    const liquidityStart = from === undefined ? this._liquidity : from.liquidity;
    const blockTimestamp = this.time();
    const feeProtocolDenominator = zeroForOne ? slot0Start.feeProtocol % 16 : slot0Start.feeProtocol >> 4;
    const feeProtocol = feeProtocolDenominator === 0 ? 0n : BigInt(feeProtocolDenominator);
    let computedLatestObservation = false;
    let tickCumulative = 0n;
    let secondsPerLiquidityCumulativeX128 = 0n;

    const exactInput = amountSpecified > 0n;

    let amountSpecifiedRemaining = amountSpecified;
    let amountCalculated = 0n;
    let sqrtPriceX96 = sqrtPriceStart;
    let tick = from === undefined ? slot0Start.tick : from.tick;
    let feeGrowthGlobalX128 = zeroForOne ? this._feeGrowthGlobal0X128 : this._feeGrowthGlobal1X128;
    let protocolFee = 0n;
    let liquidity = liquidityStart;

    const crossedTicks: number[] = [];
    const crossedFeeGrowth: bigint[] = [];
    const crossedInfo: TickInfo[] = [];
    const tickSpacing = this.tickSpacing;
    const fee = this.fee;
    const bitmap = this._tickBitmap;
    const ticks = this._ticks;
    // one step record and one bitmap answer, rewritten by every step (no allocation per step)
    const step = SWAP_STEP;
    const nextTick = NEXT_TICK;

    // continue swapping as long as we haven't used the entire input/output and haven't reached the price limit
    while (amountSpecifiedRemaining !== 0n && sqrtPriceX96 !== limit) {
      const sqrtPriceStartX96 = sqrtPriceX96;

      nextInitializedTickWithinOneWord(bitmap, tick, tickSpacing, zeroForOne, nextTick);
      let tickNext = nextTick.next;
      const initialized = nextTick.initialized;
      // ensure that we do not overshoot the min/max tick, as the tick bitmap is not aware of these bounds
      if (tickNext < MIN_TICK) tickNext = MIN_TICK;
      else if (tickNext > MAX_TICK) tickNext = MAX_TICK;

      // get the price for the next tick (memoised: a pure function of the tick)
      const sqrtPriceNextX96 = getSqrtRatioAtTickMemo(tickNext);

      // compute values to swap to the target tick, price limit, or point where input/output amount is exhausted
      computeSwapStepInto(
        step,
        sqrtPriceX96,
        (zeroForOne ? sqrtPriceNextX96 < limit : sqrtPriceNextX96 > limit) ? limit : sqrtPriceNextX96,
        liquidity,
        amountSpecifiedRemaining,
        fee,
        // a swap's first step is the one that most often ends inside its range (a speed hint only)
        amountSpecifiedRemaining === amountSpecified,
      );
      sqrtPriceX96 = step.sqrtRatioNextX96;
      let feeAmount = step.feeAmount;

      // `-=` / `+=` on int256 are unchecked in 0.7, but |remaining| only shrinks, so never wrap;
      // amountCalculated goes through LowGasSafeMath, bounded by the pool's reserves.
      // (amountIn + feeAmount) is an unchecked uint256 add: both are below 2^256, so the sum wraps
      // at most once, and one conditional subtraction is the `mod 2^256`.
      let paid = step.amountIn + feeAmount;
      if (paid > MAX_UINT256) paid -= TWO_256;
      if (exactInput) {
        amountSpecifiedRemaining -= toInt256(paid);
        amountCalculated -= toInt256(step.amountOut);
      } else {
        amountSpecifiedRemaining += toInt256(step.amountOut);
        amountCalculated += toInt256(paid);
      }

      // if the protocol fee is on, calculate how much is owed, decrement feeAmount, and increment protocolFee
      if (feeProtocol > 0n) {
        const delta = feeAmount / feeProtocol;
        feeAmount -= delta;
        protocolFee = (protocolFee + delta) & MAX_UINT128;
      }

      // update global fee tracker: `+= FullMath.mulDiv(feeAmount, FixedPoint128.Q128, liquidity)`, a
      // uint256 `+=` that wraps. feeAmount ≥ 0, so feeAmount·2^128 is the shift; the divisor is
      // non-zero here, so mulDiv's only revert is a quotient above 2^256 − 1, checked as it does.
      // Both terms are below 2^256, so the sum wraps at most once.
      if (liquidity > 0n) {
        const growth = (feeAmount << 128n) / liquidity;
        if (growth > MAX_UINT256) throw new UniswapV3Error('MULDIV_OVERFLOW');
        feeGrowthGlobalX128 += growth;
        if (feeGrowthGlobalX128 > MAX_UINT256) feeGrowthGlobalX128 -= TWO_256;
      }

      // shift tick if we reached the next price
      if (sqrtPriceX96 === sqrtPriceNextX96) {
        // if the tick is initialized, run the tick transition
        if (initialized) {
          // the accumulators are read once, the first time the swap crosses an initialized tick
          // (a quote from another state has no oracle of its own: it reads none)
          if (!computedLatestObservation && from === undefined) {
            const o = Oracle.observeSingle(
              this._observations,
              blockTimestamp,
              0,
              slot0Start.tick,
              slot0Start.observationIndex,
              liquidityStart,
              slot0Start.observationCardinality,
            );
            tickCumulative = o.tickCumulative;
            secondsPerLiquidityCumulativeX128 = o.secondsPerLiquidityCumulativeX128;
            computedLatestObservation = true;
          }
          // Tick.cross is deferred to commit; its return value, liquidityNet, is not changed by it.
          crossedTicks.push(tickNext);
          crossedFeeGrowth.push(feeGrowthGlobalX128);
          const crossed = ticks.get(tickNext) ?? EMPTY_TICK;
          crossedInfo.push(crossed);
          const liquidityNet = crossed.liquidityNet;
          // if we're moving leftward, we interpret liquidityNet as the opposite sign
          liquidity = zeroForOne ? subDelta(liquidity, liquidityNet) : addDelta(liquidity, liquidityNet);
        }
        tick = zeroForOne ? tickNext - 1 : tickNext;
      } else if (sqrtPriceX96 !== sqrtPriceStartX96) {
        // recompute unless we're on a lower tick boundary (i.e. already transitioned ticks), and haven't moved
        tick = getTickAtSqrtRatio(sqrtPriceX96);
      }
    }

    const [amount0, amount1] =
      zeroForOne === exactInput
        ? [amountSpecified - amountSpecifiedRemaining, amountCalculated]
        : [amountCalculated, amountSpecified - amountSpecifiedRemaining];

    // the output transfer happens before the callback: it fails if the pool holds too little
    // (a quote from another state has no balances of its own: the caller chains them)
    if (from !== undefined) {
      // no transfer check
    } else if (zeroForOne) {
      if (amount1 < 0n) this.checkTransfer(1, -amount1);
    } else if (amount0 < 0n) {
      this.checkTransfer(0, -amount0);
    }

    return {
      zeroForOne,
      amount0,
      amount1,
      sqrtPriceX96,
      tick,
      liquidity,
      feeGrowthGlobalX128,
      protocolFee,
      time: blockTimestamp,
      tickCumulative,
      secondsPerLiquidityCumulativeX128,
      crossedTicks,
      crossedFeeGrowth,
      crossedInfo,
    };
  }

  /** Writes a SwapPlan; nothing here can throw. */
  private commitSwap(plan: SwapPlan): void {
    const zeroForOne = plan.zeroForOne;
    const s0 = this._slot0;
    const liquidityStart = this._liquidity;

    for (let i = 0; i < plan.crossedTicks.length; i++) {
      const fg = plan.crossedFeeGrowth[i] as bigint;
      Tick.cross(
        this._ticks,
        plan.crossedTicks[i] as number,
        zeroForOne ? fg : this._feeGrowthGlobal0X128,
        zeroForOne ? this._feeGrowthGlobal1X128 : fg,
        plan.secondsPerLiquidityCumulativeX128,
        plan.tickCumulative,
        plan.time,
        plan.crossedInfo[i],
      );
    }

    // update tick and write an oracle entry if the tick change
    if (plan.tick !== s0.tick) {
      const { indexUpdated, cardinalityUpdated } = Oracle.write(
        this._observations,
        s0.observationIndex,
        plan.time,
        s0.tick,
        liquidityStart,
        s0.observationCardinality,
        s0.observationCardinalityNext,
      );
      s0.sqrtPriceX96 = plan.sqrtPriceX96;
      s0.tick = plan.tick;
      s0.observationIndex = indexUpdated;
      s0.observationCardinality = cardinalityUpdated;
    } else {
      // otherwise just update the price
      s0.sqrtPriceX96 = plan.sqrtPriceX96;
    }

    // update liquidity if it changed
    this._liquidity = plan.liquidity;

    // update fee growth global and, if necessary, protocol fees
    // overflow is acceptable, protocol has to withdraw before it hits type(uint128).max fees
    if (zeroForOne) {
      this._feeGrowthGlobal0X128 = plan.feeGrowthGlobalX128;
      if (plan.protocolFee > 0n) this._protocolFees0 = (this._protocolFees0 + plan.protocolFee) & MAX_UINT128;
    } else {
      this._feeGrowthGlobal1X128 = plan.feeGrowthGlobalX128;
      if (plan.protocolFee > 0n) this._protocolFees1 = (this._protocolFees1 + plan.protocolFee) & MAX_UINT128;
    }

    // the output was sent to the recipient, the callback paid the input
    this._balance0 += plan.amount0;
    this._balance1 += plan.amount1;
  }
}

function quoteOf(plan: SwapPlan): SwapQuote {
  return {
    amount0: plan.amount0,
    amount1: plan.amount1,
    sqrtPriceX96After: plan.sqrtPriceX96,
    tickAfter: plan.tick,
    liquidityAfter: plan.liquidity,
    initializedTicksCrossed: plan.crossedTicks.length,
  };
}
