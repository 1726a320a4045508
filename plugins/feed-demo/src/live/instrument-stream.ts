import type { Aggressor, L2Level, MarketDataMessage, Quote } from '@qmo/sdk';
import type { InstrumentMarket } from '../instrument-market.js';
import { MINUTE_MS } from '../price-path.js';
import { hashSeed, Prng } from '../random.js';
import { type BookSideLevels, diffBooks, levelPrices, type SimBook } from './book.js';

const CHANNEL_LIVE = 0x11fe;
/** Share of the gap to the historical path closed on each tick, so live data stays near history. */
const REVERSION = 0.1;
/** Chance that a level keeps its size on a tick: lower at the top of book, which moves most. */
const TOP_REFRESH = 0.5;
const DEPTH_REFRESH = 0.15;

export interface StreamSettings {
  source: string;
  seed: number;
  depth: number;
  tickIntervalMs: number;
}

/**
 * Live market of one instrument: starts on the deterministic path at the time it opens, then
 * random-walks tick by tick, pulled back toward the path, with an L2 book, quotes and trades.
 */
export class InstrumentStream {
  private readonly prng: Prng;
  private readonly stepVolatility: number;
  private mid: number;
  private book: SimBook = { bids: new Map(), asks: new Map() };
  private seq = 0;
  private trades = 0;

  constructor(
    private readonly market: InstrumentMarket,
    private readonly settings: StreamSettings,
    private readonly openedAt: number,
  ) {
    this.prng = new Prng(hashSeed(settings.seed, market.key, CHANNEL_LIVE, openedAt));
    this.stepVolatility = market.path.minuteVolatility * Math.sqrt(settings.tickIntervalMs / MINUTE_MS);
    this.mid = market.path.levelAt(openedAt);
  }

  /** The first messages: a full book snapshot and a quote. */
  open(): MarketDataMessage[] {
    const now = this.openedAt;
    this.book = this.nextBook();
    const { instrument, source } = this.base();
    const level = ([price, size]: [number, number]): L2Level => ({
      price: this.market.price(price),
      size: this.market.size(size),
    });
    return [
      {
        type: 'l2.snapshot',
        instrument,
        source,
        ts: now,
        seq: ++this.seq,
        bids: [...this.book.bids].map(level),
        asks: [...this.book.asks].map(level),
      },
      this.quote(now),
    ];
  }

  /** One tick: the book's changes (when there are any), a quote and sometimes a trade. */
  tick(now: number): MarketDataMessage[] {
    const before = this.mid;
    const target = this.market.path.levelAt(now);
    this.mid += REVERSION * (target - this.mid) + this.stepVolatility * target * this.prng.normal();
    const previous = this.book;
    this.book = this.nextBook();
    const { instrument, source } = this.base();
    const messages: MarketDataMessage[] = [];
    const changes = diffBooks(previous, this.book);
    if (changes.length > 0) {
      messages.push({
        type: 'l2.delta',
        instrument,
        source,
        ts: now,
        seq: ++this.seq,
        changes: changes.map((c) => ({
          side: c.side,
          price: this.market.price(c.price),
          size: this.market.size(c.size),
        })),
      });
    }
    messages.push(this.quote(now));
    if (this.prng.chance(this.market.model.tradeProbability)) {
      const aggressor: Aggressor =
        this.mid > before ? 'buy' : this.mid < before ? 'sell' : this.prng.chance(0.5) ? 'buy' : 'sell';
      const [price, available] = top(aggressor === 'buy' ? this.book.asks : this.book.bids);
      const wanted = 1 + Math.floor(this.market.model.tradeLots * (0.2 + 1.6 * this.prng.next()));
      messages.push({
        type: 'trade',
        instrument,
        source,
        ts: now,
        price: this.market.price(price),
        size: this.market.size(Math.min(available, wanted)),
        aggressor,
        tradeId: `${this.openedAt.toString(36)}-${++this.trades}`,
      });
    }
    return messages;
  }

  private base(): { instrument: string; source: string } {
    return { instrument: this.market.instrument.id, source: this.settings.source };
  }

  private quote(now: number): Quote {
    const [bid, bidSize] = top(this.book.bids);
    const [ask, askSize] = top(this.book.asks);
    return {
      type: 'quote',
      ...this.base(),
      ts: now,
      bid: this.market.price(bid),
      bidSize: this.market.size(bidSize),
      ask: this.market.price(ask),
      askSize: this.market.size(askSize),
    };
  }

  private nextBook(): SimBook {
    const { spreadTicks, levelStepTicks } = this.market.model;
    const widening = this.prng.chance(0.2) ? 1 + this.prng.int(spreadTicks) : 0;
    const spread = spreadTicks + widening;
    const bestBid = Math.max(1, Math.floor(this.mid - spread / 2));
    const bestAsk = bestBid + spread;
    const depth = this.settings.depth;
    return {
      bids: this.levels(this.book.bids, levelPrices('bid', bestBid, levelStepTicks, depth)),
      asks: this.levels(this.book.asks, levelPrices('ask', bestAsk, levelStepTicks, depth)),
    };
  }

  private levels(previous: BookSideLevels, prices: number[]): BookSideLevels {
    const levels: BookSideLevels = new Map();
    prices.forEach((price, k) => {
      const old = previous.get(price);
      const refresh = k === 0 ? TOP_REFRESH : DEPTH_REFRESH;
      if (old !== undefined && !this.prng.chance(refresh)) {
        levels.set(price, old);
      } else {
        const size = this.market.model.levelLots * (0.3 + 1.4 * this.prng.next()) * (1 + 0.15 * k);
        levels.set(price, Math.max(1, Math.round(size)));
      }
    });
    return levels;
  }
}

function top(side: BookSideLevels): [number, number] {
  const first = side.entries().next();
  if (first.done) throw new Error('empty book side');
  return first.value;
}
