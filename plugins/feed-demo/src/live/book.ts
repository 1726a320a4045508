import type { BookSide } from '@qmo/sdk';

/** One side of an aggregated book: price in ticks → size in lots, best level first. */
export type BookSideLevels = Map<number, number>;

export interface SimBook {
  bids: BookSideLevels;
  asks: BookSideLevels;
}

export interface TickChange {
  side: BookSide;
  price: number;
  /** Lots; 0 deletes the level. */
  size: number;
}

/**
 * Prices of one side's levels, best first: the top of book, then levels on a grid of `step` ticks
 * strictly behind it (a fixed grid, so levels survive small moves of the top and deltas stay small).
 */
export function levelPrices(side: BookSide, best: number, step: number, depth: number): number[] {
  const prices = [best];
  if (side === 'bid') {
    for (let p = Math.floor((best - 1) / step) * step; prices.length < depth && p >= 1; p -= step)
      prices.push(p);
  } else {
    for (let p = Math.ceil((best + 1) / step) * step; prices.length < depth; p += step) prices.push(p);
  }
  return prices;
}

/** The changes turning `before` into `after`: removed levels first (size 0), then new and resized ones. */
export function diffBooks(before: SimBook, after: SimBook): TickChange[] {
  const changes: TickChange[] = [];
  const sides: [BookSide, BookSideLevels, BookSideLevels][] = [
    ['bid', before.bids, after.bids],
    ['ask', before.asks, after.asks],
  ];
  for (const [side, old, next] of sides) {
    for (const price of old.keys()) if (!next.has(price)) changes.push({ side, price, size: 0 });
  }
  for (const [side, old, next] of sides) {
    for (const [price, size] of next) if (old.get(price) !== size) changes.push({ side, price, size });
  }
  return changes;
}
