// The `vaultwright` command line: parses arguments, runs one command, and maps failures to exit
// codes (2 for bad input, with one line naming the field and the value; 1 for anything else).
import { Command, CommanderError } from 'commander';
import { CommandFindingError, InvalidInputError } from '../errors.js';
import { registerAnalyzeCommand } from './commands/analyze.js';
import { registerBacktestCommand } from './commands/backtest.js';
import { registerSimulateCommand } from './commands/simulate.js';
import { registerValidateCommand } from './commands/validate.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export function buildProgram(io: CliIo): Command {
  const program = new Command('vaultwright')
    .description('Automated DeFi asset management: exact AMM and option math, backtests, vaults, a keeper.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();
  registerAnalyzeCommand(program, io);
  registerValidateCommand(program, io);
  registerSimulateCommand(program, io);
  registerBacktestCommand(program, io);
  return program;
}

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  return runProgram(buildProgram(io), argv, io);
}

/** Parses and runs one command on `program`, mapping every failure to its exit code. */
export async function runProgram(program: Command, argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) {
        return EXIT_OK;
      }
      return EXIT_BAD_INPUT;
    }
    if (error instanceof InvalidInputError) {
      io.stderr(`vaultwright: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof CommandFindingError) {
      io.stderr(`vaultwright: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    io.stderr(`vaultwright: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_FAILURE;
  }
}
