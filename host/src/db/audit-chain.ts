import { createHash } from 'node:crypto';
import type { AuditRecord } from '@qmo/sdk';
import { canonicalJson } from './canonical-json.js';

/** The `prevHash` of record 1. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * A record's hash: hex sha256 of the canonical JSON (keys sorted, UTF-8) of
 * `{ seq, ts, actor, action, account, subject, payload, prevHash }`, an absent account or subject
 * hashed as `null`. Anyone holding an export can recompute it.
 */
export function auditRecordHash(record: Omit<AuditRecord, 'hash'>): string {
  const content = canonicalJson({
    seq: record.seq,
    ts: record.ts,
    actor: record.actor,
    action: record.action,
    account: record.account ?? null,
    subject: record.subject ?? null,
    payload: record.payload,
    prevHash: record.prevHash,
  });
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

export interface AuditChainBreak {
  seq: number;
  reason: string;
}

/**
 * Checks a chain record by record, in seq order from seq 1: each seq is the previous + 1, each
 * `prevHash` the previous record's hash (zeros for the first), each hash the hash of its content.
 */
export class AuditChainChecker {
  /** Records checked so far (the broken one included). */
  records = 0;
  /** The hash of the last record that checked out, null before the first. */
  lastHash: string | null = null;
  /** The first break, once one was found; later records are not checked. */
  firstBreak: AuditChainBreak | null = null;
  private expectedSeq = 1;

  /** Checks the next record; returns the break it found, if any. */
  check(record: AuditRecord): AuditChainBreak | null {
    if (this.firstBreak !== null) return this.firstBreak;
    this.records += 1;
    const reason = this.problem(record);
    if (reason !== null) {
      this.firstBreak = { seq: record.seq, reason };
      return this.firstBreak;
    }
    this.lastHash = record.hash;
    this.expectedSeq = record.seq + 1;
    return null;
  }

  private problem(record: AuditRecord): string | null {
    if (record.seq !== this.expectedSeq) {
      return `seq gap: expected seq ${this.expectedSeq}, found ${record.seq}`;
    }
    const expectedPrev = this.lastHash ?? GENESIS_HASH;
    if (record.prevHash !== expectedPrev) {
      return record.seq === 1
        ? `prev_hash of the first record is not ${GENESIS_HASH.slice(0, 8)}…`
        : `prev_hash does not match the hash of seq ${record.seq - 1}`;
    }
    if (auditRecordHash(record) !== record.hash) return 'hash does not match the record content';
    return null;
  }
}
