import type { IndicatorBar } from '@qmo/sdk';
import type { AstroEvent, EventSource } from '../src/index.js';
import { EventFeed } from '../src/index.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Every event of `sources` in [from, to]. */
export function eventsBetween(from: number, to: number, ...sources: EventSource[]): AstroEvent[] {
  return [...new EventFeed(from, sources).upTo(to)];
}

/** The first event of `kind` whose label contains `text`, between `from` and `to`. */
export function findEvent(events: readonly AstroEvent[], kind: string, text = ''): AstroEvent {
  const found = events.find((e) => e.kind === kind && e.label.includes(text));
  if (!found) throw new Error(`no ${kind} event labelled "${text}" among ${events.length}`);
  return found;
}

/** |actual − expected| in minutes. */
export function minutesOff(actual: number, expectedIso: string): number {
  return Math.abs(actual - Date.parse(expectedIso)) / MINUTE;
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

/** A seeded random walk of OHLCV bars, one every `spacing` ms from `start`. */
export function walkBars(
  count: number,
  start: number,
  spacing: number,
  seed = 1,
  level = 100,
): IndicatorBar[] {
  const random = mulberry32(seed);
  const bars: IndicatorBar[] = [];
  let close = level;
  for (let i = 0; i < count; i++) {
    const open = close;
    close = Math.max(1, open * (1 + (random() - 0.5) * 0.02));
    const high = Math.max(open, close) * (1 + random() * 0.005);
    const low = Math.min(open, close) * (1 - random() * 0.005);
    bars.push({ time: start + i * spacing, open, high, low, close, volume: 100 });
  }
  return bars;
}
