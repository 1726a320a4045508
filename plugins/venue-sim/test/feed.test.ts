import {
  type Decimal,
  decimal,
  type L2Delta,
  type L2Snapshot,
  type L3Delta,
  type L3Snapshot,
  type MarketDataMessage,
} from '@qmo/sdk';
import { FakeMarketDataReader, RecordingSink } from '@qmo/sdk/testing';
import { describe, expect, it } from 'vitest';
import { aaplBook, makeOrder, startVenue } from './helpers.js';

/** Rebuilds the venue's books from its L2 and L3 messages, noting every inconsistency. */
class Replica {
  bids = new Map<string, string>();
  asks = new Map<string, string>();
  orders: { orderId: string; side: string; price: Decimal; size: Decimal }[] = [];
  l2seq = 0;
  l3seq = 0;
  readonly problems: string[] = [];

  apply(m: MarketDataMessage): void {
    if (m.type === 'l2.snapshot') this.l2snapshot(m);
    else if (m.type === 'l2.delta') this.l2delta(m);
    else if (m.type === 'l3.snapshot') this.l3snapshot(m);
    else if (m.type === 'l3.delta') this.l3delta(m);
  }

  private l2snapshot(m: L2Snapshot): void {
    this.bids = new Map(m.bids.map((l) => [l.price, l.size]));
    this.asks = new Map(m.asks.map((l) => [l.price, l.size]));
    this.l2seq = m.seq;
  }
  private l2delta(m: L2Delta): void {
    if (m.seq !== this.l2seq + 1) this.problems.push(`l2 seq ${m.seq} after ${this.l2seq}`);
    this.l2seq = m.seq;
    for (const c of m.changes) {
      const side = c.side === 'bid' ? this.bids : this.asks;
      if (decimal.isZero(c.size)) {
        if (!side.delete(c.price)) this.problems.push(`l2 delete of absent ${c.side} ${c.price}`);
      } else side.set(c.price, c.size);
    }
  }
  private l3snapshot(m: L3Snapshot): void {
    this.orders = m.orders.map((o) => ({ ...o }));
    this.l3seq = m.seq;
  }
  private l3delta(m: L3Delta): void {
    if (m.seq !== this.l3seq + 1) this.problems.push(`l3 seq ${m.seq} after ${this.l3seq}`);
    this.l3seq = m.seq;
    for (const c of m.changes) {
      const at = this.orders.findIndex((o) => o.orderId === c.orderId);
      if (c.action === 'add') {
        if (at >= 0) this.problems.push(`add of present ${c.orderId}`);
        const sideOrders = this.orders.filter((o) => o.side === c.side);
        const better = (p: Decimal) =>
          c.side === 'bid' ? decimal.cmp(p, c.price) > 0 : decimal.cmp(p, c.price) < 0;
        const after = sideOrders.filter((o) => better(o.price) || o.price === c.price).at(-1);
        const index = after
          ? this.orders.indexOf(after) + 1
          : this.orders.findIndex((o) => o.side === c.side);
        this.orders.splice(index < 0 ? this.orders.length : index, 0, {
          orderId: c.orderId,
          side: c.side,
          price: c.price,
          size: c.size,
        });
      } else if (at < 0) this.problems.push(`${c.action} of absent ${c.orderId}`);
      else if (c.action === 'delete') this.orders.splice(at, 1);
      else if (c.action === 'modify') this.orders[at]!.size = c.size;
      else {
        const left = decimal.sub(this.orders[at]!.size, c.size);
        if (decimal.isZero(left)) this.orders.splice(at, 1);
        else this.orders[at]!.size = left;
      }
    }
  }
}

function replay(messages: MarketDataMessage[]): Replica {
  const replica = new Replica();
  for (const m of messages) replica.apply(m);
  return replica;
}

describe('the venue as a market-data source', () => {
  it('sends an L2 snapshot, an L3 snapshot and a quote on subscription, stamped with its source', async () => {
    const { feed, marketData, host } = await startVenue();
    aaplBook(marketData);
    const sink = new RecordingSink();
    await feed.subscribe(['AAPL'], sink);
    expect(sink.messages.map((m) => [m.type, m.source, 'seq' in m ? m.seq : null])).toEqual([
      ['l2.snapshot', 'sim', 1],
      ['l3.snapshot', 'sim', 1],
      ['quote', 'sim', null],
    ]);
    expect(sink.ofType('l2.snapshot')[0]).toMatchObject({
      bids: [
        { price: '229.99', size: '100', orders: 1 },
        { price: '229.98', size: '200', orders: 1 },
      ],
      asks: [
        { price: '230.01', size: '100', orders: 1 },
        { price: '230.02', size: '200', orders: 1 },
      ],
    });
    expect(sink.ofType('l3.snapshot')[0]?.orders).toHaveLength(4);
    expect(sink.ofType('quote')[0]).toMatchObject({
      bid: '229.99',
      bidSize: '100',
      ask: '230.01',
      askSize: '100',
    });
    await host.stop();
  });

  it('publishes deltas, trades on every match and quotes; the deltas rebuild the book a new subscriber sees', async () => {
    const marketData = new FakeMarketDataReader();
    const { adapter, feed, clock, host } = await startVenue({ refreshMs: 100 }, { marketData });
    aaplBook(marketData);
    const sink = new RecordingSink();
    await feed.subscribe(['AAPL'], sink);

    await adapter.submit(makeOrder({ side: 'buy', quantity: '150', limitPrice: '230.02' }));
    await adapter.submit(
      makeOrder({ side: 'sell', quantity: '30', limitPrice: '230.05', displayQuantity: '10', account: 'B' }),
    );
    await adapter.submit(makeOrder({ side: 'buy', quantity: '40', limitPrice: '230.00', account: 'C' }));
    clock.advance(2);
    expect(sink.ofType('trade').map((t) => [t.price, t.size, t.aggressor])).toEqual([
      ['230.01', '100', 'buy'],
      ['230.02', '50', 'buy'],
    ]);
    expect(new Set(sink.ofType('trade').map((t) => t.tradeId)).size).toBe(2);

    // The market moves through the resting bid of C, then back up: the house book follows.
    marketData.book(
      'AAPL',
      [['229.95', '100']],
      [
        ['229.99', '25'],
        ['230.00', '500'],
      ],
    );
    clock.advance(100);
    marketData.book(
      'AAPL',
      [
        ['230.10', '80'],
        ['230.09', '60'],
      ],
      [['230.12', '70']],
    );
    clock.advance(100);
    await adapter.submit(
      makeOrder({ side: 'buy', type: 'market', quantity: '25', account: 'C', timeInForce: 'IOC' }),
    );
    clock.advance(200);

    const replica = replay(sink.messages);
    expect(replica.problems).toEqual([]);
    const fresh = new RecordingSink();
    await feed.subscribe(['AAPL'], fresh);
    const now = replay(fresh.messages);
    expect(Object.fromEntries(replica.bids)).toEqual(Object.fromEntries(now.bids));
    expect(Object.fromEntries(replica.asks)).toEqual(Object.fromEntries(now.asks));
    expect(replica.orders).toEqual(now.orders);
    expect(sink.ofType('trade').length).toBeGreaterThan(3);
    // The last quote sent is the top of the book now.
    const { ts: _a, ...quote } = sink.ofType('quote').at(-1)!;
    const { ts: _b, ...freshQuote } = fresh.ofType('quote')[0]!;
    expect(quote).toEqual(freshQuote);
    await host.stop();
  });

  it('numbers L2 and L3 messages per subscriber and instrument', async () => {
    const { adapter, feed, marketData, clock, host } = await startVenue();
    aaplBook(marketData);
    const sink = new RecordingSink();
    await feed.subscribe(['AAPL', 'ESZ6'], sink);
    await adapter.submit(makeOrder({ side: 'buy', quantity: '1', limitPrice: '229' }));
    await adapter.submit(makeOrder({ instrument: 'ESZ6', side: 'buy', quantity: '1', limitPrice: '6000' }));
    clock.advance(2);
    const seqs = (type: 'l2.delta' | 'l3.delta', instrument: string) =>
      sink
        .ofType(type)
        .filter((m) => m.instrument === instrument)
        .map((m) => m.seq);
    expect(seqs('l2.delta', 'AAPL')).toEqual([2]);
    expect(seqs('l3.delta', 'AAPL')).toEqual([2]);
    expect(seqs('l2.delta', 'ESZ6')).toEqual([2]);
    await host.stop();
  });

  it('reports instruments it does not offer to the sink', async () => {
    const { feed, host } = await startVenue();
    const sink = new RecordingSink();
    await feed.subscribe(['SPX'], sink);
    expect(sink.errors.map((e) => e.instrument)).toEqual(['SPX']);
    await host.stop();
  });

  it('stops publishing when the subscription is disposed', async () => {
    const { adapter, feed, marketData, clock, host } = await startVenue();
    aaplBook(marketData);
    const sink = new RecordingSink();
    const subscription = await feed.subscribe(['AAPL'], sink);
    await subscription.dispose();
    await adapter.submit(makeOrder({ side: 'buy', quantity: '1', limitPrice: '230.01' }));
    clock.advance(2);
    expect(sink.messages).toHaveLength(3);
    await host.stop();
  });
});
