#!/usr/bin/env node
// Installs the project's dependencies when node_modules is missing or older than the lock file,
// so that `npm run demo` and `npm test` work on a fresh clone with nothing installed by hand.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const lockPath = 'package-lock.json';
const stampPath = 'node_modules/.vaultwright-install-stamp';
const lockHash = createHash('sha256').update(readFileSync(lockPath)).digest('hex');
const installed = existsSync(stampPath) && readFileSync(stampPath, 'utf8') === lockHash;
if (!installed) {
  process.stderr.write('vaultwright: installing dependencies (npm ci)...\n');
  execSync('npm ci --no-audit --no-fund', { stdio: ['ignore', 'inherit', 'inherit'] });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(stampPath, lockHash);
}
