#!/usr/bin/env node
// The `vaultwright` command. Runs the compiled CLI; `npm run build` makes it.
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
