/**
 * The keeper's signing key, from an environment variable or a file the user names, never from
 * the repository: a key file inside the project tree would be one `git add` away from being
 * published. A file readable by group or others is refused for the same reason.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { relative, isAbsolute } from 'node:path';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { projectRoot } from '../data/project-paths.js';
import { InvalidInputError } from '../errors.js';

export const KEEPER_KEY_ENV = 'VAULTWRIGHT_KEEPER_KEY';

export type KeeperKeySource = { readonly env: string } | { readonly file: string };

export function loadKeeperAccount(source: KeeperKeySource, env: NodeJS.ProcessEnv = process.env): PrivateKeyAccount {
  if ('env' in source) {
    const value = env[source.env];
    if (value === undefined || value === '') throw new InvalidInputError(`env.${source.env}`, undefined, 'is not set');
    return accountFrom(`env.${source.env}`, value);
  }
  let path: string;
  try {
    path = realpathSync(source.file);
  } catch {
    throw new InvalidInputError('keyFile', source.file, 'does not exist');
  }
  const inside = relative(realpathSync(projectRoot()), path);
  if (!inside.startsWith('..') && !isAbsolute(inside)) {
    throw new InvalidInputError('keyFile', source.file, 'is inside the repository: keep keys outside the project tree');
  }
  if ((statSync(path).mode & 0o077) !== 0) {
    throw new InvalidInputError('keyFile', source.file, 'is readable by group or others: chmod 600 it');
  }
  return accountFrom('keyFile', readFileSync(path, 'utf8'));
}

function accountFrom(field: string, raw: string): PrivateKeyAccount {
  const key = raw.trim();
  // The value is never echoed back: an error message can end up in a log.
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new InvalidInputError(field, '(hidden)', 'must be a 0x-prefixed 32-byte hex private key');
  return privateKeyToAccount(key as `0x${string}`);
}
