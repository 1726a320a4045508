import {
  type Clock,
  type Disposable,
  DisposedError,
  dec,
  decimal,
  type Execution,
  errorMessage,
  type FeedSink,
  type Instrument,
  type InstrumentDirectory,
  type InstrumentId,
  isDecimal,
  type Logger,
  type MarketDataFeed,
  type MarketDataMessage,
  type MarketDataReader,
  type Order,
  type OrderChanges,
  type PluginTimers,
  toDisposable,
  UnknownInstrumentError,
  type VenueAdapter,
  type VenueEvents,
} from '@qmo/sdk';
import { BookPublisher } from './book-publisher.js';
import { REJECT_CODES, type RejectCode } from './codes.js';
import type { VenueSimConfig } from './config.js';
import { feeOf } from './fees.js';
import { lotsOf, priceOf, quantityOf, ticksOf, toEngineOrder, toEngineReplace } from './instrument-grid.js';
import { LatencyQueue } from './latency-queue.js';
import { type EngineEvent, type EngineResult, MatchingEngine, type OrderBook } from './matching-engine.js';
import { ReferenceBook } from './reference-book.js';

/** The account of the venue's own (house) liquidity. Its orders are never reported as client activity. */
export const HOUSE_ACCOUNT = '__house__';

export interface SimVenueOptions {
  config: VenueSimConfig;
  clock: Pick<Clock, 'now'>;
  /** The plugin's timers (`context.timers`), so the host releases them when the plugin stops. */
  timers: PluginTimers;
  instruments: InstrumentDirectory;
  /** The reference market the house liquidity mirrors; without it the book holds client orders only. */
  marketData?: MarketDataReader | null;
  logger?: Logger;
}

/** The simulated exchange: a venue adapter, the feed of its own book, and the engine behind both. */
export interface SimVenue extends Disposable {
  readonly adapter: VenueAdapter;
  readonly feed: MarketDataFeed;
  readonly engine: MatchingEngine;
  /** What the refresh timer does: picks up instruments, expires GTD orders, re-mirrors house liquidity. */
  refresh(): void;
  dispose(): void;
}

type ClientStatus = 'working' | 'filled' | 'canceled' | 'expired' | 'rejected' | 'replaced';

/** A client order as the venue knows it. `orderId` follows the host's replacement orders. */
interface ClientOrder {
  orderId: string;
  venueOrderId: string;
  order: Order;
  instrument: Instrument | undefined;
  status: ClientStatus;
  reject?: { code: string; text: string };
  cancelReason?: string;
  /** Executions reported, so a restore can send again what the host missed. */
  executions: Execution[];
  /** Lots filled before the venue (re)adopted the order: engine quantity = order quantity − offset. */
  offset: number;
  /** Being re-adopted by `restore`: an engine refusal ends the order as canceled, not rejected. */
  restoring?: boolean;
}

interface Market {
  instrument: Instrument;
  book: OrderBook;
  reference: ReferenceBook;
  /** House order per level: price (ticks) → engine order id, per side. */
  house: { bid: Map<number, string>; ask: Map<number, string> };
  subscription: Disposable | null;
}

const silent: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silent,
};

export function createSimVenue(options: SimVenueOptions): SimVenue {
  return new SimVenueImpl(options);
}

class SimVenueImpl implements SimVenue {
  readonly engine: MatchingEngine;
  readonly adapter: VenueAdapter;
  readonly feed: MarketDataFeed;
  private readonly config: VenueSimConfig;
  private readonly clock: Pick<Clock, 'now'>;
  private readonly directory: InstrumentDirectory;
  private readonly marketData: MarketDataReader | null;
  private readonly logger: Logger;
  private readonly prefix: string;
  private readonly queue: LatencyQueue;
  private readonly publisher: BookPublisher;
  private readonly refresher: Disposable;
  private readonly markets = new Map<InstrumentId, Market>();
  private readonly byOrderId = new Map<string, ClientOrder>();
  private readonly byVenueId = new Map<string, ClientOrder>();
  private connection: { events: VenueEvents; refs: number } | null = null;
  private readonly outbox: ((events: VenueEvents) => void)[] = [];
  private orderSeq = 0;
  private houseSeq = 0;
  private disposed = false;

  constructor(options: SimVenueOptions) {
    this.config = options.config;
    this.clock = options.clock;
    this.directory = options.instruments;
    this.marketData = options.marketData ?? null;
    this.logger = options.logger ?? silent;
    const venue = this.config.venue;
    // Ids carry the session start, so they stay unique when the venue restarts.
    this.prefix = `${venue}-${this.clock.now().toString(36)}-`;
    this.engine = new MatchingEngine({ idPrefix: this.prefix });
    this.publisher = new BookPublisher(venue, () => this.clock.now());
    this.queue = new LatencyQueue(this.clock, options.timers, this.config.latencyMs, (error) =>
      this.logger.error('venue operation failed', { error: errorMessage(error) }),
    );

    this.adapter = {
      venue,
      instruments: () => this.traded().map(copyInstrument),
      connect: (events) => this.connect(events),
      submit: async (order) => this.enqueue(() => this.handleSubmit({ ...order })),
      cancel: async (order) => this.enqueue(() => this.handleCancel({ ...order })),
      replace: async (order, changes) => this.enqueue(() => this.handleReplace({ ...order }, { ...changes })),
      restore: async (orders) => {
        const copies = orders.map((o) => ({ ...o }));
        this.enqueue(() => {
          for (const order of copies) this.handleRestore(order);
        });
      },
    };
    this.feed = {
      source: venue,
      instruments: () =>
        this.traded().map((i) => {
          const copy = copyInstrument(i);
          copy.venueSymbols[venue] ??= i.id;
          return copy;
        }),
      subscribe: (ids, sink) => this.subscribeFeed(ids, sink),
    };

    this.refresh();
    this.refresher = options.timers.setInterval(() => this.refresh(), this.config.refreshMs);
  }

  refresh(): void {
    if (this.disposed) return;
    for (const instrument of this.traded()) this.followReference(this.market(instrument));
    const now = this.clock.now();
    for (const market of this.markets.values()) {
      try {
        this.expire(market, now);
        this.mirror(market);
      } catch (error) {
        this.logger.error('refresh failed', { instrument: market.instrument.id, error: errorMessage(error) });
      }
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.queue.dispose();
    void this.refresher.dispose();
    for (const market of this.markets.values()) {
      void market.subscription?.dispose();
      market.subscription = null;
    }
    this.connection = null;
  }

  // ——— venue adapter ———

  private connect(events: VenueEvents): Disposable {
    if (this.connection?.events === events) {
      this.connection.refs++;
    } else {
      this.connection = { events, refs: 1 };
      events.connection('connected');
      for (const report of this.outbox.splice(0)) this.report(report);
    }
    const connection = this.connection;
    return toDisposable(() => {
      if (this.connection === connection && --connection.refs === 0) this.connection = null;
    });
  }

  private enqueue(job: () => void): void {
    if (this.disposed) throw new DisposedError(`venue "${this.config.venue}"`);
    this.queue.push(job);
  }

  /** A client order the venue now knows, under a new venue order id. */
  private track(order: Order): ClientOrder {
    const client: ClientOrder = {
      orderId: order.orderId,
      venueOrderId: `${this.prefix}O${++this.orderSeq}`,
      order,
      instrument: this.tradedInstrument(order.instrument),
      status: 'working',
      executions: [],
      offset: 0,
    };
    this.byOrderId.set(client.orderId, client);
    this.byVenueId.set(client.venueOrderId, client);
    return client;
  }

  private handleSubmit(order: Order): void {
    const known = this.byOrderId.get(order.orderId);
    if (known) return void this.reportState(known);
    const replaced = order.replaces === undefined ? undefined : this.byOrderId.get(order.replaces);
    if (replaced) return void this.adopt(replaced, order);

    const client = this.track(order);
    const { instrument } = client;
    if (!instrument) {
      return void this.reject(
        client,
        REJECT_CODES.UNKNOWN_INSTRUMENT,
        `${order.instrument} is not traded at ${this.config.venue}`,
      );
    }
    if (!this.config.marketOpen)
      return void this.reject(client, REJECT_CODES.MARKET_CLOSED, `${this.config.venue} is closed`);
    if (order.account === HOUSE_ACCOUNT) {
      return void this.reject(
        client,
        REJECT_CODES.INVALID_ACCOUNT,
        `account ${HOUSE_ACCOUNT} is reserved by the venue`,
      );
    }
    if (
      order.timeInForce === 'GTD' &&
      !(typeof order.expireAt === 'number' && order.expireAt > this.clock.now())
    ) {
      return void this.reject(
        client,
        REJECT_CODES.INVALID_EXPIRY,
        'a GTD order needs an expireAt in the future',
      );
    }
    const converted = toEngineOrder(order, instrument, client.venueOrderId);
    if (!converted.ok) return void this.reject(client, converted.code, converted.text);
    const market = this.market(instrument);
    this.expire(market, this.clock.now());
    this.apply(market, [market.book.submit(converted.value)]);
  }

  /** A replacement order the host created for an order this venue replaced: same venue order, new id. */
  private adopt(previous: ClientOrder, order: Order): void {
    if (previous.status !== 'working') {
      const client: ClientOrder = {
        orderId: order.orderId,
        venueOrderId: previous.venueOrderId,
        order,
        instrument: previous.instrument,
        status: 'working',
        executions: [],
        offset: 0,
      };
      this.byOrderId.set(order.orderId, client);
      return void this.reject(
        client,
        REJECT_CODES.TOO_LATE_TO_REPLACE,
        `order ${previous.orderId} is ${previous.status}`,
      );
    }
    this.rekey(previous, order);
    this.report((e) => e.accepted(order.orderId, previous.venueOrderId));
  }

  /** From now on the venue order reports under the host's new order id; the old id is retired. */
  private rekey(client: ClientOrder, order: Order): void {
    this.byOrderId.set(client.orderId, { ...client, status: 'replaced' });
    client.orderId = order.orderId;
    client.order = order;
    this.byOrderId.set(order.orderId, client);
  }

  /**
   * The venue order a cancel or replace is about: by order id, else (a host replacement order the
   * venue has not seen yet) by the order it replaces or by its venue order id, while that one works.
   */
  private lookup(order: Order): ClientOrder | undefined {
    const direct = this.byOrderId.get(order.orderId);
    if (direct) return direct;
    const previous =
      (order.replaces !== undefined ? this.byOrderId.get(order.replaces) : undefined) ??
      (order.venueOrderId !== undefined ? this.byVenueId.get(order.venueOrderId) : undefined);
    if (previous?.status !== 'working') return undefined;
    this.rekey(previous, order);
    return previous;
  }

  private handleCancel(order: Order): void {
    const { orderId } = order;
    const client = this.lookup(order);
    if (!client)
      return void this.cancelRejected(orderId, REJECT_CODES.UNKNOWN_ORDER, `unknown order ${orderId}`);
    const market = client.instrument && this.markets.get(client.instrument.id);
    if (market) this.expire(market, this.clock.now());
    if (client.status !== 'working' || !market) {
      return void this.cancelRejected(orderId, REJECT_CODES.TOO_LATE_TO_CANCEL, `order is ${client.status}`);
    }
    this.apply(market, [market.book.cancel(client.venueOrderId)]);
  }

  private handleReplace(order: Order, changes: OrderChanges): void {
    const { orderId } = order;
    const client = this.lookup(order);
    if (!client)
      return void this.cancelRejected(orderId, REJECT_CODES.UNKNOWN_ORDER, `unknown order ${orderId}`);
    const market = client.instrument && this.markets.get(client.instrument.id);
    if (market) this.expire(market, this.clock.now());
    if (client.status !== 'working' || !market) {
      return void this.cancelRejected(orderId, REJECT_CODES.TOO_LATE_TO_REPLACE, `order is ${client.status}`);
    }
    if (!this.config.marketOpen) {
      return void this.cancelRejected(orderId, REJECT_CODES.MARKET_CLOSED, `${this.config.venue} is closed`);
    }
    const converted = toEngineReplace(changes, market.instrument);
    if (!converted.ok) return void this.cancelRejected(orderId, converted.code, converted.text);
    const engineChanges = converted.value;
    if (engineChanges.quantity !== undefined) {
      engineChanges.quantity -= client.offset;
      if (engineChanges.quantity <= 0) {
        return void this.cancelRejected(
          orderId,
          REJECT_CODES.INVALID_REPLACE_QUANTITY,
          `quantity ${changes.quantity} is not above the filled ${quantityOf(market.instrument, client.offset)}`,
        );
      }
    }
    this.apply(market, [market.book.replace(client.venueOrderId, engineChanges)]);
  }

  /**
   * Reconciles one order the host believes is working here: a known order gets the executions the
   * host has not counted and, when it ended, its end; an order the venue lost (it restarted) is
   * adopted again with what is left of it, or ended as canceled/expired when it cannot be.
   */
  private handleRestore(order: Order): void {
    const known = this.lookup(order) ?? this.byOrderId.get(order.orderId);
    if (known) {
      const before = known.instrument ? quantityOf(known.instrument, known.offset) : dec(0);
      const reported = known.executions.reduce((sum, e) => decimal.add(sum, e.quantity), before);
      const hostCum = isDecimal(order.cumQuantity) ? order.cumQuantity : dec(0);
      if (decimal.cmp(reported, hostCum) !== 0) {
        for (const execution of known.executions) this.report((e) => e.executed(execution));
      }
      if (known.status !== 'working' && known.status !== 'filled') this.reportState(known);
      return;
    }
    const client = this.track(order);
    const { instrument } = client;
    const end = (code: string, text: string) => {
      client.status = 'canceled';
      client.cancelReason = `${code}: ${text}`;
      this.report((e) => e.canceled(client.orderId, client.cancelReason));
    };
    if (!instrument) {
      return void end(
        REJECT_CODES.UNKNOWN_INSTRUMENT,
        `${order.instrument} is not traded at ${this.config.venue}`,
      );
    }
    if (
      order.timeInForce === 'GTD' &&
      typeof order.expireAt === 'number' &&
      order.expireAt <= this.clock.now()
    ) {
      client.status = 'expired';
      return void this.report((e) => e.expired(client.orderId));
    }
    const total = lotsOf(instrument, order.quantity);
    const filled = lotsOf(instrument, order.cumQuantity) ?? 0;
    if (total === null || total - filled <= 0) {
      return void end(REJECT_CODES.INVALID_QUANTITY, `nothing left of ${order.quantity} to restore`);
    }
    client.offset = filled;
    const left = total - filled;
    const display = lotsOf(instrument, order.displayQuantity);
    const rest: Order = {
      ...order,
      quantity: quantityOf(instrument, left),
      ...(display !== null && display > left ? { displayQuantity: quantityOf(instrument, left) } : {}),
    };
    const converted = toEngineOrder(rest, instrument, client.venueOrderId, { checkMinimum: false });
    if (!converted.ok) return void end(converted.code, converted.text);
    const market = this.market(instrument);
    client.restoring = true;
    this.apply(market, [market.book.submit(converted.value)]);
    client.restoring = false;
  }

  private reject(client: ClientOrder, code: RejectCode, text: string): void {
    client.status = 'rejected';
    client.reject = { code, text };
    this.report((e) => e.rejected(client.orderId, { code, text }));
  }

  private cancelRejected(orderId: string, code: RejectCode, text: string): void {
    this.report((e) => e.cancelRejected(orderId, { code, text }));
  }

  /** A submit of an order already known: answered with its state, nothing executed. */
  private reportState(client: ClientOrder): void {
    const { orderId } = client;
    switch (client.status) {
      case 'working':
        return void this.report((e) => e.accepted(orderId, client.venueOrderId));
      case 'rejected':
        return void this.report((e) => e.rejected(orderId, client.reject!));
      case 'canceled':
        return void this.report((e) => e.canceled(orderId, client.cancelReason));
      case 'expired':
        return void this.report((e) => e.expired(orderId));
      default:
        this.logger.debug('repeated submit of an ended order', { orderId, status: client.status });
    }
  }

  /** Calls the connected host, or keeps the report until one connects. */
  private report(send: (events: VenueEvents) => void): void {
    const connection = this.connection;
    if (!connection) {
      this.outbox.push(send);
      return;
    }
    try {
      send(connection.events);
    } catch (error) {
      this.logger.error('venue events handler threw', { error: errorMessage(error) });
    }
  }

  // ——— engine results ———

  private apply(market: Market, results: EngineResult[]): void {
    for (const result of results) for (const event of result.events) this.dispatch(market, event);
    this.publisher.publish(market.instrument.id, results);
  }

  private dispatch(market: Market, event: EngineEvent): void {
    if (event.type === 'trade') return;
    const client = this.byVenueId.get(event.orderId);
    if (!client) return; // house liquidity
    const current = client.orderId;
    switch (event.type) {
      case 'accepted':
        return void this.report((e) => e.accepted(current, client.venueOrderId));
      case 'rejected':
        if (client.restoring) {
          client.status = 'canceled';
          client.cancelReason = `${event.code}: ${event.text}`;
          return void this.report((e) => e.canceled(current, client.cancelReason));
        }
        return void this.reject(client, event.code, event.text);
      case 'fill': {
        if (event.leavesQuantity === 0) client.status = 'filled';
        const execution = this.execution(market.instrument, client, event);
        client.executions.push(execution);
        return void this.report((e) => e.executed(execution));
      }
      case 'canceled': {
        client.status = 'canceled';
        const reason = `${event.code}: ${event.text}`;
        client.cancelReason = reason;
        return void this.report((e) => e.canceled(current, reason));
      }
      case 'expired':
        client.status = 'expired';
        return void this.report((e) => e.expired(current));
      case 'replaced': {
        const { instrument } = market;
        const changes: OrderChanges = {
          quantity: quantityOf(instrument, event.quantity + client.offset),
          ...(event.price !== undefined ? { limitPrice: priceOf(instrument, event.price) } : {}),
          ...(event.stopPrice !== undefined ? { stopPrice: priceOf(instrument, event.stopPrice) } : {}),
        };
        return void this.report((e) => e.replaced(current, changes));
      }
      case 'replaceRejected':
      case 'cancelRejected':
        return void this.cancelRejected(current, event.code, event.text);
      case 'triggered':
        this.logger.debug('stop triggered', {
          orderId: current,
          lastPrice: priceOf(market.instrument, event.lastPrice),
        });
        return;
    }
  }

  private execution(
    instrument: Instrument,
    client: ClientOrder,
    fill: Extract<EngineEvent, { type: 'fill' }>,
  ): Execution {
    const price = priceOf(instrument, fill.price);
    const quantity = quantityOf(instrument, fill.quantity);
    const bps = fill.liquidity === 'maker' ? this.config.makerFeeBps : this.config.takerFeeBps;
    return {
      executionId: fill.executionId,
      orderId: client.orderId,
      clientOrderId: client.order.clientOrderId,
      account: client.order.account,
      instrument: instrument.id,
      side: fill.side,
      price,
      quantity,
      fee: feeOf(price, quantity, instrument.multiplier, bps),
      feeCurrency: instrument.currency,
      liquidity: fill.liquidity,
      venue: this.config.venue,
      ts: this.clock.now(),
    };
  }

  private expire(market: Market, now: number): void {
    const result = market.book.expire(now);
    if (result.events.length > 0 || result.book.length > 0) this.apply(market, [result]);
  }

  // ——— instruments and markets ———

  /** Configured instruments, else those with a symbol at this venue, else all. */
  private traded(): Instrument[] {
    const all = this.directory.list();
    const only = this.config.instruments;
    if (only) return all.filter((i) => only.includes(i.id));
    const venue = this.config.venue;
    const listed = all.filter((i) => Object.hasOwn(i.venueSymbols, venue));
    return listed.length > 0 ? listed : all;
  }

  private tradedInstrument(id: InstrumentId): Instrument | undefined {
    return this.traded().find((i) => i.id === id);
  }

  private market(instrument: Instrument): Market {
    let market = this.markets.get(instrument.id);
    if (!market) {
      const book = this.engine.book(instrument.id);
      market = {
        instrument,
        book,
        reference: new ReferenceBook(),
        house: { bid: new Map(), ask: new Map() },
        subscription: null,
      };
      this.markets.set(instrument.id, market);
      this.publisher.track(instrument, book);
    }
    return market;
  }

  private subscribeFeed(ids: readonly InstrumentId[], sink: FeedSink): Disposable {
    const traded = new Map(this.traded().map((i) => [i.id, i]));
    const offered: InstrumentId[] = [];
    for (const id of new Set(ids)) {
      const instrument = traded.get(id);
      if (!instrument) sink.error(id, new UnknownInstrumentError(id));
      else {
        this.followReference(this.market(instrument));
        offered.push(id);
      }
    }
    return toDisposable(this.publisher.subscribe(sink, offered));
  }

  // ——— house liquidity ———

  /** Subscribes to the reference market of an instrument (retried on every refresh until it works). */
  private followReference(market: Market): void {
    if (!this.marketData || market.subscription || this.config.houseDepth === 0 || this.disposed) return;
    const id = market.instrument.id;
    try {
      market.subscription = this.marketData.subscribe(id, (message) => this.onReference(market, message));
    } catch (error) {
      this.logger.debug('reference market not available yet', { instrument: id, error: errorMessage(error) });
      return;
    }
    const quote = this.marketData.lastQuote(id);
    if (quote) this.onReference(market, quote);
  }

  private onReference(market: Market, message: MarketDataMessage): void {
    // The venue's own book may become the instrument's active source: never mirror ourselves.
    if (message.source === this.config.venue || this.disposed) return;
    try {
      if (message.type === 'trade') {
        const ticks = ticksOf(market.instrument, message.price);
        if (ticks !== null && ticks > 0) this.apply(market, [market.book.marketTrade(ticks)]);
        return;
      }
      const first = market.reference.empty && market.house.bid.size + market.house.ask.size === 0;
      if (market.reference.apply(message) && first) this.mirror(market);
    } catch (error) {
      this.logger.error('reference market message failed', {
        instrument: market.instrument.id,
        error: errorMessage(error),
      });
    }
  }

  /**
   * Moves the house orders to the reference book: cancels levels it no longer has, resizes the ones
   * it still has (a decrease keeps priority), then adds new levels best first — an added level that
   * crosses resting client orders trades with them, which is how a passive order fills when the
   * market moves through it.
   */
  private mirror(market: Market): void {
    if (market.reference.source === null) return;
    const { book, instrument } = market;
    const target = market.reference.target(instrument, this.config.houseDepth, this.config.houseSizeFactor);
    const sides = [
      ['bid', market.house.bid, target.bids],
      ['ask', market.house.ask, target.asks],
    ] as const;
    const results: EngineResult[] = [];
    for (const [, house, levels] of sides) {
      for (const [price, id] of [...house]) {
        if (!book.order(id)) house.delete(price);
        else if (!levels.has(price)) {
          results.push(book.cancel(id));
          house.delete(price);
        }
      }
    }
    for (const [, house, levels] of sides) {
      for (const [price, id] of house) {
        const view = book.order(id)!;
        const lots = levels.get(price)!;
        if (view.leaves !== lots) results.push(book.replace(id, { quantity: view.filled + lots }));
      }
    }
    for (const [side, house, levels] of sides) {
      for (const [price, lots] of levels) {
        if (house.has(price)) continue;
        const orderId = `${this.prefix}H${++this.houseSeq}`;
        results.push(
          book.submit({
            orderId,
            account: HOUSE_ACCOUNT,
            side: side === 'bid' ? 'buy' : 'sell',
            type: 'limit',
            price,
            quantity: lots,
            timeInForce: 'GTC',
          }),
        );
        if (book.order(orderId)) house.set(price, orderId);
      }
    }
    if (results.length > 0) this.apply(market, results);
  }
}

function copyInstrument(instrument: Instrument): Instrument {
  return { ...instrument, venueSymbols: { ...instrument.venueSymbols } };
}
