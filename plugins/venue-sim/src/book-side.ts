import type { BookSide } from '@qmo/sdk';

/** An order resting in a price level's queue (the fields the queue needs). */
export interface Queued {
  /** Price in ticks. */
  price: number;
  /** Size shown on the book, in lots. */
  visible: number;
  level: PriceLevel<this> | null;
  prev: this | null;
  next: this | null;
}

/** One price of one side: a FIFO queue of orders, oldest first. */
export class PriceLevel<T extends Queued> {
  head: T | null = null;
  tail: T | null = null;
  count = 0;

  constructor(readonly price: number) {}

  /** Total visible size, in lots. */
  get size(): number {
    let size = 0;
    for (let o = this.head; o; o = o.next) size += o.visible;
    return size;
  }

  *orders(): IterableIterator<T> {
    for (let o = this.head; o; o = o.next) yield o;
  }
}

/**
 * One side of a book: price levels, best first (highest bid, lowest ask), each a FIFO queue.
 * Appending puts an order at the back of its price; removing is O(1) within the level.
 */
export class BookSideLevels<T extends Queued> {
  private readonly byPrice = new Map<number, PriceLevel<T>>();
  /** Prices best first. */
  private readonly prices: number[] = [];

  constructor(readonly side: BookSide) {}

  get levelCount(): number {
    return this.prices.length;
  }

  best(): PriceLevel<T> | undefined {
    const price = this.prices[0];
    return price === undefined ? undefined : this.byPrice.get(price);
  }

  level(price: number): PriceLevel<T> | undefined {
    return this.byPrice.get(price);
  }

  /** Levels best first. */
  *levels(): IterableIterator<PriceLevel<T>> {
    for (const price of this.prices) yield this.byPrice.get(price)!;
  }

  /** True when a price is better than (ahead of) another on this side. */
  isBetter(a: number, b: number): boolean {
    return this.side === 'bid' ? a > b : a < b;
  }

  append(order: T): void {
    let level = this.byPrice.get(order.price);
    if (!level) {
      level = new PriceLevel<T>(order.price);
      this.byPrice.set(order.price, level);
      this.prices.splice(this.insertAt(order.price), 0, order.price);
    }
    order.level = level;
    order.prev = level.tail;
    order.next = null;
    if (level.tail) level.tail.next = order;
    else level.head = order;
    level.tail = order;
    level.count++;
  }

  remove(order: T): void {
    const level = order.level as PriceLevel<T> | null;
    if (!level) return;
    if (order.prev) order.prev.next = order.next;
    else level.head = order.next;
    if (order.next) order.next.prev = order.prev;
    else level.tail = order.prev;
    order.prev = null;
    order.next = null;
    order.level = null;
    level.count--;
    if (level.count === 0) {
      this.byPrice.delete(level.price);
      this.prices.splice(this.insertAt(level.price), 1);
    }
  }

  /** Index of `price` in `prices`, or where it would be inserted (binary search). */
  private insertAt(price: number): number {
    let lo = 0;
    let hi = this.prices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.isBetter(this.prices[mid]!, price)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
