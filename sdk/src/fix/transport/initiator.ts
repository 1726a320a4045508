import { connect as netConnect, type Socket } from 'node:net';
import { type ConnectionOptions, connect as tlsConnect } from 'node:tls';
import { type Clock, systemClock } from '../../plugin/clock.js';
import type { Disposable } from '../../plugin/disposable.js';
import type { FixDictionary } from '../dictionary.js';
import { FixSession } from '../session/session.js';
import { FixConnection } from './connection.js';
import { sessionCallbacks } from './session-callbacks.js';
import type { FixMessageLog, FixSessionDefinition } from './types.js';

export type FixInitiatorState = 'connecting' | 'loggedOn' | 'disconnected';

export interface FixInitiatorOptions {
  dictionary: FixDictionary;
  session: FixSessionDefinition;
  host: string;
  port: number;
  clock?: Clock;
  tls?: ConnectionOptions;
  /** Exponential backoff between connection attempts, default 1000 → 30000 ms. */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  log?: FixMessageLog;
  onState?(state: FixInitiatorState, detail?: string): void;
}

/**
 * Connects to a FIX acceptor and keeps one session logged on: Logon on every connection, and after
 * any disconnect a new attempt after an exponentially growing delay (reset by a successful Logon),
 * until `stop()`. With a schedule it connects only inside the session window.
 */
export class FixInitiator {
  readonly session: FixSession;
  private readonly options: FixInitiatorOptions;
  private readonly clock: Clock;
  private connection: FixConnection | undefined;
  private running = false;
  private attempts = 0;
  private retry: Disposable | undefined;
  private scheduleTimer: Disposable | undefined;

  constructor(options: FixInitiatorOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    const definition = options.session;
    this.session = new FixSession(
      { ...definition.settings, role: 'initiator', dictionary: options.dictionary },
      this.clock,
      definition.store,
      sessionCallbacks(definition.application, () => this.session, {
        connection: () => this.connection,
        detach: () => {
          this.connection = undefined;
        },
        onLogon: () => {
          this.attempts = 0;
          this.options.onState?.('loggedOn');
        },
      }),
    );
  }

  /** Connects, logs on, and reconnects with backoff after any disconnect until `stop()`. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempts = 0;
    if (this.options.session.schedule)
      this.scheduleTimer = this.clock.setInterval(() => this.checkSchedule(), 1000);
    this.connect();
  }

  /** Logs out (waiting for the answer up to logoutTimeout) and closes; no more reconnects. */
  async stop(): Promise<void> {
    this.running = false;
    this.retry?.dispose();
    this.retry = undefined;
    this.scheduleTimer?.dispose();
    this.scheduleTimer = undefined;
    const connection = this.connection;
    if (!connection) return;
    if (this.session.isLoggedOn) {
      this.session.logout();
      await connection.closedOrAfter((this.options.session.settings.logoutTimeout ?? 2) * 1000);
    }
    if (this.connection === connection) this.connection = undefined;
    connection.close();
    this.session.disconnected();
  }

  private connect(): void {
    this.retry = undefined;
    if (!this.running || this.connection) return;
    const schedule = this.options.session.schedule;
    const now = this.clock.now();
    if (schedule && !schedule.isInSession(now)) {
      this.retry = this.clock.setTimeout(() => this.connect(), 1000);
      return;
    }
    const store = this.options.session.store;
    if (schedule && store.creationTime && store.creationTime() < schedule.periodStart(now)) store.reset();
    this.options.onState?.('connecting');
    const { host, port, tls } = this.options;
    const socket: Socket = tls
      ? tlsConnect({ ...tls, host, port, servername: tls.servername ?? host })
      : netConnect({ host, port });
    const connection = new FixConnection(socket, {
      log: this.options.log,
      closed: (c, detail) => this.closed(c, detail),
    });
    connection.bind(this.session);
    this.connection = connection;
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      if (this.connection === connection) this.session.connected();
    });
  }

  private closed(connection: FixConnection, detail: string): void {
    if (this.connection === connection) this.connection = undefined;
    this.options.onState?.('disconnected', detail);
    if (!this.running || this.retry || this.connection) return;
    const initial = this.options.reconnect?.initialDelayMs ?? 1000;
    const max = this.options.reconnect?.maxDelayMs ?? 30_000;
    const delay = Math.min(max, initial * 2 ** this.attempts);
    this.attempts++;
    this.retry = this.clock.setTimeout(() => this.connect(), delay);
  }

  private checkSchedule(): void {
    const schedule = this.options.session.schedule;
    if (!schedule || !this.session.isLoggedOn) return;
    const now = this.clock.now();
    const store = this.options.session.store;
    if (!schedule.isInSession(now)) this.session.logout('Session end');
    else if (store.creationTime && store.creationTime() < schedule.periodStart(now))
      this.session.logout('New session period');
  }
}
