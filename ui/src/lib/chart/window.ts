import type { BarWindow } from '../api/endpoints.js';
import type { ChartTimeframe } from '../state/chart-prefs.svelte.js';
import { TIMEFRAME_MS_UI } from './timeframes.js';

/** Candles asked for per load. */
export const HISTORY_BARS = 1500;

/** The last `count` buckets of `tf` up to `now` (the forming one included). */
export function recentWindow(tf: ChartTimeframe, now: number, count = HISTORY_BARS): BarWindow {
  const size = TIMEFRAME_MS_UI[tf];
  const current = Math.floor(now / size) * size;
  return { tf, from: current - (count - 1) * size, to: now, limit: count };
}
