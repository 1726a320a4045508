import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DatabaseConnectionError,
  DrizzleBarStore,
  DrizzlePluginStorageProvider,
  defaultMigrationsFolder,
  openDatabase,
  redactDatabaseUrl,
} from '../../src/db/index.js';
import { databaseUrl, STORAGE_TIMEOUT } from './backends.js';
import { btcusd } from './bars.fixture.js';

describe('openDatabase with PGlite', { timeout: STORAGE_TIMEOUT }, () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'qmo-db-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps its files in <dataDir>/pglite, and the data survives close and reopen', async () => {
    const first = await openDatabase({ dataDir: join(dataDir, 'not-yet-there') });
    expect(first.kind).toBe('pglite');
    expect(first.location).toBe(join(dataDir, 'not-yet-there', 'pglite'));
    await new DrizzleBarStore(first.db).upsert(btcusd);
    await new DrizzlePluginStorageProvider(first.db).forPlugin('gann').set('k', { v: '1.5' });
    await first.close();
    expect(existsSync(join(dataDir, 'not-yet-there', 'pglite', 'PG_VERSION'))).toBe(true);

    const logged: unknown[] = [];
    const logger = {
      debug() {},
      info: (message: string, fields?: unknown) => logged.push({ message, fields }),
      warn() {},
    };
    const second = await openDatabase({ dataDir: join(dataDir, 'not-yet-there'), logger });
    try {
      expect(await new DrizzleBarStore(second.db).latest('BTC-USD')).toEqual(btcusd[2]);
      expect(await new DrizzlePluginStorageProvider(second.db).forPlugin('gann').get('k')).toEqual({
        v: '1.5',
      });
      // The migrations ran once: reopening applied nothing twice.
      const applied = await second.db
        .select({ n: sql<number>`count(*)::int` })
        .from(sql`drizzle.__drizzle_migrations`);
      const journal = JSON.parse(
        readFileSync(join(defaultMigrationsFolder(), 'meta', '_journal.json'), 'utf8'),
      ) as { entries: unknown[] };
      expect(applied).toEqual([{ n: journal.entries.length }]);
      expect(logged).toEqual([
        { message: 'database ready', fields: expect.objectContaining({ kind: 'pglite' }) },
      ]);
    } finally {
      await second.close();
    }
  });

  it('finds the committed migrations from the source tree', () => {
    expect(existsSync(join(defaultMigrationsFolder(), 'meta', '_journal.json'))).toBe(true);
  });
});

describe('openDatabase with a PostgreSQL URL', { timeout: STORAGE_TIMEOUT }, () => {
  it('names an unreachable server without its password', async () => {
    const error = await openDatabase({ databaseUrl: 'postgres://qmo:s3cret@127.0.0.1:1/qmo' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseConnectionError);
    const message = (error as Error).message;
    expect(message).toContain('postgres://qmo@127.0.0.1:1/qmo');
    expect(message).not.toContain('s3cret');
    expect((error as DatabaseConnectionError).url).toBe('postgres://qmo@127.0.0.1:1/qmo');
  });

  it.runIf(databaseUrl !== undefined)('lets several hosts start on one fresh database at once', async () => {
    const postgres = (await import('postgres')).default;
    const admin = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
    const name = `qmo_test_${process.pid}_concurrent`;
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
    try {
      const url = new URL(databaseUrl!);
      url.pathname = `/${name}`;
      const handles = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: url.toString() })));
      expect(handles.map((h) => h.kind)).toEqual(['postgres', 'postgres', 'postgres']);
      await new DrizzleBarStore(handles[0]!.db).upsert(btcusd);
      expect(await new DrizzleBarStore(handles[2]!.db).latest('BTC-USD')).toEqual(btcusd[2]);
      await Promise.all(handles.map((h) => h.close()));
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});

describe('redactDatabaseUrl', () => {
  it('removes the password, also one given as a parameter', () => {
    expect(redactDatabaseUrl('postgres://u:p%40ss@db.example:5432/qmo?sslmode=require')).toBe(
      'postgres://u@db.example:5432/qmo?sslmode=require',
    );
    expect(redactDatabaseUrl('postgres://db/qmo?user=u&password=hunter2')).toBe(
      'postgres://db/qmo?user=u&password=redacted',
    );
    expect(redactDatabaseUrl('not a url :pass@')).toBe('<unparseable database URL>');
  });
});
