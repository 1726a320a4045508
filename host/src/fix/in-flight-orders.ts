import type { Order } from '@qmo/sdk';
import { clOrdIdKey as key } from './order-links.js';

/** A NewOrderSingle whose submission has not ended: the session that sent it and how it ends. */
export interface InFlightOrder {
  sessionId: string;
  /** The order once its submission ended (stored: PendingNew or Rejected), null when it was refused. */
  submitted: Promise<Order | null>;
}

/**
 * The NewOrderSingles of every session whose submission (`engine.submit`, which resolves after the
 * durable write) has not ended, by account and ClOrdID: a repeat of the ClOrdID waits for the first
 * one's order, and so do a cancel, replace or status request naming it.
 */
export class InFlightOrders {
  private readonly byKey = new Map<string, InFlightOrder>();

  get(account: string, clientOrderId: string): InFlightOrder | undefined {
    return this.byKey.get(key(account, clientOrderId));
  }

  /** Notes a submission started; forgotten once `submitted` settles. */
  add(account: string, clientOrderId: string, entry: InFlightOrder): void {
    const k = key(account, clientOrderId);
    this.byKey.set(k, entry);
    const done = (): void => {
      if (this.byKey.get(k) === entry) this.byKey.delete(k);
    };
    entry.submitted.then(done, done);
  }

  /** Resolves once no submission of the ClOrdID in these accounts is in flight any more. */
  async settled(accounts: readonly string[], clientOrderId: string): Promise<void> {
    for (const account of accounts) {
      const entry = this.get(account, clientOrderId);
      if (entry) await entry.submitted.catch(() => null);
    }
  }
}
