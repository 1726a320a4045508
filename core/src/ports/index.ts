export type { AuditEntry, AuditJournal, AuditQuery, AuditVerification } from './audit-journal.js';
export type { BarStore } from './bar-store.js';
export type { PluginStorageProvider } from './plugin-storage-provider.js';
export type {
  ExecutionQuery,
  OrderQuery,
  RiskLimitRecord,
  RiskVerdictRecord,
  TradingStore,
  TradingTx,
} from './trading-store.js';
