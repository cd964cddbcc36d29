/**
 * A zod issue as the error a user reads: the field path from a prefix (`scenario.agents[1].pool`,
 * `config.vault.initialFunding.USDC`), the value found there, and the reason in plain words; an
 * unknown key is named by itself, so a typo points at the line to fix.
 */
import type { z } from 'zod';
import { InvalidInputError } from './errors.js';

export function fieldPath(prefix: string, path: readonly PropertyKey[]): string {
  let name = prefix;
  for (const key of path) name += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  return name;
}

export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

export function reasonOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `must have at least ${issue.minimum} ${issue.origin === 'array' ? 'entries' : 'characters'}`
        : `must be ${issue.inclusive === false ? '>' : '>='} ${issue.minimum}`;
    case 'too_big':
      return `must be ${issue.inclusive === false ? '<' : '<='} ${issue.maximum}`;
    case 'invalid_type':
      return `must be ${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return 'discriminator' in issue && Array.isArray((issue as { options?: unknown[] }).options)
        ? `must be one of ${((issue as { options: unknown[] }).options).map((v) => JSON.stringify(v)).join(', ')}`
        : issue.message;
    default:
      return issue.message;
  }
}

/** The first issue of a failed parse as an InvalidInputError naming `prefix` + its path. */
export function zodIssueError(prefix: string, data: unknown, error: z.ZodError): InvalidInputError {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const path = [...issue.path, issue.keys[0]!];
    return new InvalidInputError(fieldPath(prefix, path), valueAt(data, path), 'is not a known key (a typo?)');
  }
  return new InvalidInputError(fieldPath(prefix, issue.path), valueAt(data, issue.path), reasonOf(issue));
}
