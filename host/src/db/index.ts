export { AUDIT_APPEND_LOCK } from './audit-append.js';
export { type AuditChainBreak, AuditChainChecker, auditRecordHash, GENESIS_HASH } from './audit-chain.js';
export {
  AUDIT_CSV_COLUMNS,
  AUDIT_EXPORT_CONTENT_TYPES,
  AUDIT_EXPORT_FORMATS,
  type AuditExportFormat,
  exportAuditRecords,
} from './audit-export.js';
export { DrizzleAuditJournal, type DrizzleAuditJournalOptions } from './audit-journal.js';
export { DrizzleBarStore, type DrizzleBarStoreOptions } from './bar-store.js';
export { canonicalJson } from './canonical-json.js';
export type { DatabaseHandle, DatabaseKind, DatabaseLogger, QmoDatabase } from './database.js';
export { DatabaseConnectionError, DuplicateClientOrderIdError, InvalidBarError } from './errors.js';
export {
  DrizzleFixStore,
  type FixMessageQuery,
  type FixMessageRecord,
  type FixPendingChange,
  type NewFixMessage,
  type WorkingLink,
} from './fix-store.js';
export { defaultMigrationsFolder } from './migrations-folder.js';
export { type OpenDatabaseOptions, openDatabase } from './open-database.js';
export { DrizzlePluginStorageProvider } from './plugin-storage.js';
export { DrizzlePreferenceStore, type PreferenceRecord } from './preference-store.js';
export { redactDatabaseUrl } from './redact-url.js';
export * as dbSchema from './schema.js';
export { type AccountInput, DrizzleTradingStore, type DrizzleTradingStoreOptions } from './trading-store.js';
