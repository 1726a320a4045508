import type { Logger } from '@qmo/sdk';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Schema } from './schema.js';

/**
 * The drizzle database the host's stores work on. PGlite and postgres-js both extend drizzle's
 * `PgDatabase`, so every query written against this type runs on either driver.
 */
export type QmoDatabase = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseKind = 'pglite' | 'postgres';

/** An open, migrated database. */
export interface DatabaseHandle {
  readonly kind: DatabaseKind;
  readonly db: QmoDatabase;
  /** Where the data lives, safe to log: the PGlite directory, "memory" or the URL without its password. */
  readonly location: string;
  close(): Promise<void>;
}

/** The part of the SDK logger the storage layer uses (the host's pino-backed logger fits). */
export type DatabaseLogger = Pick<Logger, 'debug' | 'info' | 'warn'>;
