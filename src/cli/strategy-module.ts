/**
 * `--strategy ./path/to/module.ts`: a user's strategy, loaded at run time with tsx (so a
 * TypeScript module runs without a build step) and checked for the members the engine calls.
 * The module exports the strategy as its default export or as `strategy`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidInputError } from '../errors.js';
import type { AnyStrategy } from '../strategy/registry.js';

const MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

/** A `--strategy` value that names a file rather than a registered strategy. */
export function isModulePath(value: string): boolean {
  return value.startsWith('.') || value.startsWith('/') || value.includes('\\') || MODULE_EXTENSIONS.some((ext) => value.endsWith(ext));
}

export async function loadStrategyModule(path: string, field = '--strategy'): Promise<{ strategy: AnyStrategy; file: string }> {
  const file = resolve(path);
  if (!MODULE_EXTENSIONS.some((ext) => file.endsWith(ext))) throw new InvalidInputError(field, path, `must be a module file ending in ${MODULE_EXTENSIONS.join(', ')}`);
  if (!existsSync(file)) throw new InvalidInputError(field, path, 'no such file');
  let loaded: Record<string, unknown>;
  try {
    // Loaded on demand: tsx registers a loader, which no other command needs to pay for at start-up.
    const { tsImport } = await import('tsx/esm/api');
    loaded = (await tsImport(pathToFileURL(file).href, { parentURL: import.meta.url })) as Record<string, unknown>;
  } catch (error) {
    throw new InvalidInputError(field, path, `cannot be loaded: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  return { strategy: checkStrategyShape(loaded, path, field), file };
}

/** The default export or the export named `strategy`, checked member by member. */
export function checkStrategyShape(loaded: Record<string, unknown>, path: string, field = '--strategy'): AnyStrategy {
  // A module tsx loads as CommonJS (a project without "type": "module") arrives wrapped once more:
  // its `default` is `module.exports`, which holds `default` and `strategy` in turn.
  const wrapped = loaded['default'] as Record<string, unknown> | undefined;
  const candidates = [loaded['strategy'], loaded['default'], wrapped?.['strategy'], wrapped?.['default']];
  const candidate = candidates.find(isStrategyLike) ?? loaded['strategy'] ?? loaded['default'];
  if (candidate === undefined || candidate === null || typeof candidate !== 'object') {
    throw new InvalidInputError(field, path, 'exports no strategy: export it as the default export or as `strategy`');
  }
  const s = candidate as Record<string, unknown>;
  const missing = (member: string, what: string): never => {
    throw new InvalidInputError(`strategy.${member} (in ${path})`, s[member], `must be ${what}`);
  };
  if (typeof s['name'] !== 'string' || s['name'] === '') missing('name', 'a non-empty string');
  const schema = s['paramsSchema'] as { safeParse?: unknown } | undefined;
  if (schema === undefined || schema === null || typeof schema.safeParse !== 'function') missing('paramsSchema', 'a zod schema (an object with safeParse)');
  if (typeof s['initialMemory'] !== 'function') missing('initialMemory', 'a function (params) => memory');
  if (typeof s['decide'] !== 'function') missing('decide', 'a function (view, book, params, memory) => { intents, memory }');
  return candidate as AnyStrategy;
}

function isStrategyLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { decide?: unknown }).decide === 'function' && 'paramsSchema' in value;
}
