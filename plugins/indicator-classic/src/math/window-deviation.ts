import { RingBuffer } from './ring-buffer.js';

export interface MeanDeviation {
  mean: number;
  /** Population standard deviation (divides by the period, as Bollinger and most charting tools do). */
  deviation: number;
}

/**
 * Mean and population standard deviation of the last `period` values in O(1).
 * Sums are kept of (x − shift) and (x − shift)², with `shift` near the window's mean, so the
 * variance does not suffer from cancellation at large price levels; the sums are recomputed from
 * the window once every `period` values (amortised O(1)) so drift cannot build up.
 */
export class WindowDeviation {
  private readonly window: RingBuffer;
  private shift = 0;
  private sum = 0;
  private sumSquares = 0;
  private sinceResync = 0;

  constructor(readonly period: number) {
    this.window = new RingBuffer(period);
  }

  step(value: number, commit: boolean): MeanDeviation | null {
    const full = this.window.full;
    const shift = this.window.length === 0 ? value : this.shift;
    const d = value - shift;
    let sum = this.sum + d;
    let sumSquares = this.sumSquares + d * d;
    if (full) {
      const e = this.window.oldest() - shift;
      sum -= e;
      sumSquares -= e * e;
    }
    const count = full ? this.period : this.window.length + 1;
    if (commit) {
      this.window.push(value);
      this.shift = shift;
      this.sum = sum;
      this.sumSquares = sumSquares;
      if (++this.sinceResync >= this.period) this.resync();
    }
    if (count < this.period) return null;
    const m = sum / this.period;
    return { mean: shift + m, deviation: Math.sqrt(Math.max(0, sumSquares / this.period - m * m)) };
  }

  private resync(): void {
    const n = this.window.length;
    let total = 0;
    for (let i = 0; i < n; i++) total += this.window.at(i);
    const shift = total / n;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < n; i++) {
      const d = this.window.at(i) - shift;
      sum += d;
      sumSquares += d * d;
    }
    this.shift = shift;
    this.sum = sum;
    this.sumSquares = sumSquares;
    this.sinceResync = 0;
  }
}
