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
  return auditHashWithPayload(record, canonicalJson(record.payload));
}

/**
 * `auditRecordHash` of a record whose payload is already written as canonical JSON: the canonical
 * text of the record is assembled around it (its keys in sorted order) instead of walking the
 * payload again.
 */
export function auditHashWithPayload(
  record: Omit<AuditRecord, 'hash' | 'payload'>,
  payloadJson: string,
): string {
  const content =
    `{"account":${text(record.account)},"action":${text(record.action)},"actor":${text(record.actor)}` +
    `,"payload":${payloadJson},"prevHash":${text(record.prevHash)},"seq":${canonicalJson(record.seq)}` +
    `,"subject":${text(record.subject)},"ts":${canonicalJson(record.ts)}}`;
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/** A string member as canonical JSON writes it; absent is `null`. */
function text(value: string | undefined): string {
  return value === undefined ? 'null' : JSON.stringify(value);
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
