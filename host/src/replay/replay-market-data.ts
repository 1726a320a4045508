import {
  type Bar,
  type Disposable,
  type InstrumentId,
  type MarketDataMessage,
  type MarketDataReader,
  type Quote,
  type Timeframe,
  type Timestamp,
  toDisposable,
} from '@qmo/sdk';
import type { HostBars } from './replay-session.js';

/** The source id of the messages a replay session plays to its venue. */
export const REPLAY_SOURCE = 'replay';

/**
 * The market as a replay session's sandboxed venue sees it: the session's instrument only, the
 * quotes and trades the session plays, and stored bars cut at the revealed time — nothing after the
 * cursor can be read through it.
 */
export class ReplayMarketData implements MarketDataReader {
  private readonly handlers = new Set<(message: MarketDataMessage) => void>();
  private last: Quote | null = null;
  /** Bars opening before this instant may be read. */
  revealedUntil: Timestamp;

  constructor(
    private readonly instrument: InstrumentId,
    private readonly readBars: HostBars,
    revealedUntil: Timestamp,
  ) {
    this.revealedUntil = revealedUntil;
  }

  subscribe(instrument: InstrumentId, handler: (message: MarketDataMessage) => void): Disposable {
    if (instrument !== this.instrument) return toDisposable(() => {});
    this.handlers.add(handler);
    return toDisposable(() => void this.handlers.delete(handler));
  }

  lastQuote(instrument: InstrumentId): Quote | null {
    return instrument === this.instrument ? this.last : null;
  }

  activeSource(instrument: InstrumentId): string | null {
    return instrument === this.instrument && this.last ? REPLAY_SOURCE : null;
  }

  async bars(
    instrument: InstrumentId,
    tf: Timeframe,
    range: { from: Timestamp; to: Timestamp },
  ): Promise<Bar[]> {
    if (instrument !== this.instrument) return [];
    const to = Math.min(range.to, this.revealedUntil);
    if (to <= range.from) return [];
    return this.readBars(instrument, tf, { from: range.from, to });
  }

  /** Plays one message to the subscribers (the venue's house liquidity follows it). */
  emit(message: MarketDataMessage): void {
    if (message.type === 'quote') this.last = message;
    for (const handler of [...this.handlers]) handler(message);
  }

  /** The top of book `lastQuote` answers (the book itself is played as snapshots). */
  remember(quote: Quote): void {
    this.last = quote;
  }

  dispose(): void {
    this.handlers.clear();
  }
}
