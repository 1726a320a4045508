import { readFileSync } from 'node:fs';
import {
  type Decimal,
  dec,
  type Execution,
  type Instrument,
  type InstrumentDirectory,
  type Order,
  type OrderChanges,
  type PluginPackageJson,
  readManifest,
  type VenueEvents,
} from '@qmo/sdk';

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
  pricePrecision: 2,
  multiplier: dec('1'),
  venueSymbols: { demo: 'AAPL' },
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
  venueSymbols: { demo: 'ESZ6', lmax: 'ESZ26' },
};
export const EURUSD: Instrument = {
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
};

export class FakeDirectory implements InstrumentDirectory {
  constructor(readonly instruments: Instrument[] = [AAPL, ESZ6, EURUSD]) {}
  get(id: string) {
    return this.instruments.find((i) => i.id === id);
  }
  list() {
    return [...this.instruments].sort((a, b) => a.id.localeCompare(b.id));
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
  /** The order events (everything but connection changes). */
  get orderCalls(): Report[] {
    return this.calls.filter((c) => c[0] !== 'connection');
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

const DECIMAL_FIELDS = ['quantity', 'limitPrice', 'stopPrice', 'displayQuantity', 'cumQuantity'] as const;

let orderSeq = 0;
/** An order as the engine sends it (New, nothing filled). */
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
    venue: 'fix',
    state: 'PendingNew',
    cumQuantity: dec('0'),
    leavesQuantity: dec(input.quantity),
    avgPrice: null,
    submittedBy: 'trader-1',
    createdAt: START,
    updatedAt: START,
    ...(fields as Partial<Order>),
  } as Order;
}
