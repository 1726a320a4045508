import type { AuditRecord } from '@qmo/sdk';

/** An audit entry before the journal numbers and hashes it. */
export interface AuditEntry {
  ts: number;
  /** Who: a user id, "apikey:<id>", "fix:<session>", "system", or a plugin as "plugin:<id>@<version>". */
  actor: string;
  /** What, dotted: "order.new", "order.rejected", "execution", "risk.verdict", "risk.limits.changed", "auth.signin.failed"… */
  action: string;
  account?: string;
  /** The thing acted on: an order id, a user id, a rule id. */
  subject?: string;
  payload: Record<string, unknown>;
}

export interface AuditVerification {
  ok: boolean;
  /** Records checked. */
  records: number;
  /** The first record whose hash or link does not match, when not ok. */
  firstBreak?: { seq: number; reason: string };
  lastHash: string | null;
}

export interface AuditQuery {
  from?: number;
  to?: number;
  account?: string;
  /** Page size for streaming. */
  batchSize?: number;
}

/**
 * The append-only, hash-chained audit trail: record n stores hash(record n−1) and its own hash
 * over its content. The database refuses UPDATE and DELETE on it.
 */
export interface AuditJournal {
  append(entry: AuditEntry): Promise<AuditRecord>;
  verify(): Promise<AuditVerification>;
  read(query: AuditQuery): AsyncIterable<AuditRecord>;
}
