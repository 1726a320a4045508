import {
  CapabilityDeniedError,
  decimal,
  type L2Delta,
  type L2Snapshot,
  type MarketDataMessage,
  type Quote,
  toSteps,
  UnknownInstrumentError,
} from '@qmo/sdk';
import { FakeClock, RecordingSink, startTestPlugin } from '@qmo/sdk/testing';
import { describe, expect, it } from 'vitest';
import plugin, { DEMO_INSTRUMENT_IDS, DEMO_INSTRUMENTS } from '../src/index.js';
import { feedAt, MINUTE, START, startFeedPlugin } from './helpers.js';

const instrument = (id: string) => DEMO_INSTRUMENTS.find((i) => i.id === id)!;
const num = (value: string): number => Number(value);

/** Replays book messages into price → size maps, noting every inconsistency it meets. */
class BookReplica {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();
  readonly problems: string[] = [];
  seq = 0;

  apply(message: L2Snapshot | L2Delta): void {
    if (message.type === 'l2.snapshot') {
      this.bids.clear();
      this.asks.clear();
      for (const l of message.bids) this.bids.set(l.price, l.size);
      for (const l of message.asks) this.asks.set(l.price, l.size);
    } else {
      if (message.seq !== this.seq + 1) this.problems.push(`seq ${message.seq} after ${this.seq}`);
      for (const c of message.changes) {
        const side = c.side === 'bid' ? this.bids : this.asks;
        if (decimal.isZero(c.size)) {
          if (!side.delete(c.price)) this.problems.push(`delete of absent level ${c.side} ${c.price}`);
        } else side.set(c.price, c.size);
      }
    }
    this.seq = message.seq;
  }

  /** Checks the replica against a quote: same top of book, not crossed, full depth. */
  check(quote: Quote, depth: number): void {
    const bid = Math.max(...[...this.bids.keys()].map(num));
    const ask = Math.min(...[...this.asks.keys()].map(num));
    const problem =
      bid !== num(quote.bid!) || ask !== num(quote.ask!)
        ? `top ${bid}/${ask} but quote ${quote.bid}/${quote.ask}`
        : bid >= ask
          ? `crossed ${bid}/${ask}`
          : this.bids.get(quote.bid!) !== quote.bidSize || this.asks.get(quote.ask!) !== quote.askSize
            ? 'top sizes differ from the quote'
            : this.bids.size !== depth || this.asks.size !== depth
              ? `depth ${this.bids.size}/${this.asks.size}`
              : null;
    if (problem) this.problems.push(`${quote.instrument} @${quote.ts}: ${problem}`);
  }
}

describe('live stream', () => {
  it('publishes a snapshot and a quote at once, then quotes every tick, on the grid and never crossed', {
    timeout: 20_000,
  }, async () => {
    const { host, feed, clock } = await startFeedPlugin();
    const sink = new RecordingSink();
    await feed.subscribe([...DEMO_INSTRUMENT_IDS], sink);
    expect(sink.messages.map((m) => m.type)).toEqual(
      DEMO_INSTRUMENT_IDS.flatMap(() => ['l2.snapshot', 'quote']),
    );
    clock.advance(60_000);
    expect(sink.errors).toEqual([]);
    expect(host.faults).toEqual([]);
    for (const id of DEMO_INSTRUMENT_IDS) {
      const { tickSize, lotSize } = instrument(id);
      const quotes = sink.ofType('quote').filter((q) => q.instrument === id);
      expect(quotes).toHaveLength(1 + 240);
      // toSteps throws off the grid
      const bad = quotes.filter(
        (q) =>
          toSteps(q.ask!, tickSize) - toSteps(q.bid!, tickSize) < 1n ||
          toSteps(q.bidSize!, lotSize) <= 0n ||
          toSteps(q.askSize!, lotSize) <= 0n,
      );
      expect(bad).toEqual([]);
    }
    await host.stop();
  });

  it('stamps every message with the source and the clock time', async () => {
    const { host, feed, clock } = await startFeedPlugin({ source: 'demo-b', tickIntervalMs: 100 });
    const sink = new RecordingSink();
    let seen = 0;
    await feed.subscribe(['EURUSD'], {
      publish(message) {
        expect(message.source).toBe('demo-b');
        expect(message.ts).toBe(clock.now());
        seen++;
        sink.publish(message);
      },
      error: (i, e) => sink.error(i, e),
    });
    clock.advance(1_000);
    expect(seen).toBeGreaterThanOrEqual(2 + 10);
    expect(sink.ofType('quote').map((q) => q.ts)).toEqual(
      Array.from({ length: 11 }, (_, i) => START + i * 100),
    );
    await host.stop();
  });

  it('keeps L2 books consistent: contiguous seq, strictly ordered levels, not crossed, matching the quote', {
    timeout: 20_000,
  }, async () => {
    const { host, feed, clock } = await startFeedPlugin({ bookDepth: 7 });
    const sink = new RecordingSink();
    const replicas = new Map(DEMO_INSTRUMENT_IDS.map((id) => [id as string, new BookReplica()]));
    await feed.subscribe([...DEMO_INSTRUMENT_IDS], {
      publish(message: MarketDataMessage) {
        sink.publish(message);
        if (message.type === 'l2.snapshot' || message.type === 'l2.delta')
          replicas.get(message.instrument)!.apply(message);
        if (message.type === 'quote') replicas.get(message.instrument)!.check(message, 7);
      },
      error: (i, e) => sink.error(i, e),
    });
    clock.advance(2 * MINUTE);
    expect([...replicas.values()].flatMap((r) => r.problems)).toEqual([]);

    for (const id of DEMO_INSTRUMENT_IDS) {
      const { tickSize, lotSize } = instrument(id);
      const book = sink.messages.filter(
        (m): m is L2Snapshot | L2Delta =>
          m.instrument === id && (m.type === 'l2.snapshot' || m.type === 'l2.delta'),
      );
      expect(book[0]!.type).toBe('l2.snapshot');
      expect(book.slice(1).every((m) => m.type === 'l2.delta')).toBe(true);
      expect(book.map((m) => m.seq)).toEqual(book.map((_, i) => i + 1));
      const snapshot = book[0] as L2Snapshot;
      const bids = snapshot.bids.map((l) => toSteps(l.price, tickSize));
      const asks = snapshot.asks.map((l) => toSteps(l.price, tickSize));
      expect(bids).toHaveLength(7);
      for (let i = 1; i < bids.length; i++) expect(bids[i]!).toBeLessThan(bids[i - 1]!);
      for (let i = 1; i < asks.length; i++) expect(asks[i]!).toBeGreaterThan(asks[i - 1]!);
      expect(bids[0]!).toBeLessThan(asks[0]!);
      for (const l of [...snapshot.bids, ...snapshot.asks])
        expect(toSteps(l.size, lotSize)).toBeGreaterThan(0n);
      const deltas = book.slice(1) as L2Delta[];
      expect(deltas.every((m) => m.changes.length > 0)).toBe(true);
      const changes = deltas.flatMap((m) => m.changes);
      // toSteps throws off the grid
      expect(changes.every((c) => toSteps(c.price, tickSize) > 0n && toSteps(c.size, lotSize) >= 0n)).toBe(
        true,
      );
    }
    await host.stop();
  });

  it('trades on the grid, at the touch, with sizes in lots', async () => {
    const { host, feed, clock } = await startFeedPlugin();
    const sink = new RecordingSink();
    await feed.subscribe([...DEMO_INSTRUMENT_IDS], sink);
    clock.advance(MINUTE);
    for (const id of DEMO_INSTRUMENT_IDS) {
      const { tickSize, lotSize } = instrument(id);
      const messages = sink.messages.filter((m) => m.instrument === id);
      const trades = sink.ofType('trade').filter((t) => t.instrument === id);
      expect(trades.length).toBeGreaterThan(20);
      expect(new Set(trades.map((t) => t.tradeId)).size).toBe(trades.length);
      for (const trade of trades) {
        expect(() => toSteps(trade.price, tickSize)).not.toThrow();
        expect(toSteps(trade.size, lotSize)).toBeGreaterThan(0n);
        expect(['buy', 'sell']).toContain(trade.aggressor);
        const quote = messages[messages.indexOf(trade) - 1];
        expect(quote?.type).toBe('quote');
        if (quote?.type !== 'quote') continue;
        expect(num(trade.price)).toBeGreaterThanOrEqual(num(quote.bid!));
        expect(num(trade.price)).toBeLessThanOrEqual(num(quote.ask!));
      }
      expect(sink.ofType('bar')).toEqual([]);
    }
    await host.stop();
  });

  it('continues from the history: live prices start at the path and stay near it', async () => {
    const { feed, clock } = feedAt({ seed: 9 });
    const history = await feed.history!('ESZ6', { from: START - MINUTE, to: START });
    const sink = new RecordingSink();
    const sub = await feed.subscribe(['ESZ6'], sink);
    const first = sink.ofType('quote')[0]!;
    const lastClose = num(history.at(-1)!.close);
    expect(Math.abs((num(first.bid!) + num(first.ask!)) / 2 - lastClose)).toBeLessThanOrEqual(0.5);
    clock.advance(10 * MINUTE);
    const { feed: later } = feedAt({ seed: 9 }, clock.now());
    const path = await later.history!('ESZ6', { from: START, to: clock.now() });
    for (const bar of path) {
      const quote = sink.ofType('quote').findLast((q) => q.ts < bar.ts + MINUTE)!;
      // within 8 ticks (2 points) of the history's close of the same minute
      expect(Math.abs((num(quote.bid!) + num(quote.ask!)) / 2 - num(bar.close))).toBeLessThanOrEqual(2);
    }
    await sub.dispose();
  });

  it('is reproducible for the same seed and start time', async () => {
    const run = async () => {
      const { feed, clock } = feedAt({ seed: 5 });
      const sink = new RecordingSink();
      const sub = await feed.subscribe(['BTC-USD', 'AAPL'], sink);
      clock.advance(30_000);
      await sub.dispose();
      return sink.messages;
    };
    expect(await run()).toEqual(await run());
  });

  it('stops publishing when the subscription is disposed', async () => {
    const { feed, clock } = feedAt();
    const sink = new RecordingSink();
    const sub = await feed.subscribe(['XAUUSD', 'XAUUSD'], sink);
    clock.advance(1_000);
    expect(sink.ofType('quote')).toHaveLength(5);
    expect(clock.pendingTimers).toBe(1);
    await sub.dispose();
    expect(clock.pendingTimers).toBe(0);
    const count = sink.messages.length;
    clock.advance(10_000);
    expect(sink.messages).toHaveLength(count);
  });

  it('refuses unknown instruments before publishing anything', async () => {
    const { feed, clock } = feedAt({ instruments: ['EURUSD'] });
    const sink = new RecordingSink();
    expect(() => feed.subscribe(['EURUSD', 'AAPL'], sink)).toThrow(UnknownInstrumentError);
    expect(sink.messages).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('leaves no timer behind when the plugin stops', async () => {
    const { host, feed, clock } = await startFeedPlugin({ tickIntervalMs: 50 });
    await feed.subscribe(['EURUSD', 'SPX'], new RecordingSink());
    await feed.subscribe(['AAPL'], new RecordingSink());
    clock.advance(5_000);
    expect(clock.pendingTimers).toBe(2);
    await host.stop();
    expect(clock.pendingTimers).toBe(0);
  });

  it('needs the marketdata:publish capability', async () => {
    await expect(
      startTestPlugin({ plugin, capabilities: [], clock: new FakeClock(START) }),
    ).rejects.toBeInstanceOf(CapabilityDeniedError);
  });
});
