import { z } from 'zod';
import { defineRule } from '../define-rule.js';
import { pass, reject } from '../verdict.js';

export const orderRateLimits = z
  .object({
    maxOrders: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Most orders the account may submit within the window, this one included'),
    windowMs: z
      .number()
      .int()
      .positive()
      .default(1000)
      .describe('Length of the window in milliseconds (no longer than the engine’s throttleWindowMs)'),
  })
  .strict()
  .describe('Order submission rate (throttle)');
export type OrderRateLimits = z.output<typeof orderRateLimits>;

/** Rejects an order when the account already submitted `maxOrders` orders within the last `windowMs`. */
export const orderRate = defineRule<OrderRateLimits>({
  id: 'order-rate',
  description:
    'Rejects an order when the account already sent the maximum number of orders within the window.',
  limits: orderRateLimits,
  check(input) {
    const { maxOrders, windowMs } = input.limits;
    if (maxOrders === undefined) return pass();
    const since = input.now - windowMs;
    const recent = input.recentOrderTimes.filter((t) => t > since && t <= input.now).length;
    if (recent < maxOrders) return pass();
    return reject(
      'ORDER_RATE',
      `${recent} orders in the last ${windowMs} ms: at most ${maxOrders} allowed in that window`,
      { recentOrders: recent, windowMs, maxOrders },
    );
  },
});
