import type { Instrument, InstrumentId } from '../../domain/instrument.js';
import type { Bar, MarketDataMessage, Timestamp } from '../../domain/marketdata.js';
import type { Disposable } from '../disposable.js';

/** Where a feed delivers what it receives. The host stamps nothing: messages carry their own `source`. */
export interface FeedSink {
  publish(message: MarketDataMessage): void;
  /** A problem with one instrument (or with every instrument when null): the source manager fails over. */
  error(instrument: InstrumentId | null, error: Error): void;
}

/** `feed` kind, contributed to `feeds/v1`. */
export interface MarketDataFeed {
  /** Source id stamped on every message, e.g. "demo", "cme". Unique per host. */
  readonly source: string;
  /** Instruments this source can stream. */
  instruments(): Instrument[] | Promise<Instrument[]>;
  /** Starts streaming the instruments; disposing the result stops it. */
  subscribe(instruments: InstrumentId[], sink: FeedSink): Disposable | Promise<Disposable>;
  /**
   * Closed 1-minute bars in [from, to), oldest first, for backfilling history.
   * Optional: a source without history is used for live data only.
   */
  history?(instrument: InstrumentId, range: { from: Timestamp; to: Timestamp }): Promise<Bar[]>;
}
