import { RingBuffer } from './ring-buffer.js';

/**
 * Mean of the last `period` values in O(1): a running sum, recomputed from the window once every
 * `period` values so floating-point drift cannot build up (amortised O(1)).
 * `step(x, false)` answers what `step(x, true)` would, without changing anything.
 */
export class SimpleAverage {
  private readonly window: RingBuffer;
  private sum = 0;
  private sinceResync = 0;

  constructor(readonly period: number) {
    this.window = new RingBuffer(period);
  }

  step(value: number, commit: boolean): number | null {
    const full = this.window.full;
    const sum = this.sum + value - (full ? this.window.oldest() : 0);
    const count = full ? this.period : this.window.length + 1;
    if (commit) {
      this.window.push(value);
      this.sum = sum;
      if (++this.sinceResync >= this.period) this.resync();
    }
    return count === this.period ? sum / this.period : null;
  }

  private resync(): void {
    let sum = 0;
    for (let i = 0; i < this.window.length; i++) sum += this.window.at(i);
    this.sum = sum;
    this.sinceResync = 0;
  }
}
