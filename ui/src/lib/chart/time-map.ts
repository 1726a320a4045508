/**
 * Maps epoch-ms times to the chart's logical bar index and back. Times between candles are
 * interpolated; times outside the data (future cycles, old anchors) are extrapolated by the
 * timeframe, so drawings can sit where no candle exists.
 */
export class TimeMap {
  /** Candle open times, epoch ms, ascending. */
  private times: number[] = [];
  private tfMs = 60_000;

  reset(timesMs: readonly number[], tfMs: number): void {
    this.times = [...timesMs];
    this.tfMs = tfMs;
  }

  /** Keeps the map in step with a live candle (append or replace the last). */
  upsert(timeMs: number): void {
    const last = this.times[this.times.length - 1];
    if (last === undefined || timeMs > last) this.times.push(timeMs);
  }

  get length(): number {
    return this.times.length;
  }

  get lastTime(): number | null {
    return this.times[this.times.length - 1] ?? null;
  }

  toLogical(timeMs: number): number | null {
    const t = this.times;
    const n = t.length;
    const first = t[0];
    const last = t[n - 1];
    if (first === undefined || last === undefined) return null;
    if (timeMs <= first) return (timeMs - first) / this.tfMs;
    if (timeMs >= last) return n - 1 + (timeMs - last) / this.tfMs;
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((t[mid] as number) <= timeMs) lo = mid;
      else hi = mid;
    }
    const a = t[lo] as number;
    const b = t[hi] as number;
    // Inside a gap (weekend, halt) keep the point on its bar rather than spreading it across the gap.
    return lo + Math.min(1, (timeMs - a) / Math.min(b - a, this.tfMs));
  }

  toTime(logical: number): number | null {
    const t = this.times;
    const n = t.length;
    const first = t[0];
    const last = t[n - 1];
    if (first === undefined || last === undefined) return null;
    if (logical <= 0) return first + logical * this.tfMs;
    if (logical >= n - 1) return last + (logical - (n - 1)) * this.tfMs;
    const lo = Math.floor(logical);
    const a = t[lo] as number;
    const b = t[lo + 1] as number;
    return a + (logical - lo) * Math.min(b - a, this.tfMs);
  }
}
