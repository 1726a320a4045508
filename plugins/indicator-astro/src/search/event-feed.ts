import type { AstroEvent, EventSource } from './event.js';

/**
 * Merges event sources into one time-ordered list of the events from `origin` on, complete up to the
 * furthest instant asked for. Ties are ordered by source, then by each source's own order.
 */
export class EventFeed {
  readonly events: AstroEvent[] = [];
  private doneTo: number;

  constructor(
    readonly origin: number,
    private readonly sources: readonly EventSource[],
  ) {
    this.doneTo = origin - 1;
  }

  /** Every event in [origin, to], in time order. */
  upTo(to: number): readonly AstroEvent[] {
    if (to <= this.doneTo) return this.events;
    const batch: { event: AstroEvent; source: number; seq: number }[] = [];
    this.sources.forEach((source, index) => {
      source.advance(to);
      let taken = 0;
      while (taken < source.pending.length && (source.pending[taken] as AstroEvent).time <= to) taken++;
      source.pending.splice(0, taken).forEach((event, seq) => {
        if (event.time >= this.origin) batch.push({ event, source: index, seq });
      });
    });
    batch.sort((a, b) => a.event.time - b.event.time || a.source - b.source || a.seq - b.seq);
    for (const { event } of batch) this.events.push(event);
    this.doneTo = to;
    return this.events;
  }

  /** Keys open at the origin, over all sources. */
  activeAtOrigin(): string[] {
    return this.sources.flatMap((s) => s.activeAtOrigin());
  }
}

/** How many of the time-ordered `events` lie at or before `to`. */
export function countUpTo(events: readonly AstroEvent[], to: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((events[mid] as AstroEvent).time <= to) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
