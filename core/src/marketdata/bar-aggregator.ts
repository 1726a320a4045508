import { type Bar, bucketStart, type Decimal, dec, decimal, type InstrumentId, type Trade } from '@qmo/sdk';

/**
 * Builds 1-minute bars from the trades of each instrument's active source.
 * `onBar` receives the forming bar after every trade (closed=false) and each bar once closed.
 */
export class BarAggregator {
  private readonly forming = new Map<InstrumentId, Bar>();
  /** Open time of each instrument's last closed bar: a trade of that minute or earlier is late. */
  private readonly lastClosed = new Map<InstrumentId, number>();

  constructor(private readonly onBar: (bar: Bar) => void) {}

  addTrade(trade: Trade): void {
    const ts = bucketStart(trade.ts, '1m');
    const current = this.forming.get(trade.instrument);
    if (current && ts > current.ts) this.close(trade.instrument);
    const bar = this.forming.get(trade.instrument);
    if (bar && ts < bar.ts) return; // a late trade of a bar already closed
    if (!bar && ts <= (this.lastClosed.get(trade.instrument) ?? Number.NEGATIVE_INFINITY)) return; // ditto, closed by the clock
    const next: Bar = bar
      ? {
          ...bar,
          source: trade.source,
          high: max(bar.high, trade.price),
          low: min(bar.low, trade.price),
          close: trade.price,
          volume: decimal.add(bar.volume, trade.size),
        }
      : {
          type: 'bar',
          tf: '1m',
          instrument: trade.instrument,
          source: trade.source,
          ts,
          open: trade.price,
          high: trade.price,
          low: trade.price,
          close: trade.price,
          volume: dec(trade.size),
          closed: false,
        };
    this.forming.set(trade.instrument, next);
    this.onBar(next);
  }

  /** Closes every bar whose minute has ended by `now`. */
  closeDue(now: number): void {
    const current = bucketStart(now, '1m');
    for (const [instrument, bar] of this.forming) if (bar.ts < current) this.close(instrument);
  }

  forming1m(instrument: InstrumentId): Bar | undefined {
    return this.forming.get(instrument);
  }

  private close(instrument: InstrumentId): void {
    const bar = this.forming.get(instrument);
    if (!bar) return;
    this.forming.delete(instrument);
    this.lastClosed.set(instrument, bar.ts);
    this.onBar({ ...bar, closed: true });
  }
}

const max = (a: Decimal, b: Decimal): Decimal => (decimal.cmp(a, b) >= 0 ? a : b);
const min = (a: Decimal, b: Decimal): Decimal => (decimal.cmp(a, b) <= 0 ? a : b);
