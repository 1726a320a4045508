import type { Timestamp } from '../../domain/marketdata.js';

export interface AuditRecord {
  seq: number;
  ts: Timestamp;
  actor: string;
  action: string;
  account?: string;
  subject?: string;
  payload: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface ReportRequest {
  from: Timestamp;
  to: Timestamp;
  account?: string;
  format: string;
}

/** `compliance` kind, contributed to `compliance-reporters/v1`. */
export interface ComplianceReporter {
  readonly id: string;
  readonly name: string;
  /** Formats this reporter writes, e.g. ["jsonl", "csv"]. */
  readonly formats: readonly string[];
  /** Sees each audit record as it is appended (surveillance, alerts). */
  onRecord?(record: AuditRecord): void;
  /** Writes a report over the records in range, as chunks of text. */
  report(request: ReportRequest, records: AsyncIterable<AuditRecord>): AsyncIterable<string>;
}
