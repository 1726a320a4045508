import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { InstrumentRegistry, Kernel, MarketDataManager, TradingEngine } from '@qmo/core';
import { readManifest, SDK_VERSION, services, silentLogger, systemClock } from '@qmo/sdk';
import { tempDir } from './host.mjs';
import { MemoryTradingStore } from './memory-trading-store.mjs';
import { sleep } from './timing.mjs';

const require = createRequire(import.meta.url);

/**
 * The host's drizzle storage. @qmo/host exports only its server API, so the db module is imported
 * by path from where the package resolves (its built `dist/`).
 */
async function hostDb() {
  return import(new URL('./db/index.js', import.meta.resolve('@qmo/host')).href);
}

/** A first-party plugin registered in-process: manifest from its package.json, definition = default export. */
async function pluginEntry(packageName) {
  const pkgPath = require.resolve(`${packageName}/package.json`);
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  const manifest = readManifest(pkg);
  if (!manifest.ok) throw new Error(`${packageName}: invalid manifest ${JSON.stringify(manifest.issues)}`);
  const module = await import(packageName);
  return { manifest: manifest.manifest, location: dirname(pkgPath), definition: module.default };
}

/** No bars kept: the rig backfills nothing and the bench reads no history. */
const NO_BARS = {
  upsert: async () => {},
  query: async () => [],
  latest: async () => null,
};

/**
 * Trading stores the order benchmark runs on. `open()` gives `{ store, close, detail }` on a fresh,
 * empty database: in memory, PGlite in a new temporary directory, or a temporary database created
 * on the PostgreSQL server at DATABASE_URL (dropped on close, as host/test/storage/backends.ts does).
 */
export function tradingBackends(databaseUrl = process.env.DATABASE_URL || undefined) {
  const backends = [
    {
      name: 'memory',
      label: 'in memory (bench MemoryTradingStore)',
      async open() {
        return { store: new MemoryTradingStore(), close: async () => {}, detail: 'no database' };
      },
    },
    {
      name: 'pglite',
      label: 'PGlite (DrizzleTradingStore)',
      async open() {
        const { DrizzleTradingStore, openDatabase } = await hostDb();
        const data = tempDir('qmo-bench-orders-');
        const handle = await openDatabase({ dataDir: data.dir });
        return {
          store: new DrizzleTradingStore(handle.db),
          detail: 'PGlite (file system) in a fresh temporary data dir',
          async close() {
            try {
              await handle.close();
            } finally {
              data.remove();
            }
          },
        };
      },
    },
  ];
  if (databaseUrl) {
    backends.push({
      name: 'postgres',
      label: 'PostgreSQL (DrizzleTradingStore)',
      async open() {
        const { DrizzleTradingStore, openDatabase, redactDatabaseUrl } = await hostDb();
        const { default: postgres } = await import('postgres');
        const name = `qmo_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
        const admin = postgres(databaseUrl, { max: 1, onnotice: () => {} });
        await admin.unsafe(`create database ${name}`);
        const target = new URL(databaseUrl);
        target.pathname = `/${name}`;
        const drop = async () => {
          await admin.unsafe(`drop database if exists ${name} with (force)`);
          await admin.end();
        };
        let handle;
        try {
          handle = await openDatabase({ databaseUrl: target.toString() });
        } catch (error) {
          await drop();
          throw error;
        }
        const version = await admin.unsafe('show server_version');
        return {
          store: new DrizzleTradingStore(handle.db),
          detail: `PostgreSQL ${version[0]?.server_version ?? '?'} at ${redactDatabaseUrl(databaseUrl)}, a temporary database created for the run and dropped after it (pool of 10)`,
          async close() {
            try {
              await handle.close();
            } finally {
              await drop();
            }
          },
        };
      },
    });
  }
  return backends;
}

/**
 * What a host runs for order flow, in this process and without HTTP: a Kernel with the real
 * feed-demo, venue-sim and risk-limits plugins registered through `kernel.register` (manifests read
 * from their package.json), a MarketDataManager (no bar storage, no backfill) providing
 * `services.marketData` and `services.instruments`, and a TradingEngine over `store`.
 */
export async function startTradingRig({ store, feed = {}, venue = {}, riskRuleOrder = [] }) {
  const kernel = new Kernel({
    sdkVersion: SDK_VERSION,
    clock: systemClock,
    logger: silentLogger,
    faultThreshold: 1_000,
  });
  const instruments = new InstrumentRegistry();
  const marketData = new MarketDataManager({
    kernel,
    instruments,
    barStore: NO_BARS,
    policy: { priorities: { '*': ['demo'] }, staleAfterMs: 5_000, failbackAfterMs: 15_000 },
    backfillDays: 0,
    logger: silentLogger,
  });
  kernel.provide(services.instruments, instruments);
  kernel.provide(services.marketData, marketData);
  const entries = await Promise.all(
    ['@qmo/plugin-feed-demo', '@qmo/plugin-venue-sim', '@qmo/plugin-risk-limits'].map(pluginEntry),
  );
  await kernel.register(entries, {
    'feed-demo': { seed: 42, historyDays: 0, ...feed },
    'venue-sim': { ...venue },
  });
  marketData.start();
  await kernel.start();
  const failed = kernel.plugins().filter((p) => p.state !== 'running');
  if (failed.length > 0)
    throw new Error(`plugins not running: ${failed.map((p) => `${p.id} (${p.error?.message})`).join(', ')}`);
  await marketData.idle();

  const engine = new TradingEngine({
    kernel,
    store,
    instruments,
    marketData,
    logger: silentLogger,
    config: { defaultVenue: 'sim', riskRuleOrder },
  });
  await engine.start();
  return {
    kernel,
    instruments,
    marketData,
    engine,
    plugins: kernel.plugins(),
    /** Waits until every instrument has a quote from the feed (reference prices, marks, house liquidity). */
    async quotesFor(ids, timeoutMs = 10_000) {
      const until = performance.now() + timeoutMs;
      while (ids.some((id) => !marketData.lastQuote(id))) {
        if (performance.now() > until) throw new Error(`no quotes for ${ids.join(', ')}`);
        await sleep(20);
      }
    },
    async close() {
      await engine.stop();
      await kernel.stop();
      await marketData.stop();
    },
  };
}
