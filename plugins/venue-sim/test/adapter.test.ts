import { dec, type Execution } from '@qmo/sdk';
import { FakeMarketDataReader, RecordingVenueEvents } from '@qmo/sdk/testing';
import { describe, expect, it } from 'vitest';
import { aaplBook, makeOrder, START, startVenue } from './helpers.js';

const LATENCY = 2;

describe('orders against the house book', () => {
  it('fills a limit order crossing the house book at the house prices, after the latency, with exact fees', async () => {
    const { adapter, events, marketData, clock, host } = await startVenue();
    aaplBook(marketData);
    const order = makeOrder({ side: 'buy', quantity: '150', limitPrice: '230.02' });
    await adapter.submit(order);
    clock.advance(LATENCY - 1);
    expect(events.calls).toEqual([]);
    clock.advance(1);
    const [accepted, ...rest] = events.calls;
    expect(accepted).toEqual(['accepted', order.orderId, expect.stringMatching(/^sim-.+-O1$/)]);
    expect(rest.map((c) => c[0])).toEqual(['executed', 'executed']);
    expect(events.executions).toEqual([
      {
        executionId: expect.any(String),
        orderId: order.orderId,
        clientOrderId: order.clientOrderId,
        account: 'ACC1',
        instrument: 'AAPL',
        side: 'buy',
        price: '230.01',
        quantity: '100',
        fee: '2.3', // 23 001 × 1 bp = 2.3001 → 2.30
        feeCurrency: 'USD',
        liquidity: 'taker',
        venue: 'sim',
        ts: START + LATENCY,
      },
      expect.objectContaining({ price: '230.02', quantity: '50', fee: '1.15', liquidity: 'taker' }),
    ]);
    expect(new Set(events.executions.map((e) => e.executionId)).size).toBe(2);
    await host.stop();
  });

  it('fills a resting order when the reference market moves through it, as maker at its own price', async () => {
    const { adapter, events, marketData, clock, host } = await startVenue();
    aaplBook(marketData);
    const order = makeOrder({ side: 'buy', quantity: '150', limitPrice: '230.00' });
    await adapter.submit(order);
    clock.advance(LATENCY);
    expect(events.calls.map((c) => c[0])).toEqual(['accepted']);
    events.clear();
    // The market falls: the best ask is now 229.99, below the resting bid.
    marketData.emit({
      type: 'l2.delta',
      instrument: 'AAPL',
      source: 'demo',
      ts: 0,
      seq: 2,
      changes: [
        { side: 'bid', price: '229.99' as never, size: '0' as never },
        { side: 'bid', price: '229.97' as never, size: '100' as never },
        { side: 'ask', price: '230.01' as never, size: '0' as never },
        { side: 'ask', price: '230.02' as never, size: '0' as never },
        { side: 'ask', price: '229.99' as never, size: '120' as never },
        { side: 'ask', price: '230.00' as never, size: '500' as never },
      ],
    });
    expect(events.calls).toEqual([]); // the house book follows on the next refresh
    clock.advance(500);
    expect(events.executions.map((e) => [e.price, e.quantity, e.liquidity, e.fee])).toEqual([
      ['230', '120', 'maker', '-0.55'], // 27 600 × −0.2 bp = −0.552 → −0.55
      ['230', '30', 'maker', '-0.14'], // 6 900 × −0.2 bp = −0.138 → −0.14
    ]);
    expect(events.executions.every((e: Execution) => e.orderId === order.orderId)).toBe(true);
    await host.stop();
  });

  it('sells into the house bids with a market order and cancels what the book cannot take', async () => {
    const { adapter, events, marketData, clock, host } = await startVenue();
    aaplBook(marketData);
    const order = makeOrder({ side: 'sell', type: 'market', quantity: '350', timeInForce: 'IOC' });
    await adapter.submit(order);
    clock.advance(LATENCY);
    expect(events.executions.map((e) => [e.price, e.quantity])).toEqual([
      ['229.99', '100'],
      ['229.98', '200'],
    ]);
    expect(events.of('canceled')).toEqual([[order.orderId, expect.stringMatching(/^MARKET_UNFILLED: /)]]);
    await host.stop();
  });

  it('never reports house orders, but reports a client-to-client trade on both sides', async () => {
    const { adapter, events, clock, host } = await startVenue({}, { marketData: null });
    const sell = makeOrder({ side: 'sell', quantity: '10', limitPrice: '100', account: 'ACC2' });
    const buy = makeOrder({ side: 'buy', quantity: '10', limitPrice: '101' });
    await adapter.submit(sell);
    await adapter.submit(buy);
    clock.advance(LATENCY);
    expect(events.executions.map((e) => [e.orderId, e.price, e.liquidity, e.fee])).toEqual([
      [buy.orderId, '100', 'taker', '0.1'],
      [sell.orderId, '100', 'maker', '-0.02'],
    ]);
    await host.stop();
  });

  it('applies the configured fees, exactly, on the instrument multiplier', async () => {
    const { adapter, events, clock, host } = await startVenue(
      { takerFeeBps: '0.5', makerFeeBps: 0 },
      { marketData: null },
    );
    await adapter.submit(
      makeOrder({ instrument: 'ESZ6', side: 'sell', quantity: '3', limitPrice: '6000.25', account: 'M' }),
    );
    await adapter.submit(
      makeOrder({ instrument: 'ESZ6', side: 'buy', quantity: '3', limitPrice: '6000.25' }),
    );
    clock.advance(LATENCY);
    // 6000.25 × 3 × 50 = 900 037.5; × 0.5 bp = 45.001875 → 45.00
    expect(events.executions.map((e) => [e.liquidity, e.fee, e.feeCurrency])).toEqual([
      ['taker', '45', 'USD'],
      ['maker', '0', 'USD'],
    ]);
    await host.stop();
  });
});

describe('latency', () => {
  it('reports nothing before latencyMs, and processes operations in the order sent', async () => {
    const { adapter, events, clock, host } = await startVenue({ latencyMs: 25 }, { marketData: null });
    const order = makeOrder({ side: 'buy', quantity: '5', limitPrice: '100' });
    await adapter.submit(order);
    clock.advance(10);
    await adapter.cancel(order);
    clock.advance(14);
    expect(events.calls).toEqual([]);
    clock.advance(1);
    expect(events.calls.map((c) => c[0])).toEqual(['accepted']);
    clock.advance(9);
    expect(events.calls.map((c) => c[0])).toEqual(['accepted']);
    clock.advance(1);
    expect(events.calls.map((c) => c[0])).toEqual(['accepted', 'canceled']);
    await host.stop();
  });
});

describe('stop orders', () => {
  it('holds a stop until a reference trade reaches it, then fills against the house book', async () => {
    const { adapter, events, marketData, clock, host } = await startVenue();
    aaplBook(marketData);
    const stop = makeOrder({ side: 'buy', type: 'stop', stopPrice: '230.05', quantity: '10' });
    await adapter.submit(stop);
    clock.advance(LATENCY);
    expect(events.calls.map((c) => c[0])).toEqual(['accepted']);
    marketData.trade('AAPL', '230.04');
    expect(events.executions).toEqual([]);
    marketData.trade('AAPL', '230.05');
    expect(events.executions.map((e) => [e.orderId, e.price, e.quantity, e.liquidity])).toEqual([
      [stop.orderId, '230.01', '10', 'taker'],
    ]);
    await host.stop();
  });

  it('triggers a sell stop-limit that then rests as a limit order', async () => {
    const { adapter, events, marketData, clock, host } = await startVenue();
    aaplBook(marketData);
    const stop = makeOrder({
      side: 'sell',
      type: 'stop-limit',
      stopPrice: '229.90',
      limitPrice: '230.50',
      quantity: '10',
    });
    await adapter.submit(stop);
    clock.advance(LATENCY);
    marketData.trade('AAPL', '229.90');
    expect(events.executions).toEqual([]);
    await adapter.cancel(stop);
    clock.advance(LATENCY);
    expect(events.of('canceled')).toEqual([[stop.orderId, expect.stringMatching(/^CANCELED/)]]);
    await host.stop();
  });
});

describe('rejects', () => {
  it.each([
    ['an unknown instrument', { instrument: 'NOPE' }, 'UNKNOWN_INSTRUMENT'],
    ['an instrument not listed at the venue', { instrument: 'SPX' }, 'UNKNOWN_INSTRUMENT'],
    [
      'a quantity off the lot grid',
      { instrument: 'EURUSD', quantity: '1500', limitPrice: '1.08' },
      'INVALID_QUANTITY',
    ],
    ['a zero quantity', { quantity: '0' }, 'INVALID_QUANTITY'],
    ['a price off the tick grid', { limitPrice: '230.005' }, 'INVALID_PRICE'],
    ['a limit order without a price', { limitPrice: undefined }, 'INVALID_PRICE'],
    ['the house account', { account: '__house__' }, 'INVALID_ACCOUNT'],
    ['a GTD order already expired', { timeInForce: 'GTD', expireAt: START - 1 }, 'INVALID_EXPIRY'],
    ['a post-only IOC', { postOnly: true, timeInForce: 'IOC' }, 'INVALID_ORDER'],
  ] as const)('rejects %s', async (_name, fields, code) => {
    const { adapter, events, clock, host } = await startVenue({}, { marketData: null });
    const order = makeOrder({ side: 'buy', quantity: '10', limitPrice: '230', ...fields } as never);
    await adapter.submit(order);
    clock.advance(LATENCY);
    expect(events.calls).toEqual([['rejected', order.orderId, { code, text: expect.any(String) }]]);
    await host.stop();
  });

  it('rejects everything new with MARKET_CLOSED when configured closed', async () => {
    const { adapter, events, clock, host } = await startVenue({ marketOpen: false });
    const order = makeOrder({ side: 'buy', quantity: '10', limitPrice: '230' });
    await adapter.submit(order);
    clock.advance(LATENCY);
    expect(events.calls).toEqual([
      ['rejected', order.orderId, { code: 'MARKET_CLOSED', text: expect.any(String) }],
    ]);
    await host.stop();
  });

  it('rejects a market order against an empty book with NO_LIQUIDITY', async () => {
    const { adapter, events, clock, host } = await startVenue();
    const order = makeOrder({
      instrument: 'ESZ6',
      side: 'buy',
      type: 'market',
      quantity: '1',
      timeInForce: 'IOC',
    });
    await adapter.submit(order);
    clock.advance(LATENCY);
    expect(events.calls).toEqual([
      ['rejected', order.orderId, { code: 'NO_LIQUIDITY', text: expect.any(String) }],
    ]);
    await host.stop();
  });

  it('rejects a post-only order that would cross with POST_ONLY_WOULD_CROSS', async () => {
    const { adapter, events, marketData, clock, host } = await startVenue();
    aaplBook(marketData);
    const order = makeOrder({ side: 'buy', quantity: '10', limitPrice: '230.01', postOnly: true });
    await adapter.submit(order);
    clock.advance(LATENCY);
    expect(events.calls).toEqual([
      ['rejected', order.orderId, { code: 'POST_ONLY_WOULD_CROSS', text: expect.any(String) }],
    ]);
    await host.stop();
  });
});

describe('cancel and replace', () => {
  it('cancels a working order, and refuses unknown and ended ones', async () => {
    const { adapter, events, clock, host } = await startVenue({}, { marketData: null });
    const order = makeOrder({ side: 'buy', quantity: '10', limitPrice: '230' });
    await adapter.submit(order);
    await adapter.cancel(order);
    await adapter.cancel(order);
    await adapter.cancel(makeOrder({ side: 'buy', quantity: '1' }));
    clock.advance(LATENCY);
    expect(events.calls.map((c) => [c[0], (c[2] as { code?: string } | undefined)?.code ?? c[2]])).toEqual([
      ['accepted', expect.any(String)],
      ['canceled', 'CANCELED: canceled on request'],
      ['cancelRejected', 'TOO_LATE_TO_CANCEL'],
      ['cancelRejected', 'UNKNOWN_ORDER'],
    ]);
    await host.stop();
  });

  it('replaces price and quantity; a replace at or below the filled quantity is refused', async () => {
    const { adapter, events, clock, host } = await startVenue({}, { marketData: null });
    const order = makeOrder({ side: 'buy', quantity: '10', limitPrice: '230' });
    await adapter.submit(order);
    await adapter.submit(makeOrder({ side: 'sell', quantity: '4', limitPrice: '230', account: 'ACC2' }));
    clock.advance(LATENCY);
    events.clear();
    await adapter.replace(order, { quantity: dec('4') });
    await adapter.replace(order, { quantity: dec('12'), limitPrice: dec('229.5') });
    clock.advance(LATENCY);
    expect(events.calls).toEqual([
      ['cancelRejected', order.orderId, { code: 'INVALID_REPLACE_QUANTITY', text: expect.any(String) }],
      ['replaced', order.orderId, { quantity: '12', limitPrice: '229.5' }],
    ]);
    await host.stop();
  });

  it('follows the host replacement order: the same venue order reports under the new order id', async () => {
    const { adapter, events, clock, host } = await startVenue({}, { marketData: null });
    const order = makeOrder({ side: 'buy', quantity: '10', limitPrice: '230' });
    await adapter.submit(order);
    clock.advance(LATENCY);
    const venueOrderId = events.of('accepted')[0]![1];
    await adapter.replace(order, { quantity: dec('8') });
    const replacement = makeOrder({
      ...order,
      orderId: 'ord-r',
      quantity: '8',
      replaces: order.orderId,
      venueOrderId: venueOrderId as string,
    });
    await adapter.submit(replacement);
    await adapter.submit(makeOrder({ side: 'sell', quantity: '8', limitPrice: '230', account: 'ACC2' }));
    clock.advance(LATENCY);
    expect(events.of('accepted')[1]).toEqual(['ord-r', venueOrderId]);
    expect(events.executions.find((e) => e.side === 'buy')).toMatchObject({
      orderId: 'ord-r',
      quantity: '8',
      clientOrderId: replacement.clientOrderId,
      liquidity: 'maker',
    });
    await host.stop();
  });

  it('cancels a host replacement order it has not seen by the order it replaces', async () => {
    const { adapter, events, clock, host } = await startVenue({}, { marketData: null });
    const order = makeOrder({ side: 'buy', quantity: '10', limitPrice: '230' });
    await adapter.submit(order);
    await adapter.replace(order, { quantity: dec('8') });
    await adapter.cancel(makeOrder({ ...order, orderId: 'ord-r2', quantity: '8', replaces: order.orderId }));
    await adapter.cancel(order);
    clock.advance(LATENCY);
    expect(events.calls.slice(2).map((c) => [c[0], c[1], (c[2] as { code?: string }).code ?? c[2]])).toEqual([
      ['canceled', 'ord-r2', 'CANCELED: canceled on request'],
      ['cancelRejected', order.orderId, 'TOO_LATE_TO_CANCEL'],
    ]);
    await host.stop();
  });

  it('prevents self-trades: the resting order of the same account is canceled', async () => {
    const { adapter, events, clock, host } = await startVenue({}, { marketData: null });
    const resting = makeOrder({ side: 'sell', quantity: '5', limitPrice: '230' });
    const incoming = makeOrder({ side: 'buy', quantity: '5', limitPrice: '230' });
    await adapter.submit(resting);
    await adapter.submit(incoming);
    clock.advance(LATENCY);
    expect(events.of('canceled')).toEqual([
      [resting.orderId, expect.stringMatching(/^SELF_TRADE_PREVENTED: /)],
    ]);
    expect(events.executions).toEqual([]);
    await host.stop();
  });

  it('expires GTD orders at expireAt (checked on the refresh)', async () => {
    const { adapter, events, clock, host } = await startVenue({ refreshMs: 100 }, { marketData: null });
    const order = makeOrder({
      side: 'buy',
      quantity: '1',
      limitPrice: '230',
      timeInForce: 'GTD',
      expireAt: START + 250,
    });
    await adapter.submit(order);
    clock.advance(200);
    expect(events.of('expired')).toEqual([]);
    clock.advance(100);
    expect(events.of('expired')).toEqual([[order.orderId]]);
    await host.stop();
  });
});

describe('reconciliation', () => {
  it('connect is idempotent: one "connected", reports delivered once', async () => {
    const { adapter, events, clock, host } = await startVenue({}, { marketData: null });
    await adapter.connect(events);
    await adapter.connect(events);
    expect(events.calls).toEqual([]);
    await adapter.submit(makeOrder({ side: 'buy', quantity: '1', limitPrice: '230' }));
    clock.advance(LATENCY);
    expect(events.calls.map((c) => c[0])).toEqual(['accepted']);
    await host.stop();
  });

  it('keeps reports made while nobody is connected and delivers them on connect', async () => {
    const { adapter, events, clock, host } = await startVenue({}, { marketData: null, connect: false });
    const order = makeOrder({ side: 'buy', quantity: '1', limitPrice: '230' });
    await adapter.submit(order);
    clock.advance(LATENCY);
    expect(events.calls).toEqual([]);
    const connection = await adapter.connect(events);
    expect(events.calls.map((c) => c[0])).toEqual(['connection', 'accepted']);
    await connection.dispose();
    await adapter.cancel(order);
    clock.advance(LATENCY);
    expect(events.calls.map((c) => c[0])).toEqual(['connection', 'accepted']);
    await adapter.connect(events);
    expect(events.calls.map((c) => c[0])).toEqual(['connection', 'accepted', 'connection', 'canceled']);
    await host.stop();
  });

  it('answers a re-sent order it already knows with its state, executing nothing', async () => {
    const { adapter, events, marketData, clock, host } = await startVenue();
    aaplBook(marketData);
    const order = makeOrder({ side: 'buy', quantity: '50', limitPrice: '230.01' });
    await adapter.submit(order);
    clock.advance(LATENCY);
    expect(events.executions).toHaveLength(1);
    const resting = makeOrder({ side: 'buy', quantity: '5', limitPrice: '229' });
    await adapter.submit(resting);
    clock.advance(LATENCY);
    const venueOrderId = events.of('accepted')[1]![1];
    events.clear();
    // The host restarts and re-sends what it believes is working.
    await adapter.submit({ ...resting, state: 'New' });
    await adapter.submit({ ...order });
    clock.advance(LATENCY);
    expect(events.calls).toEqual([['accepted', resting.orderId, venueOrderId]]);
    await host.stop();
  });
});

describe('instruments', () => {
  it('trades the instruments with a symbol at the venue', async () => {
    const { adapter, feed, host } = await startVenue();
    expect((await adapter.instruments()).map((i) => i.id)).toEqual(['AAPL', 'ESZ6', 'EURUSD']);
    expect((await feed.instruments()).map((i) => i.id)).toEqual(['AAPL', 'ESZ6', 'EURUSD']);
    await host.stop();
  });

  it('trades a configured subset, under a configured venue id', async () => {
    const { adapter, feed, host } = await startVenue({ venue: 'paper', instruments: ['SPX', 'AAPL'] });
    expect(adapter.venue).toBe('paper');
    expect(feed.source).toBe('paper');
    expect((await adapter.instruments()).map((i) => i.id)).toEqual(['AAPL', 'SPX']);
    expect((await feed.instruments()).find((i) => i.id === 'SPX')?.venueSymbols.paper).toBe('SPX');
    await host.stop();
  });
});

describe('lifecycle', () => {
  it('leaves no timers and no subscriptions behind when stopped, even with work queued', async () => {
    const { adapter, marketData, clock, host } = await startVenue();
    aaplBook(marketData);
    expect(marketData.subscribers).toBe(3);
    await adapter.submit(makeOrder({ side: 'buy', quantity: '1', limitPrice: '230' }));
    expect(clock.pendingTimers).toBeGreaterThan(0);
    await host.stop();
    expect(clock.pendingTimers).toBe(0);
    expect(marketData.subscribers).toBe(0);
    await expect(
      adapter.submit(makeOrder({ side: 'buy', quantity: '1', limitPrice: '230' })),
    ).rejects.toThrow(/disposed/);
  });

  it('runs without house liquidity when the market-data service is not there', async () => {
    const { host, adapter, events, clock } = await startVenue({}, { marketData: null });
    await adapter.submit(makeOrder({ side: 'buy', quantity: '1', limitPrice: '230' }));
    clock.advance(LATENCY);
    expect(events.calls.map((c) => c[0])).toEqual(['accepted']);
    expect(host.logs.some((l) => l.level === 'warn' && /house liquidity/.test(l.message))).toBe(true);
    expect(host.faults).toEqual([]);
    await host.stop();
  });

  it('ignores market data from its own source', async () => {
    const { adapter, events, marketData, clock, host } = await startVenue();
    marketData.book('AAPL', [['229.99', '100']], [['230.01', '100']], 'sim');
    await adapter.submit(makeOrder({ side: 'buy', type: 'market', quantity: '1', timeInForce: 'IOC' }));
    clock.advance(LATENCY);
    expect(events.calls[0]).toEqual([
      'rejected',
      expect.any(String),
      expect.objectContaining({ code: 'NO_LIQUIDITY' }),
    ]);
    await host.stop();
  });
});

describe('house liquidity', () => {
  it('mirrors the reference depth with the size factor, and follows it on refresh', async () => {
    const marketData = new FakeMarketDataReader();
    const { feed, clock, host } = await startVenue({ houseDepth: 1, houseSizeFactor: '0.5' }, { marketData });
    aaplBook(marketData);
    const messages: unknown[] = [];
    await feed.subscribe(['AAPL'], { publish: (m) => messages.push(m), error: () => {} });
    expect(messages[0]).toMatchObject({
      type: 'l2.snapshot',
      bids: [{ price: '229.99', size: '50', orders: 1 }],
      asks: [{ price: '230.01', size: '50', orders: 1 }],
    });
    marketData.book('AAPL', [['230.00', '300']], [['230.03', '40']]);
    clock.advance(500);
    expect(messages.filter((m) => (m as { type: string }).type === 'quote').at(-1)).toMatchObject({
      bid: '230',
      bidSize: '150',
      ask: '230.03',
      askSize: '20',
    });
    await host.stop();
  });

  it('starts from the last quote of the reference market when it has one', async () => {
    const marketData = new FakeMarketDataReader();
    marketData.book('AAPL', [['229.99', '100']], [['230.01', '100']]);
    const { adapter, events, clock, host } = await startVenue({}, { marketData });
    await adapter.submit(makeOrder({ side: 'buy', type: 'market', quantity: '40', timeInForce: 'IOC' }));
    clock.advance(LATENCY);
    expect(events.executions.map((e) => [e.price, e.quantity])).toEqual([['230.01', '40']]);
    await host.stop();
  });
});

describe('restore', () => {
  it('adopts an order it lost with what is left of it, on the quantities the host knows', async () => {
    const { adapter, events, clock, host } = await startVenue({}, { marketData: null });
    const order = makeOrder({
      side: 'buy',
      quantity: '10',
      limitPrice: '230',
      cumQuantity: '4',
      state: 'PartiallyFilled',
    });
    await adapter.restore!([order]);
    clock.advance(LATENCY);
    expect(events.calls).toEqual([['accepted', order.orderId, expect.stringMatching(/-O1$/)]]);
    await adapter.replace(order, { quantity: dec('4') });
    await adapter.replace(order, { quantity: dec('9') });
    await adapter.submit(makeOrder({ side: 'sell', quantity: '10', limitPrice: '230', account: 'ACC2' }));
    clock.advance(LATENCY);
    expect(events.calls.slice(1, 3)).toEqual([
      ['cancelRejected', order.orderId, { code: 'INVALID_REPLACE_QUANTITY', text: expect.any(String) }],
      ['replaced', order.orderId, { quantity: '9', limitPrice: '230' }],
    ]);
    expect(events.executions.filter((e) => e.orderId === order.orderId).map((e) => e.quantity)).toEqual([
      '5',
    ]);
    await host.stop();
  });

  it('sends a new host the executions and ends it missed', async () => {
    const { adapter, events, clock, host } = await startVenue({}, { marketData: null });
    const filled = makeOrder({ side: 'buy', quantity: '10', limitPrice: '230' });
    const canceled = makeOrder({ side: 'buy', quantity: '1', limitPrice: '200' });
    const working = makeOrder({ side: 'buy', quantity: '1', limitPrice: '201' });
    for (const o of [filled, canceled, working]) await adapter.submit(o);
    await adapter.submit(makeOrder({ side: 'sell', quantity: '10', limitPrice: '230', account: 'ACC2' }));
    await adapter.cancel(canceled);
    clock.advance(LATENCY);
    const execution = events.executions.find((e) => e.orderId === filled.orderId);
    // A new host connects and restores what it believes is working.
    const next = new RecordingVenueEvents();
    await adapter.connect(next);
    await adapter.restore!([filled, canceled, working]);
    clock.advance(LATENCY);
    expect(next.calls.slice(1)).toEqual([
      ['executed', execution],
      ['canceled', canceled.orderId, 'CANCELED: canceled on request'],
    ]);
    await host.stop();
  });

  it('ends restored orders it cannot adopt', async () => {
    const { adapter, events, clock, host } = await startVenue({}, { marketData: null });
    const gone = makeOrder({ instrument: 'NOPE', side: 'buy', quantity: '1', limitPrice: '1' });
    const late = makeOrder({
      side: 'buy',
      quantity: '1',
      limitPrice: '1',
      timeInForce: 'GTD',
      expireAt: START,
    });
    await adapter.restore!([gone, late]);
    clock.advance(LATENCY);
    expect(events.calls).toEqual([
      ['canceled', gone.orderId, expect.stringMatching(/^UNKNOWN_INSTRUMENT: /)],
      ['expired', late.orderId],
    ]);
    await host.stop();
  });
});
