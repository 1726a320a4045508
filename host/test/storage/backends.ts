import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { type DatabaseHandle, openDatabase } from '../../src/db/index.js';

/** Storage tests run on PGlite always and on a real PostgreSQL server when DATABASE_URL is set. */
export interface TestBackend {
  readonly name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty database. */
  open(): Promise<TestDatabase>;
}

export interface TestDatabase extends DatabaseHandle {
  /** Empties every table (between tests sharing the database). */
  truncate(): Promise<void>;
}

/** Generous: a fresh PGlite runs initdb (3–4 s, ~15 s when packages test in parallel). */
export const STORAGE_TIMEOUT = 60_000;

export const databaseUrl = process.env.DATABASE_URL || undefined;

const pglite: TestBackend = {
  name: 'pglite',
  open: async () => withTruncate(await openDatabase()),
};

/**
 * The server at DATABASE_URL is shared: each `open` creates a database of its own there,
 * migrates it, and drops it on close.
 */
function postgresBackend(url: string): TestBackend {
  return {
    name: 'postgres',
    async open() {
      const name = `qmo_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      const admin = postgres(url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      const target = new URL(url);
      target.pathname = `/${name}`;
      try {
        const handle = await openDatabase({ databaseUrl: target.toString(), maxConnections: 4 });
        return withTruncate({
          ...handle,
          async close() {
            try {
              await handle.close();
            } finally {
              await admin.unsafe(`drop database if exists ${name} with (force)`);
              await admin.end();
            }
          },
        });
      } catch (error) {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
        throw error;
      }
    },
  };
}

function withTruncate(handle: DatabaseHandle): TestDatabase {
  return {
    ...handle,
    async truncate() {
      await handle.db.execute(sql`truncate table bars, plugin_kv, plugin_state`);
    },
  };
}

export const backends: TestBackend[] =
  databaseUrl === undefined ? [pglite] : [pglite, postgresBackend(databaseUrl)];
