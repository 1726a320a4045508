import { randomUUID } from 'node:crypto';
import { type Clock, type Execution, FINAL_ORDER_STATES, type Order, type OrderState } from '@qmo/sdk';
import { CxlRejReason, EXEC_TYPE, type Fields, ORD_STATUS } from './fields.js';
import type { OrderLinks } from './order-links.js';
import { executionReport, orderCancelReject } from './reports.js';

/** Where the reports of a session go: `FixSession.sendApplication` (stored for resend while logged out). */
export type SendToSession = (sessionId: string, msgType: string, body: Fields) => void;

const WORKING: ReadonlySet<OrderState> = new Set(['New', 'PartiallyFilled']);

/**
 * Turns the engine's bus events about orders entered through FIX into ExecutionReports (and
 * OrderCancelRejects) for their session: one per state change and one per fill, in the order the
 * engine published them.
 *
 * - a fill (`execution.created`, then the order's `order.updated`): ExecType F with LastQty/LastPx;
 * - PendingNew A, New 0, PendingCancel 6, Canceled 4, PendingReplace E, Rejected 8, Expired C;
 * - a replace confirmed: ExecType 5 on the replacement (11 = the client's new ClOrdID, 41 = the
 *   one it replaced); the replaced order itself gets no report (FIX 4.4 reports the replacement);
 * - a cancel the venue refused (PendingCancel → working): OrderCancelReject 434=1; a replace that
 *   did not happen (the replacement rejected by the venue, or the order filled or ended first):
 *   OrderCancelReject 434=2.
 */
export class OrderReports {
  /** Fills published, waiting for their order's update (the engine emits the execution first). */
  private readonly fills = new Map<string, Execution[]>();
  /** Original order id → its replacement waiting for the venue. */
  private readonly replacementOf = new Map<string, string>();

  constructor(
    private readonly options: {
      links: OrderLinks;
      send: SendToSession;
      clock: Clock;
      newId?: () => string;
    },
  ) {}

  private get links(): OrderLinks {
    return this.options.links;
  }

  /** After a restart: what the sessions last saw of the working orders is their state now. */
  seed(orders: readonly Order[]): void {
    for (const o of orders) {
      const sessionId = this.links.sessionOf(o);
      if (!sessionId) continue;
      this.links.tracked.set(o.orderId, { sessionId, state: o.state, clientOrderId: o.clientOrderId });
      if (o.replaces && o.state === 'PendingNew') this.replacementOf.set(o.replaces, o.orderId);
    }
  }

  onExecution(e: Execution): void {
    // An order fills once it is working: reported to its session by then (PendingNew, New).
    if (!this.links.tracked.has(e.orderId)) return;
    const list = this.fills.get(e.orderId);
    if (list) list.push(e);
    else this.fills.set(e.orderId, [e]);
  }

  onOrder(o: Order): void {
    const sessionId = this.links.sessionOf(o);
    if (!sessionId) return;
    const prev = this.links.tracked.get(o.orderId);
    const send = (msgType: string, body: Fields) => this.options.send(sessionId, msgType, body);
    const now = this.options.clock.now();

    const fills = this.fills.get(o.orderId);
    if (fills) {
      this.fills.delete(o.orderId);
      for (const fill of fills) {
        send('8', executionReport(o, { execType: 'F', execId: `T-${fill.executionId}`, fill, ts: fill.ts }));
      }
      this.settle(o, sessionId);
      return;
    }

    if (o.replaces !== undefined) {
      if (prev === undefined) {
        // A replacement as requested: the replaced order's PendingReplace reports it. One refused
        // straight away by risk is answered by the OrderCancelReplaceRequest handler.
        if (o.state === 'PendingNew') {
          this.replacementOf.set(o.replaces, o.orderId);
          this.settle(o, sessionId);
        }
        return;
      }
      if (prev.state === 'PendingNew' && o.state !== 'PendingNew') {
        const original = this.links.tracked.get(o.replaces);
        this.replacementOf.delete(o.replaces);
        if (o.state === 'Rejected') {
          const reason = o.rejectReason;
          const ended = reason?.code === 'ORDER_FILLED' || reason?.code === 'ORDER_ENDED';
          send(
            '9',
            orderCancelReject({
              orderId: o.replaces,
              clOrdId: o.clientOrderId,
              origClOrdId: original?.clientOrderId ?? '',
              ordStatus: ORD_STATUS[original?.state ?? 'Canceled'],
              account: o.account,
              responseTo: '2',
              reason: ended ? CxlRejReason.TooLate : CxlRejReason.Other,
              text: reason ? `${reason.code}: ${reason.text}` : 'replace refused',
              ts: now,
            }),
          );
          this.links.forget(o.orderId, o.account, o.clientOrderId);
        } else {
          send(
            '8',
            executionReport(o, {
              execType: '5',
              execId: this.newId(),
              ...(original ? { origClOrdId: original.clientOrderId } : {}),
              ts: now,
            }),
          );
          this.settle(o, sessionId);
        }
        if (original && FINAL_ORDER_STATES.has(original.state)) this.forget(o.replaces, o.account, original);
        return;
      }
    }

    if (prev && prev.state === o.state) return;
    if (o.state === 'Replaced') {
      // Reported by its replacement (ExecType 5); kept until then for its ClOrdID.
      this.links.pending.delete(o.orderId);
      this.settle(o, sessionId);
      return;
    }
    const change = this.links.pending.get(o.orderId);
    if (prev && (prev.state === 'PendingCancel' || prev.state === 'PendingReplace') && WORKING.has(o.state)) {
      // A cancel or replace refused: the order works on. A replace reports through its replacement.
      this.links.clearPending(o);
      if (prev.state === 'PendingCancel') {
        send(
          '9',
          orderCancelReject({
            orderId: o.orderId,
            clOrdId: change?.kind === 'cancel' ? change.clOrdId : o.clientOrderId,
            origClOrdId: change?.kind === 'cancel' ? change.origClOrdId : o.clientOrderId,
            ordStatus: ORD_STATUS[o.state],
            account: o.account,
            responseTo: '1',
            reason: CxlRejReason.Other,
            text: 'the venue refused the cancel',
            ts: now,
          }),
        );
      }
      this.settle(o, sessionId);
      return;
    }
    const execType = EXEC_TYPE[o.state];
    if (execType !== undefined) {
      const asked =
        change !== undefined &&
        ((change.kind === 'cancel' && (o.state === 'PendingCancel' || o.state === 'Canceled')) ||
          (change.kind === 'replace' && o.state === 'PendingReplace'));
      send(
        '8',
        executionReport(o, {
          execType,
          execId: this.newId(),
          ...(asked ? { clOrdId: change.clOrdId, origClOrdId: change.origClOrdId } : {}),
          ts: now,
        }),
      );
    }
    this.settle(o, sessionId);
  }

  /** Remembers what was reported; forgets an order once final (a replaced one once its replacement reported). */
  private settle(o: Order, sessionId: string): void {
    const tracked = { sessionId, state: o.state, clientOrderId: o.clientOrderId };
    if (!FINAL_ORDER_STATES.has(o.state)) {
      this.links.tracked.set(o.orderId, tracked);
      return;
    }
    if (this.replacementOf.has(o.orderId)) this.links.tracked.set(o.orderId, tracked);
    else this.forget(o.orderId, o.account, tracked);
  }

  private forget(orderId: string, account: string, tracked: { clientOrderId: string }): void {
    this.links.forget(orderId, account, tracked.clientOrderId);
  }

  private newId(): string {
    return (this.options.newId ?? randomUUID)();
  }
}
