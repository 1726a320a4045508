import type { AuditRecord } from '@qmo/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AUDIT_CSV_COLUMNS,
  type AuditExportFormat,
  auditRecordHash,
  DrizzleAuditJournal,
  exportAuditRecords,
} from '../../src/db/index.js';
import { backends, STORAGE_TIMEOUT, type TestDatabase } from './backends.js';
import { T0 } from './trading.fixture.js';

async function text(records: AsyncIterable<AuditRecord> | AuditRecord[], format: AuditExportFormat) {
  let out = '';
  for await (const chunk of exportAuditRecords(records, format)) out += chunk;
  return out;
}

/** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes. */
export function parseCsv(input: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < input.length) {
    let field = '';
    if (input[i] === '"') {
      i++;
      for (;;) {
        const q = input.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field');
        field += input.slice(i, q);
        if (input[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      const end = input.slice(i).search(/,|\r\n/);
      const stop = end < 0 ? input.length : i + end;
      field = input.slice(i, stop);
      if (/["\r\n]/.test(field)) throw new Error(`unquoted field with a special character: ${field}`);
      i = stop;
    }
    row.push(field);
    if (input[i] === ',') {
      i++;
    } else if (input.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < input.length) {
      throw new Error(`unexpected character at ${i}`);
    }
  }
  if (row.length > 0) throw new Error('the last record has no CRLF');
  return rows;
}

const sample: AuditRecord[] = [
  {
    seq: 1,
    ts: T0,
    actor: 'user-1',
    action: 'order.new',
    account: 'acc,1',
    subject: 'ord "1"',
    payload: { note: 'comma, "quotes"\r\nand a newline\n', n: 1 },
    prevHash: '0'.repeat(64),
    hash: 'a'.repeat(64),
  },
  {
    seq: 2,
    ts: T0 + 1,
    actor: 'system',
    action: 'x',
    payload: {},
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
  },
];

describe('exportAuditRecords', () => {
  it('writes CSV by RFC 4180: header, CRLF, quoted commas, quotes and newlines', async () => {
    const csv = await text(sample, 'csv');
    expect(csv.startsWith('seq,ts,actor,action,account,subject,payload,prev_hash,hash\r\n')).toBe(true);
    expect(csv).toContain(`"{""note"":""comma, \\""quotes\\""\\r\\nand a newline\\n"",""n"":1}"`);
    const rows = parseCsv(csv);
    expect(rows).toEqual([
      [...AUDIT_CSV_COLUMNS],
      [
        '1',
        '2026-01-05T10:00:00.000Z',
        'user-1',
        'order.new',
        'acc,1',
        'ord "1"',
        JSON.stringify(sample[0]?.payload),
        '0'.repeat(64),
        'a'.repeat(64),
      ],
      ['2', '2026-01-05T10:00:00.001Z', 'system', 'x', '', '', '{}', 'a'.repeat(64), 'b'.repeat(64)],
    ]);
    // A raw newline inside a field is quoted too.
    const raw = parseCsv(await text([{ ...sample[1]!, actor: 'line\nbreak', action: 'a,b' }], 'csv'));
    expect(raw[1]?.slice(2, 4)).toEqual(['line\nbreak', 'a,b']);
  });

  it('writes JSON lines with every field, absent ones as null', async () => {
    const jsonl = await text(sample, 'jsonl');
    const lines = jsonl.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((l) => JSON.parse(l))).toEqual([
      sample[0],
      { ...sample[1], account: null, subject: null },
    ]);
  });

  it('writes only the header for no records, and refuses an unknown format', async () => {
    expect(await text([], 'csv')).toBe(`${AUDIT_CSV_COLUMNS.join(',')}\r\n`);
    expect(await text([], 'jsonl')).toBe('');
    await expect(text(sample, 'xml' as AuditExportFormat)).rejects.toThrow(RangeError);
  });
});

describe.each(backends)('audit export from the journal on $name', { timeout: STORAGE_TIMEOUT }, (backend) => {
  let database: TestDatabase;
  let journal: DrizzleAuditJournal;

  beforeAll(async () => {
    database = await backend.open();
    journal = new DrizzleAuditJournal(database.db);
  }, STORAGE_TIMEOUT);
  afterAll(async () => {
    await database?.close();
  }, STORAGE_TIMEOUT);
  beforeEach(async () => {
    await database.truncate();
  });

  it('exports a time range of one account as JSONL and CSV, hashes recomputable from the file', async () => {
    for (let i = 0; i < 12; i++) {
      await journal.append({
        ts: T0 + i * 60_000,
        actor: 'user-1',
        action: 'order.new',
        ...(i % 3 === 2 ? {} : { account: i % 3 === 0 ? 'acc-a' : 'acc-b' }),
        subject: `ord-${i}`,
        payload: { text: `line ${i}, "quoted"\nsecond line`, qty: '1.50', i },
      });
    }
    const query = { from: T0 + 60_000, to: T0 + 10 * 60_000, account: 'acc-a' };
    const jsonl = await text(journal.read(query), 'jsonl');
    const records = jsonl
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.map((r) => r.seq)).toEqual([4, 7, 10]);
    for (const record of records) {
      expect(record.hash).toBe(auditRecordHash(record));
      expect(record.account).toBe('acc-a');
    }

    const rows = parseCsv(await text(journal.read(query), 'csv'));
    expect(rows.length).toBe(4);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[4]])).toEqual([
      ['4', new Date(T0 + 3 * 60_000).toISOString(), 'acc-a'],
      ['7', new Date(T0 + 6 * 60_000).toISOString(), 'acc-a'],
      ['10', new Date(T0 + 9 * 60_000).toISOString(), 'acc-a'],
    ]);
    expect(JSON.parse(rows[1]![6]!)).toEqual({ text: 'line 3, "quoted"\nsecond line', qty: '1.50', i: 3 });

    // Without an account: every record in range, an absent account as an empty field.
    const all = parseCsv(await text(journal.read({ from: T0, to: T0 + 3 * 60_000 }), 'csv'));
    expect(all.slice(1).map((r) => [r[0], r[4]])).toEqual([
      ['1', 'acc-a'],
      ['2', 'acc-b'],
      ['3', ''],
    ]);
  });
});
