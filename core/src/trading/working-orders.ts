import type { AccountId, Order } from '@qmo/sdk';
import { isWorking } from './order-state-machine.js';

/**
 * The orders not yet final, in memory, and how replacements chain: a venue knows an order by the
 * id it was first sent with (the chain's root); after replaces, that id stands for the live order.
 */
export class WorkingOrders {
  private readonly orders = new Map<string, Order>();
  /** Order id → the root of its replace chain (the id the venue knows). */
  private readonly roots = new Map<string, string>();
  /** Root → the order of the chain that is live now. */
  private readonly live = new Map<string, string>();
  /** Order waiting for a replace (PendingReplace, or PendingCancel after a kill switch) → its replacement. */
  private readonly replacements = new Map<string, string>();

  /** Rebuilds the chains of restored orders; `rootOf` finds the root of an order's `replaces` (from storage). */
  async restore(orders: readonly Order[], rootOf: (orderId: string) => Promise<string>): Promise<void> {
    for (const o of orders) this.orders.set(o.orderId, Object.freeze(o));
    for (const o of orders) {
      if (o.replaces === undefined) continue;
      const replaced = this.orders.get(o.replaces);
      const root = replaced ? this.root(replaced.orderId) : await rootOf(o.replaces);
      this.roots.set(o.orderId, root);
      if (
        replaced &&
        o.state === 'PendingNew' &&
        (replaced.state === 'PendingReplace' || replaced.state === 'PendingCancel')
      ) {
        this.replacements.set(replaced.orderId, o.orderId);
      } else this.live.set(root, o.orderId);
    }
  }

  get(orderId: string): Order | undefined {
    return this.orders.get(orderId);
  }

  /** Keeps an order while it works, forgets it once final. */
  put(order: Order): void {
    // Orders change by transitions (new objects); frozen, a reader of the working set cannot alter it.
    Object.freeze(order);
    if (isWorking(order)) this.orders.set(order.orderId, order);
    else {
      this.orders.delete(order.orderId);
      this.replacements.delete(order.orderId);
      // A replacement that ended before it was confirmed (refused, or its order ended first).
      if (order.replaces !== undefined && this.replacements.get(order.replaces) === order.orderId) {
        this.replacements.delete(order.replaces);
      }
    }
  }

  /** Forgets an order that was never stored (a submission whose write failed or found a duplicate). */
  discard(orderId: string): void {
    this.orders.delete(orderId);
  }

  /** The id the venue knows this order by. */
  root(orderId: string): string {
    return this.roots.get(orderId) ?? orderId;
  }

  /** The live order for an id a venue reported (a root after replaces stands for its latest replacement). */
  resolve(orderId: string): string {
    return this.live.get(orderId) ?? orderId;
  }

  /** A replacement was requested for `replaced`. */
  linkReplacement(replaced: Order, replacement: Order): void {
    this.roots.set(replacement.orderId, this.root(replaced.orderId));
    this.replacements.set(replaced.orderId, replacement.orderId);
  }

  /** The replace is over without a replacement (refused, or the order ended first). */
  unlinkReplacement(replacedId: string): void {
    this.replacements.delete(replacedId);
  }

  /** The venue confirmed the replace: the replacement is now the live order of the chain. */
  confirmReplacement(replaced: Order, replacement: Order): void {
    this.replacements.delete(replaced.orderId);
    this.live.set(this.root(replaced.orderId), replacement.orderId);
  }

  /** The replacement waiting for this order's replace to be confirmed, if any. */
  pendingReplacement(orderId: string): Order | undefined {
    const id = this.replacements.get(orderId);
    return id === undefined ? undefined : this.orders.get(id);
  }

  /** Whether the order is a replacement still waiting (not live at the venue as such). */
  isPendingReplacement(order: Order): boolean {
    return order.replaces !== undefined && this.replacements.get(order.replaces) === order.orderId;
  }

  list(filter?: { accounts?: ReadonlySet<AccountId>; venue?: string }): Order[] {
    return [...this.orders.values()].filter(
      (o) =>
        (!filter?.accounts || filter.accounts.has(o.account)) && (!filter?.venue || o.venue === filter.venue),
    );
  }

  /** What risk sees of the account's working orders: no pending replacements, not the order being replaced. */
  forRisk(account: AccountId, excluding?: string): Order[] {
    return [...this.orders.values()].filter(
      (o) => o.account === account && o.orderId !== excluding && !this.isPendingReplacement(o),
    );
  }
}
