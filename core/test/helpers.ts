import {
  type Bar,
  bucketStart,
  type DefinedPlugin,
  decimal,
  type Instrument,
  type InstrumentId,
  manifestSchema,
  type PluginManifest,
  type PluginManifestInput,
  type PluginStateChange,
  TIMEFRAME_MS,
  type Timeframe,
  type Timestamp,
} from '@qmo/sdk';
import type { PluginEntry } from '../src/index.js';
import type { Kernel } from '../src/kernel/kernel.js';
import type { BarStore } from '../src/ports/index.js';

export const SDK = '1.0.0';

/** A valid manifest, overridable field by field; goes through the SDK's schema like a real one. */
export function manifest(id: string, overrides: Partial<PluginManifestInput> = {}): PluginManifest {
  return manifestSchema.parse({
    id,
    kind: 'indicator',
    version: '1.0.0',
    engines: { qmo: '^1.0.0' },
    ...overrides,
  });
}

export function entry<C>(m: PluginManifest, definition: DefinedPlugin<C>): PluginEntry {
  return { manifest: m, location: `memory:${m.id}`, definition: definition as DefinedPlugin<unknown> };
}

/** Lets pending promise callbacks run (no real time passes). */
export async function flush(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}

export function recordStates(kernel: Kernel): PluginStateChange[] {
  const seen: PluginStateChange[] = [];
  kernel.bus.on('plugin.state', (change) => seen.push(change));
  return seen;
}

export function future(id: InstrumentId, overrides: Partial<Instrument> = {}): Instrument {
  return {
    id,
    assetClass: 'future',
    symbol: id,
    tickSize: '0.25',
    lotSize: '1',
    pricePrecision: 2,
    currency: 'USD',
    multiplier: '50',
    venueSymbols: {},
    underlying: 'ES',
    expiry: '2026-12-18',
    ...overrides,
  } as Instrument;
}

/** Array-backed BarStore: keeps closed 1-minute bars, aggregates other timeframes on read. */
export class MemoryBarStore implements BarStore {
  readonly rows: Bar[] = [];
  upserts = 0;

  async upsert(bars: readonly Bar[]): Promise<void> {
    this.upserts++;
    for (const bar of bars) {
      const at = this.rows.findIndex((b) => b.instrument === bar.instrument && b.ts === bar.ts);
      const row = { ...bar, tf: '1m' as const, closed: true };
      if (at >= 0) this.rows[at] = row;
      else this.rows.push(row);
    }
    this.rows.sort((a, b) => a.instrument.localeCompare(b.instrument) || a.ts - b.ts);
  }

  async query(
    instrument: InstrumentId,
    tf: Timeframe,
    range: { from: Timestamp; to: Timestamp },
    limit?: number,
  ): Promise<Bar[]> {
    const ones = this.rows.filter((b) => b.instrument === instrument);
    const out: Bar[] = [];
    for (const b of ones) {
      const ts = bucketStart(b.ts, tf);
      const last = out.at(-1);
      if (last && last.ts === ts) {
        out[out.length - 1] = {
          ...last,
          high: decimal.cmp(last.high, b.high) >= 0 ? last.high : b.high,
          low: decimal.cmp(last.low, b.low) <= 0 ? last.low : b.low,
          close: b.close,
          volume: decimal.add(last.volume, b.volume),
        };
      } else out.push({ ...b, tf, ts });
    }
    const inRange = out.filter((b) => b.ts >= range.from && b.ts < range.to);
    return limit === undefined ? inRange : inRange.slice(-limit);
  }

  async latest(instrument: InstrumentId): Promise<Bar | null> {
    return this.rows.filter((b) => b.instrument === instrument).at(-1) ?? null;
  }
}

export const MINUTE = TIMEFRAME_MS['1m'];
