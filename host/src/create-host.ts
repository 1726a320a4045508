import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import {
  discoverPlugins,
  InstrumentRegistry,
  Kernel,
  MarketDataManager,
  type TradingEngine,
} from '@qmo/core';
import {
  type Clock,
  ConfigInvalidError,
  ERROR_CODES,
  errorMessage,
  type Logger,
  QmoError,
  SDK_VERSION,
  services,
  systemClock,
} from '@qmo/sdk';
import { Server as SocketServer } from 'socket.io';
import { AdvisorService } from './advisors/advisor-service.js';
import {
  AccessControl,
  type AuthEvent,
  createAuth,
  ensureBootstrapAdmin,
  hostBaseURL,
  resolveAuthSecret,
  socketAuth,
} from './auth/index.js';
import type { LoadedConfig } from './config/load-config.js';
import {
  type DatabaseHandle,
  DrizzleBarStore,
  DrizzleFixStore,
  DrizzlePluginStorageProvider,
  DrizzlePreferenceStore,
  openDatabase,
} from './db/index.js';
import { type FixGateway, startFixGateway } from './fix/start-fix.js';
import { createHttpApp } from './http/app.js';
import { IndicatorModules } from './indicators/indicator-modules.js';
import { IndicatorService } from './indicators/indicator-service.js';
import { SharedBarReads } from './indicators/shared-bar-reads.js';
import { createLogger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { ReplaySessions } from './replay/replay-sessions.js';
import { startAccountStream } from './stream/account-stream.js';
import { startAdvisorStream } from './stream/advisor-stream.js';
import { startSocketGateway } from './stream/socket-gateway.js';
import { startTrading, type TradingServices } from './trading/start-trading.js';
import { findUiDir } from './ui-dir.js';
import { HOST_VERSION } from './version.js';

export interface HostOptions {
  clock?: Clock;
  logger?: Logger;
  /** Serve this folder as the web UI instead of the built `@qmo/ui`. */
  uiDir?: string | null;
  /** Environment read for the bootstrap admin (QMO_ADMIN_EMAIL, QMO_ADMIN_PASSWORD); default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningHost {
  readonly url: string;
  readonly port: number;
  /** The FIX acceptor's port, when `fix.acceptor` is configured. */
  readonly fixPort: number | null;
  readonly kernel: Kernel;
  readonly marketData: MarketDataManager;
  readonly database: DatabaseHandle;
  readonly trading: TradingEngine;
  readonly services: TradingServices;
  /** Resolves when the initial plugin start and history backfill are done. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a QMO host: database (migrated), kernel with the configured plugins, market data,
 * HTTP API + web UI and socket.io streams on one Node server.
 */
export async function startHost(loaded: LoadedConfig, options: HostOptions = {}): Promise<RunningHost> {
  const { config } = loaded;
  const logger = options.logger ?? createLogger(config.logLevel).logger;
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();

  const kernel = new Kernel({
    sdkVersion: SDK_VERSION,
    clock,
    logger,
    faultThreshold: config.plugins.faultThreshold,
    dataDir: loaded.dataDir,
  });
  // Plugins are found and their configuration checked before anything else starts, so a bad config fails fast.
  const disabled = new Set(config.plugins.disabled);
  const candidates = discoverPlugins(
    { search: config.plugins.search, load: config.plugins.load },
    loaded.baseDir,
  ).filter((c) => !(c.manifest.ok && disabled.has(c.manifest.manifest.id)));
  await kernel.registerDiscovered(candidates, config.plugins.config);
  const badConfig = kernel.plugins().filter((p) => p.error?.code === ERROR_CODES.CONFIG_INVALID);
  if (badConfig.length > 0) {
    throw new ConfigInvalidError(
      badConfig.map((p) => `plugins.config.${p.id}: ${p.error?.message}`).join('\n'),
      badConfig.map((p) => ({ path: `plugins.config.${p.id}`, message: p.error?.message ?? '' })),
    );
  }

  const database = await openDatabase({
    dataDir: loaded.dataDir,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    logger,
  });
  logger.info('database open', { kind: database.kind, location: database.location });

  const instruments = new InstrumentRegistry();
  let openBackfill = () => {};
  const listening = new Promise<void>((resolve) => {
    openBackfill = resolve;
  });
  const marketData = new MarketDataManager({
    kernel,
    instruments,
    barStore: new DrizzleBarStore(database.db),
    policy: {
      priorities: config.marketData.sources,
      staleAfterMs: config.marketData.staleAfterMs,
      failbackAfterMs: config.marketData.failbackAfterMs,
    },
    backfillDays: config.marketData.backfillDays,
    logger: logger.child({ component: 'marketdata' }),
    backfillAfter: listening,
  });
  const pluginStorage = new DrizzlePluginStorageProvider(database.db);
  kernel.provide(services.instruments, instruments);
  kernel.provide(services.marketData, marketData);
  kernel.providePerPlugin(services.storage, (plugin) => pluginStorage.forPlugin(plugin.id));

  let tradingServices: TradingServices;
  try {
    marketData.start();
    await kernel.start();
    tradingServices = await startTrading({
      db: database.db,
      kernel,
      instruments,
      marketData,
      config: config.trading,
      clock,
      logger,
    });
  } catch (error) {
    openBackfill();
    await kernel.stop().catch(() => {});
    await marketData.stop().catch(() => {});
    await database.close();
    throw error;
  }
  const trading = tradingServices.engine;
  const { journal } = tradingServices;

  // Open sockets follow changes of their user's role, grants and keys (set once the stream runs).
  let refreshSockets = async (_userId: string) => {};
  // The FIX sessions read their user's accounts again after a change of roles or grants.
  let fix: FixGateway | null = null;
  const auth = createAuth({
    db: database.db,
    baseURL: hostBaseURL(config.auth.publicUrl),
    trustedOrigins: config.auth.trustedOrigins,
    secret: resolveAuthSecret({ dataDir: loaded.dataDir }),
    allowSignUp: config.auth.allowSignUp,
    logger,
    onAuthEvent: async (event) => {
      await journal.append({
        ts: clock.now(),
        actor: event.actor,
        action: event.action,
        ...(event.subject ? { subject: event.subject } : {}),
        payload: event.payload,
      });
      const affected = userAffectedBy(event);
      if (affected) fix?.invalidateUsers();
      if (affected) {
        await refreshSockets(affected).catch((error) =>
          logger.error('sockets not re-authenticated', { userId: affected, error: errorMessage(error) }),
        );
      }
    },
  });
  const bootstrap = await ensureBootstrapAdmin(auth, options.env ?? process.env);
  if (bootstrap) logger.info('bootstrap admin', { email: bootstrap.email, created: bootstrap.created });
  const access = new AccessControl({
    auth,
    listAccounts: () => trading.accounts().map((a) => a.id),
    accountsOfDesk: (desk) =>
      trading
        .accounts()
        .filter((a) => a.desk === desk)
        .map((a) => a.id),
  });

  if (config.fix.acceptor) {
    try {
      fix = await startFixGateway({
        config: config.fix.acceptor,
        baseDir: loaded.baseDir,
        dataDir: loaded.dataDir,
        db: database.db,
        engine: trading,
        kernel,
        instruments,
        journal,
        users: auth.users,
        access,
        clock,
        logger,
      });
    } catch (error) {
      openBackfill();
      await trading.stop().catch(() => {});
      await kernel.stop().catch(() => {});
      await marketData.stop().catch(() => {});
      await database.close();
      throw new QmoError(
        ERROR_CODES.SERVICE_UNAVAILABLE,
        `cannot start the FIX acceptor on ${config.fix.acceptor.host}:${config.fix.acceptor.port}: ${errorMessage(error)}`,
        {},
        { cause: error },
      );
    }
  }
  const fixGateway = fix;

  let readyReason: string | null = 'backfilling history';
  const ready = marketData.idle().then(() => {
    readyReason = null;
    logger.info('host ready');
  });

  const metrics = createMetrics();
  const indicatorModules = new IndicatorModules(kernel, logger);
  const barReads = new SharedBarReads(
    (instrument, tf, range, limit) => marketData.bars(instrument, tf, range, limit),
    () => kernel.clock.now(),
  );
  const indicators = new IndicatorService(kernel, barReads, indicatorModules);
  const advisors = new AdvisorService({ kernel, marketData, instruments, indicators, trading });
  const replay = new ReplaySessions({
    config: config.replay,
    kernel,
    instruments,
    bars: (instrument, tf, range, limit) => marketData.bars(instrument, tf, range, limit),
    pluginConfig: config.plugins.config,
    clock,
    logger,
    dataDir: loaded.dataDir,
  });
  const app = createHttpApp({
    kernel,
    marketData,
    instruments,
    indicators,
    indicatorModules,
    barReads,
    advisors,
    trading,
    replay,
    journal,
    tradingStore: tradingServices.store,
    fix: fixGateway
      ? { sessions: () => fixGateway.sessions(), store: fixGateway.store }
      : { sessions: () => [], store: new DrizzleFixStore(database.db) },
    preferences: new DrizzlePreferenceStore(database.db),
    auth,
    access,
    metrics,
    logger,
    branding: config.branding,
    version: HOST_VERSION,
    sdkVersion: SDK_VERSION,
    storage: database.kind,
    startedAt,
    notReadyReason: () => readyReason,
    uiDir: options.uiDir === undefined ? findUiDir() : options.uiDir,
  });

  const server = createAdaptorServer({ fetch: app.fetch });
  const io = new SocketServer(server, { serveClient: false });
  io.use(socketAuth(access));
  const accountStream = startAccountStream(io, kernel, access);
  refreshSockets = (userId) => accountStream.refresh(userId);
  const gateway = startSocketGateway({
    io,
    kernel,
    marketData,
    instruments,
    metrics,
    logger,
    bookDepth: config.marketData.bookDepth,
    bookThrottleMs: config.marketData.bookThrottleMs,
  });
  const advisorStream = startAdvisorStream({ io, kernel, advisors, access, logger });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      logger.info('shutting down');
      openBackfill();
      gateway.dispose();
      advisorStream.dispose();
      accountStream.dispose();
      await replay.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await fixGateway?.stopAcceptor();
      await trading.stop();
      await fixGateway?.close();
      await kernel.stop();
      await marketData.stop();
      await database.close();
      logger.info('stopped');
    })().catch((error) => logger.error('shutdown failed', { error: errorMessage(error) }));
    return closing;
  };

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    await close();
    throw new QmoError(
      ERROR_CODES.SERVICE_UNAVAILABLE,
      `cannot listen on ${config.host}:${config.port}: ${errorMessage(error)}`,
      {},
      { cause: error },
    );
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  logger.info('listening', { url, port, ...(fixGateway ? { fixPort: fixGateway.port } : {}) });
  openBackfill();

  return {
    url,
    port,
    fixPort: fixGateway?.port ?? null,
    kernel,
    marketData,
    database,
    trading,
    services: tradingServices,
    ready,
    close,
  };
}

/** The user whose open sockets an auth event may change: role or grants changed, an API key revoked. */
function userAffectedBy(event: AuthEvent): string | null {
  if (event.action === 'auth.grants.changed' || event.action === 'auth.role.changed') return event.subject;
  if (event.action === 'auth.apikey.revoked' && typeof event.payload.userId === 'string')
    return event.payload.userId;
  return null;
}
