import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerValidateCommand, ValidationFailedError, type ValidateCommandOptions } from '../../../src/cli/commands/validate.js';
import { EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, runProgram, type CliIo } from '../../../src/cli/main.js';
import { compareToTheory, type ValidationExperiment } from '../../../src/research/validation/index.js';

interface Captured {
  code: number;
  out: string;
  err: string;
}

/** The command on its own program (so a test can inject experiments), run by `main`'s runner. */
async function run(argv: readonly string[], options: ValidateCommandOptions = { progress: false }): Promise<Captured> {
  const captured = { code: EXIT_OK, out: '', err: '' };
  const io: CliIo = {
    stdout: (text) => {
      captured.out += text;
    },
    stderr: (text) => {
      captured.err += text;
    },
  };
  const program = new Command('vaultwright').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerValidateCommand(program, io, options);
  captured.code = await runProgram(program, ['validate', ...argv], io);
  return captured;
}

const QUICK = ['--experiment', 'concentrated-il', '--blocks', '300'];

describe('vaultwright validate', () => {
  it('prints the reports as JSON and exits 0 when every check passes', async () => {
    const { code, out, err } = await run([...QUICK, '--json', '--seed', '7', '--sigma', '0.5']);
    expect(err).toBe('');
    expect(code).toBe(EXIT_OK);
    const run0 = JSON.parse(out);
    expect(run0.verdict).toBe('pass');
    expect(run0.reports).toHaveLength(1);
    const [report] = run0.reports;
    expect(report.id).toBe('concentrated-il');
    expect(report.params).toMatchObject({ blocks: 300, seed: 7, volAnnual: 0.5 });
    for (const result of report.results) {
      expect(Object.keys(result).sort()).toEqual(
        ['details', 'id', 'quantity', 'relativeError', 'simulated', 'theory', 'tolerance', 'verdict'].sort(),
      );
      expect(typeof result.theory).toBe('number');
      expect(typeof result.simulated).toBe('number');
      expect(result.verdict).toBe('pass');
    }
  });

  it('prints a table for a person', async () => {
    const { code, out } = await run(QUICK);
    expect(code).toBe(EXIT_OK);
    for (const column of ['check', 'quantity', 'theory', 'simulated', 'rel. error', 'tolerance', 'verdict']) expect(out).toContain(column);
    expect(out).toContain('concentrated-il.curve');
    expect(out).toContain('2 of 2 checks passed: PASS');
  });

  it('is deterministic: the same flags give the same bytes', async () => {
    const a = await run([...QUICK, '--json']);
    const b = await run([...QUICK, '--json']);
    expect(a.out).toBe(b.out);
  });

  it('runs every experiment with the knobs given', async () => {
    const { code, out } = await run(['--blocks', '300', '--paths', '300', '--hedges', '10', '--json']);
    expect(code).toBe(EXIT_OK);
    const parsed = JSON.parse(out);
    expect(parsed.reports.map((r: { id: string }) => r.id)).toEqual(['lvr', 'delta-hedge', 'concentrated-il', 'lending-indexes']);
    expect(parsed.reports[1].params).toMatchObject({ paths: 300, hedges: 10 });
    expect(parsed.reports[3].params).toMatchObject({ blocks: 300 });
  });

  it.each([
    [['--sigma', 'abc'], '--sigma'],
    [['--sigma', '0'], '--sigma'],
    [['--sigma', '9'], '--sigma'],
    [['--blocks', '0'], '--blocks'],
    [['--blocks', '1.5'], '--blocks'],
    [['--seed', '-1'], '--seed'],
    [['--paths', '1'], '--paths'],
    [['--hedges', 'x'], '--hedges'],
    [['--experiment', 'nope'], '--experiment'],
  ])('refuses %j with exit code 2 naming the flag', async (flags, flag) => {
    const { code, out, err } = await run(flags);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(out).toBe('');
    expect(err).toContain(flag);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  it('refuses an unknown option with exit code 2', async () => {
    expect((await run(['--sigmaa', '1'])).code).toBe(EXIT_BAD_INPUT);
  });

  it('exits 1 when the physics fails a check, after printing the table', async () => {
    const failing: ValidationExperiment = {
      id: 'wrong-lvr',
      title: 'a deliberately wrong theory',
      knobs: [],
      run: () => ({
        id: 'wrong-lvr',
        title: 'σ²/4',
        reference: 'none',
        params: {},
        results: [compareToTheory('wrong-lvr.rate', 'LVR vs σ²/4', 0.16, 0.08, 0.01)],
      }),
    };
    const { code, out, err } = await run([], { registry: [failing], progress: false });
    expect(code).toBe(EXIT_FAILURE);
    expect(out).toContain('wrong-lvr.rate');
    expect(out).toContain('FAIL');
    expect(err).toBe('vaultwright: validation failed: wrong-lvr.rate\n');
    expect(new ValidationFailedError(['a', 'b']).message).toBe('validation failed: a, b');
  });

  it('shows progress on stderr only when asked (a terminal), and clears it', async () => {
    const quiet = await run(QUICK, { progress: false });
    expect(quiet.err).toBe('');
    const loud = await run(QUICK, { progress: true });
    expect(loud.err).toContain('validate: concentrated-il 100 %');
    expect(loud.err.endsWith('\r\x1b[K')).toBe(true);
    expect(loud.out).toBe(quiet.out);
  });
});
