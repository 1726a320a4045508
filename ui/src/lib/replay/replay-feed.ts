import type { Bar } from '@qmo/sdk';
import { api } from '../api/endpoints.js';
import { barToCandle, type Candle, normalizeCandles } from '../chart/candles.js';
import { TIMEFRAME_MS_UI } from '../chart/timeframes.js';
import type { ChartTimeframe } from '../state/chart-prefs.svelte.js';

/** Bars before the start shown for context (the cursor never goes back past the start). */
export const CONTEXT_BARS = 300;
/** The most bars a replay loads: the API's maximum (69 days of 1-minute bars). */
export const MAX_REPLAY_BARS = 100_000;

export interface ReplayBuffer {
  candles: Candle[];
  /** Index of the start bar: the last bar opening at or before the time picked. */
  start: number;
}

/** Closed bars only: a bar still forming (or whose bucket has not ended) is not replayed. */
export function closedCandles(bars: readonly Bar[], tfMs: number, now: number): Candle[] {
  const closed = bars.filter((b) => b.closed && Math.floor(b.ts / tfMs) * tfMs + tfMs <= now);
  return normalizeCandles(closed.map((b) => barToCandle(b, tfMs)));
}

/** Index of the last candle opening at or before `timeMs` (0 when every candle is later). */
export function startIndex(candles: readonly Candle[], timeMs: number): number {
  let index = 0;
  for (let i = 0; i < candles.length; i++) {
    if ((candles[i] as Candle).time * 1000 > timeMs) break;
    index = i;
  }
  return index;
}

/** The candles from a little before `startMs` up to the latest closed bar. */
export async function loadReplay(
  instrument: string,
  tf: ChartTimeframe,
  startMs: number,
  signal: AbortSignal,
): Promise<ReplayBuffer> {
  const tfMs = TIMEFRAME_MS_UI[tf];
  const now = Date.now();
  const from = Math.max(0, Math.floor(startMs / tfMs) * tfMs - CONTEXT_BARS * tfMs);
  const res = await api.bars(instrument, { tf, from, to: now, limit: MAX_REPLAY_BARS }, signal);
  const candles = closedCandles(res.bars, tfMs, now);
  return { candles, start: startIndex(candles, startMs) };
}
