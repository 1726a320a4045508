import {
  bucketStart,
  type Clock,
  type InstrumentId,
  InvalidArgumentError,
  type MarketDataFeed,
  type PluginTimers,
  toDisposable,
  UnknownInstrumentError,
} from '@qmo/sdk';
import type { DemoFeedConfig } from './config.js';
import { pathBars } from './history.js';
import { createInstrumentMarket, type InstrumentMarket } from './instrument-market.js';
import { demoInstruments } from './instruments.js';
import { startStream } from './live/stream.js';
import { DAY_MS } from './price-path.js';

export interface DemoFeedOptions {
  config: DemoFeedConfig;
  clock: Pick<Clock, 'now'>;
  /** The plugin's timers (`context.timers`), so the host releases them when the plugin stops. */
  timers: PluginTimers;
}

/**
 * The demo market as a `feeds/v1` contribution. History is a pure function of (seed, instrument,
 * minute); `history()` returns the closed bars of the last `historyDays` days that fall in the range.
 */
export function createDemoFeed({ config, clock, timers }: DemoFeedOptions): MarketDataFeed {
  const instruments = demoInstruments(config.source, config.instruments);
  const markets = new Map<InstrumentId, InstrumentMarket>();
  const market = (id: InstrumentId): InstrumentMarket => {
    let found = markets.get(id);
    if (!found) {
      const instrument = instruments.find((i) => i.id === id);
      if (!instrument) throw new UnknownInstrumentError(id);
      found = createInstrumentMarket(instrument, config.seed);
      markets.set(id, found);
    }
    return found;
  };

  return {
    source: config.source,

    instruments: () => instruments.map((i) => ({ ...i, venueSymbols: { ...i.venueSymbols } })),

    async history(id, range) {
      const target = market(id);
      if (!Number.isFinite(range.from) || !Number.isFinite(range.to)) {
        throw new InvalidArgumentError('history range must be finite epoch milliseconds', { ...range });
      }
      const now = clock.now();
      const from = Math.max(range.from, now - config.historyDays * DAY_MS);
      const to = Math.min(range.to, bucketStart(now, '1m'));
      return from < to ? pathBars(target, config.source, from, to) : [];
    },

    subscribe(ids, sink) {
      const selected = [...new Set(ids)].map(market);
      if (selected.length === 0) return toDisposable(() => {});
      return startStream({
        markets: selected,
        sink,
        clock,
        timers,
        settings: {
          source: config.source,
          seed: config.seed,
          depth: config.bookDepth,
          tickIntervalMs: config.tickIntervalMs,
        },
      });
    },
  };
}
