import {
  type Bar,
  bucketStart,
  type Disposable,
  DisposableStore,
  decimal,
  errorMessage,
  extensionPoints,
  type FeedSink,
  type InstrumentId,
  type L2Snapshot,
  type Logger,
  type MarketDataFeed,
  type MarketDataMessage,
  type MarketDataReader,
  type Quote,
  type Timeframe,
  type Timestamp,
  toDisposable,
  UnknownInstrumentError,
} from '@qmo/sdk';
import type { InstrumentRegistry } from '../instruments/instrument-registry.js';
import type { Contribution } from '../kernel/contribution-registry.js';
import type { Kernel } from '../kernel/kernel.js';
import type { BarStore } from '../ports/bar-store.js';
import { BarAggregator } from './bar-aggregator.js';
import { L2Book } from './l2-book.js';
import { SourceManager, type SourcePolicy } from './source-manager.js';

export interface MarketDataManagerOptions {
  kernel: Kernel;
  instruments: InstrumentRegistry;
  barStore: BarStore;
  policy: SourcePolicy;
  /** History fetched from a feed when an instrument has no stored bars. */
  backfillDays: number;
  logger: Logger;
  /** How often staleness, failback and bar closing are checked. */
  evaluateEveryMs?: number;
  /** History backfill waits for this (the host opens it once it listens, so a first start is reachable at once). */
  backfillAfter?: Promise<void>;
}

const DAY_MS = 86_400_000;
const BACKFILL_CHUNK_MS = 2 * DAY_MS;

/**
 * Runs the feeds plugins contribute: registers their instruments, passes on only each
 * instrument's active source (see SourceManager), keeps books and last quotes, builds and
 * stores 1-minute bars, and backfills history on first start.
 */
export class MarketDataManager implements MarketDataReader {
  readonly sources: SourceManager;
  private readonly store = new DisposableStore();
  private readonly feeds = new Map<
    string,
    { contribution: Contribution<MarketDataFeed>; resources: DisposableStore }
  >();
  private readonly books = new Map<string, L2Book>();
  private readonly quotes = new Map<InstrumentId, Quote>();
  private readonly aggregator: BarAggregator;
  private readonly tasks = new Set<Promise<void>>();
  private readonly backfilling = new Set<InstrumentId>();
  private writes: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: MarketDataManagerOptions) {
    const { kernel } = options;
    this.sources = new SourceManager(options.policy, kernel.clock, (change) => {
      kernel.bus.emit('marketdata.source', change);
      const book = change.to === null ? undefined : this.books.get(bookKey(change.instrument, change.to));
      if (book?.inSync) kernel.bus.emit('marketdata.book', book.snapshot(50));
    });
    this.aggregator = new BarAggregator((bar) => {
      kernel.bus.emit('marketdata.bar', bar);
      if (bar.closed) this.persist([bar]);
    });
  }

  start(): void {
    const { kernel } = this.options;
    this.store.add(
      kernel.contributions.watch(extensionPoints.feeds, {
        added: (c) => this.track(this.attach(c)),
        removed: (c) => this.track(this.detach(c.value.source, c)),
      }),
    );
    this.store.add(
      kernel.clock.setInterval(() => {
        this.sources.evaluate();
        this.aggregator.closeDue(kernel.clock.now());
      }, this.options.evaluateEveryMs ?? 250),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.store.dispose();
    for (const source of [...this.feeds.keys()]) await this.detach(source);
    await this.idle();
  }

  /** Resolves when every feed attached so far is subscribed and backfilled, and bars are written. */
  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
    await this.writes;
  }

  subscribe(instrument: InstrumentId, handler: (message: MarketDataMessage) => void): Disposable {
    if (!this.options.instruments.get(instrument)) throw new UnknownInstrumentError(instrument);
    const bus = this.options.kernel.bus;
    const forward = (m: MarketDataMessage) => {
      if (m.instrument === instrument) handler(m);
    };
    const subs = [
      bus.on('marketdata.quote', forward),
      bus.on('marketdata.trade', forward),
      bus.on('marketdata.book', forward),
      bus.on('marketdata.bar', forward),
    ];
    return toDisposable(() => {
      for (const s of subs) s.dispose();
    });
  }

  lastQuote(instrument: InstrumentId): Quote | null {
    return this.quotes.get(instrument) ?? null;
  }

  activeSource(instrument: InstrumentId): string | null {
    return this.sources.active(instrument);
  }

  /** The active source's book, best levels first. */
  book(instrument: InstrumentId, depth = 20): L2Snapshot | null {
    const source = this.sources.active(instrument);
    const book = source === null ? undefined : this.books.get(bookKey(instrument, source));
    return book?.inSync ? book.snapshot(depth) : null;
  }

  /** Stored bars, plus the forming 1-minute bar when it falls in range. */
  async bars(
    instrument: InstrumentId,
    tf: Timeframe,
    range: { from: Timestamp; to: Timestamp },
    limit?: number,
  ): Promise<Bar[]> {
    if (!this.options.instruments.get(instrument)) throw new UnknownInstrumentError(instrument);
    await this.writes;
    const bars = await this.options.barStore.query(instrument, tf, range, limit);
    const forming = this.aggregator.forming1m(instrument);
    if (!forming) return bars;
    const merged = mergeForming(bars, forming, tf, range);
    return limit !== undefined && merged.length > limit ? merged.slice(-limit) : merged;
  }

  formingBar(instrument: InstrumentId): Bar | undefined {
    return this.aggregator.forming1m(instrument);
  }

  private track(task: Promise<void>): void {
    const tracked = task.catch((error) =>
      this.options.logger.error('market-data task failed', { error: errorMessage(error) }),
    );
    this.tasks.add(tracked);
    void tracked.finally(() => this.tasks.delete(tracked));
  }

  private async attach(contribution: Contribution<MarketDataFeed>): Promise<void> {
    const feed = contribution.value;
    const { instruments, logger } = this.options;
    if (this.feeds.has(feed.source)) {
      contribution.fault(new Error(`source "${feed.source}" is already provided by another feed`));
      return;
    }
    const resources = new DisposableStore();
    this.feeds.set(feed.source, { contribution, resources });
    let list: Awaited<ReturnType<MarketDataFeed['instruments']>>;
    try {
      list = await feed.instruments();
    } catch (error) {
      contribution.fault(error);
      return;
    }
    if (this.feeds.get(feed.source)?.contribution !== contribution) return;
    instruments.add(feed.source, list);
    const ids = list.map((i) => i.id);
    this.sources.addSource(feed.source, ids);
    resources.add(
      toDisposable(() => {
        this.sources.removeSource(feed.source);
        instruments.removeSource(feed.source);
      }),
    );
    const offered = new Set(ids);
    const sink: FeedSink = {
      publish: (message) => {
        if (message.source !== feed.source || !offered.has(message.instrument)) {
          contribution.fault(
            new Error(
              `feed "${feed.source}" published ${message.type} for ${message.instrument} from source "${message.source}"`,
            ),
          );
          return;
        }
        this.onMessage(message);
      },
      error: (instrument, error) => {
        logger.warn('feed reported an error', { source: feed.source, instrument, error: error.message });
        this.sources.error(feed.source, instrument, error);
      },
    };
    try {
      resources.add(await feed.subscribe(ids, sink));
    } catch (error) {
      contribution.fault(error);
      this.sources.error(feed.source, null, error instanceof Error ? error : new Error(String(error)));
    }
    if (feed.history) {
      await this.options.backfillAfter;
      await this.backfill(feed, ids, contribution);
    }
  }

  private async detach(source: string, contribution?: Contribution<MarketDataFeed>): Promise<void> {
    const entry = this.feeds.get(source);
    // A refused duplicate of a source going away must not take the feed that owns the source with it.
    if (!entry || (contribution !== undefined && entry.contribution !== contribution)) return;
    this.feeds.delete(source);
    for (const key of [...this.books.keys()]) if (key.endsWith(`|${source}`)) this.books.delete(key);
    await entry.resources.dispose();
  }

  private onMessage(message: MarketDataMessage): void {
    const { bus } = this.options.kernel;
    if (message.type === 'l2.snapshot' || message.type === 'l2.delta') {
      const key = bookKey(message.instrument, message.source);
      let book = this.books.get(key);
      if (!book) {
        book = new L2Book(message.instrument, message.source);
        this.books.set(key, book);
      }
      book.apply(message);
    }
    const wasActive = this.sources.active(message.instrument) === message.source;
    if (!this.sources.observe(message.source, message.instrument)) return;
    switch (message.type) {
      case 'quote':
        this.quotes.set(message.instrument, message);
        bus.emit('marketdata.quote', message);
        break;
      case 'trade':
        bus.emit('marketdata.trade', message);
        this.aggregator.addTrade(message);
        break;
      case 'bar':
        bus.emit('marketdata.bar', message);
        break;
      default:
        // A switch to this source just emitted its book snapshot, which already includes this delta:
        // passing the delta on too would look like a repeated seq (a gap) to anyone following the book.
        if (
          !wasActive &&
          message.type === 'l2.delta' &&
          this.books.get(bookKey(message.instrument, message.source))?.inSync
        )
          break;
        bus.emit('marketdata.book', message);
    }
  }

  private async backfill(
    feed: MarketDataFeed,
    ids: InstrumentId[],
    contribution: Contribution<MarketDataFeed>,
  ): Promise<void> {
    const { barStore, kernel, logger, backfillDays } = this.options;
    const end = bucketStart(kernel.clock.now(), '1m');
    for (const id of ids) {
      if (this.stopped) return;
      if (this.backfilling.has(id)) continue;
      this.backfilling.add(id);
      try {
        const latest = await barStore.latest(id);
        const start = Math.max(latest ? latest.ts + 60_000 : 0, end - backfillDays * DAY_MS);
        let written = 0;
        for (let from = start; from < end && !this.stopped; from += BACKFILL_CHUNK_MS) {
          const bars = await feed.history!(id, { from, to: Math.min(end, from + BACKFILL_CHUNK_MS) });
          await barStore.upsert(bars);
          written += bars.length;
        }
        if (written > 0)
          logger.info('history backfilled', { instrument: id, source: feed.source, bars: written });
      } catch (error) {
        contribution.fault(error);
        logger.error('history backfill failed', {
          instrument: id,
          source: feed.source,
          error: errorMessage(error),
        });
      } finally {
        this.backfilling.delete(id);
      }
    }
  }

  private persist(bars: Bar[]): void {
    this.writes = this.writes
      .then(() => this.options.barStore.upsert(bars))
      .catch((error) => this.options.logger.error('bar write failed', { error: errorMessage(error) }));
  }
}

/** Folds the forming 1-minute bar into the last bar of the series, or appends it as a new bar. */
function mergeForming(
  bars: Bar[],
  forming: Bar,
  tf: Timeframe,
  range: { from: Timestamp; to: Timestamp },
): Bar[] {
  const ts = bucketStart(forming.ts, tf);
  if (ts < range.from || ts >= range.to) return bars;
  const last = bars.at(-1);
  if (last && last.ts === ts) {
    const merged: Bar = {
      ...last,
      high: decimal.cmp(last.high, forming.high) >= 0 ? last.high : forming.high,
      low: decimal.cmp(last.low, forming.low) <= 0 ? last.low : forming.low,
      close: forming.close,
      volume: decimal.add(last.volume, forming.volume),
      closed: false,
    };
    return [...bars.slice(0, -1), merged];
  }
  if (last && last.ts > ts) return bars;
  return [...bars, { ...forming, tf, ts, closed: false }];
}

function bookKey(instrument: InstrumentId, source: string): string {
  return `${instrument}|${source}`;
}
