import type { Bar, InstrumentId, Timeframe, Timestamp } from '@qmo/sdk';

/** Storage of bars. The kernel writes closed 1-minute bars; other timeframes are aggregated from them on read. */
export interface BarStore {
  /** Inserts or replaces closed 1-minute bars, keyed by (instrument, ts). */
  upsert(bars: readonly Bar[]): Promise<void>;
  /** Bars of `tf` whose open time is in [from, to), oldest first, at most `limit` (the newest ones when cut). */
  query(
    instrument: InstrumentId,
    tf: Timeframe,
    range: { from: Timestamp; to: Timestamp },
    limit?: number,
  ): Promise<Bar[]>;
  /** The newest stored 1-minute bar of the instrument, or null. */
  latest(instrument: InstrumentId): Promise<Bar | null>;
}
