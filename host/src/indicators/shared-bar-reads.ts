import type { MarketDataManager } from '@qmo/core';
import { type Bar, bucketStart, type InstrumentId, type Timeframe, type Timestamp } from '@qmo/sdk';

type ReadBars = MarketDataManager['bars'];

/**
 * Reads of the same bars that overlap in time share one read: a chart asking for its bars and several
 * indicators at once (or several charts of one instrument) costs one database read, not one each.
 * Nothing is kept once a read has finished: an answer is at most as old as a read already under way.
 * Windows are the same read when they hold the same bars: bars open on their timeframe's buckets, so
 * only the buckets of `from` and `to` matter, and a window ending now or later holds every bar there
 * is up to now.
 */
export class SharedBarReads {
  private readonly inFlight = new Map<string, Promise<Bar[]>>();

  constructor(
    private readonly read: ReadBars,
    private readonly now: () => Timestamp,
  ) {}

  /** The bars, oldest first; callers share the array and must not change it. */
  bars(
    instrument: InstrumentId,
    tf: Timeframe,
    range: { from: Timestamp; to: Timestamp },
    limit?: number,
  ): Promise<readonly Bar[]> {
    // A bar opening at s is in [from, to) when bucketStart(from − 1) < s ≤ bucketStart(to − 1).
    const from = bucketStart(range.from - 1, tf);
    const to = range.to >= this.now() ? 'now' : bucketStart(range.to - 1, tf);
    const key = `${instrument}|${tf}|${from}|${to}|${limit ?? ''}`;
    let shared = this.inFlight.get(key);
    if (!shared) {
      shared = this.read(instrument, tf, range, limit);
      this.inFlight.set(key, shared);
      const done = () => this.inFlight.delete(key);
      shared.then(done, done);
    }
    return shared;
  }

  /** Reads under way (for tests). */
  get pending(): number {
    return this.inFlight.size;
  }
}
