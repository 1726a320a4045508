import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverPlugins, InstrumentRegistry, Kernel } from '@qmo/core';
import { type Bar, dec, type Instrument, SDK_VERSION, type Timeframe } from '@qmo/sdk';
import type { HostBars } from '../../src/replay/replay-session.js';

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** 2026-01-05T10:00:00Z */
export const T0 = Date.UTC(2026, 0, 5, 10, 0);
export const MIN = 60_000;

export const EURUSD: Instrument = {
  id: 'EURUSD',
  assetClass: 'fx',
  symbol: 'EUR/USD',
  baseCurrency: 'EUR',
  tickSize: dec('0.0001'),
  lotSize: dec('1000'),
  pricePrecision: 4,
  currency: 'USD',
  multiplier: dec('1'),
  venueSymbols: {},
};

/** A closed 1-minute bar `minute` minutes after T0. */
export function bar(minute: number, open: string, high: string, low: string, close: string): Bar {
  return {
    type: 'bar',
    instrument: EURUSD.id,
    source: 'demo',
    ts: T0 + minute * MIN,
    tf: '1m',
    open: dec(open),
    high: dec(high),
    low: dec(low),
    close: dec(close),
    volume: dec('1'),
    closed: true,
  };
}

/** The store's bars read as the host reads them: [from, to), oldest first, the newest `limit` when cut. */
export function barsOf(stored: readonly Bar[]): HostBars & { reads: { from: number; to: number }[] } {
  const reads: { from: number; to: number }[] = [];
  const read = async (
    instrument: string,
    _tf: Timeframe,
    range: { from: number; to: number },
    limit?: number,
  ) => {
    reads.push(range);
    const found = stored
      .filter((b) => b.instrument === instrument && b.ts >= range.from && b.ts < range.to)
      .sort((a, b) => a.ts - b.ts);
    return limit !== undefined ? found.slice(-limit) : found;
  };
  return Object.assign(read, { reads });
}

/** The host's kernel with the real venue-sim plugin loaded (not started): where a session takes it from. */
export async function hostKernelWithVenue(): Promise<{ kernel: Kernel; instruments: InstrumentRegistry }> {
  const kernel = new Kernel({ sdkVersion: SDK_VERSION });
  await kernel.registerDiscovered(discoverPlugins({ search: [], load: ['./plugins/venue-sim'] }, REPO_ROOT));
  const instruments = new InstrumentRegistry();
  instruments.add('demo', [EURUSD]);
  return { kernel, instruments };
}
