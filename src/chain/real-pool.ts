/**
 * A driver of one real Uniswap v3 pool on the devnet, with the verbs and views of the
 * TypeScript `UniswapV3Pool`, so parity tests can run the same operations on both.
 *
 * Every state-changing verb first simulates (`eth_call`, which mines nothing): a revert comes
 * back as a typed error and leaves the chain untouched, block count included. Only then is the
 * transaction sent (one round trip with anvil's `eth_sendTransactionSync`), and the returned
 * amounts are decoded from the pool's own event in the receipt, i.e. from what really mined.
 *
 * Ownership: `mint`, `swap` and `flash` go through the project's callback contract
 * (UniswapV3PoolActions): the pool sees that contract as `sender`, the position belongs to
 * `recipient`, and the transaction's `from` pays (it must have approved the contract, see
 * `approveActions`). `burn` and `collect` are called on the pool directly by the owner.
 *
 * Signatures follow the TypeScript pool (src/uniswap-v3/pool.ts), each with an optional last
 * `TxOptions`; views are async here because they read the chain.
 */
import type { Slot0 } from '../uniswap-v3/pool.js';
import type { TickInfo } from '../uniswap-v3/tick.js';
import type { PositionInfo } from '../uniswap-v3/position.js';
import type { Observation } from '../uniswap-v3/oracle.js';
import {
  BaseError,
  encodeFunctionData,
  getContractError,
  encodePacked,
  keccak256,
  parseEventLogs,
  type Abi,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type ContractFunctionReturnType,
  type Hash,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import { InvalidInputError } from '../errors.js';
import { poolActionsAbi, poolOperationErrorsAbi, testErc20Abi, uniswapV3PoolAbi } from './abis.js';
import {
  latestBlockTimestamp,
  mineBlocks,
  sendDevnetTransaction,
  setNextBlockTimestamp,
  type DevnetClients,
} from './clients.js';
import { revertErrorFrom } from './revert.js';

const MAX_UINT128 = (1n << 128n) - 1n;
const MAX_UINT160 = (1n << 160n) - 1n;
const MAX_UINT256 = (1n << 256n) - 1n;
const MIN_INT256 = -(1n << 255n);
const MAX_INT256 = (1n << 255n) - 1n;
const MIN_SQRT_RATIO = 4295128739n;
const MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342n;
const MIN_TICK_INT24 = -(1 << 23);
const MAX_TICK_INT24 = (1 << 23) - 1;

/** Pool ABI plus every error a pool operation can bubble up, for revert decoding. */
const poolAbi = [...uniswapV3PoolAbi, ...poolOperationErrorsAbi] as const;
const actionsAbi = [...poolActionsAbi, ...testErc20Abi.filter((i) => i.type === 'error')] as const;

export interface RealPoolAddresses {
  readonly pool: Address;
  /** The deployed UniswapV3PoolActions (callback) contract. */
  readonly actions: Address;
  readonly token0: Address;
  readonly token1: Address;
}

export interface RealPoolOptions {
  /** Default `from` of every transaction; an account the node holds unlocked. */
  readonly sender?: Address;
  /** Gas limit of every transaction; explicit because anvil's estimates can come up short. */
  readonly gas?: bigint;
}

export interface TxOptions {
  /** Overrides the driver's sender for this call (e.g. the position owner for burn/collect). */
  readonly from?: Address;
  readonly gas?: bigint;
}

export interface TxInfo {
  readonly hash: Hash;
  readonly blockNumber: bigint;
  readonly gasUsed: bigint;
}

export interface Amounts {
  readonly amount0: bigint;
  readonly amount1: bigint;
}

// The chain driver returns the TypeScript pool's own types, so parity compares like with like.
export type { Slot0 } from '../uniswap-v3/pool.js';
export type { TickInfo } from '../uniswap-v3/tick.js';
export type { PositionInfo } from '../uniswap-v3/position.js';
export type { Observation } from '../uniswap-v3/oracle.js';

export interface ObserveResult {
  readonly tickCumulatives: readonly bigint[];
  readonly secondsPerLiquidityCumulativeX128s: readonly bigint[];
}

type PoolWriteName = ContractFunctionName<typeof uniswapV3PoolAbi, 'nonpayable'>;
type PoolReadName = ContractFunctionName<typeof uniswapV3PoolAbi, 'view'>;
type PoolEventName = Parameters<typeof parseEventLogs<typeof uniswapV3PoolAbi>>[0]['eventName'];

export class RealUniswapV3Pool {
  readonly address: Address;
  readonly actions: Address;
  readonly token0: Address;
  readonly token1: Address;
  readonly sender: Address;
  readonly gas: bigint | undefined;
  /** The last transaction this driver mined (undefined before the first). */
  lastTransaction: TxInfo | undefined;

  constructor(
    readonly clients: DevnetClients,
    addresses: RealPoolAddresses,
    options: RealPoolOptions = {},
  ) {
    this.address = addresses.pool;
    this.actions = addresses.actions;
    this.token0 = addresses.token0;
    this.token1 = addresses.token1;
    this.sender = options.sender ?? clients.account.address;
    this.gas = options.gas;
  }

  /** Attaches to an existing pool, reading its tokens from the chain. */
  static async at(clients: DevnetClients, pool: Address, actions: Address, options?: RealPoolOptions): Promise<RealUniswapV3Pool> {
    const read = (functionName: 'token0' | 'token1'): Promise<Address> =>
      clients.publicClient.readContract({ address: pool, abi: uniswapV3PoolAbi, functionName });
    const [token0, token1] = await Promise.all([read('token0'), read('token1')]);
    return new RealUniswapV3Pool(clients, { pool, actions, token0, token1 }, options);
  }

  // --- verbs --------------------------------------------------------------------------------

  async initialize(sqrtPriceX96: bigint, options?: TxOptions): Promise<void> {
    checkUint('sqrtPriceX96', sqrtPriceX96, MAX_UINT160);
    await this.writePool('initialize', [sqrtPriceX96], options);
  }

  /** Adds liquidity owned by `recipient`; the transaction's `from` pays via the callback contract. */
  async mint(recipient: Address, tickLower: number, tickUpper: number, amount: bigint, options?: TxOptions): Promise<Amounts> {
    checkTick('tickLower', tickLower);
    checkTick('tickUpper', tickUpper);
    checkUint('amount', amount, MAX_UINT128);
    const args = [this.address, recipient, tickLower, tickUpper, amount] as const;
    const receipt = await this.send(this.actions, actionsAbi, 'mint', args, options);
    const event = this.poolEvent(receipt, 'Mint');
    return { amount0: event.args.amount0, amount1: event.args.amount1 };
  }

  /**
   * Removes liquidity from `owner`'s position. On chain the owner is msg.sender, so `owner`
   * sends the transaction: it must be an account the node holds unlocked.
   */
  async burn(owner: Address, tickLower: number, tickUpper: number, amount: bigint, options?: TxOptions): Promise<Amounts> {
    checkTick('tickLower', tickLower);
    checkTick('tickUpper', tickUpper);
    checkUint('amount', amount, MAX_UINT128);
    const receipt = await this.writePool('burn', [tickLower, tickUpper, amount], asOwner(owner, options));
    const event = this.poolEvent(receipt, 'Burn');
    return { amount0: event.args.amount0, amount1: event.args.amount1 };
  }

  /** Sends up to the requested owed tokens of `owner`'s position to `recipient`; `owner` sends. */
  async collect(
    owner: Address,
    recipient: Address,
    tickLower: number,
    tickUpper: number,
    amount0Requested: bigint,
    amount1Requested: bigint,
    options?: TxOptions,
  ): Promise<Amounts> {
    checkTick('tickLower', tickLower);
    checkTick('tickUpper', tickUpper);
    checkUint('amount0Requested', amount0Requested, MAX_UINT128);
    checkUint('amount1Requested', amount1Requested, MAX_UINT128);
    const args = [recipient, tickLower, tickUpper, amount0Requested, amount1Requested] as const;
    const receipt = await this.writePool('collect', args, asOwner(owner, options));
    const event = this.poolEvent(receipt, 'Collect');
    return { amount0: event.args.amount0, amount1: event.args.amount1 };
  }

  /**
   * Swaps through the callback contract; `from` pays, `recipient` receives. Returns the pool's
   * deltas (positive = into the pool), exactly as `UniswapV3Pool.swap` returns them. Without a
   * limit, the widest one the pool accepts (MIN_SQRT_RATIO + 1 or MAX_SQRT_RATIO - 1), as the
   * TypeScript pool does.
   */
  async swap(
    recipient: Address,
    zeroForOne: boolean,
    amountSpecified: bigint,
    sqrtPriceLimitX96?: bigint,
    options?: TxOptions,
  ): Promise<Amounts> {
    checkInt256('amountSpecified', amountSpecified);
    const limit = sqrtPriceLimitX96 ?? (zeroForOne ? MIN_SQRT_RATIO + 1n : MAX_SQRT_RATIO - 1n);
    checkUint('sqrtPriceLimitX96', limit, MAX_UINT160);
    const args = [this.address, recipient, zeroForOne, amountSpecified, limit] as const;
    const receipt = await this.send(this.actions, actionsAbi, 'swap', args, options);
    const event = this.poolEvent(receipt, 'Swap');
    return { amount0: event.args.amount0, amount1: event.args.amount1 };
  }

  /**
   * Flash loan through the callback contract: `recipient` receives the loan, `from` pays back
   * the loan plus `paid0`/`paid1` (default: exactly the fee; less reverts 'F0'/'F1').
   */
  async flash(
    recipient: Address,
    amount0: bigint,
    amount1: bigint,
    repay: { paid0?: bigint; paid1?: bigint } = {},
    options?: TxOptions,
  ): Promise<{ fee0: bigint; fee1: bigint; paid0: bigint; paid1: bigint }> {
    checkUint('amount0', amount0, MAX_UINT256);
    checkUint('amount1', amount1, MAX_UINT256);
    const paid0 = repay.paid0 ?? MAX_UINT256; // the contract's PAY_FEE sentinel
    const paid1 = repay.paid1 ?? MAX_UINT256;
    checkUint('paid0', paid0, MAX_UINT256);
    checkUint('paid1', paid1, MAX_UINT256);
    const args = [this.address, recipient, amount0, amount1, paid0, paid1] as const;
    const receipt = await this.send(this.actions, actionsAbi, 'flash', args, options);
    const flash = this.poolEvent(receipt, 'Flash');
    const [callback] = parseEventLogs({ abi: poolActionsAbi, logs: receipt.logs, eventName: 'FlashCallback' });
    if (callback === undefined) throw new Error(`flash ${receipt.transactionHash} emitted no FlashCallback`);
    return { fee0: callback.args.fee0, fee1: callback.args.fee1, paid0: flash.args.paid0, paid1: flash.args.paid1 };
  }

  /** A plain token transfer from `from` to the pool (counts in its balances, not in any position). */
  async donate(amount0: bigint, amount1: bigint, options?: TxOptions): Promise<void> {
    checkUint('amount0', amount0, MAX_UINT256);
    checkUint('amount1', amount1, MAX_UINT256);
    for (const [token, amount] of [[this.token0, amount0], [this.token1, amount1]] as const) {
      if (amount > 0n) await this.send(token, testErc20Abi, 'transfer', [this.address, amount], options);
    }
  }

  /** Factory owner only (the deployer, by default the driver's sender). */
  async setFeeProtocol(feeProtocol0: number, feeProtocol1: number, options?: TxOptions): Promise<void> {
    checkUint8('feeProtocol0', feeProtocol0);
    checkUint8('feeProtocol1', feeProtocol1);
    await this.writePool('setFeeProtocol', [feeProtocol0, feeProtocol1], options);
  }

  /** Factory owner only. */
  async collectProtocol(recipient: Address, amount0Requested: bigint, amount1Requested: bigint, options?: TxOptions): Promise<Amounts> {
    checkUint('amount0Requested', amount0Requested, MAX_UINT128);
    checkUint('amount1Requested', amount1Requested, MAX_UINT128);
    const receipt = await this.writePool('collectProtocol', [recipient, amount0Requested, amount1Requested], options);
    const event = this.poolEvent(receipt, 'CollectProtocol');
    return { amount0: event.args.amount0, amount1: event.args.amount1 };
  }

  async increaseObservationCardinalityNext(observationCardinalityNext: number, options?: TxOptions): Promise<void> {
    if (!(Number.isInteger(observationCardinalityNext) && observationCardinalityNext >= 0 && observationCardinalityNext <= 0xffff)) {
      throw new InvalidInputError('observationCardinalityNext', observationCardinalityNext, 'must be an integer in [0, 65535]');
    }
    await this.writePool('increaseObservationCardinalityNext', [observationCardinalityNext], options);
  }

  // --- views (read at the latest block) -------------------------------------------------------

  async slot0(): Promise<Slot0> {
    const [sqrtPriceX96, tick, observationIndex, observationCardinality, observationCardinalityNext, feeProtocol, unlocked] =
      await this.read('slot0', []);
    return { sqrtPriceX96, tick, observationIndex, observationCardinality, observationCardinalityNext, feeProtocol, unlocked };
  }

  liquidity(): Promise<bigint> {
    return this.read('liquidity', []);
  }

  feeGrowthGlobal0X128(): Promise<bigint> {
    return this.read('feeGrowthGlobal0X128', []);
  }

  feeGrowthGlobal1X128(): Promise<bigint> {
    return this.read('feeGrowthGlobal1X128', []);
  }

  async protocolFees(): Promise<{ token0: bigint; token1: bigint }> {
    const [token0, token1] = await this.read('protocolFees', []);
    return { token0, token1 };
  }

  async ticks(tick: number): Promise<TickInfo> {
    checkTick('tick', tick);
    const [
      liquidityGross,
      liquidityNet,
      feeGrowthOutside0X128,
      feeGrowthOutside1X128,
      tickCumulativeOutside,
      secondsPerLiquidityOutsideX128,
      secondsOutside,
      initialized,
    ] = await this.read('ticks', [tick]);
    return {
      liquidityGross,
      liquidityNet,
      feeGrowthOutside0X128,
      feeGrowthOutside1X128,
      tickCumulativeOutside,
      secondsPerLiquidityOutsideX128,
      secondsOutside,
      initialized,
    };
  }

  /** By owner and range, or by the pool's own key (see `positionKey`), as the TypeScript pool. */
  async positions(key: Hex): Promise<PositionInfo>;
  async positions(owner: Address, tickLower: number, tickUpper: number): Promise<PositionInfo>;
  async positions(keyOrOwner: Hex | Address, tickLower?: number, tickUpper?: number): Promise<PositionInfo> {
    let key: Hex;
    if (tickLower === undefined && tickUpper === undefined) {
      if (!/^0x[0-9a-fA-F]{64}$/.test(keyOrOwner)) throw new InvalidInputError('key', keyOrOwner, 'must be a bytes32 hex string');
      key = keyOrOwner;
    } else {
      checkTick('tickLower', tickLower ?? Number.NaN);
      checkTick('tickUpper', tickUpper ?? Number.NaN);
      key = positionKey(keyOrOwner, tickLower ?? 0, tickUpper ?? 0);
    }
    const [liquidity, feeGrowthInside0LastX128, feeGrowthInside1LastX128, tokensOwed0, tokensOwed1] = await this.read('positions', [key]);
    return { liquidity, feeGrowthInside0LastX128, feeGrowthInside1LastX128, tokensOwed0, tokensOwed1 };
  }

  async tickBitmap(wordPosition: number): Promise<bigint> {
    if (!(Number.isInteger(wordPosition) && wordPosition >= -32768 && wordPosition <= 32767)) {
      throw new InvalidInputError('wordPosition', wordPosition, 'must be an int16');
    }
    return this.read('tickBitmap', [wordPosition]);
  }

  async observations(index: number): Promise<Observation> {
    if (!(Number.isInteger(index) && index >= 0 && index <= 0xffff)) {
      throw new InvalidInputError('index', index, 'must be an integer in [0, 65535]');
    }
    const [blockTimestamp, tickCumulative, secondsPerLiquidityCumulativeX128, initialized] = await this.read('observations', [
      BigInt(index),
    ]);
    return { blockTimestamp, tickCumulative, secondsPerLiquidityCumulativeX128, initialized };
  }

  /** Oracle read at the latest block's timestamp; reverts ('OLD', 'I') come back typed. */
  async observe(secondsAgos: readonly number[]): Promise<ObserveResult> {
    for (const [i, s] of secondsAgos.entries()) {
      if (!(Number.isInteger(s) && s >= 0 && s <= 0xffffffff)) throw new InvalidInputError(`secondsAgos[${i}]`, s, 'must be a uint32');
    }
    const [tickCumulatives, secondsPerLiquidityCumulativeX128s] = await this.read('observe', [secondsAgos]);
    return { tickCumulatives, secondsPerLiquidityCumulativeX128s };
  }

  // --- tokens and time ------------------------------------------------------------------------

  async balanceOf(token: 0 | 1, owner: Address): Promise<bigint> {
    return this.clients.publicClient.readContract({
      address: token === 0 ? this.token0 : this.token1,
      abi: testErc20Abi,
      functionName: 'balanceOf',
      args: [owner],
    });
  }

  /** The next block (the next transaction's, under auto-mine) gets this timestamp. */
  setNextBlockTimestamp(timestampSeconds: bigint | number): Promise<void> {
    return setNextBlockTimestamp(this.clients, timestampSeconds);
  }

  mine(blocks = 1): Promise<void> {
    return mineBlocks(this.clients, blocks);
  }

  blockTimestamp(): Promise<bigint> {
    return latestBlockTimestamp(this.clients);
  }

  // --- plumbing -------------------------------------------------------------------------------

  private async read<const name extends PoolReadName>(
    functionName: name,
    args: ContractFunctionArgs<typeof uniswapV3PoolAbi, 'view', name>,
  ) {
    try {
      // The generic call cannot narrow viem's overloads; the return type is pinned per view above.
      return await this.clients.publicClient.readContract({
        address: this.address,
        abi: poolAbi,
        functionName,
        args,
      } as never) as ReadReturn<name>;
    } catch (error) {
      throw revertErrorFrom(error, functionName) ?? error;
    }
  }

  private writePool<const name extends PoolWriteName>(
    functionName: name,
    args: ContractFunctionArgs<typeof uniswapV3PoolAbi, 'nonpayable', name>,
    options: TxOptions | undefined,
  ): Promise<TransactionReceipt> {
    return this.send(this.address, poolAbi, functionName, args as readonly unknown[], options);
  }

  /** Simulate (typed revert, nothing mined) then send from an unlocked account. */
  private async send(to: Address, abi: Abi, functionName: string, args: readonly unknown[], options: TxOptions | undefined): Promise<TransactionReceipt> {
    const from = options?.from ?? this.sender;
    const gas = options?.gas ?? this.gas;
    const data: Hex = encodeFunctionData({ abi, functionName, args });
    try {
      await this.clients.publicClient.call({ account: from, to, data, ...(gas === undefined ? {} : { gas }) });
    } catch (error) {
      // `call` reports raw revert data; viem's getContractError decodes it against the ABI.
      const decoded = error instanceof BaseError ? getContractError(error, { abi, functionName, args, address: to, sender: from }) : error;
      throw revertErrorFrom(decoded, functionName) ?? error;
    }
    const receipt = await sendDevnetTransaction(this.clients, { from, to, data, ...(gas === undefined ? {} : { gas }) });
    this.lastTransaction = { hash: receipt.transactionHash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
    return receipt;
  }

  private poolEvent<const name extends PoolEventName & string>(receipt: TransactionReceipt, eventName: name) {
    const logs = parseEventLogs({
      abi: uniswapV3PoolAbi,
      logs: receipt.logs.filter((log) => log.address.toLowerCase() === this.address.toLowerCase()),
      eventName,
    });
    const event = logs[0];
    if (event === undefined) throw new Error(`transaction ${receipt.transactionHash} emitted no ${eventName} event from ${this.address}`);
    return event;
  }
}

type ReadReturn<name extends PoolReadName> = ContractFunctionReturnType<typeof uniswapV3PoolAbi, 'view', name>;

/** The pool's position key: keccak256(abi.encodePacked(owner, tickLower, tickUpper)). */
export function positionKey(owner: Address, tickLower: number, tickUpper: number): Hex {
  return keccak256(encodePacked(['address', 'int24', 'int24'], [owner, tickLower, tickUpper]));
}

/** Approves the callback contract for both tokens (max), so `from` can pay for mint and swap. */
export async function approveActions(clients: DevnetClients, addresses: RealPoolAddresses, from: Address): Promise<void> {
  for (const token of [addresses.token0, addresses.token1]) {
    const data = encodeFunctionData({ abi: testErc20Abi, functionName: 'approve', args: [addresses.actions, MAX_UINT256] });
    await sendDevnetTransaction(clients, { from, to: token, data, gas: 200_000n });
  }
}

/** burn/collect act on msg.sender's position: the owner must be the sender. */
function asOwner(owner: Address, options: TxOptions | undefined): TxOptions {
  if (options?.from !== undefined && options.from.toLowerCase() !== owner.toLowerCase()) {
    throw new InvalidInputError('from', options.from, `must be the position owner ${owner} (the pool uses msg.sender)`);
  }
  return { ...options, from: owner };
}

function checkTick(field: string, tick: number): void {
  if (!(Number.isInteger(tick) && tick >= MIN_TICK_INT24 && tick <= MAX_TICK_INT24)) {
    throw new InvalidInputError(field, tick, 'must be an int24 integer');
  }
}

function checkUint(field: string, value: bigint, max: bigint): void {
  if (typeof value !== 'bigint' || value < 0n || value > max) {
    throw new InvalidInputError(field, value, `must be a bigint in [0, ${max}]`);
  }
}

function checkUint8(field: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 0 && value <= 255)) throw new InvalidInputError(field, value, 'must be a uint8');
}

function checkInt256(field: string, value: bigint): void {
  if (typeof value !== 'bigint' || value < MIN_INT256 || value > MAX_INT256) {
    throw new InvalidInputError(field, value, 'must be an int256 bigint');
  }
}
