import { dec, ORDER_TYPES, type Order, TIME_IN_FORCE } from '@qmo/sdk';
import {
  FixEncoder,
  type FixFieldList,
  FixParser,
  FixValidator,
  loadFix44Dictionary,
  readBody,
  writeHeader,
} from '@qmo/sdk/fix';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  newOrderSingle,
  orderCancelReplaceRequest,
  orderCancelRequest,
  orderStatusRequest,
} from '../src/index.js';
import { makeOrder, START } from './helpers.js';

const dictionary = loadFix44Dictionary();
const parser = new FixParser({ dictionary });
const validator = new FixValidator(dictionary);
const encoder = new FixEncoder();

/** The message as a session would send it, parsed back and checked against FIX44.xml. */
function roundTrip(msgType: string, body: FixFieldList) {
  encoder.begin(msgType);
  writeHeader(encoder, { senderCompId: 'QMO', targetCompId: 'VENUE', msgSeqNum: 2, sendingTime: START });
  encoder.fields(body);
  const view = parser.parse(Buffer.from(encoder.finish()), 0, undefined, true);
  expect(validator.validate(view)).toBeNull();
  return view;
}

const ctx = { symbol: 'AAPL.O', now: START + 5 };

describe('NewOrderSingle', () => {
  it('carries the order id as ClOrdID and its terms as exact decimal strings', () => {
    const order = makeOrder({
      side: 'sell',
      quantity: '150',
      limitPrice: '230.015',
      type: 'stop-limit',
      stopPrice: '231.5',
      timeInForce: 'GTD',
      expireAt: START + 3_600_000,
      displayQuantity: '50',
      postOnly: true,
    });
    const view = roundTrip('D', newOrderSingle(order, { ...ctx, account: 'ACC-9' }));
    expect(readBody(view, 'D')).toMatchObject({
      account: 'ACC-9',
      clOrdId: order.orderId,
      handlInst: '1',
      symbol: 'AAPL.O',
      side: '2',
      orderQty: '150',
      ordType: '4',
      price: '230.015',
      stopPx: '231.5',
      timeInForce: '6',
      expireTime: START + 3_600_000,
      maxFloor: '50',
      execInst: '6',
      transactTime: START + 5,
    });
  });

  it('maps every side, type and time in force, and sends only the prices the type needs', () => {
    const orders = fc.record({
      side: fc.constantFrom('buy' as const, 'sell' as const),
      type: fc.constantFrom(...ORDER_TYPES),
      timeInForce: fc.constantFrom(...TIME_IN_FORCE),
      quantity: fc.bigInt({ min: 1n, max: 10n ** 12n }).map(String),
      price: fc
        .tuple(fc.nat(1_000_000), fc.nat(99_999))
        .map(([i, f]) => `${i}.${String(f).padStart(5, '0')}`),
      reduceOnly: fc.boolean(),
    });
    fc.assert(
      fc.property(orders, (o) => {
        const order: Order = makeOrder({
          side: o.side,
          type: o.type,
          timeInForce: o.timeInForce,
          quantity: o.quantity,
          limitPrice: o.price,
          stopPrice: o.price,
          reduceOnly: o.reduceOnly,
          ...(o.timeInForce === 'GTD' ? { expireAt: START } : {}),
        });
        const body = readBody(roundTrip('D', newOrderSingle(order, ctx)), 'D');
        expect(body.side).toBe(o.side === 'buy' ? '1' : '2');
        expect(body.ordType).toBe({ market: '1', limit: '2', stop: '3', 'stop-limit': '4' }[o.type]);
        expect(body.timeInForce).toBe({ DAY: '0', GTC: '1', IOC: '3', FOK: '4', GTD: '6' }[o.timeInForce]);
        expect(body.orderQty).toBe(o.quantity);
        expect(body.price).toBe(o.type === 'limit' || o.type === 'stop-limit' ? dec(o.price) : undefined);
        expect(body.stopPx).toBe(o.type === 'stop' || o.type === 'stop-limit' ? dec(o.price) : undefined);
        expect(body.execInst).toBe(o.reduceOnly ? 'E' : undefined);
        expect(body.account).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});

describe('cancel, replace and status requests', () => {
  const order = makeOrder({ side: 'buy', quantity: '100', limitPrice: '230' });
  const ref = { clOrdId: `${order.orderId}:x1`, origClOrdId: order.orderId, venueOrderId: 'V-7' };

  it('OrderCancelRequest names the order by OrigClOrdID and OrderID under a fresh ClOrdID', () => {
    expect(readBody(roundTrip('F', orderCancelRequest(order, ref, ctx)), 'F')).toMatchObject({
      clOrdId: ref.clOrdId,
      origClOrdId: order.orderId,
      orderId: 'V-7',
      side: '1',
      symbol: 'AAPL.O',
      orderQty: '100',
      transactTime: START + 5,
    });
  });

  it('OrderCancelReplaceRequest carries the whole order with its new terms', () => {
    const body = readBody(
      roundTrip(
        'G',
        orderCancelReplaceRequest(order, { quantity: dec('120'), limitPrice: dec('229.5') }, ref, ctx),
      ),
      'G',
    );
    expect(body).toMatchObject({
      clOrdId: ref.clOrdId,
      origClOrdId: order.orderId,
      orderId: 'V-7',
      orderQty: '120',
      price: '229.5',
      ordType: '2',
      side: '1',
      timeInForce: '1',
    });
  });

  it('OrderStatusRequest names the order by its ClOrdID and the request by OrdStatusReqID', () => {
    const body = readBody(
      roundTrip(
        'H',
        orderStatusRequest(order, { clOrdId: order.orderId, venueOrderId: 'V-7', ordStatusReqId: 'r1' }, ctx),
      ),
      'H',
    );
    expect(body).toMatchObject({ clOrdId: order.orderId, orderId: 'V-7', ordStatusReqId: 'r1', side: '1' });
  });
});
