import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { type Clock, systemClock } from '../../plugin/clock.js';
import type { Disposable } from '../../plugin/disposable.js';
import type { FixDictionary } from '../dictionary.js';
import { FixSession } from '../session/session.js';
import { fixSessionId } from '../session/session-id.js';
import { FixConnection } from './connection.js';
import { sessionCallbacks } from './session-callbacks.js';
import type { FixMessageLog, FixSessionDefinition } from './types.js';

export interface FixAcceptorOptions {
  dictionary: FixDictionary;
  sessions: FixSessionDefinition[];
  /** Default: the system clock. */
  clock?: Clock;
  /** When given, a TLS server (key/cert/ca/requestCert…). */
  tls?: TlsOptions;
  /** Seconds a connection may stay without a valid Logon (default 10). */
  logonTimeout?: number;
  log?: FixMessageLog;
}

interface Entry {
  readonly definition: FixSessionDefinition;
  readonly session: FixSession;
  /** The connection the session is bound to, while it has one. */
  connection: FixConnection | undefined;
}

/**
 * Accepts FIX connections for a fixed set of sessions. A connection's first message must be a Logon
 * whose BeginString, SenderCompID and TargetCompID name a configured session, else it is closed
 * without an answer (as QuickFIX does); a connection for a session that already has one is closed
 * without disturbing it. Each session exists once, from construction on, and answers through
 * whichever connection is current.
 */
export class FixAcceptor {
  private readonly options: FixAcceptorOptions;
  private readonly clock: Clock;
  private readonly entries = new Map<string, Entry>();
  /** Entries by the Logon that opens them: BeginString, their SenderCompID, their TargetCompID. */
  private readonly byLogon = new Map<string, Entry>();
  private readonly pending = new Set<FixConnection>();
  private readonly sessionMap = new Map<string, FixSession>();
  private server: Server | undefined;
  private scheduleTimer: Disposable | undefined;

  constructor(options: FixAcceptorOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    for (const definition of options.sessions) {
      const id = fixSessionId(definition.settings);
      const entry: Entry = {
        definition,
        connection: undefined,
        session: new FixSession(
          { ...definition.settings, role: 'acceptor', dictionary: options.dictionary },
          this.clock,
          definition.store,
          sessionCallbacks(definition.application, () => entry.session, {
            connection: () => entry.connection,
            detach: () => {
              entry.connection = undefined;
            },
          }),
        ),
      };
      if (this.entries.has(id)) throw new Error(`FIX session ${id} is configured twice`);
      this.entries.set(id, entry);
      this.sessionMap.set(id, entry.session);
      const s = definition.settings;
      this.byLogon.set(logonKey(s.beginString ?? 'FIX.4.4', s.targetCompId, s.senderCompId), entry);
    }
  }

  /** The configured sessions by session id (they exist whether or not connected). */
  get sessions(): ReadonlyMap<string, FixSession> {
    return this.sessionMap;
  }

  /** Starts listening; port 0 takes any free port. */
  listen(port = 0, host?: string): Promise<{ port: number }> {
    const accept = (socket: Socket) => this.accept(socket);
    const server = this.options.tls ? createTlsServer(this.options.tls, accept) : createServer(accept);
    // A failed TLS handshake is the peer's problem, not ours.
    server.on('tlsClientError', (_error: Error, socket: Socket) => socket.destroy());
    this.server = server;
    if (this.options.sessions.some((d) => d.schedule)) {
      this.scheduleTimer = this.clock.setInterval(() => this.checkSchedules(), 1000);
    }
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        server.on('error', () => {});
        const address = server.address();
        resolve({ port: typeof address === 'object' && address ? address.port : port });
      });
    });
  }

  /**
   * Logs out the logged-on sessions (waiting for their answers up to their logoutTimeout), then
   * closes every connection and the server.
   */
  async close(): Promise<void> {
    this.scheduleTimer?.dispose();
    this.scheduleTimer = undefined;
    const server = this.server;
    this.server = undefined;
    const closing = server ? new Promise<void>((resolve) => server.close(() => resolve())) : undefined;
    for (const connection of this.pending) connection.close();
    this.pending.clear();
    const waits: Promise<void>[] = [];
    for (const entry of this.entries.values()) {
      const connection = entry.connection;
      if (!connection) continue;
      if (entry.session.isLoggedOn) {
        entry.session.logout();
        waits.push(connection.closedOrAfter((entry.definition.settings.logoutTimeout ?? 2) * 1000));
      }
    }
    await Promise.all(waits);
    for (const entry of this.entries.values()) {
      const connection = entry.connection;
      entry.connection = undefined;
      if (!connection) continue;
      connection.close();
      entry.session.disconnected();
    }
    await closing;
  }

  private accept(socket: Socket): void {
    const connection = new FixConnection(socket, {
      log: this.options.log,
      unbound: (c, frame) => this.logon(c, frame),
      closed: (c) => {
        this.pending.delete(c);
        for (const entry of this.entries.values()) if (entry.connection === c) entry.connection = undefined;
      },
    });
    this.pending.add(connection);
    const timeout = this.clock.setTimeout(
      () => {
        if (!connection.boundSession) connection.close();
      },
      (this.options.logonTimeout ?? 10) * 1000,
    );
    socket.once('close', () => timeout.dispose());
  }

  /** The first complete message of a connection. */
  private logon(connection: FixConnection, frame: Uint8Array): void {
    this.pending.delete(connection);
    const header = headerOf(frame);
    const entry =
      header.get(35) === 'A'
        ? this.byLogon.get(logonKey(header.get(8) ?? '', header.get(49) ?? '', header.get(56) ?? ''))
        : undefined;
    const schedule = entry?.definition.schedule;
    const now = this.clock.now();
    if (!entry || entry.connection || (schedule && !schedule.isInSession(now))) {
      connection.close();
      return;
    }
    const store = entry.definition.store;
    if (schedule && store.creationTime && store.creationTime() < schedule.periodStart(now)) store.reset();
    entry.connection = connection;
    connection.bind(entry.session);
    entry.session.connected();
    this.options.log?.(entry.session.sessionId, 'in', frame);
    entry.session.receive(frame);
  }

  /** Once a second: out of its window a session is logged out; a new period starts from seqnum 1. */
  private checkSchedules(): void {
    const now = this.clock.now();
    for (const entry of this.entries.values()) {
      const schedule = entry.definition.schedule;
      if (!schedule) continue;
      const session = entry.session;
      const store = entry.definition.store;
      const stale = store.creationTime !== undefined && store.creationTime() < schedule.periodStart(now);
      if (schedule.isInSession(now) && !stale) continue;
      if (session.isLoggedOn)
        session.logout(schedule.isInSession(now) ? 'New session period' : 'Session end');
      else if (session.state === 'disconnected' && stale && schedule.isInSession(now)) store.reset();
      else if (session.state === 'awaitingLogon') {
        entry.connection?.close();
        entry.connection = undefined;
        session.disconnected();
      }
    }
  }
}

function logonKey(beginString: string, sender: string, target: string): string {
  return `${beginString}\u0001${sender}\u0001${target}`;
}

/** BeginString, MsgType, SenderCompID and TargetCompID of a frame, read without the dictionary. */
function headerOf(frame: Uint8Array): Map<number, string> {
  const out = new Map<number, string>();
  let p = 0;
  for (let n = 0; n < 16 && p < frame.length && out.size < 4; n++) {
    let eq = p;
    while (eq < frame.length && frame[eq] !== 61 && frame[eq] !== 1) eq++;
    let soh = eq;
    while (soh < frame.length && frame[soh] !== 1) soh++;
    const tag = Number(Buffer.from(frame.subarray(p, eq)).toString('latin1'));
    if ((tag === 8 || tag === 35 || tag === 49 || tag === 56) && !out.has(tag) && eq < soh)
      out.set(tag, Buffer.from(frame.subarray(eq + 1, soh)).toString('latin1'));
    p = soh + 1;
  }
  return out;
}
