// The `vaultwright` command line.
export async function main(argv: readonly string[]): Promise<number> {
  process.stdout.write(`vaultwright: ${argv.join(' ')}\n`);
  return 0;
}
