import type {
  BookSide,
  FeedSink,
  Instrument,
  L2Change,
  L3Change,
  MarketDataMessage,
  Quote,
  Trade,
} from '@qmo/sdk';
import { priceOf, quantityOf } from './instrument-grid.js';
import type { EngineResult, OrderBook, TopOfBook } from './matching-engine.js';

interface Level {
  size: number;
  orders: number;
}

/** What subscribers have been told about one instrument's book (kept equal to the book after every batch). */
interface Published {
  instrument: Instrument;
  book: OrderBook;
  bids: Map<number, Level>;
  asks: Map<number, Level>;
  top: TopOfBook;
}

interface Subscriber {
  sink: FeedSink;
  instruments: Set<string>;
  /** Per instrument: last L2 and L3 sequence numbers sent to this subscriber. */
  l2: Map<string, number>;
  l3: Map<string, number>;
}

/**
 * The venue's own market data: for each subscriber and instrument an L2 snapshot, an L3 snapshot
 * and a quote at once, then per processed batch an L2 delta, an L3 delta, a trade per match and a
 * quote when the top of book changed. L2 and L3 each count `seq` up by one per message, per
 * subscriber and instrument.
 */
export class BookPublisher {
  private readonly markets = new Map<string, Published>();
  private readonly subscribers = new Set<Subscriber>();

  constructor(
    private readonly source: string,
    private readonly now: () => number,
  ) {}

  /** Starts tracking a book (empty, or as it is now). */
  track(instrument: Instrument, book: OrderBook): void {
    if (this.markets.has(instrument.id)) return;
    const levels = (side: BookSide) =>
      new Map(book.levels(side).map((l) => [l.price, { size: l.size, orders: l.orders }]));
    this.markets.set(instrument.id, {
      instrument,
      book,
      bids: levels('bid'),
      asks: levels('ask'),
      top: book.top(),
    });
  }

  /** Adds a subscriber and sends it the snapshots of the instruments it asked for (tracked ones). */
  subscribe(sink: FeedSink, instruments: readonly string[]): () => void {
    const subscriber: Subscriber = { sink, instruments: new Set(), l2: new Map(), l3: new Map() };
    for (const id of instruments) {
      const market = this.markets.get(id);
      if (!market || subscriber.instruments.has(id)) continue;
      subscriber.instruments.add(id);
      for (const message of this.snapshot(market, subscriber)) sink.publish(message);
    }
    this.subscribers.add(subscriber);
    return () => void this.subscribers.delete(subscriber);
  }

  /** Publishes what one batch of engine results changed. */
  publish(instrumentId: string, results: readonly EngineResult[]): void {
    const market = this.markets.get(instrumentId);
    if (!market) return;
    const { instrument, book } = market;
    const ts = this.now();
    const base = { instrument: instrument.id, source: this.source, ts };

    const l3: L3Change[] = [];
    const touched = new Map<string, [BookSide, number]>();
    const trades: Trade[] = [];
    for (const result of results) {
      for (const c of result.book) {
        l3.push({
          action: c.action,
          orderId: c.orderId,
          side: c.side,
          price: priceOf(instrument, c.price),
          size: quantityOf(instrument, c.size),
        });
        touched.set(`${c.side}:${c.price}`, [c.side, c.price]);
      }
      for (const e of result.events) {
        if (e.type !== 'trade') continue;
        trades.push({
          type: 'trade',
          ...base,
          price: priceOf(instrument, e.price),
          size: quantityOf(instrument, e.quantity),
          aggressor: e.aggressor,
          tradeId: e.matchId,
        });
      }
    }

    const l2: L2Change[] = [];
    for (const [side, price] of touched.values()) {
      const levels = side === 'bid' ? market.bids : market.asks;
      const before = levels.get(price) ?? { size: 0, orders: 0 };
      const after = book.levelAt(side, price);
      if (before.size === after.size && before.orders === after.orders) continue;
      if (after.size === 0) levels.delete(price);
      else levels.set(price, after);
      l2.push({
        side,
        price: priceOf(instrument, price),
        size: quantityOf(instrument, after.size),
        ...(after.size > 0 ? { orders: after.orders } : {}),
      });
    }

    const top = book.top();
    const topChanged = !sameTop(top, market.top);
    market.top = top;

    for (const s of this.subscribers) {
      if (!s.instruments.has(instrument.id)) continue;
      if (l2.length > 0)
        s.sink.publish({ type: 'l2.delta', ...base, seq: next(s.l2, instrument.id), changes: l2 });
      if (l3.length > 0)
        s.sink.publish({ type: 'l3.delta', ...base, seq: next(s.l3, instrument.id), changes: l3 });
      for (const trade of trades) s.sink.publish(trade);
      if (topChanged) s.sink.publish(this.quote(market, ts));
    }
  }

  private snapshot(market: Published, s: Subscriber): MarketDataMessage[] {
    const { instrument, book } = market;
    const ts = this.now();
    const base = { instrument: instrument.id, source: this.source, ts };
    const level = (l: { price: number; size: number; orders: number }) => ({
      price: priceOf(instrument, l.price),
      size: quantityOf(instrument, l.size),
      orders: l.orders,
    });
    const orders = book.l3();
    return [
      {
        type: 'l2.snapshot',
        ...base,
        seq: next(s.l2, instrument.id),
        bids: book.levels('bid').map(level),
        asks: book.levels('ask').map(level),
      },
      {
        type: 'l3.snapshot',
        ...base,
        seq: next(s.l3, instrument.id),
        orders: [...orders.bids, ...orders.asks].map((o) => ({
          orderId: o.orderId,
          side: o.side,
          price: priceOf(instrument, o.price),
          size: quantityOf(instrument, o.size),
        })),
      },
      this.quote(market, ts),
    ];
  }

  private quote(market: Published, ts: number): Quote {
    const { instrument, top } = market;
    return {
      type: 'quote',
      instrument: instrument.id,
      source: this.source,
      ts,
      bid: top.bid === null ? null : priceOf(instrument, top.bid),
      bidSize: top.bid === null ? null : quantityOf(instrument, top.bidSize),
      ask: top.ask === null ? null : priceOf(instrument, top.ask),
      askSize: top.ask === null ? null : quantityOf(instrument, top.askSize),
    };
  }
}

function next(seqs: Map<string, number>, instrument: string): number {
  const seq = (seqs.get(instrument) ?? 0) + 1;
  seqs.set(instrument, seq);
  return seq;
}

function sameTop(a: TopOfBook, b: TopOfBook): boolean {
  return a.bid === b.bid && a.bidSize === b.bidSize && a.ask === b.ask && a.askSize === b.askSize;
}
