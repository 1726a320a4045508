import type { IndicatorPoint, RunnerBar } from '@qmo/sdk';
import type { Candle } from './candles.js';

/**
 * The chart's candles as indicator input. Live, every candle but the last is closed and the last one
 * is still forming — even past its period's end, until the next candle exists, since late trades may
 * still change it; in replay only candles closed by `asOf` exist, so nothing later (and no forming
 * candle) reaches an indicator.
 */
export function runnerBars(candles: readonly Candle[], tfMs: number, asOf: number | null): RunnerBar[] {
  const out: RunnerBar[] = [];
  const last = candles.length - 1;
  candles.forEach((c, i) => {
    const time = c.time * 1000;
    if (asOf !== null && time + tfMs > asOf) return;
    out.push({
      time,
      open: c.open,
      high: c.high,
      low: c.low,
      close: c.close,
      volume: c.volume,
      closed: asOf !== null || i < last,
    });
  });
  return out;
}

/** Replaces the points from the first tail point's time on with the tail (in place, from the end). */
export function mergeTail(points: IndicatorPoint[], tail: readonly IndicatorPoint[]): void {
  const first = tail[0];
  if (!first) return;
  while (points.length && (points[points.length - 1] as IndicatorPoint).time >= first.time) points.pop();
  for (const p of tail) points.push(p);
}
