import { toEventSelector, toFunctionSelector, toFunctionSignature, type Abi, type AbiEvent, type AbiFunction } from 'viem';
import { describe, expect, it } from 'vitest';
import { poolActionsAbi, testErc20Abi, uniswapV3FactoryAbi, uniswapV3PoolAbi } from '../../src/chain/abis.js';
import { loadProjectArtifact, loadUniswapArtifact } from '../../src/chain/artifacts.js';
import { allowlistPolicyAbi, devnetAggregatorAbi, vaultAbi } from '../../src/chain/vault-abis.js';

/** Signature of every function/event/error in an ABI, with the outputs of functions. */
function signatures(abi: Abi): Set<string> {
  const out = new Set<string>();
  for (const item of abi) {
    if (item.type === 'function') {
      const f = item as AbiFunction;
      out.add(`function ${toFunctionSelector(toFunctionSignature(f))} ${f.stateMutability} -> ${f.outputs.map((o) => o.type).join(',')}`);
    } else if (item.type === 'event') {
      const e = item as AbiEvent;
      out.add(`event ${toEventSelector(e)} ${e.inputs.map((i) => `${i.type}${i.indexed === true ? '!' : ''}`).join(',')}`);
    } else if (item.type === 'error') {
      const e = item;
      out.add(`error ${e.name}(${e.inputs.map((i) => i.type).join(',')})`);
    }
  }
  return out;
}

describe('typed ABIs match the real artifacts', () => {
  it.each([
    ['UniswapV3Pool', uniswapV3PoolAbi, () => loadUniswapArtifact('UniswapV3Pool').abi],
    ['UniswapV3Factory', uniswapV3FactoryAbi, () => loadUniswapArtifact('UniswapV3Factory').abi],
    ['TestERC20', testErc20Abi, () => loadProjectArtifact('TestERC20').abi],
    ['UniswapV3PoolActions', poolActionsAbi, () => loadProjectArtifact('UniswapV3PoolActions').abi],
    ['Vault', vaultAbi, () => loadProjectArtifact('Vault').abi],
    ['DevnetAggregator', devnetAggregatorAbi, () => loadProjectArtifact('DevnetAggregator').abi],
    ['AllowlistPolicy', allowlistPolicyAbi, () => loadProjectArtifact('AllowlistPolicy').abi],
  ] as const)('%s', (_name, typed, real) => {
    const realSigs = signatures(real());
    const missing = [...signatures(typed as Abi)].filter((s) => !realSigs.has(s));
    expect(missing).toEqual([]);
  });

  it('loads the prebuilt Uniswap bytecode unchanged', () => {
    const factory = loadUniswapArtifact('UniswapV3Factory');
    expect(factory.contractName).toBe('UniswapV3Factory');
    expect(factory.bytecode.length).toBeGreaterThan(40_000);
  });
});
