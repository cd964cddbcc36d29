// Reads the published reference vectors (a copy of ../shared/vectors/quant.json kept in the
// project so the tests run without ../shared).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Vectors = any;

let cached: Vectors | undefined;

export function loadQuantVectors(): Vectors {
  cached ??= JSON.parse(readFileSync(fileURLToPath(new URL('./quant.json', import.meta.url)), 'utf8'));
  return cached;
}
