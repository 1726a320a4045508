import { big, type Decimal, dec, decimal, ERROR_CODES, FINAL_ORDER_STATES, type Order } from '@qmo/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyOrderEvent,
  confirmReplacement,
  createOrder,
  type OrderEvent,
  type OrderGrid,
  OrderTransitionError,
} from '../../src/index.js';
import { request } from './helpers.js';

const GRID: OrderGrid = { tickSize: '0.25' as Decimal, lotSize: '1' as Decimal };
const ctx = (ts = 1) => ({ ts, grid: GRID });

function pendingNew(quantity = '10'): Order {
  return createOrder(request({ quantity: quantity as Decimal }), {
    orderId: 'o1',
    venue: 'sim',
    submittedBy: 'u1',
    ts: 0,
  });
}

function run(order: Order, ...events: OrderEvent[]): Order {
  return events.reduce((o, e, i) => applyOrderEvent(o, e, ctx(i + 1)), order);
}

const fill = (quantity: string, price: string): OrderEvent => ({
  type: 'fill',
  quantity: quantity as Decimal,
  price: price as Decimal,
});

describe('order state machine', () => {
  it('PendingNew → New → PartiallyFilled → Filled, with exact volume-weighted average price', () => {
    let o = pendingNew('5');
    expect(o).toMatchObject({ state: 'PendingNew', cumQuantity: '0', leavesQuantity: '5', avgPrice: null });
    o = run(o, { type: 'accepted', venueOrderId: 'V1' });
    expect(o).toMatchObject({ state: 'New', venueOrderId: 'V1', leavesQuantity: '5' });
    o = run(o, fill('3', '100.25'));
    expect(o).toMatchObject({
      state: 'PartiallyFilled',
      cumQuantity: '3',
      leavesQuantity: '2',
      avgPrice: '100.25',
    });
    o = run(o, fill('2', '100.5'));
    // (3 × 100.25 + 2 × 100.5) / 5 = 501.75 / 5
    expect(o).toMatchObject({ state: 'Filled', cumQuantity: '5', leavesQuantity: '0', avgPrice: '100.35' });
  });

  it('keeps the average exact over many fills (no drift from a rounded average)', () => {
    let o = run(pendingNew('3'), { type: 'accepted' }, fill('1', '1'), fill('1', '1.25'));
    expect(o.avgPrice).toBe('1.125');
    o = run(o, fill('1', '1.25'));
    // 3.5 / 3, rounded once at 20 places, from the exact notional
    expect(o.avgPrice).toBe(dec(big('3.5').div(3)));
  });

  it('refuses a fill above the order quantity, and a non-positive fill', () => {
    const o = run(pendingNew('5'), { type: 'accepted' }, fill('4', '10'));
    expect(() => applyOrderEvent(o, fill('2', '10'), ctx())).toThrow(OrderTransitionError);
    expect(() => applyOrderEvent(o, fill('0', '10'), ctx())).toThrow(/not positive/);
    try {
      applyOrderEvent(o, fill('2', '10'), ctx());
    } catch (error) {
      expect((error as OrderTransitionError).code).toBe(ERROR_CODES.ORDER_TRANSITION_INVALID);
      expect((error as OrderTransitionError).details).toMatchObject({
        orderId: 'o1',
        state: 'PartiallyFilled',
        event: 'fill',
      });
    }
  });

  it('cancel: PendingCancel, fills still count, cancel refused goes back, confirmed cancel zeroes LeavesQty', () => {
    let o = run(pendingNew('10'), { type: 'accepted', venueOrderId: 'V' }, { type: 'cancel-requested' });
    expect(o.state).toBe('PendingCancel');
    o = run(o, fill('4', '10'));
    expect(o).toMatchObject({ state: 'PendingCancel', cumQuantity: '4', leavesQuantity: '6' });
    o = run(o, { type: 'cancel-rejected' });
    expect(o.state).toBe('PartiallyFilled');
    o = run(o, { type: 'cancel-requested' }, { type: 'canceled' });
    expect(o).toMatchObject({ state: 'Canceled', cumQuantity: '4', leavesQuantity: '0' });
  });

  it('a cancel refused before any fill returns to New (acknowledged) or PendingNew (not yet)', () => {
    expect(
      run(
        pendingNew(),
        { type: 'accepted', venueOrderId: 'V' },
        { type: 'cancel-requested' },
        { type: 'cancel-rejected' },
      ).state,
    ).toBe('New');
    expect(run(pendingNew(), { type: 'cancel-requested' }, { type: 'cancel-rejected' }).state).toBe(
      'PendingNew',
    );
  });

  it('a second cancel request while one is pending is refused', () => {
    const o = run(pendingNew(), { type: 'cancel-requested' });
    expect(() => applyOrderEvent(o, { type: 'cancel-requested' }, ctx())).toThrow(/already pending/);
  });

  it('replace: only New or PartiallyFilled; the replacement takes over CumQty and the venue order id', () => {
    expect(() => applyOrderEvent(pendingNew(), { type: 'replace-requested' }, ctx())).toThrow(
      OrderTransitionError,
    );
    let old = run(pendingNew('10'), { type: 'accepted', venueOrderId: 'V9' }, fill('3', '5'), {
      type: 'replace-requested',
    });
    expect(old.state).toBe('PendingReplace');
    old = run(old, fill('1', '6'));
    expect(old).toMatchObject({ state: 'PendingReplace', cumQuantity: '4', leavesQuantity: '6' });
    const replacement = createOrder(request({ quantity: '8' as Decimal }), {
      orderId: 'o2',
      venue: 'sim',
      submittedBy: 'u1',
      ts: 5,
      replaces: old.orderId,
    });
    old = run(old, { type: 'replaced', replacedBy: 'o2' });
    expect(old).toMatchObject({ state: 'Replaced', replacedBy: 'o2', leavesQuantity: '0' });
    const next = confirmReplacement(replacement, old, 9);
    expect(next).toMatchObject({
      orderId: 'o2',
      replaces: 'o1',
      state: 'PartiallyFilled',
      quantity: '8',
      cumQuantity: '4',
      leavesQuantity: '4',
      avgPrice: '5.25',
      venueOrderId: 'V9',
    });
    const tight = confirmReplacement({ ...replacement, quantity: '3' as Decimal }, old, 9);
    expect(tight).toMatchObject({ state: 'Filled', quantity: '4', cumQuantity: '4', leavesQuantity: '0' });
  });

  it('a replace refused by the venue returns the order to working', () => {
    const o = run(
      pendingNew('10'),
      { type: 'accepted' },
      { type: 'replace-requested' },
      { type: 'cancel-rejected' },
    );
    expect(o.state).toBe('New');
  });

  it('a venue reject only before acknowledgement', () => {
    const reason = { source: 'venue' as const, code: 'X', text: 'no' };
    expect(run(pendingNew(), { type: 'rejected', reason })).toMatchObject({
      state: 'Rejected',
      rejectReason: reason,
      leavesQuantity: '0',
    });
    const accepted = run(pendingNew(), { type: 'accepted', venueOrderId: 'V' });
    expect(() => applyOrderEvent(accepted, { type: 'rejected', reason }, ctx())).toThrow(
      OrderTransitionError,
    );
  });

  it('expired and canceled are final with LeavesQty 0; a repeated accept changes nothing', () => {
    const o = run(pendingNew(), { type: 'accepted', venueOrderId: 'V' });
    expect(run(o, { type: 'accepted', venueOrderId: 'V' }).state).toBe('New');
    expect(run(o, { type: 'expired' })).toMatchObject({ state: 'Expired', leavesQuantity: '0' });
  });

  it('nothing leaves a final state', () => {
    const finals = [
      run(pendingNew('1'), { type: 'accepted' }, fill('1', '1')),
      run(pendingNew(), { type: 'canceled' }),
      run(pendingNew(), { type: 'rejected', reason: { source: 'venue', code: 'X', text: '' } }),
      run(pendingNew(), { type: 'expired' }),
      run(
        pendingNew(),
        { type: 'accepted' },
        { type: 'replace-requested' },
        { type: 'replaced', replacedBy: 'x' },
      ),
    ];
    for (const o of finals) {
      expect(FINAL_ORDER_STATES.has(o.state)).toBe(true);
      for (const e of ALL_EVENTS)
        expect(() => applyOrderEvent(o, e, ctx()), `${o.state} ${e.type}`).toThrow(/final/);
    }
  });

  it('a rejected order is created final with LeavesQty 0', () => {
    const o = createOrder(request(), {
      orderId: 'r',
      venue: 'sim',
      submittedBy: 'u',
      ts: 1,
      rejectReason: { source: 'risk', code: 'MAX', text: 'too big' },
    });
    expect(o).toMatchObject({ state: 'Rejected', leavesQuantity: '0', cumQuantity: '0' });
  });
});

const ALL_EVENTS: OrderEvent[] = [
  { type: 'accepted', venueOrderId: 'V' },
  { type: 'rejected', reason: { source: 'venue', code: 'X', text: '' } },
  fill('1', '1'),
  { type: 'cancel-requested' },
  { type: 'canceled' },
  { type: 'cancel-rejected' },
  { type: 'replace-requested' },
  { type: 'replaced', replacedBy: 'r' },
  { type: 'expired' },
];

/** Prices on the 0.25 tick, quantities on the lot of 1. */
const eventArb: fc.Arbitrary<OrderEvent> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.integer({ min: -2, max: 12 }), fc.integer({ min: -40, max: 40_000 }))
      .map(([q, t]) => fill(String(q), dec(big(String(t)).times('0.25')))),
  },
  { weight: 1, arbitrary: fc.constantFrom(...ALL_EVENTS.filter((e) => e.type !== 'fill')) },
);

describe('order state machine: properties', () => {
  it('for any sequence of events: CumQty ≤ OrderQty, LeavesQty = OrderQty − CumQty while working and 0 when final, nothing leaves a final state, avgPrice = Σ p×q / CumQty', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.array(eventArb, { maxLength: 40 }),
        (quantity, events) => {
          let order = pendingNew(String(quantity));
          const fills: [string, string][] = [];
          for (const [i, event] of events.entries()) {
            const wasFinal = FINAL_ORDER_STATES.has(order.state);
            let next: Order;
            try {
              next = applyOrderEvent(order, event, ctx(i + 1));
            } catch (error) {
              expect(error).toBeInstanceOf(OrderTransitionError);
              continue;
            }
            expect(wasFinal, `left final state ${order.state} on ${event.type}`).toBe(false);
            order = next;
            if (event.type === 'fill') fills.push([event.quantity, event.price]);
            expect(decimal.cmp(order.cumQuantity, order.quantity)).toBeLessThanOrEqual(0);
            if (FINAL_ORDER_STATES.has(order.state)) expect(order.leavesQuantity).toBe('0');
            else expect(order.leavesQuantity).toBe(decimal.sub(order.quantity, order.cumQuantity));
            // Independently: the exact sums of the fills applied.
            const cum = fills.reduce((s, [q]) => s.plus(q), big('0'));
            expect(order.cumQuantity).toBe(dec(cum));
            const notional = fills.reduce((s, [q, p]) => s.plus(big(p).times(q)), big('0'));
            expect(order.avgPrice).toBe(fills.length === 0 ? null : dec(notional.div(cum)));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
