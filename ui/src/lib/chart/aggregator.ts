import type { Bar } from '@qmo/sdk';
import type { Candle } from './candles.js';
import { msToChartTime } from './candles.js';

interface Minute {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  closeText: string;
}

interface Bucket {
  start: number;
  /** The candle the history gave for this bucket, if any. */
  base: Candle | null;
  /** True when `minutes` hold every minute of the bucket so far (their volumes add up to the bucket's). */
  covered: boolean;
  /** Without coverage: minutes up to this time are already inside `base`'s volume. */
  baseUntil: number;
  /** Per-minute bars by open time: a re-sent forming minute replaces itself instead of adding up. */
  minutes: Map<number, Minute>;
}

export interface CandleUpdate {
  candle: Candle;
  /** The candle is older than the newest one (a late close of the previous bucket). */
  historical: boolean;
}

/** How many buckets back a late minute may still land. */
const KEPT_BUCKETS = 2;

function toMinute(bar: Bar): Minute {
  return {
    ts: bar.ts,
    open: Number(bar.open),
    high: Number(bar.high),
    low: Number(bar.low),
    close: Number(bar.close),
    volume: Number(bar.volume),
    closeText: bar.close,
  };
}

/**
 * Merges live 1-minute bars into candles of the chart's timeframe:
 * bucket = floor(ts / tf) · tf, open from the first minute, high/low the extremes,
 * close from the latest minute, volume the sum over distinct minutes.
 */
export class CandleAggregator {
  private readonly buckets = new Map<number, Bucket>();
  private newest = Number.NEGATIVE_INFINITY;

  constructor(private readonly tfMs: number) {}

  /**
   * Starts from the last history candle. `minutes` are the 1-minute bars already inside its bucket
   * when they could be fetched (then volumes are exact); `null` when not, then minutes up to
   * `fetchedAt` are taken as already counted in the candle.
   */
  seed(last: Candle | null, minutes: readonly Bar[] | null, fetchedAt: number): void {
    this.buckets.clear();
    this.newest = Number.NEGATIVE_INFINITY;
    if (!last) return;
    const start = last.time * 1000;
    const bucket: Bucket = {
      start,
      base: last,
      covered: minutes !== null && minutes.length > 0,
      baseUntil: Math.floor(fetchedAt / 60_000) * 60_000,
      minutes: new Map(),
    };
    for (const bar of minutes ?? []) {
      if (this.bucketOf(bar.ts) === start) bucket.minutes.set(bar.ts, toMinute(bar));
    }
    this.buckets.set(start, bucket);
    this.newest = start;
  }

  /** Applies a live 1-minute bar; returns the candle to draw, or null when the bar is too old to matter. */
  apply(bar: Bar): CandleUpdate | null {
    if (bar.tf && bar.tf !== '1m') return null;
    const start = this.bucketOf(bar.ts);
    let bucket = this.buckets.get(start);
    if (!bucket) {
      if (start < this.newest) return null;
      bucket = { start, base: null, covered: true, baseUntil: start - 1, minutes: new Map() };
      this.buckets.set(start, bucket);
      this.newest = start;
      this.prune();
    }
    bucket.minutes.set(bar.ts, toMinute(bar));
    return { candle: this.compute(bucket), historical: start < this.newest };
  }

  private bucketOf(ts: number): number {
    return Math.floor(ts / this.tfMs) * this.tfMs;
  }

  private prune(): void {
    const starts = [...this.buckets.keys()].sort((a, b) => b - a);
    for (const start of starts.slice(KEPT_BUCKETS)) this.buckets.delete(start);
  }

  private compute(bucket: Bucket): Candle {
    const minutes = [...bucket.minutes.values()].sort((a, b) => a.ts - b.ts);
    const base = bucket.base;
    const first = minutes[0];
    const last = minutes[minutes.length - 1];
    if (!first || !last) {
      if (base) return base;
      throw new Error('empty bucket');
    }
    let high = base ? base.high : first.high;
    let low = base ? base.low : first.low;
    let summed = 0;
    let after = 0;
    for (const m of minutes) {
      if (m.high > high) high = m.high;
      if (m.low < low) low = m.low;
      summed += m.volume;
      if (m.ts > bucket.baseUntil) after += m.volume;
    }
    const baseVolume = base?.volume ?? 0;
    const volume = bucket.covered ? Math.max(baseVolume, summed) : baseVolume + after;
    return {
      time: msToChartTime(bucket.start),
      open: base ? base.open : first.open,
      high,
      low,
      close: last.close,
      volume,
      closeText: last.closeText,
    };
  }
}
