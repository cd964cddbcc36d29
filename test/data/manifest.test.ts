// The project's copies of the market history are exactly the files the manifest names.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const manifest = readFileSync('data/MANIFEST.csv', 'utf8').trim().split('\n');
const header = manifest[0]!.split(',');
const pathColumn = header.indexOf('local_path');
const shaColumn = header.indexOf('sha256');

describe('data/MANIFEST.csv', () => {
  for (const line of manifest.slice(1)) {
    const cells = line.split(',');
    const path = cells[pathColumn]!;
    it(`sha256 of ${path}`, () => {
      const digest = createHash('sha256').update(readFileSync(`data/${path}`)).digest('hex');
      expect(digest).toBe(cells[shaColumn]);
    });
  }
});
