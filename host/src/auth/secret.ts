import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const AUTH_SECRET_ENV = 'QMO_AUTH_SECRET';
export const AUTH_SECRET_FILE = 'auth-secret';
/** better-auth refuses shorter secrets in production. */
export const MIN_SECRET_LENGTH = 32;

export interface ResolveAuthSecretOptions {
  /** A secret from the configuration; wins over everything else. */
  secret?: string | undefined;
  /** The host's data folder; the generated secret is kept in `<dataDir>/auth-secret`. */
  dataDir?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

/**
 * The key that signs session cookies: the configured secret, else `QMO_AUTH_SECRET`, else the one
 * generated on first start and kept in `<dataDir>/auth-secret` (mode 0600). Several hosts sharing
 * one PostgreSQL must share it: set `QMO_AUTH_SECRET` on each. Without a data folder (in-memory
 * database) a fresh secret is made for this process only.
 */
export function resolveAuthSecret(options: ResolveAuthSecretOptions = {}): string {
  const env = options.env ?? process.env;
  const given = options.secret ?? env[AUTH_SECRET_ENV];
  if (given !== undefined && given !== '') {
    if (given.length < MIN_SECRET_LENGTH) {
      throw new Error(`${AUTH_SECRET_ENV} must be at least ${MIN_SECRET_LENGTH} characters long`);
    }
    return given;
  }
  if (options.dataDir === undefined) return generateSecret();
  const file = join(options.dataDir, AUTH_SECRET_FILE);
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length < MIN_SECRET_LENGTH)
      throw new Error(`${file} holds a secret shorter than ${MIN_SECRET_LENGTH} characters`);
    return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(options.dataDir, { recursive: true });
  const secret = generateSecret();
  try {
    // 'wx': never overwrite a secret another process wrote in the meantime.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
  chmodSync(file, 0o600);
  return secret;
}

function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}
