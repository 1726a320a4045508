import type { Bar } from '@qmo/sdk';

/** A candle as the chart draws it: time in seconds, prices as floats (display only). */
export interface Candle {
  /** Open time, epoch seconds (the chart's UTCTimestamp). */
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** The close exactly as the API sent it. */
  closeText: string;
}

export const msToChartTime = (ms: number): number => Math.floor(ms / 1000);
export const chartTimeToMs = (seconds: number): number => seconds * 1000;

export function barToCandle(bar: Bar, tfMs?: number): Candle {
  const ts = tfMs ? Math.floor(bar.ts / tfMs) * tfMs : bar.ts;
  return {
    time: msToChartTime(ts),
    open: Number(bar.open),
    high: Number(bar.high),
    low: Number(bar.low),
    close: Number(bar.close),
    volume: Number(bar.volume),
    closeText: bar.close,
  };
}

/** Sorted by time with one candle per time (the later one wins): what `setData` requires. */
export function normalizeCandles(candles: readonly Candle[]): Candle[] {
  const byTime = new Map<number, Candle>();
  for (const c of candles) byTime.set(c.time, c);
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}
