import type { Bar } from '@qmo/sdk';
import type { InstrumentMarket } from './instrument-market.js';
import { MINUTE_MS, MINUTES_PER_DAY } from './price-path.js';

/** The path's closed 1-minute bars with open time in [from, to), oldest first. */
export function pathBars(market: InstrumentMarket, source: string, from: number, to: number): Bar[] {
  const bars: Bar[] = [];
  const instrument = market.instrument.id;
  const end = Math.ceil(to / MINUTE_MS);
  let minute = Math.ceil(from / MINUTE_MS);
  while (minute < end) {
    const day = Math.floor(minute / MINUTES_PER_DAY);
    const chunk = market.path.day(day);
    const stop = Math.min(end, (day + 1) * MINUTES_PER_DAY);
    for (let i = minute - day * MINUTES_PER_DAY; minute < stop; minute++, i++) {
      bars.push({
        type: 'bar',
        instrument,
        source,
        ts: minute * MINUTE_MS,
        tf: '1m',
        open: market.price(chunk.open[i]!),
        high: market.price(chunk.high[i]!),
        low: market.price(chunk.low[i]!),
        close: market.price(chunk.close[i]!),
        volume: market.size(chunk.volume[i]!),
        closed: true,
      });
    }
  }
  return bars;
}
