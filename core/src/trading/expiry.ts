import type { Order } from '@qmo/sdk';

const DAY_MS = 86_400_000;

/** When an order expires: GTD at its expireAt, DAY at 00:00 UTC after the day it was created; else never (null). */
export function expiryTime(order: Pick<Order, 'timeInForce' | 'expireAt' | 'createdAt'>): number | null {
  if (order.timeInForce === 'GTD') return order.expireAt ?? null;
  if (order.timeInForce === 'DAY') return Math.floor(order.createdAt / DAY_MS) * DAY_MS + DAY_MS;
  return null;
}

/** Whether the order's time is up at `now`. */
export function hasExpired(
  order: Pick<Order, 'timeInForce' | 'expireAt' | 'createdAt'>,
  now: number,
): boolean {
  const at = expiryTime(order);
  return at !== null && at <= now;
}
