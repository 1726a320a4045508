import type { IndicatorBar } from '../plugin/kinds/indicator.js';

const MINUTE = 60_000;

/** One bar's shape relative to the one before, as a property-based generator draws it. */
export interface BarStep {
  open: number;
  close: number;
  /** How far the high reaches above max(open, close), in price. */
  up: number;
  /** How far the low reaches below min(open, close), as a fraction of it (0 ≤ down < 1). */
  down: number;
  /** Milliseconds since the previous bar's time (the first bar's since `start`). */
  gap: number;
  /** Default 1. */
  volume?: number;
}

/**
 * Bars from steps: times `start + gap₁`, `+ gap₂`, …; `high = max(open, close) + up`,
 * `low = min(open, close) × (1 − down)`, so high ≥ open, close ≥ low whatever the steps are.
 * With fast-check: `fc.array(fc.record({ open, close, up, down, gap })).map((s) => barsFromSteps(s, start))`.
 */
export function barsFromSteps(steps: readonly BarStep[], start: number): IndicatorBar[] {
  let time = start;
  return steps.map((s) => {
    time += s.gap;
    const high = Math.max(s.open, s.close) + s.up;
    const low = Math.min(s.open, s.close) * (1 - s.down);
    return { time, open: s.open, high, low, close: s.close, volume: s.volume ?? 1 };
  });
}

/** Mulberry32: a small seeded generator of numbers in [0, 1), the same on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface RandomWalkOptions {
  /** Default 1: the same seed gives the same bars. */
  seed?: number;
  /** Time of the first bar, epoch ms (default 2026-01-05 00:00 UTC, a Monday). */
  start?: number;
  /** Milliseconds between bars (default one minute). */
  interval?: number;
  /** The first open (default 100). */
  level?: number;
  /** A fixed volume for every bar; default: drawn in 100–1000. */
  volume?: number;
}

/**
 * A seeded random walk of OHLCV bars: each close moves up to ±1 % from the open (never below 1),
 * the high and low reach up to 0.5 % beyond; each open is the previous close.
 */
export function randomWalkBars(count: number, options: RandomWalkOptions = {}): IndicatorBar[] {
  const { seed = 1, start = Date.UTC(2026, 0, 5), interval = MINUTE, level = 100 } = options;
  const random = seededRandom(seed);
  const bars: IndicatorBar[] = [];
  let close = level;
  for (let i = 0; i < count; i++) {
    const open = close;
    close = Math.max(1, open * (1 + (random() - 0.5) * 0.02));
    const high = Math.max(open, close) * (1 + random() * 0.005);
    const low = Math.min(open, close) * (1 - random() * 0.005);
    const volume = options.volume ?? Math.round(100 + random() * 900);
    bars.push({ time: start + i * interval, open, high, low, close, volume });
  }
  return bars;
}
