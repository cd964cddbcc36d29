import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerSimulateCommand, type SimulateCommandOptions } from '../../src/cli/commands/simulate.js';
import { EXIT_FAILURE, main, runProgram } from '../../src/cli/main.js';
import { projectRoot } from '../../src/data/project-paths.js';
import { capture } from './capture.js';

const examples = join(projectRoot(), 'examples/scenarios');
const GBM = join(examples, 'gbm-eth-usdc.json');
const REPLAY = join(examples, 'replay-eth-hourly.json');

async function simulate(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await main(['simulate', ...args], io);
  return { code, out: io.out, err: io.err };
}

/** The command on its own program (so a test can reach the simulator), run by `main`'s runner. */
async function simulateWith(args: readonly string[], options: SimulateCommandOptions): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const program = new Command('vaultwright').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerSimulateCommand(program, io, options);
  const code = await runProgram(program, ['simulate', ...args], io);
  return { code, out: io.out, err: io.err };
}

/** Runs with process.stderr.isTTY forced to `tty` (the command asks the real stream, as the CLI writes there). */
async function withStderrTty<T>(tty: boolean, body: () => Promise<T>): Promise<T> {
  const before = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
  Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true, writable: true });
  try {
    return await body();
  } finally {
    if (before === undefined) delete (process.stderr as { isTTY?: boolean }).isTTY;
    else Object.defineProperty(process.stderr, 'isTTY', before);
  }
}

describe('vaultwright simulate', () => {
  it('runs the GBM example as JSON: the summary, a clean audit and a state hash', async () => {
    const { code, out, err } = await withStderrTty(false, () => simulate(['--scenario', GBM, '--blocks', '300', '--json']));
    expect(err).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(out);
    expect(Object.keys(summary)).toEqual([
      'scenario',
      'period',
      'externalPrice',
      'pools',
      'transactions',
      'gas',
      'lending',
      'perp',
      'options',
      'constantProduct',
      'conservation',
      'stateHash',
    ]);
    expect(summary.scenario).toEqual({ name: 'gbm-eth-usdc', file: GBM, seed: 42, blocks: 300 });
    expect(summary.period.blocks).toBe(300);
    expect(summary.period.simulatedDays).toBeCloseTo((300 * 12) / 86_400, 12);
    expect(summary.externalPrice.start).toBe(2000);
    const pool = summary.pools[0];
    expect(pool.id).toBe('WETH/USDC-0.05%');
    expect(pool.arbitrage.trades).toBeGreaterThan(0);
    expect(pool.noise.trades).toBeGreaterThan(0);
    expect(typeof pool.volume.token0In).toBe('string');
    expect(BigInt(pool.volume.token0In)).toBeGreaterThan(0n);
    expect(typeof summary.gas.burnedWei).toBe('string');
    expect(summary.gas.baseFeeGwei.min).toBeGreaterThan(0);
    expect(summary.lending.reserves.map((r: { asset: string }) => r.asset)).toEqual(['WETH', 'USDC']);
    expect(summary.perp).toBeNull();
    expect(summary.conservation).toEqual({ issues: 0, details: [] });
    expect(summary.stateHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is deterministic: two runs print the same bytes; another seed gives another state', async () => {
    const first = await simulate(['--scenario', GBM, '--blocks', '200', '--json']);
    const second = await simulate(['--scenario', GBM, '--blocks', '200', '--json']);
    expect(first.code).toBe(0);
    expect(second.out).toBe(first.out);
    const other = await simulate(['--scenario', GBM, '--blocks', '200', '--seed', '7', '--json']);
    expect(other.code).toBe(0);
    const a = JSON.parse(first.out);
    const b = JSON.parse(other.out);
    expect(b.scenario.seed).toBe(7);
    expect(b.stateHash).not.toBe(a.stateHash);
    expect(b.conservation.issues).toBe(0);
  });

  it('runs the replay example on the real price history', async () => {
    const { code, out, err } = await simulate(['--scenario', REPLAY, '--blocks', '300', '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(out);
    expect(summary.scenario.name).toBe('replay-eth-hourly');
    // The chain clock starts at the file's first candle, 2024-01-21 07:00 UTC.
    expect(summary.period.firstTimestamp).toBe('2024-01-21T07:00:12Z');
    expect(summary.period.lastTimestamp).toBe('2024-01-21T08:00:00Z');
    expect(summary.conservation.issues).toBe(0);
    expect(summary.pools[0].swaps).toBeGreaterThan(0);
  });

  it('prints tables for a person, ending with the audit and the state hash', async () => {
    const { code, out } = await simulate(['--scenario', GBM, '--blocks', '100']);
    expect(code).toBe(0);
    expect(out).toContain('Scenario gbm-eth-usdc');
    expect(out).toContain('WETH/USDC-0.05%');
    expect(out).toContain('base fee min / median / max (gwei)');
    expect(out).toContain('Conservation audit: 0 issues');
    const json = JSON.parse((await simulate(['--scenario', GBM, '--blocks', '100', '--json'])).out);
    expect(out.trimEnd().endsWith(`State hash: ${json.stateHash}`)).toBe(true);
  });

  it('prints the summary, then exits 1, when the books do not balance', async () => {
    const { code, out, err } = await simulateWith(['--scenario', GBM, '--blocks', '20', '--json'], {
      progress: false,
      // Tokens leave the pool's ledger account behind the pool's back.
      afterRun: (simulator) => simulator.ledger.transfer(simulator.pool('WETH/USDC-0.05%').address, 'thief', 'USDC', 1n),
    });
    expect(code).toBe(EXIT_FAILURE);
    const summary = JSON.parse(out);
    expect(summary.conservation.issues).toBe(1);
    expect(summary.conservation.details[0].what).toBe('pool WETH/USDC-0.05% USDC');
    expect(BigInt(summary.conservation.details[0].expected) - BigInt(summary.conservation.details[0].actual)).toBe(1n);
    expect(err).toBe('vaultwright: conservation audit failed: 1 issue(s), first: pool WETH/USDC-0.05% USDC\n');
  });

  describe('bad input exits 2 with one line naming what is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vaultwright-simulate-'));

    it('a scenario with a bad field names the field path and the value', async () => {
      const scenario = JSON.parse(readFileSync(GBM, 'utf8'));
      scenario.agents[1].slippageTolerance = -1;
      const file = join(dir, 'bad.json');
      writeFileSync(file, JSON.stringify(scenario));
      const { code, out, err } = await simulate(['--scenario', file, '--blocks', '10']);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toBe('vaultwright: invalid scenario.agents[1].slippageTolerance: -1 (must be >= 0)\n');
    });

    it('a missing file names the path', async () => {
      const file = join(dir, 'missing.json');
      const { code, err } = await simulate(['--scenario', file]);
      expect(code).toBe(2);
      expect(err).toContain(file);
      expect(err.trimEnd().split('\n')).toHaveLength(1);
    });

    it.each(['abc', '0', '1.5', '-3'])('--blocks %s', async (blocks) => {
      const { code, out, err } = await simulate(['--scenario', GBM, '--blocks', blocks]);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toContain(`invalid --blocks: "${blocks}"`);
    });

    it('a bad flag is reported before the file is read', async () => {
      const { code, err } = await simulate(['--scenario', join(dir, 'missing.json'), '--blocks', 'many']);
      expect(code).toBe(2);
      expect(err).toBe('vaultwright: invalid --blocks: "many" (must be a number)\n');
    });

    it('--seed that is not a whole number', async () => {
      const { code, err } = await simulate(['--scenario', GBM, '--seed', 'x']);
      expect(code).toBe(2);
      expect(err).toContain('invalid --seed: "x"');
    });

    it('no --scenario at all', async () => {
      const { code, err } = await simulate([]);
      expect(code).toBe(2);
      expect(err).toContain('--scenario');
    });
  });

  describe('progress', () => {
    it('prints nothing on stderr when stderr is not a terminal', async () => {
      const { code, err } = await withStderrTty(false, () => simulate(['--scenario', GBM, '--blocks', '50']));
      expect(code).toBe(0);
      expect(err).toBe('');
    });

    it('draws a bar on a terminal, clears it, and leaves stdout unchanged', async () => {
      const plain = await withStderrTty(false, () => simulate(['--scenario', GBM, '--blocks', '50', '--json']));
      const tty = await withStderrTty(true, () => simulate(['--scenario', GBM, '--blocks', '50', '--json']));
      expect(tty.code).toBe(0);
      expect(tty.err).toContain('block 50/50');
      expect(tty.err).toContain('100 %');
      expect(tty.err.endsWith('\r\x1b[K')).toBe(true);
      // At most one redraw per percent, plus the final clear (no timing is asserted).
      expect(tty.err.split('\r\x1b[K').length).toBeLessThanOrEqual(102);
      expect(tty.out).toBe(plain.out);
    });
  });
});
