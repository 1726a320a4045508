import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { type DatabaseHandle, openDatabase, type QmoDatabase } from '../../src/db/index.js';

/** Storage tests run on PGlite always and on a real PostgreSQL server when DATABASE_URL is set. */
export interface TestBackend {
  readonly name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty database. */
  open(): Promise<TestDatabase>;
}

export interface TestDatabase extends DatabaseHandle {
  /** Empties every table (between tests sharing the database). */
  truncate(): Promise<void>;
  /**
   * PostgreSQL only: a second, independent handle (its own connection pool) on the same database,
   * as another host process would have. The caller closes it.
   */
  openAnother?(): Promise<DatabaseHandle>;
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
          openAnother: () => openDatabase({ databaseUrl: target.toString(), maxConnections: 4 }),
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

function withTruncate(handle: DatabaseHandle & Pick<TestDatabase, 'openAnother'>): TestDatabase {
  return {
    ...handle,
    truncate: () => truncateAll(handle.db),
  };
}

/** Tables whose triggers refuse TRUNCATE (migrations 0002 and 0005). */
const APPEND_ONLY_TABLES = ['audit_log', 'fix_messages'];

/**
 * Empties every table of the public schema (the migrations journal lives in the `drizzle` schema).
 * The audit log and the FIX message log refuse TRUNCATE by trigger; as their owner the test switches that off for the
 * statement, in the same transaction, so a failure cannot leave it off.
 */
export async function truncateAll(db: QmoDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    const tables = await tx
      .select({ name: sql<string>`tablename` })
      .from(sql`pg_tables`)
      .where(sql`schemaname = 'public'`);
    if (tables.length === 0) return;
    const appendOnly = tables.filter((t) => APPEND_ONLY_TABLES.includes(t.name));
    for (const t of appendOnly)
      await tx.execute(sql`alter table ${sql.identifier(t.name)} disable trigger user`);
    const list = sql.join(
      tables.map((t) => sql.identifier(t.name)),
      sql`, `,
    );
    await tx.execute(sql`truncate table ${list} restart identity cascade`);
    for (const t of appendOnly)
      await tx.execute(sql`alter table ${sql.identifier(t.name)} enable trigger user`);
  });
}

export const backends: TestBackend[] =
  databaseUrl === undefined ? [pglite] : [pglite, postgresBackend(databaseUrl)];
