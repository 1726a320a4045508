import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigInvalidError } from '@qmo/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, resolveConfig } from '../../src/config/load-config.js';

const dirs: string[] = [];
function configDir(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'qmo-config-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'qmo.config.ts'), source);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigInvalidError);
    return (error as ConfigInvalidError).issues;
  }
  throw new Error('expected a ConfigInvalidError');
}

describe('configuration', () => {
  it('defaults to port 8000, PGlite in .qmo-data and the plugins folder', () => {
    const { config, dataDir } = resolveConfig({}, null, '/srv/qmo');
    expect(config.port).toBe(8000);
    expect(config.databaseUrl).toBeUndefined();
    expect(dataDir).toBe('/srv/qmo/.qmo-data');
    expect(config.plugins.search).toEqual(['./plugins']);
    expect(config.branding.productName).toBe('QMO');
  });

  it('reads qmo.config.ts (TypeScript) and resolves the data folder against it', async () => {
    const dir = configDir(`
      const port: number = 9100;
      export default { port, dataDir: 'state', branding: { productName: 'Acme Trading', colors: { primary: '#ff6600' } } };
    `);
    const loaded = await loadConfig(dir, {}, {});
    expect(loaded.config.port).toBe(9100);
    expect(loaded.dataDir).toBe(join(dir, 'state'));
    expect(loaded.config.branding).toEqual({
      productName: 'Acme Trading',
      logoUrl: null,
      colors: { primary: '#ff6600' },
    });
  });

  it('lets the environment override the file, and flags override the environment', async () => {
    const dir = configDir('export default { port: 9100 };');
    const env = { PORT: '9200', QMO_DATA_DIR: '/var/qmo', DATABASE_URL: 'postgres://db.internal/qmo' };
    const fromEnv = await loadConfig(dir, {}, env);
    expect(fromEnv.config.port).toBe(9200);
    expect(fromEnv.dataDir).toBe('/var/qmo');
    expect(fromEnv.config.databaseUrl).toBe('postgres://db.internal/qmo');
    const fromFlags = await loadConfig(dir, { port: 9300, dataDir: 'here' }, env);
    expect(fromFlags.config.port).toBe(9300);
    expect(fromFlags.dataDir).toBe(join(dir, 'here'));
  });

  it('stops with a message naming each invalid key and what was expected', () => {
    const issues = issuesOf(() =>
      resolveConfig(
        {
          port: 'eighty',
          marketData: { staleAfterMs: -1 },
          branding: { colors: { primary: 'not a colour!' } },
          plugins: { serch: [] },
        },
        null,
        '/x',
      ),
    );
    expect(issues.map((i) => i.path).sort()).toEqual([
      'branding.colors.primary',
      'marketData.staleAfterMs',
      'plugins',
      'port',
    ]);
    expect(issues.find((i) => i.path === 'port')?.message).toMatch(/number/);
    expect(issues.find((i) => i.path === 'plugins')?.message).toMatch(/serch/);
  });

  it('refuses a PORT that is not a number and a DATABASE_URL that is not postgres://', () => {
    expect(issuesOf(() => resolveConfig({}, null, '/x', {}, { PORT: 'abc' })).map((i) => i.path)).toEqual([
      'port',
    ]);
    expect(
      issuesOf(() => resolveConfig({}, null, '/x', {}, { DATABASE_URL: 'mysql://x' })).map((i) => i.path),
    ).toEqual(['databaseUrl']);
  });

  it('names a configuration file that does not exist', async () => {
    await expect(loadConfig(tmpdir(), { configFile: 'missing.config.ts' }, {})).rejects.toThrow(/not found/);
  });
});
