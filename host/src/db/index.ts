export { DrizzleBarStore, type DrizzleBarStoreOptions } from './bar-store.js';
export type { DatabaseHandle, DatabaseKind, DatabaseLogger, QmoDatabase } from './database.js';
export { DatabaseConnectionError, InvalidBarError } from './errors.js';
export { defaultMigrationsFolder } from './migrations-folder.js';
export { type OpenDatabaseOptions, openDatabase } from './open-database.js';
export { DrizzlePluginStorageProvider } from './plugin-storage.js';
export { redactDatabaseUrl } from './redact-url.js';
export * as dbSchema from './schema.js';
