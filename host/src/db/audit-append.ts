import type { AuditEntry } from '@qmo/core';
import { type AuditRecord, InvalidArgumentError } from '@qmo/sdk';
import { sql } from 'drizzle-orm';
import { auditHashWithPayload, GENESIS_HASH } from './audit-chain.js';
import { canonicalJson } from './canonical-json.js';
import type { QmoDatabase } from './database.js';
import { executeRows, JsonRows } from './json-rows.js';
import { sendNow } from './send-now.js';
import { auditLog } from './trading-schema.js';

/** A transaction of the host's database (what `db.transaction` hands its callback). */
export type QmoTransaction = Parameters<Parameters<QmoDatabase['transaction']>[0]>[0];

/**
 * The advisory lock every audit append takes inside its transaction, held until it commits or
 * rolls back: appends from every process sharing the database are serialised, so each reads the
 * committed end of the chain and `seq` stays gapless. Any fixed number ("qmoa").
 */
export const AUDIT_APPEND_LOCK = 0x716d6f61;

/** The statement taking the audit append lock for the rest of the transaction. */
export const AUDIT_LOCK = sql.raw(`select pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`);

/** Takes the audit append lock for the rest of the transaction (waits for the holder to finish). */
export async function lockAuditChain(tx: QmoTransaction): Promise<void> {
  await tx.execute(AUDIT_LOCK);
}

/** Where an appender stood: `AuditAppender.reset` goes back to it (a unit of a group rolled back). */
export interface AuditMark {
  readonly appended: number;
  readonly last: { seq: number; hash: string } | null | undefined;
}

/** Rows per INSERT when flushing (one jsonb parameter holds them). */
const ROWS_PER_INSERT = 1_000;

const AUDIT_ROWS = new JsonRows<typeof auditLog.$inferSelect>(auditLog);
const INSERT_AUDIT_ROWS = AUDIT_ROWS.insertText();
const NO_COLUMNS: ReadonlySet<string> = new Set();
const LAST_RECORD = sql.raw('select seq, hash from audit_log order by seq desc limit 1');

/**
 * Appends audit records inside one transaction. The first append takes the lock (unless the
 * caller already holds it) and reads the end of the chain; later ones continue from there. The
 * rows are written by `flush` (one multi-row INSERT), which must run before the transaction commits.
 */
export class AuditAppender {
  /** Records appended in this transaction, in order (to announce after commit). */
  readonly appended: AuditRecord[] = [];
  /** The records not yet written, each as a JSON object keyed by column name. */
  private readonly rows: string[] = [];
  private last: { seq: number; hash: string } | null | undefined;
  private tail: Promise<{ seq: number; hash: string } | null> | undefined;

  constructor(
    private readonly tx: QmoTransaction,
    private locked = false,
  ) {}

  async append(entry: AuditEntry): Promise<AuditRecord> {
    const payloadJson = validate(entry);
    if (!this.locked) {
      await lockAuditChain(this.tx);
      this.locked = true;
    }
    if (this.last === undefined) this.last = await (this.tail ?? this.readTail());
    const unhashed: Omit<AuditRecord, 'hash' | 'payload'> = {
      seq: (this.last?.seq ?? 0) + 1,
      ts: entry.ts,
      actor: entry.actor,
      action: entry.action,
      ...(entry.account !== undefined ? { account: entry.account } : {}),
      ...(entry.subject !== undefined ? { subject: entry.subject } : {}),
      prevHash: this.last?.hash ?? GENESIS_HASH,
    };
    const record: AuditRecord = {
      ...unhashed,
      // As it will read back from jsonb: toJSON applied, undefined members dropped.
      payload: JSON.parse(payloadJson) as Record<string, unknown>,
      hash: auditHashWithPayload(unhashed, payloadJson),
    };
    this.rows.push(AUDIT_ROWS.object(record, NO_COLUMNS, { payload: payloadJson }));
    this.last = { seq: record.seq, hash: record.hash };
    this.appended.push(record);
    return record;
  }

  /**
   * Sends the read of the chain's end now (it runs after the statements sent before it, the lock
   * included, so it sees the end as committed once the lock is held); `append` awaits it.
   */
  readTail(): Promise<{ seq: number; hash: string } | null> {
    this.tail = executeRows(this.tx, LAST_RECORD).then((rows) =>
      rows[0] === undefined ? null : { seq: Number(rows[0].seq), hash: String(rows[0].hash) },
    );
    this.tail.catch(() => {});
    return this.tail;
  }

  /** Where the appender stands now. */
  mark(): AuditMark {
    return { appended: this.appended.length, last: this.last };
  }

  /** Forgets the records appended since `mark` (not yet flushed); the chain continues from there. */
  reset(mark: AuditMark): void {
    if (this.rows.length < this.appended.length - mark.appended) {
      throw new Error('audit appender: cannot reset past records already written');
    }
    const dropped = this.appended.length - mark.appended;
    this.appended.length = mark.appended;
    this.rows.length -= dropped;
    this.last = mark.last;
  }

  /** Writes the records appended and not yet written. */
  async flush(): Promise<void> {
    const writes: Promise<void>[] = [];
    while (this.rows.length > 0) {
      writes.push(sendNow(this.tx, INSERT_AUDIT_ROWS(`[${this.rows.splice(0, ROWS_PER_INSERT).join(',')}]`)));
    }
    await Promise.all(writes);
  }
}

/** Refuses an entry that cannot be stored faithfully; returns its payload as canonical JSON. */
function validate(entry: AuditEntry): string {
  if (!Number.isSafeInteger(entry.ts)) {
    throw new InvalidArgumentError(`audit ts must be epoch milliseconds, got ${String(entry.ts)}`, {
      field: 'ts',
    });
  }
  for (const field of ['actor', 'action'] as const) {
    if (typeof entry[field] !== 'string' || entry[field] === '') {
      throw new InvalidArgumentError(`audit ${field} must be a non-empty string`, { field });
    }
  }
  for (const field of ['account', 'subject'] as const) {
    if (entry[field] !== undefined && typeof entry[field] !== 'string') {
      throw new InvalidArgumentError(`audit ${field} must be a string when given`, { field });
    }
  }
  const { payload } = entry;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new InvalidArgumentError('audit payload must be an object', { field: 'payload' });
  }
  let json: string;
  try {
    json = canonicalJson(payload);
  } catch (error) {
    throw new InvalidArgumentError(`audit payload is not JSON: ${(error as Error).message}`, {
      field: 'payload',
    });
  }
  // A payload with its own toJSON could turn into something other than an object.
  if (!json.startsWith('{')) {
    throw new InvalidArgumentError('audit payload must be a JSON object', { field: 'payload' });
  }
  return json;
}
