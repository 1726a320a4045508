import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { type AuditCommandIo, runAuditCommand } from '../../src/cli/audit.js';
import { resolveConfig } from '../../src/config/load-config.js';
import { DrizzleAuditJournal, openDatabase } from '../../src/db/index.js';
import { backends, STORAGE_TIMEOUT, type TestDatabase } from './backends.js';
import { T0 } from './trading.fixture.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe.each(backends)('qmo audit on $name', { timeout: STORAGE_TIMEOUT }, (backend) => {
  let database: TestDatabase;
  let journal: DrizzleAuditJournal;
  let dir: string;
  const loaded = () => resolveConfig({}, null, dir);

  /** Runs the command on the test database (kept open). */
  async function run(args: string[]) {
    const stdout = new Capture();
    const stderr = new Capture();
    const io: AuditCommandIo = {
      stdout,
      stderr,
      openDatabase: async () => ({ ...database, close: async () => {} }),
    };
    const code = await runAuditCommand(args, loaded(), io);
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qmo-audit-cli-'));
    database = await backend.open();
    journal = new DrizzleAuditJournal(database.db);
  }, STORAGE_TIMEOUT);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  }, STORAGE_TIMEOUT);
  beforeEach(async () => {
    await database.truncate();
  });

  it('verify: reports the records and last hash, or the break with exit code 1', async () => {
    expect(await run(['verify'])).toEqual({
      code: 0,
      stdout: expect.stringMatching(/^audit trail OK: 0 records, last hash \(none\)/),
      stderr: '',
    });
    let last = '';
    for (let i = 0; i < 5; i++) {
      last = (await journal.append({ ts: T0 + i, actor: 'system', action: 'a', payload: { i } })).hash;
    }
    const ok = await run(['verify']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^audit trail OK: 5 records, last hash ${last} \\(\\d+ ms\\)\\n$`));

    await database.db.execute(sql`alter table audit_log disable trigger all`);
    await database.db.execute(sql`update audit_log set actor = 'mallory' where seq = 4`);
    await database.db.execute(sql`alter table audit_log enable trigger all`);
    const broken = await run(['verify']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('audit trail BROKEN at seq 4: hash does not match the record content');
    expect(broken.stdout).toContain('3 records verified before it');
  });

  it('export: CSV to a file and JSONL to stdout, by time range and account', async () => {
    for (let i = 0; i < 6; i++) {
      await journal.append({
        ts: T0 + i * 3_600_000,
        actor: 'user-1',
        action: 'order.new',
        account: i % 2 ? 'acc-b' : 'acc-a',
        payload: { note: 'a, "b"\nc' },
      });
    }
    const out = join(dir, 'audit.csv');
    const csv = await run([
      'export',
      '--format',
      'csv',
      '--from',
      '2026-01-05T11:00:00Z',
      '--to',
      '2026-01-05T15:00',
      '--out',
      out,
    ]);
    expect(csv).toMatchObject({ code: 0, stdout: '' });
    const written = readFileSync(out, 'utf8');
    expect(written.split('\r\n')[0]).toBe('seq,ts,actor,action,account,subject,payload,prev_hash,hash');
    expect(written.match(/^\d+,/gm)?.map((s) => s.slice(0, -1))).toEqual(['2', '3', '4', '5']);

    const jsonl = await run(['export', '--format=jsonl', '--account', 'acc-a']);
    expect(jsonl.code).toBe(0);
    const lines = jsonl.stdout.trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).seq)).toEqual([1, 3, 5]);
  });

  it('answers bad usage with exit code 1 and the usage text', async () => {
    for (const args of [
      [],
      ['frobnicate'],
      ['export'],
      ['export', '--format', 'xml'],
      ['export', '--format', 'csv', '--from', 'yesterday'],
      ['export', '--format', 'csv', '--bogus'],
      ['verify', '--format', 'csv'],
      ['verify', 'extra'],
    ]) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toMatch(/^qmo audit: .+\n\nUsage: qmo audit/);
    }
    expect(await run(['--help'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Usage: qmo audit'),
    });
  });
});

describe('qmo audit on the configured embedded database', { timeout: STORAGE_TIMEOUT }, () => {
  it('opens the data folder of the configuration, migrates it and verifies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qmo-audit-cli-data-'));
    // A copy of the run's migrated PGlite database instead of a fresh initdb.
    cpSync(inject('pgliteTemplate'), join(dir, 'data'), { recursive: true });
    try {
      const stdout = new Capture();
      const code = await runAuditCommand(['verify'], resolveConfig({ dataDir: 'data' }, null, dir, {}, {}), {
        stdout,
        stderr: new Capture(),
      });
      expect(code).toBe(0);
      expect(stdout.text).toMatch(/^audit trail OK: 0 records/);

      // While a process has the embedded database open, the command does not open it too.
      const loaded = resolveConfig({ dataDir: 'data' }, null, dir, {}, {});
      const host = await openDatabase({ dataDir: loaded.dataDir });
      try {
        const stderr = new Capture();
        expect(await runAuditCommand(['verify'], loaded, { stdout: new Capture(), stderr })).toBe(1);
        expect(stderr.text).toContain('is open in another process');
      } finally {
        await host.close();
      }
      // A lock file left by a crashed host: --force opens the database anyway.
      writeFileSync(join(loaded.dataDir, 'pglite', 'postmaster.pid'), '-42\n');
      const forced = new Capture();
      expect(
        await runAuditCommand(['verify', '--force'], loaded, { stdout: forced, stderr: new Capture() }),
      ).toBe(0);
      expect(forced.text).toMatch(/^audit trail OK/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
