import { mulberry32 } from './random.mjs';

/**
 * A seeded stream of matching-engine commands in the mix of exchange-core's throughput tests
 * (82 % price moves, 9 % new GTC limit orders, 6 % cancels, 3 % IOC limit orders), keeping about
 * `targetOrders` resting orders over about 750 price levels.
 *
 * The generator runs its own small price-time book (below) so that every move and cancel names an
 * order that is resting at that point, as exchange-core's generator does; the engines under test
 * are never consulted. Prices are integer ticks around CENTER, sizes integer lots.
 */

export const OP = Object.freeze({ GTC: 0, IOC: 1, MOVE: 2, CANCEL: 3 });
export const OP_NAMES = ['gtc', 'ioc', 'move', 'cancel'];
const BUY = 0;
const SELL = 1;
export const SIDE_NAMES = ['buy', 'sell'];

export const CENTER = 100_000;
/** Passive orders rest 1..RANGE ticks from CENTER on their side. */
const RANGE = 800;
/** A price move shifts an order by 1..MOVE_MAX ticks (reflected inside its side's range). */
const MOVE_MAX = 8;

/** The reference book: FIFO queues per price, best price lookup through sorted arrays. */
class ModelBook {
  constructor() {
    this.orders = new Map();
    this.levels = [new Map(), new Map()];
    /** Prices per side, best first (bids descending, asks ascending). */
    this.prices = [[], []];
    this.live = [];
    this.liveIndex = new Map();
    this.trades = 0;
  }

  get size() {
    return this.orders.size;
  }

  get levelCount() {
    return this.prices[BUY].length + this.prices[SELL].length;
  }

  better(side, a, b) {
    return side === BUY ? a > b : a < b;
  }

  indexOf(side, price) {
    const prices = this.prices[side];
    let lo = 0;
    let hi = prices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.better(side, prices[mid], price)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  rest(o) {
    const levels = this.levels[o.side];
    let queue = levels.get(o.price);
    if (!queue) {
      queue = [];
      levels.set(o.price, queue);
      this.prices[o.side].splice(this.indexOf(o.side, o.price), 0, o.price);
    }
    queue.push(o);
    this.orders.set(o.id, o);
    this.liveIndex.set(o.id, this.live.length);
    this.live.push(o.id);
  }

  remove(o) {
    const queue = this.levels[o.side].get(o.price);
    queue.splice(queue.indexOf(o), 1);
    if (queue.length === 0) {
      this.levels[o.side].delete(o.price);
      this.prices[o.side].splice(this.indexOf(o.side, o.price), 1);
    }
    this.orders.delete(o.id);
    const at = this.liveIndex.get(o.id);
    const last = this.live.pop();
    if (last !== o.id) {
      this.live[at] = last;
      this.liveIndex.set(last, at);
    }
    this.liveIndex.delete(o.id);
  }

  /** Matches `o` against the other side up to its limit; returns the lots left. */
  match(o) {
    const other = 1 - o.side;
    while (o.size > 0) {
      const best = this.prices[other][0];
      if (best === undefined || (o.side === BUY ? best > o.price : best < o.price)) break;
      const maker = this.levels[other].get(best)[0];
      const q = Math.min(o.size, maker.size);
      o.size -= q;
      maker.size -= q;
      this.trades++;
      if (maker.size === 0) this.remove(maker);
    }
    return o.size;
  }

  place(o, ioc) {
    if (this.match(o) > 0 && !ioc) this.rest(o);
  }

  move(o, price) {
    this.remove(o);
    o.price = price;
    if (this.match(o) > 0) this.rest(o);
  }

  best(side) {
    return this.prices[side][0];
  }
}

/** Offset of a price from CENTER on a side's own direction (positive = passive). */
const offsetOf = (side, price) => (side === BUY ? CENTER - price : price - CENTER);
const priceAt = (side, offset) => (side === BUY ? CENTER - offset : CENTER + offset);

/**
 * `{ prefill, commands, stats }`: `prefill` places `targetOrders` passive GTC orders (an empty book
 * filled, not timed); `commands` is the measured stream. Each command is
 * `{ op, id, side, price, size }` (move: id + price; cancel: id).
 */
export function generateOrderStream({ count, targetOrders = 1_000, seed = 20_250_101 }) {
  const rnd = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const book = new ModelBook();
  let nextId = 1;
  const newOrder = (side, price, size) => ({ id: `o${nextId++}`, side, price, size });

  const prefill = [];
  while (book.size < targetOrders) {
    const side = rnd() < 0.5 ? BUY : SELL;
    const o = newOrder(side, priceAt(side, int(1, RANGE)), int(1, 100));
    prefill.push({ op: OP.GTC, id: o.id, side, price: o.price, size: o.size });
    book.place({ ...o }, false);
  }

  const commands = new Array(count);
  const counts = [0, 0, 0, 0];
  let sumOrders = 0;
  let sumLevels = 0;
  const tradesBefore = book.trades;
  for (let i = 0; i < count; i++) {
    const r = rnd();
    const crowded = book.size > targetOrders;
    let cmd;
    if (r < 0.82 && book.size > 0) {
      // Price move: most shift an order a few ticks within its side; a few chase the other side's best.
      const o = book.orders.get(book.live[Math.floor(rnd() * book.live.length)]);
      let price;
      if (rnd() < (crowded ? 0.012 : 0.004)) {
        const best = book.best(1 - o.side);
        price =
          best === undefined ? priceAt(o.side, 1) : o.side === BUY ? best + int(0, 2) : best - int(0, 2);
      } else {
        let offset = offsetOf(o.side, o.price) + (rnd() < 0.5 ? -1 : 1) * int(1, MOVE_MAX);
        if (offset < 1) offset = 2 - offset;
        if (offset > RANGE) offset = 2 * RANGE - offset;
        price = priceAt(o.side, offset);
        if (price === o.price) price += o.side === BUY ? -1 : 1;
      }
      cmd = { op: OP.MOVE, id: o.id, side: o.side, price, size: 0 };
      book.move(o, price);
    } else if (r < 0.91 || (r < 0.97 && book.size === 0)) {
      const side = rnd() < 0.5 ? BUY : SELL;
      const aggressive = rnd() < (crowded ? 0.25 : 0.05);
      const price = aggressive ? priceAt(side, -int(0, 4)) : priceAt(side, int(1, RANGE));
      const o = newOrder(side, price, int(1, 100));
      cmd = { op: OP.GTC, id: o.id, side, price, size: o.size };
      book.place({ ...o }, false);
    } else if (r < 0.97) {
      const o = book.orders.get(book.live[Math.floor(rnd() * book.live.length)]);
      cmd = { op: OP.CANCEL, id: o.id, side: o.side, price: o.price, size: 0 };
      book.remove(o);
    } else {
      const side = rnd() < 0.5 ? BUY : SELL;
      const o = newOrder(side, priceAt(side, -int(0, 8)), int(1, 150));
      cmd = { op: OP.IOC, id: o.id, side, price: o.price, size: o.size };
      book.place({ ...o }, true);
    }
    counts[cmd.op]++;
    commands[i] = cmd;
    sumOrders += book.size;
    sumLevels += book.levelCount;
  }
  return {
    prefill,
    commands,
    stats: {
      count,
      mix: Object.fromEntries(OP_NAMES.map((name, op) => [name, counts[op] / count])),
      meanRestingOrders: sumOrders / count,
      meanPriceLevels: sumLevels / count,
      finalRestingOrders: book.size,
      finalPriceLevels: book.levelCount,
      finalVolume: [...book.orders.values()].reduce((s, o) => s + o.size, 0),
      trades: book.trades - tradesBefore,
    },
  };
}
