import type { Order, OrderState } from '@qmo/sdk';
import type { DrizzleFixStore, FixPendingChange } from '../db/index.js';
import { sessionOfActor } from './session-user.js';

/** A cancel or replace a session asked for, waiting for the engine's answer on the bus. */
export type PendingChange = FixPendingChange;

/** What the gateway last reported of an order. */
export interface TrackedOrder {
  sessionId: string;
  state: OrderState;
  clientOrderId: string;
}

/** What the links need of an order: its key, and its actor (which names the session that entered it). */
export type LinkedOrder = Pick<Order, 'orderId' | 'account' | 'clientOrderId' | 'submittedBy'>;

/** One map key for an (account, ClOrdID) pair: ClOrdIDs are unique per account. */
export const clOrdIdKey = (account: string, clientOrderId: string) => `${account}\u0001${clientOrderId}`;
const key = clOrdIdKey;

/**
 * Which session entered which order. An order's actor names the session that entered it
 * (`user:<id> via fix:<session id>`), committed with the order itself, so the order's reports need no
 * link written before it is submitted (its link row follows in the background: `LinkWriter`); the new
 * ClOrdID of a replace is claimed in the database before it goes to the engine, and the link row of an
 * order holds the cancel or replace its session last asked for. The links of the orders still working
 * are kept here (loaded at start), so the bus events of an order find its session without a query.
 */
export class OrderLinks {
  private readonly bySessionKey = new Map<string, string>();
  /** Orders reported to a session, by order id (dropped when final). */
  readonly tracked = new Map<string, TrackedOrder>();
  /** Cancels and replaces requested through FIX, by the order id they act on. */
  readonly pending = new Map<string, PendingChange>();

  constructor(
    private readonly store: Pick<DrizzleFixStore, 'link' | 'workingLinks' | 'setPending'>,
    /** A pending change not cleared in the database (it is then only stale, never used: see `load`). */
    private readonly onClearFailed: (error: unknown) => void = () => {},
  ) {}

  /**
   * Loads the links of the working orders (after a restart), and the cancel or replace of each order
   * still pending cancel or replace: its reports carry the request's ClOrdID.
   */
  async load(): Promise<void> {
    for (const l of await this.store.workingLinks()) {
      this.bySessionKey.set(key(l.account, l.clientOrderId), l.sessionId);
      const waiting = l.state === 'PendingCancel' || l.state === 'PendingReplace';
      if (waiting && l.pending) this.pending.set(l.orderId, l.pending);
    }
  }

  /**
   * Records the change a session asks for on an order (durably, before it goes to the engine); the
   * order's link row is created with it when the order was entered by a session and has none yet.
   */
  async setPending(order: LinkedOrder, change: PendingChange, ts: number): Promise<void> {
    const sessionId = this.sessionOf(order);
    await this.store.setPending(
      order.account,
      order.clientOrderId,
      change,
      sessionId !== undefined ? { sessionId, ts } : undefined,
    );
    this.pending.set(order.orderId, change);
  }

  /** The change was refused or did not happen: forgotten here and (in the background) in the database. */
  clearPending(order: { orderId: string; account: string; clientOrderId: string }): void {
    if (!this.pending.delete(order.orderId)) return;
    this.store.setPending(order.account, order.clientOrderId, null).catch(this.onClearFailed);
  }

  /** Claims the ClOrdID for the session (durably); the session that used it first keeps it. */
  async link(account: string, clientOrderId: string, sessionId: string, ts: number): Promise<string> {
    const owner = await this.store.link(account, clientOrderId, sessionId, ts);
    this.bySessionKey.set(key(account, clientOrderId), owner);
    return owner;
  }

  /** The session that entered the order: the one its actor names, else the one linked to its ClOrdID. */
  sessionOf(order: Pick<Order, 'account' | 'clientOrderId' | 'submittedBy'>): string | undefined {
    return (
      sessionOfActor(order.submittedBy) ?? this.bySessionKey.get(key(order.account, order.clientOrderId))
    );
  }

  /** The order is final: nothing more will be reported for it. */
  forget(orderId: string, account: string, clientOrderId: string): void {
    this.tracked.delete(orderId);
    this.pending.delete(orderId);
    this.bySessionKey.delete(key(account, clientOrderId));
  }
}
