/**
 * Deploys the real Uniswap v3 (factory bytecode from @uniswap/v3-core, unchanged) with two test
 * tokens, one pool and the project's callback contract, on a devnet whose accounts are unlocked.
 */
import { decodeEventLog, encodeAbiParameters, encodeFunctionData, getAddress, type Address, type Hex } from 'viem';
import { InvalidInputError } from '../errors.js';
import { testErc20Abi, uniswapV3FactoryAbi, uniswapV3PoolAbi } from './abis.js';
import { loadProjectArtifact, loadUniswapArtifact } from './artifacts.js';
import { sendDevnetTransaction, type DevnetClients } from './clients.js';
import type { CompileOptions } from './compile.js';
import { approveActions, RealUniswapV3Pool, type RealPoolAddresses } from './real-pool.js';

export interface TokenSpec {
  readonly name: string;
  readonly symbol: string;
  readonly decimals: number;
}

export interface TokenInfo extends TokenSpec {
  readonly address: Address;
}

/** Fee tiers the factory enables in its constructor, with their tick spacing. */
export const DEFAULT_FEE_TICK_SPACING: Readonly<Record<number, number>> = { 500: 10, 3000: 60, 10000: 200 };

export const USDC_LIKE: TokenSpec = { name: 'Test USD Coin', symbol: 'tUSDC', decimals: 6 };
export const WETH_LIKE: TokenSpec = { name: 'Test Wrapped Ether', symbol: 'tWETH', decimals: 18 };

export interface DeployUniswapV3Options {
  /** Fee in pips (3000 = 0.3 %). Default 3000. */
  readonly fee?: number;
  /** Needed only for a fee tier the factory does not enable by itself (then enabled here). */
  readonly tickSpacing?: number;
  /**
   * Initial sqrt(token1/token0) in Q64.96, token0/token1 being the SORTED tokens (see the
   * result's `token0`). Omit together with `initialize: false` to leave the pool uninitialized.
   */
  readonly sqrtPriceX96?: bigint;
  /** Default true. */
  readonly initialize?: boolean;
  /** Deployed first; default USDC-like (6 decimals). */
  readonly tokenA?: TokenSpec;
  /** Deployed second; default WETH-like (18 decimals). */
  readonly tokenB?: TokenSpec;
  /** Deployer and factory owner; an unlocked account. Default: the clients' account. */
  readonly deployer?: Address;
  /** Accounts minted `fundAmount` of both tokens that approve the callback contract. Default [deployer]. */
  readonly fundAccounts?: readonly Address[];
  /** Base units of each token minted to every funded account. Default 10^36. */
  readonly fundAmount?: bigint;
  /** Where to compile the project's contracts from (tests use temp dirs). */
  readonly compile?: CompileOptions;
}

export interface UniswapV3Deployment {
  readonly factory: Address;
  /** The project's callback contract (UniswapV3PoolActions). */
  readonly actions: Address;
  readonly poolAddress: Address;
  /** Sorted: token0.address < token1.address, as the pool requires. */
  readonly token0: TokenInfo;
  readonly token1: TokenInfo;
  /** The tokens in the order they were specified (tokenA, tokenB). */
  readonly tokenA: TokenInfo;
  readonly tokenB: TokenInfo;
  readonly tokenAIsToken0: boolean;
  readonly fee: number;
  readonly tickSpacing: number;
  readonly deployer: Address;
  /** Typed driver of the pool. */
  readonly pool: RealUniswapV3Pool;
}

const DEPLOY_GAS = 12_000_000n;
const CALL_GAS = 6_000_000n;

export async function deployUniswapV3(clients: DevnetClients, options: DeployUniswapV3Options = {}): Promise<UniswapV3Deployment> {
  const fee = options.fee ?? 3000;
  const tickSpacing = resolveTickSpacing(fee, options.tickSpacing);
  const initialize = options.initialize ?? true;
  if (initialize && options.sqrtPriceX96 === undefined) {
    throw new InvalidInputError('sqrtPriceX96', undefined, 'is required unless initialize is false');
  }
  const specA = checkToken('tokenA', options.tokenA ?? USDC_LIKE);
  const specB = checkToken('tokenB', options.tokenB ?? WETH_LIKE);
  const deployer = options.deployer ?? clients.account.address;
  const fundAmount = options.fundAmount ?? 10n ** 36n;
  if (fundAmount < 0n) throw new InvalidInputError('fundAmount', fundAmount, 'must be >= 0');

  const erc20 = loadProjectArtifact('TestERC20', options.compile);
  const actionsArtifact = loadProjectArtifact('UniswapV3PoolActions', options.compile);
  const factoryArtifact = loadUniswapArtifact('UniswapV3Factory');

  const deploy = async (bytecode: Hex, what: string): Promise<Address> => {
    const receipt = await sendDevnetTransaction(clients, { from: deployer, data: bytecode, gas: DEPLOY_GAS });
    if (receipt.contractAddress === null || receipt.contractAddress === undefined) throw new Error(`deploying ${what} created no contract (tx ${receipt.transactionHash})`);
    return getAddress(receipt.contractAddress);
  };
  const call = (to: Address, data: Hex) => sendDevnetTransaction(clients, { from: deployer, to, data, gas: CALL_GAS });

  const factory = await deploy(factoryArtifact.bytecode, 'UniswapV3Factory');
  const tokenParams = (t: TokenSpec): Hex =>
    encodeAbiParameters([{ type: 'string' }, { type: 'string' }, { type: 'uint8' }], [t.name, t.symbol, t.decimals]).slice(2) as Hex;
  const tokenA: TokenInfo = { ...specA, address: await deploy(`${erc20.bytecode}${tokenParams(specA)}`, specA.symbol) };
  const tokenB: TokenInfo = { ...specB, address: await deploy(`${erc20.bytecode}${tokenParams(specB)}`, specB.symbol) };
  const actions = await deploy(actionsArtifact.bytecode, 'UniswapV3PoolActions');
  const tokenAIsToken0 = BigInt(tokenA.address) < BigInt(tokenB.address);
  const [token0, token1] = tokenAIsToken0 ? [tokenA, tokenB] : [tokenB, tokenA];

  if (DEFAULT_FEE_TICK_SPACING[fee] === undefined) {
    await call(factory, encodeFunctionData({ abi: uniswapV3FactoryAbi, functionName: 'enableFeeAmount', args: [fee, tickSpacing] }));
  }
  const created = await call(
    factory,
    encodeFunctionData({ abi: uniswapV3FactoryAbi, functionName: 'createPool', args: [token0.address, token1.address, fee] }),
  );
  const poolAddress = poolFromReceipt(created.logs, factory);
  if (initialize && options.sqrtPriceX96 !== undefined) {
    await call(poolAddress, encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'initialize', args: [options.sqrtPriceX96] }));
  }

  const addresses: RealPoolAddresses = { pool: poolAddress, actions, token0: token0.address, token1: token1.address };
  for (const account of options.fundAccounts ?? [deployer]) {
    if (fundAmount > 0n) {
      for (const token of [token0.address, token1.address]) {
        await call(token, encodeFunctionData({ abi: testErc20Abi, functionName: 'mint', args: [account, fundAmount] }));
      }
    }
    await approveActions(clients, addresses, account);
  }

  return {
    factory,
    actions,
    poolAddress,
    token0,
    token1,
    tokenA,
    tokenB,
    tokenAIsToken0,
    fee,
    tickSpacing,
    deployer,
    pool: new RealUniswapV3Pool(clients, addresses, { sender: deployer }),
  };
}

function poolFromReceipt(logs: readonly { address: Address; data: Hex; topics: readonly Hex[] }[], factory: Address): Address {
  for (const log of logs) {
    if (log.address.toLowerCase() !== factory.toLowerCase()) continue;
    try {
      const event = decodeEventLog({ abi: uniswapV3FactoryAbi, data: log.data, topics: log.topics as [Hex, ...Hex[]] });
      if (event.eventName === 'PoolCreated') return event.args.pool;
    } catch {
      // another event
    }
  }
  throw new Error('createPool emitted no PoolCreated event');
}

function resolveTickSpacing(fee: number, tickSpacing: number | undefined): number {
  if (!(Number.isInteger(fee) && fee > 0 && fee < 1_000_000)) {
    throw new InvalidInputError('fee', fee, 'must be an integer in (0, 1000000) pips');
  }
  const builtIn = DEFAULT_FEE_TICK_SPACING[fee];
  if (builtIn !== undefined) {
    if (tickSpacing !== undefined && tickSpacing !== builtIn) {
      throw new InvalidInputError('tickSpacing', tickSpacing, `fee ${fee} is enabled by the factory with tick spacing ${builtIn}`);
    }
    return builtIn;
  }
  // Factory.enableFeeAmount requires 0 < tickSpacing < 16384.
  if (tickSpacing === undefined || !(Number.isInteger(tickSpacing) && tickSpacing > 0 && tickSpacing < 16384)) {
    throw new InvalidInputError('tickSpacing', tickSpacing, `fee ${fee} is not a default tier: give an integer tick spacing in (0, 16384)`);
  }
  return tickSpacing;
}

function checkToken(field: string, spec: TokenSpec): TokenSpec {
  if (!(Number.isInteger(spec.decimals) && spec.decimals >= 0 && spec.decimals <= 255)) {
    throw new InvalidInputError(`${field}.decimals`, spec.decimals, 'must be an integer in [0, 255]');
  }
  if (spec.name === '' || spec.symbol === '') throw new InvalidInputError(`${field}.symbol`, spec.symbol, 'name and symbol must be non-empty');
  return spec;
}
