import type { DatabaseHandle, DatabaseLogger } from './database.js';
import { defaultMigrationsFolder } from './migrations-folder.js';
import { openPglite } from './open-pglite.js';
import { openPostgres } from './open-postgres.js';

export interface OpenDatabaseOptions {
  /** The host's data directory; PGlite keeps its files in `<dataDir>/pglite`. Without it (and without a URL) PGlite runs in memory. */
  dataDir?: string;
  /** `postgres://user:pass@host:5432/db`: use this PostgreSQL server instead of PGlite. */
  databaseUrl?: string;
  logger?: DatabaseLogger;
  /** Where the drizzle-kit migrations are; defaults to the package's `drizzle/` folder. */
  migrationsFolder?: string;
  /** PostgreSQL only: pool size (default 10). */
  maxConnections?: number;
}

const quiet: DatabaseLogger = { debug() {}, info() {}, warn() {} };

/**
 * Opens the host's database and brings its schema up to date: a PostgreSQL server when
 * `databaseUrl` is given, otherwise the embedded PGlite. An unreachable server fails with a
 * `DatabaseConnectionError` naming the URL without its password.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  const logger = options.logger ?? quiet;
  const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder();
  const started = performance.now();
  const handle =
    options.databaseUrl !== undefined && options.databaseUrl !== ''
      ? await openPostgres({
          url: options.databaseUrl,
          migrationsFolder,
          logger,
          maxConnections: options.maxConnections,
        })
      : await openPglite({ dataDir: options.dataDir, migrationsFolder });
  logger.info('database ready', {
    kind: handle.kind,
    location: handle.location,
    ms: Math.round(performance.now() - started),
  });
  return handle;
}
