import { big, dec, type Execution, type Order, type OrderState } from '@qmo/sdk';
import type { FixPendingChange } from '../db/index.js';
import { CxlRejReason, EXEC_TYPE, type Fields, ORD_STATUS } from './fields.js';
import { executionReport, orderCancelReject } from './reports.js';
import type { SentOrderState } from './sent-reports.js';

/** One order as the database has it, with what its session was sent of it. */
export interface OrderToCheck {
  order: Order;
  /** Its executions, in the order they happened. */
  executions: readonly Execution[];
  /** What the session's store shows was reported (undefined: nothing). */
  sent: SentOrderState | undefined;
  /** The cancel or replace the session last asked for on it. */
  pending: FixPendingChange | null;
  /** For a replacement: the ClOrdID of the order it replaced. */
  replacedClOrdId?: string | undefined;
}

export interface MissingReport {
  msgType: '8' | '9';
  body: Fields;
  /** The ExecID of a fill report. */
  fillExecId?: string;
}

const WORKING: ReadonlySet<OrderState> = new Set(['New', 'PartiallyFilled']);

/**
 * What a session was not sent about an order, in order: the fills whose ExecID (`T-<execution id>`)
 * it has not seen — each with the order's quantities as they were after that fill — then the change
 * to the order's state now, when its last report showed another OrdStatus. A replaced order reports
 * through its replacement (ExecType 5); a replacement the venue refused is left alone.
 */
export function missingReports(check: OrderToCheck, ts: number, newId: () => string): MissingReport[] {
  const { order, sent, pending } = check;
  const out: MissingReport[] = [];
  if (order.replaces !== undefined && sent === undefined) {
    if (order.state === 'PendingNew' || order.state === 'Rejected') return out;
    const working: OrderState = big(order.cumQuantity).gt(0) ? 'PartiallyFilled' : 'New';
    const view = WORKING.has(order.state) ? order : { ...order, state: working };
    out.push({
      msgType: '8',
      body: executionReport(view, {
        execType: '5',
        execId: newId(),
        ...(check.replacedClOrdId !== undefined ? { origClOrdId: check.replacedClOrdId } : {}),
        ts,
      }),
    });
  }
  let last = sent?.ordStatus ?? (out.length > 0 ? ORD_STATUS.New : undefined);

  const missing = check.executions.filter((e) => !sent?.fillExecIds.has(`T-${e.executionId}`));
  // The order after each missing fill: the later missing fills taken off its totals.
  let cum = big(order.cumQuantity);
  let notional = big(order.avgPrice ?? '0').times(order.cumQuantity);
  const views: Order[] = [];
  for (let i = missing.length - 1; i >= 0; i--) {
    const fill = missing[i]!;
    const state: OrderState = cum.gte(order.quantity) ? 'Filled' : 'PartiallyFilled';
    const asNow = i === missing.length - 1 && (order.state === 'Filled' || order.state === 'PartiallyFilled');
    views[i] = asNow
      ? order
      : {
          ...order,
          state,
          cumQuantity: dec(cum),
          leavesQuantity: dec(big(order.quantity).minus(cum)),
          avgPrice: cum.gt(0) ? dec(notional.div(cum)) : null,
        };
    cum = cum.minus(fill.quantity);
    notional = notional.minus(big(fill.price).times(fill.quantity));
  }
  missing.forEach((fill, i) => {
    const view = views[i]!;
    const execId = `T-${fill.executionId}`;
    out.push({
      msgType: '8',
      body: executionReport(view, { execType: 'F', execId, fill, ts: fill.ts }),
      fillExecId: execId,
    });
    last = ORD_STATUS[view.state];
  });

  if (order.state === 'Replaced' || last === ORD_STATUS[order.state]) return out;
  if (last === ORD_STATUS.PendingCancel && WORKING.has(order.state)) {
    // The cancel was refused while the host was down.
    const cancel = pending?.kind === 'cancel' ? pending : undefined;
    out.push({
      msgType: '9',
      body: orderCancelReject({
        orderId: order.orderId,
        clOrdId: cancel?.clOrdId ?? order.clientOrderId,
        origClOrdId: cancel?.origClOrdId ?? order.clientOrderId,
        ordStatus: ORD_STATUS[order.state],
        account: order.account,
        responseTo: '1',
        reason: CxlRejReason.Other,
        text: 'the venue refused the cancel',
        ts,
      }),
    });
    return out;
  }
  const execType = EXEC_TYPE[order.state];
  if (execType === undefined) return out;
  if (last === ORD_STATUS.PendingReplace && WORKING.has(order.state)) return out; // reported by the replacement
  const asked =
    pending !== null &&
    ((pending.kind === 'cancel' && (order.state === 'PendingCancel' || order.state === 'Canceled')) ||
      (pending.kind === 'replace' && order.state === 'PendingReplace'));
  out.push({
    msgType: '8',
    body: executionReport(order, {
      execType,
      execId: newId(),
      ...(asked ? { clOrdId: pending.clOrdId, origClOrdId: pending.origClOrdId } : {}),
      ts,
    }),
  });
  return out;
}
