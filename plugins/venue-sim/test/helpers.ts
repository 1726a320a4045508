import {
  dec,
  extensionPoints,
  type Instrument,
  type MarketDataFeed,
  type PluginManifest,
  type PluginPackageJson,
  services,
  type VenueAdapter,
} from '@qmo/sdk';
import {
  FakeClock,
  FakeMarketDataReader,
  RecordingVenueEvents,
  readPluginPackage,
  StaticInstrumentDirectory,
  startTestPlugin,
  type TestHost,
  testInstruments,
  testOrderFactory,
} from '@qmo/sdk/testing';
import plugin, { type VenueSimConfigInput } from '../src/index.js';

export const START = Date.UTC(2026, 0, 5, 9, 0, 0);

const PACKAGE_JSON = new URL('../package.json', import.meta.url);

export function packageJson(): PluginPackageJson {
  return readPluginPackage(PACKAGE_JSON).packageJson;
}

export function manifest(): PluginManifest {
  return readPluginPackage(PACKAGE_JSON).manifest;
}

export const AAPL: Instrument = {
  ...testInstruments.AAPL,
  minQuantity: dec('1'),
  venueSymbols: { demo: 'AAPL', sim: 'AAPL' },
};
export const ESZ6: Instrument = { ...testInstruments.ESZ6, venueSymbols: { demo: 'ESZ6', sim: 'ESZ6' } };
export const EURUSD: Instrument = {
  ...testInstruments.EURUSD,
  minQuantity: dec('1000'),
  venueSymbols: { demo: 'EUR/USD', sim: 'EURUSD' },
};
/** Known to the host but not listed at the venue. */
export const SPX: Instrument = {
  id: 'SPX',
  assetClass: 'index',
  symbol: 'SPX',
  currency: 'USD',
  tickSize: dec('0.01'),
  lotSize: dec('1'),
  pricePrecision: 2,
  multiplier: dec('1'),
  venueSymbols: { demo: 'SPX' },
};

/** The instruments the host knows in these tests. */
export const INSTRUMENTS: readonly Instrument[] = [AAPL, ESZ6, EURUSD, SPX];

/** An order as the host sends it (New, nothing filled). */
export const makeOrder = testOrderFactory({ venue: 'sim', state: 'New', createdAt: START, updatedAt: START });

export interface VenueFixture {
  host: TestHost<unknown>;
  clock: FakeClock;
  adapter: VenueAdapter;
  feed: MarketDataFeed;
  events: RecordingVenueEvents;
  marketData: FakeMarketDataReader;
  directory: StaticInstrumentDirectory;
}

/** The plugin started as the host starts it (manifest capabilities, validated config), connected. */
export async function startVenue(
  config: VenueSimConfigInput = {},
  options: {
    marketData?: FakeMarketDataReader | null;
    directory?: StaticInstrumentDirectory;
    connect?: boolean;
  } = {},
): Promise<VenueFixture> {
  const clock = new FakeClock(START);
  const marketData = options.marketData === undefined ? new FakeMarketDataReader() : options.marketData;
  const directory = options.directory ?? new StaticInstrumentDirectory(INSTRUMENTS);
  const m = manifest();
  const host = (await startTestPlugin({
    plugin,
    id: m.id,
    version: m.version,
    capabilities: m.capabilities,
    config,
    clock,
    services: [
      [services.instruments, directory],
      ...(marketData ? [[services.marketData, marketData] as const] : []),
    ] as never,
  })) as TestHost<unknown>;
  const [adapter] = host.contributions(extensionPoints.venues);
  const [feed] = host.contributions(extensionPoints.feeds);
  if (!adapter || !feed) throw new Error('the plugin did not register a venue and a feed');
  const events = new RecordingVenueEvents();
  if (options.connect !== false) await adapter.connect(events);
  events.clear();
  return {
    host,
    clock,
    adapter,
    feed,
    events,
    marketData: marketData ?? new FakeMarketDataReader(),
    directory,
  };
}

/** The usual reference book for AAPL: 229.99/230.01, two levels a side. */
export function aaplBook(md: FakeMarketDataReader): void {
  md.book(
    'AAPL',
    [
      ['229.99', '100'],
      ['229.98', '200'],
    ],
    [
      ['230.01', '100'],
      ['230.02', '200'],
    ],
  );
}
