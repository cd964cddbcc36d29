// Locates the project's own files (data/, contracts/) whether the code runs from src/ under
// tsx/vitest or from dist/src/ after a build: walk up to the package.json named vaultwright.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

export function projectRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'vaultwright') {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('vaultwright: cannot find the package root (package.json named "vaultwright")');
    dir = parent;
  }
}

/** Absolute path of a file under the project's data/ folder. */
export function dataPath(relative: string): string {
  return join(projectRoot(), 'data', relative);
}

/** The hourly ETH/USDT history that the demo and the default backtests run on. */
export const DEFAULT_ETH_HOURLY = 'prices/binance_ethusdt_1h_2024-01-21_2026-01-20.csv';
