import type { IndicatorBar } from '@qmo/sdk';

export interface PriceRange {
  low: number;
  high: number;
}

/** Lowest low and highest high of every bar so far, the current one included. */
export class RunningRange {
  private low = Number.POSITIVE_INFINITY;
  private high = Number.NEGATIVE_INFINITY;

  step(bar: IndicatorBar, commit: boolean): PriceRange {
    const low = Math.min(this.low, bar.low);
    const high = Math.max(this.high, bar.high);
    if (commit) {
      this.low = low;
      this.high = high;
    }
    return { low, high };
  }
}

/** Lowest low and highest high of the last `length` bars, the current one included (monotonic queues). */
export class RollingRange {
  private readonly lows: { index: number; value: number }[] = [];
  private readonly highs: { index: number; value: number }[] = [];
  private index = 0;

  constructor(private readonly length: number) {}

  step(bar: IndicatorBar, commit: boolean): PriceRange {
    const first = this.index - this.length + 1;
    const range = {
      low: Math.min(bar.low, RollingRange.front(this.lows, first)),
      high: Math.max(bar.high, -RollingRange.front(this.highs, first)),
    };
    if (commit) {
      RollingRange.push(this.lows, this.index, bar.low, first);
      RollingRange.push(this.highs, this.index, -bar.high, first);
      this.index++;
    }
    return range;
  }

  /** The least value of the queue with index ≥ first, +∞ when none. */
  private static front(queue: readonly { index: number; value: number }[], first: number): number {
    for (const entry of queue) if (entry.index >= first) return entry.value;
    return Number.POSITIVE_INFINITY;
  }

  private static push(
    queue: { index: number; value: number }[],
    index: number,
    value: number,
    first: number,
  ): void {
    while (queue.length > 0 && (queue[queue.length - 1] as { value: number }).value >= value) queue.pop();
    queue.push({ index, value });
    while (queue.length > 0 && (queue[0] as { index: number }).index < first) queue.shift();
  }
}
