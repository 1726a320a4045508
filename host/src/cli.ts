#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { QmoError } from '@qmo/sdk';
import { runAuditCommand } from './cli/audit.js';
import { runFixReflectorCommand } from './cli/fix-reflector.js';
import { runUsersCommand } from './cli/users.js';
import { type ConfigOverrides, loadConfig } from './config/load-config.js';
import { startHost } from './create-host.js';
import { DrizzleAuditJournal } from './db/index.js';

const USAGE = `Usage: qmo <command> [options]

Commands:
  start            run the host (HTTP API, web UI, streams, plugins)
  users …          user administration: create, list, set-role (qmo users --help)
  audit …          verify or export the audit trail (qmo audit --help)
  fix-reflector    the FIX session acceptance suite's reflector acceptor (--port <n> [--host <h>])

Options (every command):
  --config <file>  configuration file (default: ./qmo.config.ts)
  --data <dir>     data folder (env QMO_DATA_DIR; default .qmo-data)
  --database-url   postgres://… instead of the embedded database (env DATABASE_URL)
Options for start:
  --port <n>       HTTP port (env PORT; default 8000)
  -h, --help       this help
`;

const GLOBAL_FLAGS = new Set(['--config', '--data', '--database-url', '--port']);

/** Splits the flags every command shares from the command's own words. */
function splitArgs(argv: string[]): { global: Record<string, string>; rest: string[] } {
  const global: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (!GLOBAL_FLAGS.has(flag)) {
      rest.push(arg);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new QmoError('QMO_INVALID_ARGUMENT', `${flag} needs a value`);
    global[flag.slice(2)] = value;
  }
  return { global, rest };
}

async function main(argv: string[]): Promise<number> {
  const { global, rest } = splitArgs(argv);
  const command = rest[0];
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 1 : 0;
  }
  if (global.port !== undefined && !/^\d+$/.test(global.port)) {
    process.stderr.write(`--port must be a number, got "${global.port}"\n`);
    return 1;
  }
  const overrides: ConfigOverrides = {
    ...(global.config ? { configFile: global.config } : {}),
    ...(global.port !== undefined ? { port: Number(global.port) } : {}),
    ...(global.data ? { dataDir: global.data } : {}),
    ...(global['database-url'] ? { databaseUrl: global['database-url'] } : {}),
  };
  switch (command) {
    case 'start': {
      const { values } = parseArgs({
        args: rest.slice(1),
        options: { help: { type: 'boolean', short: 'h' } },
      });
      if (values.help) {
        process.stdout.write(USAGE);
        return 0;
      }
      const loaded = await loadConfig(process.cwd(), overrides);
      const host = await startHost(loaded);
      process.stdout.write(`${loaded.config.branding.productName} is running at ${host.url}\n`);
      const shutdown = (signal: string) => {
        process.stdout.write(`\n${signal}: shutting down…\n`);
        void host.close().then(() => process.exit(0));
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      return -1;
    }
    case 'users':
      return runUsersCommand(rest.slice(1), await loadConfig(process.cwd(), overrides), {
        auditSink: (db) => {
          const journal = new DrizzleAuditJournal(db);
          return async (event) => {
            await journal.append({
              ts: Date.now(),
              actor: event.actor,
              action: event.action,
              ...(event.subject ? { subject: event.subject } : {}),
              payload: event.payload,
            });
          };
        },
      });
    case 'audit':
      return runAuditCommand(rest.slice(1), await loadConfig(process.cwd(), overrides));
    case 'fix-reflector':
      return runFixReflectorCommand(rest.slice(1), global.port, {
        stdout: process.stdout,
        stderr: process.stderr,
      });
    default:
      process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof QmoError) process.stderr.write(`qmo: ${error.message}\n`);
    else process.stderr.write(`qmo: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
