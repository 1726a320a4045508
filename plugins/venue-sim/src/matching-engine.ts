import type { BookSide, L3Action, OrderType, Side, TimeInForce } from '@qmo/sdk';
import { BookSideLevels, type PriceLevel } from './book-side.js';
import { CANCEL_CODES, type CancelCode, REJECT_CODES, type RejectCode } from './codes.js';

/**
 * A pure price-time-priority matching engine: one L3 book per instrument, integer ticks and lots,
 * no timers, no clock, no services. Every operation returns what happened, in order; the same
 * operations in the same order give the same results (ids included).
 */

/** An order as the engine takes it: prices in ticks, quantities in lots (safe integers). */
export interface EngineOrder {
  orderId: string;
  account: string;
  side: Side;
  type: OrderType;
  /** Total quantity, lots. */
  quantity: number;
  /** Limit price (limit, stop-limit), ticks. */
  price?: number;
  /** Trigger price (stop, stop-limit), ticks. */
  stopPrice?: number;
  timeInForce: TimeInForce;
  /** GTD: the order expires at `expire(now)` with now ≥ expireAt (epoch ms). */
  expireAt?: number;
  /** Iceberg: lots shown; the rest is hidden and refills the shown part. */
  displayQuantity?: number;
  postOnly?: boolean;
}

/** Changes of a replace: quantity is the new total quantity (filled included). */
export interface EngineReplace {
  quantity?: number;
  price?: number;
  stopPrice?: number;
}

export type EngineEvent =
  | { type: 'accepted'; orderId: string; account: string }
  | { type: 'rejected'; orderId: string; account: string; code: RejectCode; text: string }
  | {
      type: 'fill';
      orderId: string;
      account: string;
      side: Side;
      /** The resting (maker) order's price, ticks. */
      price: number;
      quantity: number;
      liquidity: 'maker' | 'taker';
      executionId: string;
      matchId: string;
      cumQuantity: number;
      leavesQuantity: number;
    }
  | {
      type: 'trade';
      matchId: string;
      price: number;
      quantity: number;
      aggressor: Side;
      takerOrderId: string;
      makerOrderId: string;
    }
  | { type: 'canceled'; orderId: string; account: string; code: CancelCode; text: string }
  | {
      type: 'replaced';
      orderId: string;
      account: string;
      quantity: number;
      price?: number;
      stopPrice?: number;
      leavesQuantity: number;
    }
  | { type: 'replaceRejected'; orderId: string; account?: string; code: RejectCode; text: string }
  | { type: 'cancelRejected'; orderId: string; account?: string; code: RejectCode; text: string }
  /** A stop's trigger was crossed: it now works as a market (stop) or limit (stop-limit) order. */
  | { type: 'triggered'; orderId: string; account: string; lastPrice: number }
  | { type: 'expired'; orderId: string; account: string };

/**
 * An order-by-order change of the visible book. `size` is what remains shown after the change
 * (0 for delete); for `execute` it is the size executed — an order whose shown size reaches 0 by
 * executions leaves the book without a `delete` (an iceberg then comes back with an `add`, at the
 * back of its price's queue).
 */
export interface BookChange {
  action: L3Action;
  orderId: string;
  side: BookSide;
  price: number;
  size: number;
}

export interface TopOfBook {
  bid: number | null;
  bidSize: number;
  ask: number | null;
  askSize: number;
}

export interface EngineResult {
  events: EngineEvent[];
  book: BookChange[];
  top: TopOfBook;
}

export type OrderStatus = 'held' | 'resting' | 'filled' | 'canceled' | 'expired';

/** A working order as the engine sees it. */
export interface OrderView {
  orderId: string;
  account: string;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  quantity: number;
  filled: number;
  leaves: number;
  price: number | null;
  stopPrice: number | null;
  displayQuantity: number | null;
  /** Shown on the book (0 while a stop is held). */
  visible: number;
  postOnly: boolean;
  expireAt: number | null;
  status: OrderStatus;
  /** Time priority: larger is younger. */
  priority: number;
}

export interface L3Order {
  orderId: string;
  side: BookSide;
  price: number;
  size: number;
}

/** The visible book order by order, each side best first and oldest first within a price. */
export interface L3Book {
  bids: L3Order[];
  asks: L3Order[];
}

export interface L2LevelSteps {
  price: number;
  size: number;
  orders: number;
}

export interface MatchingEngineOptions {
  /** Prefix of execution and match ids (e.g. the venue and session), so ids stay unique across restarts. */
  idPrefix?: string;
  /** How many ended orders each book remembers, to answer "too late" rather than "unknown" (default 10 000). */
  rememberEnded?: number;
}

interface Rec {
  orderId: string;
  account: string;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  quantity: number;
  filled: number;
  /** Limit price, or 0 for market (and unused). */
  price: number;
  limit: number | null;
  stopPrice: number | null;
  display: number | null;
  visible: number;
  postOnly: boolean;
  expireAt: number | null;
  status: OrderStatus;
  /** After a stop triggers it works as market (null limit) or limit. */
  triggered: boolean;
  priority: number;
  level: PriceLevel<Rec> | null;
  prev: Rec | null;
  next: Rec | null;
}

interface Run {
  events: EngineEvent[];
  book: BookChange[];
  /** Lowest and highest trade price of this operation, for stop triggers. */
  low: number | null;
  high: number | null;
}

/** Shared, deterministic id sequences of one engine. */
export class IdSequence {
  private executions = 0;
  private matches = 0;
  constructor(private readonly prefix = '') {}
  execution(): string {
    return `${this.prefix}X${++this.executions}`;
  }
  match(): string {
    return `${this.prefix}M${++this.matches}`;
  }
}

const bookSide = (side: Side): BookSide => (side === 'buy' ? 'bid' : 'ask');
const isPositiveInt = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
const leaves = (o: Rec): number => o.quantity - o.filled;
const isStop = (type: OrderType): boolean => type === 'stop' || type === 'stop-limit';
const hasLimit = (type: OrderType): boolean => type === 'limit' || type === 'stop-limit';

/** The L3 order book of one instrument. */
export class OrderBook {
  private readonly bids = new BookSideLevels<Rec>('bid');
  private readonly asks = new BookSideLevels<Rec>('ask');
  /** Working orders: resting and held stops, in arrival order. */
  private readonly working = new Map<string, Rec>();
  /** Held stops in arrival order. */
  private readonly stops: Rec[] = [];
  /** Ended order ids → how they ended (bounded). */
  private readonly ended = new Map<string, OrderStatus>();
  private clock = 0;
  private last: number | null = null;

  constructor(
    readonly instrument: string,
    private readonly ids: IdSequence = new IdSequence(),
    private readonly rememberEnded = 10_000,
  ) {}

  /** Last trade price (ticks): this book's last match, or the last market trade reported. */
  get lastPrice(): number | null {
    return this.last;
  }

  submit(order: EngineOrder): EngineResult {
    const run = newRun();
    this.accept(order, run);
    return this.finish(run);
  }

  cancel(orderId: string): EngineResult {
    const run = newRun();
    const rec = this.working.get(orderId);
    if (!rec) {
      const ended = this.ended.get(orderId);
      run.events.push({
        type: 'cancelRejected',
        orderId,
        ...(ended ? { code: REJECT_CODES.TOO_LATE_TO_CANCEL, text: `order is ${ended}` } : unknown(orderId)),
      });
      return this.finish(run);
    }
    this.end(rec, 'canceled', run, CANCEL_CODES.CANCELED, 'canceled on request');
    return this.finish(run);
  }

  replace(orderId: string, changes: EngineReplace): EngineResult {
    const run = newRun();
    this.modify(orderId, changes, run);
    return this.finish(run);
  }

  /** A trade elsewhere (the reference market): moves the last price and triggers stops. */
  marketTrade(price: number): EngineResult {
    const run = newRun();
    if (isPositiveInt(price)) {
      this.last = price;
      run.low = price;
      run.high = price;
    }
    return this.finish(run);
  }

  /** Expires the working orders whose `expireAt` ≤ now. */
  expire(now: number): EngineResult {
    const run = newRun();
    for (const rec of [...this.working.values()]) {
      if (rec.expireAt !== null && rec.expireAt <= now) this.end(rec, 'expired', run);
    }
    return this.finish(run);
  }

  /** Working order ids of an account, arrival order. */
  ordersOf(account: string): string[] {
    return [...this.working.values()].filter((o) => o.account === account).map((o) => o.orderId);
  }

  order(orderId: string): OrderView | undefined {
    const o = this.working.get(orderId);
    if (!o) return undefined;
    return {
      orderId: o.orderId,
      account: o.account,
      side: o.side,
      type: o.type,
      timeInForce: o.timeInForce,
      quantity: o.quantity,
      filled: o.filled,
      leaves: leaves(o),
      price: hasLimit(o.type) ? o.price : null,
      stopPrice: o.stopPrice,
      displayQuantity: o.display,
      visible: o.status === 'resting' ? o.visible : 0,
      postOnly: o.postOnly,
      expireAt: o.expireAt,
      status: o.status,
      priority: o.priority,
    };
  }

  /** How an order that is no longer working ended, while the book remembers it. */
  endedAs(orderId: string): OrderStatus | undefined {
    return this.ended.get(orderId);
  }

  top(): TopOfBook {
    const bid = this.bids.best();
    const ask = this.asks.best();
    return {
      bid: bid?.price ?? null,
      bidSize: bid?.size ?? 0,
      ask: ask?.price ?? null,
      askSize: ask?.size ?? 0,
    };
  }

  l3(): L3Book {
    const side = (levels: BookSideLevels<Rec>): L3Order[] => {
      const out: L3Order[] = [];
      for (const level of levels.levels())
        for (const o of level.orders())
          out.push({ orderId: o.orderId, side: levels.side, price: o.price, size: o.visible });
      return out;
    };
    return { bids: side(this.bids), asks: side(this.asks) };
  }

  /** Aggregated visible depth, best first. */
  levels(side: BookSide, depth = Number.POSITIVE_INFINITY): L2LevelSteps[] {
    const out: L2LevelSteps[] = [];
    for (const level of (side === 'bid' ? this.bids : this.asks).levels()) {
      if (out.length >= depth) break;
      out.push({ price: level.price, size: level.size, orders: level.count });
    }
    return out;
  }

  /** The visible size and order count at one price (0/0 when there is no level). */
  levelAt(side: BookSide, price: number): { size: number; orders: number } {
    const level = (side === 'bid' ? this.bids : this.asks).level(price);
    return level ? { size: level.size, orders: level.count } : { size: 0, orders: 0 };
  }

  // ——— operations ———

  private accept(input: EngineOrder, run: Run): void {
    const problem = validateOrder(input);
    const reject = (code: RejectCode, text: string) =>
      run.events.push({ type: 'rejected', orderId: input.orderId, account: input.account, code, text });
    if (problem) return void reject(problem.code, problem.text);
    if (this.working.has(input.orderId) || this.ended.has(input.orderId)) {
      return void reject(REJECT_CODES.DUPLICATE_ORDER_ID, `order id ${input.orderId} is already used`);
    }
    const rec: Rec = {
      orderId: input.orderId,
      account: input.account,
      side: input.side,
      type: input.type,
      timeInForce: input.timeInForce,
      quantity: input.quantity,
      filled: 0,
      price: hasLimit(input.type) ? input.price! : 0,
      limit: hasLimit(input.type) ? input.price! : null,
      stopPrice: isStop(input.type) ? input.stopPrice! : null,
      display: input.displayQuantity ?? null,
      visible: 0,
      postOnly: input.postOnly === true,
      expireAt: input.timeInForce === 'GTD' ? input.expireAt! : null,
      status: 'held',
      triggered: false,
      priority: 0,
      level: null,
      prev: null,
      next: null,
    };
    if (isStop(rec.type)) {
      run.events.push({ type: 'accepted', orderId: rec.orderId, account: rec.account });
      this.working.set(rec.orderId, rec);
      this.stops.push(rec);
      rec.priority = ++this.clock;
      if (this.last !== null && stopCrossed(rec, this.last, this.last)) this.trigger(rec, run);
      return;
    }
    if (rec.postOnly && this.wouldCross(rec.side, rec.limit)) {
      return void reject(REJECT_CODES.POST_ONLY_WOULD_CROSS, 'post-only order would take liquidity');
    }
    if (rec.limit === null && this.fillable(rec, null, 1) === 0) {
      return void reject(REJECT_CODES.NO_LIQUIDITY, 'no liquidity for a market order');
    }
    run.events.push({ type: 'accepted', orderId: rec.orderId, account: rec.account });
    this.working.set(rec.orderId, rec);
    this.execute(rec, run);
  }

  /** Runs an accepted (or triggered) order against the book, then rests, cancels or ends it. */
  private execute(rec: Rec, run: Run): void {
    if (rec.timeInForce === 'FOK' && this.fillable(rec, rec.limit, leaves(rec)) < leaves(rec)) {
      return void this.end(
        rec,
        'canceled',
        run,
        CANCEL_CODES.FOK_UNFILLABLE,
        'FOK order cannot be filled completely',
      );
    }
    this.match(rec, rec.limit, run);
    if (leaves(rec) === 0) return void this.end(rec, 'filled', run);
    if (rec.limit === null) {
      return void this.end(
        rec,
        'canceled',
        run,
        CANCEL_CODES.MARKET_UNFILLED,
        'no more liquidity for the market order',
      );
    }
    if (rec.timeInForce === 'IOC' || rec.timeInForce === 'FOK') {
      return void this.end(rec, 'canceled', run, CANCEL_CODES.IOC_UNFILLED, 'unfilled rest of an IOC order');
    }
    this.rest(rec, run);
  }

  private modify(orderId: string, changes: EngineReplace, run: Run): void {
    const rec = this.working.get(orderId);
    const reject = (code: RejectCode, text: string) =>
      run.events.push({
        type: 'replaceRejected',
        orderId,
        ...(rec ? { account: rec.account } : {}),
        code,
        text,
      });
    if (!rec) {
      const ended = this.ended.get(orderId);
      if (ended) return void reject(REJECT_CODES.TOO_LATE_TO_REPLACE, `order is ${ended}`);
      const u = unknown(orderId);
      return void reject(u.code, u.text);
    }
    if (changes.quantity !== undefined) {
      if (!isPositiveInt(changes.quantity))
        return void reject(REJECT_CODES.INVALID_QUANTITY, 'quantity must be a positive number of lots');
      if (changes.quantity <= rec.filled) {
        return void reject(
          REJECT_CODES.INVALID_REPLACE_QUANTITY,
          `quantity ${changes.quantity} is not above the filled ${rec.filled}`,
        );
      }
    }
    if (changes.price !== undefined) {
      if (!hasLimit(rec.type))
        return void reject(REJECT_CODES.INVALID_ORDER, `a ${rec.type} order has no limit price`);
      if (!isPositiveInt(changes.price))
        return void reject(REJECT_CODES.INVALID_PRICE, 'price must be a positive number of ticks');
    }
    if (changes.stopPrice !== undefined) {
      if (rec.status !== 'held')
        return void reject(REJECT_CODES.INVALID_ORDER, 'only a stop not yet triggered has a stop price');
      if (!isPositiveInt(changes.stopPrice))
        return void reject(REJECT_CODES.INVALID_PRICE, 'stop price must be a positive number of ticks');
    }
    const quantity = changes.quantity ?? rec.quantity;
    const price = changes.price ?? rec.price;
    const replaced = () =>
      run.events.push({
        type: 'replaced',
        orderId,
        account: rec.account,
        quantity: rec.quantity,
        ...(rec.limit !== null ? { price: rec.price } : {}),
        ...(rec.stopPrice !== null ? { stopPrice: rec.stopPrice } : {}),
        leavesQuantity: leaves(rec),
      });

    if (rec.status === 'held') {
      rec.quantity = quantity;
      if (rec.limit !== null) rec.limit = rec.price = price;
      if (changes.stopPrice !== undefined) rec.stopPrice = changes.stopPrice;
      replaced();
      if (this.last !== null && stopCrossed(rec, this.last, this.last)) this.trigger(rec, run);
      return;
    }

    const side = bookSide(rec.side);
    const priceChanged = price !== rec.price;
    if (priceChanged && rec.postOnly && this.wouldCross(rec.side, price)) {
      return void reject(
        REJECT_CODES.POST_ONLY_WOULD_CROSS,
        'post-only order would take liquidity at the new price',
      );
    }
    if (!priceChanged && quantity <= rec.quantity) {
      // A decrease (or nothing) keeps the order's place in the queue.
      rec.quantity = quantity;
      const visible = Math.min(rec.visible, leaves(rec));
      if (visible !== rec.visible) {
        rec.visible = visible;
        run.book.push({ action: 'modify', orderId, side, price: rec.price, size: visible });
      }
      replaced();
      return;
    }
    // A new price or a larger quantity: the order leaves its place and goes to the back.
    this.sideOf(rec.side).remove(rec);
    run.book.push({ action: 'delete', orderId, side, price: rec.price, size: 0 });
    rec.quantity = quantity;
    rec.price = price;
    rec.limit = price;
    replaced();
    if (priceChanged) this.match(rec, price, run);
    if (leaves(rec) === 0) this.end(rec, 'filled', run);
    else this.rest(rec, run);
  }

  private trigger(rec: Rec, run: Run): void {
    this.stops.splice(this.stops.indexOf(rec), 1);
    rec.triggered = true;
    run.events.push({ type: 'triggered', orderId: rec.orderId, account: rec.account, lastPrice: this.last! });
    if (rec.limit === null) {
      if (this.fillable(rec, null, 1) === 0) {
        return void this.end(
          rec,
          'canceled',
          run,
          CANCEL_CODES.NO_LIQUIDITY,
          'stop triggered with no liquidity',
        );
      }
    } else if (rec.postOnly && this.wouldCross(rec.side, rec.limit)) {
      return void this.end(
        rec,
        'canceled',
        run,
        CANCEL_CODES.POST_ONLY_WOULD_CROSS,
        'triggered post-only order would take liquidity',
      );
    }
    this.execute(rec, run);
  }

  // ——— matching ———

  private match(taker: Rec, limit: number | null, run: Run): void {
    const opposite = this.sideOf(taker.side === 'buy' ? 'sell' : 'buy');
    const makerSide = opposite.side;
    while (leaves(taker) > 0) {
      const level = opposite.best();
      if (!level || (limit !== null && !crosses(taker.side, limit, level.price))) break;
      const maker = level.head!;
      if (maker.account === taker.account) {
        this.end(
          maker,
          'canceled',
          run,
          CANCEL_CODES.SELF_TRADE_PREVENTED,
          `would have traded with ${taker.orderId} of the same account`,
        );
        continue;
      }
      const quantity = Math.min(leaves(taker), maker.visible);
      const price = maker.price;
      const matchId = this.ids.match();
      taker.filled += quantity;
      maker.filled += quantity;
      maker.visible -= quantity;
      run.events.push(fill(taker, price, quantity, 'taker', this.ids.execution(), matchId));
      run.events.push(fill(maker, price, quantity, 'maker', this.ids.execution(), matchId));
      run.events.push({
        type: 'trade',
        matchId,
        price,
        quantity,
        aggressor: taker.side,
        takerOrderId: taker.orderId,
        makerOrderId: maker.orderId,
      });
      run.book.push({ action: 'execute', orderId: maker.orderId, side: makerSide, price, size: quantity });
      this.last = price;
      run.low = run.low === null ? price : Math.min(run.low, price);
      run.high = run.high === null ? price : Math.max(run.high, price);
      if (maker.visible === 0) {
        opposite.remove(maker);
        if (leaves(maker) > 0) {
          // Iceberg: the next slice is shown at the back of the queue at this price.
          maker.visible = Math.min(maker.display ?? leaves(maker), leaves(maker));
          maker.priority = ++this.clock;
          opposite.append(maker);
          run.book.push({
            action: 'add',
            orderId: maker.orderId,
            side: makerSide,
            price,
            size: maker.visible,
          });
        } else {
          this.end(maker, 'filled', run);
        }
      }
    }
  }

  private rest(rec: Rec, run: Run): void {
    rec.status = 'resting';
    rec.visible = Math.min(rec.display ?? leaves(rec), leaves(rec));
    rec.priority = ++this.clock;
    this.sideOf(rec.side).append(rec);
    run.book.push({
      action: 'add',
      orderId: rec.orderId,
      side: bookSide(rec.side),
      price: rec.price,
      size: rec.visible,
    });
  }

  /** Ends a working order: off the book (with a `delete` when it still shows size), remembered as ended. */
  private end(
    rec: Rec,
    status: 'filled' | 'canceled' | 'expired',
    run: Run,
    code?: CancelCode,
    text?: string,
  ): void {
    if (rec.level) {
      this.sideOf(rec.side).remove(rec);
      run.book.push({
        action: 'delete',
        orderId: rec.orderId,
        side: bookSide(rec.side),
        price: rec.price,
        size: 0,
      });
    }
    if (rec.status === 'held' && !rec.triggered) {
      const at = this.stops.indexOf(rec);
      if (at >= 0) this.stops.splice(at, 1);
    }
    rec.status = status;
    rec.visible = 0;
    this.working.delete(rec.orderId);
    this.ended.set(rec.orderId, status);
    if (this.ended.size > this.rememberEnded) this.ended.delete(this.ended.keys().next().value!);
    if (status === 'canceled') {
      run.events.push({
        type: 'canceled',
        orderId: rec.orderId,
        account: rec.account,
        code: code!,
        text: text!,
      });
    } else if (status === 'expired') {
      run.events.push({ type: 'expired', orderId: rec.orderId, account: rec.account });
    }
  }

  private finish(run: Run): EngineResult {
    // Stops trigger on the trade prices of this operation, in arrival order, until none is left to trigger.
    for (;;) {
      const low = run.low;
      const high = run.high;
      if (low === null || high === null) break;
      const hit = this.stops.find((s) => stopCrossed(s, low, high));
      if (!hit) break;
      this.trigger(hit, run);
    }
    return { events: run.events, book: run.book, top: this.top() };
  }

  private sideOf(side: Side): BookSideLevels<Rec> {
    return side === 'buy' ? this.bids : this.asks;
  }

  private wouldCross(side: Side, limit: number | null): boolean {
    const best = this.sideOf(side === 'buy' ? 'sell' : 'buy').best();
    return best !== undefined && (limit === null || crosses(side, limit, best.price));
  }

  /** Lots the order could take (other accounts' orders at crossing prices), counted up to `needed`. */
  private fillable(rec: Rec, limit: number | null, needed: number): number {
    let total = 0;
    for (const level of this.sideOf(rec.side === 'buy' ? 'sell' : 'buy').levels()) {
      if (limit !== null && !crosses(rec.side, limit, level.price)) break;
      for (const o of level.orders()) {
        if (o.account !== rec.account) total += leaves(o);
        if (total >= needed) return total;
      }
    }
    return total;
  }
}

/**
 * Books of many instruments sharing one id sequence. Operations on an instrument never seen
 * start its (empty) book.
 */
export class MatchingEngine {
  private readonly books = new Map<string, OrderBook>();
  private readonly ids: IdSequence;
  private readonly rememberEnded: number;

  constructor(options: MatchingEngineOptions = {}) {
    this.ids = new IdSequence(options.idPrefix ?? '');
    this.rememberEnded = options.rememberEnded ?? 10_000;
  }

  book(instrument: string): OrderBook {
    let book = this.books.get(instrument);
    if (!book) {
      book = new OrderBook(instrument, this.ids, this.rememberEnded);
      this.books.set(instrument, book);
    }
    return book;
  }

  instruments(): string[] {
    return [...this.books.keys()];
  }

  submit(instrument: string, order: EngineOrder): EngineResult {
    return this.book(instrument).submit(order);
  }
  cancel(instrument: string, orderId: string): EngineResult {
    return this.book(instrument).cancel(orderId);
  }
  replace(instrument: string, orderId: string, changes: EngineReplace): EngineResult {
    return this.book(instrument).replace(orderId, changes);
  }
  marketTrade(instrument: string, price: number): EngineResult {
    return this.book(instrument).marketTrade(price);
  }
}

function newRun(): Run {
  return { events: [], book: [], low: null, high: null };
}

function unknown(orderId: string): { code: RejectCode; text: string } {
  return { code: REJECT_CODES.UNKNOWN_ORDER, text: `unknown order ${orderId}` };
}

function crosses(side: Side, limit: number, restingPrice: number): boolean {
  return side === 'buy' ? restingPrice <= limit : restingPrice >= limit;
}

/** A buy stop triggers when a trade reaches its stop from below, a sell stop from above. */
function stopCrossed(stop: Rec, low: number, high: number): boolean {
  return stop.side === 'buy' ? high >= stop.stopPrice! : low <= stop.stopPrice!;
}

function fill(
  o: Rec,
  price: number,
  quantity: number,
  liquidity: 'maker' | 'taker',
  executionId: string,
  matchId: string,
): EngineEvent {
  return {
    type: 'fill',
    orderId: o.orderId,
    account: o.account,
    side: o.side,
    price,
    quantity,
    liquidity,
    executionId,
    matchId,
    cumQuantity: o.filled,
    leavesQuantity: leaves(o),
  };
}

/** The first problem of an order's fields, or null. */
export function validateOrder(o: EngineOrder): { code: RejectCode; text: string } | null {
  if (!isPositiveInt(o.quantity))
    return { code: REJECT_CODES.INVALID_QUANTITY, text: 'quantity must be a positive number of lots' };
  if (hasLimit(o.type) && !isPositiveInt(o.price)) {
    return { code: REJECT_CODES.INVALID_PRICE, text: `a ${o.type} order needs a positive limit price` };
  }
  if (isStop(o.type) && !isPositiveInt(o.stopPrice)) {
    return { code: REJECT_CODES.INVALID_PRICE, text: `a ${o.type} order needs a positive stop price` };
  }
  if (o.displayQuantity !== undefined) {
    if (!hasLimit(o.type))
      return { code: REJECT_CODES.INVALID_ORDER, text: 'only limit orders can be icebergs' };
    if (!isPositiveInt(o.displayQuantity) || o.displayQuantity > o.quantity) {
      return {
        code: REJECT_CODES.INVALID_QUANTITY,
        text: 'display quantity must be positive and at most the quantity',
      };
    }
  }
  if (o.postOnly) {
    if (!hasLimit(o.type))
      return { code: REJECT_CODES.INVALID_ORDER, text: 'only limit orders can be post-only' };
    if (o.timeInForce === 'IOC' || o.timeInForce === 'FOK') {
      return { code: REJECT_CODES.INVALID_ORDER, text: `a post-only order cannot be ${o.timeInForce}` };
    }
  }
  if (o.timeInForce === 'GTD' && !(typeof o.expireAt === 'number' && Number.isFinite(o.expireAt))) {
    return { code: REJECT_CODES.INVALID_EXPIRY, text: 'a GTD order needs expireAt' };
  }
  return null;
}
