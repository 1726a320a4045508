import type { AuditEntry } from '@qmo/core';
import type { AuditRecord } from '@qmo/sdk';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AuditChainChecker,
  auditRecordHash,
  DrizzleAuditJournal,
  DrizzleTradingStore,
  GENESIS_HASH,
} from '../../src/db/index.js';
import { auditLog } from '../../src/db/schema.js';
import { backends, STORAGE_TIMEOUT, type TestDatabase } from './backends.js';
import { messages, minimalOrder, T0 } from './trading.fixture.js';

const entry = (i: number, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  ts: T0 + i * 1000,
  actor: i % 3 === 0 ? 'system' : `user-${i % 3}`,
  action: 'order.new',
  account: `acc-${i % 2}`,
  subject: `ord-${i}`,
  payload: { i, price: '1.0850', nested: { z: [1, 'two', null], a: { '10': true, '9': false } } },
  ...overrides,
});

async function collect(records: AsyncIterable<AuditRecord>): Promise<AuditRecord[]> {
  const all: AuditRecord[] = [];
  for await (const record of records) all.push(record);
  return all;
}

describe.each(backends)('DrizzleAuditJournal on $name', { timeout: STORAGE_TIMEOUT }, (backend) => {
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

  const appendMany = async (n: number) => {
    const records: AuditRecord[] = [];
    for (let i = 1; i <= n; i++) records.push(await journal.append(entry(i)));
    return records;
  };

  /** Changes the stored trail as an owner of the table could: triggers off, change, triggers on. */
  const tamper = async (statement: ReturnType<typeof sql>) => {
    await database.db.execute(sql`alter table audit_log disable trigger all`);
    try {
      await database.db.execute(statement);
    } finally {
      await database.db.execute(sql`alter table audit_log enable trigger all`);
    }
  };

  it('chains 100 appended records and verifies them', async () => {
    const appended = await appendMany(100);
    expect(appended.map((r) => r.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(appended[0]?.prevHash).toBe(GENESIS_HASH);
    for (const [i, record] of appended.entries()) {
      expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(record.hash).toBe(auditRecordHash(record));
      if (i > 0) expect(record.prevHash).toBe(appended[i - 1]?.hash);
    }
    // What is read back is what append returned.
    expect(await collect(journal.read({ batchSize: 7 }))).toStrictEqual(appended);
    expect(await journal.verify()).toStrictEqual({ ok: true, records: 100, lastHash: appended[99]?.hash });
    expect(await journal.verify({ batchSize: 3 })).toStrictEqual({
      ok: true,
      records: 100,
      lastHash: appended[99]?.hash,
    });
  });

  it('verifies an empty trail', async () => {
    expect(await journal.verify()).toStrictEqual({ ok: true, records: 0, lastHash: null });
  });

  it('stores the payload as JSON: toJSON applied, undefined dropped, keys in any order', async () => {
    const record = await journal.append({
      ts: T0,
      actor: 'plugin:risk-limits@1.0.0',
      action: 'risk.verdict',
      payload: {
        when: new Date(T0),
        skipped: undefined,
        text: 'comma, "quote"\nnewline \u00e9 \u{1f600} \\u0000',
        big: 1e21,
        tiny: 5e-324,
        neg: -0,
        list: [undefined, 1.5],
      },
    });
    expect(record.payload).toStrictEqual({
      when: new Date(T0).toISOString(),
      text: 'comma, "quote"\nnewline \u00e9 \u{1f600} \\u0000',
      big: 1e21,
      tiny: 5e-324,
      neg: 0,
      list: [null, 1.5],
    });
    expect(record).not.toHaveProperty('account');
    expect(record).not.toHaveProperty('subject');
    expect(await collect(journal.read({}))).toStrictEqual([record]);
    expect(await journal.verify()).toMatchObject({ ok: true, records: 1 });
    const stored = await database.db
      .select({ type: sql<string>`jsonb_typeof(${auditLog.payload})` })
      .from(auditLog);
    expect(stored).toEqual([{ type: 'object' }]);
  });

  it('refuses entries it cannot store faithfully, appending nothing', async () => {
    const bad: unknown[] = [
      { ...entry(1), ts: 1.5 },
      { ...entry(1), actor: '' },
      { ...entry(1), action: undefined },
      { ...entry(1), account: 7 },
      { ...entry(1), payload: null },
      { ...entry(1), payload: [1] },
      { ...entry(1), payload: { n: 10n } },
      { ...entry(1), payload: new Date(T0) },
    ];
    for (const candidate of bad) {
      await expect(journal.append(candidate as AuditEntry)).rejects.toMatchObject({
        code: 'QMO_INVALID_ARGUMENT',
      });
    }
    expect(await journal.verify()).toMatchObject({ ok: true, records: 0 });
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE of the audit log', async () => {
    const appended = await appendMany(3);
    const refused = [
      sql`update audit_log set actor = 'mallory' where seq = 2`,
      sql`update audit_log set payload = '{}'::jsonb`,
      sql`update audit_log set actor = 'mallory' where false`,
      sql`delete from audit_log where seq = 3`,
      sql`delete from audit_log`,
      sql`truncate audit_log`,
      sql`truncate table audit_log restart identity cascade`,
    ];
    for (const statement of refused) {
      const error = await database.db.execute(statement).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, String(statement.queryChunks[0])).not.toBeNull();
      expect(messages(error)).toContain('audit_log is append-only');
    }
    expect(await collect(journal.read({}))).toStrictEqual(appended);
    expect(await journal.verify()).toMatchObject({ ok: true, records: 3 });
  });

  it('finds a changed payload at its seq', async () => {
    const appended = await appendMany(20);
    await tamper(sql`update audit_log set payload = jsonb_set(payload, '{price}', '"9.9999"') where seq = 7`);
    const result = await journal.verify();
    expect(result).toStrictEqual({
      ok: false,
      records: 7,
      firstBreak: { seq: 7, reason: 'hash does not match the record content' },
      lastHash: appended[5]?.hash,
    });
  });

  it('finds a record rewritten with a recomputed hash at the next link', async () => {
    const appended = await appendMany(20);
    const forged = { ...appended[6]!, actor: 'mallory' };
    forged.hash = auditRecordHash(forged);
    await tamper(sql`update audit_log set actor = ${forged.actor}, hash = ${forged.hash} where seq = 7`);
    expect((await journal.verify()).firstBreak).toEqual({
      seq: 8,
      reason: 'prev_hash does not match the hash of seq 7',
    });
  });

  it('finds a removed record as a seq gap, and a changed genesis link', async () => {
    await appendMany(20);
    await tamper(sql`delete from audit_log where seq = 11`);
    expect(await journal.verify()).toMatchObject({
      ok: false,
      records: 11,
      firstBreak: { seq: 12, reason: 'seq gap: expected seq 11, found 12' },
    });
    await tamper(sql`update audit_log set prev_hash = ${'f'.repeat(64)} where seq = 1`);
    expect((await journal.verify()).firstBreak).toMatchObject({ seq: 1 });
    // The checker stops at the first break.
    const checker = new AuditChainChecker();
    for await (const record of journal.read({})) checker.check(record);
    expect(checker.records).toBe(1);
  });

  it('keeps one gapless chain under concurrent appends and trading transactions', async () => {
    const other = (await database.openAnother?.()) ?? null;
    try {
      // PostgreSQL: a second handle with its own pool, as another host process; PGlite: the same handle.
      const otherJournal = new DrizzleAuditJournal(other?.db ?? database.db);
      const store = new DrizzleTradingStore(other?.db ?? database.db);
      const results = await Promise.all([
        ...Array.from({ length: 50 }, (_, i) => journal.append(entry(i, { actor: 'host-a' }))),
        ...Array.from({ length: 50 }, (_, i) => otherJournal.append(entry(i, { actor: 'host-b' }))),
        ...Array.from({ length: 10 }, (_, i) =>
          store.transaction(async (tx) => {
            await tx.insertOrder(minimalOrder({ orderId: `o${i}`, clientOrderId: `c${i}` }));
            await tx.audit(entry(i, { actor: 'engine', subject: `o${i}` }));
            await tx.audit(entry(i, { actor: 'engine', action: 'order.ack', subject: `o${i}` }));
            return null;
          }),
        ),
      ]);
      expect(results).toHaveLength(110);
      const trail = await collect(journal.read({}));
      expect(trail.map((r) => r.seq)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
      const byActor = (actor: string) => trail.filter((r) => r.actor === actor).length;
      expect([byActor('host-a'), byActor('host-b'), byActor('engine')]).toEqual([50, 50, 20]);
      // The two records of one transaction are adjacent.
      for (let i = 0; i < 10; i++) {
        const seqs = trail.filter((r) => r.subject === `o${i}` && r.actor === 'engine').map((r) => r.seq);
        expect(seqs[1]! - seqs[0]!).toBe(1);
      }
      expect(await journal.verify()).toMatchObject({ ok: true, records: 120 });
    } finally {
      await other?.close();
    }
  });

  it('reads by time range and account, in seq order, batch by batch', async () => {
    const appended = await appendMany(30);
    const expected = appended.filter(
      (r) => r.ts >= T0 + 5_000 && r.ts < T0 + 25_000 && r.account === 'acc-1',
    );
    expect(expected.length).toBe(10);
    expect(
      await collect(journal.read({ from: T0 + 5_000, to: T0 + 25_000, account: 'acc-1', batchSize: 3 })),
    ).toStrictEqual(expected);
    expect((await collect(journal.read({ from: T0 + 29_000 }))).map((r) => r.seq)).toEqual([29, 30]);
    expect((await collect(journal.read({ to: T0 + 3_000 }))).map((r) => r.seq)).toEqual([1, 2]);
    expect(await collect(journal.read({ account: 'nobody' }))).toEqual([]);
    await expect(collect(journal.read({ batchSize: 0 }))).rejects.toMatchObject({
      code: 'QMO_INVALID_ARGUMENT',
    });
  });
});
