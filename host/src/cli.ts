#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { QmoError } from '@qmo/sdk';
import { loadConfig } from './config/load-config.js';
import { startHost } from './create-host.js';

const USAGE = `Usage: qmo <command> [options]

Commands:
  start            run the host (HTTP API, web UI, streams, plugins)

Options for start:
  --config <file>  configuration file (default: ./qmo.config.ts)
  --port <n>       HTTP port (env PORT; default 8000)
  --data <dir>     data folder (env QMO_DATA_DIR; default .qmo-data)
  --database-url   postgres://… instead of the embedded database (env DATABASE_URL)
  -h, --help       this help
`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      'database-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 1;
  }
  if (command !== 'start') {
    process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
    return 1;
  }
  if (values.port !== undefined && !/^\d+$/.test(values.port)) {
    process.stderr.write(`--port must be a number, got "${values.port}"\n`);
    return 1;
  }
  const loaded = await loadConfig(process.cwd(), {
    ...(values.config ? { configFile: values.config } : {}),
    ...(values.port !== undefined ? { port: Number(values.port) } : {}),
    ...(values.data ? { dataDir: values.data } : {}),
    ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}),
  });
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
