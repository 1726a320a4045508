import type { Price, Quantity } from '../../domain/decimal.js';
import type { Instrument } from '../../domain/instrument.js';
import type { Execution, Order } from '../../domain/order.js';
import type { Disposable } from '../disposable.js';

/** What a venue reports back about the orders it was sent. */
export interface VenueEvents {
  accepted(orderId: string, venueOrderId: string): void;
  rejected(orderId: string, reason: { code: string; text: string }): void;
  executed(execution: Execution): void;
  canceled(orderId: string, reason?: string): void;
  replaced(orderId: string, changes: OrderChanges): void;
  cancelRejected(orderId: string, reason: { code: string; text: string }): void;
  expired(orderId: string): void;
  connection(state: 'connected' | 'disconnected', detail?: string): void;
}

export interface OrderChanges {
  quantity?: Quantity;
  limitPrice?: Price;
  stopPrice?: Price;
}

/** `venue` kind, contributed to `venues/v1`. */
export interface VenueAdapter {
  /** Venue id, e.g. "sim", "lmax". Unique per host. */
  readonly venue: string;
  /** Instruments the venue trades; the host maps symbols with `venueSymbols`. */
  instruments(): Instrument[] | Promise<Instrument[]>;
  connect(events: VenueEvents): Disposable | Promise<Disposable>;
  /**
   * Sends a new order. The engine may send an order again after a restart when the venue never
   * acknowledged it: a venue that already has `order.orderId` answers `accepted` again, nothing more.
   */
  submit(order: Order): Promise<void>;
  cancel(order: Order): Promise<void>;
  /**
   * Amends a working order (`order` is the order as it is now). The venue confirms with
   * `replaced(order.orderId, changes)` or refuses with `cancelRejected`; events after a replace may
   * keep naming `order.orderId` — the engine maps them to the replacement order.
   */
  replace(order: Order, changes: OrderChanges): Promise<void>;
  /**
   * Optional: called after `connect` with the orders the engine believes are working at this venue
   * (after a host restart, say). A venue that lost some of them adopts them again, or reports them
   * `canceled`/`expired`. Without it, the engine re-sends only orders the venue never acknowledged.
   */
  restore?(orders: readonly Order[]): Promise<void>;
}
