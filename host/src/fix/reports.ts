import type { Execution, Order } from '@qmo/sdk';
import {
  EXEC_INST_POST_ONLY,
  EXEC_INST_REDUCE_ONLY,
  type Fields,
  ORD_STATUS,
  ORD_TYPE_TO_FIX,
  ordRejReason,
  SIDE_TO_FIX,
  TIF_TO_FIX,
  utcTimestamp,
} from './fields.js';

/** What an execution report says besides the order itself. */
export interface ReportDetail {
  execId: string;
  /** ExecType (150). */
  execType: string;
  /** ClOrdID (11): default the order's clientOrderId (a cancel reports the cancel's ClOrdID). */
  clOrdId?: string;
  /** OrigClOrdID (41), for cancels and replaces. */
  origClOrdId?: string;
  /** A fill: LastQty (32) and LastPx (31). */
  fill?: Pick<Execution, 'quantity' | 'price'>;
  text?: string;
  ts: number;
}

/**
 * ExecutionReport (35=8) body of an order: every quantity and price is the order's exact decimal
 * string, as stored. OrdRejReason (103) and Text (58) say why a Rejected order was refused.
 */
export function executionReport(order: Order, detail: ReportDetail): Fields {
  const f: Fields = [
    [37, order.orderId],
    [11, detail.clOrdId ?? order.clientOrderId],
  ];
  if (detail.origClOrdId !== undefined) f.push([41, detail.origClOrdId]);
  f.push(
    [17, detail.execId],
    [150, detail.execType],
    [39, ORD_STATUS[order.state]],
    [1, order.account],
    [55, order.instrument],
    [54, SIDE_TO_FIX[order.side]],
    [38, order.quantity],
    [40, ORD_TYPE_TO_FIX[order.type]],
  );
  if (order.limitPrice !== undefined) f.push([44, order.limitPrice]);
  if (order.stopPrice !== undefined) f.push([99, order.stopPrice]);
  f.push([59, TIF_TO_FIX[order.timeInForce]]);
  if (order.expireAt !== undefined) f.push([126, utcTimestamp(order.expireAt)]);
  const execInst = `${order.reduceOnly ? EXEC_INST_REDUCE_ONLY : ''}${order.postOnly ? EXEC_INST_POST_ONLY : ''}`;
  if (execInst !== '') f.push([18, execInst.split('').join(' ')]);
  if (detail.fill) f.push([32, detail.fill.quantity], [31, detail.fill.price]);
  f.push(
    [151, order.leavesQuantity],
    [14, order.cumQuantity],
    [6, order.avgPrice ?? '0'],
    [60, utcTimestamp(detail.ts)],
  );
  if (order.state === 'Rejected' && order.rejectReason) {
    f.push([103, String(ordRejReason(order.rejectReason))]);
    f.push([58, `${order.rejectReason.code}: ${order.rejectReason.text}`]);
  } else if (detail.text !== undefined) f.push([58, detail.text]);
  return f;
}

/** An ExecutionReport for an order the engine never stored (refused as malformed): OrderID NONE, Rejected. */
export function refusedReport(request: {
  clOrdId: string;
  account?: string;
  symbol?: string;
  side?: string;
  quantity?: string;
  ordType?: string;
  execId: string;
  ordRejReason: number;
  text: string;
  ts: number;
}): Fields {
  const f: Fields = [
    [37, 'NONE'],
    [11, request.clOrdId],
    [17, request.execId],
    [150, '8'],
    [39, '8'],
  ];
  if (request.account !== undefined) f.push([1, request.account]);
  if (request.symbol !== undefined) f.push([55, request.symbol]);
  if (request.side !== undefined) f.push([54, request.side]);
  if (request.quantity !== undefined) f.push([38, request.quantity]);
  if (request.ordType !== undefined) f.push([40, request.ordType]);
  f.push(
    [151, '0'],
    [14, '0'],
    [6, '0'],
    [60, utcTimestamp(request.ts)],
    [103, String(request.ordRejReason)],
    [58, request.text],
  );
  return f;
}

/** OrderCancelReject (35=9). */
export function orderCancelReject(r: {
  orderId: string;
  clOrdId: string;
  origClOrdId: string;
  /** OrdStatus (39) of the order now ('8' for an unknown order). */
  ordStatus: string;
  account?: string;
  /** 1: OrderCancelRequest, 2: OrderCancelReplaceRequest. */
  responseTo: '1' | '2';
  reason: number;
  text: string;
  ts: number;
}): Fields {
  const f: Fields = [
    [37, r.orderId],
    [11, r.clOrdId],
    [41, r.origClOrdId],
    [39, r.ordStatus],
  ];
  if (r.account !== undefined) f.push([1, r.account]);
  f.push([60, utcTimestamp(r.ts)], [434, r.responseTo], [102, String(r.reason)], [58, r.text]);
  return f;
}

/** BusinessMessageReject (35=j). */
export function businessMessageReject(r: {
  refSeqNum: number;
  refMsgType: string;
  refId?: string;
  reason: number;
  text: string;
}): Fields {
  const f: Fields = [
    [45, String(r.refSeqNum)],
    [372, r.refMsgType],
  ];
  if (r.refId !== undefined && r.refId !== '') f.push([379, r.refId]);
  f.push([380, String(r.reason)], [58, r.text]);
  return f;
}
