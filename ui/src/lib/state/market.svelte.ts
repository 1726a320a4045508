import type { L2Snapshot, Quote, SourceChange, Trade } from '@qmo/sdk';

/** Live market data of the selected instrument. */
class MarketState {
  instrument = $state<string | null>(null);
  quote = $state.raw<Quote | null>(null);
  book = $state.raw<L2Snapshot | null>(null);
  lastTrade = $state.raw<Trade | null>(null);
  /** The source feeding the instrument now, as the host last reported it. */
  source = $state<string | null>(null);
  lastChange = $state.raw<SourceChange | null>(null);

  reset(instrument: string | null, activeSource: string | null): void {
    this.instrument = instrument;
    this.quote = null;
    this.book = null;
    this.lastTrade = null;
    this.source = activeSource;
    this.lastChange = null;
  }

  onQuote(q: Quote): void {
    if (q.instrument !== this.instrument) return;
    this.quote = q;
    this.source = q.source;
  }

  onBook(b: L2Snapshot): void {
    if (b.instrument !== this.instrument) return;
    this.book = b;
    this.source = b.source;
  }

  onTrade(t: Trade): void {
    if (t.instrument === this.instrument) this.lastTrade = t;
  }

  onSource(change: SourceChange): void {
    if (change.instrument !== this.instrument) return;
    this.lastChange = change;
    this.source = change.to;
    // Quotes and depth from the previous source no longer describe the market.
    if (this.quote && this.quote.source !== change.to) this.quote = null;
    if (this.book && this.book.source !== change.to) this.book = null;
  }
}

export const market = new MarketState();
