import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DrizzlePluginStorageProvider } from '../../src/db/index.js';
import { pluginKv } from '../../src/db/schema.js';
import { backends, STORAGE_TIMEOUT, type TestDatabase } from './backends.js';

describe.each(backends)('DrizzlePluginStorageProvider on $name', { timeout: STORAGE_TIMEOUT }, (backend) => {
  let database: TestDatabase;
  let provider: DrizzlePluginStorageProvider;

  beforeAll(async () => {
    database = await backend.open();
    provider = new DrizzlePluginStorageProvider(database.db);
  }, STORAGE_TIMEOUT);
  afterAll(async () => {
    await database?.close();
  }, STORAGE_TIMEOUT);
  beforeEach(async () => {
    await database.truncate();
  });

  it('gets what was set, as JSON', async () => {
    const storage = provider.forPlugin('gann');
    const value = {
      levels: ['1.0850', '1.0900'],
      anchor: { ts: 1_767_607_200_000, price: '1.08' },
      on: true,
      n: 0.1,
    };
    await storage.set('settings', value);
    expect(await storage.get('settings')).toEqual(value);
    await storage.set('count', 42);
    await storage.set('name', 'astro "wheel"');
    await storage.set('nothing', null);
    await storage.set('list', [1, 'two', [3]]);
    expect(await storage.get('count')).toBe(42);
    expect(await storage.get('name')).toBe('astro "wheel"');
    expect(await storage.get('nothing')).toBeNull();
    expect(await storage.get('list')).toEqual([1, 'two', [3]]);
    expect(await storage.get('missing')).toBeUndefined();
    // Stored as JSON values, not as JSON text inside a JSON string.
    const types = await database.db
      .select({ key: pluginKv.key, type: sql<string>`jsonb_typeof(${pluginKv.value})` })
      .from(pluginKv)
      .orderBy(pluginKv.key);
    expect(types).toEqual([
      { key: 'count', type: 'number' },
      { key: 'list', type: 'array' },
      { key: 'name', type: 'string' },
      { key: 'nothing', type: 'null' },
      { key: 'settings', type: 'object' },
    ]);
  });

  it('clones through JSON like the SDK memory storage', async () => {
    const storage = provider.forPlugin('gann');
    await storage.set('when', { at: new Date(Date.UTC(2026, 0, 5)), skipped: undefined });
    expect(await storage.get('when')).toEqual({ at: '2026-01-05T00:00:00.000Z' });
    await storage.set('when', undefined);
    expect(await storage.get('when')).toBeUndefined();
    expect(await storage.keys()).toEqual([]);
  });

  it('replaces a value set again', async () => {
    const storage = provider.forPlugin('gann');
    await storage.set('k', { v: 1 });
    await storage.set('k', 'two');
    expect(await storage.get('k')).toBe('two');
    expect(await storage.keys()).toEqual(['k']);
  });

  it('deletes a key, and deleting a missing key is no error', async () => {
    const storage = provider.forPlugin('gann');
    await storage.set('a', 1);
    await storage.delete('a');
    await storage.delete('never-set');
    expect(await storage.get('a')).toBeUndefined();
  });

  it('lists keys sorted, optionally by prefix (no LIKE wildcards)', async () => {
    const storage = provider.forPlugin('gann');
    for (const key of ['levels/EURUSD', 'levels/BTC-USD', 'anchor', 'levels_x', 'levels%', 'Levels/upper']) {
      await storage.set(key, true);
    }
    expect(await storage.keys()).toEqual([
      'Levels/upper',
      'anchor',
      'levels%',
      'levels/BTC-USD',
      'levels/EURUSD',
      'levels_x',
    ]);
    expect(await storage.keys('levels/')).toEqual(['levels/BTC-USD', 'levels/EURUSD']);
    expect(await storage.keys('levels%')).toEqual(['levels%']);
    expect(await storage.keys('levels_')).toEqual(['levels_x']);
    expect(await storage.keys('zzz')).toEqual([]);
  });

  it('keeps each plugin in its own namespace', async () => {
    const gann = provider.forPlugin('gann');
    const astro = provider.forPlugin('astro');
    await gann.set('shared-name', 'gann');
    await astro.set('shared-name', 'astro');
    await astro.set('only-astro', 1);
    expect(await gann.get('shared-name')).toBe('gann');
    expect(await astro.get('shared-name')).toBe('astro');
    expect(await gann.get('only-astro')).toBeUndefined();
    expect(await gann.keys()).toEqual(['shared-name']);
    await gann.delete('shared-name');
    expect(await astro.get('shared-name')).toBe('astro');
    expect(await provider.forPlugin('gann').keys()).toEqual([]);
  });
});
