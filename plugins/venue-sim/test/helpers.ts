import { readFileSync } from 'node:fs';
import {
  type Decimal,
  type Disposable,
  dec,
  type Execution,
  extensionPoints,
  type Instrument,
  type InstrumentDirectory,
  type L2Level,
  type MarketDataFeed,
  type MarketDataMessage,
  type MarketDataReader,
  type Order,
  type OrderChanges,
  type PluginPackageJson,
  type Quote,
  readManifest,
  services,
  toDisposable,
  type VenueAdapter,
  type VenueEvents,
} from '@qmo/sdk';
import { FakeClock, startTestPlugin, type TestHost } from '@qmo/sdk/testing';
import plugin, { type VenueSimConfigInput } from '../src/index.js';

export const START = Date.UTC(2026, 0, 5, 9, 0, 0);

export function packageJson(): PluginPackageJson {
  return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as PluginPackageJson;
}

export function manifest() {
  const result = readManifest(packageJson());
  if (!result.ok) throw new Error(`invalid manifest: ${JSON.stringify(result.issues)}`);
  return result.manifest;
}

export const AAPL: Instrument = {
  id: 'AAPL',
  assetClass: 'equity',
  symbol: 'AAPL',
  currency: 'USD',
  tickSize: dec('0.01'),
  lotSize: dec('1'),
  minQuantity: dec('1'),
  pricePrecision: 2,
  multiplier: dec('1'),
  venueSymbols: { demo: 'AAPL', sim: 'AAPL' },
};
export const ESZ6: Instrument = {
  id: 'ESZ6',
  assetClass: 'future',
  symbol: 'ES Dec26',
  underlying: 'SPX',
  expiry: '2026-12-18',
  currency: 'USD',
  tickSize: dec('0.25'),
  lotSize: dec('1'),
  pricePrecision: 2,
  multiplier: dec('50'),
  venueSymbols: { demo: 'ESZ6', sim: 'ESZ6' },
};
export const EURUSD: Instrument = {
  id: 'EURUSD',
  assetClass: 'fx',
  symbol: 'EUR/USD',
  baseCurrency: 'EUR',
  currency: 'USD',
  tickSize: dec('0.00001'),
  lotSize: dec('1000'),
  minQuantity: dec('1000'),
  pricePrecision: 5,
  multiplier: dec('1'),
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

export class FakeDirectory implements InstrumentDirectory {
  constructor(readonly instruments: Instrument[] = [AAPL, ESZ6, EURUSD, SPX]) {}
  get(id: string) {
    return this.instruments.find((i) => i.id === id);
  }
  list() {
    return [...this.instruments].sort((a, b) => a.id.localeCompare(b.id));
  }
}

/** A MarketDataReader the test drives: `emit` delivers a message to the instrument's subscribers. */
export class FakeMarketData implements MarketDataReader {
  readonly handlers = new Map<string, Set<(m: MarketDataMessage) => void>>();
  readonly quotes = new Map<string, Quote>();
  private seq = 0;

  subscribe(instrument: string, handler: (m: MarketDataMessage) => void): Disposable {
    const set = this.handlers.get(instrument) ?? new Set();
    set.add(handler);
    this.handlers.set(instrument, set);
    return toDisposable(() => void set.delete(handler));
  }
  lastQuote(instrument: string) {
    return this.quotes.get(instrument) ?? null;
  }
  activeSource() {
    return 'demo';
  }
  async bars() {
    return [];
  }
  get subscribers(): number {
    let n = 0;
    for (const set of this.handlers.values()) n += set.size;
    return n;
  }

  emit(message: MarketDataMessage): void {
    if (message.type === 'quote') this.quotes.set(message.instrument, message);
    for (const handler of this.handlers.get(message.instrument) ?? []) handler(message);
  }

  /** An L2 snapshot of the reference market ([price, size] pairs, best first) and the matching quote. */
  book(instrument: string, bids: [string, string][], asks: [string, string][], source = 'demo'): void {
    const level = ([price, size]: [string, string]): L2Level => ({ price: dec(price), size: dec(size) });
    this.emit({
      type: 'l2.snapshot',
      instrument,
      source,
      ts: 0,
      seq: ++this.seq,
      bids: bids.map(level),
      asks: asks.map(level),
    });
    this.emit({
      type: 'quote',
      instrument,
      source,
      ts: 0,
      bid: bids[0] ? dec(bids[0][0]) : null,
      bidSize: bids[0] ? dec(bids[0][1]) : null,
      ask: asks[0] ? dec(asks[0][0]) : null,
      askSize: asks[0] ? dec(asks[0][1]) : null,
    });
  }

  trade(instrument: string, price: string, size = '1', source = 'demo'): void {
    this.emit({
      type: 'trade',
      instrument,
      source,
      ts: 0,
      price: dec(price),
      size: dec(size),
      aggressor: 'buy',
    });
  }
}

export type Report = [keyof VenueEvents, ...unknown[]];

/** VenueEvents that records every call, in order. */
export class RecordingEvents implements VenueEvents {
  readonly calls: Report[] = [];
  accepted(orderId: string, venueOrderId: string) {
    this.calls.push(['accepted', orderId, venueOrderId]);
  }
  rejected(orderId: string, reason: { code: string; text: string }) {
    this.calls.push(['rejected', orderId, reason]);
  }
  executed(execution: Execution) {
    this.calls.push(['executed', execution]);
  }
  canceled(orderId: string, reason?: string) {
    this.calls.push(['canceled', orderId, reason]);
  }
  replaced(orderId: string, changes: OrderChanges) {
    this.calls.push(['replaced', orderId, changes]);
  }
  cancelRejected(orderId: string, reason: { code: string; text: string }) {
    this.calls.push(['cancelRejected', orderId, reason]);
  }
  expired(orderId: string) {
    this.calls.push(['expired', orderId]);
  }
  connection(state: 'connected' | 'disconnected', detail?: string) {
    this.calls.push(['connection', state, detail]);
  }
  get executions(): Execution[] {
    return this.calls.filter((c) => c[0] === 'executed').map((c) => c[1] as Execution);
  }
  of(kind: keyof VenueEvents): unknown[][] {
    return this.calls.filter((c) => c[0] === kind).map((c) => c.slice(1));
  }
  clear(): void {
    this.calls.length = 0;
  }
}

/** Order fields with plain strings for decimals, as tests write them. */
export type OrderFields = {
  [K in keyof Order]?: Order[K] extends Decimal
    ? string
    : Order[K] extends Decimal | undefined
      ? string | undefined
      : Order[K];
} & { side: Order['side']; quantity: string };

const DECIMAL_FIELDS = [
  'quantity',
  'limitPrice',
  'stopPrice',
  'displayQuantity',
  'cumQuantity',
  'leavesQuantity',
] as const;

let orderSeq = 0;
/** An order as the host sends it (New, nothing filled). */
export function makeOrder(input: OrderFields): Order {
  const n = ++orderSeq;
  const fields = { ...input } as Record<string, unknown>;
  for (const key of DECIMAL_FIELDS)
    if (typeof fields[key] === 'string') fields[key] = dec(fields[key] as string);
  return {
    orderId: `ord-${n}`,
    clientOrderId: `cl-${n}`,
    account: 'ACC1',
    instrument: 'AAPL',
    type: 'limit',
    timeInForce: 'GTC',
    venue: 'sim',
    state: 'New',
    cumQuantity: '0' as Decimal,
    leavesQuantity: dec(input.quantity),
    avgPrice: null,
    submittedBy: 'trader-1',
    createdAt: START,
    updatedAt: START,
    ...(fields as Partial<Order>),
  } as Order;
}

export interface VenueFixture {
  host: TestHost<unknown>;
  clock: FakeClock;
  adapter: VenueAdapter;
  feed: MarketDataFeed;
  events: RecordingEvents;
  marketData: FakeMarketData;
  directory: FakeDirectory;
}

/** The plugin started as the host starts it (manifest capabilities, validated config), connected. */
export async function startVenue(
  config: VenueSimConfigInput = {},
  options: { marketData?: FakeMarketData | null; directory?: FakeDirectory; connect?: boolean } = {},
): Promise<VenueFixture> {
  const clock = new FakeClock(START);
  const marketData = options.marketData === undefined ? new FakeMarketData() : options.marketData;
  const directory = options.directory ?? new FakeDirectory();
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
  const events = new RecordingEvents();
  if (options.connect !== false) await adapter.connect(events);
  events.clear();
  return { host, clock, adapter, feed, events, marketData: marketData ?? new FakeMarketData(), directory };
}

/** The usual reference book for AAPL: 229.99/230.01, two levels a side. */
export function aaplBook(md: FakeMarketData): void {
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
