import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root: plugin paths in the host configuration are resolved against it. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const FIRST_PARTY_PLUGINS = ['./plugins/feed-demo', './plugins/indicator-classic'];
export const DEMO_INSTRUMENTS = ['EURUSD', 'BTC-USD', 'ESZ6', 'XAUUSD', 'SPX', 'AAPL'];

export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Raw configuration of a bench host: PGlite in `dataDir`, port 0 on loopback, logLevel silent,
 * the first-party plugins (feed-demo + indicator-classic) and only the demo source.
 */
export function hostConfig({ dataDir, feed = {}, backfillDays = 30 }) {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    logLevel: 'silent',
    plugins: { search: [], load: FIRST_PARTY_PLUGINS, config: { 'feed-demo': { seed: 42, ...feed } } },
    marketData: { sources: { '*': ['demo'] }, backfillDays },
  };
}

/** Starts a host from `hostConfig(...)` options through the public API of @qmo/host. */
export async function startBenchHost(options, hostOptions = {}) {
  const { resolveConfig, startHost } = await import('@qmo/host');
  const loaded = resolveConfig(hostConfig(options), null, REPO_ROOT, {}, {});
  return startHost(loaded, hostOptions);
}

/**
 * A Logger (the SDK's surface) that prints nothing and keeps the time of each message, so a run can
 * be split into phases ("database open", "listening", "history backfilled", "host ready") at no cost.
 */
export function markingLogger(origin = () => performance.now()) {
  const marks = [];
  const make = () => {
    const log = (level) => (message, fields) => marks.push({ t: origin(), level, message, fields });
    return { debug() {}, info: log('info'), warn: log('warn'), error: log('error'), child: () => make() };
  };
  return { logger: make(), marks };
}
