import { type Clock, type Disposable, type FeedSink, type PluginTimers, toDisposable } from '@qmo/sdk';
import type { InstrumentMarket } from '../instrument-market.js';
import { InstrumentStream, type StreamSettings } from './instrument-stream.js';

/**
 * Streams the instruments to the sink: a book snapshot and a quote for each at once, then every
 * `tickIntervalMs` a tick for each. Disposing stops the timer; nothing is published afterwards.
 */
export function startStream(options: {
  markets: readonly InstrumentMarket[];
  sink: FeedSink;
  clock: Pick<Clock, 'now'>;
  timers: PluginTimers;
  settings: StreamSettings;
}): Disposable {
  const { sink, clock, settings } = options;
  const openedAt = clock.now();
  const streams = options.markets.map((market) => new InstrumentStream(market, settings, openedAt));
  for (const stream of streams) for (const message of stream.open()) sink.publish(message);
  let active = true;
  const timer = options.timers.setInterval(() => {
    if (!active) return;
    const now = clock.now();
    for (const stream of streams) for (const message of stream.tick(now)) sink.publish(message);
  }, settings.tickIntervalMs);
  return toDisposable(() => {
    active = false;
    return timer.dispose();
  });
}
