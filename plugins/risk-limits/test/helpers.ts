import {
  type Account,
  type Decimal,
  dec,
  decimal,
  type Instrument,
  type InstrumentId,
  type Money,
  type Order,
  type OrderRequest,
  type Position,
  type Price,
  type RiskCheckInput,
  type RiskRule,
  type RiskVerdict,
} from '@qmo/sdk';

const ZERO = '0' as Decimal;

export const NOW = Date.UTC(2026, 10, 24, 14, 30, 0);

/** E-mini S&P 500, December 2026: $50 per index point, quarter-point ticks. */
export const ESZ6: Instrument = {
  id: 'ESZ6',
  assetClass: 'future',
  symbol: 'ESZ6',
  description: 'E-mini S&P 500 Dec 2026',
  tickSize: '0.25' as Decimal,
  lotSize: '1' as Decimal,
  pricePrecision: 2,
  currency: 'USD',
  multiplier: '50' as Decimal,
  venueSymbols: { sim: 'ESZ6', cme: 'ESZ6' },
  timeZone: 'America/Chicago',
  underlying: 'ES',
  expiry: '2026-12-18',
  contractMonth: 'Z6',
};

export const EURUSD: Instrument = {
  id: 'EURUSD',
  assetClass: 'fx',
  symbol: 'EUR/USD',
  tickSize: '0.00001' as Decimal,
  lotSize: '1000' as Decimal,
  minQuantity: '1000' as Decimal,
  pricePrecision: 5,
  currency: 'USD',
  multiplier: '1' as Decimal,
  venueSymbols: { sim: 'EUR/USD' },
  baseCurrency: 'EUR',
};

export const BTCUSD: Instrument = {
  id: 'BTC-USD',
  assetClass: 'crypto',
  symbol: 'BTC/USD',
  tickSize: '0.01' as Decimal,
  lotSize: '0.00001' as Decimal,
  pricePrecision: 2,
  currency: 'USD',
  multiplier: '1' as Decimal,
  venueSymbols: { sim: 'BTC-USD' },
  baseCurrency: 'BTC',
};

export const INSTRUMENTS: Readonly<Record<InstrumentId, Instrument>> = {
  ESZ6,
  EURUSD,
  'BTC-USD': BTCUSD,
};

export const MARKS: Readonly<Record<InstrumentId, Price>> = {
  ESZ6: '6000' as Price,
  EURUSD: '1.085' as Price,
  'BTC-USD': '65000' as Price,
};

export const ACCOUNT: Account = {
  id: 'ACC-1',
  name: 'Index futures A',
  desk: 'DESK-MACRO',
  currency: 'USD',
  startingEquity: '1000000' as Money,
  tradingState: 'ACTIVE',
};

/** A realistic default order per instrument: a day limit buy at the mark. */
const DEFAULT_QUANTITY: Record<InstrumentId, string> = { ESZ6: '1', EURUSD: '100000', 'BTC-USD': '0.5' };

export function position(
  instrument: InstrumentId,
  quantity: string,
  extra: Partial<Position> = {},
): Position {
  return {
    account: ACCOUNT.id,
    instrument,
    quantity: quantity as Decimal,
    avgPrice: (MARKS[instrument] ?? null) as Price | null,
    realizedPnl: '0' as Money,
    unrealizedPnl: '0' as Money,
    fees: '0' as Money,
    ...extra,
  };
}

let orderSeq = 0;

/** Decimal fields of orders, written as plain strings in fixtures. */
type DecimalKeys =
  | 'quantity'
  | 'limitPrice'
  | 'stopPrice'
  | 'displayQuantity'
  | 'cumQuantity'
  | 'leavesQuantity';
type Plain<T> = Omit<T, DecimalKeys> & { [K in DecimalKeys & keyof T]?: string | undefined };

export type OrderFields = Partial<Plain<OrderRequest>>;
export type WorkingOrderFields = Partial<Plain<Order>> &
  Pick<Order, 'instrument' | 'side'> & { quantity: string };

/** A working order of the account (state New, nothing filled unless told). */
export function workingOrder(fields: WorkingOrderFields): Order {
  orderSeq += 1;
  const quantity = fields.quantity as Decimal;
  const order: Order = {
    clientOrderId: `c-${orderSeq}`,
    account: ACCOUNT.id,
    type: 'limit',
    limitPrice: MARKS[fields.instrument],
    timeInForce: 'DAY',
    orderId: `o-${orderSeq}`,
    venue: 'sim',
    state: 'New',
    cumQuantity: '0' as Decimal,
    leavesQuantity: quantity,
    avgPrice: null,
    submittedBy: 'trader-1',
    createdAt: NOW - 60_000,
    updatedAt: NOW - 60_000,
    instrument: fields.instrument,
    side: fields.side,
    quantity,
  };
  return { ...order, ...(fields as Partial<Order>) };
}

export interface InputOptions {
  instrument?: InstrumentId;
  /** Fields of the order request; the rest is a day limit buy at the mark. */
  order?: OrderFields;
  action?: 'new' | 'replace';
  /** The account's positions: [instrument, signed quantity] or full positions. */
  positions?: readonly ([InstrumentId, string] | Position)[];
  marks?: Readonly<Record<InstrumentId, string>>;
  /** Defaults to the mark of the order's instrument. */
  referencePrice?: string | null;
  workingOrders?: readonly Order[];
  pnl?: { realized?: string; unrealized?: string; fees?: string };
  /** Defaults to startingEquity + realised + unrealised − fees. */
  equity?: string;
  now?: number;
  recentOrderTimes?: readonly number[];
}

/** A RiskCheckInput as the engine builds it, with `limits` still unset (see `run`). */
export function makeInput(options: InputOptions = {}): RiskCheckInput<unknown> {
  const instrumentId = options.instrument ?? 'ESZ6';
  const instrument = INSTRUMENTS[instrumentId];
  if (!instrument) throw new Error(`test helper: unknown instrument ${instrumentId}`);
  const marks = (options.marks ?? MARKS) as Record<InstrumentId, Price>;
  const positions = (options.positions ?? []).map((p) =>
    Array.isArray(p) ? position(p[0], p[1]) : (p as Position),
  );
  const mine = positions.filter((p) => p.instrument === instrumentId);
  const aggregate =
    mine.length === 0
      ? null
      : position(
          instrumentId,
          mine.reduce((sum, p) => decimal.add(sum, p.quantity), ZERO),
        );
  const realized = options.pnl?.realized ?? '0';
  const unrealized = options.pnl?.unrealized ?? '0';
  const fees = options.pnl?.fees ?? '0';
  const reference =
    options.referencePrice === undefined ? (marks[instrumentId] ?? null) : options.referencePrice;
  const request: OrderRequest = {
    clientOrderId: 'c-new',
    account: ACCOUNT.id,
    instrument: instrumentId,
    side: 'buy',
    type: 'limit',
    quantity: (DEFAULT_QUANTITY[instrumentId] ?? '1') as Decimal,
    limitPrice: (reference ?? undefined) as Price | undefined,
    timeInForce: 'DAY',
    ...(options.order as Partial<OrderRequest>),
  };
  if (request.type === 'market' || request.type === 'stop') delete request.limitPrice;
  return {
    account: ACCOUNT,
    positions,
    marks,
    instruments: INSTRUMENTS,
    pnl: { realized: realized as Money, unrealized: unrealized as Money, fees: fees as Money },
    equity: dec(
      options.equity ??
        decimal.sub(
          decimal.add(decimal.add(ACCOUNT.startingEquity, dec(realized)), dec(unrealized)),
          dec(fees),
        ),
    ),
    now: options.now ?? NOW,
    request,
    action: options.action ?? 'new',
    instrument,
    position: aggregate,
    workingOrders: options.workingOrders ?? [],
    referencePrice: reference as Price | null,
    limits: undefined,
    recentOrderTimes: options.recentOrderTimes ?? [],
  };
}

/** Runs a rule as the engine does: the stored limits parsed by the rule's schema, then `check`. */
export function run<L>(rule: RiskRule<L>, limits: unknown, input: RiskCheckInput<unknown>): RiskVerdict {
  return rule.check({ ...input, limits: rule.limits.parse(limits) });
}

/** Freezes an object graph, so a rule that writes to its input throws. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<string | symbol, unknown>)[key]);
  }
  return value;
}
