import type { ChartTimeframe } from '../state/chart-prefs.svelte.js';

/** Bucket sizes (mirrors the SDK's TIMEFRAME_MS; the UI may not import SDK runtime code). */
export const TIMEFRAME_MS_UI: Record<ChartTimeframe, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};
