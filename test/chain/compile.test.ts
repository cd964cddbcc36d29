import { projectRoot } from '../../src/data/project-paths.js';
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CompileError,
  compileContracts,
  SolcNotFoundError,
  type SolcCompiler,
} from '../../src/chain/compile.js';
import { useTempDir } from './helpers.js';

const root = projectRoot();
const neverLoad = (): SolcCompiler => {
  throw new Error('solc must not be loaded on a cache hit');
};

describe('compileContracts (solc-js)', () => {
  const tmp = useTempDir('compile');

  it('compiles contracts/ cold, then serves the identical output from the cache without loading solc', () => {
    const sourcesDir = join(tmp.path, 'project-contracts');
    // Nested folders (contracts/vault, contracts/oracle) are part of the tree.
    cpSync(join(root, 'contracts'), sourcesDir, { recursive: true });
    const cacheDir = join(tmp.path, 'cache');
    let loads = 0;
    const countingLoader = (r: string): SolcCompiler => {
      loads++;
      return createRequire(join(r, 'package.json'))('solc') as SolcCompiler;
    };

    const cold = compileContracts({ root, sourcesDir, cacheDir, loadCompiler: countingLoader });
    expect(cold.cached).toBe(false);
    expect(loads).toBe(1);
    expect(Object.keys(cold.contracts).sort()).toEqual([
      'AggregatorV3Interface', 'AllowlistPolicy', 'AutomationCompatibleInterface', 'DevnetAggregator', 'IDepositorPolicy',
      'OracleGuard', 'TestERC20', 'UniswapV3PoolActions', 'Vault', 'VaultFees',
    ]);
    expect(cold.contracts.Vault?.sourceName).toMatch(/(^|\/)vault\/Vault\.sol$/);
    expect(cold.contracts.TestERC20?.bytecode).toMatch(/^0x[0-9a-f]{200,}$/);
    expect(cold.warnings).toEqual([]);

    const warm = compileContracts({ root, sourcesDir, cacheDir, loadCompiler: neverLoad });
    expect(warm.cached).toBe(true);
    expect(warm.hash).toBe(cold.hash);
    expect(warm.contracts).toStrictEqual(cold.contracts);
    expect(warm.warnings).toStrictEqual(cold.warnings);
    console.log(JSON.stringify({ compileColdMs: Math.round(cold.durationMs), compileCachedMs: +warm.durationMs.toFixed(2) }));

    // Any source change is a new key: solc runs again.
    writeFileSync(join(sourcesDir, 'Extra.sol'), '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.28;\ncontract Extra {}\n');
    const changed = compileContracts({ root, sourcesDir, cacheDir, loadCompiler: countingLoader });
    expect(changed.cached).toBe(false);
    expect(changed.hash).not.toBe(cold.hash);
    expect(loads).toBe(2);
    expect(changed.contracts.Extra?.bytecode).toMatch(/^0x/);
  });

  it('reports compile errors with file and line, and does not cache them', () => {
    const sourcesDir = join(tmp.path, 'bad');
    mkdirSync(join(sourcesDir, 'nested'), { recursive: true });
    writeFileSync(
      join(sourcesDir, 'nested', 'Broken.sol'),
      ['// SPDX-License-Identifier: MIT', 'pragma solidity ^0.8.28;', 'contract Broken {', '    uint256 x = ;', '}', ''].join('\n'),
    );
    const cacheDir = join(tmp.path, 'bad-cache');
    const error = (() => {
      try {
        compileContracts({ root, sourcesDir, cacheDir });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CompileError);
    const diagnostics = (error as CompileError).diagnostics;
    expect(diagnostics[0]).toMatchObject({ severity: 'error', type: 'ParserError', line: 4 });
    expect(diagnostics[0]?.file).toMatch(/nested\/Broken\.sol$/);
    expect((error as Error).message).toMatch(/nested\/Broken\.sol:4:\d+: ParserError/);
    expect(() => readdirSync(cacheDir)).toThrow(); // nothing written
  });

  it('reports a type error in an imported-package context with its own line', () => {
    const sourcesDir = join(tmp.path, 'typeerr');
    mkdirSync(sourcesDir);
    writeFileSync(
      join(sourcesDir, 'Typed.sol'),
      [
        '// SPDX-License-Identifier: MIT',
        'pragma solidity ^0.8.28;',
        "import {IERC20Minimal} from '@uniswap/v3-core/contracts/interfaces/IERC20Minimal.sol';",
        'contract Typed {',
        '    function f(IERC20Minimal t) external view returns (uint256) {',
        '        return t.balanceOf(1);',
        '    }',
        '}',
      ].join('\n'),
    );
    expect(() => compileContracts({ root, sourcesDir, cacheDir: join(tmp.path, 'c3') })).toThrow(/Typed\.sol:6:\d+: TypeError/);
  });

  it('returns warnings instead of throwing', () => {
    const sourcesDir = join(tmp.path, 'warn');
    mkdirSync(sourcesDir);
    writeFileSync(
      join(sourcesDir, 'Warn.sol'),
      ['// SPDX-License-Identifier: MIT', 'pragma solidity ^0.8.28;', 'contract Warn {', '    function f(uint256 unused) external pure returns (uint256) { return 1; }', '}'].join('\n'),
    );
    const result = compileContracts({ root, sourcesDir, cacheDir: join(tmp.path, 'c4') });
    expect(result.contracts.Warn).toBeDefined();
    expect(result.warnings.length).toBeGreaterThan(0);
    expect(result.warnings[0]).toMatchObject({ severity: 'warning', line: 4 });
  });

  it('says clearly when solc-js is missing', () => {
    const bare = join(tmp.path, 'no-node-modules');
    mkdirSync(join(bare, 'contracts'), { recursive: true });
    writeFileSync(join(bare, 'contracts', 'A.sol'), 'pragma solidity ^0.8.28; contract A {}');
    expect(() => compileContracts({ root: bare })).toThrow(SolcNotFoundError);
    expect(() => compileContracts({ root: bare })).toThrow(/solc-js is not installed/);
  });
});
