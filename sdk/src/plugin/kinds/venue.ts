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
  submit(order: Order): Promise<void>;
  cancel(order: Order): Promise<void>;
  replace(order: Order, changes: OrderChanges): Promise<void>;
}
