import type { Execution, Order, OrderState } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import {
  blotterRows,
  fillRows,
  fillsByOrder,
  isAmendable,
  isCancelable,
  isNewer,
  mergeExecutions,
  mergeOrders,
} from './blotter.js';

function order(id: string, state: OrderState, updatedAt: number, cum = '0', createdAt = 1): Order {
  return {
    orderId: id,
    clientOrderId: `c-${id}`,
    account: 'A',
    instrument: 'EURUSD',
    side: 'buy',
    type: 'limit',
    quantity: '10',
    limitPrice: '1.1',
    timeInForce: 'DAY',
    venue: 'sim',
    state,
    cumQuantity: cum,
    leavesQuantity: '10',
    avgPrice: null,
    submittedBy: 'u',
    createdAt,
    updatedAt,
  } as Order;
}

const fill = (id: string, orderId: string, ts: number): Execution =>
  ({ executionId: id, orderId, clientOrderId: `c-${orderId}`, ts, price: '1.1', quantity: '1' }) as Execution;

describe('blotter merge', () => {
  it('never lets an older version overwrite a newer one', () => {
    expect(isNewer(undefined, order('1', 'PendingNew', 1))).toBe(true);
    expect(isNewer(order('1', 'New', 5), order('1', 'PendingNew', 4))).toBe(false);
    expect(isNewer(order('1', 'New', 5), order('1', 'PartiallyFilled', 6, '3'))).toBe(true);
    // Same timestamp: more filled, or further along, wins.
    expect(isNewer(order('1', 'PartiallyFilled', 5, '3'), order('1', 'PartiallyFilled', 5, '2'))).toBe(false);
    expect(isNewer(order('1', 'PartiallyFilled', 5, '3'), order('1', 'Filled', 5, '10'))).toBe(true);
    expect(isNewer(order('1', 'New', 5), order('1', 'PendingNew', 5))).toBe(false);
    expect(isNewer(order('1', 'PendingNew', 5), order('1', 'New', 5))).toBe(true);
  });

  it('merges by orderId and keeps the map when nothing changed', () => {
    const a = order('1', 'New', 2);
    const m1 = mergeOrders(new Map(), [a, order('2', 'New', 2)]);
    expect([...m1.keys()]).toEqual(['1', '2']);
    // The POST answer (older) arriving after the stream's event changes nothing.
    const m2 = mergeOrders(m1, [order('1', 'PendingNew', 1)]);
    expect(m2).toBe(m1);
    const m3 = mergeOrders(m1, [order('1', 'Filled', 3, '10')]);
    expect(m3).not.toBe(m1);
    expect(m3.get('1')?.state).toBe('Filled');
    expect(m1.get('1')?.state).toBe('New');
  });

  it('shows working orders or all, newest first', () => {
    const m = mergeOrders(new Map(), [
      order('1', 'Filled', 9, '10', 1),
      order('2', 'New', 9, '0', 3),
      order('3', 'PendingCancel', 9, '0', 2),
      order('4', 'Rejected', 9, '0', 4),
    ]);
    expect(blotterRows(m, 'working').map((o) => o.orderId)).toEqual(['2', '3']);
    expect(blotterRows(m, 'all').map((o) => o.orderId)).toEqual(['4', '2', '3', '1']);
  });

  it('merges fills once each, newest first, and per order', () => {
    const m1 = mergeExecutions(new Map(), [fill('e1', '1', 1), fill('e2', '1', 3)]);
    const m2 = mergeExecutions(m1, [fill('e2', '1', 3)]);
    expect(m2).toBe(m1);
    const m3 = mergeExecutions(m2, [fill('e3', '2', 2)]);
    expect(fillRows(m3).map((e) => e.executionId)).toEqual(['e2', 'e3', 'e1']);
    expect(
      fillsByOrder(m3)
        .get('1')
        ?.map((e) => e.executionId),
    ).toEqual(['e1', 'e2']);
  });

  it('knows which rows may be canceled or amended', () => {
    expect(isCancelable(order('1', 'New', 1))).toBe(true);
    expect(isCancelable(order('1', 'PendingCancel', 1))).toBe(false);
    expect(isCancelable(order('1', 'Filled', 1))).toBe(false);
    expect(isAmendable(order('1', 'PartiallyFilled', 1))).toBe(true);
    expect(isAmendable({ ...order('1', 'New', 1), type: 'market' })).toBe(false);
  });
});
