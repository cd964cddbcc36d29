/**
 * Contract artifacts for the devnet: Uniswap v3's prebuilt ones (shipped in the npm packages,
 * exactly the mainnet bytecode, no linking needed) and the project's own, compiled by solc-js.
 */
import { projectRoot } from '../data/project-paths.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Abi, Hex } from 'viem';
import { InvalidInputError } from '../errors.js';
import { compileContracts, type CompileOptions, type CompiledContract } from './compile.js';

export interface Artifact {
  readonly contractName: string;
  readonly abi: Abi;
  /** Creation bytecode, 0x-prefixed. */
  readonly bytecode: Hex;
  readonly deployedBytecode: Hex;
}

const UNISWAP_ARTIFACTS = {
  UniswapV3Factory: ['@uniswap/v3-core', 'artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json'],
  UniswapV3Pool: ['@uniswap/v3-core', 'artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json'],
  SwapRouter: ['@uniswap/v3-periphery', 'artifacts/contracts/SwapRouter.sol/SwapRouter.json'],
  NonfungiblePositionManager: [
    '@uniswap/v3-periphery',
    'artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json',
  ],
} as const;

export type UniswapArtifactName = keyof typeof UNISWAP_ARTIFACTS;

const uniswapCache = new Map<UniswapArtifactName, Artifact>();

/** A prebuilt Uniswap v3 artifact from node_modules (read once per process). */
export function loadUniswapArtifact(name: UniswapArtifactName): Artifact {
  const cached = uniswapCache.get(name);
  if (cached !== undefined) return cached;
  const entry = (UNISWAP_ARTIFACTS as Record<string, readonly [string, string] | undefined>)[name];
  if (entry === undefined) {
    throw new InvalidInputError('artifact', name, `must be one of ${Object.keys(UNISWAP_ARTIFACTS).join(', ')}`);
  }
  const [pkg, path] = entry;
  const require = createRequire(join(projectRoot(), 'package.json'));
  let file: string;
  try {
    file = join(require.resolve(`${pkg}/package.json`), '..', path);
  } catch {
    throw new Error(`package ${pkg} is not installed; it is a dependency of vaultwright: run npm ci`);
  }
  const json = JSON.parse(readFileSync(file, 'utf8')) as {
    contractName: string;
    abi: Abi;
    bytecode: Hex;
    deployedBytecode: Hex;
  };
  const artifact: Artifact = {
    contractName: json.contractName,
    abi: json.abi,
    bytecode: json.bytecode,
    deployedBytecode: json.deployedBytecode,
  };
  uniswapCache.set(name, artifact);
  return artifact;
}

/** The project's contract names (under contracts/, nested folders included) that the devnet code relies on. */
export type ProjectContractName = 'TestERC20' | 'UniswapV3PoolActions' | 'Vault' | 'AllowlistPolicy' | 'DevnetAggregator';

/**
 * One of the project's compiled contracts. Compiles on first use; later calls (and later
 * processes) hit the content-hash cache.
 */
export function loadProjectArtifact(name: ProjectContractName | (string & {}), options?: CompileOptions): Artifact {
  const { contracts } = compileContracts(options);
  const contract: CompiledContract | undefined = contracts[name];
  if (contract === undefined) {
    throw new InvalidInputError('contract', name, `is not in contracts/ (found: ${Object.keys(contracts).join(', ')})`);
  }
  if (contract.bytecode === '0x') {
    throw new InvalidInputError('contract', name, 'has no bytecode (interface or abstract contract)');
  }
  return contract;
}
