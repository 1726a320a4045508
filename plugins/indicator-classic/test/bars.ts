import type { IndicatorBar, IndicatorOutput } from '@qmo/sdk';

export const MINUTE = 60_000;
export const DAY = 86_400_000;
/** 2026-01-05 00:00 UTC: a session start. */
export const SESSION = Date.UTC(2026, 0, 5);

/** Bars with only a close (open = high = low = close), one a minute from `start`. */
export function closesToBars(closes: readonly number[], start = SESSION): IndicatorBar[] {
  return closes.map((close, i) => ({
    time: start + i * MINUTE,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1,
  }));
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A seeded random-walk series of 1-minute OHLCV bars starting at a UTC day start. */
export function seededBars(count: number, seed = 1, start = SESSION, level = 100): IndicatorBar[] {
  const random = mulberry32(seed);
  const bars: IndicatorBar[] = [];
  let close = level;
  for (let i = 0; i < count; i++) {
    const open = close;
    close = Math.max(1, open * (1 + (random() - 0.5) * 0.02));
    const high = Math.max(open, close) * (1 + random() * 0.005);
    const low = Math.min(open, close) * (1 - random() * 0.005);
    bars.push({ time: start + i * MINUTE, open, high, low, close, volume: Math.round(100 + random() * 900) });
  }
  return bars;
}

/** The numbers of one line output, null while warming up. */
export function line(outputs: readonly IndicatorOutput[], key: string): (number | null)[] {
  return outputs.map((o) => o[key] as number | null);
}

/** |a − b| ≤ tolerance × max(1, |b|). */
export function expectClose(
  actual: number | null | undefined,
  expected: number,
  tolerance = 1e-9,
  context = '',
): void {
  if (
    actual === null ||
    actual === undefined ||
    !(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)))
  ) {
    throw new Error(`${context}: ${actual} differs from ${expected} by more than ${tolerance} relative`);
  }
}
