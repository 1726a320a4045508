import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from '@qmo/sdk';
import { inject } from 'vitest';
import { resolveConfig } from '../../src/config/load-config.js';
import type { QmoConfigInput } from '../../src/config/schema.js';
import { type RunningHost, startHost } from '../../src/create-host.js';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const FIRST_PARTY_PLUGINS = [
  './plugins/feed-demo',
  './plugins/indicator-classic',
  './plugins/indicator-gann',
];

/** A fresh data folder, holding a copy of the run's migrated PGlite database. */
export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'qmo-host-'));
  cpSync(inject('pgliteTemplate'), dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The real host on port 0 over PGlite in `dataDir`, with the first-party plugins and a short history. */
export async function startTestHost(options: {
  dataDir: string;
  clock?: Clock;
  config?: Partial<QmoConfigInput>;
  uiDir?: string | null;
  env?: NodeJS.ProcessEnv;
}): Promise<RunningHost> {
  const raw: QmoConfigInput = {
    port: 0,
    host: '127.0.0.1',
    dataDir: options.dataDir,
    logLevel: 'silent',
    plugins: {
      search: [],
      load: FIRST_PARTY_PLUGINS,
      config: { 'feed-demo': { seed: 7, historyDays: 2, tickIntervalMs: 100 } },
    },
    marketData: { sources: { '*': ['demo'] }, backfillDays: 2 },
    ...options.config,
  };
  const loaded = resolveConfig(raw as Record<string, unknown>, null, REPO_ROOT, {}, {});
  return startHost(loaded, {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.uiDir !== undefined ? { uiDir: options.uiDir } : {}),
    env: options.env ?? {},
  });
}

export async function getJson<T = unknown>(
  host: RunningHost,
  path: string,
): Promise<{ status: number; type: string | null; body: T }> {
  const res = await fetch(`${host.url}${path}`);
  const type = res.headers.get('content-type');
  return { status: res.status, type, body: (await res.json()) as T };
}

/** Two desks (alpha: A1, beta: B1), the demo feed, venue-sim and risk-limits: the order-flow tests' world. */
export function twoDeskTradingConfig(
  limits: Record<string, Record<string, Record<string, unknown>>>,
  seed = 5,
): Partial<QmoConfigInput> {
  return {
    plugins: {
      search: [],
      load: ['./plugins/feed-demo', './plugins/venue-sim', './plugins/risk-limits'],
      config: { 'feed-demo': { seed, historyDays: 1, tickIntervalMs: 100 } },
    },
    marketData: { sources: { '*': ['demo'] }, backfillDays: 1 },
    trading: {
      defaultVenue: 'sim',
      desks: [
        { id: 'alpha', name: 'Alpha desk' },
        { id: 'beta', name: 'Beta desk' },
      ],
      accounts: [
        { id: 'A1', name: 'Alpha one', desk: 'alpha', currency: 'USD', startingEquity: '1000000' },
        { id: 'B1', name: 'Beta one', desk: 'beta', currency: 'USD', startingEquity: '1000000' },
      ],
      limits,
    },
  };
}
