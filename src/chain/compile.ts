/**
 * Compiles the project's Solidity (`contracts/**\/*.sol`) with solc-js standard JSON, resolving
 * `@openzeppelin/...` and `@uniswap/...` imports from node_modules. The output is cached under
 * `.cache/solc/<hash>.json`, keyed by every source, the compiler version, the settings and the
 * versions of the imported packages, so a rebuild with nothing changed never loads solc.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Abi, Hex } from 'viem';
import { projectRoot } from '../data/project-paths.js';
import { InvalidInputError } from '../errors.js';

/** Settings used for every compile; part of the cache key. */
export const SOLC_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  // cancun: transient storage (used by the callback contract) and mcopy; anvil's default
  // hardfork is newer, so the bytecode runs there unchanged.
  evmVersion: 'cancun',
  viaIR: false,
  metadata: { bytecodeHash: 'none' },
} as const;

/** Packages whose sources can be imported; their versions are part of the cache key. */
const IMPORTABLE_PACKAGES = ['@openzeppelin/contracts', '@uniswap/v3-core', '@uniswap/v3-periphery'] as const;

export interface CompiledContract {
  readonly sourceName: string;
  readonly contractName: string;
  readonly abi: Abi;
  /** Creation bytecode, 0x-prefixed; '0x' for interfaces and abstract contracts. */
  readonly bytecode: Hex;
  readonly deployedBytecode: Hex;
}

export interface CompilerDiagnostic {
  readonly severity: 'error' | 'warning' | 'info';
  readonly type: string;
  readonly message: string;
  /** Source unit name, e.g. 'contracts/TestERC20.sol', when solc names one. */
  readonly file?: string;
  /** 1-based line and column, when solc gives a location. */
  readonly line?: number;
  readonly column?: number;
  /** `file:line:column: Type: message` */
  readonly text: string;
}

export interface CompileResult {
  /** Content hash of sources + compiler version + settings + imported package versions. */
  readonly hash: string;
  readonly compilerVersion: string;
  /** True when the output came from `.cache/solc` and solc was never loaded. */
  readonly cached: boolean;
  readonly cachePath: string;
  /** Keyed by contract name (names are unique across `contracts/`). */
  readonly contracts: Readonly<Record<string, CompiledContract>>;
  readonly warnings: readonly CompilerDiagnostic[];
  readonly durationMs: number;
}

export interface CompileOptions {
  /** Project root (holds package.json and node_modules); found from this module by default. */
  readonly root?: string;
  /** Directory of the sources; `<root>/contracts` by default. */
  readonly sourcesDir?: string;
  /** Cache directory; `<root>/.cache/solc` by default. */
  readonly cacheDir?: string;
  /** Skip reading (not writing) the cache. */
  readonly force?: boolean;
  /** Loads the compiler; injectable so tests can prove a cache hit never touches solc. */
  readonly loadCompiler?: (root: string) => SolcCompiler;
}

/** The part of solc-js this module uses. */
export interface SolcCompiler {
  version(): string;
  compile(input: string, callbacks: { import: (path: string) => { contents: string } | { error: string } }): string;
}

export class CompileError extends Error {
  override readonly name = 'CompileError';
  constructor(readonly diagnostics: readonly CompilerDiagnostic[]) {
    super(`Solidity compilation failed with ${diagnostics.length} error(s):\n${diagnostics.map((d) => `  ${d.text}`).join('\n')}`);
  }
}

export class SolcNotFoundError extends Error {
  override readonly name = 'SolcNotFoundError';
}

/** Compiles (or loads from cache) every contract under the sources directory. */
export function compileContracts(options: CompileOptions = {}): CompileResult {
  const started = performance.now();
  const root = resolve(options.root ?? projectRoot());
  const sourcesDir = resolve(options.sourcesDir ?? join(root, 'contracts'));
  const cacheDir = resolve(options.cacheDir ?? join(root, '.cache', 'solc'));
  const sources = readSources(root, sourcesDir);
  // The version comes from solc's package.json, so computing the key never loads the compiler.
  const compilerVersion = solcPackageVersion(root);
  const hash = cacheKey(root, sources, compilerVersion);
  const cachePath = join(cacheDir, `${hash}.json`);

  if (options.force !== true && existsSync(cachePath)) {
    const entry = readCache(cachePath, hash);
    if (entry !== undefined) {
      return { ...entry, hash, cached: true, cachePath, durationMs: performance.now() - started };
    }
  }

  const solc = (options.loadCompiler ?? loadSolc)(root);
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries([...sources].map(([name, content]) => [name, { content }])),
    settings: {
      ...SOLC_SETTINGS,
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  };
  const importedSources = new Map<string, string>();
  const output = JSON.parse(
    solc.compile(JSON.stringify(input), { import: (path) => readImport(root, path, importedSources) }),
  ) as SolcOutput;

  const contentOf = (file: string): string | undefined => sources.get(file) ?? importedSources.get(file);
  const diagnostics = (output.errors ?? []).map((e) => toDiagnostic(e, contentOf));
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new CompileError(errors);

  const contracts: Record<string, CompiledContract> = {};
  for (const sourceName of sources.keys()) {
    for (const [contractName, c] of Object.entries(output.contracts?.[sourceName] ?? {})) {
      if (contracts[contractName] !== undefined) {
        throw new CompileError([
          diagnostic('error', 'DuplicateContractName', `contract ${contractName} is defined in ${contracts[contractName].sourceName} and ${sourceName}`, sourceName),
        ]);
      }
      contracts[contractName] = {
        sourceName,
        contractName,
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
      };
    }
  }
  const warnings = diagnostics.filter((d) => d.severity !== 'error');
  const entry: CacheEntry = { hash, compilerVersion, contracts, warnings };
  writeCache(cacheDir, cachePath, entry);
  return { ...entry, cached: false, cachePath, durationMs: performance.now() - started };
}

// ---------------------------------------------------------------------------------------------

interface CacheEntry {
  hash: string;
  compilerVersion: string;
  contracts: Record<string, CompiledContract>;
  warnings: CompilerDiagnostic[];
}

interface SolcError {
  severity: 'error' | 'warning' | 'info';
  type: string;
  message: string;
  sourceLocation?: { file: string; start: number; end: number };
}

interface SolcOutput {
  errors?: SolcError[];
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>>;
}

/** Source unit name (root-relative, '/'-separated) → content, sorted for a stable hash. */
function readSources(root: string, sourcesDir: string): Map<string, string> {
  if (!existsSync(sourcesDir) || !statSync(sourcesDir).isDirectory()) {
    throw new InvalidInputError('sourcesDir', sourcesDir, 'is not a directory');
  }
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.sol')) files.push(path);
    }
  };
  walk(sourcesDir);
  files.sort();
  const sources = new Map<string, string>();
  for (const file of files) {
    // Names relative to the root keep the hash (and solc's messages) independent of where the
    // checkout lives.
    const rel = relative(root, file);
    const name = rel.startsWith('..') ? relative(sourcesDir, file) : rel;
    sources.set(name.split(sep).join('/'), readFileSync(file, 'utf8'));
  }
  return sources;
}

function cacheKey(root: string, sources: Map<string, string>, compilerVersion: string): string {
  const hash = createHash('sha256');
  const packages = IMPORTABLE_PACKAGES.map((pkg) => [pkg, packageVersion(root, pkg) ?? 'absent']);
  hash.update(JSON.stringify({ format: 1, compilerVersion, settings: SOLC_SETTINGS, packages }));
  for (const [name, content] of sources) {
    hash.update(`\0${name}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest('hex').slice(0, 32);
}

function readCache(cachePath: string, hash: string): CacheEntry | undefined {
  try {
    const entry = JSON.parse(readFileSync(cachePath, 'utf8')) as CacheEntry;
    return entry.hash === hash && typeof entry.contracts === 'object' ? entry : undefined;
  } catch {
    return undefined; // a torn or foreign file: recompile and overwrite it
  }
}

/** Best effort: an installed package may sit in a read-only directory. Atomic via rename. */
function writeCache(cacheDir: string, cachePath: string, entry: CacheEntry): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${cachePath}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(entry));
    renameSync(tmp, cachePath);
  } catch {
    // caching is an optimisation only
  }
}

function requireFromRoot(root: string): NodeRequire {
  return createRequire(join(root, 'package.json'));
}

function packageVersion(root: string, pkg: string): string | undefined {
  try {
    const manifest = requireFromRoot(root).resolve(`${pkg}/package.json`);
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

function solcPackageVersion(root: string): string {
  const version = packageVersion(root, 'solc');
  if (version === undefined) throw solcMissing(root);
  return version;
}

function solcMissing(root: string, cause?: unknown): SolcNotFoundError {
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new SolcNotFoundError(
    `solc-js is not installed under ${root}/node_modules (the "solc" dependency); run npm ci${detail}`,
  );
}

function loadSolc(root: string): SolcCompiler {
  try {
    return requireFromRoot(root)('solc') as SolcCompiler;
  } catch (error) {
    throw solcMissing(root, error);
  }
}

/**
 * solc's import callback: `@scope/pkg/path` from that package's directory in node_modules, any
 * other path relative to the root. Never reads outside those directories.
 */
function readImport(root: string, path: string, seen: Map<string, string>): { contents: string } | { error: string } {
  try {
    let file: string | undefined;
    const match = /^(@[^/]+\/[^/]+)\/(.+)$/.exec(path);
    if (match?.[1] !== undefined && match[2] !== undefined) {
      const pkgDir = dirname(requireFromRoot(root).resolve(`${match[1]}/package.json`));
      file = resolve(pkgDir, match[2]);
      if (!file.startsWith(pkgDir + sep)) return { error: `import escapes its package: ${path}` };
    } else {
      file = resolve(root, path);
      if (!file.startsWith(root + sep) || file.includes(`${sep}node_modules${sep}`)) {
        return { error: `import outside the project: ${path}` };
      }
    }
    const contents = readFileSync(file, 'utf8');
    seen.set(path, contents);
    return { contents };
  } catch (error) {
    return { error: `cannot read import ${path}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function toDiagnostic(e: SolcError, contentOf: (file: string) => string | undefined): CompilerDiagnostic {
  const file = e.sourceLocation?.file;
  if (file === undefined || e.sourceLocation === undefined) return diagnostic(e.severity, e.type, e.message);
  const content = contentOf(file);
  if (content === undefined || e.sourceLocation.start < 0) return diagnostic(e.severity, e.type, e.message, file);
  const before = content.slice(0, e.sourceLocation.start);
  const line = before.split('\n').length;
  const column = e.sourceLocation.start - before.lastIndexOf('\n');
  return diagnostic(e.severity, e.type, e.message, file, line, column);
}

function diagnostic(
  severity: CompilerDiagnostic['severity'],
  type: string,
  message: string,
  file?: string,
  line?: number,
  column?: number,
): CompilerDiagnostic {
  const where = file === undefined ? '' : line === undefined ? `${file}: ` : `${file}:${line}:${column}: `;
  // Absent fields are left out (not set to undefined) so a cached result equals a fresh one.
  return {
    severity,
    type,
    message,
    ...(file === undefined ? {} : { file }),
    ...(line === undefined ? {} : { line, column }),
    text: `${where}${type}: ${message}`,
  };
}
