import {
  type Bar,
  type Decimal,
  decimal,
  fromSteps,
  type Instrument,
  type Price,
  type Timestamp,
  type VirtualClock,
} from '@qmo/sdk';
import { onTickGrid, type PathBar, pricePath } from './price-path.js';
import { REPLAY_SOURCE, type ReplayMarketData } from './replay-market-data.js';

/** House size of each replayed level, in lots: deep enough for any practice order. */
const HOUSE_LOTS = 1_000_000_000;

/** The side of the one-tick-wide replay quote that sits at the replay price. */
export type Touch = 'ask' | 'bid';

export interface BarPlayerOptions {
  instrument: Instrument;
  clock: VirtualClock;
  market: ReplayMarketData;
  /** The bar interval, ms. */
  interval: number;
  /** The venue's refresh period on the replay clock: the house book follows one point per period. */
  refreshMs: number;
}

/**
 * Plays revealed bars to a sandboxed venue as its reference market, on the replay clock: each point
 * of a bar's price path at its own instant inside the bar, as a one-level book and a trade.
 */
export class BarPlayer {
  /** The replay price: the last played bar's close (null before the first bar). */
  price: Price | null = null;
  /** The last price of the bars passed so far, played or skipped: where the next bar comes from. */
  private before: Decimal | null = null;
  private touch: Touch = 'bid';
  private bookSeq = 0;
  private barEnd = Number.NEGATIVE_INFINITY;

  constructor(private readonly o: BarPlayerOptions) {}

  /**
   * Plays one bar: first the side the price arrives from, then a trade (stops trigger), then the
   * other side, for each point; the venue's refresh moves the house book to each in turn. `levels`
   * are the working orders' prices, visited on the way; null when nothing works, and then only the
   * close is played (nothing can fill inside the bar, and a long jump costs one point per bar).
   */
  play(bar: Bar, levels: readonly Decimal[] | null): void {
    const { instrument, clock, market, refreshMs: r } = this.o;
    const grid = (p: Decimal) => onTickGrid(p, instrument);
    const path: PathBar = levels
      ? { open: grid(bar.open), high: grid(bar.high), low: grid(bar.low), close: grid(bar.close) }
      : { open: grid(bar.close), high: grid(bar.close), low: grid(bar.close), close: grid(bar.close) };
    const points = pricePath(path, levels ?? [], this.price ?? undefined);
    points.forEach((point, k) => {
      const t = bar.ts + 2 * r * k;
      const first: Touch = point.rising ? 'ask' : 'bid';
      clock.advanceTo(t);
      this.quote(point.price, first, t);
      clock.advanceTo(t + r);
      market.emit({
        type: 'trade',
        instrument: instrument.id,
        source: REPLAY_SOURCE,
        ts: t + r,
        price: point.price,
        size: instrument.lotSize,
        aggressor: 'unknown',
      });
      this.quote(point.price, first === 'ask' ? 'bid' : 'ask', t + r);
      clock.advanceTo(t + 2 * r);
    });
    this.barEnd = bar.ts + this.o.interval - 1;
    this.price = path.close;
    this.before = path.close;
    // Only now may the venue read this bar: nothing of its later prices was readable while it played.
    market.revealedUntil = bar.ts + 1;
  }

  /**
   * Plays the bars one by one, except those whose price range (from the price before them, so a gap
   * counts) reaches none of the working orders' `levels`: nothing can fill or trigger in them, so the
   * clock jumps over them (the venue's timers fire once for the stretch) and only the last one's close
   * is played.
   */
  playAll(bars: readonly Bar[], levels: () => Decimal[]): void {
    let skipped: Bar | null = null;
    for (const bar of bars) {
      const working = levels();
      if (working.length > 0 && this.reaches(bar, working)) {
        if (skipped) this.jumpThrough(skipped);
        skipped = null;
        this.play(bar, working);
      } else {
        skipped = bar;
        this.before = bar.close;
      }
    }
    if (skipped) this.jumpThrough(skipped);
  }

  /** Brings the house's `touch` side to the replay price, when the bar leaves time for a refresh. */
  bringTouch(touch: Touch): void {
    if (this.touch === touch || this.price === null) return;
    const now = this.o.clock.now();
    if (now + this.o.refreshMs > this.barEnd) return;
    this.quote(this.price, touch, now);
    this.o.clock.advanceTo(now + this.o.refreshMs);
  }

  private jumpThrough(bar: Bar): void {
    this.o.clock.jumpTo(bar.ts);
    this.play(bar, null);
  }

  /** Whether a bar's prices as played (on the tick grid), from the price before it, reach a level. */
  private reaches(bar: Bar, levels: readonly Decimal[]): boolean {
    const grid = (p: Decimal) => onTickGrid(p, this.o.instrument);
    let low = grid(bar.low);
    let high = grid(bar.high);
    const before = this.before === null ? null : grid(this.before);
    if (before !== null) {
      if (decimal.cmp(before, low) < 0) low = before;
      if (decimal.cmp(before, high) > 0) high = before;
    }
    return levels.some((l) => decimal.cmp(l, low) >= 0 && decimal.cmp(l, high) <= 0);
  }

  /**
   * Quotes one tick wide with `touch` at the price: "ask" (bid a tick below) lets buy orders meet the
   * price, "bid" (ask a tick above) sell orders. Played as a one-level book snapshot, so the venue's
   * picture of the reference market is exactly this quote (no levels left over from earlier prices).
   */
  private quote(price: Price, touch: Touch, ts: Timestamp): void {
    const { instrument, market } = this.o;
    const tick = instrument.tickSize;
    const below = decimal.sub(price, tick);
    const bid = touch === 'bid' ? price : decimal.cmp(below, '0' as Decimal) > 0 ? below : null;
    const ask = touch === 'ask' ? price : decimal.add(price, tick);
    const size = fromSteps(HOUSE_LOTS, instrument.lotSize);
    const common = { instrument: instrument.id, source: REPLAY_SOURCE, ts };
    market.emit({
      ...common,
      type: 'l2.snapshot',
      seq: ++this.bookSeq,
      bids: bid === null ? [] : [{ price: bid, size }],
      asks: [{ price: ask, size }],
    });
    market.remember({
      ...common,
      type: 'quote',
      bid,
      bidSize: bid === null ? null : size,
      ask,
      askSize: size,
    });
    this.touch = touch;
  }
}
