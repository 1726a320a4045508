import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DrizzlePreferenceStore, dbSchema } from '../../src/db/index.js';
import { backends, STORAGE_TIMEOUT, type TestDatabase } from './backends.js';

const user = (id: string) => ({ id, name: id, email: `${id}@prefs.test` });

describe.each(backends)('user preferences on $name', { timeout: STORAGE_TIMEOUT }, (backend) => {
  let database: TestDatabase;
  let store: DrizzlePreferenceStore;

  beforeAll(async () => {
    database = await backend.open();
    store = new DrizzlePreferenceStore(database.db);
  }, STORAGE_TIMEOUT);
  afterAll(async () => {
    await database?.close();
  }, STORAGE_TIMEOUT);
  beforeEach(async () => {
    await database.truncate();
    await database.db.insert(dbSchema.authUsers).values([user('u1'), user('u2')]);
  });

  it('reads null before the first write, then the value as written', async () => {
    expect(await store.get('u1', 'chart.indicators')).toEqual({
      key: 'chart.indicators',
      value: null,
      updatedAt: null,
    });
    const value = { version: 1, items: [{ id: 'sma', params: { period: 20 }, visible: true }] };
    expect(await store.put('u1', 'chart.indicators', value, 1_000)).toEqual({
      key: 'chart.indicators',
      value,
      updatedAt: 1_000,
    });
    expect(await store.get('u1', 'chart.indicators')).toEqual({
      key: 'chart.indicators',
      value,
      updatedAt: 1_000,
    });
  });

  it('replaces a value, keeps JSON null and scalars as values, and keeps users apart', async () => {
    await store.put('u1', 'k', [1, 2], 1);
    await store.put('u2', 'k', 'theirs', 2);
    await store.put('u1', 'k', null, 3);
    expect(await store.get('u1', 'k')).toEqual({ key: 'k', value: null, updatedAt: 3 });
    expect(await store.get('u2', 'k')).toEqual({ key: 'k', value: 'theirs', updatedAt: 2 });
    await store.put('u1', 'n', 42, 4);
    expect((await store.get('u1', 'n')).value).toBe(42);
  });

  it('removes the preferences with their user', async () => {
    await store.put('u2', 'k', { a: 1 }, 1);
    await database.db.delete(dbSchema.authUsers);
    expect((await store.get('u2', 'k')).value).toBeNull();
  });
});
