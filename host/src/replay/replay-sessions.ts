import { join } from 'node:path';
import type { Kernel } from '@qmo/core';
import {
  type Clock,
  type Disposable,
  dec,
  ERROR_CODES,
  errorMessage,
  type Instrument,
  type InstrumentDirectory,
  type Logger,
  NotFoundError,
  QmoError,
  type Timeframe,
  type Timestamp,
  UnknownInstrumentError,
} from '@qmo/sdk';
import { ReplayError } from './errors.js';
import {
  type HostBars,
  ReplaySession,
  type ReplaySessionOptions,
  type ReplayVenue,
} from './replay-session.js';

/** Host configuration of paper trading in bar replay (`replay` in qmo.config.ts). */
export interface ReplayConfig {
  /** Id of the venue plugin each session runs its own instance of. */
  venue: string;
  maxSessionsPerUser: number;
  /** A session not used for this long is ended. */
  idleMinutes: number;
  /** Paper cash of a session when the request names none. */
  startingCash: string;
}

export interface ReplaySessionsOptions {
  config: ReplayConfig;
  /** The host kernel: the venue plugin is taken from it (never imported). */
  kernel: Kernel;
  instruments: InstrumentDirectory;
  bars: HostBars;
  /** Configuration of each plugin in the host (`plugins.config`); the venue's is the sessions' base. */
  pluginConfig: Record<string, unknown>;
  /** Wall time (the host clock): live time and idle expiry. */
  clock: Clock;
  logger: Logger;
  /** The host's data folder; sandboxed plugins get theirs under `replay/`. */
  dataDir?: string;
}

export interface NewReplaySession {
  instrument: string;
  tf: Timeframe;
  start: Timestamp;
  cash?: string;
}

/**
 * The replay paper sessions of every user, in memory: each belongs to the user who opened it, a
 * user holds at most `maxSessionsPerUser`, and a session idle for `idleMinutes` is ended (its
 * sandbox kernel stopped). Not durable by design: a restart forgets them.
 */
export class ReplaySessions {
  private readonly sessions = new Map<string, ReplaySession>();
  private readonly sweeper: Disposable;
  private closed = false;
  /** Sessions opened so far: names each one's data folder. */
  private opened = 0;
  private sweeping: Promise<void> = Promise.resolve();
  /** Sessions being opened, per user (they count toward the cap). */
  private readonly opening = new Map<string, number>();

  constructor(private readonly options: ReplaySessionsOptions) {
    const idleMs = options.config.idleMinutes * 60_000;
    this.sweeper = options.clock.setInterval(() => void this.sweep(), Math.min(60_000, idleMs));
  }

  async create(userId: string, input: NewReplaySession): Promise<ReplaySession> {
    if (this.closed) throw new QmoError(ERROR_CODES.SERVICE_UNAVAILABLE, 'the host is shutting down');
    const { config } = this.options;
    const instrument = this.options.instruments.get(input.instrument);
    if (!instrument) throw new UnknownInstrumentError(input.instrument);
    const own = this.list(userId);
    const opening = this.opening.get(userId) ?? 0;
    if (own.length + opening >= config.maxSessionsPerUser) {
      throw new ReplayError(
        'too-many-sessions',
        `you have ${own.length + opening} replay sessions open, the most allowed; end one first`,
        { max: config.maxSessionsPerUser, sessions: own.map((s) => s.id) },
      );
    }
    // The slot is held while the session opens, so concurrent requests cannot pass the cap.
    this.opening.set(userId, opening + 1);
    try {
      return await this.open(userId, input, instrument);
    } finally {
      const left = (this.opening.get(userId) ?? 1) - 1;
      if (left > 0) this.opening.set(userId, left);
      else this.opening.delete(userId);
    }
  }

  private async open(
    userId: string,
    input: NewReplaySession,
    instrument: Instrument,
  ): Promise<ReplaySession> {
    const session = await this.openSession({
      id: crypto.randomUUID(),
      userId,
      instrument,
      tf: input.tf,
      start: input.start,
      cash: dec(input.cash ?? this.options.config.startingCash),
    });
    this.sessions.set(session.id, session);
    return session;
  }

  /** A session started with the host's venue, instruments and bars; none is left running when the host closes meanwhile. */
  private async openSession(
    fields: Pick<ReplaySessionOptions, 'id' | 'userId' | 'instrument' | 'tf' | 'start' | 'cash'>,
  ): Promise<ReplaySession> {
    const session = await ReplaySession.open({
      ...fields,
      venue: this.venue(),
      instruments: this.options.instruments,
      bars: this.options.bars,
      liveNow: () => this.options.clock.now(),
      logger: this.options.logger.child({ component: 'replay' }),
      // A folder per opened session (a reset opens another), removed when it ends: a venue that stores
      // state keeps it apart from other sessions.
      ...(this.options.dataDir
        ? { dataDir: join(this.options.dataDir, 'replay', `${fields.id}.${++this.opened}`) }
        : {}),
    });
    if (this.closed) {
      await session.dispose();
      throw new QmoError(ERROR_CODES.SERVICE_UNAVAILABLE, 'the host is shutting down');
    }
    session.lastUsed = this.options.clock.now();
    return session;
  }

  /** The user's session (touched: its idle time starts again); another user's is not found. */
  get(userId: string, id: string): ReplaySession {
    const session = this.sessions.get(id);
    if (!session || session.userId !== userId) throw new NotFoundError(`no replay session "${id}"`, { id });
    session.lastUsed = this.options.clock.now();
    return session;
  }

  list(userId: string): ReplaySession[] {
    return [...this.sessions.values()].filter((s) => s.userId === userId);
  }

  /** Starts the session again at `start` (same instrument, timeframe and cash; orders forgotten). */
  async reset(userId: string, id: string, start: Timestamp): Promise<ReplaySession> {
    const old = this.get(userId, id);
    const fresh = await this.openSession({
      id: old.id,
      userId,
      instrument: old.instrument,
      tf: old.tf,
      start,
      cash: old.state().account.startingCash,
    });
    if (this.sessions.get(id) !== old) {
      // Ended, or reset by another request, while this one opened: the new session is not kept.
      await fresh.dispose();
      throw new NotFoundError(`replay session "${id}" ended or was reset meanwhile`, { id });
    }
    this.sessions.set(id, fresh);
    await old.dispose();
    return fresh;
  }

  async delete(userId: string, id: string): Promise<void> {
    const session = this.get(userId, id);
    this.sessions.delete(id);
    await session.dispose();
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Ends the sessions idle for `idleMinutes` or more (after any sweep under way). */
  sweep(): Promise<void> {
    const run = this.sweeping.then(() => this.endIdle());
    this.sweeping = run.catch(() => {});
    return run;
  }

  private async endIdle(): Promise<void> {
    const cutoff = this.options.clock.now() - this.options.config.idleMinutes * 60_000;
    const idle = [...this.sessions.values()].filter((s) => s.lastUsed <= cutoff);
    for (const session of idle) {
      this.sessions.delete(session.id);
      await session.dispose().catch((error) =>
        this.options.logger.error('replay session did not stop', {
          id: session.id,
          error: errorMessage(error),
        }),
      );
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.sweeper.dispose();
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.dispose().catch(() => {})));
  }

  private venue(): ReplayVenue {
    const id = this.options.config.venue;
    const entry = this.options.kernel.pluginEntry(id);
    if (entry?.manifest.kind !== 'venue') {
      throw new QmoError(
        ERROR_CODES.SERVICE_UNAVAILABLE,
        `paper trading in replay needs the venue plugin "${id}" (replay.venue), which is not loaded`,
      );
    }
    const raw = this.options.pluginConfig[id];
    const config = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    return { entry, config };
  }
}
