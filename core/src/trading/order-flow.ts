import {
  type Execution,
  errorMessage,
  type InstrumentDirectory,
  type Logger,
  type Order,
  type OrderChanges,
  type RejectReason,
} from '@qmo/sdk';
import type { Kernel } from '../kernel/kernel.js';
import type { AuditEntry } from '../ports/audit-journal.js';
import type { RiskVerdictRecord, TradingStore } from '../ports/trading-store.js';
import { hasExpired } from './expiry.js';
import type { KeyedQueue } from './keyed-queue.js';
import { applyOrderEvent, type OrderEvent, OrderTransitionError } from './order-state-machine.js';
import type { VenueContribution, VenueRouter } from './venue-router.js';
import type { WorkingOrders } from './working-orders.js';

export interface OrderFlowOptions {
  kernel: Pick<Kernel, 'bus' | 'clock'>;
  store: TradingStore;
  instruments: InstrumentDirectory;
  working: WorkingOrders;
  router: VenueRouter;
  queue: KeyedQueue;
  logger: Logger;
}

/** What one transaction writes: orders, a fill, verdicts and the audit records of it all. */
export interface OrderCommit {
  inserts?: readonly Order[];
  updates?: readonly Order[];
  execution?: Execution;
  verdicts?: readonly RiskVerdictRecord[];
  audits: readonly AuditEntry[];
}

/**
 * The order side of the engine: serialises work per order (per replace chain), applies transitions,
 * writes each change with its audit record in one transaction before anyone sees it, and talks to
 * the venues (submit, cancel, replace, re-send after a reconnect).
 */
export class OrderFlow {
  /** Orders created here whose venue was not connected when they were to be sent. */
  private readonly unsent = new Set<string>();

  constructor(readonly options: OrderFlowOptions) {}

  get working(): WorkingOrders {
    return this.options.working;
  }

  now(): number {
    return this.options.kernel.clock.now();
  }

  /** Runs `task` after everything queued for the order's replace chain. */
  enqueue<T>(orderId: string, task: () => Promise<T>): Promise<T> {
    return this.options.queue.run(`order:${this.working.root(orderId)}`, task);
  }

  /** Queues work nobody awaits (sends to the venue): a failure is logged, never an unhandled rejection. */
  background(orderId: string, task: () => Promise<void>): void {
    this.enqueue(orderId, task).catch((error) =>
      this.options.logger.error('order task failed', { orderId, error: errorMessage(error) }),
    );
  }

  /**
   * Writes the change in one transaction; then (and only then) the working set is updated.
   * Returns false, having written nothing, when the fill was stored before (a repeated execution id).
   */
  async commit(change: OrderCommit): Promise<boolean> {
    const written = await this.options.store.transaction(async (tx) => {
      if (change.execution && !(await tx.insertExecution(change.execution))) return false;
      for (const o of change.inserts ?? []) await tx.insertOrder(o);
      for (const o of change.updates ?? []) await tx.updateOrder(o);
      if (change.verdicts && change.verdicts.length > 0) await tx.recordRiskVerdicts(change.verdicts);
      for (const entry of change.audits) await tx.audit(entry);
      return true;
    });
    if (!written) return false;
    for (const o of change.inserts ?? []) this.working.put(o);
    for (const o of change.updates ?? []) this.working.put(o);
    return true;
  }

  /** `order.updated` for each order (after its change is durable). */
  publish(...orders: Order[]): void {
    for (const o of orders) this.options.kernel.bus.emit('order.updated', o);
  }

  /** Applies an event; a refused transition is logged and gives null. */
  transition(order: Order, event: OrderEvent): Order | null {
    const instrument = this.options.instruments.get(order.instrument);
    try {
      return applyOrderEvent(order, event, {
        ts: this.now(),
        ...(instrument ? { grid: { tickSize: instrument.tickSize, lotSize: instrument.lotSize } } : {}),
      });
    } catch (error) {
      if (!(error instanceof OrderTransitionError)) throw error;
      this.options.logger.warn('order event refused', {
        orderId: order.orderId,
        state: order.state,
        event: event.type,
        error: error.message,
      });
      return null;
    }
  }

  audit(actor: string, action: string, order: Order, payload: Record<string, unknown>): AuditEntry {
    return { ts: this.now(), actor, action, account: order.account, subject: order.orderId, payload };
  }

  /** The order as the venue knows it: under the id it was first sent with. */
  venueView(order: Order): Order {
    const root = this.working.root(order.orderId);
    return root === order.orderId ? order : { ...order, orderId: root };
  }

  /** A replacement waiting on `order`, refused because the replace cannot happen now. */
  abandonReplacement(order: Order, reason: RejectReason): Order[] {
    const replacement = this.working.pendingReplacement(order.orderId);
    if (!replacement) return [];
    const rejected = this.transition(replacement, { type: 'rejected', reason });
    return rejected ? [rejected] : [];
  }

  /** Requests a cancel (inside the order's queue): PendingCancel, durable and audited, then sent to the venue. */
  async requestCancel(
    order: Order,
    actor: string,
    action: string,
    extra: Record<string, unknown> = {},
  ): Promise<Order> {
    const next = applyOrderEvent(order, { type: 'cancel-requested' }, { ts: this.now() });
    await this.commit({
      updates: [next],
      audits: [this.audit(actor, action, next, { order: next, ...extra })],
    });
    this.publish(next);
    this.background(next.orderId, () => this.sendCancel(next.orderId));
    return next;
  }

  /** Sends a PendingNew order to its venue; a venue that throws rejects the order (source 'venue'). */
  async send(orderId: string): Promise<void> {
    const order = this.working.get(orderId);
    if (order?.state !== 'PendingNew' || this.working.isPendingReplacement(order)) return;
    const venue = this.options.router.venue(order.venue);
    if (!venue) {
      this.unsent.add(orderId);
      this.options.logger.warn('venue not connected; the order is sent when it connects', {
        orderId,
        venue: order.venue,
      });
      return;
    }
    this.unsent.delete(orderId);
    try {
      await venue.value.submit(this.venueView(order));
    } catch (error) {
      venue.fault(error);
      this.options.logger.error('venue refused to take an order', {
        orderId,
        venue: order.venue,
        error: errorMessage(error),
      });
      const current = this.working.get(orderId);
      if (!current) return;
      const next = this.transition(current, {
        type: 'rejected',
        reason: {
          source: 'venue',
          code: 'VENUE_ERROR',
          text: `venue ${order.venue}: ${errorMessage(error)}`,
        },
      });
      if (!next) return;
      await this.commit({
        updates: [next],
        audits: [this.audit(actorOf(venue), 'order.rejected', next, { order: next })],
      });
      this.publish(next);
    }
  }

  /** Sends a pending cancel to the venue (an order never sent is canceled here). */
  async sendCancel(orderId: string): Promise<void> {
    const order = this.working.get(orderId);
    if (order?.state !== 'PendingCancel') return;
    if (this.unsent.has(orderId)) {
      this.unsent.delete(orderId);
      await this.ended(order, 'system', { note: 'never sent to the venue' });
      return;
    }
    const venue = this.options.router.venue(order.venue);
    if (!venue) return; // re-sent when the venue connects
    try {
      await venue.value.cancel(this.venueView(order));
    } catch (error) {
      venue.fault(error);
      await this.refused(orderId, actorOf(venue), {
        code: 'VENUE_ERROR',
        text: `venue ${order.venue}: ${errorMessage(error)}`,
      });
    }
  }

  /** Sends a pending replace to the venue. */
  async sendReplace(orderId: string): Promise<void> {
    const order = this.working.get(orderId);
    const replacement = this.working.pendingReplacement(orderId);
    if (order?.state !== 'PendingReplace' || !replacement) return;
    const venue = this.options.router.venue(order.venue);
    if (!venue) return;
    try {
      await venue.value.replace(this.venueView(order), changesBetween(order, replacement));
    } catch (error) {
      venue.fault(error);
      await this.refused(orderId, actorOf(venue), {
        code: 'VENUE_ERROR',
        text: `venue ${order.venue}: ${errorMessage(error)}`,
      });
    }
  }

  /** A cancel or replace the venue refused: the order goes back to working; a waiting replacement is rejected. */
  async refused(orderId: string, actor: string, reason: { code: string; text: string }): Promise<void> {
    const order = this.working.get(orderId);
    if (!order) return;
    const replacing = order.state === 'PendingReplace';
    const next = this.transition(order, { type: 'cancel-rejected' });
    if (!next) return;
    const dropped = this.abandonReplacement(order, { source: 'venue', ...reason });
    await this.commit({
      updates: [next, ...dropped],
      audits: [
        this.audit(actor, replacing ? 'order.replace.rejected' : 'order.cancel.rejected', next, {
          order: next,
          reason,
          ...(dropped[0] ? { replacement: dropped[0] } : {}),
        }),
      ],
    });
    this.publish(next, ...dropped);
  }

  /** The venue (or the engine, for an order never sent) ended the order: Expired when its time is up, else Canceled. */
  async ended(
    order: Order,
    actor: string,
    extra: Record<string, unknown> = {},
    forceExpired = false,
  ): Promise<void> {
    const expired = forceExpired || hasExpired(order, this.now());
    const next = this.transition(order, { type: expired ? 'expired' : 'canceled' });
    if (!next) return;
    const dropped = this.abandonReplacement(order, {
      source: 'oms',
      code: 'ORDER_ENDED',
      text: `order ${order.orderId} was ${next.state} before the replace was confirmed`,
    });
    await this.commit({
      updates: [next, ...dropped],
      audits: [
        this.audit(actor, expired ? 'order.expired' : 'order.canceled', next, { order: next, ...extra }),
      ],
    });
    this.publish(next, ...dropped);
  }

  /** After a venue (re)connects: lets it adopt what it lost, re-sends what it may never have received. */
  async reattach(venue: VenueContribution): Promise<void> {
    const orders = this.working
      .list({ venue: venue.value.venue })
      .filter((o) => !this.working.isPendingReplacement(o));
    if (orders.length === 0) return;
    const known = orders.filter((o) => o.state !== 'PendingNew');
    if (venue.value.restore && known.length > 0) {
      try {
        await venue.value.restore(known.map((o) => this.venueView(o)));
      } catch (error) {
        venue.fault(error);
        this.options.logger.error('venue failed to restore orders', {
          venue: venue.value.venue,
          error: errorMessage(error),
        });
      }
    }
    for (const o of orders) {
      if (o.state === 'PendingNew') this.background(o.orderId, () => this.send(o.orderId));
      else if (o.state === 'PendingCancel') this.background(o.orderId, () => this.sendCancel(o.orderId));
      else if (o.state === 'PendingReplace') this.background(o.orderId, () => this.sendReplace(o.orderId));
    }
  }
}

/** How a venue plugin is named as an audit actor. */
export function actorOf(venue: VenueContribution): string {
  return `plugin:${venue.pluginId}@${venue.pluginVersion}`;
}

/** The fields a replacement changes (what the venue is asked to amend). */
export function changesBetween(order: Order, replacement: Order): OrderChanges {
  const changes: OrderChanges = {};
  if (replacement.quantity !== order.quantity) changes.quantity = replacement.quantity;
  if (replacement.limitPrice !== undefined && replacement.limitPrice !== order.limitPrice)
    changes.limitPrice = replacement.limitPrice;
  if (replacement.stopPrice !== undefined && replacement.stopPrice !== order.stopPrice)
    changes.stopPrice = replacement.stopPrice;
  return changes;
}
