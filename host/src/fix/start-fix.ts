import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TlsOptions } from 'node:tls';
import type { Kernel, TradingEngine } from '@qmo/core';
import {
  type Clock,
  type Disposable,
  errorMessage,
  FINAL_ORDER_STATES,
  type InstrumentDirectory,
  type Logger,
  ORDER_STATES,
} from '@qmo/sdk';
import {
  FileMessageStore,
  FixAcceptor,
  type FixApplication,
  FixSchedule,
  type FixSession,
  type FixSessionDefinition,
  fixSessionId,
  loadFix44Dictionary,
} from '@qmo/sdk/fix';
import type { AccessControl, UserDirectory } from '../auth/index.js';
import type { FixAcceptorConfig, FixSessionConfig } from '../config/schema.js';
import { type DrizzleAuditJournal, DrizzleFixStore, type QmoDatabase } from '../db/index.js';
import type { Fields } from './fields.js';
import { readOrderMessage } from './inbound.js';
import { LinkWriter } from './link-writer.js';
import { FixMessageLog } from './message-log.js';
import { OrderEntry } from './order-entry.js';
import { OrderLinks } from './order-links.js';
import { OrderReports } from './order-reports.js';
import { type Recovered, recoverReports } from './report-recovery.js';
import { SessionUsers } from './session-user.js';

/** A session as the API shows it. */
export interface FixSessionInfo {
  id: string;
  senderCompId: string;
  targetCompId: string;
  user: string;
  state: FixSession['state'];
  /** Epoch ms of the current logon; null while not logged on. */
  loggedOnSince: number | null;
  nextSenderSeqNum: number;
  nextTargetSeqNum: number;
}

export interface FixGateway {
  /** The port the acceptor listens on. */
  readonly port: number;
  readonly store: DrizzleFixStore;
  sessions(): FixSessionInfo[];
  /** Roles or grants changed: the sessions' accounts are read again. */
  invalidateUsers(): void;
  /** Logs the sessions out and stops listening (before the trading engine stops). */
  stopAcceptor(): Promise<void>;
  /** After the engine stopped: no more reports, the message log written, the stores closed. */
  close(): Promise<void>;
}

export interface StartFixOptions {
  config: FixAcceptorConfig;
  /** Folder of the configuration file (TLS files are relative to it). */
  baseDir: string;
  dataDir: string;
  db: QmoDatabase;
  engine: TradingEngine;
  kernel: Kernel;
  instruments: InstrumentDirectory;
  journal: DrizzleAuditJournal;
  users: UserDirectory;
  access: AccessControl;
  clock: Clock;
  logger: Logger;
}

interface SessionRuntime {
  id: string;
  config: FixSessionConfig;
  store: FileMessageStore;
  loggedOnSince: number | null;
  /**
   * Application messages of the session, taken one after the other (a NewOrderSingle once its
   * submission has started: see `OrderEntry`).
   */
  queue: Promise<void>;
}

const WORKING_STATES = ORDER_STATES.filter((s) => !FINAL_ORDER_STATES.has(s));

/**
 * The FIX 4.4 acceptor gateway: buy-side sessions enter orders as their configured user (role and
 * account grants as for HTTP), the engine's events come back as ExecutionReports, every frame goes
 * to the `fix_messages` log, logons and logouts to the audit trail. Sequence numbers and sent
 * messages persist in `<dataDir>/fix/` (FileMessageStore), so a client gets what it missed by
 * ResendRequest, across host restarts too.
 */
export async function startFixGateway(options: StartFixOptions): Promise<FixGateway> {
  const { config, clock, engine } = options;
  const logger = options.logger.child({ component: 'fix' });
  const store = new DrizzleFixStore(options.db);
  const links = new OrderLinks(store, (error) =>
    logger.warn('FIX pending change not cleared', { error: errorMessage(error) }),
  );
  await links.load();
  const users = new SessionUsers({ users: options.users, access: options.access });
  const log = new FixMessageLog({ store, clock, logger });

  let acceptor: FixAcceptor | undefined;
  const send = (sessionId: string, msgType: string, body: Fields) => {
    const session = acceptor?.sessions.get(sessionId);
    if (!session) return;
    try {
      session.sendApplication(msgType, body);
    } catch (error) {
      logger.error('FIX message not sent', { sessionId, msgType, error: errorMessage(error) });
    }
  };
  const reports = new OrderReports({ links, send, clock });
  // Until the stores are compared with the database (recoverReports), the bus events wait here.
  let held: (() => void)[] | null = [];
  const recovered: Recovered[] = [];
  const wasRecovered = (orderId: string, updatedAt: number) =>
    recovered.some((r) => (r.orders.get(orderId) ?? -1) >= updatedAt);
  const subscriptions: Disposable[] = [
    options.kernel.bus.on('execution.created', (e) => {
      const report = () => {
        if (!recovered.some((r) => r.fillExecIds.has(`T-${e.executionId}`))) reports.onExecution(e);
      };
      if (held) held.push(report);
      else report();
    }),
    options.kernel.bus.on('order.updated', (o) => {
      const report = () => {
        if (!wasRecovered(o.orderId, o.updatedAt)) reports.onOrder(o);
      };
      if (held) held.push(report);
      else report();
    }),
  ];
  const entry = new OrderEntry({
    engine,
    instruments: options.instruments,
    store,
    links,
    linkWriter: new LinkWriter(store, logger),
    clock,
    logger,
  });

  const audit = (runtime: SessionRuntime, action: string, payload: Record<string, unknown>) =>
    options.journal
      .append({
        ts: clock.now(),
        actor: `fix:${runtime.id}`,
        action,
        subject: runtime.id,
        payload: { sessionId: runtime.id, user: runtime.config.user, ...payload },
      })
      .catch((error) =>
        logger.error('FIX session event not audited', {
          sessionId: runtime.id,
          action,
          error: errorMessage(error),
        }),
      );

  const runtimes: SessionRuntime[] = [];
  const definitions: FixSessionDefinition[] = [];
  const storeDir = join(options.dataDir, 'fix');
  try {
    for (const session of config.sessions) {
      const settings = {
        senderCompId: session.senderCompId,
        targetCompId: session.targetCompId,
        ...(session.heartBtInt !== undefined ? { heartBtInt: session.heartBtInt } : {}),
        ...(session.resetOnLogon !== undefined ? { resetOnLogon: session.resetOnLogon } : {}),
        ...(session.resetOnLogout !== undefined ? { resetOnLogout: session.resetOnLogout } : {}),
        ...(session.resetOnDisconnect !== undefined ? { resetOnDisconnect: session.resetOnDisconnect } : {}),
      };
      const id = fixSessionId(settings);
      const runtime: SessionRuntime = {
        id,
        config: session,
        store: FileMessageStore.open(storeDir, id, { now: () => clock.now() }),
        loggedOnSince: null,
        queue: Promise.resolve(),
      };
      runtimes.push(runtime);
      const application: FixApplication = {
        onLogon: (s) => {
          runtime.loggedOnSince = clock.now();
          users.invalidate(id);
          logger.info('FIX session logged on', { sessionId: id });
          void audit(runtime, 'fix.logon', {
            nextSenderSeqNum: runtime.store.nextSenderSeqNum(),
            nextTargetSeqNum: runtime.store.nextTargetSeqNum(),
            state: s.state,
          });
        },
        onLogout: () => {
          runtime.loggedOnSince = null;
          logger.info('FIX session logged out', { sessionId: id });
          void audit(runtime, 'fix.logout', {
            nextSenderSeqNum: runtime.store.nextSenderSeqNum(),
            nextTargetSeqNum: runtime.store.nextTargetSeqNum(),
          });
        },
        onMessage: (view, s) => {
          const message = readOrderMessage(view);
          const ctx = {
            sessionId: id,
            identity: () => users.resolve(id, session),
            refreshIdentity: () => {
              users.invalidate(id);
              return users.resolve(id, session);
            },
            reply: (msgType: string, body: Fields) => {
              try {
                s.sendApplication(msgType, body);
              } catch (error) {
                logger.error('FIX reply not sent', { sessionId: id, msgType, error: errorMessage(error) });
              }
            },
          };
          runtime.queue = runtime.queue
            .then(() => entry.handle(ctx, message))
            .catch((error) =>
              logger.error('FIX message not handled', {
                sessionId: id,
                msgType: message.msgType,
                error: errorMessage(error),
              }),
            );
        },
      };
      definitions.push({
        settings,
        store: runtime.store,
        application,
        ...(session.schedule ? { schedule: new FixSchedule(session.schedule) } : {}),
      });
    }
    acceptor = new FixAcceptor({
      dictionary: loadFix44Dictionary(),
      sessions: definitions,
      clock,
      log: log.record,
      ...(config.tls ? { tls: tlsOptions(config.tls, options.baseDir) } : {}),
    });
    for (const runtime of runtimes) {
      const result = await recoverReports({
        sessionId: runtime.id,
        store: runtime.store,
        db: store,
        send: (msgType, body) => send(runtime.id, msgType, body),
        now: clock.now(),
      });
      recovered.push(result);
      if (result.sent > 0)
        logger.warn('FIX reports recovered: order changes not reported before the restart', {
          sessionId: runtime.id,
          messages: result.sent,
        });
    }
    reports.seed(await engine.orders({ states: WORKING_STATES }));
    const waiting = held;
    held = null;
    for (const report of waiting) report();
    recovered.length = 0;
    const { port } = await acceptor.listen(config.port, config.host);
    logger.info('FIX acceptor listening', {
      fixPort: port,
      host: config.host,
      sessions: runtimes.map((r) => r.id),
    });

    let stopped: Promise<void> | undefined;
    const stopAcceptor = () => {
      stopped ??= (async () => {
        await acceptor?.close();
        await Promise.all(runtimes.map((r) => r.queue));
        await entry.idle();
      })();
      return stopped;
    };
    return {
      port,
      store,
      sessions: () =>
        runtimes.map((r) => {
          const session = acceptor?.sessions.get(r.id);
          return {
            id: r.id,
            senderCompId: r.config.senderCompId,
            targetCompId: r.config.targetCompId,
            user: r.config.user,
            state: session?.state ?? 'disconnected',
            loggedOnSince: session?.isLoggedOn ? r.loggedOnSince : null,
            nextSenderSeqNum: r.store.nextSenderSeqNum(),
            nextTargetSeqNum: r.store.nextTargetSeqNum(),
          };
        }),
      invalidateUsers: () => users.invalidate(),
      stopAcceptor,
      close: async () => {
        await stopAcceptor();
        for (const s of subscriptions) s.dispose();
        await log.close();
        for (const r of runtimes) r.store.close();
      },
    };
  } catch (error) {
    for (const s of subscriptions) s.dispose();
    await acceptor?.close().catch(() => {});
    await log.close();
    for (const r of runtimes) r.store.close();
    throw error;
  }
}

function tlsOptions(tls: NonNullable<FixAcceptorConfig['tls']>, baseDir: string): TlsOptions {
  const read = (file: string) => readFileSync(resolve(baseDir, file));
  return {
    key: read(tls.keyFile),
    cert: read(tls.certFile),
    ...(tls.caFile ? { ca: read(tls.caFile) } : {}),
    requestCert: tls.requestClientCert,
    rejectUnauthorized: tls.requestClientCert,
  };
}
