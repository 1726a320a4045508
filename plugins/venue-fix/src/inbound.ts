import {
  dec,
  type Execution,
  type InstrumentDirectory,
  type Logger,
  type OrderChanges,
  type VenueEvents,
} from '@qmo/sdk';
import { FixExecType, FixOrdStatus } from '@qmo/sdk/fix';
import { feeOf } from './fees.js';
import { BUSINESS_REJECT_CODES, CXL_REJ_REASON_CODES, codeOf, ORD_REJ_REASON_CODES } from './fix-values.js';
import type { BusinessReject, CancelReject, ExecReport } from './inbound-messages.js';
import { withChanges } from './order-messages.js';
import type { OrderRegistry, TrackedOrder } from './order-registry.js';
import type { SentRef, SessionReject } from './session-rejects.js';

/** OrdRejReason (103) "duplicate order": the venue already has this ClOrdID. */
const DUPLICATE_ORDER = 6;
/** ExecIDs remembered to recognise a repeated fill. */
const KEEP_EXEC_IDS = 100_000;

const WORKING = new Set<string>([
  FixOrdStatus.New,
  FixOrdStatus.PartiallyFilled,
  FixOrdStatus.PendingNew,
  FixOrdStatus.PendingCancel,
  FixOrdStatus.PendingReplace,
  FixOrdStatus.Suspended,
  FixOrdStatus.Calculated,
  FixOrdStatus.AcceptedForBidding,
  FixOrdStatus.DoneForDay,
  FixOrdStatus.Stopped,
]);

export interface InboundOptions {
  venue: string;
  registry: OrderRegistry;
  instruments: InstrumentDirectory;
  logger: Logger;
  now: () => number;
  /** Asks the venue for an order's status (after it refused a re-sent order as a duplicate). */
  requestStatus(tracked: TrackedOrder): void;
}

/**
 * Turns the venue's answers into VenueEvents, once each: a repeated ExecID, a second
 * cancel/expiry/reject of an order that has ended, a replace already confirmed or a reject of a
 * request already answered (a PossDup resend after a reconnection, say) is not reported again.
 * Reports about orders this adapter did not send (a drop copy, another session's orders) are
 * logged and ignored: the engine counts an event for an unknown order as the venue's fault.
 */
export class InboundHandler {
  private readonly execIds = new Set<string>();

  constructor(
    private readonly options: InboundOptions,
    private readonly events: VenueEvents,
  ) {}

  executionReport(er: ExecReport): void {
    const { registry, logger } = this.options;
    const tracked = registry.resolve(er.clOrdId, er.origClOrdId);
    if (!tracked) {
      logger.info('execution report for an order this adapter did not send: ignored', {
        clOrdId: er.clOrdId,
        venueOrderId: er.venueOrderId,
        execId: er.execId,
        execType: er.execType,
      });
      return;
    }
    if (er.venueOrderId !== '') tracked.venueOrderId ??= er.venueOrderId;
    switch (er.execType) {
      case FixExecType.New:
        this.accept(tracked, er.venueOrderId);
        return;
      case FixExecType.Trade:
        this.trade(tracked, er);
        return;
      case FixExecType.Canceled:
        registry.settle(er.clOrdId ?? '');
        this.cancel(tracked, er.text);
        return;
      case FixExecType.Replaced:
        this.replaced(tracked, er);
        return;
      case FixExecType.Rejected:
        this.rejected(tracked, er);
        return;
      case FixExecType.Expired:
        if (tracked.ended) return;
        registry.end(tracked);
        this.events.expired(tracked.order.orderId);
        return;
      case FixExecType.OrderStatus:
        this.status(tracked, er);
        return;
      default:
        logger.debug('execution report not reported to the engine', {
          orderId: tracked.order.orderId,
          execType: er.execType,
          ordStatus: er.ordStatus,
          execId: er.execId,
        });
    }
  }

  cancelReject(reject: CancelReject): void {
    const { registry, logger } = this.options;
    const tracked = registry.resolve(reject.clOrdId, reject.origClOrdId);
    if (!tracked) {
      logger.info('cancel reject for an order this adapter did not send: ignored', { ...reject });
      return;
    }
    // A PossDup repeat of a reject already reported has no pending request left.
    if (!registry.pending(reject.clOrdId) && reject.possDup) return;
    registry.settle(reject.clOrdId);
    this.events.cancelRejected(tracked.order.orderId, {
      code: codeOf(CXL_REJ_REASON_CODES, reject.cxlRejReason, 'CANCEL_REJECTED'),
      text: reject.text ?? '',
    });
  }

  businessReject(reject: BusinessReject): void {
    const { registry, logger } = this.options;
    const tracked = registry.resolve(reject.refId);
    const code = codeOf(BUSINESS_REJECT_CODES, reject.reason, 'BUSINESS_REJECT');
    if (!tracked) {
      logger.warn('business message reject', { ...reject, code });
      return;
    }
    const text = reject.text ?? '';
    if (reject.refMsgType === 'D') {
      if (tracked.accepted || tracked.ended) return;
      registry.end(tracked);
      this.events.rejected(tracked.order.orderId, { code, text });
    } else if (reject.refMsgType === 'F' || reject.refMsgType === 'G') {
      if (!registry.pending(reject.refId) && reject.possDup) return;
      registry.settle(reject.refId ?? '');
      this.events.cancelRejected(tracked.order.orderId, { code, text });
    } else logger.warn('business message reject', { ...reject, code, orderId: tracked.order.orderId });
  }

  /** A session-level Reject (3) of one of our order messages. */
  sessionReject(ref: SentRef, reject: SessionReject): void {
    const { registry, logger } = this.options;
    const tracked = registry.resolve(ref.clOrdId);
    const reason = {
      code: reject.reason === undefined ? 'SESSION_REJECT' : `SESSION_REJECT_${reject.reason}`,
      text: reject.text ?? '',
    };
    logger.warn('the venue rejected a message at the session level', { ...ref, ...reason });
    if (!tracked) return;
    if (ref.msgType === 'D') {
      if (tracked.accepted || tracked.ended) return;
      registry.end(tracked);
      this.events.rejected(tracked.order.orderId, reason);
    } else if (ref.msgType === 'F' || ref.msgType === 'G') {
      if (!registry.pending(ref.clOrdId)) return;
      registry.settle(ref.clOrdId);
      this.events.cancelRejected(tracked.order.orderId, reason);
    } else registry.settle(ref.clOrdId);
  }

  // ---- execution types ---------------------------------------------------------------------------

  private accept(tracked: TrackedOrder, venueOrderId: string): void {
    if (tracked.accepted || tracked.ended) return;
    tracked.accepted = true;
    this.events.accepted(tracked.order.orderId, venueOrderId);
  }

  private trade(tracked: TrackedOrder, er: ExecReport): void {
    const { logger, instruments, venue } = this.options;
    if (er.lastQty === undefined || er.lastPx === undefined || er.execId === '') {
      logger.error('fill without LastQty, LastPx or ExecID: not reported', { ...er });
      return;
    }
    if (this.execIds.has(er.execId)) return;
    this.remember(er.execId);
    this.accept(tracked, er.venueOrderId);
    const { order } = tracked;
    const instrument = instruments.get(order.instrument);
    const quantity = dec(er.lastQty);
    const price = dec(er.lastPx);
    const fee = feeOf(er.commission, er.commType, quantity, price, instrument?.multiplier);
    const execution: Execution = {
      executionId: er.execId,
      orderId: order.orderId,
      clientOrderId: order.clientOrderId,
      account: order.account,
      instrument: order.instrument,
      side: order.side,
      price,
      quantity,
      fee,
      feeCurrency: er.commCurrency ?? instrument?.currency ?? er.currency ?? '',
      liquidity: er.lastLiquidityInd === 1 ? 'maker' : er.lastLiquidityInd === 2 ? 'taker' : 'unknown',
      venue,
      ts: er.transactTime ?? this.options.now(),
    };
    this.events.executed(execution);
    if (er.ordStatus === FixOrdStatus.Filled) this.options.registry.end(tracked);
  }

  private cancel(tracked: TrackedOrder, text: string | undefined): void {
    if (tracked.ended) return;
    this.options.registry.end(tracked);
    this.events.canceled(tracked.order.orderId, text);
  }

  private replaced(tracked: TrackedOrder, er: ExecReport): void {
    const { registry } = this.options;
    const newClOrdId = er.clOrdId;
    if (newClOrdId === undefined || tracked.clOrdId === newClOrdId) return; // confirmed already
    const pending = registry.pending(newClOrdId);
    registry.settle(newClOrdId);
    const reported: OrderChanges = {};
    if (er.orderQty !== undefined) reported.quantity = dec(er.orderQty);
    if (er.price !== undefined) reported.limitPrice = dec(er.price);
    if (er.stopPx !== undefined) reported.stopPrice = dec(er.stopPx);
    // The fields the request changed, as the venue reports them; all it reports after a restart.
    let changes = reported;
    if (pending?.changes) {
      changes = {};
      for (const key of ['quantity', 'limitPrice', 'stopPrice'] as const) {
        const value = reported[key] ?? pending.changes[key];
        if (pending.changes[key] !== undefined && value !== undefined) changes[key] = value;
      }
    }
    registry.renamed(tracked, newClOrdId);
    tracked.order = withChanges(tracked.order, changes);
    this.events.replaced(tracked.order.orderId, changes);
  }

  private rejected(tracked: TrackedOrder, er: ExecReport): void {
    const { registry } = this.options;
    const reason = {
      code: codeOf(ORD_REJ_REASON_CODES, er.ordRejReason, 'VENUE_REJECT'),
      text: er.text ?? '',
    };
    const pending = registry.pending(er.clOrdId);
    if (pending && pending.kind !== 'status') {
      // A cancel or replace refused with an ExecutionReport rather than an OrderCancelReject.
      registry.settle(er.clOrdId ?? '');
      this.events.cancelRejected(tracked.order.orderId, reason);
      return;
    }
    if (tracked.accepted || tracked.ended) return;
    if (er.ordRejReason === DUPLICATE_ORDER && er.clOrdId === tracked.order.orderId) {
      // The order was sent again (after a restart) and the venue has it: ask what became of it.
      this.options.requestStatus(tracked);
      return;
    }
    registry.end(tracked);
    this.events.rejected(tracked.order.orderId, reason);
  }

  /** The answer to an OrderStatusRequest (restore): reconciles the order with the venue's view. */
  private status(tracked: TrackedOrder, er: ExecReport): void {
    const { registry, logger } = this.options;
    if (er.ordStatusReqId !== undefined) registry.settle(er.ordStatusReqId);
    const orderId = tracked.order.orderId;
    if (
      er.clOrdId !== undefined &&
      er.clOrdId !== tracked.clOrdId &&
      registry.resolve(er.clOrdId) === tracked
    )
      registry.renamed(tracked, er.clOrdId); // replaced before a restart: the venue knows it by the last ClOrdID
    if (WORKING.has(er.ordStatus)) {
      this.accept(tracked, er.venueOrderId);
      return;
    }
    switch (er.ordStatus) {
      case FixOrdStatus.Canceled:
        this.cancel(tracked, er.text);
        return;
      case FixOrdStatus.Expired:
        if (tracked.ended) return;
        registry.end(tracked);
        this.events.expired(orderId);
        return;
      case FixOrdStatus.Rejected:
        // The venue does not know the order: an order it had acknowledged was lost there.
        if (tracked.ended) return;
        if (tracked.accepted || tracked.order.venueOrderId !== undefined) {
          registry.end(tracked);
          this.events.canceled(orderId, `unknown at the venue${er.text ? `: ${er.text}` : ''}`);
        } else {
          registry.end(tracked);
          this.events.rejected(orderId, {
            code: codeOf(ORD_REJ_REASON_CODES, er.ordRejReason, 'VENUE_REJECT'),
            text: er.text ?? '',
          });
        }
        return;
      default:
        // Filled: the fills come as ExecutionReports of their own (resent when they were missed).
        logger.info('order status', { orderId, ordStatus: er.ordStatus, cumQty: er.cumQty });
    }
  }

  private remember(execId: string): void {
    this.execIds.add(execId);
    if (this.execIds.size > KEEP_EXEC_IDS) {
      const oldest = this.execIds.values().next();
      if (!oldest.done) this.execIds.delete(oldest.value);
    }
  }
}
