import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerBacktestCommand } from '../../src/cli/commands/backtest.js';
import { EXIT_OK, runProgram, type CliIo } from '../../src/cli/main.js';

async function backtest(args: readonly string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIo = { stdout: (text) => void (out += text), stderr: () => undefined };
  const program = new Command('vaultwright').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerBacktestCommand(program, io, { progress: false });
  const code = await runProgram(program, ['backtest', ...args], io);
  return { code, out };
}

describe('vaultwright backtest --strategy <an option vault> (the default configs on real data)', () => {
  for (const name of ['covered-call', 'put-selling', 'straddle', 'iron-condor']) {
    it(`${name}: runs its default config and prints the premium, the settlement, the book Greeks and the pricing model`, async () => {
      const { code, out } = await backtest(['--strategy', name, '--blocks', '700']);
      expect(code).toBe(EXIT_OK);
      expect(out).toMatch(/^option premium +\d/m);
      expect(out).toMatch(/^option settlement \/ mark-to-market +-?\d/m);
      expect(out).toMatch(/^Book Greeks at the end: delta -?[\d.e-]+, gamma -?[\d.e-]+, vega -?[\d.e-]+ USDC per vol point, theta -?[\d.e-]+ USDC per day\.$/m);
      expect(out).toMatch(/^Options priced by: Black–Scholes–Merton at an implied vol = trailing 30-day realized vol/m);
    });
  }
});
