import type { Bar, InstrumentId, Timeframe, Timestamp } from '@qmo/sdk';

type ReadBars = (
  instrument: InstrumentId,
  tf: Timeframe,
  range: { from: Timestamp; to: Timestamp },
  limit?: number,
) => Promise<Bar[]>;

/**
 * Reads of the same bars that overlap in time share one read: a chart asking for several indicators
 * at once (or several charts of one instrument) costs one database read, not one per indicator.
 * Nothing is kept once a read has finished: an answer is at most as old as a read already under way.
 * A window ending now or later holds every bar there is up to now, so all such windows from the same
 * start are the same read.
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
    const open = range.to >= this.now();
    const key = `${instrument}|${tf}|${range.from}|${open ? 'now' : range.to}|${limit ?? ''}`;
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
