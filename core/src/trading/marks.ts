import {
  big,
  type Disposable,
  dec,
  type InstrumentId,
  type MarketDataReader,
  type Price,
  type QmoEvents,
} from '@qmo/sdk';
import type { EventBus } from '../bus/event-bus.js';

/**
 * Reference prices for P&L and risk: the last trade of the instrument's active source, else the
 * mid of its last quote (both sides needed), else none.
 */
export class Marks {
  private readonly lastTrades = new Map<InstrumentId, Price>();

  constructor(private readonly reader: Pick<MarketDataReader, 'lastQuote'> | undefined) {}

  /** Follows trades on the bus (the market-data manager publishes only each instrument's active source). */
  follow(bus: EventBus<QmoEvents>): Disposable {
    return bus.on('marketdata.trade', (trade) => this.lastTrades.set(trade.instrument, trade.price));
  }

  mark(instrument: InstrumentId): Price | null {
    const trade = this.lastTrades.get(instrument);
    if (trade !== undefined) return trade;
    const quote = this.reader?.lastQuote(instrument);
    if (!quote || quote.bid === null || quote.ask === null) return null;
    return dec(big(quote.bid).plus(quote.ask).div(2));
  }

  /** Marks of the given instruments that are known. */
  marks(instruments: Iterable<InstrumentId>): Record<InstrumentId, Price> {
    const out: Record<InstrumentId, Price> = {};
    for (const id of instruments) {
      const m = this.mark(id);
      if (m !== null) out[id] = m;
    }
    return out;
  }
}
