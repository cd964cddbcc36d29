#!/usr/bin/env node
// Compiles contracts/**/*.sol with solc-js (through src/chain/compile.ts), using the content-hash
// cache in .cache/solc, and prints one JSON summary line. Exit 1 on a compile error, listing each
// error as file:line:column. Runs the TypeScript source through tsx in a checkout, or the built
// dist/ when tsx is absent (an installed package).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const force = process.argv.includes('--force');

async function loadCompiler() {
  const source = `${root}src/chain/compile.ts`;
  if (existsSync(source)) {
    try {
      const { tsImport } = await import('tsx/esm/api');
      return await tsImport(pathToFileURL(source).href, import.meta.url);
    } catch (error) {
      if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    }
  }
  const built = `${root}dist/src/chain/compile.js`;
  if (!existsSync(built)) {
    throw new Error('neither tsx (to run src/chain/compile.ts) nor dist/src/chain/compile.js is available; run npm ci');
  }
  return import(pathToFileURL(built).href);
}

try {
  const { compileContracts } = await loadCompiler();
  const result = compileContracts({ root, force });
  for (const w of result.warnings) process.stderr.write(`warning: ${w.text}\n`);
  // The summary goes to stderr: this runs inside `npm run demo`, whose stdout is the user's output.
  process.stderr.write(
    `${JSON.stringify({
      contracts: Object.keys(result.contracts),
      cached: result.cached,
      compilerVersion: result.compilerVersion,
      hash: result.hash,
      durationMs: Math.round(result.durationMs * 100) / 100,
      warnings: result.warnings.length,
    })}\n`,
  );
} catch (error) {
  process.stderr.write(`compile-contracts: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
