import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { DatabaseHandle, DatabaseLogger } from './database.js';
import { DatabaseConnectionError } from './errors.js';
import { redactDatabaseUrl } from './redact-url.js';
import { schema } from './schema.js';

/** Any fixed number: hosts sharing a server take this advisory lock so only one migrates at a time. */
const MIGRATION_LOCK = 0x716d6f; // "qmo"

export interface OpenPostgresOptions {
  url: string;
  migrationsFolder: string;
  logger: DatabaseLogger;
  /** Pool size (default 10). */
  maxConnections?: number;
  /** Seconds to wait for a connection (default 10). */
  connectTimeout?: number;
}

/** Connects to a PostgreSQL server (postgres-js driver), checks it answers and applies the migrations. */
export async function openPostgres(options: OpenPostgresOptions): Promise<DatabaseHandle> {
  const location = redactDatabaseUrl(options.url);
  const clientOptions = {
    connect_timeout: options.connectTimeout ?? 10,
    onnotice: (notice: postgres.Notice) =>
      options.logger.debug('postgres notice', { message: notice.message }),
  };
  await migrateUnderLock(options, clientOptions, location);
  const client = postgres(options.url, { ...clientOptions, max: options.maxConnections ?? 10 });
  const db = drizzle({ client, schema });
  return { kind: 'postgres', db, location, close: () => client.end({ timeout: 5 }) };
}

async function migrateUnderLock(
  options: OpenPostgresOptions,
  clientOptions: postgres.Options<Record<string, never>>,
  location: string,
): Promise<void> {
  // One connection, so the session-level advisory lock and the migration share it.
  const client = postgres(options.url, { ...clientOptions, max: 1 });
  try {
    try {
      await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    } catch (error) {
      throw new DatabaseConnectionError(location, { cause: error });
    }
    await migrate(drizzle({ client, schema }), { migrationsFolder: options.migrationsFolder });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
