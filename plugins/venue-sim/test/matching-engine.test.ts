import { describe, expect, it } from 'vitest';
import {
  type EngineEvent,
  type EngineOrder,
  type EngineResult,
  MatchingEngine,
  OrderBook,
} from '../src/matching-engine.js';

let counter = 0;
/** An order with defaults: a GTC limit of account A. */
function order(fields: Partial<EngineOrder> & Pick<EngineOrder, 'side' | 'quantity'>): EngineOrder {
  return { orderId: `o${++counter}`, account: 'A', type: 'limit', timeInForce: 'GTC', ...fields };
}
const buy = (quantity: number, price: number, more: Partial<EngineOrder> = {}) =>
  order({ side: 'buy', quantity, price, ...more });
const sell = (quantity: number, price: number, more: Partial<EngineOrder> = {}) =>
  order({ side: 'sell', quantity, price, ...more });

const ofType = <T extends EngineEvent['type']>(r: EngineResult, type: T) =>
  r.events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
const fills = (r: EngineResult) => ofType(r, 'fill');
const types = (r: EngineResult) => r.events.map((e) => e.type);
const l3 = (b: OrderBook) => b.l3();
const ids = (orders: { orderId: string }[]) => orders.map((o) => o.orderId);

describe('limit and market orders', () => {
  it('rests a limit order that does not cross: accepted, an L3 add and the new top', () => {
    const book = new OrderBook('X');
    const o = buy(10, 100);
    const r = book.submit(o);
    expect(r.events).toEqual([{ type: 'accepted', orderId: o.orderId, account: 'A' }]);
    expect(r.book).toEqual([{ action: 'add', orderId: o.orderId, side: 'bid', price: 100, size: 10 }]);
    expect(r.top).toEqual({ bid: 100, bidSize: 10, ask: null, askSize: 0 });
  });

  it('sweeps levels with a market order at the resting prices, taker and maker fills both reported', () => {
    const book = new OrderBook('X');
    const a1 = sell(5, 101, { account: 'M' });
    const a2 = sell(5, 102, { account: 'M' });
    book.submit(a1);
    book.submit(a2);
    const m = order({ side: 'buy', type: 'market', quantity: 7, account: 'T', timeInForce: 'IOC' });
    const r = book.submit(m);
    expect(types(r)).toEqual(['accepted', 'fill', 'fill', 'trade', 'fill', 'fill', 'trade']);
    expect(
      fills(r).map((f) => [f.orderId, f.price, f.quantity, f.liquidity, f.cumQuantity, f.leavesQuantity]),
    ).toEqual([
      [m.orderId, 101, 5, 'taker', 5, 2],
      [a1.orderId, 101, 5, 'maker', 5, 0],
      [m.orderId, 102, 2, 'taker', 7, 0],
      [a2.orderId, 102, 2, 'maker', 2, 3],
    ]);
    expect(new Set(fills(r).map((f) => f.executionId)).size).toBe(4);
    expect(r.book).toEqual([
      { action: 'execute', orderId: a1.orderId, side: 'ask', price: 101, size: 5 },
      { action: 'execute', orderId: a2.orderId, side: 'ask', price: 102, size: 2 },
    ]);
    expect(r.top).toEqual({ bid: null, bidSize: 0, ask: 102, askSize: 3 });
    expect(ofType(r, 'trade')[0]).toMatchObject({
      aggressor: 'buy',
      takerOrderId: m.orderId,
      makerOrderId: a1.orderId,
    });
  });

  it('cancels the rest of a market order when the book runs out', () => {
    const book = new OrderBook('X');
    book.submit(sell(3, 101, { account: 'M' }));
    const m = order({ side: 'buy', type: 'market', quantity: 5, timeInForce: 'DAY' });
    const r = book.submit(m);
    expect(types(r)).toEqual(['accepted', 'fill', 'fill', 'trade', 'canceled']);
    expect(ofType(r, 'canceled')[0]).toMatchObject({ orderId: m.orderId, code: 'MARKET_UNFILLED' });
    expect(book.order(m.orderId)).toBeUndefined();
  });

  it('rejects a market order against an empty book (or one with only its own orders) with NO_LIQUIDITY', () => {
    const book = new OrderBook('X');
    const m = order({ side: 'sell', type: 'market', quantity: 1, timeInForce: 'IOC' });
    expect(book.submit(m).events).toEqual([
      { type: 'rejected', orderId: m.orderId, account: 'A', code: 'NO_LIQUIDITY', text: expect.any(String) },
    ]);
    book.submit(buy(5, 99));
    expect(
      ofType(
        book.submit(order({ side: 'sell', type: 'market', quantity: 1, timeInForce: 'IOC' })),
        'rejected',
      )[0]?.code,
    ).toBe('NO_LIQUIDITY');
    expect(l3(book).bids).toHaveLength(1);
  });

  it('fills a crossing limit order partially and rests the rest at its limit', () => {
    const book = new OrderBook('X');
    book.submit(sell(4, 100, { account: 'M' }));
    book.submit(sell(4, 103, { account: 'M' }));
    const o = buy(10, 101);
    const r = book.submit(o);
    expect(
      fills(r)
        .filter((f) => f.orderId === o.orderId)
        .map((f) => [f.price, f.quantity]),
    ).toEqual([[100, 4]]);
    expect(r.book.at(-1)).toEqual({ action: 'add', orderId: o.orderId, side: 'bid', price: 101, size: 6 });
    expect(r.top).toEqual({ bid: 101, bidSize: 6, ask: 103, askSize: 4 });
    expect(book.order(o.orderId)).toMatchObject({ filled: 4, leaves: 6, status: 'resting' });
  });

  it('trades at the resting price, never the aggressor limit', () => {
    const book = new OrderBook('X');
    book.submit(buy(2, 100, { account: 'M' }));
    const r = book.submit(sell(2, 90));
    expect(fills(r).map((f) => f.price)).toEqual([100, 100]);
  });
});

describe('price-time priority', () => {
  it('fills the better price first, then FIFO within a price', () => {
    const book = new OrderBook('X');
    const first = sell(2, 101, { account: 'M1' });
    const second = sell(2, 101, { account: 'M2' });
    const better = sell(2, 100, { account: 'M3' });
    const third = sell(2, 101, { account: 'M1' });
    for (const o of [first, second, better, third]) book.submit(o);
    expect(ids(l3(book).asks)).toEqual([better.orderId, first.orderId, second.orderId, third.orderId]);
    const r = book.submit(buy(5, 101, { account: 'T' }));
    expect(
      fills(r)
        .filter((f) => f.liquidity === 'maker')
        .map((f) => [f.orderId, f.quantity]),
    ).toEqual([
      [better.orderId, 2],
      [first.orderId, 2],
      [second.orderId, 1],
    ]);
    expect(ids(l3(book).asks)).toEqual([second.orderId, third.orderId]);
  });

  it('orders bids highest first and asks lowest first', () => {
    const book = new OrderBook('X');
    for (const p of [99, 101, 100]) book.submit(buy(1, p));
    for (const p of [105, 103, 104]) book.submit(sell(1, p, { account: 'B' }));
    expect(book.levels('bid').map((l) => l.price)).toEqual([101, 100, 99]);
    expect(book.levels('ask').map((l) => l.price)).toEqual([103, 104, 105]);
  });
});

describe('time in force', () => {
  it('IOC fills what it can and cancels the rest', () => {
    const book = new OrderBook('X');
    book.submit(sell(3, 100, { account: 'M' }));
    const o = buy(5, 100, { timeInForce: 'IOC' });
    const r = book.submit(o);
    expect(types(r)).toEqual(['accepted', 'fill', 'fill', 'trade', 'canceled']);
    expect(ofType(r, 'canceled')[0]).toMatchObject({ code: 'IOC_UNFILLED' });
    expect(r.book.some((c) => c.orderId === o.orderId)).toBe(false);
    expect(book.l3().bids).toEqual([]);
  });

  it('IOC with nothing to trade is accepted and canceled', () => {
    const book = new OrderBook('X');
    expect(types(book.submit(buy(5, 100, { timeInForce: 'IOC' })))).toEqual(['accepted', 'canceled']);
  });

  it('FOK that cannot fill completely is canceled before any fill, leaving the book untouched', () => {
    const book = new OrderBook('X');
    book.submit(sell(3, 100, { account: 'M' }));
    book.submit(sell(3, 102, { account: 'M' }));
    const before = book.l3();
    const r = book.submit(buy(5, 101, { timeInForce: 'FOK' }));
    expect(types(r)).toEqual(['accepted', 'canceled']);
    expect(ofType(r, 'canceled')[0]).toMatchObject({ code: 'FOK_UNFILLABLE' });
    expect(r.book).toEqual([]);
    expect(book.l3()).toEqual(before);
  });

  it('FOK that can fill completely fills across levels', () => {
    const book = new OrderBook('X');
    book.submit(sell(3, 100, { account: 'M' }));
    book.submit(sell(3, 102, { account: 'M' }));
    const o = buy(5, 102, { timeInForce: 'FOK' });
    const r = book.submit(o);
    expect(
      fills(r)
        .filter((f) => f.orderId === o.orderId)
        .map((f) => f.quantity),
    ).toEqual([3, 2]);
    expect(ofType(r, 'canceled')).toEqual([]);
  });

  it('FOK does not count its own account resting orders as fillable', () => {
    const book = new OrderBook('X');
    book.submit(sell(3, 100, { account: 'A' }));
    book.submit(sell(3, 100, { account: 'M' }));
    expect(ofType(book.submit(buy(5, 100, { timeInForce: 'FOK', account: 'A' })), 'canceled')[0]?.code).toBe(
      'FOK_UNFILLABLE',
    );
  });

  it('market FOK checks the whole book', () => {
    const book = new OrderBook('X');
    book.submit(sell(3, 100, { account: 'M' }));
    const r = book.submit(order({ side: 'buy', type: 'market', quantity: 4, timeInForce: 'FOK' }));
    expect(types(r)).toEqual(['accepted', 'canceled']);
  });

  it('GTD orders expire at expireAt, stops included', () => {
    const book = new OrderBook('X');
    const a = buy(1, 100, { timeInForce: 'GTD', expireAt: 1_000 });
    const b = buy(1, 99, { timeInForce: 'GTD', expireAt: 2_000 });
    const s = order({
      side: 'buy',
      type: 'stop',
      stopPrice: 110,
      quantity: 1,
      timeInForce: 'GTD',
      expireAt: 1_000,
    });
    for (const o of [a, b, s]) book.submit(o);
    expect(book.expire(999).events).toEqual([]);
    const r = book.expire(1_000);
    expect(r.events).toEqual([
      { type: 'expired', orderId: a.orderId, account: 'A' },
      { type: 'expired', orderId: s.orderId, account: 'A' },
    ]);
    expect(r.book).toEqual([{ action: 'delete', orderId: a.orderId, side: 'bid', price: 100, size: 0 }]);
    expect(ids(book.l3().bids)).toEqual([b.orderId]);
  });
});

describe('post-only', () => {
  it('is rejected with POST_ONLY_WOULD_CROSS when it would take liquidity', () => {
    const book = new OrderBook('X');
    book.submit(sell(3, 100, { account: 'M' }));
    const o = buy(1, 100, { postOnly: true });
    expect(book.submit(o).events).toEqual([
      {
        type: 'rejected',
        orderId: o.orderId,
        account: 'A',
        code: 'POST_ONLY_WOULD_CROSS',
        text: expect.any(String),
      },
    ]);
  });

  it('rests when it does not cross', () => {
    const book = new OrderBook('X');
    book.submit(sell(3, 100, { account: 'M' }));
    const r = book.submit(buy(1, 99, { postOnly: true }));
    expect(types(r)).toEqual(['accepted']);
    expect(r.top.bid).toBe(99);
  });

  it('cannot be IOC, FOK or a market order', () => {
    const book = new OrderBook('X');
    expect(ofType(book.submit(buy(1, 99, { postOnly: true, timeInForce: 'IOC' })), 'rejected')[0]?.code).toBe(
      'INVALID_ORDER',
    );
    expect(
      ofType(
        book.submit(order({ side: 'buy', type: 'market', quantity: 1, postOnly: true, timeInForce: 'DAY' })),
        'rejected',
      )[0]?.code,
    ).toBe('INVALID_ORDER');
  });
});

describe('iceberg', () => {
  it('shows only the display quantity and refills from hidden at the back of its price queue', () => {
    const book = new OrderBook('X');
    const ice = sell(10, 100, { account: 'M', displayQuantity: 3 });
    const r1 = book.submit(ice);
    expect(r1.book).toEqual([{ action: 'add', orderId: ice.orderId, side: 'ask', price: 100, size: 3 }]);
    expect(r1.top).toEqual({ bid: null, bidSize: 0, ask: 100, askSize: 3 });
    const later = sell(2, 100, { account: 'N' });
    book.submit(later);
    // Takes the shown 3: the iceberg refills 3 more behind `later`.
    const r2 = book.submit(buy(3, 100, { account: 'T' }));
    expect(r2.book).toEqual([
      { action: 'execute', orderId: ice.orderId, side: 'ask', price: 100, size: 3 },
      { action: 'add', orderId: ice.orderId, side: 'ask', price: 100, size: 3 },
    ]);
    expect(ids(book.l3().asks)).toEqual([later.orderId, ice.orderId]);
    expect(book.order(ice.orderId)).toMatchObject({ filled: 3, leaves: 7, visible: 3 });
    // A large taker goes through `later`, then every slice of the iceberg.
    const big = buy(20, 100, { account: 'T', timeInForce: 'IOC' });
    const r3 = book.submit(big);
    expect(
      fills(r3)
        .filter((f) => f.liquidity === 'maker')
        .map((f) => [f.orderId, f.quantity]),
    ).toEqual([
      [later.orderId, 2],
      [ice.orderId, 3],
      [ice.orderId, 3],
      [ice.orderId, 1],
    ]);
    expect(book.order(ice.orderId)).toBeUndefined();
    expect(book.l3().asks).toEqual([]);
  });

  it('a resting iceberg taker shows min(display, leaves)', () => {
    const book = new OrderBook('X');
    book.submit(sell(9, 100, { account: 'M' }));
    const ice = buy(10, 100, { displayQuantity: 4 });
    const r = book.submit(ice);
    expect(r.book.at(-1)).toEqual({ action: 'add', orderId: ice.orderId, side: 'bid', price: 100, size: 1 });
  });

  it('refuses a display quantity above the quantity', () => {
    const book = new OrderBook('X');
    expect(ofType(book.submit(buy(3, 100, { displayQuantity: 4 })), 'rejected')[0]?.code).toBe(
      'INVALID_QUANTITY',
    );
  });
});

describe('stop orders', () => {
  it('holds a stop off the book until a trade reaches it, then runs it as a market order', () => {
    const book = new OrderBook('X');
    book.submit(sell(5, 105, { account: 'M' }));
    const stop = order({ side: 'buy', type: 'stop', stopPrice: 103, quantity: 2, timeInForce: 'GTC' });
    const r1 = book.submit(stop);
    expect(r1.events).toEqual([{ type: 'accepted', orderId: stop.orderId, account: 'A' }]);
    expect(r1.book).toEqual([]);
    expect(book.order(stop.orderId)).toMatchObject({ status: 'held', visible: 0 });
    expect(book.marketTrade(102).events).toEqual([]);
    const r2 = book.marketTrade(103);
    expect(types(r2)).toEqual(['triggered', 'fill', 'fill', 'trade']);
    expect(fills(r2)[0]).toMatchObject({
      orderId: stop.orderId,
      price: 105,
      quantity: 2,
      liquidity: 'taker',
    });
  });

  it('a sell stop triggers on a trade at or below its stop', () => {
    const book = new OrderBook('X');
    book.submit(buy(5, 95, { account: 'M' }));
    const stop = order({ side: 'sell', type: 'stop', stopPrice: 97, quantity: 1, timeInForce: 'DAY' });
    book.submit(stop);
    expect(book.marketTrade(98).events).toEqual([]);
    expect(types(book.marketTrade(96))).toEqual(['triggered', 'fill', 'fill', 'trade']);
  });

  it('a stop-limit enters as a limit order and rests when it cannot fill', () => {
    const book = new OrderBook('X');
    book.submit(sell(5, 110, { account: 'M' }));
    const stop = order({
      side: 'buy',
      type: 'stop-limit',
      stopPrice: 103,
      price: 104,
      quantity: 2,
      timeInForce: 'GTC',
    });
    book.submit(stop);
    const r = book.marketTrade(104);
    expect(types(r)).toEqual(['triggered']);
    expect(r.book).toEqual([{ action: 'add', orderId: stop.orderId, side: 'bid', price: 104, size: 2 }]);
    expect(book.order(stop.orderId)).toMatchObject({ status: 'resting', price: 104 });
  });

  it('is triggered by the book own trades, and can cascade', () => {
    const book = new OrderBook('X');
    book.submit(sell(1, 101, { account: 'M' }));
    book.submit(sell(1, 102, { account: 'M' }));
    book.submit(sell(5, 103, { account: 'M' }));
    const s1 = order({
      side: 'buy',
      type: 'stop',
      stopPrice: 101,
      quantity: 1,
      timeInForce: 'GTC',
      account: 'S',
    });
    const s2 = order({
      side: 'buy',
      type: 'stop',
      stopPrice: 102,
      quantity: 1,
      timeInForce: 'GTC',
      account: 'S',
    });
    book.submit(s2);
    book.submit(s1);
    const r = book.submit(buy(1, 101, { account: 'T' }));
    // T lifts 101 → S1 (stop 101) triggers and lifts 102 → S2 (stop 102) triggers and lifts 103.
    expect(ofType(r, 'triggered').map((e) => e.orderId)).toEqual([s1.orderId, s2.orderId]);
    expect(ofType(r, 'trade').map((t) => t.price)).toEqual([101, 102, 103]);
  });

  it('triggers at once when the last trade already crossed the stop', () => {
    const book = new OrderBook('X');
    book.submit(sell(5, 105, { account: 'M' }));
    book.marketTrade(104);
    const r = book.submit(
      order({ side: 'buy', type: 'stop', stopPrice: 103, quantity: 1, timeInForce: 'GTC' }),
    );
    expect(types(r)).toEqual(['accepted', 'triggered', 'fill', 'fill', 'trade']);
  });

  it('a triggered stop with nothing to trade with is canceled with NO_LIQUIDITY', () => {
    const book = new OrderBook('X');
    const stop = order({ side: 'sell', type: 'stop', stopPrice: 100, quantity: 1, timeInForce: 'GTC' });
    book.submit(stop);
    const r = book.marketTrade(99);
    expect(r.events).toEqual([
      { type: 'triggered', orderId: stop.orderId, account: 'A', lastPrice: 99 },
      {
        type: 'canceled',
        orderId: stop.orderId,
        account: 'A',
        code: 'NO_LIQUIDITY',
        text: expect.any(String),
      },
    ]);
  });

  it('can be canceled and replaced while held', () => {
    const book = new OrderBook('X');
    book.submit(sell(5, 105, { account: 'M' }));
    const stop = order({
      side: 'buy',
      type: 'stop-limit',
      stopPrice: 103,
      price: 104,
      quantity: 2,
      timeInForce: 'GTC',
    });
    book.submit(stop);
    const r = book.replace(stop.orderId, { stopPrice: 106, price: 106, quantity: 3 });
    expect(r.events).toEqual([
      {
        type: 'replaced',
        orderId: stop.orderId,
        account: 'A',
        quantity: 3,
        price: 106,
        stopPrice: 106,
        leavesQuantity: 3,
      },
    ]);
    expect(book.marketTrade(104).events).toEqual([]);
    expect(types(book.cancel(stop.orderId))).toEqual(['canceled']);
    expect(book.marketTrade(110).events).toEqual([]);
  });

  it('needs a stop price', () => {
    const book = new OrderBook('X');
    expect(
      ofType(
        book.submit(order({ side: 'buy', type: 'stop', quantity: 1, timeInForce: 'GTC' })),
        'rejected',
      )[0]?.code,
    ).toBe('INVALID_PRICE');
  });
});

describe('cancel', () => {
  it('removes a resting order with an L3 delete', () => {
    const book = new OrderBook('X');
    const o = buy(3, 100);
    book.submit(o);
    const r = book.cancel(o.orderId);
    expect(r.events).toEqual([
      { type: 'canceled', orderId: o.orderId, account: 'A', code: 'CANCELED', text: expect.any(String) },
    ]);
    expect(r.book).toEqual([{ action: 'delete', orderId: o.orderId, side: 'bid', price: 100, size: 0 }]);
    expect(r.top.bid).toBeNull();
  });

  it('rejects unknown orders and orders no longer working', () => {
    const book = new OrderBook('X');
    expect(book.cancel('nope').events).toEqual([
      { type: 'cancelRejected', orderId: 'nope', code: 'UNKNOWN_ORDER', text: expect.any(String) },
    ]);
    const o = buy(1, 100);
    book.submit(o);
    book.submit(sell(1, 100, { account: 'M' }));
    expect(book.cancel(o.orderId).events[0]).toMatchObject({
      type: 'cancelRejected',
      code: 'TOO_LATE_TO_CANCEL',
    });
  });
});

describe('replace', () => {
  function threeBids() {
    const book = new OrderBook('X');
    const [a, b, c] = [
      buy(5, 100, { account: 'A' }),
      buy(5, 100, { account: 'B' }),
      buy(5, 100, { account: 'C' }),
    ];
    for (const o of [a, b, c]) book.submit(o);
    return { book, a: a!, b: b!, c: c! };
  }

  it('a quantity decrease keeps priority (L3 modify)', () => {
    const { book, a, b, c } = threeBids();
    const r = book.replace(a.orderId, { quantity: 2 });
    expect(r.events).toEqual([
      { type: 'replaced', orderId: a.orderId, account: 'A', quantity: 2, price: 100, leavesQuantity: 2 },
    ]);
    expect(r.book).toEqual([{ action: 'modify', orderId: a.orderId, side: 'bid', price: 100, size: 2 }]);
    expect(ids(book.l3().bids)).toEqual([a.orderId, b.orderId, c.orderId]);
  });

  it('a quantity increase loses priority', () => {
    const { book, a, b, c } = threeBids();
    const r = book.replace(a.orderId, { quantity: 8 });
    expect(r.book).toEqual([
      { action: 'delete', orderId: a.orderId, side: 'bid', price: 100, size: 0 },
      { action: 'add', orderId: a.orderId, side: 'bid', price: 100, size: 8 },
    ]);
    expect(ids(book.l3().bids)).toEqual([b.orderId, c.orderId, a.orderId]);
  });

  it('a price change loses priority, even back to the same price', () => {
    const { book, a, b, c } = threeBids();
    book.replace(a.orderId, { price: 99 });
    book.replace(a.orderId, { price: 100 });
    expect(ids(book.l3().bids)).toEqual([b.orderId, c.orderId, a.orderId]);
  });

  it('a price change that crosses trades as a taker', () => {
    const book = new OrderBook('X');
    const ask = sell(2, 101, { account: 'M' });
    book.submit(ask);
    const o = buy(5, 100);
    book.submit(o);
    const r = book.replace(o.orderId, { price: 101 });
    expect(types(r)).toEqual(['replaced', 'fill', 'fill', 'trade']);
    expect(fills(r)[0]).toMatchObject({ orderId: o.orderId, liquidity: 'taker', quantity: 2, price: 101 });
    expect(book.order(o.orderId)).toMatchObject({ filled: 2, leaves: 3, price: 101, status: 'resting' });
  });

  it('rejects a quantity at or below the filled quantity, leaving the order as it was', () => {
    const book = new OrderBook('X');
    const o = buy(5, 100);
    book.submit(o);
    book.submit(sell(3, 100, { account: 'M' }));
    expect(book.replace(o.orderId, { quantity: 3 }).events).toEqual([
      {
        type: 'replaceRejected',
        orderId: o.orderId,
        account: 'A',
        code: 'INVALID_REPLACE_QUANTITY',
        text: expect.any(String),
      },
    ]);
    expect(book.order(o.orderId)).toMatchObject({ quantity: 5, filled: 3, leaves: 2 });
    expect(types(book.replace(o.orderId, { quantity: 4 }))).toEqual(['replaced']);
    expect(book.order(o.orderId)).toMatchObject({ quantity: 4, leaves: 1, visible: 1 });
  });

  it('rejects a post-only replace that would cross', () => {
    const book = new OrderBook('X');
    book.submit(sell(2, 101, { account: 'M' }));
    const o = buy(5, 100, { postOnly: true });
    book.submit(o);
    expect(book.replace(o.orderId, { price: 101 }).events[0]).toMatchObject({
      type: 'replaceRejected',
      code: 'POST_ONLY_WOULD_CROSS',
    });
    expect(book.order(o.orderId)?.price).toBe(100);
  });

  it('rejects replaces of unknown and ended orders', () => {
    const book = new OrderBook('X');
    expect(book.replace('nope', { quantity: 1 }).events[0]).toMatchObject({ code: 'UNKNOWN_ORDER' });
    const o = buy(1, 100);
    book.submit(o);
    book.cancel(o.orderId);
    expect(book.replace(o.orderId, { quantity: 2 }).events[0]).toMatchObject({ code: 'TOO_LATE_TO_REPLACE' });
  });

  it('an iceberg decrease below the shown size shrinks what is shown', () => {
    const book = new OrderBook('X');
    const o = buy(10, 100, { displayQuantity: 4 });
    book.submit(o);
    expect(book.replace(o.orderId, { quantity: 6 }).book).toEqual([]);
    expect(book.replace(o.orderId, { quantity: 3 }).book).toEqual([
      { action: 'modify', orderId: o.orderId, side: 'bid', price: 100, size: 3 },
    ]);
  });
});

describe('self-trade prevention', () => {
  it('cancels the resting order of the same account and keeps matching others', () => {
    const book = new OrderBook('X');
    const own = sell(3, 100, { account: 'A' });
    const other = sell(3, 100, { account: 'B' });
    book.submit(own);
    book.submit(other);
    const o = buy(2, 100, { account: 'A' });
    const r = book.submit(o);
    expect(types(r)).toEqual(['accepted', 'canceled', 'fill', 'fill', 'trade']);
    expect(ofType(r, 'canceled')[0]).toMatchObject({ orderId: own.orderId, code: 'SELF_TRADE_PREVENTED' });
    expect(fills(r).map((f) => f.account)).toEqual(['A', 'B']);
    expect(r.book[0]).toEqual({ action: 'delete', orderId: own.orderId, side: 'ask', price: 100, size: 0 });
  });

  it('lets different accounts trade', () => {
    const book = new OrderBook('X');
    book.submit(sell(3, 100, { account: 'B' }));
    expect(fills(book.submit(buy(3, 100, { account: 'A' })))).toHaveLength(2);
  });
});

describe('validation', () => {
  it.each([
    ['zero quantity', buy(0, 100), 'INVALID_QUANTITY'],
    ['fractional quantity', buy(1.5, 100), 'INVALID_QUANTITY'],
    ['limit without price', order({ side: 'buy', quantity: 1 }), 'INVALID_PRICE'],
    ['negative price', buy(1, -1), 'INVALID_PRICE'],
    ['GTD without expireAt', buy(1, 100, { timeInForce: 'GTD' }), 'INVALID_EXPIRY'],
    [
      'iceberg market',
      order({ side: 'buy', type: 'market', quantity: 5, displayQuantity: 1, timeInForce: 'IOC' }),
      'INVALID_ORDER',
    ],
  ])('rejects %s', (_name, o, code) => {
    expect(new OrderBook('X').submit(o).events).toEqual([
      { type: 'rejected', orderId: o.orderId, account: 'A', code, text: expect.any(String) },
    ]);
  });

  it('rejects a reused order id', () => {
    const book = new OrderBook('X');
    const o = buy(1, 100);
    book.submit(o);
    expect(book.submit(o).events[0]).toMatchObject({ type: 'rejected', code: 'DUPLICATE_ORDER_ID' });
  });
});

describe('MatchingEngine', () => {
  it('keeps one book per instrument and unique, prefixed ids across them', () => {
    const engine = new MatchingEngine({ idPrefix: 'sim-' });
    engine.submit('X', sell(1, 100, { account: 'M' }));
    engine.submit('Y', sell(1, 100, { account: 'M' }));
    const rx = engine.submit('X', buy(1, 100));
    const ry = engine.submit('Y', buy(1, 100));
    const all = [...fills(rx), ...fills(ry)].map((f) => f.executionId);
    expect(all).toEqual(['sim-X1', 'sim-X2', 'sim-X3', 'sim-X4']);
    expect(ofType(ry, 'trade')[0]?.matchId).toBe('sim-M2');
    expect(engine.instruments()).toEqual(['X', 'Y']);
  });

  it('is deterministic: the same operations give the same results', () => {
    const run = () => {
      counter = 1_000;
      const engine = new MatchingEngine();
      const out: EngineResult[] = [];
      out.push(engine.submit('X', sell(5, 101, { account: 'M', displayQuantity: 2 })));
      out.push(
        engine.submit(
          'X',
          order({ side: 'buy', type: 'stop', stopPrice: 101, quantity: 2, timeInForce: 'GTC' }),
        ),
      );
      out.push(engine.submit('X', buy(3, 101, { account: 'T' })));
      out.push(engine.replace('X', 'o1001', { quantity: 4 }));
      return out;
    };
    expect(run()).toEqual(run());
  });
});
