/**
 * Shared devnet setup for the chain tests: one anvil per test file, always stopped, with
 * clients and (optionally) a fresh Uniswap v3 deployment.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startAnvil, type AnvilInstance, type AnvilOptions } from '../../src/chain/anvil.js';
import { createDevnetClients, type DevnetClients } from '../../src/chain/clients.js';
import { deployUniswapV3, type DeployUniswapV3Options, type UniswapV3Deployment } from '../../src/chain/deploy-uniswap.js';

/** sqrt(1) in Q64.96: token1/token0 = 1 in base units. */
export const SQRT_PRICE_1_1 = 1n << 96n;

export interface Devnet {
  anvil: AnvilInstance;
  clients: DevnetClients;
}

/** Starts anvil before the file's tests and stops it after; read `.current` inside tests. */
export function useDevnet(options: AnvilOptions = {}): { readonly current: Devnet } {
  let devnet: Devnet | undefined;
  beforeAll(async () => {
    const anvil = await startAnvil(options);
    devnet = { anvil, clients: createDevnetClients(anvil.rpcUrl, { pollingIntervalMs: 10 }) };
  });
  afterAll(async () => {
    await devnet?.anvil.stop();
  });
  return {
    get current(): Devnet {
      if (devnet === undefined) throw new Error('devnet not started (use inside a test)');
      return devnet;
    },
  };
}

/** A devnet plus a fresh deployment of the real factory, two tokens, a pool and the callback. */
export function useUniswapDevnet(options: DeployUniswapV3Options = { sqrtPriceX96: SQRT_PRICE_1_1 }): {
  readonly current: Devnet & { deployment: UniswapV3Deployment };
} {
  const devnet = useDevnet();
  let deployment: UniswapV3Deployment | undefined;
  beforeAll(async () => {
    deployment = await deployUniswapV3(devnet.current.clients, options);
  });
  return {
    get current() {
      if (deployment === undefined) throw new Error('deployment missing (use inside a test)');
      return { ...devnet.current, deployment };
    },
  };
}

/** A temp directory removed after the file's tests. */
export function useTempDir(prefix: string): { readonly path: string } {
  const path = mkdtempSync(join(tmpdir(), `vaultwright-${prefix}-`));
  afterAll(() => rmSync(path, { recursive: true, force: true }));
  return { path };
}

/** True while `pid` runs; a zombie (exited, not yet reaped by its new parent) counts as gone. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return !/^State:\s+Z/m.test(status);
  } catch {
    return true; // no procfs (macOS): trust kill(0)
  }
}

/** Polls until `pid` is gone or `timeoutMs` passes; returns whether it is gone. */
export async function waitForProcessGone(pid: number, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}
