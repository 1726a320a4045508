import type { Decimal, InstrumentId, L2Delta, L2Level, L2Snapshot } from '@qmo/sdk';

/**
 * An aggregated book rebuilt from snapshots and deltas. A delta whose seq does not follow
 * the last one marks the book out of sync until the next snapshot.
 */
export class L2Book {
  private bids = new Map<Decimal, L2Level>();
  private asks = new Map<Decimal, L2Level>();
  seq = -1;
  inSync = false;
  ts = 0;

  constructor(
    readonly instrument: InstrumentId,
    readonly source: string,
  ) {}

  apply(message: L2Snapshot | L2Delta): void {
    this.ts = message.ts;
    if (message.type === 'l2.snapshot') {
      this.bids = new Map(message.bids.map((l) => [l.price, { ...l }]));
      this.asks = new Map(message.asks.map((l) => [l.price, { ...l }]));
      this.seq = message.seq;
      this.inSync = true;
      return;
    }
    if (!this.inSync || message.seq !== this.seq + 1) {
      this.inSync = false;
      return;
    }
    this.seq = message.seq;
    for (const change of message.changes) {
      const side = change.side === 'bid' ? this.bids : this.asks;
      if (Number(change.size) === 0) side.delete(change.price);
      else
        side.set(change.price, {
          price: change.price,
          size: change.size,
          ...(change.orders !== undefined ? { orders: change.orders } : {}),
        });
    }
  }

  snapshot(depth: number): L2Snapshot {
    const byPrice = (desc: boolean) => (a: L2Level, b: L2Level) =>
      desc ? Number(b.price) - Number(a.price) : Number(a.price) - Number(b.price);
    return {
      type: 'l2.snapshot',
      instrument: this.instrument,
      source: this.source,
      ts: this.ts,
      seq: this.seq,
      bids: [...this.bids.values()].sort(byPrice(true)).slice(0, depth),
      asks: [...this.asks.values()].sort(byPrice(false)).slice(0, depth),
    };
  }
}
