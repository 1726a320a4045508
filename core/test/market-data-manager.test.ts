import {
  type Bar,
  bucketStart,
  type DefinedPlugin,
  dec,
  definePlugin,
  extensionPoints,
  type FeedSink,
  fromSteps,
  type Instrument,
  type InstrumentId,
  type MarketDataFeed,
  type MarketDataMessage,
  type QmoEvents,
  type SourceChange,
  silentLogger,
  type Trade,
  UnknownInstrumentError,
} from '@qmo/sdk';
import { FakeClock } from '@qmo/sdk/testing';
import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import {
  InstrumentRegistry,
  Kernel,
  L2Book,
  MarketDataManager,
  type PluginEntry,
  type SourcePolicy,
} from '../src/index.js';
import { entry, future, MemoryBarStore, MINUTE, manifest, SDK } from './helpers.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const DAY = 86_400_000;
const ES = 'ESZ6';
const TICK = dec('0.25');
const policy: SourcePolicy = {
  priorities: { '*': ['primary', 'backup'] },
  staleAfterMs: 2_000,
  failbackAfterMs: 10_000,
};

interface FeedControl {
  /** Source the feed declares. */
  source: string;
  /** Source stamped on messages (a lying feed stamps another one). */
  stampAs: string;
  /** Instrument published (a lying feed publishes one it does not offer). */
  publishFor?: InstrumentId;
  publishing: boolean;
  /** What each tick publishes. */
  kinds: ('quote' | 'trade' | 'l2')[];
  everyMs: number;
  baseTicks: number;
  size: string;
  instruments: Instrument[];
  withHistory: boolean;
  historyCalls: { instrument: InstrumentId; from: number; to: number }[];
  ticks: number;
  seq: number;
  sink?: FeedSink;
}

function control(source: string, overrides: Partial<FeedControl> = {}): FeedControl {
  return {
    source,
    stampAs: source,
    publishing: true,
    kinds: ['quote', 'trade', 'l2'],
    everyMs: 500,
    baseTicks: 18_000,
    size: '1',
    instruments: [future(ES)],
    withHistory: false,
    historyCalls: [],
    ticks: 0,
    seq: 0,
    ...overrides,
  };
}

/** A feed plugin publishing a quote, a trade and an L2 message per instrument on each tick of its own timer. */
function feedPlugin(c: FeedControl): DefinedPlugin<unknown> {
  return definePlugin({
    kind: 'feed',
    activate(ctx) {
      const feed: MarketDataFeed = {
        source: c.source,
        instruments: async () => c.instruments,
        subscribe(ids, sink) {
          c.sink = sink;
          return ctx.timers.setInterval(() => {
            if (!c.publishing) return;
            c.ticks++;
            const ts = ctx.clock.now();
            for (const id of ids) {
              const instrument = c.publishFor ?? id;
              const price = fromSteps(BigInt(c.baseTicks + ((c.ticks * 7) % 9)), TICK);
              const bid = fromSteps(BigInt(c.baseTicks), TICK);
              const ask = fromSteps(BigInt(c.baseTicks + 1), TICK);
              const base = { instrument, source: c.stampAs, ts };
              if (c.kinds.includes('quote'))
                sink.publish({ ...base, type: 'quote', bid, bidSize: dec('10'), ask, askSize: dec('12') });
              if (c.kinds.includes('trade'))
                sink.publish({ ...base, type: 'trade', price, size: dec(c.size), aggressor: 'buy' });
              if (!c.kinds.includes('l2')) continue;
              if (c.seq === 0) {
                c.seq = 1;
                sink.publish({
                  ...base,
                  type: 'l2.snapshot',
                  seq: 1,
                  bids: [{ price: bid, size: dec('10') }],
                  asks: [{ price: ask, size: dec('12') }],
                });
              } else {
                c.seq++;
                sink.publish({
                  ...base,
                  type: 'l2.delta',
                  seq: c.seq,
                  changes: [{ side: 'bid', price: bid, size: dec(String(10 + c.seq)) }],
                });
              }
            }
          }, c.everyMs);
        },
        ...(c.withHistory
          ? {
              async history(instrument, range) {
                c.historyCalls.push({ instrument, ...range });
                const bars: Bar[] = [];
                for (let ts = bucketStart(range.from, '1m'); ts < range.to; ts += MINUTE) {
                  if (ts < range.from) continue;
                  const px = dec('4400');
                  bars.push({
                    type: 'bar',
                    tf: '1m',
                    instrument,
                    source: c.source,
                    ts,
                    open: px,
                    high: px,
                    low: px,
                    close: px,
                    volume: dec('3'),
                    closed: true,
                  });
                }
                return bars;
              },
            }
          : {}),
      };
      ctx.register(extensionPoints.feeds, feed);
    },
  }) as DefinedPlugin<unknown>;
}

const feedEntry = (id: string, c: FeedControl): PluginEntry =>
  entry(manifest(id, { kind: 'feed', capabilities: ['marketdata:publish'] }), feedPlugin(c));

type MarketTopic = Extract<keyof QmoEvents, `marketdata.${string}`>;
type Logged = { [K in MarketTopic]: { topic: K; payload: QmoEvents[K]; active: string | null } }[MarketTopic];
type DataLogged = Exclude<Logged, { topic: 'marketdata.source' }>;
const isData = (l: Logged): l is DataLogged => l.topic !== 'marketdata.source';

interface WorldOptions {
  store?: MemoryBarStore;
  clock?: FakeClock;
  evaluateEveryMs?: number;
  extra?: PluginEntry[];
  faultThreshold?: number;
  /** Leave the backup quiet until the primary has become active (default true). */
  primaryFirst?: boolean;
}

async function startWorld(options: WorldOptions = {}) {
  const clock = options.clock ?? new FakeClock(T0);
  const kernel = new Kernel({ sdkVersion: SDK, clock, faultThreshold: options.faultThreshold ?? 5 });
  const instruments = new InstrumentRegistry();
  const store = options.store ?? new MemoryBarStore();
  const mdm = new MarketDataManager({
    kernel,
    instruments,
    barStore: store,
    policy,
    backfillDays: 1,
    logger: silentLogger,
    evaluateEveryMs: options.evaluateEveryMs ?? 250,
  });
  const primary = control('primary', { withHistory: true });
  const backup = control('backup', { baseTicks: 17_600, publishing: !(options.primaryFirst ?? true) });
  const log: Logged[] = [];
  for (const topic of [
    'marketdata.quote',
    'marketdata.trade',
    'marketdata.book',
    'marketdata.bar',
    'marketdata.source',
  ] as const) {
    kernel.bus.on(topic, (payload: QmoEvents[typeof topic]) =>
      log.push({ topic, payload, active: mdm.activeSource(payload.instrument) } as Logged),
    );
  }
  await kernel.register([
    feedEntry('feed-primary', primary),
    feedEntry('feed-backup', backup),
    ...(options.extra ?? []),
  ]);
  mdm.start();
  await kernel.start();
  await mdm.idle();
  if (options.primaryFirst ?? true) {
    clock.advance(primary.everyMs);
    backup.publishing = true;
  }
  const of = <K extends MarketTopic>(topic: K) =>
    log
      .filter((l): l is Extract<Logged, { topic: K }> => l.topic === topic)
      .map((l) => l.payload as QmoEvents[K]);
  return { clock, kernel, instruments, store, mdm, primary, backup, log, of };
}

describe('MarketDataManager with a real kernel and two feed plugins', () => {
  it('registers the feeds and their instruments, primary active', async () => {
    const w = await startWorld();
    expect(w.kernel.plugin('feed-primary')?.state).toBe('running');
    expect(w.instruments.get(ES)?.symbol).toBe(ES);
    expect(w.instruments.sourcesOf(ES).sort()).toEqual(['backup', 'primary']);
    expect(w.mdm.activeSource(ES)).toBe('primary');
    expect(w.of('marketdata.source')).toEqual([
      { instrument: ES, from: null, to: 'primary', reason: 'initial', ts: T0 + 500 },
    ]);
  });

  it('passes on only the active source’s messages', async () => {
    const w = await startWorld();
    const viaSubscribe: MarketDataMessage[] = [];
    const sub = w.mdm.subscribe(ES, (m) => viaSubscribe.push(m));
    w.clock.advance(5_000);
    expect(w.backup.ticks).toBeGreaterThan(5);
    const data = w.log.filter(isData);
    expect(data.length).toBeGreaterThan(20);
    for (const l of data) expect(l.payload.source).toBe('primary');
    expect(w.of('marketdata.quote').filter((q) => q.source === 'backup')).toEqual([]);
    expect(viaSubscribe.length).toBeGreaterThan(0);
    expect(viaSubscribe.every((m) => m.source === 'primary' && m.instrument === ES)).toBe(true);
    expect(w.mdm.lastQuote(ES)?.source).toBe('primary');
    expect(w.mdm.lastQuote(ES)?.ts).toBe(w.clock.now());
    sub.dispose();
    const count = viaSubscribe.length;
    w.clock.advance(1_000);
    expect(viaSubscribe).toHaveLength(count);
    await w.mdm.stop();
    await w.kernel.stop();
  });

  it('fails over to the backup when the primary stops publishing, and fails back later', async () => {
    const w = await startWorld();
    w.clock.advance(3_000);
    w.primary.publishing = false;
    const quietAt = w.clock.now();
    w.clock.advance(policy.staleAfterMs);
    expect(w.mdm.activeSource(ES)).toBe('primary'); // not stale before staleAfterMs has passed
    w.clock.advance(1_000);
    expect(w.mdm.activeSource(ES)).toBe('backup');
    const change = w.of('marketdata.source').at(-1) as SourceChange;
    expect(change).toMatchObject({ instrument: ES, from: 'primary', to: 'backup', reason: 'stale' });
    expect(change.ts).toBeGreaterThan(quietAt + policy.staleAfterMs);
    expect(change.ts).toBeLessThanOrEqual(quietAt + policy.staleAfterMs + 500);
    const afterSwitch = w.log.slice(w.log.findIndex((l) => l.payload === change) + 1);
    expect(afterSwitch.filter((l) => !isData(l))).toEqual([]);
    expect(afterSwitch.length).toBeGreaterThan(0);
    for (const l of afterSwitch.filter(isData)) expect(l.payload.source).toBe('backup');
    expect(w.mdm.lastQuote(ES)?.source).toBe('backup');

    w.primary.publishing = true;
    w.clock.advance(policy.failbackAfterMs - 1_000);
    expect(w.mdm.activeSource(ES)).toBe('backup');
    w.clock.advance(2_000);
    expect(w.mdm.activeSource(ES)).toBe('primary');
    expect(w.of('marketdata.source').at(-1)).toMatchObject({
      from: 'backup',
      to: 'primary',
      reason: 'failback',
    });
    await w.mdm.stop();
    await w.kernel.stop();
  });

  it('fails over at once when the active feed reports an error through its sink', async () => {
    const w = await startWorld();
    w.clock.advance(1_000);
    w.primary.sink?.error(ES, new Error('exchange gateway down'));
    expect(w.mdm.activeSource(ES)).toBe('backup');
    expect(w.of('marketdata.source').at(-1)).toMatchObject({
      from: 'primary',
      to: 'backup',
      reason: 'error',
    });
    expect(w.mdm.sources.report()[0]?.candidates.find((c) => c.source === 'primary')?.lastError).toBe(
      'exchange gateway down',
    );
  });

  it('emits the new source’s book snapshot on a source switch', async () => {
    const w = await startWorld();
    w.clock.advance(3_000);
    expect(w.mdm.book(ES)?.source).toBe('primary');
    w.primary.publishing = false;
    w.clock.advance(3_000);
    const at = w.log.findIndex((l) => l.topic === 'marketdata.source' && l.payload.to === 'backup');
    expect(at).toBeGreaterThan(0);
    const next = w.log[at + 1];
    expect(next?.topic).toBe('marketdata.book');
    expect(next?.payload).toMatchObject({ type: 'l2.snapshot', source: 'backup', instrument: ES });
    const book = w.mdm.book(ES);
    expect(book?.source).toBe('backup');
    expect(book?.bids[0]?.price).toBe(fromSteps(17_600n, TICK));
    expect(book?.asks[0]?.price).toBe(fromSteps(17_601n, TICK));
  });

  it('a consumer rebuilding the book from the bus stays in sync across a switch made by a book message', async () => {
    // Evaluation far apart: the switch happens when the backup's next message (a delta) arrives.
    const w = await startWorld({ evaluateEveryMs: 3_600_000 });
    w.backup.kinds = ['l2'];
    const books = new Map<string, L2Book>();
    /** Follows the bus as a client would: one book per source, fed only what the bus carried. */
    const follow = () => {
      books.clear();
      for (const l of w.log) {
        if (l.topic !== 'marketdata.book') continue;
        const m = l.payload;
        if (m.type !== 'l2.snapshot' && m.type !== 'l2.delta') continue;
        let book = books.get(m.source);
        if (!book) {
          book = new L2Book(m.instrument, m.source);
          books.set(m.source, book);
        }
        book.apply(m);
      }
    };
    w.clock.advance(2_000);
    follow();
    expect(books.get('primary')?.inSync).toBe(true);
    w.primary.publishing = false;
    w.clock.advance(5_000);
    expect(w.mdm.activeSource(ES)).toBe('backup');
    follow();
    const consumer = books.get('backup');
    expect(consumer?.inSync).toBe(true);
    expect(consumer?.snapshot(50)).toEqual(w.mdm.book(ES, 50));
  });

  it('builds 1-minute bars from the active source’s trades, closes them on the minute and stores them', async () => {
    const w = await startWorld();
    w.clock.advance(MINUTE - 500 - 1);
    expect(w.of('marketdata.bar').filter((b) => b.closed)).toEqual([]);
    const forming = w.mdm.formingBar(ES);
    expect(forming).toMatchObject({ ts: T0, closed: false, source: 'primary' });
    w.clock.advance(1 + 250);
    await w.mdm.idle();
    const closed = w.of('marketdata.bar').filter((b) => b.closed);
    expect(closed).toHaveLength(1);

    const trades = w.of('marketdata.trade').filter((t) => t.ts >= T0 && t.ts < T0 + MINUTE) as Trade[];
    expect(trades.length).toBe(119); // every 500 ms from T0+500 to T0+59_500
    const prices = trades.map((t) => new Big(t.price));
    const expected = {
      type: 'bar',
      tf: '1m',
      instrument: ES,
      source: 'primary',
      ts: T0,
      open: trades[0]!.price,
      high: dec(prices.reduce((a, b) => (a.gt(b) ? a : b))),
      low: dec(prices.reduce((a, b) => (a.lt(b) ? a : b))),
      close: trades.at(-1)!.price,
      volume: dec(String(trades.length)),
      closed: true,
    };
    expect(closed[0]).toEqual(expected);
    const stored = w.store.rows.filter((b) => b.ts >= T0);
    expect(stored).toEqual([expected]);

    const bars = await w.mdm.bars(ES, '1m', { from: T0, to: T0 + 2 * MINUTE });
    expect(bars.map((b) => [b.ts, b.closed])).toEqual([
      [T0, true],
      [T0 + MINUTE, false],
    ]);
    const fiveMinute = await w.mdm.bars(ES, '5m', { from: T0, to: T0 + 5 * MINUTE });
    expect(fiveMinute).toHaveLength(1);
    expect(fiveMinute[0]?.volume).toBe(decAdd(expected.volume, w.mdm.formingBar(ES)!.volume));
    await w.mdm.stop();
    await w.kernel.stop();
  });

  it('backfills from history when the store is empty, and only the gap on a second run', async () => {
    const store = new MemoryBarStore();
    const clock = new FakeClock(T0);
    const first = await startWorld({ store, clock });
    expect(first.primary.historyCalls).toEqual([{ instrument: ES, from: T0 - DAY, to: T0 }]);
    expect(store.rows.filter((b) => b.ts < T0)).toHaveLength(24 * 60);
    expect(store.rows[0]).toMatchObject({ ts: T0 - DAY, source: 'primary', close: '4400', closed: true });
    clock.advance(2 * MINUTE + 30_000);
    await first.mdm.idle();
    expect((await store.latest(ES))?.ts).toBe(T0 + MINUTE);
    await first.mdm.stop();
    await first.kernel.stop();
    expect(clock.pendingTimers).toBe(0);

    clock.advance(3 * 3_600_000); // the host was down for three hours
    const second = await startWorld({ store, clock });
    const now = bucketStart(clock.now(), '1m');
    expect(second.primary.historyCalls).toEqual([{ instrument: ES, from: T0 + 2 * MINUTE, to: now }]);
    const gap = store.rows.filter((b) => b.ts >= T0 + 2 * MINUTE);
    expect(gap).toHaveLength((now - (T0 + 2 * MINUTE)) / MINUTE);
    expect((await store.latest(ES))?.ts).toBe(now - MINUTE);
    await second.mdm.stop();
    await second.kernel.stop();
  });

  it('charges a fault to a feed that publishes with another source’s name, and drops the message', async () => {
    const liar = control('liar', { stampAs: 'primary', size: '999', baseTicks: 1 });
    const w = await startWorld({ extra: [feedEntry('feed-liar', liar)], faultThreshold: 1000 });
    w.clock.advance(2_000);
    expect(liar.ticks).toBeGreaterThan(0);
    expect(w.kernel.plugin('feed-liar')?.faults).toBe(liar.ticks * 3);
    expect(w.of('marketdata.trade').filter((t) => t.size === '999')).toEqual([]);
    expect(w.mdm.activeSource(ES)).toBe('primary');
    expect(w.kernel.plugin('feed-primary')?.faults).toBe(0);
  });

  it('quarantines a lying feed past the fault threshold and stops its timers', async () => {
    const liar = control('liar', { publishFor: 'NQZ6' });
    const w = await startWorld({ extra: [feedEntry('feed-liar', liar)], faultThreshold: 5 });
    w.clock.advance(5_000);
    await w.mdm.idle();
    expect(w.kernel.plugin('feed-liar')?.state).toBe('quarantined');
    expect(w.kernel.plugin('feed-liar')?.error?.message).toContain('NQZ6');
    expect(w.kernel.heldResources('feed-liar')).toBe(0);
    const ticks = liar.ticks;
    w.clock.advance(5_000);
    expect(liar.ticks).toBe(ticks);
    expect(w.instruments.sourcesOf(ES).sort()).toEqual(['backup', 'primary']);
  });

  it('a second feed claiming an existing source is refused, and stopping it leaves the first alone', async () => {
    const dup = control('primary', { baseTicks: 1 });
    const w = await startWorld({ extra: [feedEntry('feed-x-dup', dup)] });
    expect(w.kernel.plugin('feed-x-dup')?.faults).toBe(1);
    await w.kernel.disable('feed-x-dup');
    await w.mdm.idle();
    const before = w.of('marketdata.trade').length;
    w.clock.advance(2_000);
    expect(w.mdm.activeSource(ES)).toBe('primary');
    expect(w.of('marketdata.trade').length).toBeGreaterThan(before);
    expect(w.instruments.sourcesOf(ES).sort()).toEqual(['backup', 'primary']);
  });

  it('a stopped feed is detached: the other source takes over (removed) and nothing leaks', async () => {
    const w = await startWorld();
    w.clock.advance(1_000);
    await w.kernel.disable('feed-primary');
    await w.mdm.idle();
    expect(w.mdm.activeSource(ES)).toBe('backup');
    expect(w.of('marketdata.source').at(-1)).toMatchObject({
      from: 'primary',
      to: 'backup',
      reason: 'removed',
    });
    expect(w.instruments.sourcesOf(ES)).toEqual(['backup']);
    await w.kernel.disable('feed-backup');
    await w.mdm.idle();
    expect(w.instruments.get(ES)).toBeUndefined();
    expect(w.mdm.activeSource(ES)).toBeNull();
    await w.mdm.stop();
    expect(w.clock.pendingTimers).toBe(0);
  });

  it('subscribe() and bars() of an unknown instrument throw UnknownInstrumentError', async () => {
    const w = await startWorld();
    expect(() => w.mdm.subscribe('NOPE', () => {})).toThrow(UnknownInstrumentError);
    await expect(w.mdm.bars('NOPE', '1m', { from: 0, to: T0 })).rejects.toBeInstanceOf(
      UnknownInstrumentError,
    );
    try {
      w.mdm.subscribe('NOPE', () => {});
    } catch (error) {
      expect((error as UnknownInstrumentError).code).toBe('QMO_UNKNOWN_INSTRUMENT');
      expect((error as UnknownInstrumentError).instrument).toBe('NOPE');
    }
  });
});

function decAdd(a: string, b: string): string {
  return dec(new Big(a).plus(b));
}
