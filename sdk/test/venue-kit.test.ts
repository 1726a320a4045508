import { describe, expect, it } from 'vitest';
import { type Bar, dec, type Execution, type MarketDataMessage } from '../src/index.js';
import {
  FakeMarketDataReader,
  RecordingVenueEvents,
  StaticInstrumentDirectory,
  testInstruments,
  testOrderFactory,
} from '../src/testing/index.js';

const execution = {
  executionId: 'x1',
  orderId: 'ord-1',
  quantity: dec('5'),
  price: dec('230'),
} as Execution;

describe('RecordingVenueEvents', () => {
  it('records every call in order, by kind, and forgets them on clear', () => {
    const events = new RecordingVenueEvents();
    events.connection('connected', 'session up');
    events.accepted('ord-1', 'V1');
    events.executed(execution);
    events.replaced('ord-1', { limitPrice: dec('231') });
    events.canceled('ord-1');
    events.rejected('ord-2', { code: 'RISK', text: 'too big' });
    events.cancelRejected('ord-3', { code: 'TOO_LATE', text: 'filled' });
    events.expired('ord-4');
    expect(events.calls.map((c) => c[0])).toEqual([
      'connection',
      'accepted',
      'executed',
      'replaced',
      'canceled',
      'rejected',
      'cancelRejected',
      'expired',
    ]);
    expect(events.of('accepted')).toEqual([['ord-1', 'V1']]);
    expect(events.of('canceled')).toEqual([['ord-1', undefined]]);
    expect(events.of('connection')).toEqual([['connected', 'session up']]);
    expect(events.executions).toEqual([execution]);
    expect(events.orderCalls).toHaveLength(7);
    expect(events.orderCalls.some((c) => c[0] === 'connection')).toBe(false);
    events.clear();
    expect(events.calls).toEqual([]);
    expect(events.executions).toEqual([]);
  });
});

describe('StaticInstrumentDirectory', () => {
  it('finds instruments by id and lists them sorted', () => {
    const { AAPL, ESZ6, EURUSD } = testInstruments;
    const directory = new StaticInstrumentDirectory([EURUSD, AAPL, ESZ6]);
    expect(directory.get('ESZ6')).toBe(ESZ6);
    expect(directory.get('MSFT')).toBeUndefined();
    expect(directory.list().map((i) => i.id)).toEqual(['AAPL', 'ESZ6', 'EURUSD']);
    expect(new StaticInstrumentDirectory().list()).toEqual([]);
  });

  it('refuses an instrument listed twice', () => {
    expect(() => new StaticInstrumentDirectory([testInstruments.AAPL, testInstruments.AAPL])).toThrow(
      /"AAPL" is listed twice/,
    );
  });
});

describe('FakeMarketDataReader', () => {
  it('delivers messages to the instrument subscribers until they dispose', () => {
    const md = new FakeMarketDataReader();
    const got: MarketDataMessage[] = [];
    const subscription = md.subscribe('AAPL', (m) => got.push(m));
    md.subscribe('EURUSD', () => {
      throw new Error('not for EURUSD');
    });
    expect(md.subscribers).toBe(2);
    md.trade('AAPL', '230.5', '3');
    expect(got).toEqual([
      {
        type: 'trade',
        instrument: 'AAPL',
        source: 'demo',
        ts: 0,
        price: '230.5',
        size: '3',
        aggressor: 'buy',
      },
    ]);
    subscription.dispose();
    expect(md.subscribers).toBe(1);
    md.trade('AAPL', '231');
    expect(got).toHaveLength(1);
    expect(md.activeSource('AAPL')).toBe('demo');
  });

  it('publishes a book as an L2 snapshot and the matching quote', () => {
    const md = new FakeMarketDataReader('paper');
    const got: MarketDataMessage[] = [];
    md.subscribe('AAPL', (m) => got.push(m));
    expect(md.lastQuote('AAPL')).toBeNull();
    md.book('AAPL', [['229.99', '100']], []);
    expect(got.map((m) => m.type)).toEqual(['l2.snapshot', 'quote']);
    expect(got[0]).toMatchObject({
      source: 'paper',
      seq: 1,
      bids: [{ price: '229.99', size: '100' }],
      asks: [],
    });
    expect(md.lastQuote('AAPL')).toMatchObject({ bid: '229.99', bidSize: '100', ask: null, askSize: null });
  });

  it('answers bars from the stored ones in [from, to)', async () => {
    const md = new FakeMarketDataReader();
    const bar = (ts: number) => ({ ts }) as Bar;
    md.storedBars.set('AAPL:1m', [bar(0), bar(60_000), bar(120_000)]);
    expect((await md.bars('AAPL', '1m', { from: 60_000, to: 120_000 })).map((b) => b.ts)).toEqual([60_000]);
    expect(await md.bars('MSFT', '1m', { from: 0, to: 1e12 })).toEqual([]);
  });
});

describe('testOrderFactory', () => {
  it('numbers orders per factory, takes decimals as strings and applies the defaults', () => {
    const makeOrder = testOrderFactory({ venue: 'sim', createdAt: 5, updatedAt: 5 });
    const first = makeOrder({ side: 'buy', quantity: '10', limitPrice: '230.01' });
    expect(first).toMatchObject({
      orderId: 'ord-1',
      clientOrderId: 'cl-1',
      instrument: 'AAPL',
      venue: 'sim',
      state: 'New',
      side: 'buy',
      quantity: '10',
      limitPrice: '230.01',
      cumQuantity: '0',
      leavesQuantity: '10',
      avgPrice: null,
      createdAt: 5,
    });
    expect(makeOrder({ side: 'sell', quantity: '1', state: 'PendingNew' })).toMatchObject({
      orderId: 'ord-2',
      state: 'PendingNew',
    });
    expect(testOrderFactory()({ side: 'buy', quantity: '1' }).orderId).toBe('ord-1');
    expect(() => makeOrder({ side: 'buy', quantity: 'ten' })).toThrow();
  });
});
