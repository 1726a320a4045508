import type { Instrument, InstrumentId } from '../domain/instrument.js';
import type { Bar, MarketDataMessage, Quote, Timeframe, Timestamp } from '../domain/marketdata.js';
import type { Disposable } from './disposable.js';
import { createServiceRef } from './service-ref.js';

export interface InstrumentDirectory {
  get(id: InstrumentId): Instrument | undefined;
  list(): Instrument[];
}

export interface MarketDataReader {
  /** Messages of the instrument's active source only (after failover selection). */
  subscribe(instrument: InstrumentId, handler: (message: MarketDataMessage) => void): Disposable;
  lastQuote(instrument: InstrumentId): Quote | null;
  /** Id of the source currently feeding the instrument, or null when none is live. */
  activeSource(instrument: InstrumentId): string | null;
  /** Stored bars in [from, to), oldest first. */
  bars(instrument: InstrumentId, tf: Timeframe, range: { from: Timestamp; to: Timestamp }): Promise<Bar[]>;
}

/** Small persistent key/value space of one plugin (its own namespace), JSON values. */
export interface PluginStorage {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  keys(prefix?: string): Promise<string[]>;
}

/** Services every host provides to plugins. */
export const services = {
  instruments: createServiceRef<InstrumentDirectory>({ id: 'core.instruments' }),
  marketData: createServiceRef<MarketDataReader>({ id: 'core.market-data', capability: 'marketdata:read' }),
  storage: createServiceRef<PluginStorage>({ id: 'core.plugin-storage', capability: 'storage' }),
} as const;
