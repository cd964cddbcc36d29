#!/usr/bin/env node
// The `vaultwright` command. Runs the compiled CLI, which `npm run build` (and `npm run demo`) make.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('vaultwright: not built yet; run `npm run build` (or `npm run demo`) in the project first\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
