import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveAuthSecret } from '../../src/auth/secret.js';

describe('resolveAuthSecret', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'qmo-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a secret once into <dataDir>/auth-secret (0600) and reuses it', () => {
    const first = resolveAuthSecret({ dataDir: dir, env: {} });
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = join(dir, 'auth-secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveAuthSecret({ dataDir: dir, env: {} })).toBe(first);
  });

  it('prefers the configured secret, then QMO_AUTH_SECRET, and writes no file then', () => {
    const fromEnv = 'e'.repeat(40);
    expect(resolveAuthSecret({ dataDir: dir, env: { QMO_AUTH_SECRET: fromEnv } })).toBe(fromEnv);
    expect(
      resolveAuthSecret({ secret: 'c'.repeat(32), dataDir: dir, env: { QMO_AUTH_SECRET: fromEnv } }),
    ).toBe('c'.repeat(32));
    expect(() => statSync(join(dir, 'auth-secret'))).toThrow();
  });

  it('refuses a short secret', () => {
    expect(() => resolveAuthSecret({ env: { QMO_AUTH_SECRET: 'short' } })).toThrow(/at least 32/);
    writeFileSync(join(dir, 'auth-secret'), 'tiny\n');
    expect(() => resolveAuthSecret({ dataDir: dir, env: {} })).toThrow(/shorter than 32/);
  });

  it('makes a process-only secret without a data folder', () => {
    const a = resolveAuthSecret({ env: {} });
    const b = resolveAuthSecret({ env: {} });
    expect(a).not.toBe(b);
  });
});
