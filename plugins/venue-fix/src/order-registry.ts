import type { Order, OrderChanges } from '@qmo/sdk';
import type { ClOrdIdMemory } from './clordid-file.js';

/** A cancel or replace sent and not yet answered, by its ClOrdID. */
export interface PendingRequest {
  kind: 'cancel' | 'replace' | 'status';
  orderId: string;
  changes?: OrderChanges;
}

/** What the adapter knows of one order it sent (or adopted on restore). */
export interface TrackedOrder {
  /** The order as the engine last gave it (`orderId` = the id it was first sent with). */
  order: Order;
  /** The order's ClOrdID at the venue now: its id, then the ClOrdID of each confirmed replace. */
  clOrdId: string;
  venueOrderId?: string;
  /** `accepted` reported since the last submit. */
  accepted: boolean;
  /** Canceled, expired or rejected reported: later terminal reports are repeats. */
  ended: boolean;
}

/**
 * The orders this adapter sent and every ClOrdID it used for them. Request ClOrdIDs are
 * `<orderId>:<suffix>`, so an answer naming one maps back to its order even after a restart
 * (the venue's OrderStatus answers name the order's current ClOrdID).
 */
export class OrderRegistry {
  private readonly orders = new Map<string, TrackedOrder>();
  private readonly requests = new Map<string, PendingRequest>();
  private readonly base: string;
  private counter = 0;
  private readonly ended: string[] = [];

  constructor(
    now: number,
    private readonly keepEnded = 10_000,
    /** Keeps the ClOrdID of a confirmed replace across restarts (none: memory only). */
    private readonly memory?: ClOrdIdMemory,
  ) {
    this.base = now.toString(36);
  }

  /** Starts (or refreshes) tracking an order from the engine. */
  track(order: Order): TrackedOrder {
    const known = this.orders.get(order.orderId);
    if (known) {
      known.order = order;
      known.ended = false;
      if (order.venueOrderId !== undefined) known.venueOrderId ??= order.venueOrderId;
      return known;
    }
    const clOrdId = this.memory?.get(order.orderId) ?? order.orderId;
    const tracked: TrackedOrder = { order, clOrdId, accepted: false, ended: false };
    if (order.venueOrderId !== undefined) tracked.venueOrderId = order.venueOrderId;
    this.orders.set(order.orderId, tracked);
    return tracked;
  }

  get(orderId: string): TrackedOrder | undefined {
    return this.orders.get(orderId);
  }

  /** A fresh ClOrdID for a request about `tracked`, remembered until answered. */
  request(tracked: TrackedOrder, kind: PendingRequest['kind'], changes?: OrderChanges): string {
    const clOrdId = `${tracked.order.orderId}:${this.base}${(++this.counter).toString(36)}`;
    const pending: PendingRequest = { kind, orderId: tracked.order.orderId };
    if (changes) pending.changes = { ...changes };
    this.requests.set(clOrdId, pending);
    return clOrdId;
  }

  pending(clOrdId: string | undefined): PendingRequest | undefined {
    return clOrdId === undefined ? undefined : this.requests.get(clOrdId);
  }

  /** The venue knows the order by `clOrdId` now (a replace confirmed): remembered across restarts. */
  renamed(tracked: TrackedOrder, clOrdId: string): void {
    tracked.clOrdId = clOrdId;
    if (clOrdId === tracked.order.orderId) this.memory?.delete(tracked.order.orderId);
    else this.memory?.set(tracked.order.orderId, clOrdId);
  }

  /** The request was answered (confirmed or refused). */
  settle(clOrdId: string): void {
    this.requests.delete(clOrdId);
  }

  /**
   * The order a ClOrdID (11) or OrigClOrdID (41) names: the order's own id, a request of ours, or
   * `<orderId>:<suffix>` of an order we track.
   */
  resolve(...ids: (string | undefined)[]): TrackedOrder | undefined {
    for (const id of ids) {
      if (id === undefined) continue;
      const direct = this.orders.get(id) ?? this.orders.get(this.requests.get(id)?.orderId ?? '');
      if (direct) return direct;
      const cut = id.lastIndexOf(':');
      if (cut > 0) {
        const byPrefix = this.orders.get(id.slice(0, cut));
        if (byPrefix) return byPrefix;
      }
    }
    return undefined;
  }

  /**
   * The order has ended (canceled, expired, rejected, filled). It stays known, so repeats of its
   * last reports are recognised, until `keepEnded` later orders have ended.
   */
  end(tracked: TrackedOrder): void {
    if (tracked.ended) return;
    tracked.ended = true;
    this.memory?.delete(tracked.order.orderId);
    this.ended.push(tracked.order.orderId);
    while (this.ended.length > this.keepEnded) this.forget(this.ended.shift() ?? '');
  }

  private forget(orderId: string): void {
    if (this.orders.get(orderId)?.ended !== true) return; // tracked again since
    this.orders.delete(orderId);
    for (const [clOrdId, pending] of this.requests)
      if (pending.orderId === orderId) this.requests.delete(clOrdId);
  }
}
