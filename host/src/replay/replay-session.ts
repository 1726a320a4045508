import { rm } from 'node:fs/promises';
import {
  createOrder,
  isCancelable,
  Kernel,
  type MarketDataManager,
  type PluginEntry,
  validateOrderRequest,
} from '@qmo/core';
import {
  type Bar,
  type Decimal,
  type Disposable,
  ERROR_CODES,
  type Execution,
  extensionPoints,
  type Instrument,
  type InstrumentDirectory,
  type Logger,
  type Money,
  NotFoundError,
  type Order,
  type Position,
  type Price,
  QmoError,
  SDK_VERSION,
  type Side,
  services,
  TIMEFRAME_MS,
  type Timeframe,
  type Timestamp,
  type VenueAdapter,
  type VenueEvents,
  VirtualClock,
} from '@qmo/sdk';
import { BarPlayer } from './bar-player.js';
import { ReplayError } from './errors.js';
import { PAPER_ACCOUNT, type PaperAccount, PaperBook, type PaperPnl } from './paper-book.js';
import { MAX_PATH_LEVELS } from './price-path.js';
import { ReplayMarketData } from './replay-market-data.js';

/** Stored bars of the host in [from, to), oldest first, the newest `limit` when cut. */
export type HostBars = MarketDataManager['bars'];

/** The venue plugin a session runs its own instance of, and the configuration it starts from. */
export interface ReplayVenue {
  entry: PluginEntry;
  config: Record<string, unknown>;
}

export interface ReplaySessionOptions {
  id: string;
  userId: string;
  instrument: Instrument;
  tf: Timeframe;
  /** The replay starts at the last closed bar opening at or before this instant. */
  start: Timestamp;
  cash: Money;
  venue: ReplayVenue;
  instruments: InstrumentDirectory;
  bars: HostBars;
  /** Wall time of the live market: no bar that has not closed by then is replayed. */
  liveNow: () => Timestamp;
  logger: Logger;
  /** The sandbox kernel's data folder, this session's own: removed when the session ends. */
  dataDir?: string;
}

export const PAPER_ORDER_TYPES = ['market', 'limit', 'stop', 'stop-limit'] as const;

export interface PaperOrderInput {
  side: Side;
  type: (typeof PAPER_ORDER_TYPES)[number];
  quantity: string;
  limitPrice?: string;
  stopPrice?: string;
}

export interface ReplaySessionState {
  id: string;
  instrument: string;
  tf: Timeframe;
  /** Open time of the first bar replayed. */
  start: Timestamp;
  /** The time the session was advanced to; bars opening after it are not known to the session. */
  cursor: Timestamp;
  /** Open time of the last bar revealed. */
  barTime: Timestamp;
  /** The session's replay clock. */
  now: Timestamp;
  /** The replay price: the last revealed bar's close. */
  price: Price;
  orders: Order[];
  executions: Execution[];
  position: Position;
  pnl: PaperPnl;
  account: PaperAccount;
}

/**
 * Limit and stop prices of working paper orders a session holds at most: each is visited by the bar
 * paths (a limit or stop order has one, a stop-limit two).
 */
export const MAX_WORKING_PRICES = MAX_PATH_LEVELS;
/** Bars one advance replays at most (the web app loads at most this many). */
export const MAX_ADVANCE_BARS = 100_000;
/** A bar's interval is cut in this many venue refresh periods (the house book follows each point in one). */
const REFRESHES_PER_BAR = 24;

/**
 * One practice session of bar replay: its own virtual clock at replay time and its own instance of
 * the venue plugin in a sandbox kernel on that clock, whose house liquidity follows the quotes and
 * trades the session plays from each revealed bar's price path. Paper orders go to that venue and
 * fill in replay time; nothing of it is stored (practice, not orders).
 */
export class ReplaySession {
  readonly id: string;
  readonly userId: string;
  readonly instrument: Instrument;
  readonly tf: Timeframe;
  readonly start: Timestamp;
  lastUsed = 0;
  private readonly clock: VirtualClock;
  private readonly market: ReplayMarketData;
  private readonly kernel: Kernel;
  private readonly book: PaperBook;
  private readonly interval: number;
  private readonly refreshMs: number;
  private adapter: VenueAdapter | null = null;
  private connection: Disposable | null = null;
  private cursor: Timestamp;
  private barTime: Timestamp;
  private readonly player: BarPlayer;
  private seq = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private disposed = false;

  private constructor(
    private readonly options: ReplaySessionOptions,
    first: Bar,
  ) {
    this.id = options.id;
    this.userId = options.userId;
    this.instrument = options.instrument;
    this.tf = options.tf;
    this.interval = TIMEFRAME_MS[options.tf];
    this.refreshMs = Math.floor(this.interval / REFRESHES_PER_BAR);
    this.start = first.ts;
    this.cursor = first.ts;
    this.barTime = first.ts;
    this.clock = new VirtualClock(first.ts);
    this.market = new ReplayMarketData(options.instrument.id, options.bars, first.ts);
    this.player = new BarPlayer({
      instrument: options.instrument,
      clock: this.clock,
      market: this.market,
      interval: this.interval,
      refreshMs: this.refreshMs,
    });
    this.book = new PaperBook(options.instrument, options.cash, options.logger);
    this.kernel = new Kernel({
      sdkVersion: SDK_VERSION,
      clock: this.clock,
      logger: options.logger,
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    });
  }

  /** Opens a session at the last closed bar opening at or before `options.start`, its venue started. */
  static async open(options: ReplaySessionOptions): Promise<ReplaySession> {
    const interval = TIMEFRAME_MS[options.tf];
    const live = options.liveNow();
    const candidates = await options.bars(
      options.instrument.id,
      options.tf,
      { from: 0, to: options.start + 1 },
      2,
    );
    const first = closed(candidates, interval, live).at(-1);
    if (!first) {
      throw new ReplayError(
        'no-bars',
        `no closed ${options.tf} bar of ${options.instrument.id} at or before ${iso(options.start)}`,
        { start: options.start },
      );
    }
    const session = new ReplaySession(options, first);
    try {
      await session.startVenue();
      session.reveal(first);
    } catch (error) {
      await session.dispose();
      throw error;
    }
    return session;
  }

  /** Reveals every closed bar opening after the last one revealed and at or before `to`, one by one. */
  advance(to: Timestamp): Promise<ReplaySessionState> {
    return this.exclusive(async () => {
      this.venue();
      if (to < this.cursor) {
        throw new ReplayError(
          'cursor-behind',
          `the session is at ${iso(this.cursor)}; it cannot go back to ${iso(to)} (reset it, or start a new session)`,
          { cursor: this.cursor, to },
        );
      }
      const live = this.options.liveNow();
      if (to + this.interval > live) {
        throw new ReplayError(
          'after-last-bar',
          `the ${this.tf} bar at ${iso(to)} has not closed yet (live time is ${iso(live)})`,
          { to, live },
        );
      }
      const { id } = this.instrument;
      const later = await this.options.bars(id, this.tf, { from: to, to: live }, 1);
      if (later.length === 0) {
        throw new ReplayError('after-last-bar', `no stored ${this.tf} bar of ${id} at or after ${iso(to)}`, {
          to,
        });
      }
      const stored = await this.options.bars(
        id,
        this.tf,
        { from: this.barTime + 1, to: to + 1 },
        MAX_ADVANCE_BARS + 1,
      );
      if (stored.length > MAX_ADVANCE_BARS) {
        throw new ReplayError(
          'too-far',
          `advancing to ${iso(to)} would replay more than ${MAX_ADVANCE_BARS} bars at once; advance in steps`,
          { to, max: MAX_ADVANCE_BARS },
        );
      }
      const bars = closed(stored, this.interval, live);
      this.player.playAll(bars, () => this.workingLevels());
      this.barTime = bars.at(-1)?.ts ?? this.barTime;
      this.cursor = to;
      return this.state();
    });
  }

  /** Places a paper order at the venue now (replay time); it is checked against the instrument's grid first. */
  place(input: PaperOrderInput): Promise<Order> {
    return this.exclusive(async () => {
      const adapter = this.venue();
      const prices = (input.limitPrice !== undefined ? 1 : 0) + (input.stopPrice !== undefined ? 1 : 0);
      if (this.workingLevels().length + prices > MAX_WORKING_PRICES) {
        throw new ReplayError(
          'too-many-orders',
          `a replay session holds at most ${MAX_WORKING_PRICES} limit and stop prices of working paper orders (a stop-limit order has two); cancel one first`,
          { max: MAX_WORKING_PRICES },
        );
      }
      const request = validateOrderRequest(
        {
          clientOrderId: `${this.id}-${this.seq + 1}`,
          account: PAPER_ACCOUNT,
          instrument: this.instrument.id,
          side: input.side,
          type: input.type,
          quantity: input.quantity as Decimal,
          ...(input.limitPrice !== undefined ? { limitPrice: input.limitPrice as Decimal } : {}),
          ...(input.stopPrice !== undefined ? { stopPrice: input.stopPrice as Decimal } : {}),
          timeInForce: input.type === 'market' ? 'IOC' : 'GTC',
        },
        this.instrument,
        this.clock.now(),
      );
      // A market order meets the replay price: the side it takes is brought to it first.
      if (request.type === 'market') this.player.bringTouch(request.side === 'buy' ? 'ask' : 'bid');
      const order = createOrder(request, {
        orderId: `P${++this.seq}`,
        venue: adapter.venue,
        submittedBy: this.userId,
        ts: this.clock.now(),
      });
      this.book.add(order);
      await adapter.submit(order);
      this.clock.runDue();
      return this.book.order(order.orderId)!;
    });
  }

  cancel(orderId: string): Promise<Order> {
    return this.exclusive(async () => {
      const adapter = this.venue();
      const order = this.book.order(orderId);
      if (!order) throw new NotFoundError(`no paper order "${orderId}" in this session`, { orderId });
      if (!isCancelable(order)) {
        throw new QmoError(ERROR_CODES.ORDER_NOT_CANCELABLE, `paper order ${orderId} is ${order.state}`, {
          orderId,
          state: order.state,
        });
      }
      this.book.apply(orderId, { type: 'cancel-requested' }, this.clock.now());
      await adapter.cancel(this.book.order(orderId)!);
      this.clock.runDue();
      return this.book.order(orderId)!;
    });
  }

  state(): ReplaySessionState {
    const mark = this.player.price;
    return {
      id: this.id,
      instrument: this.instrument.id,
      tf: this.tf,
      start: this.start,
      cursor: this.cursor,
      barTime: this.barTime,
      now: this.clock.now(),
      price: mark ?? ('0' as Price),
      orders: this.book.orders(),
      executions: this.book.executions(),
      position: this.book.position(mark),
      pnl: this.book.pnl(mark),
      account: this.book.account(mark),
    };
  }

  /** Timers still set on the session's clock (none once it is disposed). */
  get pendingTimers(): number {
    return this.clock.pendingTimers;
  }

  /** Stops the sandbox kernel (the venue and its timers) after any operation under way. */
  dispose(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.disposed = true;
    const done = this.chain.then(async () => {
      await this.connection?.dispose();
      this.connection = null;
      await this.kernel.stop();
      this.market.dispose();
      if (this.options.dataDir) await rm(this.options.dataDir, { recursive: true, force: true });
    });
    this.chain = done.catch(() => {});
    return done;
  }

  // ——— the sandboxed venue ———

  private async startVenue(): Promise<void> {
    const { entry, config } = this.options.venue;
    const id = entry.manifest.id;
    this.kernel.provide(services.instruments, this.options.instruments);
    this.kernel.provide(services.marketData, this.market);
    await this.kernel.register([entry], {
      [id]: {
        ...config,
        // Orders are processed at once in replay time; the house book follows each path point.
        latencyMs: 0,
        refreshMs: this.refreshMs,
        houseDepth: 1,
        houseSizeFactor: 1,
        marketOpen: true,
        instruments: [this.instrument.id],
      },
    });
    await this.kernel.start();
    const report = this.kernel.plugin(id);
    const adapter = this.kernel.contributions
      .list(extensionPoints.venues)
      .find((c) => c.pluginId === id)?.value;
    if (report?.state !== 'running' || !adapter) {
      throw new QmoError(
        ERROR_CODES.SERVICE_UNAVAILABLE,
        `the replay venue "${id}" did not start: ${report?.error?.message ?? report?.state ?? 'not loaded'}`,
      );
    }
    this.adapter = adapter;
    this.connection = await adapter.connect(this.events());
  }

  private events(): VenueEvents {
    const now = () => this.clock.now();
    return {
      accepted: (orderId, venueOrderId) =>
        this.book.apply(orderId, { type: 'accepted', venueOrderId }, now()),
      rejected: (orderId, reason) =>
        this.book.apply(orderId, { type: 'rejected', reason: { source: 'venue', ...reason } }, now()),
      executed: (execution) => this.book.fill(execution),
      canceled: (orderId) => this.book.apply(orderId, { type: 'canceled' }, now()),
      expired: (orderId) => this.book.apply(orderId, { type: 'expired' }, now()),
      cancelRejected: (orderId) => this.book.apply(orderId, { type: 'cancel-rejected' }, now()),
      replaced: () => {},
      connection: () => {},
    };
  }

  private venue(): VenueAdapter {
    if (this.disposed || !this.adapter) throw new NotFoundError(`replay session "${this.id}" has ended`);
    return this.adapter;
  }

  /** Plays one bar on the venue, with the working orders' prices on its path. */
  private reveal(bar: Bar): void {
    const levels = this.workingLevels();
    this.player.play(bar, levels.length > 0 ? levels : null);
    this.barTime = bar.ts;
  }

  /** Limit and stop prices of the working paper orders. */
  private workingLevels(): Decimal[] {
    return this.book
      .working()
      .flatMap((o) => [o.limitPrice, o.stopPrice])
      .filter((p): p is Decimal => p !== undefined);
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task);
    this.chain = run.catch(() => {});
    return run;
  }
}

/** Bars that had closed by `live`, oldest first. */
function closed(bars: readonly Bar[], interval: number, live: Timestamp): Bar[] {
  return bars.filter((b) => b.closed && b.ts + interval <= live).sort((a, b) => a.ts - b.ts);
}

function iso(ts: Timestamp): string {
  return Number.isFinite(ts) ? new Date(ts).toISOString() : String(ts);
}
