import {
  type Decimal,
  dec,
  decimal,
  FINAL_ORDER_STATES,
  type InstrumentId,
  type Order,
  type OrderRequest,
  type Price,
  type RiskCheckInput,
  type Side,
} from '@qmo/sdk';
import { reducesPosition } from './reduces-position.js';

export const ZERO = '0' as Decimal;

/** Quantity with the sign of the side: buys positive, sells negative. */
export function signedQuantity(side: Side, quantity: Decimal): Decimal {
  return side === 'buy' ? dec(quantity) : decimal.neg(quantity);
}

/** The absolute value of a decimal. */
export function abs(value: Decimal): Decimal {
  return decimal.cmp(value, ZERO) < 0 ? decimal.neg(value) : value;
}

export type PriceSource = 'limitPrice' | 'stopPrice' | 'referencePrice';

/**
 * The price an order is valued at: its limit price (limit, stop-limit), else its stop price (stop,
 * stop-limit), else the reference price; null when none is known (a market order without a reference).
 */
export function orderPrice(
  request: Pick<OrderRequest, 'type' | 'limitPrice' | 'stopPrice'>,
  referencePrice: Price | null | undefined,
): { price: Price; source: PriceSource } | null {
  const hasLimit = request.type === 'limit' || request.type === 'stop-limit';
  const hasStop = request.type === 'stop' || request.type === 'stop-limit';
  if (hasLimit && request.limitPrice !== undefined)
    return { price: dec(request.limitPrice), source: 'limitPrice' };
  if (hasStop && request.stopPrice !== undefined)
    return { price: dec(request.stopPrice), source: 'stopPrice' };
  if (referencePrice !== null && referencePrice !== undefined) {
    return { price: dec(referencePrice), source: 'referencePrice' };
  }
  return null;
}

/** The account's orders still working in an instrument, optionally on one side only. */
export function workingOrdersIn(orders: readonly Order[], instrument: InstrumentId, side?: Side): Order[] {
  return orders.filter(
    (o) =>
      !FINAL_ORDER_STATES.has(o.state) &&
      o.instrument === instrument &&
      (side === undefined || o.side === side),
  );
}

/** Sum of the leaves quantities of some orders. */
export function sumLeaves(orders: readonly Order[]): Decimal {
  return orders.reduce<Decimal>((sum, o) => decimal.add(sum, o.leavesQuantity), ZERO);
}

/** The reference price of an instrument: its mark, else (for the order's own instrument) the reference price. */
export function referenceFor(input: RiskCheckInput<unknown>, instrument: InstrumentId): Price | null {
  const mark = input.marks[instrument];
  if (mark !== undefined) return mark;
  return instrument === input.instrument.id ? input.referencePrice : null;
}

/** Whether the order in `input` only reduces the account's position in its instrument (working orders counted). */
export function orderReducesPosition(input: RiskCheckInput<unknown>): boolean {
  const { request, instrument } = input;
  const pending = sumLeaves(workingOrdersIn(input.workingOrders, instrument.id, request.side));
  return reducesPosition(input.position?.quantity, request.side, request.quantity, pending);
}
