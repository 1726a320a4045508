import type { Order, OrderChanges } from '@qmo/sdk';
import type { FixFieldEntry, FixFieldList } from '@qmo/sdk/fix';
import { ExecInst, fixTimestamp, ORD_TYPE_TO_FIX, SIDE_TO_FIX, TIF_TO_FIX } from './fix-values.js';

/** What every order message needs besides the order: the venue's symbol, our account, the time. */
export interface MessageContext {
  symbol: string;
  /** Account (1), when the venue wants one. */
  account?: string | undefined;
  /** TransactTime (60), epoch ms. */
  now: number;
}

const hasLimit = (order: Order) => order.type === 'limit' || order.type === 'stop-limit';
const hasStop = (order: Order) => order.type === 'stop' || order.type === 'stop-limit';

/** Fields in ascending tag order. */
function sorted(fields: FixFieldEntry[]): FixFieldList {
  return fields.sort((a, b) => a[0] - b[0]);
}

/** The order's terms (NewOrderSingle fields shared with the replace), without the ids. */
function orderTerms(order: Order, ctx: MessageContext): FixFieldEntry[] {
  const fields: FixFieldEntry[] = [
    [21, '1'], // HandlInst: automated execution, no broker intervention
    [38, order.quantity],
    [40, ORD_TYPE_TO_FIX[order.type]],
    [54, SIDE_TO_FIX[order.side]],
    [55, ctx.symbol],
    [59, TIF_TO_FIX[order.timeInForce]],
    [60, fixTimestamp(ctx.now)],
  ];
  if (ctx.account !== undefined) fields.push([1, ctx.account]);
  if (hasLimit(order) && order.limitPrice !== undefined) fields.push([44, order.limitPrice]);
  if (hasStop(order) && order.stopPrice !== undefined) fields.push([99, order.stopPrice]);
  if (order.timeInForce === 'GTD' && order.expireAt !== undefined)
    fields.push([126, fixTimestamp(order.expireAt)]);
  if (order.displayQuantity !== undefined) fields.push([111, order.displayQuantity]);
  const execInst = [
    ...(order.postOnly ? [ExecInst.ParticipateDontInitiate] : []),
    ...(order.reduceOnly ? [ExecInst.DoNotIncrease] : []),
  ];
  if (execInst.length > 0) fields.push([18, execInst.join(' ')]);
  return fields;
}

/** NewOrderSingle (D): ClOrdID (11) is the QMO order id, which the engine addresses the order by. */
export function newOrderSingle(order: Order, ctx: MessageContext): FixFieldList {
  return sorted([[11, order.orderId], ...orderTerms(order, ctx)]);
}

/** The ids a cancel or replace names the order by. */
export interface OrderRef {
  /** ClOrdID (11) of this request: a fresh one. */
  clOrdId: string;
  /** OrigClOrdID (41): the order's ClOrdID at the venue (its id, or the last replace's). */
  origClOrdId: string;
  /** OrderID (37), the venue's, when known. */
  venueOrderId?: string | undefined;
}

function refFields(ref: OrderRef): FixFieldEntry[] {
  const fields: FixFieldEntry[] = [
    [11, ref.clOrdId],
    [41, ref.origClOrdId],
  ];
  if (ref.venueOrderId !== undefined) fields.push([37, ref.venueOrderId]);
  return fields;
}

/** OrderCancelRequest (F). */
export function orderCancelRequest(order: Order, ref: OrderRef, ctx: MessageContext): FixFieldList {
  const fields: FixFieldEntry[] = [
    ...refFields(ref),
    [38, order.quantity],
    [54, SIDE_TO_FIX[order.side]],
    [55, ctx.symbol],
    [60, fixTimestamp(ctx.now)],
  ];
  if (ctx.account !== undefined) fields.push([1, ctx.account]);
  return sorted(fields);
}

/** The order as it will be once the changes apply. */
export function withChanges(order: Order, changes: OrderChanges): Order {
  const next = { ...order };
  if (changes.quantity !== undefined) next.quantity = changes.quantity;
  if (changes.limitPrice !== undefined) next.limitPrice = changes.limitPrice;
  if (changes.stopPrice !== undefined) next.stopPrice = changes.stopPrice;
  return next;
}

/** OrderCancelReplaceRequest (G): the whole order with its new terms. */
export function orderCancelReplaceRequest(
  order: Order,
  changes: OrderChanges,
  ref: OrderRef,
  ctx: MessageContext,
): FixFieldList {
  return sorted([...refFields(ref), ...orderTerms(withChanges(order, changes), ctx)]);
}

/**
 * OrderStatusRequest (H): ClOrdID (11) is the order's current one (FIX 4.4 names the order asked
 * about, not the request); OrdStatusReqID (790) is the request's own id, echoed in the answer.
 */
export function orderStatusRequest(
  order: Order,
  ref: { clOrdId: string; venueOrderId?: string | undefined; ordStatusReqId: string },
  ctx: MessageContext,
): FixFieldList {
  const fields: FixFieldEntry[] = [
    [11, ref.clOrdId],
    [54, SIDE_TO_FIX[order.side]],
    [55, ctx.symbol],
    [790, ref.ordStatusReqId],
  ];
  if (ref.venueOrderId !== undefined) fields.push([37, ref.venueOrderId]);
  if (ctx.account !== undefined) fields.push([1, ctx.account]);
  return sorted(fields);
}
