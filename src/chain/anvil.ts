/**
 * Lifecycle of a local anvil devnet: spawn on a free loopback port, wait until it answers,
 * and always stop it. Every live instance is tracked so that a crashed test, an uncaught
 * exception or Ctrl-C leaves no anvil process behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { InvalidInputError } from '../errors.js';
import { DEVNET_ACCOUNT_COUNT, DEVNET_BALANCE_ETH, DEVNET_CHAIN_ID, DEVNET_MNEMONIC } from './accounts.js';

export interface AnvilOptions {
  /** Seconds between blocks for interval mining; omitted = auto-mine every transaction. */
  blockTimeSeconds?: number;
  /** Disable auto and interval mining: blocks only come from `evm_mine`. */
  noMining?: boolean;
  /** Timestamp of the genesis block (seconds); fixes the clock for reproducible runs. */
  genesisTimestamp?: number;
  /** Base fee of the genesis block in wei; 0 makes gas free so ETH balances stay exact. */
  baseFeeWei?: bigint;
  /** EVM hardfork name, e.g. 'cancun'; anvil's latest by default. */
  hardfork?: string;
  /** How long to wait for `eth_chainId` to answer before giving up. */
  startTimeoutMs?: number;
  /** Extra raw CLI arguments, appended last. */
  extraArgs?: readonly string[];
}

export interface AnvilInstance {
  readonly rpcUrl: string;
  readonly port: number;
  readonly pid: number;
  /** Kills the process and resolves once it has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

export class AnvilStartError extends Error {
  override readonly name = 'AnvilStartError';
}

const live = new Set<ChildProcess>();
let handlersInstalled = false;

/** Spawns anvil on 127.0.0.1 and resolves once it answers JSON-RPC. */
export async function startAnvil(options: AnvilOptions = {}): Promise<AnvilInstance> {
  validate(options);
  const binary = resolveAnvilBinary();
  installExitHandlers();
  // The port found by binding 0 can be taken by someone else before anvil binds it; retry.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await findFreePort();
    try {
      return await spawnOn(binary, port, options);
    } catch (error) {
      lastError = error;
      if (!(error instanceof AnvilStartError && /address already in use|os error 98/i.test(error.message))) throw error;
    }
  }
  throw lastError;
}

/** Absolute path of the anvil binary shipped by `@foundry-rs/anvil` for this platform. */
export function resolveAnvilBinary(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch}`;
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve(`${pkg}/package.json`);
  } catch {
    throw new AnvilStartError(
      `anvil binary package ${pkg} is not installed (platform ${process.platform}/${process.arch}); ` +
        'it comes with the "@foundry-rs/anvil" dependency: run npm ci',
    );
  }
  return join(dirname(manifest), 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil');
}

/** The CLI arguments for one instance; exported so tests can check the deterministic flags. */
export function anvilArgs(port: number, options: AnvilOptions = {}): string[] {
  const args = [
    '--host', '127.0.0.1',
    '--port', String(port),
    '--chain-id', String(DEVNET_CHAIN_ID),
    '--mnemonic', DEVNET_MNEMONIC,
    '--accounts', String(DEVNET_ACCOUNT_COUNT),
    '--balance', String(DEVNET_BALANCE_ETH),
    '--silent',
    // Without this anvil writes old states under ~/.foundry/anvil/tmp and never cleans them.
    // It takes an optional value, so it must not be followed by a bare positional.
    '--prune-history',
  ];
  if (options.noMining === true) args.push('--no-mining');
  else if (options.blockTimeSeconds !== undefined) args.push('--block-time', String(options.blockTimeSeconds));
  if (options.genesisTimestamp !== undefined) args.push('--timestamp', String(options.genesisTimestamp));
  if (options.baseFeeWei !== undefined) args.push('--block-base-fee-per-gas', options.baseFeeWei.toString());
  if (options.hardfork !== undefined) args.push('--hardfork', options.hardfork);
  if (options.extraArgs !== undefined) args.push(...options.extraArgs);
  return args;
}

/** Number of anvil processes this Node process currently owns (for tests and diagnostics). */
export function liveAnvilCount(): number {
  return live.size;
}

async function spawnOn(binary: string, port: number, options: AnvilOptions): Promise<AnvilInstance> {
  const child = spawn(binary, anvilArgs(port, options), { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(child);
  const guard = child.pid === undefined ? undefined : startOrphanGuard(child.pid);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    if (stderr.length < 16_384) stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      live.delete(child);
      resolve();
    });
  });
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
    live.delete(child);
  });

  const stop = async (): Promise<void> => {
    guard?.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null && spawnError === undefined) {
      child.kill('SIGTERM');
      // anvil exits promptly on SIGTERM; escalate if it does not.
      const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(timer);
    }
    live.delete(child);
  };

  const rpcUrl = `http://127.0.0.1:${port}`;
  const timeoutMs = options.startTimeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError !== undefined) {
      await stop();
      throw new AnvilStartError(`anvil failed to spawn (${binary}): ${spawnError.message}`);
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      live.delete(child);
      throw new AnvilStartError(
        `anvil exited during startup (code ${child.exitCode}, signal ${child.signalCode}): ${stderr.trim() || '(no stderr)'}`,
      );
    }
    if (await answersChainId(rpcUrl)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new AnvilStartError(`anvil did not answer eth_chainId on ${rpcUrl} within ${timeoutMs} ms; stderr: ${stderr.trim() || '(empty)'}`);
    }
    await sleep(20);
  }
  return { rpcUrl, port, pid: child.pid ?? -1, stop };
}

/**
 * Exit handlers cannot run when the owner is killed with SIGKILL (an OOM kill, a test runner
 * killing a stuck worker), and anvil would live on. A tiny shell holds the read end of a pipe
 * whose write end only the owner has: when the owner dies the pipe closes, `read` returns, and
 * the shell terminates anvil. On a normal stop the guard is killed first and does nothing.
 */
function startOrphanGuard(anvilPid: number): ChildProcess | undefined {
  if (process.platform === 'win32') return undefined;
  const guard = spawn('/bin/sh', ['-c', 'read _ ; kill -TERM "$1" 2>/dev/null', 'anvil-orphan-guard', String(anvilPid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  guard.on('error', () => undefined);
  // Neither the guard nor its pipe may keep the owner's event loop alive.
  guard.unref();
  (guard.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return guard;
}

async function answersChainId(rpcUrl: string): Promise<boolean> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(1_000),
    });
    const body = (await response.json()) as { result?: unknown };
    return typeof body.result === 'string';
  } catch {
    return false;
  }
}

/** Binds port 0 on loopback, reads the port the OS chose, and releases it for anvil. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

/** Synchronous on purpose: 'exit' handlers cannot await. SIGKILL cannot be ignored. */
function killAllNow(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllNow);
  // The monitor variant observes an uncaught exception without changing Node's crash behaviour.
  process.on('uncaughtExceptionMonitor', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      killAllNow();
      // Adding a listener disables Node's default "exit on signal"; restore it when we are the
      // only listener by re-raising the signal without our handler.
      process.removeListener(signal, onSignal);
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

function validate(options: AnvilOptions): void {
  const { blockTimeSeconds, genesisTimestamp, startTimeoutMs, baseFeeWei } = options;
  if (blockTimeSeconds !== undefined && !(Number.isFinite(blockTimeSeconds) && blockTimeSeconds > 0)) {
    throw new InvalidInputError('blockTimeSeconds', blockTimeSeconds, 'must be a finite number > 0');
  }
  if (genesisTimestamp !== undefined && !(Number.isSafeInteger(genesisTimestamp) && genesisTimestamp >= 0)) {
    throw new InvalidInputError('genesisTimestamp', genesisTimestamp, 'must be a non-negative integer (seconds)');
  }
  if (startTimeoutMs !== undefined && !(Number.isFinite(startTimeoutMs) && startTimeoutMs > 0)) {
    throw new InvalidInputError('startTimeoutMs', startTimeoutMs, 'must be a finite number > 0');
  }
  if (baseFeeWei !== undefined && baseFeeWei < 0n) {
    throw new InvalidInputError('baseFeeWei', baseFeeWei, 'must be >= 0');
  }
  if (options.noMining === true && blockTimeSeconds !== undefined) {
    throw new InvalidInputError('blockTimeSeconds', blockTimeSeconds, 'cannot be combined with noMining');
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
