import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anvilArgs, AnvilStartError, liveAnvilCount, resolveAnvilBinary, startAnvil } from '../../src/chain/anvil.js';
import { DEVNET_ADDRESSES, DEVNET_CHAIN_ID, devnetAccount } from '../../src/chain/accounts.js';
import { createDevnetClients, sendDevnetTransaction } from '../../src/chain/clients.js';
import { InvalidInputError } from '../../src/errors.js';
import { isProcessAlive, waitForProcessGone } from './helpers.js';

function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Runs the fixture in a child Node and resolves with the anvil pid/port it prints. */
function startChild(mode: 'crash' | 'wait') {
  const fixture = join(import.meta.dirname, 'fixtures', 'anvil-child.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const info = new Promise<{ pid: number; port: number }>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) resolve(JSON.parse(line) as { pid: number; port: number });
    });
    child.once('exit', () => reject(new Error(`fixture exited before printing: ${stderr}`)));
  });
  return { child, info, exited, stderr: () => stderr };
}

describe('anvil lifecycle', () => {
  it('starts on a free loopback port, answers with the devnet chain id and funded accounts, and stops cleanly', async () => {
    const before = liveAnvilCount();
    const anvil = await startAnvil();
    try {
      expect(anvil.rpcUrl).toBe(`http://127.0.0.1:${anvil.port}`);
      expect(liveAnvilCount()).toBe(before + 1);
      const { publicClient } = createDevnetClients(anvil.rpcUrl);
      expect(await publicClient.getChainId()).toBe(DEVNET_CHAIN_ID);
      const balance = await publicClient.getBalance({ address: DEVNET_ADDRESSES[0] });
      expect(balance).toBe(10_000n * 10n ** 18n);
      expect(await portAcceptsConnections(anvil.port)).toBe(true);
    } finally {
      await anvil.stop();
    }
    expect(isProcessAlive(anvil.pid)).toBe(false);
    // Not a port check: other test workers start anvils too, and one may already hold the freed port.
    expect(liveAnvilCount()).toBe(before);
    await anvil.stop(); // idempotent
  });

  it('runs two instances side by side on different ports', async () => {
    const [a, b] = await Promise.all([startAnvil(), startAnvil()]);
    try {
      expect(a.port).not.toBe(b.port);
      expect(await createDevnetClients(b.rpcUrl).publicClient.getBlockNumber()).toBe(0n);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('passes the deterministic flags, loopback only and --prune-history', () => {
    const args = anvilArgs(1234, { blockTimeSeconds: 2, genesisTimestamp: 1_700_000_000 });
    expect(args).toEqual(expect.arrayContaining(['--host', '127.0.0.1', '--port', '1234', '--prune-history', '--silent']));
    expect(args.join(' ')).toContain('--chain-id 31337');
    expect(args.join(' ')).toContain('--block-time 2');
    expect(args.join(' ')).toContain('--timestamp 1700000000');
    expect(anvilArgs(1, {})).not.toContain('--block-time');
  });

  it('derives the published anvil accounts from the public test mnemonic', () => {
    expect(devnetAccount(0).address).toBe(DEVNET_ADDRESSES[0]);
    expect(devnetAccount(9).address).toBe(DEVNET_ADDRESSES[9]);
    expect(() => devnetAccount(10)).toThrow(InvalidInputError);
  });

  it('honours a genesis timestamp and interval mining', async () => {
    const anvil = await startAnvil({ genesisTimestamp: 1_700_000_000, blockTimeSeconds: 1 });
    try {
      const clients = createDevnetClients(anvil.rpcUrl, { pollingIntervalMs: 10 });
      expect((await clients.publicClient.getBlock({ blockNumber: 0n })).timestamp).toBe(1_700_000_000n);
      // Without auto-mine the send resolves once the next interval block includes it.
      const receipt = await sendDevnetTransaction(clients, { from: DEVNET_ADDRESSES[0], to: DEVNET_ADDRESSES[1], data: '0x', value: 1n, gas: 21_000n });
      expect(receipt.status).toBe('success');
      expect(receipt.blockNumber).toBeGreaterThanOrEqual(1n);
    } finally {
      await anvil.stop();
    }
  });

  it('reports a failed start with anvil stderr and leaves nothing running', async () => {
    const before = liveAnvilCount();
    const error = await startAnvil({ extraArgs: ['--no-such-flag'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnvilStartError);
    expect((error as Error).message).toMatch(/exited during startup.*--no-such-flag/s);
    expect(liveAnvilCount()).toBe(before);
  });

  it('rejects bad options with InvalidInputError', async () => {
    await expect(startAnvil({ blockTimeSeconds: -1 })).rejects.toThrow(InvalidInputError);
    await expect(startAnvil({ genesisTimestamp: 1.5 })).rejects.toThrow(InvalidInputError);
    await expect(startAnvil({ noMining: true, blockTimeSeconds: 1 })).rejects.toThrow(InvalidInputError);
  });

  it('resolves the platform binary from the npm package', () => {
    expect(resolveAnvilBinary()).toMatch(/@foundry-rs[/\\]anvil-[a-z0-9]+-[a-z0-9]+[/\\]bin[/\\]anvil(\.exe)?$/);
  });

  it('kills anvil when its owner crashes with an uncaught exception', async () => {
    const run = startChild('crash');
    const { pid } = await run.info;
    const code = await run.exited;
    expect(code).not.toBe(0);
    expect(run.stderr()).toContain('deliberate crash');
    expect(await waitForProcessGone(pid)).toBe(true);
  });

  it('kills anvil even when its owner is killed with SIGKILL (no handler can run)', async () => {
    const run = startChild('wait');
    const { pid } = await run.info;
    expect(isProcessAlive(pid)).toBe(true);
    run.child.kill('SIGKILL');
    await run.exited;
    expect(await waitForProcessGone(pid)).toBe(true);
  });

  it('kills anvil when its owner gets SIGINT (Ctrl-C) or SIGTERM', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const run = startChild('wait');
      const { pid } = await run.info;
      expect(isProcessAlive(pid)).toBe(true);
      run.child.kill(signal);
      await run.exited;
      expect(run.child.signalCode).toBe(signal);
      expect(await waitForProcessGone(pid)).toBe(true);
    }
  });
});
