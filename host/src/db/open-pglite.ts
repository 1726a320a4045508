import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { DatabaseHandle } from './database.js';
import { withInstanceParsers } from './pglite-parsers.js';
import { schema } from './schema.js';

/**
 * Opens the embedded PostgreSQL (PGlite, WASM) and applies the migrations. With a `dataDir` the
 * files live in `<dataDir>/pglite` and survive a restart; without one the database is in memory.
 */
export async function openPglite(options: {
  dataDir?: string;
  migrationsFolder: string;
}): Promise<DatabaseHandle> {
  let location = 'memory';
  let client: PGlite;
  if (options.dataDir === undefined) {
    client = await PGlite.create();
  } else {
    location = join(options.dataDir, 'pglite');
    mkdirSync(location, { recursive: true });
    client = await PGlite.create(location);
  }
  try {
    const db = drizzle({ client: withInstanceParsers(client), schema });
    await migrate(db, { migrationsFolder: options.migrationsFolder });
    return { kind: 'pglite', db, location, close: () => client.close() };
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
}
