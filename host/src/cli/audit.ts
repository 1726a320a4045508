import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { LoadedConfig } from '../config/load-config.js';
import {
  AUDIT_EXPORT_FORMATS,
  type AuditExportFormat,
  type DatabaseHandle,
  DrizzleAuditJournal,
  exportAuditRecords,
  openDatabase,
} from '../db/index.js';

export const AUDIT_USAGE = `Usage: qmo audit <verify|export> [options]

  qmo audit verify [--force]
      recomputes the hash chain of the audit trail; exit code 1 at the first break
  qmo audit export --format jsonl|csv [--from ISO] [--to ISO] [--account id] [--out file] [--force]
      writes the audit records (from <= ts < to, of one account) to stdout or a file

The database is the one the configuration names (DATABASE_URL, or the embedded one in the data
folder). The embedded database takes one process at a time: stop the host first (or use
GET /api/v1/audit/verify and /audit/export); --force opens it anyway, for a lock file a crashed
host left behind.
`;

export interface AuditCommandIo {
  stdout: Writable;
  stderr: Writable;
  /** Opens the database (tests pass an open one); defaults to the configuration's. */
  openDatabase?: (loaded: LoadedConfig) => Promise<DatabaseHandle>;
}

class UsageError extends Error {}

/**
 * `qmo audit …`: `args` are the words after "audit". Resolves to the process exit code:
 * 0 done, 1 a break in the chain or a usage error (the message on stderr).
 */
export async function runAuditCommand(
  args: string[],
  loaded: LoadedConfig,
  io: AuditCommandIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(args);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    io.stderr.write(`qmo audit: ${error.message}\n\n${AUDIT_USAGE}`);
    return 1;
  }
  if (command.kind === 'help') {
    io.stdout.write(AUDIT_USAGE);
    return 0;
  }
  if (io.openDatabase === undefined && !command.force) {
    const inUse = embeddedDatabaseInUse(loaded);
    if (inUse !== null) {
      io.stderr.write(
        `qmo audit: the embedded database ${inUse} is open in another process (is the host running?).\n` +
          'Stop it first, or use the HTTP API; --force if no host runs and the lock file is stale.\n',
      );
      return 1;
    }
  }
  const open = io.openDatabase ?? openConfiguredDatabase;
  const database = await open(loaded);
  try {
    const journal = new DrizzleAuditJournal(database.db);
    if (command.kind === 'verify') return await verify(journal, io);
    const chunks = exportAuditRecords(journal.read(command.query), command.format);
    if (command.out === undefined) {
      await pipeline(Readable.from(chunks), io.stdout, { end: false });
    } else {
      await pipeline(Readable.from(chunks), createWriteStream(command.out));
      io.stderr.write(`audit records written to ${command.out}\n`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

async function verify(journal: DrizzleAuditJournal, io: AuditCommandIo): Promise<number> {
  const started = performance.now();
  const result = await journal.verify();
  const ms = Math.round(performance.now() - started);
  if (result.ok) {
    io.stdout.write(
      `audit trail OK: ${result.records} records, last hash ${result.lastHash ?? '(none)'} (${ms} ms)\n`,
    );
    return 0;
  }
  const brk = result.firstBreak!;
  io.stdout.write(
    `audit trail BROKEN at seq ${brk.seq}: ${brk.reason}\n` +
      `  ${result.records - 1} records verified before it; last good hash ${result.lastHash ?? '(none)'}\n`,
  );
  return 1;
}

type Command =
  | { kind: 'help' }
  | { kind: 'verify'; force: boolean }
  | {
      kind: 'export';
      force: boolean;
      format: AuditExportFormat;
      query: { from?: number; to?: number; account?: string };
      out?: string;
    };

function parseCommand(args: string[]): Command {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      account: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const force = values.force === true;
  const [sub, ...rest] = positionals;
  if (values.help) return { kind: 'help' };
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  if (sub === 'verify') {
    const extra = Object.keys(values).filter((name) => name !== 'force');
    if (extra.length > 0) throw new UsageError(`verify takes no options (got --${extra[0]})`);
    return { kind: 'verify', force };
  }
  if (sub !== 'export') {
    throw new UsageError(sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub}"`);
  }
  const format = values.format;
  if (!AUDIT_EXPORT_FORMATS.includes(format as AuditExportFormat)) {
    throw new UsageError(`--format must be one of ${AUDIT_EXPORT_FORMATS.join(', ')}`);
  }
  const query: { from?: number; to?: number; account?: string } = {};
  if (values.from !== undefined) query.from = parseTime(values.from, '--from');
  if (values.to !== undefined) query.to = parseTime(values.to, '--to');
  if (values.account !== undefined) query.account = values.account;
  if (values.out === '') throw new UsageError('--out needs a file name');
  return {
    kind: 'export',
    force,
    format: format as AuditExportFormat,
    query,
    ...(values.out !== undefined ? { out: values.out } : {}),
  };
}

/**
 * An ISO 8601 date or date-time ("2026-01-05", "2026-01-05T10:00:00Z", "…+02:00") as epoch
 * milliseconds; a date-time without an offset is UTC (never the machine's zone).
 */
function parseTime(value: string, flag: string): number {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:\d{2})?)?$/i.exec(
    value,
  );
  const ms = match === null ? Number.NaN : Date.parse(`${match[1]}T${match[2] ?? '00:00'}${match[3] ?? 'Z'}`);
  if (Number.isNaN(ms)) throw new UsageError(`${flag} must be an ISO 8601 date or date-time, got "${value}"`);
  return ms;
}

/** The embedded database's folder when PGlite's lock file says a process has it open, else null. */
function embeddedDatabaseInUse(loaded: LoadedConfig): string | null {
  if (loaded.config.databaseUrl) return null;
  const folder = join(loaded.dataDir, 'pglite');
  return existsSync(join(folder, 'postmaster.pid')) ? folder : null;
}

function openConfiguredDatabase(loaded: LoadedConfig): Promise<DatabaseHandle> {
  return openDatabase({
    dataDir: loaded.dataDir,
    ...(loaded.config.databaseUrl ? { databaseUrl: loaded.config.databaseUrl } : {}),
    maxConnections: 2,
  });
}
