// A small CSV reader for the project's market-history files: untrusted input, so every row is
// validated against a zod schema at the edge, and a bad cell is reported with file, line and
// column name.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { InvalidInputError } from '../errors.js';

export function readCsv<Row>(path: string, rowSchema: z.ZodType<Row>): Row[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidInputError('data file', path, (error as NodeJS.ErrnoException).code ?? 'cannot be read');
  }
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((name) => name.trim());
  if (header.length < 2) throw new InvalidInputError('data file', path, 'has no CSV header');
  const rows: Row[] = [];
  for (let lineIndex = 1; lineIndex < lines.length; lineIndex++) {
    const line = lines[lineIndex]!;
    if (line.trim() === '') continue;
    const cells = line.split(',');
    if (cells.length !== header.length) {
      throw new InvalidInputError(`${path}:${lineIndex + 1}`, line, `expected ${header.length} columns, found ${cells.length}`);
    }
    const record: Record<string, string> = {};
    for (let column = 0; column < header.length; column++) record[header[column]!] = cells[column]!.trim();
    const parsed = rowSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.');
      throw new InvalidInputError(`${path}:${lineIndex + 1} column ${field}`, record[field], issue.message);
    }
    rows.push(parsed.data);
  }
  if (rows.length === 0) throw new InvalidInputError('data file', path, 'has no data rows');
  return rows;
}
