import type { AuditEntry, AuditJournal, AuditQuery, AuditVerification } from '@qmo/core';
import { type AuditRecord, InvalidArgumentError } from '@qmo/sdk';
import { and, asc, eq, gt, gte, lt, type SQL } from 'drizzle-orm';
import { AuditAppender } from './audit-append.js';
import { AuditChainChecker } from './audit-chain.js';
import type { QmoDatabase } from './database.js';
import { auditLog } from './trading-schema.js';

/** Records per query when verifying or reading (default). */
const DEFAULT_BATCH_SIZE = 2_000;

export interface DrizzleAuditJournalOptions {
  /** Called with each record after its transaction committed (surveillance, compliance reporters). */
  onAppended?: (record: AuditRecord) => void;
}

/**
 * The audit trail on the `audit_log` table: a hash chain (see `auditRecordHash`), gapless `seq`
 * assigned under an advisory lock, UPDATE/DELETE/TRUNCATE refused by a trigger. Trading changes
 * append to the same chain through `DrizzleTradingStore`'s transactions.
 */
export class DrizzleAuditJournal implements AuditJournal {
  constructor(
    private readonly db: QmoDatabase,
    private readonly options: DrizzleAuditJournalOptions = {},
  ) {}

  /** Appends one record in a transaction of its own. */
  async append(entry: AuditEntry): Promise<AuditRecord> {
    const record = await this.db.transaction(
      async (tx) => {
        const appender = new AuditAppender(tx);
        const appended = await appender.append(entry);
        await appender.flush();
        return appended;
      },
      { isolationLevel: 'read committed' },
    );
    announce(this.options.onAppended, [record]);
    return record;
  }

  /**
   * Recomputes every hash in seq order, batch by batch, and stops at the first break: a seq that is
   * not the previous + 1, a prev_hash that is not the previous hash, a hash that does not match the
   * content. Records appended while it runs are checked too when they are reached.
   */
  async verify(options: { batchSize?: number } = {}): Promise<AuditVerification> {
    const checker = new AuditChainChecker();
    for await (const record of this.read({ batchSize: options.batchSize })) {
      if (checker.check(record) !== null) break;
    }
    const result: AuditVerification = {
      ok: checker.firstBreak === null,
      records: checker.records,
      lastHash: checker.lastHash,
    };
    if (checker.firstBreak !== null) result.firstBreak = checker.firstBreak;
    return result;
  }

  /** Records in seq order, fetched `batchSize` at a time; `from` ≤ ts < `to`, of one account if given. */
  async *read(query: AuditQuery = {}): AsyncGenerator<AuditRecord> {
    const batchSize = query.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw new InvalidArgumentError(`batchSize must be a positive integer, got ${batchSize}`, {
        field: 'batchSize',
      });
    }
    const filters: SQL[] = [];
    if (query.from !== undefined) filters.push(gte(auditLog.ts, query.from));
    if (query.to !== undefined) filters.push(lt(auditLog.ts, query.to));
    if (query.account !== undefined) filters.push(eq(auditLog.account, query.account));
    let after = 0;
    for (;;) {
      const rows = await this.db
        .select()
        .from(auditLog)
        .where(and(gt(auditLog.seq, after), ...filters))
        .orderBy(asc(auditLog.seq))
        .limit(batchSize);
      for (const row of rows) yield toAuditRecord(row);
      const last = rows.at(-1);
      if (last === undefined || rows.length < batchSize) return;
      after = last.seq;
    }
  }
}

export function toAuditRecord(row: typeof auditLog.$inferSelect): AuditRecord {
  return {
    seq: row.seq,
    ts: row.ts,
    actor: row.actor,
    action: row.action,
    ...(row.account !== null ? { account: row.account } : {}),
    ...(row.subject !== null ? { subject: row.subject } : {}),
    payload: row.payload,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/** Calls the listener with each record; a throwing listener does not undo what was committed. */
export function announce(
  listener: ((record: AuditRecord) => void) | undefined,
  records: AuditRecord[],
): void {
  if (listener === undefined) return;
  for (const record of records) {
    try {
      listener(record);
    } catch {
      // The records are durable; a failing listener is the listener's problem.
    }
  }
}
