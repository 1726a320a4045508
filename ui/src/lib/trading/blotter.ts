/** The blotter's pure logic: merging orders and fills from the initial load and the stream. */
import type { Execution, Order, OrderState } from '@qmo/sdk';
import { compareDecimal } from '../format/decimal.js';

/** Final states (a copy of the SDK's set: the UI imports only types from the SDK). */
export const FINAL_STATES: ReadonlySet<OrderState> = new Set([
  'Filled',
  'Canceled',
  'Replaced',
  'Rejected',
  'Expired',
]);

export const isWorking = (order: Pick<Order, 'state'>): boolean => !FINAL_STATES.has(order.state);
export const isCancelable = (order: Pick<Order, 'state'>): boolean =>
  isWorking(order) && order.state !== 'PendingCancel';
export const isAmendable = (order: Pick<Order, 'state' | 'type'>): boolean =>
  isWorking(order) &&
  order.state !== 'PendingCancel' &&
  order.state !== 'PendingReplace' &&
  order.type !== 'market';

/** How far along an order is, for ordering two versions with the same `updatedAt`. */
const PROGRESS: Record<OrderState, number> = {
  PendingNew: 0,
  New: 1,
  PendingReplace: 2,
  PendingCancel: 2,
  PartiallyFilled: 3,
  Filled: 9,
  Canceled: 9,
  Replaced: 9,
  Rejected: 9,
  Expired: 9,
};

/**
 * Whether `incoming` describes the order at least as recently as `existing`: events and HTTP answers
 * race (the stream may deliver `New` before `POST /orders` answers `PendingNew`), so an older version
 * never overwrites a newer one. Same `updatedAt`: a final state or more filled quantity wins.
 */
export function isNewer(existing: Order | undefined, incoming: Order): boolean {
  if (!existing) return true;
  if (incoming.updatedAt !== existing.updatedAt) return incoming.updatedAt > existing.updatedAt;
  const fill = compareDecimal(incoming.cumQuantity, existing.cumQuantity);
  if (fill !== 0) return fill > 0;
  return PROGRESS[incoming.state] >= PROGRESS[existing.state];
}

/** Merges orders by `orderId` into a new map when anything changed (else returns the same map). */
export function mergeOrders(
  current: ReadonlyMap<string, Order>,
  incoming: readonly Order[],
): ReadonlyMap<string, Order> {
  let next: Map<string, Order> | null = null;
  for (const order of incoming) {
    const existing = (next ?? current).get(order.orderId);
    if (existing === order || !isNewer(existing, order)) continue;
    next ??= new Map(current);
    next.set(order.orderId, order);
  }
  return next ?? current;
}

/** Merges fills by `executionId` (a repeated fill is shown once). */
export function mergeExecutions(
  current: ReadonlyMap<string, Execution>,
  incoming: readonly Execution[],
): ReadonlyMap<string, Execution> {
  let next: Map<string, Execution> | null = null;
  for (const e of incoming) {
    if ((next ?? current).has(e.executionId)) continue;
    next ??= new Map(current);
    next.set(e.executionId, e);
  }
  return next ?? current;
}

export type BlotterTab = 'working' | 'all' | 'fills';

/** Rows of a tab, newest first. */
export function blotterRows(orders: ReadonlyMap<string, Order>, tab: Exclude<BlotterTab, 'fills'>): Order[] {
  const rows = [...orders.values()].filter((o) => tab === 'all' || isWorking(o));
  return rows.sort((a, b) => b.createdAt - a.createdAt || (a.orderId < b.orderId ? 1 : -1));
}

/** Fills, newest first. */
export function fillRows(executions: ReadonlyMap<string, Execution>): Execution[] {
  return [...executions.values()].sort((a, b) => b.ts - a.ts || (a.executionId < b.executionId ? 1 : -1));
}

/** Fills of each order. */
export function fillsByOrder(executions: ReadonlyMap<string, Execution>): Map<string, Execution[]> {
  const map = new Map<string, Execution[]>();
  for (const e of executions.values()) {
    const list = map.get(e.orderId) ?? [];
    list.push(e);
    map.set(e.orderId, list);
  }
  for (const list of map.values()) list.sort((a, b) => a.ts - b.ts);
  return map;
}

export type StatusTone = 'good' | 'info' | 'warn' | 'bad' | 'neutral' | 'partial';

export const STATUS_TONES: Record<OrderState, StatusTone> = {
  PendingNew: 'info',
  New: 'info',
  PartiallyFilled: 'partial',
  Filled: 'good',
  PendingCancel: 'warn',
  Canceled: 'neutral',
  PendingReplace: 'warn',
  Replaced: 'neutral',
  Rejected: 'bad',
  Expired: 'neutral',
};
