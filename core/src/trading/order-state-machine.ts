import {
  big,
  type Decimal,
  dec,
  decimal,
  decimalPlaces,
  ERROR_CODES,
  FINAL_ORDER_STATES,
  type Order,
  type OrderChanges,
  type OrderRequest,
  type OrderState,
  type Price,
  QmoError,
  type Quantity,
  type RejectReason,
} from '@qmo/sdk';

/** What can happen to an order: requests from the OMS and facts reported by the venue. */
export type OrderEvent =
  | { type: 'accepted'; venueOrderId?: string }
  | { type: 'rejected'; reason: RejectReason }
  | { type: 'fill'; quantity: Quantity; price: Price }
  | { type: 'cancel-requested' }
  | { type: 'canceled' }
  | { type: 'cancel-rejected' }
  | { type: 'replace-requested' }
  | { type: 'replaced'; replacedBy: string }
  | { type: 'expired' };

export type OrderEventType = OrderEvent['type'];

/** The instrument's grid: lets the exact notional be recovered from avgPrice × cumQuantity. */
export interface OrderGrid {
  tickSize: Decimal;
  lotSize: Decimal;
}

export interface TransitionContext {
  /** Time of the change (epoch ms), becomes `updatedAt`. */
  ts: number;
  grid?: OrderGrid;
}

/** An event the order's state does not allow, or a fill that would break CumQty ≤ OrderQty. */
export class OrderTransitionError extends QmoError {
  constructor(
    readonly order: Pick<Order, 'orderId' | 'state'>,
    readonly event: OrderEventType,
    reason: string,
  ) {
    super(
      ERROR_CODES.ORDER_TRANSITION_INVALID,
      `order ${order.orderId} (${order.state}): ${event} refused: ${reason}`,
      {
        orderId: order.orderId,
        state: order.state,
        event,
      },
    );
  }
}

const ZERO = '0' as Decimal;
/** States in which the order is live at (or on its way to) the venue and no request is pending. */
const OPEN: ReadonlySet<OrderState> = new Set(['PendingNew', 'New', 'PartiallyFilled']);

export function isFinalState(state: OrderState): boolean {
  return FINAL_ORDER_STATES.has(state);
}

export function isWorking(order: Pick<Order, 'state'>): boolean {
  return !FINAL_ORDER_STATES.has(order.state);
}

/** Whether a cancel may be requested now (final orders and orders with a cancel pending may not). */
export function isCancelable(order: Pick<Order, 'state'>): boolean {
  return OPEN.has(order.state) || order.state === 'PendingReplace';
}

/** Whether a replace may be requested now: only an order the venue accepted and nothing pending. */
export function isReplaceable(order: Pick<Order, 'state'>): boolean {
  return order.state === 'New' || order.state === 'PartiallyFilled';
}

/** A new order as the OMS stores it: PendingNew, or Rejected with the reason. `request` is taken as is (normalise it first). */
export function createOrder(
  request: OrderRequest,
  fields: {
    orderId: string;
    venue: string;
    submittedBy: string;
    ts: number;
    rejectReason?: RejectReason;
    replaces?: string;
  },
): Order {
  const rejected = fields.rejectReason !== undefined;
  return {
    ...withoutUndefined(request),
    orderId: fields.orderId,
    venue: fields.venue,
    state: rejected ? 'Rejected' : 'PendingNew',
    cumQuantity: ZERO,
    leavesQuantity: rejected ? ZERO : dec(request.quantity),
    avgPrice: null,
    submittedBy: fields.submittedBy,
    createdAt: fields.ts,
    updatedAt: fields.ts,
    ...(fields.rejectReason ? { rejectReason: fields.rejectReason } : {}),
    ...(fields.replaces ? { replaces: fields.replaces } : {}),
  };
}

/** The request an order would have after `changes` (what a replace is validated and risk-checked as). */
export function changedRequest(order: Order, changes: OrderChanges): OrderRequest {
  const request: OrderRequest = {
    clientOrderId: order.clientOrderId,
    account: order.account,
    instrument: order.instrument,
    side: order.side,
    type: order.type,
    quantity: changes.quantity ?? order.quantity,
    timeInForce: order.timeInForce,
  };
  const limitPrice = changes.limitPrice ?? order.limitPrice;
  const stopPrice = changes.stopPrice ?? order.stopPrice;
  if (limitPrice !== undefined) request.limitPrice = limitPrice;
  if (stopPrice !== undefined) request.stopPrice = stopPrice;
  if (order.expireAt !== undefined) request.expireAt = order.expireAt;
  if (order.displayQuantity !== undefined) request.displayQuantity = order.displayQuantity;
  if (order.postOnly !== undefined) request.postOnly = order.postOnly;
  if (order.reduceOnly !== undefined) request.reduceOnly = order.reduceOnly;
  if (order.strategy !== undefined) request.strategy = order.strategy;
  return request;
}

/**
 * The replacement confirmed by the venue: it takes over the replaced order's fills (FIX semantics:
 * OrderQty is the new total, CumQty carries over) and its venue order id.
 */
export function confirmReplacement(replacement: Order, replaced: Order, ts: number): Order {
  const cum = replaced.cumQuantity;
  // A fill while the replace was pending may have taken the order past its new quantity: the order
  // is done, and OrderQty is raised to what was filled so that CumQty ≤ OrderQty still holds.
  const quantity = decimal.cmp(cum, replacement.quantity) > 0 ? cum : replacement.quantity;
  const leaves = decimal.sub(quantity, cum);
  const state: OrderState = decimal.isZero(leaves)
    ? 'Filled'
    : decimal.isZero(cum)
      ? 'New'
      : 'PartiallyFilled';
  const next: Order = {
    ...replacement,
    quantity,
    state,
    cumQuantity: cum,
    leavesQuantity: leaves,
    avgPrice: replaced.avgPrice,
    updatedAt: ts,
  };
  if (replaced.venueOrderId !== undefined) next.venueOrderId = replaced.venueOrderId;
  return next;
}

/**
 * Applies one event to an order and returns the order after it (the input is not changed).
 * Throws OrderTransitionError for an event the state does not allow; nothing leaves a final state.
 */
export function applyOrderEvent(order: Order, event: OrderEvent, context: TransitionContext): Order {
  const refuse = (reason: string): never => {
    throw new OrderTransitionError(order, event.type, reason);
  };
  if (isFinalState(order.state)) refuse('the order is final');
  const ts = context.ts;

  switch (event.type) {
    case 'accepted': {
      // A repeated acknowledgement (a re-sent order after a restart) changes nothing but the venue id.
      const state = order.state === 'PendingNew' ? 'New' : order.state;
      const next: Order = { ...order, state, updatedAt: ts };
      if (event.venueOrderId !== undefined) next.venueOrderId = event.venueOrderId;
      return next;
    }
    case 'rejected': {
      const acknowledged = order.venueOrderId !== undefined || !decimal.isZero(order.cumQuantity);
      if (acknowledged || (order.state !== 'PendingNew' && order.state !== 'PendingCancel')) {
        refuse('only an order the venue has not acknowledged can be rejected');
      }
      return final(order, 'Rejected', ts, { rejectReason: event.reason });
    }
    case 'fill':
      return fill(order, event.quantity, event.price, context, refuse);
    case 'cancel-requested':
      if (!isCancelable(order)) refuse('a cancel is already pending');
      return { ...order, state: 'PendingCancel', updatedAt: ts };
    case 'replace-requested':
      if (!isReplaceable(order)) refuse('only a New or PartiallyFilled order can be replaced');
      return { ...order, state: 'PendingReplace', updatedAt: ts };
    case 'cancel-rejected':
      if (order.state !== 'PendingCancel' && order.state !== 'PendingReplace')
        refuse('no cancel or replace is pending');
      return { ...order, state: restingState(order), updatedAt: ts };
    case 'replaced':
      if (order.state !== 'PendingReplace' && order.state !== 'PendingCancel')
        refuse('no replace is pending');
      return final(order, 'Replaced', ts, { replacedBy: event.replacedBy });
    case 'canceled':
      return final(order, 'Canceled', ts);
    case 'expired':
      return final(order, 'Expired', ts);
  }
}

function fill(
  order: Order,
  quantity: Quantity,
  price: Price,
  context: TransitionContext,
  refuse: (reason: string) => never,
): Order {
  if (decimal.cmp(quantity, ZERO) <= 0) refuse(`fill quantity ${quantity} is not positive`);
  const cum = decimal.add(order.cumQuantity, quantity);
  if (decimal.cmp(cum, order.quantity) > 0) {
    refuse(`fill of ${quantity} would take CumQty to ${cum}, above OrderQty ${order.quantity}`);
  }
  const notional = big(priorNotional(order, context.grid)).plus(big(price).times(quantity));
  const avgPrice = dec(notional.div(cum));
  const leaves = decimal.sub(order.quantity, cum);
  if (decimal.isZero(leaves)) return final({ ...order, cumQuantity: cum, avgPrice }, 'Filled', context.ts);
  const state: OrderState =
    order.state === 'PendingCancel' || order.state === 'PendingReplace' ? order.state : 'PartiallyFilled';
  return { ...order, state, cumQuantity: cum, leavesQuantity: leaves, avgPrice, updatedAt: context.ts };
}

/**
 * Σ price × quantity of the fills so far. avgPrice carries 20 decimals, so avgPrice × CumQty is within
 * a hair of the notional; the notional lies on the grid tick × lot, so rounding to that grid's places
 * gives it back exactly, and the next average is computed from exact numbers (no drift).
 */
function priorNotional(order: Order, grid: OrderGrid | undefined): Decimal {
  if (order.avgPrice === null || decimal.isZero(order.cumQuantity)) return ZERO;
  const product = big(order.avgPrice).times(order.cumQuantity);
  if (!grid) return dec(product);
  return decimal.round(dec(product), decimalPlaces(dec(grid.tickSize)) + decimalPlaces(dec(grid.lotSize)));
}

/** The state to return to when a pending cancel or replace is refused. */
function restingState(order: Order): OrderState {
  if (!decimal.isZero(order.cumQuantity)) return 'PartiallyFilled';
  // Only an accepted order can have had a replace pending; a cancel may have been asked before.
  return order.state === 'PendingReplace' || order.venueOrderId !== undefined ? 'New' : 'PendingNew';
}

function final(order: Order, state: OrderState, ts: number, extra: Partial<Order> = {}): Order {
  return { ...order, ...extra, state, leavesQuantity: ZERO, updatedAt: ts };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
