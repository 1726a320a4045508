import type { BookChange, L3Book, L3Order } from './matching-engine.js';

/**
 * Applies order-by-order changes to a copy of an L3 book, the way a consumer of the venue's L3
 * feed does: `add` joins the back of its price's queue, `modify` sets the shown size in place,
 * `delete` removes, `execute` takes size off and removes the order when nothing is left shown.
 * Throws on a change that does not fit the book (unknown order, execute beyond the shown size).
 */
export function applyBookChanges(book: L3Book, changes: readonly BookChange[]): L3Book {
  const bids = book.bids.map((o) => ({ ...o }));
  const asks = book.asks.map((o) => ({ ...o }));
  for (const c of changes) {
    const side = c.side === 'bid' ? bids : asks;
    const at = side.findIndex((o) => o.orderId === c.orderId);
    switch (c.action) {
      case 'add': {
        if (at >= 0) throw new Error(`add of ${c.orderId}, already on the book`);
        const better = (p: number) => (c.side === 'bid' ? p > c.price : p < c.price);
        let index = side.findIndex((o) => !(better(o.price) || o.price === c.price));
        if (index < 0) index = side.length;
        side.splice(index, 0, {
          orderId: c.orderId,
          side: c.side,
          price: c.price,
          size: c.size,
        } satisfies L3Order);
        break;
      }
      case 'modify':
        if (at < 0) throw new Error(`modify of ${c.orderId}, not on the book`);
        side[at]!.size = c.size;
        break;
      case 'delete':
        if (at < 0) throw new Error(`delete of ${c.orderId}, not on the book`);
        side.splice(at, 1);
        break;
      case 'execute': {
        const o = side[at];
        if (!o) throw new Error(`execute of ${c.orderId}, not on the book`);
        if (c.size > o.size) throw new Error(`execute of ${c.size} on ${c.orderId} showing ${o.size}`);
        o.size -= c.size;
        if (o.size === 0) side.splice(at, 1);
        break;
      }
    }
  }
  return { bids, asks };
}
