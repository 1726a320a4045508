import type { IndicatorBar, Ray } from '@qmo/sdk';

export const MINUTE = 60_000;
export const DAY = 86_400_000;
/** 2026-01-05 00:00 UTC, a Monday. */
export const SESSION = Date.UTC(2026, 0, 5);

/** One bar a `step` ms from `start`, with the given highs and lows (open = close = mid). */
export function rangeBars(
  ranges: readonly [high: number, low: number][],
  step = MINUTE,
  start = SESSION,
): IndicatorBar[] {
  return ranges.map(([high, low], i) => {
    const mid = (high + low) / 2;
    return { time: start + i * step, open: mid, high, low, close: mid, volume: 1 };
  });
}

/** Bars with only a close (open = high = low = close), one every `step` ms from `start`. */
export function closesToBars(closes: readonly number[], step = MINUTE, start = SESSION): IndicatorBar[] {
  return closes.map((close, i) => ({
    time: start + i * step,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1,
  }));
}

/** The price of a ray's line at `time`. */
export function priceOnRay(ray: Ray, time: number): number {
  const slope = (ray.through.price - ray.anchor.price) / (ray.through.time - ray.anchor.time);
  return ray.anchor.price + slope * (time - ray.anchor.time);
}

/** The slope of a ray in price per ms. */
export function slopeOf(ray: Ray): number {
  return (ray.through.price - ray.anchor.price) / (ray.through.time - ray.anchor.time);
}
