import { bucketStart, TIMEFRAME_MS, type Timeframe } from '@qmo/sdk';

/** Bars per window period: an assessment sees between one and two periods of closed bars. */
export const WINDOW_BARS = 500;

/**
 * The closed bars an assessment at `asOf` is computed over: open times in [from, to). `to` is the
 * start of the bar forming at `asOf`, so every bar in the window had closed by then (no look-ahead).
 * `from` is anchored to multiples of the period, so an assessment made live bar after bar and one
 * recomputed later for the same `asOf` start their indicators on the same bar and agree exactly.
 */
export function windowOf(
  asOf: number,
  tf: Timeframe,
  windowBars = WINDOW_BARS,
): { from: number; to: number } {
  const to = bucketStart(asOf, tf);
  const period = TIMEFRAME_MS[tf] * windowBars;
  const from = Math.max(0, Math.floor(to / period) * period - period);
  return { from, to };
}
