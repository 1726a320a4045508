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
