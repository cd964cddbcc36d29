/** A CLI io that keeps what a command printed, for tests. */
import type { CliIo } from '../../src/cli/main.js';

export function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
  };
  return io;
}
