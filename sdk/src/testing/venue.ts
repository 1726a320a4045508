import { type Decimal, dec } from '../domain/decimal.js';
import type {
  EquityInstrument,
  FutureInstrument,
  FxInstrument,
  Instrument,
  InstrumentId,
} from '../domain/instrument.js';
import type { Bar, L2Level, MarketDataMessage, Quote, Timeframe, Timestamp } from '../domain/marketdata.js';
import type { Execution, Order } from '../domain/order.js';
import { type Disposable, toDisposable } from '../plugin/disposable.js';
import type { VenueEvents } from '../plugin/kinds/venue.js';
import type { InstrumentDirectory, MarketDataReader } from '../plugin/services.js';

/** One call a venue made on its `VenueEvents`: the method name, then its arguments. */
export type VenueEventCall = {
  [K in keyof VenueEvents]: [K, ...Parameters<VenueEvents[K]>];
}[keyof VenueEvents];

/** VenueEvents that records every call, in order, for assertions on what a venue reported. */
export class RecordingVenueEvents implements VenueEvents {
  readonly calls: VenueEventCall[] = [];

  accepted(orderId: string, venueOrderId: string): void {
    this.calls.push(['accepted', orderId, venueOrderId]);
  }
  rejected(orderId: string, reason: { code: string; text: string }): void {
    this.calls.push(['rejected', orderId, reason]);
  }
  executed(execution: Execution): void {
    this.calls.push(['executed', execution]);
  }
  canceled(orderId: string, reason?: string): void {
    this.calls.push(['canceled', orderId, reason]);
  }
  replaced(orderId: string, changes: Parameters<VenueEvents['replaced']>[1]): void {
    this.calls.push(['replaced', orderId, changes]);
  }
  cancelRejected(orderId: string, reason: { code: string; text: string }): void {
    this.calls.push(['cancelRejected', orderId, reason]);
  }
  expired(orderId: string): void {
    this.calls.push(['expired', orderId]);
  }
  connection(state: 'connected' | 'disconnected', detail?: string): void {
    this.calls.push(['connection', state, detail]);
  }

  /** The executions reported, in order. */
  get executions(): Execution[] {
    return this.of('executed').map(([execution]) => execution);
  }
  /** The arguments of every call of one kind, in order: `of('accepted')` → `[[orderId, venueOrderId], …]`. */
  of<K extends keyof VenueEvents>(kind: K): Parameters<VenueEvents[K]>[] {
    return this.calls
      .filter((c) => c[0] === kind)
      .map((c) => c.slice(1) as unknown as Parameters<VenueEvents[K]>);
  }
  /** The order events: every call but connection changes. */
  get orderCalls(): VenueEventCall[] {
    return this.calls.filter((c) => c[0] !== 'connection');
  }
  /** Forgets what was recorded (after connecting, say). */
  clear(): void {
    this.calls.length = 0;
  }
}

/** An InstrumentDirectory over a fixed list, as `services.instruments` gives a plugin. */
export class StaticInstrumentDirectory implements InstrumentDirectory {
  private readonly byId = new Map<InstrumentId, Instrument>();

  constructor(instruments: readonly Instrument[] = []) {
    for (const instrument of instruments) {
      if (this.byId.has(instrument.id)) throw new Error(`instrument "${instrument.id}" is listed twice`);
      this.byId.set(instrument.id, instrument);
    }
  }
  get(id: InstrumentId): Instrument | undefined {
    return this.byId.get(id);
  }
  /** Sorted by id, like the host's directory. */
  list(): Instrument[] {
    return [...this.byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  }
}

/**
 * Instruments to build fixtures from: an equity, a future and an FX pair, with the demo feed's
 * symbols. Spread one to change what the test needs (`{ ...testInstruments.AAPL, venueSymbols }`).
 */
export const testInstruments: {
  readonly AAPL: EquityInstrument;
  readonly ESZ6: FutureInstrument;
  readonly EURUSD: FxInstrument;
} = {
  AAPL: {
    id: 'AAPL',
    assetClass: 'equity',
    symbol: 'AAPL',
    currency: 'USD',
    tickSize: dec('0.01'),
    lotSize: dec('1'),
    pricePrecision: 2,
    multiplier: dec('1'),
    venueSymbols: { demo: 'AAPL' },
  },
  ESZ6: {
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
    venueSymbols: { demo: 'ESZ6' },
  },
  EURUSD: {
    id: 'EURUSD',
    assetClass: 'fx',
    symbol: 'EUR/USD',
    baseCurrency: 'EUR',
    currency: 'USD',
    tickSize: dec('0.00001'),
    lotSize: dec('1000'),
    pricePrecision: 5,
    multiplier: dec('1'),
    venueSymbols: { demo: 'EUR/USD' },
  },
};

/** A MarketDataReader the test drives: `emit` delivers a message to the instrument's subscribers. */
export class FakeMarketDataReader implements MarketDataReader {
  readonly handlers = new Map<InstrumentId, Set<(message: MarketDataMessage) => void>>();
  readonly quotes = new Map<InstrumentId, Quote>();
  /** Stored bars `bars()` answers from, per instrument and timeframe (`${instrument}:${tf}`). */
  readonly storedBars = new Map<string, Bar[]>();
  private seq = 0;

  /** @param source the source `activeSource` names and `book`/`trade` publish as. */
  constructor(readonly source = 'demo') {}

  subscribe(instrument: InstrumentId, handler: (message: MarketDataMessage) => void): Disposable {
    const set = this.handlers.get(instrument) ?? new Set();
    set.add(handler);
    this.handlers.set(instrument, set);
    return toDisposable(() => void set.delete(handler));
  }
  lastQuote(instrument: InstrumentId): Quote | null {
    return this.quotes.get(instrument) ?? null;
  }
  activeSource(_instrument: InstrumentId): string | null {
    return this.source;
  }
  async bars(
    instrument: InstrumentId,
    tf: Timeframe,
    range: { from: Timestamp; to: Timestamp },
  ): Promise<Bar[]> {
    return (this.storedBars.get(`${instrument}:${tf}`) ?? []).filter(
      (b) => b.ts >= range.from && b.ts < range.to,
    );
  }
  /** Handlers subscribed now, over every instrument (a leak check after a plugin stops). */
  get subscribers(): number {
    let n = 0;
    for (const set of this.handlers.values()) n += set.size;
    return n;
  }

  /** Delivers a message to its instrument's subscribers (a quote also becomes `lastQuote`). */
  emit(message: MarketDataMessage): void {
    if (message.type === 'quote') this.quotes.set(message.instrument, message);
    for (const handler of [...(this.handlers.get(message.instrument) ?? [])]) handler(message);
  }

  /** An L2 snapshot ([price, size] pairs, best first) followed by the matching top-of-book quote. */
  book(
    instrument: InstrumentId,
    bids: readonly [string, string][],
    asks: readonly [string, string][],
    source = this.source,
  ): void {
    const level = ([price, size]: readonly [string, string]): L2Level => ({
      price: dec(price),
      size: dec(size),
    });
    this.emit({
      type: 'l2.snapshot',
      instrument,
      source,
      ts: 0,
      seq: ++this.seq,
      bids: bids.map(level),
      asks: asks.map(level),
    });
    const [bid] = bids;
    const [ask] = asks;
    this.emit({
      type: 'quote',
      instrument,
      source,
      ts: 0,
      bid: bid ? dec(bid[0]) : null,
      bidSize: bid ? dec(bid[1]) : null,
      ask: ask ? dec(ask[0]) : null,
      askSize: ask ? dec(ask[1]) : null,
    });
  }

  /** A trade print (aggressor: buy). */
  trade(instrument: InstrumentId, price: string, size = '1', source = this.source): void {
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

/** Order fields as tests write them: decimals as plain strings; `side` and `quantity` required. */
export type TestOrderFields = {
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

/**
 * Makes orders as the host sends them to a venue: numbered `ord-1`, `cl-1`, … (per factory), a
 * limit GTC order for AAPL on account ACC1, nothing filled, unless `defaults` or the fields say
 * otherwise. Decimal fields may be written as strings.
 */
export function testOrderFactory(
  defaults: Partial<Omit<Order, 'side' | 'quantity'>> = {},
): (fields: TestOrderFields) => Order {
  let seq = 0;
  return (input) => {
    const n = ++seq;
    const fields: Record<string, unknown> = { ...input };
    for (const key of DECIMAL_FIELDS) {
      const value = fields[key];
      if (typeof value === 'string') fields[key] = dec(value);
    }
    return {
      orderId: `ord-${n}`,
      clientOrderId: `cl-${n}`,
      account: 'ACC1',
      instrument: 'AAPL',
      type: 'limit',
      timeInForce: 'GTC',
      venue: 'test',
      state: 'New',
      cumQuantity: dec('0'),
      leavesQuantity: dec(input.quantity),
      avgPrice: null,
      submittedBy: 'trader-1',
      createdAt: 0,
      updatedAt: 0,
      ...defaults,
      ...(fields as Partial<Order>),
    } as Order;
  };
}
