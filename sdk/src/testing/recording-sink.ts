import type { InstrumentId } from '../domain/instrument.js';
import type { MarketDataMessage } from '../domain/marketdata.js';
import type { FeedSink } from '../plugin/kinds/feed.js';

/** A FeedSink that keeps everything a feed published, for assertions. */
export class RecordingSink implements FeedSink {
  readonly messages: MarketDataMessage[] = [];
  readonly errors: { instrument: InstrumentId | null; error: Error }[] = [];

  publish(message: MarketDataMessage): void {
    this.messages.push(message);
  }
  error(instrument: InstrumentId | null, error: Error): void {
    this.errors.push({ instrument, error });
  }
  ofType<T extends MarketDataMessage['type']>(type: T): Extract<MarketDataMessage, { type: T }>[] {
    return this.messages.filter((m): m is Extract<MarketDataMessage, { type: T }> => m.type === type);
  }
}
