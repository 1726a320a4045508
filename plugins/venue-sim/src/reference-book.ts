import { type Decimal, dec, decimal, type Instrument, type MarketDataMessage } from '@qmo/sdk';
import { lotsOf, scaleLots, ticksOf } from './instrument-grid.js';

/** Price ticks → lots, for one side. */
export type LevelsSteps = Map<number, number>;

export interface HouseTarget {
  /** Best first. */
  bids: LevelsSteps;
  /** Best first. */
  asks: LevelsSteps;
}

/**
 * The reference market's book of one instrument, rebuilt from what the market-data service passes
 * on (the instrument's active source): L2 snapshots and deltas, and quotes for the top.
 *
 * Best effort by design: the service offers no way to ask for a snapshot, so deltas are applied
 * even before the first snapshot (sizes in deltas are absolute, so the picture converges) and
 * quotes fill in the top of book and clear levels better than it.
 */
export class ReferenceBook {
  source: string | null = null;
  private readonly bids = new Map<Decimal, Decimal>();
  private readonly asks = new Map<Decimal, Decimal>();
  get empty(): boolean {
    return this.bids.size === 0 && this.asks.size === 0;
  }

  /** Takes a message in; returns whether it concerned the book. */
  apply(message: MarketDataMessage): boolean {
    if (message.type !== 'l2.snapshot' && message.type !== 'l2.delta' && message.type !== 'quote')
      return false;
    if (message.source !== this.source || message.type === 'l2.snapshot') {
      this.bids.clear();
      this.asks.clear();
      this.source = message.source;
    }
    switch (message.type) {
      case 'l2.snapshot':
        for (const l of message.bids) this.set(this.bids, l.price, l.size);
        for (const l of message.asks) this.set(this.asks, l.price, l.size);
        break;
      case 'l2.delta':
        for (const c of message.changes) this.set(c.side === 'bid' ? this.bids : this.asks, c.price, c.size);
        break;
      case 'quote':
        this.top(this.bids, message.bid, message.bidSize, 1);
        this.top(this.asks, message.ask, message.askSize, -1);
        break;
    }
    return true;
  }

  /**
   * The house orders mirroring this book on the instrument's grid: the best `depth` levels of each
   * side, sizes × `factor` rounded down to lots; levels off the grid, empty after scaling or crossing
   * the other side are left out.
   */
  target(instrument: Instrument, depth: number, factor: Decimal): HouseTarget {
    const side = (levels: Map<Decimal, Decimal>, better: (a: number, b: number) => number): LevelsSteps => {
      const steps: [number, number][] = [];
      for (const [price, size] of levels) {
        const ticks = ticksOf(instrument, price);
        const lots = lotsOf(instrument, size);
        if (ticks === null || ticks <= 0 || lots === null) continue;
        const scaled = scaleLots(lots, factor);
        if (scaled > 0) steps.push([ticks, scaled]);
      }
      return new Map(steps.sort((a, b) => better(a[0], b[0])).slice(0, depth));
    };
    const bids = side(this.bids, (a, b) => b - a);
    const asks = side(this.asks, (a, b) => a - b);
    const bestBid = bids.keys().next();
    if (!bestBid.done) for (const price of [...asks.keys()]) if (price <= bestBid.value) asks.delete(price);
    return { bids, asks };
  }

  private set(side: Map<Decimal, Decimal>, price: Decimal, size: Decimal): void {
    const key = canonical(price);
    if (key === null) return;
    if (decimal.isZero(size)) side.delete(key);
    else side.set(key, size);
  }

  /** The quote's top: sets its size, removes levels better than it (stale after a move). */
  private top(
    side: Map<Decimal, Decimal>,
    price: Decimal | null,
    size: Decimal | null,
    direction: 1 | -1,
  ): void {
    const key = price === null ? null : canonical(price);
    if (key === null) {
      side.clear();
      return;
    }
    for (const p of [...side.keys()]) if (decimal.cmp(p, key) === direction) side.delete(p);
    if (size !== null && !decimal.isZero(size)) side.set(key, size);
  }
}

/** The canonical form of a price ("1.0800" → "1.08"), so levels of one price share a key. */
function canonical(price: string): Decimal | null {
  try {
    return dec(price);
  } catch {
    return null;
  }
}
