import type { AuditRecord } from '@qmo/sdk';

export const AUDIT_EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

export const AUDIT_CSV_COLUMNS = [
  'seq',
  'ts',
  'actor',
  'action',
  'account',
  'subject',
  'payload',
  'prev_hash',
  'hash',
] as const;

/** The media type of each export format (for HTTP answers). */
export const AUDIT_EXPORT_CONTENT_TYPES: Record<AuditExportFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

/**
 * Audit records as text chunks, one record per chunk (the CSV header is the first chunk):
 *
 * - `jsonl`: one JSON object per line (`\n`), the `AuditRecord` as stored — `seq`, `ts` (epoch ms),
 *   `actor`, `action`, `account` and `subject` (null when absent), `payload`, `prevHash`, `hash` —
 *   so every hash can be recomputed from the file with `auditRecordHash`.
 * - `csv`: RFC 4180 (CRLF line ends, a field quoted when it holds a comma, quote, CR or LF, quotes
 *   doubled), columns seq, ts (ISO 8601 UTC), actor, action, account, subject, payload (JSON),
 *   prev_hash, hash; an absent account or subject is an empty field.
 */
export async function* exportAuditRecords(
  records: AsyncIterable<AuditRecord> | Iterable<AuditRecord>,
  format: AuditExportFormat,
): AsyncGenerator<string> {
  if (format === 'jsonl') {
    for await (const record of records) yield `${JSON.stringify(jsonlRecord(record))}\n`;
    return;
  }
  if (format !== 'csv') throw new RangeError(`unknown audit export format: ${String(format)}`);
  yield csvLine(AUDIT_CSV_COLUMNS);
  for await (const record of records) {
    yield csvLine([
      String(record.seq),
      new Date(record.ts).toISOString(),
      record.actor,
      record.action,
      record.account ?? '',
      record.subject ?? '',
      JSON.stringify(record.payload),
      record.prevHash,
      record.hash,
    ]);
  }
}

function jsonlRecord(record: AuditRecord) {
  return {
    seq: record.seq,
    ts: record.ts,
    actor: record.actor,
    action: record.action,
    account: record.account ?? null,
    subject: record.subject ?? null,
    payload: record.payload,
    prevHash: record.prevHash,
    hash: record.hash,
  };
}

function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** RFC 4180: a field with a comma, a double quote, CR or LF is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
